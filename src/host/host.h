/* SPDX-License-Identifier: MIT */
/*
 * The downcall API: every host system call outside src/platform/ goes through
 * these functions (User-Mode Linux's os-Linux wall). Each returns >= 0 on
 * success or -errno; EINTR is retried inside where that is right.
 * Structures are the guest ABI's (abi/), which on an x86-64 host match the
 * host kernel's layout byte for byte.
 */
#ifndef HOST_HOST_H
#define HOST_HOST_H
#include <stddef.h>
#include <stdint.h>
#include "abi/stat.h"
#include "abi/types.h"
#include "abi/poll.h"

/* file.c: I/O on host fds. */
int host_openat(int dirfd, const char *name, int flags, int mode);
int host_close(int fd);
long host_read(int fd, void *buf, size_t n);
long host_write(int fd, const void *buf, size_t n);
long host_pread(int fd, void *buf, size_t n, int64_t off);
long host_pwrite(int fd, const void *buf, size_t n, int64_t off);
/* A piece of a gathered write; laid out as struct iovec. */
struct host_iov {
	const void *base;
	size_t len;
};
long host_pwritev(int fd, const struct host_iov *iov, int cnt, int64_t off);
int64_t host_lseek(int fd, int64_t off, int whence);
int host_fstat(int fd, struct linux_stat *st);
int host_fstatfs(int fd, struct linux_statfs *st);
int host_ftruncate(int fd, int64_t len);
int host_fallocate(int fd, int mode, int64_t off, int64_t len);
int host_fsync(int fd, int datasync);
int host_ioctl(int fd, unsigned long req, void *arg);
int host_fcntl(int fd, int cmd, long arg);
int host_dup_above(int fd, int min); /* F_DUPFD_CLOEXEC */
int host_memfd(const char *name);
int host_eventfd(void);
int host_pipe(int fds[2]);
long host_getdents64(int fd, void *buf, size_t n);
int host_is_terminal(int fd);
/*
 * The bytes [off, off + *len) of host file fd, mapped read-only in ukern: a
 * cache of a few 64 MiB windows, so a big read is one copy out of the host's
 * page cache with no mapping call. *len is cut at the window's end. The fd
 * must stay open until host_file_windows_drop(fd). NULL on failure. Callers
 * hold the kernel lock (the cache has no other).
 */
const void *host_file_window(int fd, uint64_t off, size_t *len);
void host_file_windows_drop(int fd);
/* Maps a host fd shared and read-write into ukern (the vDSO's data page); NULL on failure. */
void *host_mmap_shared(int fd, size_t len);
/* Accepts a connection on a listening socket: a non-blocking, close-on-exec fd with a 1 MiB send buffer. */
int host_accept(int fd);
/* Copy between two host fds (copy_file_range, falling back to read/write). */
long host_copy_range(int in, int64_t *inoff, int out, int64_t *outoff, size_t n);

/* dir.c: operations relative to a directory fd with ONE path component. */
int host_fstatat(int dirfd, const char *name, struct linux_stat *st, int nofollow);
int host_mkdirat(int dirfd, const char *name, int mode);
int host_mknodat(int dirfd, const char *name, int mode, uint64_t dev);
int host_unlinkat(int dirfd, const char *name, int rmdir);
int host_renameat2(int olddir, const char *oldname, int newdir, const char *newname, unsigned flags);
int host_linkat(int olddir, const char *oldname, int newdir, const char *newname);
int host_linkat_fd(int fd, int newdir, const char *newname);
int host_symlinkat(const char *target, int dirfd, const char *name);
long host_readlinkat(int dirfd, const char *name, char *buf, size_t n);
int host_fchmodat(int dirfd, const char *name, int mode);
int host_fchmod(int fd, int mode);
int host_fchownat(int dirfd, const char *name, int uid, int gid, int nofollow);
int host_fchown(int fd, int uid, int gid);
int host_utimensat(int dirfd, const char *name, const struct linux_timespec ts[2], int nofollow);
int host_futimens(int fd, const struct linux_timespec ts[2]);
/* Extended attributes of the file behind an O_PATH fd (through /proc/self/fd). */
long host_getxattr(int pathfd, const char *name, void *buf, size_t n);
long host_setxattr(int pathfd, const char *name, const void *val, size_t n, int flags);
long host_listxattr(int pathfd, char *buf, size_t n);
long host_removexattr(int pathfd, const char *name);
/* The same on entry `entry` (one validated component) of directory dirfd, not following it. */
long host_lgetxattr_at(int dirfd, const char *entry, const char *name, void *buf, size_t n);
long host_lsetxattr_at(int dirfd, const char *entry, const char *name, const void *val, size_t n, int flags);
long host_llistxattr_at(int dirfd, const char *entry, char *buf, size_t n);
long host_lremovexattr_at(int dirfd, const char *entry, const char *name);
/* Reopens an O_PATH fd with open flags (through /proc/self/fd, built here, never from guest input). */
int host_reopen(int pathfd, int flags);

/* poll.c */
int host_poll(struct linux_pollfd *fds, unsigned n, int64_t timeout_ns);
void host_eventfd_signal(int efd);
void host_eventfd_drain(int efd);

/* time.c: nanoseconds. */
int64_t host_monotonic_ns(void);
int64_t host_realtime_ns(void);
int64_t host_thread_cputime_ns(void);
int host_getrandom(void *buf, size_t n);

/* process.c */
int host_getpid(void);
/* The message for an errno value (strace output). */
const char *host_strerror(int e);
int host_tgkill(int tgid, int tid, int sig);
int host_kill(int pid, int sig);
void host_exit(int status) __attribute__((noreturn));
long host_task_runtime_ns(int pid, int tid); /* from /proc/PID/task/TID/schedstat */
long host_task_run_delay_ns(int pid, int tid); /* its time waiting on a run queue */
/* The same file kept open (O_CLOEXEC; fd or -errno), and its run time read again (ESRCH: the thread is gone). */
int host_task_schedstat_open(int pid, int tid);
long host_task_schedstat_runtime(int fd);
long host_peak_rss_kb(int pid);		     /* VmHWM of a host process, in KiB */
int host_raise_nofile_limit(void);
int host_ncpus(void);
int host_meminfo(uint64_t *total, uint64_t *avail);
int host_loadavg(double avg[3]);
/* Reads one of the host's /proc files named by ukern (cpuinfo, stat); kmalloc'ed text or NULL. */
char *host_read_proc(const char *name);

/* thread.c: host threads and the locks kernel/ uses. */
struct host_mutex;
struct host_mutex *host_mutex_new(void);
void host_mutex_lock(struct host_mutex *m);
void host_mutex_unlock(struct host_mutex *m);
int host_thread_start(void (*fn)(void *), void *arg);
/*
 * The same, the new thread bound to CPU cpu (modulo the CPU count) from its
 * start: set before it first runs, it never has to be moved, which on a
 * virtual machine costs tens of microseconds (an IPI and a wake-up).
 */
int host_thread_start_on(void (*fn)(void *), void *arg, int cpu);
/* Puts the calling thread on cpu (< 0: any), unless it is known to be there (a host call saved). */
void host_pin_self(int cpu);
/* Puts host thread tid on cpu (< 0: any); 0 or -errno. */
int host_pin_thread(int tid, int cpu);
int host_gettid(void);

#endif
