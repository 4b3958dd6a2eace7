/* SPDX-License-Identifier: MIT */
/*
 * Unix 98 pseudo-terminals and devpts (Linux pty.c and devpts/inode.c).
 * Opening /dev/ptmx makes a pair: the master file is returned, the slave
 * appears as /dev/pts/N (locked until TIOCSPTLCK 0, as unlockpt does).
 * Writes to the master are the slave's keyboard input; the slave's
 * processed output is what the master reads (in packet mode each read
 * starts with a status byte). Closing the master hangs the slave up and
 * removes /dev/pts/N; when the last slave file closes, master reads give
 * EIO once the output is drained.
 */
#include <string.h>
#include "abi/errno.h"
#include "abi/ioctl.h"
#include "abi/poll.h"
#include "fs/tty/tty.h"
#include "fs/vfs/vfs.h"
#include "kernel/task.h"
#include "lib/err.h"
#include "lib/kstd.h"
#include "mm/uaccess.h"

#define PTY_MAX 4096 /* Linux's default kernel.pty.max */
#define PTS_MAJOR 136
#define TTY_GID 5

struct pty {
	struct tty *tty;
	struct inode *inode; /* /dev/pts/N */
	bool slave_closed;   /* the slave was opened and all its files are closed */
};

static struct pty *ptys[PTY_MAX];
static struct super_block *devpts_sb;
static struct dentry *devpts_root;
static struct inode *ptmx_inode;

static struct pty *pty_of(struct tty *tty)
{
	return tty->index >= 0 && tty->index < PTY_MAX ? ptys[tty->index] : NULL;
}

static void pty_output_ready(struct tty *tty)
{
	waitq_wake_all(&tty->mwait);
}

static void pty_slave_closed(struct tty *tty);

/* IXON with ^S/^Q: what packet mode reports as DOSTOP (Linux pty_set_termios). */
static bool std_flow(const struct linux_termios2 *t)
{
	return (t->c_iflag & TI_IXON) && t->c_cc[VSTOP_] == 023 && t->c_cc[VSTART_] == 021;
}

/* Linux pty_set_termios: a pty has no line, so no parity and always 8 bits; packet mode hears of IXON changes. */
static void pty_set_termios(struct tty *tty, const struct linux_termios2 *old)
{
	bool old_flow = std_flow(old), new_flow = std_flow(&tty->tio);

	if (tty->packet && old_flow != new_flow) {
		tty->pktstatus &= (uint8_t)~(LINUX_TIOCPKT_DOSTOP | LINUX_TIOCPKT_NOSTOP);
		tty->pktstatus |= new_flow ? LINUX_TIOCPKT_DOSTOP : LINUX_TIOCPKT_NOSTOP;
		waitq_wake_all(&tty->mwait);
	}
	tty->tio.c_cflag = (tty->tio.c_cflag & ~(TC_CSIZE | TC_PARENB)) | TC_CS8 | TC_CREAD;
}

static const struct tty_driver pty_driver = {
	.name = "pty",
	.output_ready = pty_output_ready,
	.close = pty_slave_closed,
	.set_termios = pty_set_termios,
};

static const struct inode_ops devpts_node_iops;

/* ---- The master side ---- */

static struct tty *mtty(struct file *f)
{
	return f->priv;
}

static bool slave_gone(struct tty *tty)
{
	struct pty *p = pty_of(tty);

	return p && p->slave_closed && tty->opens == 0;
}

static long ptm_read(struct file *f, void *buf, size_t n, int64_t *pos)
{
	struct tty *tty = mtty(f);
	unsigned char *b = buf;
	long r;

	(void)pos;
	if (!n)
		return 0;
	for (;;) {
		if (tty->packet && tty->pktstatus) {
			b[0] = tty->pktstatus;
			tty->pktstatus = 0;
			return 1;
		}
		if (tty->olen > tty->oheld) {
			if (tty->packet) {
				b[0] = 0;
				return n == 1 ? 1 : 1 + (long)tty_take_output(tty, b + 1, n - 1);
			}
			return (long)tty_take_output(tty, b, n);
		}
		if (slave_gone(tty))
			return -EIO;
		if (f->flags & LINUX_O_NONBLOCK)
			return -EAGAIN;
		{
			struct waiter w;

			waitq_add(&tty->mwait, &w, current);
			r = task_sleep(current, -1, NULL, 0, true);
			waitq_del(&w);
		}
		if (r == -EINTR)
			return -ERESTARTSYS;
	}
}

static long ptm_write(struct file *f, const void *buf, size_t n, int64_t *pos)
{
	struct tty *tty = mtty(f);
	size_t done = 0;
	long r;

	(void)pos;
	while (done < n) {
		struct waiter w;

		if (!tty->mstopped)
			done += tty_input(tty, (const unsigned char *)buf + done, n - done);
		if (done == n)
			break;
		if (f->flags & LINUX_O_NONBLOCK)
			return done ? (long)done : -EAGAIN;
		waitq_add(&tty->mwait, &w, current);
		r = task_sleep(current, -1, NULL, 0, true);
		waitq_del(&w);
		if (r == -EINTR)
			return done ? (long)done : -ERESTARTSYS;
	}
	return (long)done;
}

static unsigned ptm_poll(struct file *f, struct poll_table *pt)
{
	struct tty *tty = mtty(f);
	unsigned m = 0;

	poll_wait(pt, &tty->mwait);
	if (tty->olen > tty->oheld || (tty->packet && tty->pktstatus))
		m |= LINUX_POLLIN | LINUX_POLLRDNORM;
	if (tty->packet && tty->pktstatus)
		m |= LINUX_POLLPRI;
	if (slave_gone(tty))
		m |= LINUX_POLLHUP;
	if (!tty_input_full(tty) && !tty->mstopped)
		m |= LINUX_POLLOUT | LINUX_POLLWRNORM;
	return m;
}

static void pty_kill(struct tty *tty)
{
	struct pty *p = pty_of(tty);
	struct dentry *d;

	if (!p)
		return;
	/* /dev/pts/N goes away with the master (Linux devpts_pty_kill). */
	if (devpts_root) {
		char name[16];

		ksnprintf(name, sizeof(name), "%d", tty->index);
		list_for_each_entry(d, &devpts_root->children, child_link) {
			if (!strcmp(d->name, name)) {
				dentry_unhash(d);
				break;
			}
		}
	}
	inode_put(p->inode);
	ptys[tty->index] = NULL;
	kfree(p);
	tty->index = -2; /* no longer in the table */
}

static void ptm_release(struct file *f)
{
	struct tty *tty = mtty(f);

	tty->master_open = false;
	tty_hangup(tty);
	pty_kill(tty);
	tty_put(tty);
}

static struct file *open_peer(struct tty *tty, int flags)
{
	struct pty *p = pty_of(tty);
	struct file *f;
	char name[32];
	int r;

	if (!p)
		return ERR_PTR(-EIO);
	if (tty->locked)
		return ERR_PTR(-EIO);
	f = file_new(NULL, flags & ~(LINUX_O_CLOEXEC | LINUX_O_NOCTTY));
	f->inode = p->inode;
	inode_get(p->inode);
	ksnprintf(name, sizeof(name), "/dev/pts/%d", tty->index);
	f->anon_name = kstrdup(name);
	/* Like an open of /dev/pts/N: without O_NOCTTY a session leader acquires it (Linux ptm_open_peer). */
	r = pty_slave_open(tty->index, f, flags);
	if (r < 0) {
		file_put(f);
		return ERR_PTR(r);
	}
	return f;
}

static long ptm_ioctl(struct file *f, unsigned cmd, uaddr_t arg)
{
	struct tty *tty = mtty(f);
	int32_t v;

	switch (cmd) {
	case LINUX_TIOCGPTN:
		v = tty->index;
		return copy_to_user(current->mm, arg, &v, 4);
	case LINUX_TIOCSPTLCK:
		if (copy_from_user(current->mm, &v, arg, 4))
			return -EFAULT;
		tty->locked = v != 0;
		return 0;
	case LINUX_TIOCGPTLCK:
		v = tty->locked;
		return copy_to_user(current->mm, arg, &v, 4);
	case LINUX_TIOCPKT:
		if (copy_from_user(current->mm, &v, arg, 4))
			return -EFAULT;
		if (v && !tty->packet)
			tty->pktstatus = 0;
		tty->packet = v != 0;
		return 0;
	case LINUX_TIOCGPKT:
		v = tty->packet;
		return copy_to_user(current->mm, arg, &v, 4);
	case LINUX_TIOCSIG:
		/* Linux pty_signal: the keyboard's signals only, to the slave's foreground group. */
		if (arg != LINUX_SIGINT && arg != LINUX_SIGQUIT && arg != LINUX_SIGTSTP)
			return -EINVAL;
		if (tty->pgrp)
			tty_signal_pgrp(tty->pgrp, (int)arg);
		return 0;
	case LINUX_TCXONC:
		/*
		 * The master's own flow: TCOOFF/TCOON suspend and resume writes to
		 * the master; TCIOFF/TCION send VSTOP/VSTART (^S/^Q, the master's
		 * termios being Linux's defaults) as input to the slave.
		 */
		switch (arg) {
		case LINUX_TCOOFF:
			tty->mstopped = true;
			return 0;
		case LINUX_TCOON:
			tty->mstopped = false;
			waitq_wake_all(&tty->mwait);
			return 0;
		case LINUX_TCIOFF:
		case LINUX_TCION: {
			unsigned char c = arg == LINUX_TCIOFF ? 023 : 021;

			tty_input(tty, &c, 1);
			return 0;
		}
		}
		return -EINVAL;
	case LINUX_TIOCGPTPEER: {
		int flags = (int)arg;
		struct file *s;
		int fd;

		if (flags & ~(LINUX_O_ACCMODE | LINUX_O_NOCTTY | LINUX_O_NONBLOCK | LINUX_O_CLOEXEC))
			return -EINVAL;
		s = open_peer(tty, flags);
		if (IS_ERR(s))
			return PTR_ERR(s);
		fd = fd_install(current, s, 0, flags & LINUX_O_CLOEXEC);
		if (fd < 0)
			file_put(s);
		return fd;
	}
	}
	return tty_ioctl(tty, f, cmd, arg, true);
}

static int64_t ptm_llseek(struct file *f, int64_t off, int whence)
{
	(void)f; (void)off; (void)whence;
	return -ESPIPE;
}

static const struct file_ops ptm_fops = {
	.read = ptm_read,
	.write = ptm_write,
	.poll = ptm_poll,
	.ioctl = ptm_ioctl,
	.llseek = ptm_llseek,
	.release = ptm_release,
};

static struct inode *new_pts_inode(int index)
{
	struct inode *i = inode_new(devpts_sb, S_IFCHR_ | 0620);

	i->ino = (uint64_t)index + 3;
	i->rdev = MKDEV(PTS_MAJOR + index / 256, index % 256);
	i->uid = current ? current->tg->cred.fsuid : 0;
	i->gid = TTY_GID;
	i->nlink = 1;
	i->iops = &devpts_node_iops;
	i->atime = i->mtime = i->ctime = (struct linux_timespec){ clock_realtime_ns() / 1000000000,
								  clock_realtime_ns() % 1000000000 };
	return i;
}

int ptmx_open(struct file *f, int flags)
{
	struct tty *tty;
	struct pty *p;
	int i;

	(void)flags;
	for (i = 0; i < PTY_MAX && ptys[i]; i++)
		;
	if (i == PTY_MAX)
		return -ENOSPC;
	if (!devpts_sb) {
		struct super_block *sb;

		devpts_mount(&sb);
	}
	tty = tty_new(&pty_driver, i);
	/* Linux's pts driver starts from tty_std_termios without HUPCL: c_cflag B38400|CS8|CREAD. */
	tty->tio.c_cflag &= ~TC_HUPCL;
	tty->master_open = true;
	tty->locked = true;
	p = kzalloc(sizeof(*p));
	p->tty = tty;
	p->inode = new_pts_inode(i);
	ptys[i] = p;
	f->ops = &ptm_fops;
	f->priv = tty; /* the master file holds the tty's first reference */
	return 0;
}


int pty_slave_open(int index, struct file *f, int flags)
{
	struct pty *p = index >= 0 && index < PTY_MAX ? ptys[index] : NULL;
	int r;

	if (!p || !p->tty->master_open)
		return -EIO;
	if (p->tty->locked)
		return -EIO;
	r = tty_open_file(p->tty, f, flags, false);
	if (r == 0) {
		p->slave_closed = false;
		p->tty->hungup = false;
	}
	return r;
}

/* A terminal-side file of the pty closed. */
static void pty_slave_closed(struct tty *tty)
{
	struct pty *p = pty_of(tty);

	if (p && tty->opens == 0)
		p->slave_closed = true;
	waitq_wake_all(&tty->mwait);
}

/* ---- devpts ---- */

static struct inode *devpts_lookup(struct inode *dir, const char *name)
{
	long n;

	(void)dir;
	if (!strcmp(name, "ptmx")) {
		inode_get(ptmx_inode);
		return ptmx_inode;
	}
	if (name[0] < '0' || name[0] > '9' || (name[0] == '0' && name[1]))
		return ERR_PTR(-ENOENT);
	if (kstrtol(name, &n) < 0 || n < 0 || n >= PTY_MAX || !ptys[n])
		return ERR_PTR(-ENOENT);
	inode_get(ptys[n]->inode);
	return ptys[n]->inode;
}

static long devpts_getdents(struct file *f, void *buf, size_t n)
{
	size_t used = 0;
	char name[16];
	int64_t i;

	/* Offsets: 0 ".", 1 "..", 2 "ptmx", 3 + N for /dev/pts/N. */
	for (i = f->pos; i < 3 + PTY_MAX; i++) {
		bool ok = true;

		if (i == 0)
			ok = dirent_emit(buf, n, &used, 1, 1, LINUX_DT_DIR, ".");
		else if (i == 1)
			ok = dirent_emit(buf, n, &used, 1, 2, LINUX_DT_DIR, "..");
		else if (i == 2)
			ok = dirent_emit(buf, n, &used, 2, 3, LINUX_DT_CHR, "ptmx");
		else if (ptys[i - 3]) {
			ksnprintf(name, sizeof(name), "%d", (int)(i - 3));
			ok = dirent_emit(buf, n, &used, (uint64_t)i, i + 1, LINUX_DT_CHR, name);
		}
		if (!ok)
			return used ? (long)used : -EINVAL;
		f->pos = i + 1;
	}
	return (long)used;
}

static int64_t devpts_llseek(struct file *f, int64_t off, int whence)
{
	if (whence != LINUX_SEEK_SET || off < 0)
		return -EINVAL;
	f->pos = off;
	return off;
}

static const struct file_ops devpts_dir_fops = {
	.getdents = devpts_getdents,
	.llseek = devpts_llseek,
};

static int devpts_open(struct dentry *d, struct file *f, int flags)
{
	(void)d; (void)flags;
	f->ops = &devpts_dir_fops;
	return 0;
}

static int devpts_setattr(struct dentry *d, const struct iattr *ia)
{
	struct inode *i = d->inode;

	/* grantpt's chown and chmod of /dev/pts/N, as on Linux. */
	if (ia->valid & ATTR_SIZE)
		return 0;
	if (ia->valid & ATTR_MODE)
		i->mode = (i->mode & S_IFMT_) | (ia->mode & 07777);
	if (ia->valid & ATTR_UID)
		i->uid = ia->uid;
	if (ia->valid & ATTR_GID)
		i->gid = ia->gid;
	return 0;
}

static int devpts_statfs(struct super_block *sb, struct linux_statfs *st)
{
	(void)sb;
	memset(st, 0, sizeof(*st));
	st->f_type = 0x1cd1; /* DEVPTS_SUPER_MAGIC */
	st->f_bsize = 4096;
	st->f_namelen = 255;
	st->f_frsize = 4096;
	return 0;
}

static const struct inode_ops devpts_dir_iops = {
	.lookup = devpts_lookup,
	.open = devpts_open,
	.setattr = devpts_setattr,
};

static const struct inode_ops devpts_node_iops = {
	.setattr = devpts_setattr,
};

/* One devpts instance: every mount shows the same terminals. */
struct dentry *devpts_mount(struct super_block **sb_out)
{
	struct inode *root;

	if (!devpts_sb) {
		devpts_sb = kzalloc(sizeof(*devpts_sb));
		devpts_sb->fstype = "devpts";
		devpts_sb->dev = vfs_new_dev();
		devpts_sb->statfs = devpts_statfs;
		root = inode_new(devpts_sb, S_IFDIR_ | 0755);
		root->ino = 1;
		root->nlink = 2;
		root->iops = &devpts_dir_iops;
		devpts_root = dentry_new(NULL, "/", root);
		ptmx_inode = inode_new(devpts_sb, S_IFCHR_ | 0666);
		ptmx_inode->ino = 2;
		ptmx_inode->rdev = MKDEV(5, 2);
		ptmx_inode->nlink = 1;
		ptmx_inode->iops = &devpts_node_iops;
	}
	*sb_out = devpts_sb;
	dentry_get(devpts_root);
	return devpts_root;
}
