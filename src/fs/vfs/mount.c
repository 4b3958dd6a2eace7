/* SPDX-License-Identifier: MIT */
/* The mount table: the guest root and filesystems mounted on its directories. */
#include <string.h>
#include "abi/errno.h"
#include "fs/vfs/vfs.h"
#include "lib/kstd.h"
#include "lib/strbuf.h"

struct path vfs_root;
static struct list_head mounts = LIST_HEAD_INIT(mounts);
static int next_mnt_id = 20;

static struct mount *mount_new(struct super_block *sb, struct dentry *root, const char *source, int flags)
{
	struct mount *m = kzalloc(sizeof(*m));

	m->sb = sb;
	m->root = root;
	m->source = kstrdup(source ? source : "none");
	m->flags = flags;
	m->id = next_mnt_id++;
	list_add_tail(&m->link, &mounts);
	return m;
}

struct mount *vfs_mount_root(struct super_block *sb, struct dentry *root)
{
	struct mount *m = mount_new(sb, root, "/dev/root", 0);

	vfs_root.mnt = m;
	vfs_root.d = root;
	dentry_get(root);
	return m;
}

int vfs_mount_at(const struct path *at, struct super_block *sb, struct dentry *root, const char *source,
		 int flags)
{
	struct mount *m;

	if (!MODE_ISDIR(at->d->inode->mode))
		return -ENOTDIR;
	m = mount_new(sb, root, source, flags);
	m->parent = at->mnt;
	m->mountpoint = at->d;
	dentry_get(at->d); /* the mountpoint stays cached while mounted */
	/* Stacked mounts: the newest one covers the dentry. */
	if (at->d->mounted) {
		struct mount *below = at->d->mounted;

		(void)below;
	}
	at->d->mounted = m;
	return 0;
}

int vfs_umount(const struct path *p)
{
	struct mount *m = p->mnt, *o;

	if (p->d != m->root || !m->parent)
		return -EINVAL;
	list_for_each_entry(o, &mounts, link)
		if (o->parent == m)
			return -EBUSY;
	m->mountpoint->mounted = NULL;
	dentry_put(m->mountpoint);
	list_del(&m->link);
	/* The mount object stays allocated: open files may still refer to it. */
	return 0;
}

void vfs_show_mounts(struct strbuf *sb, const struct path *root, bool mountinfo)
{
	struct mount *m;
	char buf[4096];

	list_for_each_entry(m, &mounts, link) {
		struct path p = { m, m->root };
		const char *opts = (m->flags & MNT_RDONLY) ? "ro" : "rw";

		if (path_to_string(&p, root, buf, sizeof(buf)) < 0)
			continue;
		if (mountinfo)
			sb_printf(sb, "%d %d %u:%u / %s %s,relatime - %s %s %s\n", m->id,
				  m->parent ? m->parent->id : 1, DEV_MAJOR(m->sb->dev), DEV_MINOR(m->sb->dev), buf,
				  opts, m->sb->fstype, m->source, opts);
		else
			sb_printf(sb, "%s %s %s %s,relatime 0 0\n", m->source, buf, m->sb->fstype, opts);
	}
}
