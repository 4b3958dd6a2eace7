/* SPDX-License-Identifier: MIT */
/* Extended attributes: namespaces and permission (Linux fs/xattr.c), then the filesystem's ops. */
#include <string.h>
#include "abi/errno.h"
#include "fs/vfs/vfs.h"
#include "kernel/task.h"
#include "lib/kstd.h"

#define XATTR_NAME_MAX 255
#define XATTR_SIZE_MAX 65536

static int check_name(const char *name)
{
	size_t n = strlen(name);

	if (!n || n > XATTR_NAME_MAX)
		return -ERANGE;
	if (strncmp(name, "user.", 5) && strncmp(name, "trusted.", 8) && strncmp(name, "security.", 9) &&
	    strncmp(name, "system.", 7))
		return -EOPNOTSUPP;
	return 0;
}

/* Linux xattr_permission(): user.* only on files and directories; trusted.* for root. */
static int permission(struct task *t, const struct path *p, const char *name, bool write)
{
	uint32_t m = p->d->inode->mode;

	if (!strncmp(name, "trusted.", 8) && !cred_is_root(&t->tg->cred))
		return write ? -EPERM : -ENODATA;
	if (!strncmp(name, "user.", 5)) {
		if (!MODE_ISREG(m) && !MODE_ISDIR(m))
			return write ? -EPERM : -ENODATA;
		return vfs_permission(t, p, write ? LINUX_W_OK : LINUX_R_OK);
	}
	return 0;
}

long vfs_getxattr(struct task *t, const struct path *p, const char *name, void *buf, size_t n)
{
	struct inode *i = p->d->inode;
	long r = check_name(name);

	if (r == 0)
		r = permission(t, p, name, false);
	if (r < 0)
		return r;
	if (!i->iops || !i->iops->getxattr)
		return -EOPNOTSUPP;
	return i->iops->getxattr(p->d, name, buf, MIN(n, (size_t)XATTR_SIZE_MAX));
}

int vfs_setxattr(struct task *t, const struct path *p, const char *name, const void *val, size_t n, int flags)
{
	struct inode *i = p->d->inode;
	int r;

	if (flags & ~3)
		return -EINVAL;
	r = check_name(name);
	if (r < 0)
		return r;
	if (n > XATTR_SIZE_MAX)
		return -E2BIG;
	r = permission(t, p, name, true);
	if (r < 0)
		return r;
	if (vfs_is_readonly(p))
		return -EROFS;
	if (!i->iops || !i->iops->setxattr)
		return -EOPNOTSUPP;
	return i->iops->setxattr(p->d, name, val, n, flags);
}

long vfs_listxattr(struct task *t, const struct path *p, char *buf, size_t n)
{
	struct inode *i = p->d->inode;

	(void)t;
	if (!i->iops || !i->iops->listxattr)
		return 0; /* nothing to list */
	return i->iops->listxattr(p->d, buf, MIN(n, (size_t)XATTR_SIZE_MAX));
}

int vfs_removexattr(struct task *t, const struct path *p, const char *name)
{
	struct inode *i = p->d->inode;
	int r = check_name(name);

	if (r == 0)
		r = permission(t, p, name, true);
	if (r < 0)
		return r;
	if (vfs_is_readonly(p))
		return -EROFS;
	if (!i->iops || !i->iops->removexattr)
		return -EOPNOTSUPP;
	return i->iops->removexattr(p->d, name);
}
