/* SPDX-License-Identifier: MIT */
/*
 * Path resolution inside the guest root, one component at a time (Linux
 * fs/namei.c link_path_walk). ".." never climbs above the task's root,
 * symlinks are read and interpreted here, and mounts are crossed through
 * our own mount table: no guest path ever reaches the host as a string.
 */
#include <string.h>
#include "abi/errno.h"
#include "fs/vfs/vfs.h"
#include "kernel/task.h"
#include "lib/err.h"
#include "lib/kstd.h"
#include "mm/uaccess.h"

#define MAX_SYMLINKS 40
#define PATH_MAX_ 4096

char *getname(struct task *t, uaddr_t upath)
{
	char *buf = kmalloc(PATH_MAX_);
	long r = strncpy_from_user(t->mm, buf, upath, PATH_MAX_);

	if (r < 0) {
		kfree(buf);
		return ERR_PTR(r);
	}
	return buf;
}

static bool is_dir(const struct path *p)
{
	return p->d->inode && MODE_ISDIR(p->d->inode->mode);
}

static bool same(const struct path *a, const struct path *b)
{
	return a->mnt == b->mnt && a->d == b->d;
}

/* Looks up name in dir (cache first), crossing mounts. */
int path_lookup_child(const struct path *dir, const char *name, struct path *out)
{
	struct dentry *d;
	struct inode *ino;

	if (strlen(name) > 255)
		return -ENAMETOOLONG;
	list_for_each_entry(d, &dir->d->children, child_link) {
		if (!strcmp(d->name, name)) {
			if (dentry_get_cached(d))
				goto found;
			break; /* a kept one gone stale (and freed): look the name up again */
		}
	}
	if (!dir->d->inode->iops || !dir->d->inode->iops->lookup)
		return -ENOENT;
	ino = dir->d->inode->iops->lookup(dir->d->inode, name);
	if (IS_ERR(ino))
		return (int)PTR_ERR(ino);
	d = dentry_new(dir->d, name, ino);
found:
	out->mnt = dir->mnt;
	out->d = d;
	while (out->d->mounted) {
		struct mount *m = out->d->mounted;

		dentry_get(m->root);
		dentry_put(out->d);
		out->mnt = m;
		out->d = m->root;
	}
	return 0;
}

static void go_parent(struct path *cur, const struct path *root)
{
	for (;;) {
		struct dentry *p;

		if (same(cur, root))
			return;
		if (cur->d == cur->mnt->root) {
			struct mount *m = cur->mnt;

			if (!m->parent)
				return;
			dentry_get(m->mountpoint);
			dentry_put(cur->d);
			cur->mnt = m->parent;
			cur->d = m->mountpoint;
			continue;
		}
		p = cur->d->parent;
		if (!p)
			return;
		dentry_get(p);
		dentry_put(cur->d);
		cur->d = p;
		return;
	}
}

struct walk {
	struct task *t;
	struct path root;
	int flags;
	int links;
};

static int walk(struct walk *w, struct path *cur, const char *p, bool follow_last, bool want_parent, char **last);

/* Resolves the symlink at link (found in directory dir) into *out. */
static int follow_link(struct walk *w, const struct path *dir, const struct path *link, struct path *out)
{
	struct inode *ino = link->d->inode;
	char *buf;
	long n;
	int r;

	if (w->flags & LOOKUP_NO_SYMLINKS)
		return -ELOOP;
	if (++w->links > MAX_SYMLINKS)
		return -ELOOP;
	if (ino->iops && ino->iops->get_link_path) {
		struct path target;

		r = ino->iops->get_link_path(link->d, &target);
		if (r < 0)
			return r;
		if (r != 2 && (w->flags & LOOKUP_NO_MAGICLINKS)) {
			if (r == 0)
				path_put(&target);
			return -ELOOP;
		}
		if (r == 0) {
			if (!target.mnt) /* a detached object dentry (procfs fd of a pipe) */
				target.mnt = link->mnt;
			*out = target;
			return 0;
		}
		/* 2: an ordinary symlink after all; read its text below. */
	}
	buf = kmalloc(PATH_MAX_);
	n = vfs_readlink_path(link, buf, PATH_MAX_ - 1);
	if (n < 0) {
		kfree(buf);
		return (int)n;
	}
	buf[n] = 0;
	if (buf[0] == '/') {
		if (w->flags & LOOKUP_BENEATH) {
			kfree(buf);
			return -EXDEV;
		}
		*out = w->root;
	} else {
		*out = *dir;
	}
	path_get(out);
	r = walk(w, out, buf, true, false, NULL);
	kfree(buf);
	if (r < 0)
		path_put(out);
	return r;
}

/*
 * Walks p from cur (referenced; replaced by the result). With want_parent,
 * stops before the last component and returns it in *last.
 */
static int walk(struct walk *w, struct path *cur, const char *p, bool follow_last, bool want_parent, char **last)
{
	char name[256];
	bool only_slashes = *p == '/';
	int r;

	if (*p == '/') {
		path_put(cur);
		*cur = w->root;
		path_get(cur);
		while (*p == '/')
			p++;
	}
	while (*p) {
		const char *e = strchr(p, '/');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		const char *rest = p + len;
		bool final;
		struct path next;

		while (*rest == '/')
			rest++;
		final = !*rest;
		if (len > 255)
			return -ENAMETOOLONG;
		memcpy(name, p, len);
		name[len] = 0;
		if (!is_dir(cur))
			return -ENOTDIR;
		if (final && want_parent) {
			/* A trailing slash is kept: the last component must then be a directory. */
			*last = kmalloc(len + 2);
			memcpy(*last, name, len);
			(*last)[len] = e ? '/' : 0;
			(*last)[len + 1] = 0;
			return 0;
		}
		r = vfs_permission(w->t, cur, LINUX_X_OK);
		if (r < 0)
			return r;
		if (!strcmp(name, ".")) {
			p = rest;
			continue;
		}
		if (!strcmp(name, "..")) {
			if ((w->flags & LOOKUP_BENEATH) && same(cur, &w->root))
				return -EXDEV;
			go_parent(cur, &w->root);
			p = rest;
			continue;
		}
		r = path_lookup_child(cur, name, &next);
		if (r < 0)
			return r;
		if ((w->flags & LOOKUP_NO_XDEV) && next.mnt != cur->mnt) {
			path_put(&next);
			return -EXDEV;
		}
		if (next.d->inode && MODE_ISLNK(next.d->inode->mode) && (!final || follow_last || e)) {
			struct path target;

			r = follow_link(w, cur, &next, &target);
			path_put(&next);
			if (r < 0)
				return r;
			next = target;
		}
		path_put(cur);
		*cur = next;
		if (final && e && !is_dir(cur))
			return -ENOTDIR;
		p = rest;
	}
	if (want_parent)
		*last = kstrdup(only_slashes ? "/" : ".");
	return 0;
}

static int start_path(struct task *t, int dirfd, struct path *out)
{
	struct file *f;

	if (dirfd == LINUX_AT_FDCWD) {
		*out = t->fs->cwd;
		path_get(out);
		return 0;
	}
	f = fd_get(t, dirfd);
	if (!f)
		return -EBADF;
	if (!f->path.d) {
		file_put(f);
		return -ENOTDIR;
	}
	*out = f->path;
	path_get(out);
	file_put(f);
	return 0;
}

/* Walks path from cur (a reference the walk consumes) under w->root; fills out on success. */
static int finish_walk(struct walk *w, struct path cur, const char *path, struct path *out, char **last)
{
	int r;

	path_get(&w->root);
	r = walk(w, &cur, path, w->flags & LOOKUP_FOLLOW, w->flags & LOOKUP_PARENT, last);
	path_put(&w->root);
	if (r < 0) {
		path_put(&cur);
		if (last && *last) {
			kfree(*last);
			*last = NULL;
		}
		return r;
	}
	*out = cur;
	return 0;
}

int path_lookup_at(struct task *t, const struct path *base, const char *path, int flags, struct path *out,
		   char **last)
{
	struct walk w = { .t = t, .flags = flags, .root = t->fs->root };
	struct path cur = *base;

	if (last)
		*last = NULL;
	if (!*path)
		return -ENOENT;
	path_get(&cur);
	return finish_walk(&w, cur, path, out, last);
}

int path_lookup(struct task *t, int dirfd, const char *path, int flags, struct path *out, char **last)
{
	struct walk w = { .t = t, .flags = flags };
	struct path cur;
	int r;

	if (last)
		*last = NULL;
	if (!*path) {
		if (!(flags & LOOKUP_EMPTY))
			return -ENOENT;
		r = start_path(t, dirfd, out);
		if (r == -ENOTDIR) { /* AT_EMPTY_PATH on a pathless file */
			return -ENOTDIR;
		}
		return r;
	}
	if (*path != '/' || (flags & (LOOKUP_BENEATH | LOOKUP_IN_ROOT))) {
		r = start_path(t, dirfd, &cur);
		if (r < 0)
			return r;
		if (*path != '/' && !is_dir(&cur)) {
			path_put(&cur);
			return -ENOTDIR;
		}
	} else {
		cur = t->fs->root;
		path_get(&cur);
	}
	if (flags & (LOOKUP_BENEATH | LOOKUP_IN_ROOT)) {
		w.root = cur;
		if ((flags & LOOKUP_BENEATH) && *path == '/') {
			path_put(&cur);
			return -EXDEV;
		}
	} else {
		w.root = t->fs->root;
	}
	r = finish_walk(&w, cur, path, out, last);
	if (r == 0 && (flags & LOOKUP_DIRECTORY) && !(flags & LOOKUP_PARENT) && !is_dir(out)) {
		path_put(out);
		return -ENOTDIR;
	}
	return r;
}

int path_to_string(const struct path *p, const struct path *root, char *buf, size_t n)
{
	const char *parts[256];
	struct path cur = *p;
	size_t np = 0, len = 0, i;
	bool unlinked = p->d->unhashed;

	while (!same(&cur, root) && np < 256) {
		if (cur.d == cur.mnt->root) {
			if (!cur.mnt->parent)
				break;
			cur.d = cur.mnt->mountpoint;
			cur.mnt = cur.mnt->parent;
			continue;
		}
		if (!cur.d->parent)
			break;
		parts[np++] = cur.d->name;
		cur.d = cur.d->parent;
	}
	if (n < 2)
		return -ERANGE;
	buf[0] = 0;
	if (!np) {
		buf[0] = '/';
		buf[1] = 0;
		len = 1;
	}
	for (i = np; i-- > 0;) {
		size_t l = strlen(parts[i]);

		if (len + l + 2 > n)
			return -ENAMETOOLONG;
		buf[len++] = '/';
		memcpy(buf + len, parts[i], l);
		len += l;
		buf[len] = 0;
	}
	if (unlinked) {
		if (len + 11 > n)
			return -ENAMETOOLONG;
		memcpy(buf + len, " (deleted)", 11);
		len += 10;
	}
	return (int)len;
}
