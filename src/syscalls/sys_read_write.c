/* SPDX-License-Identifier: MIT */
/* read(2), write(2) and their positional and vectored forms, lseek, sendfile, copy_file_range. */
#include "abi/errno.h"
#include "fs/vfs/vfs.h"
#include "host/host.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "lib/kstd.h"
#include "mm/uaccess.h"
#include "platform/platform.h"
#include "syscalls/syscalls.h"

#define CHUNK (1024 * 1024)
#define MAX_RW 0x7ffff000L /* Linux MAX_RW_COUNT */

/* Reads this big go from a host file straight into guest memory where the file allows it. */
#define DIRECT_MIN (256 * 1024)

enum io_kind { IO_READ, IO_WRITE };

/*
 * A big read of a regular file whose filesystem says where its bytes live
 * (read_map): host-backed stretches are one copy from the host file into
 * guest memory (a stub's pread, or for a disk image on a platform whose stubs
 * guest code can reach, a copy out of ukern's mapping of it); the rest (dirty cached pages, holes) goes through read and
 * a bounce buffer. Returns bytes read or -errno.
 */
static long read_direct(struct task *t, struct file *f, uaddr_t ubuf, size_t n, int64_t at)
{
	size_t done = 0;
	char *buf = NULL;
	long r = 0;

	while (done < n) {
		int64_t hostoff;
		int hostfd;
		bool device;
		long want;

		r = f->ops->read_map(f, at + (int64_t)done, n - done, &hostfd, &hostoff, &device);
		if (r <= 0)
			break;
		if (hostfd >= 0 && device && !platform_stub_fd_private(t->ctx)) {
			/* An image must not go into a stub guest code can reach: copy out of ukern's window onto it. */
			size_t len = (size_t)r;
			const void *p = host_file_window(hostfd, (uint64_t)hostoff, &len);

			want = (long)len;
			r = p ? copy_to_user_partial(t->mm, ubuf + done, p, len) : -EIO;
		} else if (hostfd >= 0) {
			want = r;
			r = read_host_to_user(t->ctx, ubuf + done, hostfd, (uint64_t)hostoff, (size_t)want);
		} else {
			want = MIN(r, (long)MIN(n, (size_t)CHUNK));
			if (!buf)
				buf = kmalloc(MIN(n, (size_t)CHUNK));
			r = vfs_pread(f, buf, (size_t)want, at + (int64_t)done);
			if (r > 0)
				r = copy_to_user_partial(t->mm, ubuf + done, buf, (size_t)r);
		}
		if (r > 0)
			done += (size_t)r;
		if (r < want)
			break;
	}
	kfree(buf);
	return done ? (long)done : r;
}

/*
 * A big write that can go from guest memory straight into the host file, in
 * one copy by the task's stub (pwrite64): a regular file whose bytes are the
 * host file's own (write_map), not O_APPEND, no file size limit to enforce,
 * and a stub that no guest code can share the fd with while it holds it.
 */
static bool write_direct(struct task *t, struct file *f, size_t n, int *hostfd)
{
	if (n < DIRECT_MIN || !f->ops || !f->ops->write_map || !f->inode || !MODE_ISREG(f->inode->mode) ||
	    !file_can_write(f) || (f->flags & LINUX_O_APPEND) ||
	    t->tg->rlim[LINUX_RLIMIT_FSIZE].cur != LINUX_RLIM_INFINITY)
		return false;
	*hostfd = f->ops->write_map(f);
	return *hostfd >= 0 && platform_stub_fd_private(t->ctx);
}

/*
 * Moves up to n bytes between guest memory at ubuf and f, through a bounce
 * buffer. off < 0 uses and advances the file position.
 */
static long do_io(struct task *t, struct file *f, enum io_kind k, uaddr_t ubuf, size_t n, int64_t off)
{
	size_t done = 0;
	char *buf;
	long r = 0;
	int hostfd;

	if (n > MAX_RW)
		n = MAX_RW;
	if (k == IO_READ && n >= DIRECT_MIN && f->ops && f->ops->read_map && f->inode && MODE_ISREG(f->inode->mode) &&
	    file_can_read(f)) {
		r = read_direct(t, f, ubuf, n, off < 0 ? f->pos : off);
		if (r > 0 && off < 0)
			f->pos += r;
		return r;
	}
	if (k == IO_WRITE && write_direct(t, f, n, &hostfd)) {
		r = write_user_to_host(t->ctx, hostfd, (uint64_t)(off < 0 ? f->pos : off), ubuf, n);
		if (r > 0 && off < 0)
			f->pos += r;
		if (r > 0 && f->path.d)
			fsnotify_path(&f->path, FSN_MODIFY);
		return r;
	}
	buf = kmalloc(MIN(n, (size_t)CHUNK));
	while (done < n) {
		size_t c = MIN(n - done, (size_t)CHUNK);

		if (k == IO_READ) {
			bool regular = off < 0 && f->inode && MODE_ISREG(f->inode->mode) && file_can_read(f);

			/* Regular files: read at the position, advance only once the copy-out worked. */
			if (regular)
				r = vfs_pread(f, buf, c, f->pos);
			else
				r = off < 0 ? vfs_read(f, buf, c) : vfs_pread(f, buf, c, off + (int64_t)done);
			/* A regular file's bytes stay readable: a partial copy-out is a partial read. */
			if (r > 0 && regular)
				r = copy_to_user_partial(t->mm, ubuf + done, buf, (size_t)r);
			else if (r > 0 && copy_to_user(t->mm, ubuf + done, buf, (size_t)r))
				r = -EFAULT;
			if (r > 0 && regular)
				f->pos += r;
		} else {
			uint64_t lim = t->tg->rlim[LINUX_RLIMIT_FSIZE].cur;
			int64_t at = off >= 0 ? off + (int64_t)done : f->path.d ? f->pos : vfs_llseek(f, 0, LINUX_SEEK_CUR);

			if (lim != LINUX_RLIM_INFINITY && f->inode && MODE_ISREG(f->inode->mode)) {
				if (f->flags & LINUX_O_APPEND) {
					struct linux_stat st;

					if (vfs_fstat(f, &st) == 0)
						at = st.st_size;
				}
				if (at < 0)
					at = 0;
				if ((uint64_t)at >= lim) {
					struct linux_siginfo info;

					signal_info_user(&info, LINUX_SIGXFSZ, LINUX_SI_KERNEL);
					signal_send_task(t, LINUX_SIGXFSZ, &info);
					r = -EFBIG;
					break;
				}
				if ((uint64_t)at + c > lim)
					c = (size_t)(lim - (uint64_t)at);
			}
			/* As Linux: the bytes before a bad page are written, and the count says so. */
			r = copy_from_user_partial(t->mm, buf, ubuf + done, c);
			if (r > 0) {
				c = (size_t)r;
				r = off < 0 ? vfs_write(f, buf, c) : vfs_pwrite(f, buf, c, off + (int64_t)done);
			}
		}
		if (r <= 0)
			break;
		done += (size_t)r;
		/* Short transfers end the call (pipes, terminals, EOF). */
		if ((size_t)r < c)
			break;
		if (!f->inode || !MODE_ISREG(f->inode->mode))
			break;
	}
	kfree(buf);
	return done ? (long)done : r;
}

static long rw(struct task *t, int fd, enum io_kind k, uaddr_t ubuf, size_t n, int64_t off)
{
	struct file *f = fd_get(t, fd);
	long r;

	if (!f)
		return -EBADF;
	if ((long)n < 0)
		r = -EINVAL;
	else
		r = do_io(t, f, k, ubuf, n, off);
	file_put(f);
	return r;
}

/* read(2). */
long sys_read(struct task *t, const struct syscall_args *a)
{
	return rw(t, ARG_INT(0), IO_READ, a->a[1], a->a[2], -1);
}

/* write(2). */
long sys_write(struct task *t, const struct syscall_args *a)
{
	return rw(t, ARG_INT(0), IO_WRITE, a->a[1], a->a[2], -1);
}

/* pread64(2). */
long sys_pread64(struct task *t, const struct syscall_args *a)
{
	if ((int64_t)a->a[3] < 0)
		return -EINVAL;
	return rw(t, ARG_INT(0), IO_READ, a->a[1], a->a[2], (int64_t)a->a[3]);
}

/* pwrite64(2). */
long sys_pwrite64(struct task *t, const struct syscall_args *a)
{
	if ((int64_t)a->a[3] < 0)
		return -EINVAL;
	return rw(t, ARG_INT(0), IO_WRITE, a->a[1], a->a[2], (int64_t)a->a[3]);
}

static long do_iov(struct task *t, int fd, enum io_kind k, uaddr_t uiov, int cnt, int64_t off)
{
	struct linux_iovec *iov;
	struct file *f;
	long done = 0, r = 0;
	uint64_t total = 0;
	int i;

	if (cnt < 0 || cnt > 1024)
		return -EINVAL;
	f = fd_get(t, fd);
	if (!f)
		return -EBADF;
	iov = kmalloc(sizeof(*iov) * (size_t)(cnt ? cnt : 1));
	if (copy_from_user(t->mm, iov, uiov, sizeof(*iov) * (size_t)cnt)) {
		r = -EFAULT;
		goto out;
	}
	for (i = 0; i < cnt; i++) {
		if ((int64_t)iov[i].len < 0 || total + iov[i].len < total) {
			r = -EINVAL;
			goto out;
		}
		total += iov[i].len;
	}
	if (total > (uint64_t)INT64_MAX) {
		r = -EINVAL;
		goto out;
	}
	if (k == IO_READ ? !file_can_read(f) : !file_can_write(f)) {
		r = -EBADF;
		goto out;
	}
	for (i = 0; i < cnt; i++) {
		if (!iov[i].len)
			continue;
		r = do_io(t, f, k, iov[i].base, iov[i].len, off < 0 ? -1 : off + done);
		if (r < 0)
			break;
		done += r;
		if ((uint64_t)r < iov[i].len)
			break;
	}
out:
	kfree(iov);
	file_put(f);
	return done ? done : r;
}

/* readv(2). */
long sys_readv(struct task *t, const struct syscall_args *a)
{
	return do_iov(t, ARG_INT(0), IO_READ, a->a[1], ARG_INT(2), -1);
}

/* writev(2). */
long sys_writev(struct task *t, const struct syscall_args *a)
{
	return do_iov(t, ARG_INT(0), IO_WRITE, a->a[1], ARG_INT(2), -1);
}

#define RWF_HIPRI 1
#define RWF_DSYNC 2
#define RWF_SYNC 4
#define RWF_NOWAIT 8
#define RWF_APPEND 16

static long piov(struct task *t, const struct syscall_args *a, enum io_kind k, bool v2)
{
	int64_t off = (int64_t)a->a[3];
	struct file *f;

	if (v2) {
		unsigned fl = (unsigned)a->a[5]; /* args: fd, iov, cnt, pos_l, pos_h, flags */

		if (fl & ~(unsigned)(RWF_HIPRI | RWF_DSYNC | RWF_SYNC | RWF_NOWAIT | RWF_APPEND))
			return -EOPNOTSUPP;
		if ((fl & RWF_APPEND) && k == IO_WRITE) {
			struct linux_stat st;

			f = fd_get(t, ARG_INT(0));
			if (!f)
				return -EBADF;
			off = vfs_fstat(f, &st) == 0 ? st.st_size : 0;
			file_put(f);
		}
		if (off == -1)
			return do_iov(t, ARG_INT(0), k, a->a[1], ARG_INT(2), -1);
	}
	if (off < 0)
		return -EINVAL;
	f = fd_get(t, ARG_INT(0));
	if (!f)
		return -EBADF;
	if (!f->inode || (!MODE_ISREG(f->inode->mode) && !MODE_ISBLK(f->inode->mode) &&
			  !MODE_ISCHR(f->inode->mode) && !MODE_ISDIR(f->inode->mode))) {
		file_put(f);
		return -ESPIPE;
	}
	file_put(f);
	return do_iov(t, ARG_INT(0), k, a->a[1], ARG_INT(2), off);
}

/* preadv(2). */
long sys_preadv(struct task *t, const struct syscall_args *a)
{
	return piov(t, a, IO_READ, false);
}

/* pwritev(2). */
long sys_pwritev(struct task *t, const struct syscall_args *a)
{
	return piov(t, a, IO_WRITE, false);
}

/* preadv2(2). RWF_APPEND honoured; the other RWF_* flags have no effect here. */
long sys_preadv2(struct task *t, const struct syscall_args *a)
{
	return piov(t, a, IO_READ, true);
}

/* pwritev2(2). RWF_APPEND honoured; the other RWF_* flags have no effect here. */
long sys_pwritev2(struct task *t, const struct syscall_args *a)
{
	return piov(t, a, IO_WRITE, true);
}

/* lseek(2). */
long sys_lseek(struct task *t, const struct syscall_args *a)
{
	struct file *f = fd_get(t, ARG_INT(0));
	long r;

	if (!f)
		return -EBADF;
	r = vfs_llseek(f, (int64_t)a->a[1], ARG_INT(2));
	file_put(f);
	return r;
}

/* Copies between two files in kernel chunks (sendfile, copy_file_range). */
static long copy_files(struct file *in, int64_t *inoff, struct file *out, int64_t *outoff, size_t n)
{
	char *buf = kmalloc(CHUNK);
	long done = 0, r = 0;

	if (n > MAX_RW)
		n = MAX_RW;
	while ((size_t)done < n) {
		size_t c = MIN(n - (size_t)done, (size_t)CHUNK);
		long w;

		r = inoff ? vfs_pread(in, buf, c, *inoff) : vfs_read(in, buf, c);
		if (r <= 0)
			break;
		w = outoff ? vfs_pwrite(out, buf, (size_t)r, *outoff) : vfs_write(out, buf, (size_t)r);
		if (w < 0) {
			r = w;
			break;
		}
		if (inoff)
			*inoff += w;
		if (outoff)
			*outoff += w;
		done += w;
		/* A short read or write ends it, as Linux's splice_direct_to_actor: a tty or pipe
		 * that returned what it had must not be read again (that would wait for more). */
		if (w < r || (size_t)r < c)
			break;
	}
	kfree(buf);
	return done ? done : r;
}

/* sendfile(2). */
long sys_sendfile(struct task *t, const struct syscall_args *a)
{
	struct file *out = fd_get(t, ARG_INT(0)), *in = fd_get(t, ARG_INT(1));
	int64_t off, *offp = NULL;
	long r;

	if (!out || !in) {
		r = -EBADF;
		goto done;
	}
	if (!file_can_read(in) || !file_can_write(out)) {
		r = -EBADF;
		goto done;
	}
	if ((out->flags & LINUX_O_APPEND) || (in->inode && MODE_ISDIR(in->inode->mode))) {
		r = -EINVAL;
		goto done;
	}
	if (a->a[2]) {
		if (copy_from_user(t->mm, &off, a->a[2], 8)) {
			r = -EFAULT;
			goto done;
		}
		if (off < 0) {
			r = -EINVAL;
			goto done;
		}
		offp = &off;
	}
	r = copy_files(in, offp, out, NULL, a->a[3]);
	if (offp && r >= 0 && copy_to_user(t->mm, a->a[2], &off, 8))
		r = -EFAULT;
done:
	if (in)
		file_put(in);
	if (out)
		file_put(out);
	return r;
}

/* copy_file_range(2). */
long sys_copy_file_range(struct task *t, const struct syscall_args *a)
{
	struct file *in = fd_get(t, ARG_INT(0)), *out = fd_get(t, ARG_INT(2));
	int64_t ioff, ooff, *ip = NULL, *op = NULL;
	long r;

	if (!in || !out) {
		r = -EBADF;
		goto done;
	}
	if (a->a[5]) {
		r = -EINVAL;
		goto done;
	}
	if (!file_can_read(in) || !file_can_write(out) || (out->flags & LINUX_O_APPEND)) {
		r = -EBADF;
		goto done;
	}
	if (!in->inode || !out->inode || !MODE_ISREG(in->inode->mode) || !MODE_ISREG(out->inode->mode)) {
		r = (in->inode && MODE_ISDIR(in->inode->mode)) || (out->inode && MODE_ISDIR(out->inode->mode)) ?
			    -EISDIR : -EINVAL;
		goto done;
	}
	if (a->a[1]) {
		if (copy_from_user(t->mm, &ioff, a->a[1], 8)) {
			r = -EFAULT;
			goto done;
		}
		ip = &ioff;
	}
	if (a->a[3]) {
		if (copy_from_user(t->mm, &ooff, a->a[3], 8)) {
			r = -EFAULT;
			goto done;
		}
		op = &ooff;
	}
	if ((ip && *ip < 0) || (op && *op < 0)) {
		r = -EINVAL;
		goto done;
	}
	{
		/* The same file with overlapping ranges is EINVAL (generic_copy_file_checks). */
		struct linux_stat si, so;
		int64_t a0 = ip ? *ip : in->pos, b0 = op ? *op : out->pos, n = (int64_t)a->a[4];

		if (vfs_fstat(in, &si) == 0 && vfs_fstat(out, &so) == 0 && si.st_ino == so.st_ino &&
		    si.st_dev == so.st_dev && a0 < b0 + n && b0 < a0 + n) {
			r = -EINVAL;
			goto done;
		}
	}
	r = copy_files(in, ip ? ip : &in->pos, out, op ? op : &out->pos, a->a[4]);
	if (r >= 0 && ip && copy_to_user(t->mm, a->a[1], ip, 8))
		r = -EFAULT;
	if (r >= 0 && op && copy_to_user(t->mm, a->a[3], op, 8))
		r = -EFAULT;
done:
	if (in)
		file_put(in);
	if (out)
		file_put(out);
	return r;
}
