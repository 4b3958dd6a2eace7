/* SPDX-License-Identifier: MIT */
/* Private to fs/procfs: node types shared by procfs.c (tree) and proc_show.c (contents). */
#ifndef FS_PROCFS_INTERNAL_H
#define FS_PROCFS_INTERNAL_H
#include <stddef.h>
#include <stdint.h>

struct dentry;
struct file;
struct task;

enum ptype {
	P_ROOT_DIR = 1, P_PID_DIR, P_TID_DIR, P_TASK_DIR, P_FD_DIR, P_FDINFO_DIR, P_SYS_DIR, P_SYS_KERNEL_DIR,
	P_SYS_VM_DIR, P_NS_DIR,
	P_SELF, P_THREAD_SELF, P_MOUNTS_LINK, P_FD, P_EXE, P_CWD, P_ROOT, P_NS,
	P_MEMINFO, P_CPUINFO, P_UPTIME, P_LOADAVG, P_STAT_GLOBAL, P_VERSION, P_FILESYSTEMS,
	P_STAT, P_STATUS, P_CMDLINE, P_COMM, P_ENVIRON, P_MAPS, P_STATM, P_AUXV, P_LIMITS, P_MOUNTS,
	P_MOUNTINFO, P_FDINFO,
	P_HOSTNAME, P_DOMAINNAME, P_OSRELEASE, P_OSTYPE, P_KVERSION, P_PIDMAX, P_NGROUPS_MAX, P_CAP_LAST_CAP,
	P_OVERCOMMIT, P_FD_OBJ, P_SMAPS, P_VMSTAT,
};

struct pentry {
	const char *name;
	int type;
	uint32_t mode;
};

struct pnode {
	int type;
	int pid, tid, fd;
	char name[16];
	struct file *file; /* P_FD_OBJ: the open file a pathless fd link leads to (referenced) */
};

/* The task a /proc/PID or /proc/PID/task/TID node is about, or NULL. */
struct task *proc_task(struct pnode *n);
const struct file_ops *proc_file_ops(void);
int proc_file_open(struct dentry *d, struct file *f, int flags);
long proc_file_read(struct file *f, void *buf, size_t n, int64_t *pos);
long proc_file_write(struct file *f, const void *buf, size_t n, int64_t *pos);
int64_t proc_file_llseek(struct file *f, int64_t off, int whence);
void proc_file_release(struct file *f);

#endif
