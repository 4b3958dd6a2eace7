/* SPDX-License-Identifier: MIT */
/* pidfds (pidfd_open(2)): a file that names a process; readable once it has exited. */
#include "abi/errno.h"
#include "fs/vfs/vfs.h"
#include "kernel/task.h"
#include "lib/kstd.h"

static unsigned pidfd_poll(struct file *f, struct poll_table *pt)
{
	struct thread_group *tg = f->priv;

	poll_wait(pt, &tg->exit_wait);
	return tg->state != TG_ALIVE ? LINUX_POLLIN | LINUX_POLLRDNORM : 0;
}

static void pidfd_release(struct file *f)
{
	tg_put(f->priv);
}

static const struct file_ops pidfd_ops = {
	.poll = pidfd_poll,
	.release = pidfd_release,
};

struct thread_group *pidfd_tg(struct file *f)
{
	if (f->ops == &pidfd_ops)
		return f->priv;
	return procfs_pid_of(f); /* an open /proc/PID directory works as a pidfd too */
}

struct file *pidfd_create(struct thread_group *tg, int flags)
{
	struct file *f = file_new(&pidfd_ops, LINUX_O_RDWR | (flags & LINUX_O_NONBLOCK));

	tg->refs++;
	f->priv = tg;
	f->inode = inode_new(NULL, 0600);
	f->anon_name = kstrdup("anon_inode:[pidfd]");
	return f;
}
