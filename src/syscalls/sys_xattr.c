/* SPDX-License-Identifier: MIT */
/* The *xattr family: path (following or not) and fd forms; the work is in fs/vfs/xattr.c. */
#include "abi/errno.h"
#include "fs/vfs/vfs.h"
#include "kernel/task.h"
#include "lib/err.h"
#include "lib/kstd.h"
#include "mm/uaccess.h"
#include "syscalls/syscalls.h"

#define XATTR_SIZE_MAX 65536

enum target { BY_PATH, BY_LPATH, BY_FD };

/* Resolves the first argument to a path (a->a[0]: path or fd). */
static long target(struct task *t, const struct syscall_args *a, enum target how, struct path *p)
{
	char *s;
	long r;

	if (how == BY_FD) {
		struct file *f = fd_get(t, ARG_INT(0));

		if (!f)
			return -EBADF;
		if (!f->path.d) {
			file_put(f);
			return -EOPNOTSUPP;
		}
		*p = f->path;
		path_get(p);
		file_put(f);
		return 0;
	}
	s = getname(t, a->a[0]);
	if (IS_ERR(s))
		return PTR_ERR(s);
	r = path_lookup(t, LINUX_AT_FDCWD, s, how == BY_PATH ? LOOKUP_FOLLOW : 0, p, NULL);
	kfree(s);
	return r;
}

static long get_xname(struct task *t, uaddr_t uname, char *name)
{
	long r = strncpy_from_user(t->mm, name, uname, 256);

	return r == -ENAMETOOLONG ? -ERANGE : r < 0 ? r : 0;
}

static long do_set(struct task *t, const struct syscall_args *a, enum target how)
{
	char name[256], *val;
	size_t n = a->a[3];
	struct path p;
	long r = get_xname(t, a->a[1], name);

	if (r < 0)
		return r;
	if (n > XATTR_SIZE_MAX)
		return -E2BIG;
	val = kmalloc(n ? n : 1);
	if (copy_from_user(t->mm, val, a->a[2], n)) {
		kfree(val);
		return -EFAULT;
	}
	r = target(t, a, how, &p);
	if (r == 0) {
		r = vfs_setxattr(t, &p, name, val, n, ARG_INT(4));
		path_put(&p);
	}
	kfree(val);
	return r;
}

static long do_get(struct task *t, const struct syscall_args *a, enum target how)
{
	size_t n = MIN(a->a[3], (uint64_t)XATTR_SIZE_MAX);
	char name[256], *buf;
	struct path p;
	long r = get_xname(t, a->a[1], name);

	if (r < 0)
		return r;
	r = target(t, a, how, &p);
	if (r < 0)
		return r;
	buf = kmalloc(n ? n : 1);
	r = vfs_getxattr(t, &p, name, buf, n);
	path_put(&p);
	if (r > 0 && n && copy_to_user(t->mm, a->a[2], buf, (size_t)r))
		r = -EFAULT;
	kfree(buf);
	return r;
}

static long do_list(struct task *t, const struct syscall_args *a, enum target how)
{
	size_t n = MIN(a->a[2], (uint64_t)XATTR_SIZE_MAX);
	struct path p;
	char *buf;
	long r = target(t, a, how, &p);

	if (r < 0)
		return r;
	buf = kmalloc(n ? n : 1);
	r = vfs_listxattr(t, &p, buf, n);
	path_put(&p);
	if (r > 0 && n && copy_to_user(t->mm, a->a[1], buf, (size_t)r))
		r = -EFAULT;
	kfree(buf);
	return r;
}

static long do_remove(struct task *t, const struct syscall_args *a, enum target how)
{
	char name[256];
	struct path p;
	long r = get_xname(t, a->a[1], name);

	if (r < 0)
		return r;
	r = target(t, a, how, &p);
	if (r == 0) {
		r = vfs_removexattr(t, &p, name);
		path_put(&p);
	}
	return r;
}

long sys_setxattr(struct task *t, const struct syscall_args *a) { return do_set(t, a, BY_PATH); }
long sys_lsetxattr(struct task *t, const struct syscall_args *a) { return do_set(t, a, BY_LPATH); }
long sys_fsetxattr(struct task *t, const struct syscall_args *a) { return do_set(t, a, BY_FD); }
long sys_getxattr(struct task *t, const struct syscall_args *a) { return do_get(t, a, BY_PATH); }
long sys_lgetxattr(struct task *t, const struct syscall_args *a) { return do_get(t, a, BY_LPATH); }
long sys_fgetxattr(struct task *t, const struct syscall_args *a) { return do_get(t, a, BY_FD); }
long sys_listxattr(struct task *t, const struct syscall_args *a) { return do_list(t, a, BY_PATH); }
long sys_llistxattr(struct task *t, const struct syscall_args *a) { return do_list(t, a, BY_LPATH); }
long sys_flistxattr(struct task *t, const struct syscall_args *a) { return do_list(t, a, BY_FD); }
long sys_removexattr(struct task *t, const struct syscall_args *a) { return do_remove(t, a, BY_PATH); }
long sys_lremovexattr(struct task *t, const struct syscall_args *a) { return do_remove(t, a, BY_LPATH); }
long sys_fremovexattr(struct task *t, const struct syscall_args *a) { return do_remove(t, a, BY_FD); }
