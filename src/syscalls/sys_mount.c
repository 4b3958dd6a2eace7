/* SPDX-License-Identifier: MIT */
/* mount(2) and umount2(2) inside the guest: tmpfs, proc and devpts. */
#include <string.h>
#include "abi/errno.h"
#include "fs/procfs/procfs.h"
#include "fs/tmpfs/tmpfs.h"
#include "fs/tty/tty.h"
#include "fs/vfs/vfs.h"
#include "kernel/task.h"
#include "lib/err.h"
#include "lib/kstd.h"
#include "mm/uaccess.h"
#include "syscalls/syscalls.h"

#define MS_RDONLY 1
#define MS_REMOUNT 32
#define MS_BIND 4096

/* mount(2). tmpfs, proc and devpts only; bind mounts and remounts are EINVAL. */
long sys_mount(struct task *t, const struct syscall_args *a)
{
	char fstype[32], source[256] = "none";
	struct super_block *sb;
	struct dentry *root;
	struct path p;
	char *target;
	long r;

	if (!cred_is_root(&t->tg->cred))
		return -EPERM;
	if (a->a[3] & (MS_REMOUNT | MS_BIND))
		return -EINVAL;
	if (!a->a[2])
		return -EINVAL;
	r = strncpy_from_user(t->mm, fstype, a->a[2], sizeof(fstype));
	if (r < 0)
		return r == -ENAMETOOLONG ? -ENODEV : r;
	if (a->a[0] && strncpy_from_user(t->mm, source, a->a[0], sizeof(source)) < 0)
		return -EFAULT;
	target = getname(t, a->a[1]);
	if (IS_ERR(target))
		return PTR_ERR(target);
	r = path_lookup(t, LINUX_AT_FDCWD, target, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &p, NULL);
	kfree(target);
	if (r < 0)
		return r;
	if (!strcmp(fstype, "tmpfs"))
		root = tmpfs_mount(01777, &sb, "tmpfs");
	else if (!strcmp(fstype, "proc"))
		root = procfs_mount(&sb);
	else if (!strcmp(fstype, "devpts"))
		root = devpts_mount(&sb); /* one instance: every mount shows the same terminals */
	else
		root = NULL;
	if (!root) {
		path_put(&p);
		return -ENODEV;
	}
	r = vfs_mount_at(&p, sb, root, source, (a->a[3] & MS_RDONLY) ? MNT_RDONLY : 0);
	path_put(&p);
	return r;
}

/* umount2(2). */
long sys_umount2(struct task *t, const struct syscall_args *a)
{
	char *target;
	struct path p;
	long r;

	if (!cred_is_root(&t->tg->cred))
		return -EPERM;
	if (a->a[1] & ~(uint64_t)0xf)
		return -EINVAL;
	target = getname(t, a->a[0]);
	if (IS_ERR(target))
		return PTR_ERR(target);
	r = path_lookup(t, LINUX_AT_FDCWD, target, (a->a[1] & 8) ? 0 : LOOKUP_FOLLOW, &p, NULL);
	kfree(target);
	if (r < 0)
		return r;
	r = vfs_umount(&p);
	path_put(&p);
	return r;
}
