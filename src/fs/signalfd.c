/* SPDX-License-Identifier: MIT */
/* signalfd(2): the reading task's pending signals in the mask, read as signalfd_siginfo. */
#include <string.h>
#include "abi/errno.h"
#include "fs/vfs/vfs.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "lib/kstd.h"

struct signalfd {
	linux_sigset_t mask;
};

/* struct signalfd_siginfo (128 bytes). */
struct linux_signalfd_siginfo {
	uint32_t ssi_signo;
	int32_t ssi_errno, ssi_code;
	uint32_t ssi_pid, ssi_uid;
	int32_t ssi_fd;
	uint32_t ssi_tid, ssi_band, ssi_overrun, ssi_trapno;
	int32_t ssi_status, ssi_int;
	uint64_t ssi_ptr, ssi_utime, ssi_stime, ssi_addr;
	uint16_t ssi_addr_lsb;
	uint8_t pad[46];
};

static void fill(struct linux_signalfd_siginfo *o, const struct linux_siginfo *i)
{
	memset(o, 0, sizeof(*o));
	o->ssi_signo = (uint32_t)i->si_signo;
	o->ssi_errno = i->si_errno;
	o->ssi_code = i->si_code;
	switch (i->si_signo) {
	case LINUX_SIGCHLD:
		o->ssi_pid = (uint32_t)i->u.chld.pid;
		o->ssi_uid = i->u.chld.uid;
		o->ssi_status = i->u.chld.status;
		o->ssi_utime = (uint64_t)i->u.chld.utime;
		o->ssi_stime = (uint64_t)i->u.chld.stime;
		break;
	case LINUX_SIGSEGV: case LINUX_SIGBUS: case LINUX_SIGILL: case LINUX_SIGFPE: case LINUX_SIGTRAP:
		o->ssi_addr = i->u.fault.addr;
		break;
	default:
		o->ssi_pid = (uint32_t)i->u.rt.pid;
		o->ssi_uid = i->u.rt.uid;
		if (i->si_code == LINUX_SI_QUEUE || i->si_code == LINUX_SI_TIMER) {
			o->ssi_int = (int32_t)i->u.rt.value;
			o->ssi_ptr = i->u.rt.value;
		}
		if (i->si_code == LINUX_SI_TIMER) {
			o->ssi_tid = (uint32_t)i->u.timer.tid;
			o->ssi_overrun = (uint32_t)i->u.timer.overrun;
		}
	}
}

static long sfd_read(struct file *f, void *buf, size_t n, int64_t *pos)
{
	struct signalfd *s = f->priv;
	struct task *t = current;
	size_t done = 0;

	(void)pos;
	if (n < sizeof(struct linux_signalfd_siginfo))
		return -EINVAL;
	for (;;) {
		struct linux_siginfo info;

		while (done + sizeof(struct linux_signalfd_siginfo) <= n && signal_dequeue(t, s->mask, &info)) {
			fill((struct linux_signalfd_siginfo *)((char *)buf + done), &info);
			done += sizeof(struct linux_signalfd_siginfo);
		}
		if (done)
			return (long)done;
		if (f->flags & LINUX_O_NONBLOCK)
			return -EAGAIN;
		{
			struct waiter w;
			int r;

			waitq_add(&t->tg->signalfd_wait, &w, t);
			r = task_sleep(t, -1, NULL, 0, true);
			waitq_del(&w);
			if (r == -EINTR)
				return -ERESTARTSYS;
		}
	}
}

static unsigned sfd_poll(struct file *f, struct poll_table *pt)
{
	struct signalfd *s = f->priv;

	poll_wait(pt, &current->tg->signalfd_wait);
	return (signal_pending_set(current) & s->mask) ? LINUX_POLLIN | LINUX_POLLRDNORM : 0;
}

static void sfd_release(struct file *f)
{
	kfree(f->priv);
}

static const struct file_ops signalfd_ops = {
	.read = sfd_read,
	.poll = sfd_poll,
	.release = sfd_release,
};

bool file_is_signalfd(struct file *f)
{
	return f->ops == &signalfd_ops;
}

void signalfd_set_mask(struct file *f, linux_sigset_t mask)
{
	((struct signalfd *)f->priv)->mask = mask & ~SIG_UNBLOCKABLE;
}

struct file *signalfd_create(linux_sigset_t mask, int flags)
{
	struct file *f = file_new(&signalfd_ops, LINUX_O_RDWR | (flags & LINUX_O_NONBLOCK));

	f->priv = kzalloc(sizeof(struct signalfd));
	signalfd_set_mask(f, mask);
	f->inode = inode_new(NULL, 0600);
	f->anon_name = kstrdup("anon_inode:[signalfd]");
	return f;
}
