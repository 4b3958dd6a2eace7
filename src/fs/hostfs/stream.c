/* SPDX-License-Identifier: MIT */
/*
 * Host streams: ukern's own stdin/stdout/stderr given to the guest. Reads
 * and writes never block the kernel: the task polls and sleeps (without
 * kernel_lock) until the host fd is ready. When ukern's stdin and stdout
 * are a terminal the guest gets the console (fs/tty) instead; a host
 * terminal reached here (only one of them a terminal, or -T) answers the
 * termios and window size ioctls, so that isatty() and ls --color see it,
 * but it is no controlling terminal of the guest.
 */
#include <string.h>
#include "abi/errno.h"
#include "abi/ioctl.h"
#include "fs/hostfs/hostfs.h"
#include "fs/vfs/vfs.h"
#include "host/host.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "lib/kstd.h"
#include "mm/uaccess.h"

static bool ready(int fd, short ev)
{
	struct linux_pollfd p = { .fd = fd, .events = ev };

	return host_poll(&p, 1, 0) > 0 && p.revents;
}

static long wait_ready(struct file *f, short ev)
{
	struct host_watch w = { f->hostfd, ev };
	int r;

	while (!ready(f->hostfd, ev)) {
		if (f->flags & LINUX_O_NONBLOCK)
			return -EAGAIN;
		r = task_sleep(current, -1, &w, 1, true);
		if (r == -EINTR)
			return -ERESTARTSYS;
	}
	return 0;
}

static long hs_read(struct file *f, void *buf, size_t n, int64_t *pos)
{
	long r = wait_ready(f, LINUX_POLLIN);

	(void)pos;
	if (r < 0)
		return r;
	r = host_read(f->hostfd, buf, n);
	return r == -EAGAIN && !(f->flags & LINUX_O_NONBLOCK) ? -ERESTARTSYS : r;
}

static long hs_write(struct file *f, const void *buf, size_t n, int64_t *pos)
{
	size_t done = 0;
	long r;

	(void)pos;
	while (done < n) {
		r = wait_ready(f, LINUX_POLLOUT);
		if (r < 0)
			return done ? (long)done : r;
		r = host_write(f->hostfd, (const char *)buf + done, MIN(n - done, (size_t)65536));
		if (r == -EPIPE) {
			struct linux_siginfo info;

			signal_info_user(&info, LINUX_SIGPIPE, LINUX_SI_USER);
			signal_send_task(current, LINUX_SIGPIPE, &info);
			return done ? (long)done : -EPIPE;
		}
		if (r < 0)
			return done ? (long)done : r;
		done += (size_t)r;
	}
	return (long)done;
}

static unsigned hs_poll(struct file *f, struct poll_table *pt)
{
	struct linux_pollfd p = { .fd = f->hostfd, .events = LINUX_POLLIN | LINUX_POLLOUT };

	host_poll(&p, 1, 0);
	poll_host(pt, f->hostfd, LINUX_POLLIN | LINUX_POLLOUT);
	return (unsigned)(uint16_t)p.revents;
}

static int64_t hs_llseek(struct file *f, int64_t off, int whence)
{
	return host_lseek(f->hostfd, off, whence);
}

static long hs_ioctl(struct file *f, unsigned cmd, uaddr_t arg)
{
	unsigned char buf[64];
	size_t sz;
	int r;

	switch (cmd) {
	case LINUX_TCGETS:
	case LINUX_TIOCGWINSZ:
		sz = cmd == LINUX_TCGETS ? LINUX_TERMIOS_SIZE : LINUX_WINSIZE_SIZE;
		r = host_ioctl(f->hostfd, cmd, buf);
		if (r < 0)
			return r;
		return copy_to_user(current->mm, arg, buf, sz);
	case LINUX_TCSETS:
	case LINUX_TCSETSW:
	case LINUX_TCSETSF:
	case LINUX_TIOCSWINSZ:
		sz = cmd == LINUX_TIOCSWINSZ ? LINUX_WINSIZE_SIZE : LINUX_TERMIOS_SIZE;
		if (!host_is_terminal(f->hostfd))
			return -ENOTTY;
		if (copy_from_user(current->mm, buf, arg, sz))
			return -EFAULT;
		return host_ioctl(f->hostfd, cmd, buf);
	}
	/* Not the guest's controlling terminal (that is the console, fs/tty): no job control here. */
	return -ENOTTY;
}

static struct file *hs_reopen(struct file *f, int flags)
{
	int fd = host_dup_above(f->hostfd, 10);

	return fd < 0 ? NULL : hoststream_new(fd, flags, f->anon_name);
}

static const struct file_ops hoststream_ops = {
	.reopen = hs_reopen,
	.read = hs_read,
	.write = hs_write,
	.poll = hs_poll,
	.llseek = hs_llseek,
	.ioctl = hs_ioctl,
};

static int hs_getattr(struct dentry *d, struct linux_stat *st)
{
	return host_fstat((int)(intptr_t)d->inode->priv, st);
}

static const struct inode_ops hoststream_iops = {
	.getattr = hs_getattr,
};

struct file *hoststream_new(int hostfd, int flags, const char *name)
{
	struct linux_stat st;
	struct file *f = file_new(&hoststream_ops, flags);

	f->hostfd = hostfd;
	host_fstat(hostfd, &st);
	f->inode = inode_new(NULL, st.st_mode);
	f->inode->iops = &hoststream_iops;
	f->inode->priv = (void *)(intptr_t)hostfd;
	f->anon_name = kstrdup(name);
	return f;
}
