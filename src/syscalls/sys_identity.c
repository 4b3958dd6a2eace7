/* SPDX-License-Identifier: MIT */
/* Credentials: the uid/gid get/set families, groups, capget/capset (Linux kernel/sys.c rules). */
#include "abi/errno.h"
#include "kernel/task.h"
#include "mm/uaccess.h"
#include "syscalls/syscalls.h"

#define CRED (&t->tg->cred)

long sys_getuid(struct task *t, const struct syscall_args *a) { (void)a; return CRED->uid; }
long sys_geteuid(struct task *t, const struct syscall_args *a) { (void)a; return CRED->euid; }
long sys_getgid(struct task *t, const struct syscall_args *a) { (void)a; return CRED->gid; }
long sys_getegid(struct task *t, const struct syscall_args *a) { (void)a; return CRED->egid; }

static bool capable(struct task *t)
{
	return CRED->euid == 0;
}

/* setresuid(2); the others are expressed through it. -1 keeps a field. */
static long set_res_uid(struct task *t, uint32_t r, uint32_t e, uint32_t s)
{
	struct cred *c = CRED;
	uint32_t none = (uint32_t)-1;

	if (!capable(t)) {
		if (r != none && r != c->uid && r != c->euid && r != c->suid)
			return -EPERM;
		if (e != none && e != c->uid && e != c->euid && e != c->suid)
			return -EPERM;
		if (s != none && s != c->uid && s != c->euid && s != c->suid)
			return -EPERM;
	}
	if (r != none)
		c->uid = r;
	if (e != none)
		c->euid = e;
	if (s != none)
		c->suid = s;
	c->fsuid = c->euid;
	return 0;
}

static long set_res_gid(struct task *t, uint32_t r, uint32_t e, uint32_t s)
{
	struct cred *c = CRED;
	uint32_t none = (uint32_t)-1;

	if (!capable(t)) {
		if (r != none && r != c->gid && r != c->egid && r != c->sgid)
			return -EPERM;
		if (e != none && e != c->gid && e != c->egid && e != c->sgid)
			return -EPERM;
		if (s != none && s != c->gid && s != c->egid && s != c->sgid)
			return -EPERM;
	}
	if (r != none)
		c->gid = r;
	if (e != none)
		c->egid = e;
	if (s != none)
		c->sgid = s;
	c->fsgid = c->egid;
	return 0;
}

/* setuid(2). */
long sys_setuid(struct task *t, const struct syscall_args *a)
{
	uint32_t u = (uint32_t)a->a[0];

	if (u == (uint32_t)-1)
		return -EINVAL;
	if (capable(t))
		return set_res_uid(t, u, u, u);
	if (u != CRED->uid && u != CRED->suid)
		return -EPERM;
	return set_res_uid(t, (uint32_t)-1, u, (uint32_t)-1);
}

/* setgid(2). */
long sys_setgid(struct task *t, const struct syscall_args *a)
{
	uint32_t g = (uint32_t)a->a[0];

	if (g == (uint32_t)-1)
		return -EINVAL;
	if (capable(t))
		return set_res_gid(t, g, g, g);
	if (g != CRED->gid && g != CRED->sgid)
		return -EPERM;
	return set_res_gid(t, (uint32_t)-1, g, (uint32_t)-1);
}

/* setreuid(2). */
long sys_setreuid(struct task *t, const struct syscall_args *a)
{
	uint32_t r = (uint32_t)a->a[0], e = (uint32_t)a->a[1], old = CRED->uid;
	long ret = set_res_uid(t, r, e, (uint32_t)-1);

	if (ret == 0 && (r != (uint32_t)-1 || (e != (uint32_t)-1 && e != old)))
		CRED->suid = CRED->euid;
	return ret;
}

/* setregid(2). */
long sys_setregid(struct task *t, const struct syscall_args *a)
{
	uint32_t r = (uint32_t)a->a[0], e = (uint32_t)a->a[1], old = CRED->gid;
	long ret = set_res_gid(t, r, e, (uint32_t)-1);

	if (ret == 0 && (r != (uint32_t)-1 || (e != (uint32_t)-1 && e != old)))
		CRED->sgid = CRED->egid;
	return ret;
}

/* setresuid(2). */
long sys_setresuid(struct task *t, const struct syscall_args *a)
{
	return set_res_uid(t, (uint32_t)a->a[0], (uint32_t)a->a[1], (uint32_t)a->a[2]);
}

/* setresgid(2). */
long sys_setresgid(struct task *t, const struct syscall_args *a)
{
	return set_res_gid(t, (uint32_t)a->a[0], (uint32_t)a->a[1], (uint32_t)a->a[2]);
}

static long put3(struct task *t, const struct syscall_args *a, uint32_t x, uint32_t y, uint32_t z)
{
	if (copy_to_user(t->mm, a->a[0], &x, 4) || copy_to_user(t->mm, a->a[1], &y, 4) ||
	    copy_to_user(t->mm, a->a[2], &z, 4))
		return -EFAULT;
	return 0;
}

/* getresuid(2). */
long sys_getresuid(struct task *t, const struct syscall_args *a)
{
	return put3(t, a, CRED->uid, CRED->euid, CRED->suid);
}

/* getresgid(2). */
long sys_getresgid(struct task *t, const struct syscall_args *a)
{
	return put3(t, a, CRED->gid, CRED->egid, CRED->sgid);
}

/* setfsuid(2): returns the old value whether or not it changed. */
long sys_setfsuid(struct task *t, const struct syscall_args *a)
{
	uint32_t old = CRED->fsuid, u = (uint32_t)a->a[0];

	if (capable(t) || u == CRED->uid || u == CRED->euid || u == CRED->suid || u == CRED->fsuid)
		CRED->fsuid = u;
	return old;
}

/* setfsgid(2). */
long sys_setfsgid(struct task *t, const struct syscall_args *a)
{
	uint32_t old = CRED->fsgid, g = (uint32_t)a->a[0];

	if (capable(t) || g == CRED->gid || g == CRED->egid || g == CRED->sgid || g == CRED->fsgid)
		CRED->fsgid = g;
	return old;
}

/* getgroups(2). */
long sys_getgroups(struct task *t, const struct syscall_args *a)
{
	int n = ARG_INT(0);

	if (n < 0)
		return -EINVAL;
	if (n == 0)
		return CRED->ngroups;
	if (n < CRED->ngroups)
		return -EINVAL;
	if (copy_to_user(t->mm, a->a[1], CRED->groups, sizeof(uint32_t) * (size_t)CRED->ngroups))
		return -EFAULT;
	return CRED->ngroups;
}

/* setgroups(2). At most 32 groups. */
long sys_setgroups(struct task *t, const struct syscall_args *a)
{
	int n = ARG_INT(0);

	if (!capable(t))
		return -EPERM;
	if (n < 0 || n > 65536)
		return -EINVAL;
	if (n > 32)
		return -ENOMEM;
	if (copy_from_user(t->mm, CRED->groups, a->a[1], sizeof(uint32_t) * (size_t)n))
		return -EFAULT;
	CRED->ngroups = n;
	return 0;
}
