/* SPDX-License-Identifier: MIT */
/* splice(2), tee(2), vmsplice(2) over ukern's pipes (data is copied through the kernel). */
#include "abi/errno.h"
#include "fs/vfs/vfs.h"
#include "kernel/task.h"
#include "lib/kstd.h"
#include "mm/uaccess.h"
#include "syscalls/syscalls.h"

#define SPLICE_F_MOVE 1
#define SPLICE_F_NONBLOCK 2
#define SPLICE_F_MORE 4
#define SPLICE_F_GIFT 8
#define VMSPLICE_CHUNK 65536
#define SPLICE_MAX 65536

static bool nonblock(struct file *f, unsigned flags)
{
	return (flags & SPLICE_F_NONBLOCK) || (f->flags & LINUX_O_NONBLOCK);
}

/* splice(2). */
long sys_splice(struct task *t, const struct syscall_args *a)
{
	struct file *in = fd_get(t, ARG_INT(0)), *out = fd_get(t, ARG_INT(2));
	unsigned flags = (unsigned)a->a[5];
	size_t len = MIN(a->a[4], (uint64_t)SPLICE_MAX);
	int64_t inoff = -1, outoff = -1;
	char *buf = NULL;
	long r, n;

	if (!in || !out) {
		r = -EBADF;
		goto out;
	}
	if (flags & ~(unsigned)(SPLICE_F_MOVE | SPLICE_F_NONBLOCK | SPLICE_F_MORE | SPLICE_F_GIFT)) {
		r = -EINVAL;
		goto out;
	}
	if (!file_can_read(in) || !file_can_write(out)) {
		r = -EBADF;
		goto out;
	}
	if (!file_is_pipe(in) && !file_is_pipe(out)) {
		r = -EINVAL;
		goto out;
	}
	if ((a->a[1] && file_is_pipe(in)) || (a->a[3] && file_is_pipe(out))) {
		r = -ESPIPE;
		goto out;
	}
	if (in->priv == out->priv && file_is_pipe(in)) {
		r = -EINVAL;
		goto out;
	}
	if ((a->a[1] && copy_from_user(t->mm, &inoff, a->a[1], 8)) ||
	    (a->a[3] && copy_from_user(t->mm, &outoff, a->a[3], 8))) {
		r = -EFAULT;
		goto out;
	}
	if ((a->a[1] && inoff < 0) || (a->a[3] && outoff < 0)) {
		r = -EINVAL;
		goto out;
	}
	if (out->flags & LINUX_O_APPEND && !file_is_pipe(out)) {
		r = -EINVAL;
		goto out;
	}
	if (!len) {
		r = 0;
		goto out;
	}
	/* Wait for data in an input pipe, or room in an output pipe. */
	for (;;) {
		long space = file_is_pipe(out) ? pipe_space(out) : (long)len;

		if (space < 0) {
			r = space;
			goto out;
		}
		if (file_is_pipe(in) && pipe_ioctl_nread(in) == 0) {
			if (!pipe_has_writers(in)) {
				r = 0; /* EOF */
				goto out;
			}
			if (nonblock(in, flags)) {
				r = -EAGAIN;
				goto out;
			}
			r = pipe_wait(in, false);
			if (r < 0)
				goto out;
			continue;
		}
		if (space == 0) {
			if (nonblock(out, flags)) {
				r = -EAGAIN;
				goto out;
			}
			r = pipe_wait(out, true);
			if (r < 0)
				goto out;
			continue;
		}
		len = MIN(len, (size_t)space);
		break;
	}
	if (file_is_pipe(in))
		len = MIN(len, (size_t)pipe_ioctl_nread(in));
	buf = kmalloc(len);
	n = a->a[1] ? vfs_pread(in, buf, len, inoff) : vfs_read(in, buf, len);
	if (n <= 0) {
		r = n;
		goto out;
	}
	r = a->a[3] ? vfs_pwrite(out, buf, (size_t)n, outoff) : vfs_write(out, buf, (size_t)n);
	if (r > 0 && a->a[1]) {
		inoff += r;
		copy_to_user(t->mm, a->a[1], &inoff, 8);
	}
	if (r > 0 && a->a[3]) {
		outoff += r;
		copy_to_user(t->mm, a->a[3], &outoff, 8);
	}
out:
	kfree(buf);
	if (in)
		file_put(in);
	if (out)
		file_put(out);
	return r;
}

/* tee(2): copies from one pipe to another without consuming. */
long sys_tee(struct task *t, const struct syscall_args *a)
{
	struct file *in = fd_get(t, ARG_INT(0)), *out = fd_get(t, ARG_INT(1));
	unsigned flags = (unsigned)a->a[3];
	size_t len = MIN(a->a[2], (uint64_t)SPLICE_MAX);
	char *buf = NULL;
	long r;

	if (!in || !out) {
		r = -EBADF;
		goto out;
	}
	if (!file_is_pipe(in) || !file_is_pipe(out) || in->priv == out->priv) {
		r = -EINVAL;
		goto out;
	}
	if (!file_can_read(in) || !file_can_write(out)) {
		r = -EBADF;
		goto out;
	}
	for (;;) {
		long space = pipe_space(out), avail = pipe_ioctl_nread(in);

		if (space < 0) {
			r = space;
			goto out;
		}
		if (avail && space)
			break;
		if (!len) {
			r = 0;
			goto out;
		}
		if (nonblock(avail ? out : in, flags)) {
			r = -EAGAIN;
			goto out;
		}
		r = pipe_wait(avail ? out : in, avail != 0);
		if (r < 0)
			goto out;
		if (!pipe_ioctl_nread(in) && !pipe_has_writers(in)) {
			r = 0;
			goto out;
		}
	}
	len = MIN(len, MIN((size_t)pipe_ioctl_nread(in), (size_t)pipe_space(out)));
	buf = kmalloc(len ? len : 1);
	r = pipe_peek(in, buf, len);
	if (r > 0)
		r = vfs_write(out, buf, (size_t)r);
out:
	kfree(buf);
	if (in)
		file_put(in);
	if (out)
		file_put(out);
	return r;
}

/* vmsplice(2): user memory into a pipe (or out of it), by copying. */
long sys_vmsplice(struct task *t, const struct syscall_args *a)
{
	struct file *f = fd_get(t, ARG_INT(0));
	unsigned long nr = a->a[2], i;
	unsigned flags = (unsigned)a->a[3];
	struct linux_iovec *iov = NULL;
	long done = 0, r = 0;
	char *buf;
	int saved;

	if (!f)
		return -EBADF;
	if (!file_is_pipe(f)) {
		r = -EBADF; /* vmsplice needs a pipe */
		goto out;
	}
	if (nr > 1024 || (flags & ~0xfU)) {
		r = -EINVAL;
		goto out;
	}
	iov = kmalloc(sizeof(*iov) * (nr ? nr : 1));
	if (copy_from_user(t->mm, iov, a->a[1], sizeof(*iov) * nr)) {
		r = -EFAULT;
		goto out;
	}
	for (i = 0; i < nr; i++) {
		if ((int64_t)iov[i].len < 0) {
			r = -EINVAL;
			goto out;
		}
	}
	saved = f->flags;
	if (flags & SPLICE_F_NONBLOCK)
		f->flags |= LINUX_O_NONBLOCK;
	/* Through one bounded buffer: a guest's iov_len is not an allocation size. */
	buf = kmalloc(VMSPLICE_CHUNK);
	for (i = 0; i < nr && r >= 0; i++) {
		uint64_t off = 0;

		while (off < iov[i].len) {
			size_t n = MIN(iov[i].len - off, (uint64_t)VMSPLICE_CHUNK);

			if (file_can_write(f)) {
				r = copy_from_user(t->mm, buf, iov[i].base + off, n) ? -EFAULT : vfs_write(f, buf, n);
			} else {
				/* Once something was read, an empty pipe ends the call instead of blocking. */
				if (done)
					f->flags |= LINUX_O_NONBLOCK;
				r = vfs_read(f, buf, n);
				if (r > 0 && copy_to_user(t->mm, iov[i].base + off, buf, (size_t)r))
					r = -EFAULT;
			}
			if (r < 0)
				break;
			done += r;
			off += (uint64_t)r;
			if ((size_t)r < n)
				goto short_;
		}
	}
short_:
	kfree(buf);
	f->flags = saved;
	r = done ? done : r;
out:
	kfree(iov);
	file_put(f);
	return r;
}
