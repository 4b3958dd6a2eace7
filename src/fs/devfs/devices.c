/* SPDX-License-Identifier: MIT */
/*
 * Character devices by (major, minor): null, zero, full, random, urandom,
 * tty, console, ptmx and the pty slaves (fs/tty). A device node in any filesystem (a host directory's too)
 * opens ukern's device, never the host's.
 */
#include <string.h>
#include "abi/errno.h"
#include "fs/devfs/devfs.h"
#include "fs/hostfs/hostfs.h"
#include "fs/tmpfs/tmpfs.h"
#include "fs/tty/tty.h"
#include "fs/vfs/vfs.h"
#include "host/host.h"
#include "kernel/task.h"
#include "lib/kstd.h"

static long null_read(struct file *f, void *buf, size_t n, int64_t *pos)
{
	(void)f; (void)buf; (void)n; (void)pos;
	return 0;
}

static long null_write(struct file *f, const void *buf, size_t n, int64_t *pos)
{
	(void)f; (void)buf; (void)pos;
	return (long)n;
}

static long zero_read(struct file *f, void *buf, size_t n, int64_t *pos)
{
	(void)f; (void)pos;
	memset(buf, 0, n);
	return (long)n;
}

static long full_write(struct file *f, const void *buf, size_t n, int64_t *pos)
{
	(void)f; (void)buf; (void)n; (void)pos;
	return -ENOSPC;
}

static long random_read(struct file *f, void *buf, size_t n, int64_t *pos)
{
	int r;

	(void)f; (void)pos;
	r = host_getrandom(buf, n);
	return r < 0 ? r : (long)n;
}

static int64_t zero_llseek(struct file *f, int64_t off, int whence)
{
	(void)off; (void)whence;
	f->pos = 0;
	return 0;
}

static int zero_mmap(struct file *f)
{
	(void)f;
	return -ENOENT; /* mm maps anonymous memory for /dev/zero */
}

static const struct file_ops null_ops = { .read = null_read, .write = null_write, .llseek = zero_llseek };
static const struct file_ops zero_ops = { .read = zero_read, .write = null_write, .llseek = zero_llseek,
					  .mmap_fd = zero_mmap };
static const struct file_ops full_ops = { .read = zero_read, .write = full_write, .llseek = zero_llseek };
static const struct file_ops random_ops = { .read = random_read, .write = null_write, .llseek = zero_llseek };

int device_open(struct inode *inode, struct file *f, int flags)
{
	uint32_t ma = DEV_MAJOR(inode->rdev), mi = DEV_MINOR(inode->rdev);

	(void)flags;
	if (MODE_ISBLK(inode->mode))
		return -ENXIO;
	if (ma == 1) {
		switch (mi) {
		case 3: f->ops = &null_ops; return 0;
		case 5: f->ops = &zero_ops; return 0;
		case 7: f->ops = &full_ops; return 0;
		case 8:
		case 9: f->ops = &random_ops; return 0;
		}
	}
	if (ma == 5 && mi == 0)
		return current ? tty_open_ctty(current, f, flags) : -ENXIO; /* /dev/tty */
	if (ma == 5 && mi == 2)
		return ptmx_open(f, flags);
	if (ma >= 136 && ma < 144)
		return pty_slave_open((int)((ma - 136) * 256 + mi), f, flags);
	if (ma == 5 && mi == 1 && console_tty)
		return tty_open_file(console_tty, f, flags, true);
	if (ma == 5 && mi == 1) {
		/* No console tty (ukern's stdin is not a terminal): /dev/console is ukern's stdout. */
		struct file *s;
		int fd = host_dup_above(1, 10);

		if (fd < 0)
			return fd;
		s = hoststream_new(fd, flags, "/dev/console");
		f->ops = s->ops;
		f->hostfd = s->hostfd;
		s->hostfd = -1;
		file_put(s);
		return 0;
	}
	return -ENXIO;
}

struct dentry *devfs_mount(struct super_block **sb_out)
{
	struct dentry *root = tmpfs_mount(0755, sb_out, "devtmpfs");
	static const struct {
		const char *name;
		uint32_t ma, mi, mode;
	} devs[] = {
		{ "null", 1, 3, 0666 }, { "zero", 1, 5, 0666 }, { "full", 1, 7, 0666 },
		{ "random", 1, 8, 0666 }, { "urandom", 1, 9, 0666 }, { "tty", 5, 0, 0666 },
		{ "console", 5, 1, 0600 }, { "ptmx", 5, 2, 0666 },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(devs); i++)
		tmpfs_add_node(root, devs[i].name, S_IFCHR_ | devs[i].mode, MKDEV(devs[i].ma, devs[i].mi), NULL);
	tmpfs_add_node(root, "fd", S_IFLNK_ | 0777, 0, "/proc/self/fd");
	tmpfs_add_node(root, "stdin", S_IFLNK_ | 0777, 0, "/proc/self/fd/0");
	tmpfs_add_node(root, "stdout", S_IFLNK_ | 0777, 0, "/proc/self/fd/1");
	tmpfs_add_node(root, "stderr", S_IFLNK_ | 0777, 0, "/proc/self/fd/2");
	tmpfs_add_dir(root, "pts", 0755);
	tmpfs_add_dir(root, "shm", 01777);
	return root;
}
