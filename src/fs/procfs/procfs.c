/* SPDX-License-Identifier: MIT */
/*
 * /proc: directories and links (this file) and file contents (proc_show.c).
 * Every node is made on lookup from a type and a pid/tid/fd; file contents
 * are generated when the file is opened.
 */
#include <string.h>
#include "abi/errno.h"
#include "fs/procfs/procfs.h"
#include "fs/procfs/procfs_internal.h"
#include "fs/vfs/vfs.h"
#include "kernel/task.h"
#include "lib/err.h"
#include "lib/kstd.h"
#include "lib/strbuf.h"
#include "mm/mm.h"

static const struct inode_ops proc_iops;
static const struct file_ops proc_dir_fops, proc_file_fops;

#define PID_LIMIT 32768 /* kernel/pid.c PID_MAX */
#define DIR_ (S_IFDIR_ | 0555)
#define REG_ (S_IFREG_ | 0444)
#define RW_ (S_IFREG_ | 0644)
#define LNK_ (S_IFLNK_ | 0777)

static const struct pentry root_tab[] = {
	{ "self", P_SELF, LNK_ }, { "thread-self", P_THREAD_SELF, LNK_ }, { "mounts", P_MOUNTS_LINK, LNK_ },
	{ "meminfo", P_MEMINFO, REG_ }, { "cpuinfo", P_CPUINFO, REG_ }, { "uptime", P_UPTIME, REG_ },
	{ "loadavg", P_LOADAVG, REG_ }, { "stat", P_STAT_GLOBAL, REG_ }, { "version", P_VERSION, REG_ },
	{ "filesystems", P_FILESYSTEMS, REG_ }, { "vmstat", P_VMSTAT, REG_ }, { "sys", P_SYS_DIR, DIR_ }, { NULL, 0, 0 },
};
static const struct pentry pid_tab[] = {
	{ "stat", P_STAT, REG_ }, { "status", P_STATUS, REG_ }, { "cmdline", P_CMDLINE, REG_ },
	{ "comm", P_COMM, RW_ }, { "environ", P_ENVIRON, S_IFREG_ | 0400 }, { "maps", P_MAPS, REG_ }, { "smaps", P_SMAPS, REG_ },
	{ "statm", P_STATM, REG_ }, { "auxv", P_AUXV, S_IFREG_ | 0400 }, { "limits", P_LIMITS, REG_ },
	{ "mounts", P_MOUNTS, REG_ }, { "mountinfo", P_MOUNTINFO, REG_ }, { "fd", P_FD_DIR, S_IFDIR_ | 0500 },
	{ "fdinfo", P_FDINFO_DIR, S_IFDIR_ | 0500 }, { "task", P_TASK_DIR, DIR_ }, { "exe", P_EXE, LNK_ },
	{ "cwd", P_CWD, LNK_ }, { "root", P_ROOT, LNK_ }, { "ns", P_NS_DIR, S_IFDIR_ | 0511 },
	{ NULL, 0, 0 },
};
static const struct pentry sys_tab[] = {
	{ "kernel", P_SYS_KERNEL_DIR, DIR_ }, { "vm", P_SYS_VM_DIR, DIR_ }, { NULL, 0, 0 },
};
static const struct pentry sys_kernel_tab[] = {
	{ "hostname", P_HOSTNAME, RW_ }, { "domainname", P_DOMAINNAME, RW_ },
	{ "osrelease", P_OSRELEASE, REG_ }, { "ostype", P_OSTYPE, REG_ }, { "version", P_KVERSION, REG_ },
	{ "pid_max", P_PIDMAX, RW_ }, { "ngroups_max", P_NGROUPS_MAX, REG_ },
	{ "cap_last_cap", P_CAP_LAST_CAP, REG_ }, { NULL, 0, 0 },
};
static const struct pentry sys_vm_tab[] = {
	{ "overcommit_memory", P_OVERCOMMIT, RW_ }, { NULL, 0, 0 },
};
static const struct pentry ns_tab[] = {
	{ "pid", P_NS, LNK_ }, { "mnt", P_NS, LNK_ }, { "net", P_NS, LNK_ }, { "uts", P_NS, LNK_ },
	{ "ipc", P_NS, LNK_ }, { "user", P_NS, LNK_ }, { "cgroup", P_NS, LNK_ }, { NULL, 0, 0 },
};

static const struct pentry *table_of(int dirtype)
{
	switch (dirtype) {
	case P_ROOT_DIR: return root_tab;
	case P_PID_DIR: case P_TID_DIR: return pid_tab;
	case P_SYS_DIR: return sys_tab;
	case P_SYS_KERNEL_DIR: return sys_kernel_tab;
	case P_SYS_VM_DIR: return sys_vm_tab;
	case P_NS_DIR: return ns_tab;
	}
	return NULL;
}

static void pnode_destroy(struct inode *i)
{
	struct pnode *n = i->priv;

	if (n->file)
		file_put(n->file);
	kfree(n);
}

static struct inode *pinode(struct super_block *sb, int type, uint32_t mode, int pid, int tid, int fd,
			    const char *name)
{
	struct inode *i = inode_new(sb, mode);
	struct pnode *n = kzalloc(sizeof(*n));
	struct thread_group *tg = pid ? tg_by_tgid(pid) : NULL;

	n->type = type;
	n->pid = pid;
	n->tid = tid;
	n->fd = fd;
	if (name)
		strncpy(n->name, name, sizeof(n->name) - 1);
	i->priv = n;
	i->destroy = pnode_destroy;
	i->iops = &proc_iops;
	i->fops = MODE_ISDIR(mode) ? &proc_dir_fops : &proc_file_fops;
	i->ino = ((uint64_t)pid << 16) + ((uint64_t)type << 8) + (uint64_t)(fd + 1) + (uint64_t)tid * 7919;
	if (tg) {
		i->uid = tg->cred.euid;
		i->gid = tg->cred.egid;
	}
	if (MODE_ISDIR(mode))
		i->nlink = 2;
	return i;
}

static struct pnode *pn(struct inode *i)
{
	return i->priv;
}


static int parse_num(const char *s)
{
	long v;

	if (!*s || *s == '0' || kstrtol(s, &v) < 0 || v <= 0 || v > 1 << 22)
		return -1;
	return (int)v;
}

struct task *proc_task(struct pnode *n)
{
	struct thread_group *tg;
	struct task *t;

	if (n->tid)
		return task_by_tid(n->tid);
	tg = tg_by_tgid(n->pid);
	if (!tg)
		return NULL;
	t = task_by_tid(n->pid);
	if (t && t->tg == tg)
		return t;
	return list_empty(&tg->threads) ? NULL : list_first_entry(&tg->threads, struct task, tg_link);
}

static struct inode *proc_lookup(struct inode *dir, const char *name)
{
	struct pnode *d = pn(dir);
	const struct pentry *tab = table_of(d->type);
	int num;

	if (tab) {
		for (; tab->name; tab++) {
			if (strcmp(tab->name, name))
				continue;
			if (d->type == P_TID_DIR && tab->type == P_TASK_DIR)
				break;
			return pinode(dir->sb, tab->type, tab->mode, d->pid, d->tid, -1, tab->name);
		}
	}
	num = parse_num(name);
	switch (d->type) {
	case P_ROOT_DIR:
		if (num > 0 && tg_by_tgid(num))
			return pinode(dir->sb, P_PID_DIR, DIR_, num, 0, -1, NULL);
		if (num > 0 && task_by_tid(num)) /* /proc/TID works, though it is not listed */
			return pinode(dir->sb, P_TID_DIR, DIR_, task_by_tid(num)->tg->tgid, num, -1, NULL);
		break;
	case P_TASK_DIR: {
		struct task *t = task_by_tid(num);

		if (num > 0 && t && t->tg->tgid == d->pid)
			return pinode(dir->sb, P_TID_DIR, DIR_, d->pid, num, -1, NULL);
		break;
	}
	case P_FD_DIR:
	case P_FDINFO_DIR: {
		struct task *t = proc_task(d);

		if (!strcmp(name, "0"))
			num = 0;
		if (num >= 0 && t && t->files && num < t->files->max && t->files->fd[num]) {
			struct file *f = t->files->fd[num];
			uint32_t mode = d->type == P_FD_DIR ? (S_IFLNK_ | ((f->flags & LINUX_O_ACCMODE) ==
				LINUX_O_RDONLY ? 0500 : (f->flags & LINUX_O_ACCMODE) == LINUX_O_WRONLY ? 0300 : 0700))
				: S_IFREG_ | 0400;

			return pinode(dir->sb, d->type == P_FD_DIR ? P_FD : P_FDINFO, mode, d->pid, d->tid, num, NULL);
		}
		break;
	}
	}
	return ERR_PTR(-ENOENT);
}

/* Magic links resolve to the target object's path, as seen from the reader's root. */
static int proc_get_link(struct dentry *d, void *out)
{
	struct pnode *n = pn(d->inode);
	struct path *p = out;
	struct task *t;

	switch (n->type) {
	case P_FD: case P_EXE: case P_CWD: case P_ROOT:
		break;
	default:
		return 2;
	}
	t = proc_task(n);
	if (!t)
		return -ENOENT;
	switch (n->type) {
	case P_FD: {
		struct file *f = t->files && n->fd < t->files->max ? t->files->fd[n->fd] : NULL;

		if (!f)
			return -ENOENT;
		if (!f->path.d) {
			/* A pipe, socket or stdio stream: a detached dentry that stands for the open file. */
			struct inode *i = pinode(d->inode->sb, P_FD_OBJ, f->inode ? f->inode->mode : S_IFREG_ | 0600,
						 n->pid, n->tid, n->fd, NULL);

			pn(i)->file = f;
			i->open_self = true;
			file_get(f);
			p->mnt = NULL;
			p->d = dentry_new(NULL, f->anon_name ? f->anon_name : "anon", i);
			return 0;
		}
		*p = f->path;
		break;
	}
	case P_EXE:
		if (!t->mm || !t->mm->exe || !t->mm->exe->path.d)
			return -ENOENT;
		*p = t->mm->exe->path;
		break;
	case P_CWD:
		if (!t->fs)
			return -ENOENT;
		*p = t->fs->cwd;
		break;
	case P_ROOT:
		if (!t->fs)
			return -ENOENT;
		*p = t->fs->root;
		break;
	}
	path_get(p);
	return 0;
}

static long proc_readlink(struct dentry *d, char *buf, size_t n)
{
	struct pnode *pnode = pn(d->inode);
	char tmp[4200];
	struct path p;
	int r, len;

	switch (pnode->type) {
	case P_SELF:
		len = ksnprintf(tmp, sizeof(tmp), "%d", current->tg->tgid);
		break;
	case P_THREAD_SELF:
		len = ksnprintf(tmp, sizeof(tmp), "%d/task/%d", current->tg->tgid, current->tid);
		break;
	case P_MOUNTS_LINK:
		len = ksnprintf(tmp, sizeof(tmp), "self/mounts");
		break;
	case P_NS:
		len = ksnprintf(tmp, sizeof(tmp), "%s:[%u]", pnode->name, 4026531835U + (unsigned)pnode->name[0]);
		break;
	default:
		r = proc_get_link(d, &p);
		if (r < 0)
			return r;
		if (!p.mnt) {
			struct file *f = pn(p.d->inode)->file;

			len = file_path_string(f, tmp, sizeof(tmp));
		} else {
			len = path_to_string(&p, &current->fs->root, tmp, sizeof(tmp));
		}
		path_put(&p);
		if (len < 0)
			return len;
	}
	if ((size_t)len > n)
		len = (int)n;
	memcpy(buf, tmp, (size_t)len);
	return len;
}

static int proc_getattr(struct dentry *d, struct linux_stat *st)
{
	struct inode *i = d->inode;

	memset(st, 0, sizeof(*st));
	st->st_dev = i->sb->dev;
	st->st_ino = i->ino;
	st->st_mode = i->mode;
	st->st_nlink = i->nlink;
	st->st_uid = i->uid;
	st->st_gid = i->gid;
	st->st_blksize = 1024;
	st->st_atime_sec = st->st_mtime_sec = st->st_ctime_sec = (uint64_t)(clock_realtime_ns() / 1000000000);
	if (pn(i)->type == P_FD || pn(i)->type == P_EXE)
		st->st_size = 64;
	if (pn(i)->type == P_FD_OBJ)
		return vfs_fstat(pn(i)->file, st);
	return 0;
}

static int proc_open(struct dentry *d, struct file *f, int flags)
{
	struct pnode *n = pn(d->inode);

	if (n->type == P_FD_OBJ) {
		/* Opening /proc/PID/fd/N of a pathless object (pipe, stdio) reopens it. */
		struct file *target = n->file, *nf;

		if (!target->ops || !target->ops->reopen)
			return -ENXIO;
		nf = target->ops->reopen(target, flags);
		if (!nf)
			return -ENXIO;
		file_take_over(f, nf);
		return 0;
	}
	if (MODE_ISDIR(d->inode->mode)) {
		f->ops = &proc_dir_fops;
		return 0;
	}
	return proc_file_open(d, f, flags);
}

static int proc_setattr(struct dentry *d, const struct iattr *ia)
{
	(void)d;
	(void)ia;
	return -EPERM;
}

static const struct inode_ops proc_iops = {
	.lookup = proc_lookup,
	.readlink = proc_readlink,
	.get_link_path = proc_get_link,
	.getattr = proc_getattr,
	.setattr = proc_setattr,
	.open = proc_open,
};

static long proc_getdents(struct file *f, void *buf, size_t n)
{
	struct pnode *d = pn(f->inode);
	const struct pentry *tab = table_of(d->type);
	size_t used = 0;
	int64_t idx = 0;
	char name[24];

	/*
	 * Offsets: ".", "..", then the fixed entries, then numbered entries (pids,
	 * tids, fds) at NUM_BASE + their number, so that entries closing or
	 * exiting between two getdents calls never make the reader skip others.
	 */
#define NUM_BASE 0x10000
#define EMIT(ino, type, nm)                                                             \
	do {                                                                            \
		if (idx >= f->pos) {                                                    \
			if (!dirent_emit(buf, n, &used, (ino), idx + 1, (type), (nm)))  \
				return used ? (long)used : -EINVAL;                     \
			f->pos = idx + 1;                                               \
		}                                                                       \
		idx++;                                                                  \
	} while (0)
	EMIT(f->inode->ino, LINUX_DT_DIR, ".");
	EMIT(1, LINUX_DT_DIR, "..");
	for (; tab && tab->name; tab++) {
		if (d->type == P_TID_DIR && tab->type == P_TASK_DIR)
			continue;
		EMIT(1000 + (uint64_t)tab->type, mode_to_dtype(tab->mode), tab->name);
	}
	if (d->type == P_ROOT_DIR || d->type == P_TASK_DIR) {
		/* In increasing number, from where the last call stopped. */
		int pid = f->pos > NUM_BASE ? (int)(f->pos - NUM_BASE) : 1;

		for (; pid < PID_LIMIT; pid++) {
			struct thread_group *tg = d->type == P_ROOT_DIR ? tg_by_tgid(pid) : NULL;
			struct task *t = d->type == P_TASK_DIR ? task_by_tid(pid) : NULL;

			if (d->type == P_ROOT_DIR ? !tg : !t || t->tg->tgid != d->pid)
				continue;
			ksnprintf(name, sizeof(name), "%d", pid);
			idx = NUM_BASE + pid;
			EMIT((uint64_t)pid << 16, LINUX_DT_DIR, name);
		}
	} else if (d->type == P_FD_DIR || d->type == P_FDINFO_DIR) {
		struct task *t = proc_task(d);
		int i;

		for (i = 0; t && t->files && i < t->files->max; i++) {
			if (!t->files->fd[i])
				continue;
			ksnprintf(name, sizeof(name), "%d", i);
			idx = NUM_BASE + i;
			EMIT(2000 + (uint64_t)i, d->type == P_FD_DIR ? LINUX_DT_LNK : LINUX_DT_REG, name);
		}
	}
#undef EMIT
	return (long)used;
}

static int64_t proc_dir_llseek(struct file *f, int64_t off, int whence)
{
	if (whence != LINUX_SEEK_SET || off < 0)
		return -EINVAL;
	f->pos = off;
	return off;
}

static const struct file_ops proc_dir_fops = {
	.getdents = proc_getdents,
	.llseek = proc_dir_llseek,
};

static const struct file_ops proc_file_fops = {
	.read = proc_file_read,
	.write = proc_file_write,
	.llseek = proc_file_llseek,
	.release = proc_file_release,
};

const struct file_ops *proc_file_ops(void)
{
	return &proc_file_fops;
}

struct thread_group *procfs_pid_of(struct file *f)
{
	struct pnode *n;

	if (f->ops != &proc_dir_fops || !f->inode || f->inode->iops != &proc_iops)
		return NULL;
	n = pn(f->inode);
	return n->type == P_PID_DIR ? tg_by_tgid(n->pid) : NULL;
}

struct dentry *procfs_mount(struct super_block **sb_out)
{
	struct super_block *sb = kzalloc(sizeof(*sb));

	sb->fstype = "proc";
	sb->dev = vfs_new_dev();
	*sb_out = sb;
	return dentry_new(NULL, "/", pinode(sb, P_ROOT_DIR, DIR_, 0, 0, -1, NULL));
}
