/* SPDX-License-Identifier: MIT */
/* Per-process fd tables (shared with CLONE_FILES), close-on-exec. */
#include <string.h>
#include "abi/errno.h"
#include "fs/vfs/vfs.h"
#include "kernel/task.h"
#include "lib/kstd.h"

struct fdtable *fdtable_new(void)
{
	struct fdtable *ft = kzalloc(sizeof(*ft));

	ft->refs = 1;
	return ft;
}

static void grow(struct fdtable *ft, int want)
{
	int n = ft->max ? ft->max : 64;

	while (n <= want)
		n *= 2;
	ft->fd = krealloc(ft->fd, sizeof(struct file *) * (size_t)n);
	ft->cloexec = krealloc(ft->cloexec, (size_t)n);
	memset(ft->fd + ft->max, 0, sizeof(struct file *) * (size_t)(n - ft->max));
	memset(ft->cloexec + ft->max, 0, (size_t)(n - ft->max));
	ft->max = n;
}

struct fdtable *fdtable_dup(struct fdtable *old)
{
	struct fdtable *ft = fdtable_new();
	int i;

	if (old->max)
		grow(ft, old->max - 1);
	for (i = 0; i < old->max; i++) {
		ft->fd[i] = old->fd[i];
		ft->cloexec[i] = old->cloexec[i];
		if (ft->fd[i])
			file_get(ft->fd[i]);
	}
	return ft;
}

void fdtable_put(struct fdtable *ft)
{
	int i;

	if (--ft->refs > 0)
		return;
	for (i = 0; i < ft->max; i++) {
		if (ft->fd[i]) {
			vfs_locks_release(current, ft->fd[i], true);
			file_put(ft->fd[i]);
		}
	}
	kfree(ft->fd);
	kfree(ft->cloexec);
	kfree(ft);
}

struct file *fd_get(struct task *t, int fd)
{
	struct fdtable *ft = t->files;

	if (fd < 0 || fd >= ft->max || !ft->fd[fd])
		return NULL;
	file_get(ft->fd[fd]);
	return ft->fd[fd];
}

uint64_t task_nofile_limit(struct task *t)
{
	uint64_t lim = t->tg->rlim[LINUX_RLIMIT_NOFILE].cur;

	return lim > 1048576 ? 1048576 : lim;
}

int fd_install(struct task *t, struct file *f, int min, bool cloexec)
{
	struct fdtable *ft = t->files;
	int i;

	if (min < 0)
		return -EINVAL;
	for (i = min; (uint64_t)i < task_nofile_limit(t); i++) {
		if (i >= ft->max)
			grow(ft, i);
		if (!ft->fd[i]) {
			ft->fd[i] = f;
			ft->cloexec[i] = cloexec;
			return i;
		}
	}
	return -EMFILE;
}

int fd_install_at(struct task *t, struct file *f, int fd, bool cloexec)
{
	struct fdtable *ft = t->files;
	struct file *old;

	if (fd < 0 || (uint64_t)fd >= task_nofile_limit(t))
		return -EBADF;
	if (fd >= ft->max)
		grow(ft, fd);
	old = ft->fd[fd];
	ft->fd[fd] = f;
	ft->cloexec[fd] = cloexec;
	if (old) {
		vfs_locks_release(t, old, true);
		file_put(old);
	}
	return fd;
}

int fd_close(struct task *t, int fd)
{
	struct fdtable *ft = t->files;
	struct file *f;

	if (fd < 0 || fd >= ft->max || !ft->fd[fd])
		return -EBADF;
	f = ft->fd[fd];
	ft->fd[fd] = NULL;
	ft->cloexec[fd] = 0;
	vfs_locks_release(t, f, true);
	file_put(f);
	return 0;
}

void fd_close_on_exec(struct task *t)
{
	struct fdtable *ft = t->files;
	int i;

	if (ft->refs > 1) {
		t->files = fdtable_dup(ft);
		ft->refs--;
		ft = t->files;
	}
	for (i = 0; i < ft->max; i++)
		if (ft->fd[i] && ft->cloexec[i])
			fd_close(t, i);
}

bool fd_get_cloexec(struct task *t, int fd)
{
	return fd >= 0 && fd < t->files->max && t->files->cloexec[fd];
}

void fd_set_cloexec(struct task *t, int fd, bool on)
{
	if (fd >= 0 && fd < t->files->max)
		t->files->cloexec[fd] = on;
}

struct fs_info *fs_info_new(const struct path *root)
{
	struct fs_info *fs = kzalloc(sizeof(*fs));

	fs->refs = 1;
	fs->root = *root;
	fs->cwd = *root;
	path_get(&fs->root);
	path_get(&fs->cwd);
	return fs;
}

struct fs_info *fs_info_dup(struct fs_info *old)
{
	struct fs_info *fs = fs_info_new(&old->root);

	path_put(&fs->cwd);
	fs->cwd = old->cwd;
	path_get(&fs->cwd);
	fs->umask = old->umask;
	return fs;
}

void fs_info_put(struct fs_info *fs)
{
	if (--fs->refs > 0)
		return;
	path_put(&fs->root);
	path_put(&fs->cwd);
	kfree(fs);
}
