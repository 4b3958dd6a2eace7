/* SPDX-License-Identifier: MIT */
/*
 * The VFS: dentries, inodes, mounts, open files, fd tables and path
 * resolution inside the guest root. Filesystems (fs/hostfs, fs/tmpfs,
 * fs/procfs, fs/devfs) plug in through inode_ops and file_ops.
 *
 * Lock order: everything is protected by kernel_lock. Reference rules:
 * dentry_get/put, inode_get/put, file_get/put, path_get/put. A dentry holds
 * its parent and its inode; a cached child is listed in its parent's
 * children until its last reference goes (tmpfs pins linked dentries).
 */
#ifndef FS_VFS_VFS_H
#define FS_VFS_VFS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "abi/fcntl.h"
#include "abi/signal.h"
#include "abi/stat.h"
#include "abi/types.h"
#include "kernel/kernel.h"
#include "lib/list.h"

struct task;
struct thread_group;
struct file;
struct inode;
struct dentry;
struct super_block;
struct poll_table;
struct strbuf;

struct iattr {
	unsigned valid;
	uint32_t mode, uid, gid;
	int64_t size;
	struct linux_timespec atime, mtime; /* tv_nsec may be LINUX_UTIME_NOW / OMIT */
};
#define ATTR_MODE 1
#define ATTR_UID 2
#define ATTR_GID 4
#define ATTR_SIZE 8
#define ATTR_TIMES 16

struct inode_ops {
	/* Returns the child's inode (new reference), or ERR_PTR(-ENOENT...). */
	struct inode *(*lookup)(struct inode *dir, const char *name);
	/*
	 * Optional, for a filesystem that keeps unused dentries (keep_dentries):
	 * whether d (a child of this directory, unused since it was kept) still
	 * names its inode; 0 if so, else -errno and the VFS looks the name up
	 * again. It may refresh the inode's mode.
	 */
	int (*revalidate)(struct dentry *d);
	/* Name operations get the directory's dentry; dentry cache updates are the VFS's. */
	int (*create)(struct dentry *dir, const char *name, uint32_t mode);
	int (*mkdir)(struct dentry *dir, const char *name, uint32_t mode);
	int (*mknod)(struct dentry *dir, const char *name, uint32_t mode, uint64_t dev);
	int (*symlink)(struct dentry *dir, const char *name, const char *target);
	int (*link)(struct dentry *old, struct dentry *dir, const char *name);
	int (*unlink)(struct dentry *dir, struct dentry *d);
	int (*rmdir)(struct dentry *dir, struct dentry *d);
	int (*rename)(struct dentry *olddir, struct dentry *old, struct dentry *newdir, const char *newname,
		      struct dentry *target, unsigned flags);
	/* Returns the link text length (not NUL-terminated), or -errno. */
	long (*readlink)(struct dentry *d, char *buf, size_t n);
	/*
	 * procfs magic links (/proc/PID/fd/N, cwd, root, exe): 0 with a
	 * referenced path in path_out (mnt NULL: a detached dentry standing for
	 * an object without a path, e.g. a pipe), or 2 for an ordinary symlink.
	 */
	int (*get_link_path)(struct dentry *d, void *path_out);
	int (*getattr)(struct dentry *d, struct linux_stat *st);
	int (*setattr)(struct dentry *d, const struct iattr *ia);
	/* Prepares f (f->ops, f->priv, f->hostfd) for the open flags. */
	int (*open)(struct dentry *d, struct file *f, int flags);
	int (*statfs)(struct dentry *d, struct linux_statfs *st);
	int (*access)(struct dentry *d, int mask);
	/* Extended attributes: absent ops mean ENOTSUP. get/list return the size. */
	long (*getxattr)(struct dentry *d, const char *name, void *buf, size_t n);
	int (*setxattr)(struct dentry *d, const char *name, const void *val, size_t n, int flags);
	long (*listxattr)(struct dentry *d, char *buf, size_t n);
	int (*removexattr)(struct dentry *d, const char *name);
};

struct file_ops {
	long (*read)(struct file *f, void *buf, size_t n, int64_t *pos);
	long (*write)(struct file *f, const void *buf, size_t n, int64_t *pos);
	/*
	 * Optional, regular files: where the bytes at pos live, so that big reads
	 * go from the host file straight into guest memory. Returns r > 0 (r <= n)
	 * with *hostfd >= 0 when the next r bytes read exactly as host file
	 * *hostfd at *hostoff (it may end sooner: the read is short there), or
	 * with *hostfd < 0 when they must go through read; 0 at the end; -errno.
	 * *device says *hostfd holds other files' bytes too (a disk image): it
	 * must then not go where guest code could use it (platform_stub_fd_private).
	 */
	long (*read_map)(struct file *f, int64_t pos, size_t n, int *hostfd, int64_t *hostoff, bool *device);
	/*
	 * Optional, regular files whose bytes are all the host file's own
	 * (hostfs): the host fd a write lands on at the same offset, so that big
	 * writes go from guest memory straight into it; -errno if there is none.
	 */
	int (*write_map)(struct file *f);
	int64_t (*llseek)(struct file *f, int64_t off, int whence);
	/* Fills linux_dirent64 records; returns bytes or -errno. */
	long (*getdents)(struct file *f, void *buf, size_t n);
	/* Readiness mask; registers wait sources in pt when pt is non-NULL. */
	unsigned (*poll)(struct file *f, struct poll_table *pt);
	long (*ioctl)(struct file *f, unsigned cmd, uaddr_t arg);
	/* Host fd to map for mmap, or -ENODEV. */
	int (*mmap_fd)(struct file *f);
	int (*fsync)(struct file *f, int datasync);
	int (*fallocate)(struct file *f, int mode, int64_t off, int64_t len);
	void (*release)(struct file *f);
	/* A new open of the same object (opening /proc/PID/fd/N of a pathless file). */
	struct file *(*reopen)(struct file *f, int flags);
};

struct super_block {
	const char *fstype;
	bool keep_dentries; /* unused dentries stay cached (dentry_put), revalidated when found */
	uint64_t dev;
	void *priv;
	int (*statfs)(struct super_block *sb, struct linux_statfs *st);
};

struct inode {
	int refs;
	const struct inode_ops *iops;
	const struct file_ops *fops;
	struct super_block *sb;
	uint32_t mode;
	uint64_t ino;
	uint64_t rdev;
	void *priv;
	/* Attributes kept by in-memory filesystems (tmpfs, procfs, devfs). */
	uint32_t uid, gid, nlink;
	int64_t size;
	struct linux_timespec atime, mtime, ctime;
	struct list_head locks; /* struct file_lock: fcntl record locks */
	struct file *flock_owner_list; /* unused placeholder for flock lists */
	int flock_shared, flock_excl;
	struct waitq lock_wait;
	void (*destroy)(struct inode *inode);
	bool open_self; /* iops->open handles every file type (procfs fd targets) */
	unsigned seals;	/* memfd/tmpfs file seals (F_ADD_SEALS); sealable only if seals_ok */
	bool seals_ok;
};

struct mount;
struct dentry {
	int refs;
	char *name;
	struct dentry *parent; /* NULL only at a filesystem root */
	struct inode *inode;
	struct list_head children, child_link;
	struct list_head lru;  /* in the cache of unused dentries (refs 0) */
	int kept;	       /* children of it in that cache (each holds a reference to it) */
	struct mount *mounted; /* a mount whose root covers this dentry */
	bool pinned;	       /* tmpfs: linked in the tree, holds a ref */
	bool unhashed;	       /* removed from the tree (unlinked, renamed over) */
};

struct mount {
	struct super_block *sb;
	struct dentry *root;
	struct mount *parent;
	struct dentry *mountpoint;
	struct list_head link;
	char *source;
	int flags; /* MNT_RDONLY */
	int id;
};
#define MNT_RDONLY 1

struct path {
	struct mount *mnt;
	struct dentry *d;
};

/* The per-task filesystem context (shared with CLONE_FS). */
struct fs_info {
	int refs;
	struct path root, cwd;
	uint32_t umask;
};

struct file {
	int refs;
	const struct file_ops *ops;
	struct path path; /* NULL d for anonymous files */
	struct inode *inode;
	int flags;	  /* O_ACCMODE, O_APPEND, O_NONBLOCK, ... (not O_CLOEXEC) */
	int64_t pos;
	int hostfd;	  /* host-backed files; -1 otherwise */
	void *priv;
	char *anon_name;  /* "pipe:[N]" etc. for /proc/PID/fd */
	uint64_t dir_cookie;
	struct list_head epitems; /* epoll interest items watching this file */
};

struct fdtable {
	int refs;
	int max;
	struct file **fd;
	uint8_t *cloexec;
};

/* Poll tables: what a sleeper waits on. */
struct poll_table {
	struct waiter *waiters;
	int nwaiters, capw;
	struct host_watch *host;
	int nhost, caph;
	struct task *task;
};
void poll_wait(struct poll_table *pt, struct waitq *wq);
void poll_host(struct poll_table *pt, int fd, short events);
void poll_table_init(struct poll_table *pt, struct task *t);
void poll_table_free(struct poll_table *pt);

/* Mount and init. */
struct mount *vfs_mount_root(struct super_block *sb, struct dentry *root);
/* Mounts sb/root over the directory at path. */
int vfs_mount_at(const struct path *at, struct super_block *sb, struct dentry *root, const char *source,
		 int flags);
int vfs_umount(const struct path *p);
void vfs_show_mounts(struct strbuf *sb, const struct path *root, bool mountinfo);
uint64_t vfs_new_dev(void);
uint64_t vfs_next_ino(void);
extern struct path vfs_root; /* the guest's root */

/* Object lifetimes. */
struct inode *inode_new(struct super_block *sb, uint32_t mode);
void inode_get(struct inode *i);
void inode_put(struct inode *i);
struct dentry *dentry_new(struct dentry *parent, const char *name, struct inode *inode);
void dentry_get(struct dentry *d);
void dentry_put(struct dentry *d);
void dentry_unhash(struct dentry *d);
/*
 * A child found in its parent's list: referenced, and true; revalidated first
 * if nothing but kept children used it (false, and it is no longer found by
 * name, if it went stale).
 */
bool dentry_get_cached(struct dentry *d);
/* Moves d under newparent with newname (rename). */
void dentry_move(struct dentry *d, struct dentry *newparent, const char *newname);
void path_get(const struct path *p);
void path_put(const struct path *p);
struct file *file_new(const struct file_ops *ops, int flags);
void file_get(struct file *f);
void file_put(struct file *f);

/* Path resolution (path.c). Flags below. */
#define LOOKUP_FOLLOW 1	   /* follow a final symlink */
#define LOOKUP_DIRECTORY 2 /* the final component must be a directory */
#define LOOKUP_PARENT 4	   /* stop at the parent; name returns the last component */
#define LOOKUP_EMPTY 8	   /* an empty path names dirfd itself */
#define LOOKUP_BENEATH 16  /* openat2 RESOLVE_BENEATH */
#define LOOKUP_IN_ROOT 32  /* openat2 RESOLVE_IN_ROOT */
#define LOOKUP_NO_SYMLINKS 64
#define LOOKUP_NO_MAGICLINKS 128
#define LOOKUP_NO_XDEV 256
/*
 * Resolves path relative to dirfd (LINUX_AT_FDCWD or an fd) for task t.
 * On success fills out (referenced). With LOOKUP_PARENT, *last is set to a
 * kmalloc'ed final component ("" when the path ends in /, "." or "..").
 */
int path_lookup(struct task *t, int dirfd, const char *path, int flags, struct path *out, char **last);
/* As path_lookup, from the directory base. */
int path_lookup_at(struct task *t, const struct path *base, const char *path, int flags, struct path *out,
		   char **last);
/* Looks up one component in dir (no symlink following). */
int path_lookup_child(const struct path *dir, const char *name, struct path *out);
/* Writes the guest-visible absolute path of p relative to root. */
int path_to_string(const struct path *p, const struct path *root, char *buf, size_t n);
/* Copies a path from guest memory (PATH_MAX) into a kmalloc'ed string or ERR_PTR. */
char *getname(struct task *t, uaddr_t upath);

/* Attributes and permission. */
int vfs_getattr(const struct path *p, struct linux_stat *st);
int vfs_setattr(const struct path *p, const struct iattr *ia);
int vfs_permission(struct task *t, const struct path *p, int mask);
bool vfs_is_readonly(const struct path *p);

/* Operations on names (namei.c). Return 0 or -errno. */
long vfs_open(struct task *t, int dirfd, const char *path, int flags, uint32_t mode, int resolve,
	      struct file **out);
struct file *vfs_open_path(struct task *t, const struct path *p, int flags);
int vfs_mkdir(struct task *t, int dirfd, const char *path, uint32_t mode);
int vfs_mknod(struct task *t, int dirfd, const char *path, uint32_t mode, uint64_t dev);
int vfs_unlink(struct task *t, int dirfd, const char *path, bool rmdir);
int vfs_rename(struct task *t, int olddirfd, const char *oldpath, int newdirfd, const char *newpath,
	       unsigned flags);
int vfs_link(struct task *t, int olddirfd, const char *oldpath, int newdirfd, const char *newpath, int flags);
int vfs_symlink(struct task *t, const char *target, int dirfd, const char *path);
long vfs_readlink(struct task *t, int dirfd, const char *path, char *buf, size_t n);
long vfs_readlink_path(const struct path *p, char *buf, size_t n);

/* Open file operations (file.c). */
long vfs_read(struct file *f, void *buf, size_t n);
long vfs_write(struct file *f, const void *buf, size_t n);
long vfs_pread(struct file *f, void *buf, size_t n, int64_t off);
long vfs_pwrite(struct file *f, const void *buf, size_t n, int64_t off);
int64_t vfs_llseek(struct file *f, int64_t off, int whence);
long vfs_getdents(struct file *f, void *buf, size_t n);
unsigned vfs_poll(struct file *f, struct poll_table *pt);
int vfs_fstat(struct file *f, struct linux_stat *st);
int vfs_truncate_file(struct file *f, int64_t len);
/* Moves src's open object (ops, priv, host fd, inode) into dst and frees src's shell. */
void file_take_over(struct file *dst, struct file *src);
bool file_can_read(const struct file *f);
bool file_can_write(const struct file *f);
int file_path_string(struct file *f, char *buf, size_t n);
/* Helper for filesystems: appends a dirent to buf; returns false when full. */
bool dirent_emit(void *buf, size_t n, size_t *used, uint64_t ino, int64_t off, int type, const char *name);
int mode_to_dtype(uint32_t mode);

/* fd tables (fdtable.c). */
struct fdtable *fdtable_new(void);
struct fdtable *fdtable_dup(struct fdtable *old);
void fdtable_put(struct fdtable *ft);
/* Returns the file with a new reference, or NULL (EBADF). */
struct file *fd_get(struct task *t, int fd);
/* Installs f (taking the caller's reference) at the lowest fd >= min. Returns fd or -EMFILE. */
int fd_install(struct task *t, struct file *f, int min, bool cloexec);
int fd_install_at(struct task *t, struct file *f, int fd, bool cloexec);
int fd_close(struct task *t, int fd);
void fd_close_on_exec(struct task *t);
bool fd_get_cloexec(struct task *t, int fd);
void fd_set_cloexec(struct task *t, int fd, bool on);
uint64_t task_nofile_limit(struct task *t);

/* fs_info (cwd/root/umask). */
struct fs_info *fs_info_new(const struct path *root);
struct fs_info *fs_info_dup(struct fs_info *old);
void fs_info_put(struct fs_info *fs);

/* inotify (fs/notify.c). Event bits as in <sys/inotify.h>. */
#define FSN_ACCESS 0x1U
#define FSN_MODIFY 0x2U
#define FSN_ATTRIB 0x4U
#define FSN_CLOSE_WRITE 0x8U
#define FSN_CLOSE_NOWRITE 0x10U
#define FSN_OPEN 0x20U
#define FSN_MOVED_FROM 0x40U
#define FSN_MOVED_TO 0x80U
#define FSN_CREATE 0x100U
#define FSN_DELETE 0x200U
#define FSN_DELETE_SELF 0x400U
#define FSN_MOVE_SELF 0x800U
#define FSN_ISDIR 0x40000000U
bool fsnotify_active(void);
void fsnotify(uint64_t dev, uint64_t ino, uint32_t mask, uint32_t cookie, const char *name);
void fsnotify_path(const struct path *p, uint32_t mask);
void fsnotify_dir(const struct path *dir, uint32_t mask, uint32_t cookie, const char *name);
uint32_t fsnotify_cookie(void);
struct file *inotify_create(int flags);
long inotify_add(struct file *f, const struct path *p, uint32_t mask);
long inotify_rm(struct file *f, int wd);

/* Extended attributes (xattr.c): name and permission checks, then the filesystem. */
long vfs_getxattr(struct task *t, const struct path *p, const char *name, void *buf, size_t n);
int vfs_setxattr(struct task *t, const struct path *p, const char *name, const void *val, size_t n, int flags);
long vfs_listxattr(struct task *t, const struct path *p, char *buf, size_t n);
int vfs_removexattr(struct task *t, const struct path *p, const char *name);

/* File seals (fs/tmpfs/tmpfs.c): F_SEAL_* values. */
#define SEAL_SEAL 1
#define SEAL_SHRINK 2
#define SEAL_GROW 4
#define SEAL_WRITE 8
#define SEAL_FUTURE_WRITE 16
long vfs_add_seals(struct file *f, unsigned seals);
long vfs_get_seals(struct file *f);

/* Record locks and flock (lock.c). */
long vfs_fcntl_lock(struct task *t, struct file *f, int cmd, uaddr_t arg);
long vfs_flock(struct task *t, struct file *f, int op);
void vfs_locks_release(struct task *t, struct file *f, bool owner_close);

/* Anonymous files (fs/pipe.c, fs/eventfd.c, fs/epoll.c). */
int pipe_create(struct file **rd, struct file **wr, int flags);
long pipe_ioctl_nread(struct file *f);
long pipe_set_size(struct file *f, long size);
long pipe_get_size(struct file *f);
/* For splice/tee: copy without consuming; free space (-EPIPE without readers); wait for data/space. */
long pipe_peek(struct file *f, void *buf, size_t n);
long pipe_space(struct file *f);
bool pipe_has_writers(struct file *f);
long pipe_wait(struct file *f, bool for_write);
/* Opens the FIFO identified by (dev, ino) into f. */
int fifo_open(struct file *f, uint64_t dev, uint64_t ino, int flags);
struct file *eventfd_create(uint32_t initval, int flags);
struct file *epoll_create(void);
long epoll_ctl(struct task *t, struct file *ep, int op, int fd, struct file *target, uaddr_t uevent);
long epoll_wait(struct task *t, struct file *ep, uaddr_t events, int maxevents, int64_t deadline);
bool file_is_epoll(struct file *f);
struct file *timerfd_create(int clock, int flags);
bool file_is_timerfd(struct file *f);
/* Time to the next expiry and the interval, in ns (0: disarmed). */
void timerfd_get(struct file *f, int64_t *value, int64_t *interval);
void timerfd_set(struct file *f, int64_t value, int64_t interval, bool absolute);
struct file *signalfd_create(linux_sigset_t mask, int flags);
bool file_is_signalfd(struct file *f);
void signalfd_set_mask(struct file *f, linux_sigset_t mask);
struct file *pidfd_create(struct thread_group *tg, int flags);
/* The process a pidfd (or an open /proc/PID directory) refers to, or NULL. */
struct thread_group *pidfd_tg(struct file *f);
struct thread_group *procfs_pid_of(struct file *f);
/* fcntl(F_NOTIFY): directory change signals (fs/notify.c). */
long dnotify_set(struct task *t, struct file *f, unsigned long arg);
void notify_file_gone(struct file *f);
void epoll_file_gone(struct file *f);
bool file_is_pipe(struct file *f);

/* Device files by rdev (fs/devfs). */
int device_open(struct inode *inode, struct file *f, int flags);

#endif
