/* SPDX-License-Identifier: MIT */
/* The mmap family and brk: decoding only; the work is in mm/. */
#include "abi/errno.h"
#include "abi/mman.h"
#include "fs/vfs/vfs.h"
#include "kernel/task.h"
#include "mm/mm.h"
#include "syscalls/syscalls.h"

/* mmap(2). MAP_HUGETLB and MAP_LOCKED are ignored. */
long sys_mmap(struct task *t, const struct syscall_args *a)
{
	int flags = ARG_INT(3);
	struct file *f = NULL;
	long r;

	if ((flags & LINUX_MAP_TYPE) == LINUX_MAP_SHARED_VALIDATE &&
	    (flags & ~(LINUX_MAP_TYPE | LINUX_MAP_FIXED | LINUX_MAP_ANONYMOUS | LINUX_MAP_32BIT | LINUX_MAP_GROWSDOWN |
		       LINUX_MAP_DENYWRITE | LINUX_MAP_EXECUTABLE | LINUX_MAP_LOCKED | LINUX_MAP_NORESERVE |
		       LINUX_MAP_POPULATE | LINUX_MAP_NONBLOCK | LINUX_MAP_STACK | LINUX_MAP_HUGETLB |
		       LINUX_MAP_FIXED_NOREPLACE)))
		return (flags & LINUX_MAP_ANONYMOUS) ? -EINVAL : -EOPNOTSUPP;
	if ((flags & LINUX_MAP_TYPE) == LINUX_MAP_SHARED_VALIDATE && (flags & LINUX_MAP_ANONYMOUS))
		return -EINVAL;
	if (!(flags & LINUX_MAP_ANONYMOUS)) {
		f = fd_get(t, ARG_INT(4));
		if (!f)
			return -EBADF;
		if (f->flags & LINUX_O_PATH) {
			file_put(f);
			return -EBADF;
		}
	}
	r = mm_mmap(t->mm, t->ctx, a->a[0], a->a[1], ARG_INT(2), flags, f, a->a[5]);
	if (f)
		file_put(f);
	return r;
}

/* munmap(2). */
long sys_munmap(struct task *t, const struct syscall_args *a)
{
	return mm_munmap(t->mm, t->ctx, a->a[0], a->a[1]);
}

/* mprotect(2). */
long sys_mprotect(struct task *t, const struct syscall_args *a)
{
	return mm_mprotect(t->mm, t->ctx, a->a[0], a->a[1], ARG_INT(2));
}

/* mremap(2). MREMAP_DONTUNMAP and old_size 0 are EINVAL. */
long sys_mremap(struct task *t, const struct syscall_args *a)
{
	return mm_mremap(t->mm, t->ctx, a->a[0], a->a[1], a->a[2], ARG_INT(3), a->a[4]);
}

/* brk(2). */
long sys_brk(struct task *t, const struct syscall_args *a)
{
	return mm_brk(t->mm, t->ctx, a->a[0]);
}

/* madvise(2). */
long sys_madvise(struct task *t, const struct syscall_args *a)
{
	return mm_madvise(t->mm, t->ctx, a->a[0], a->a[1], ARG_INT(2));
}

/* msync(2). */
long sys_msync(struct task *t, const struct syscall_args *a)
{
	return mm_msync(t->mm, t->ctx, a->a[0], a->a[1], ARG_INT(2));
}

/* mincore(2). */
long sys_mincore(struct task *t, const struct syscall_args *a)
{
	return mm_mincore(t->mm, t->ctx, a->a[0], a->a[1], a->a[2]);
}
