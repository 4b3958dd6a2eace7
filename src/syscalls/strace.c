/* SPDX-License-Identifier: MIT */
/*
 * --strace: every guest syscall with decoded arguments and result, in
 * strace(1)'s format with guest pids ("[pid 3] read(0, "ab"..., 4096) = 2"),
 * so that a native `strace -f` can be diffed against it. Arguments are
 * formatted at entry (outputs at exit) on the task's own host thread.
 */
#include <string.h>
#include "abi/errno.h"
#include "abi/fcntl.h"
#include "abi/mman.h"
#include "host/host.h"
#include "kernel/task.h"
#include "lib/kstd.h"
#include "lib/strbuf.h"
#include "mm/uaccess.h"
#include "syscalls/syscalls.h"

int strace_on;
static int strace_fd = 2;
static __thread struct strbuf line;

int strace_open(const char *file)
{
	strace_on = 1;
	if (!file || !*file)
		return 0;
	strace_fd = host_openat(LINUX_AT_FDCWD, file, LINUX_O_WRONLY | LINUX_O_CREAT | LINUX_O_TRUNC, 0644);
	return strace_fd < 0 ? strace_fd : 0;
}

static const char *const errnames[] = {
	[EPERM] = "EPERM", [ENOENT] = "ENOENT", [ESRCH] = "ESRCH", [EINTR] = "EINTR", [EIO] = "EIO",
	[ENXIO] = "ENXIO", [E2BIG] = "E2BIG", [ENOEXEC] = "ENOEXEC", [EBADF] = "EBADF", [ECHILD] = "ECHILD",
	[EAGAIN] = "EAGAIN", [ENOMEM] = "ENOMEM", [EACCES] = "EACCES", [EFAULT] = "EFAULT", [EBUSY] = "EBUSY",
	[EEXIST] = "EEXIST", [EXDEV] = "EXDEV", [ENODEV] = "ENODEV", [ENOTDIR] = "ENOTDIR", [EISDIR] = "EISDIR",
	[EINVAL] = "EINVAL", [ENFILE] = "ENFILE", [EMFILE] = "EMFILE", [ENOTTY] = "ENOTTY", [EFBIG] = "EFBIG",
	[ENOSPC] = "ENOSPC", [ESPIPE] = "ESPIPE", [EROFS] = "EROFS", [EMLINK] = "EMLINK", [EPIPE] = "EPIPE",
	[ERANGE] = "ERANGE", [EDEADLK] = "EDEADLK", [ENAMETOOLONG] = "ENAMETOOLONG", [ENOSYS] = "ENOSYS",
	[ENOTEMPTY] = "ENOTEMPTY", [ELOOP] = "ELOOP", [ETIMEDOUT] = "ETIMEDOUT", [EOPNOTSUPP] = "EOPNOTSUPP",
	[EAFNOSUPPORT] = "EAFNOSUPPORT", [ENOTSOCK] = "ENOTSOCK", [EOVERFLOW] = "EOVERFLOW",
};

struct flagname {
	uint64_t bit;
	const char *name;
};

static void flags(struct strbuf *sb, uint64_t v, const struct flagname *tab, size_t n)
{
	size_t i;
	bool first = true;

	for (i = 0; i < n; i++) {
		if (tab[i].bit && (v & tab[i].bit) == tab[i].bit) {
			sb_printf(sb, "%s%s", first ? "" : "|", tab[i].name);
			v &= ~tab[i].bit;
			first = false;
		}
	}
	if (v || first)
		sb_printf(sb, "%s%#llx", first ? "" : "|", (unsigned long long)v);
}

#define F(x) { LINUX_##x, #x }
static const struct flagname openf[] = {
	F(O_WRONLY), F(O_RDWR), F(O_CREAT), F(O_EXCL), F(O_NOCTTY), F(O_TRUNC), F(O_APPEND), F(O_NONBLOCK),
	F(O_DIRECTORY), F(O_NOFOLLOW), F(O_CLOEXEC), F(O_PATH), F(O_LARGEFILE), F(O_DIRECT),
}, protf[] = { F(PROT_READ), F(PROT_WRITE), F(PROT_EXEC) },
   mapf[] = { F(MAP_SHARED), F(MAP_PRIVATE), F(MAP_FIXED), F(MAP_ANONYMOUS), F(MAP_NORESERVE), F(MAP_STACK),
	      F(MAP_POPULATE), F(MAP_GROWSDOWN), F(MAP_FIXED_NOREPLACE), F(MAP_DENYWRITE) };
#undef F

static void str_arg(struct strbuf *sb, struct task *t, uint64_t p, size_t n, bool nul)
{
	char buf[40];
	long r;

	if (!p) {
		sb_puts(sb, "NULL");
		return;
	}
	if (nul) {
		char path[4096];

		r = strncpy_from_user(t->mm, path, p, sizeof(path));
		if (r < 0) {
			sb_printf(sb, "%#llx", (unsigned long long)p);
			return;
		}
		sb_quote(sb, path, (size_t)r, 4096);
		return;
	}
	if (copy_from_user(t->mm, buf, p, MIN(n, (size_t)32))) {
		sb_printf(sb, "%#llx", (unsigned long long)p);
		return;
	}
	sb_quote(sb, buf, MIN(n, (size_t)32), 32);
}

static void strv_arg(struct strbuf *sb, struct task *t, uint64_t p)
{
	int i;

	if (!p) {
		sb_puts(sb, "NULL");
		return;
	}
	sb_puts(sb, "[");
	for (i = 0; i < 32; i++) {
		uint64_t s;

		if (copy_from_user(t->mm, &s, p + (uint64_t)i * 8, 8) || !s)
			break;
		if (i)
			sb_puts(sb, ", ");
		str_arg(sb, t, s, 0, true);
	}
	sb_puts(sb, "]");
}

static void arg(struct strbuf *sb, struct task *t, int kind, const struct syscall_args *a, int i, long ret, bool exit)
{
	uint64_t v = a->a[i];

	switch (kind) {
	case K_INT: case K_FD: case K_SIGNO: case K_SIGHOW:
		sb_printf(sb, "%d", (int)v);
		break;
	case K_DIRFD:
		if ((int)v == LINUX_AT_FDCWD)
			sb_puts(sb, "AT_FDCWD");
		else
			sb_printf(sb, "%d", (int)v);
		break;
	case K_UINT: case K_SIZE:
		sb_printf(sb, "%llu", (unsigned long long)v);
		break;
	case K_OFF:
		sb_printf(sb, "%lld", (long long)v);
		break;
	case K_MODE:
		sb_printf(sb, "0%llo", (unsigned long long)v);
		break;
	case K_PATH:
		str_arg(sb, t, v, 0, true);
		break;
	case K_BUFIN:
		str_arg(sb, t, v, (size_t)a->a[i + 1], false);
		break;
	case K_BUFOUT:
		if (exit && ret >= 0)
			str_arg(sb, t, v, (size_t)ret, false);
		else
			sb_printf(sb, "%#llx", (unsigned long long)v);
		break;
	case K_OPENF:
		if (!(v & LINUX_O_ACCMODE))
			sb_puts(sb, (v & ~(uint64_t)LINUX_O_ACCMODE) ? "O_RDONLY|" : "O_RDONLY");
		if (v & ~(uint64_t)0)
			flags(sb, v, openf, ARRAY_SIZE(openf));
		break;
	case K_PROT:
		if (!v)
			sb_puts(sb, "PROT_NONE");
		else
			flags(sb, v, protf, ARRAY_SIZE(protf));
		break;
	case K_MAPF:
		flags(sb, v, mapf, ARRAY_SIZE(mapf));
		break;
	case K_STRV:
		strv_arg(sb, t, v);
		break;
	case K_PTR:
		if (!v)
			sb_puts(sb, "NULL");
		else
			sb_printf(sb, "%#llx", (unsigned long long)v);
		break;
	default:
		sb_printf(sb, "%#llx", (unsigned long long)v);
	}
}

static void flush(void)
{
	host_write(strace_fd, line.buf, line.len);
	line.len = 0;
}

static bool output_arg(const struct syscall_info *si)
{
	int i;

	for (i = 0; i < si->nargs; i++)
		if (si->kinds[i] == K_BUFOUT)
			return true;
	return false;
}

void strace_enter(struct task *t, long nr, const struct syscall_args *a)
{
	const struct syscall_info *si = nr >= 0 && nr < NR_SYSCALLS ? &syscall_table[nr] : NULL;
	int i;

	line.len = 0;
	sb_printf(&line, "[pid %d] ", t->tid);
	if (!si || !si->name) {
		sb_printf(&line, "syscall_%ld(%#llx, %#llx, %#llx)", nr, (unsigned long long)a->a[0],
			  (unsigned long long)a->a[1], (unsigned long long)a->a[2]);
		return;
	}
	sb_printf(&line, "%s(", si->name);
	if (output_arg(si))
		return; /* formatted at exit, when the output is there */
	for (i = 0; i < si->nargs; i++) {
		if (i)
			sb_puts(&line, ", ");
		arg(&line, t, si->kinds[i], a, i, 0, false);
	}
	sb_puts(&line, ")");
	if (nr == 60 || nr == 231 || nr == 59 || nr == 322) {
		/* exit never returns; execve replaces the memory the arguments live in. */
		sb_puts(&line, nr == 59 || nr == 322 ? " ...\n" : " = ?\n");
		flush();
		sb_printf(&line, "[pid %d] <... %s resumed>", t->tid, si->name);
	}
}

void strace_exit(struct task *t, long nr, const struct syscall_args *a, long ret)
{
	const struct syscall_info *si = nr >= 0 && nr < NR_SYSCALLS ? &syscall_table[nr] : NULL;
	int i;

	if (si && si->name && output_arg(si)) {
		for (i = 0; i < si->nargs; i++) {
			if (i)
				sb_puts(&line, ", ");
			arg(&line, t, si->kinds[i], a, i, ret, true);
		}
		sb_puts(&line, ")");
	}
	if (ret < 0 && ret >= -4095) {
		long e = -ret;

		if (e >= 512 && e <= 516)
			sb_printf(&line, " = ? %s (To be restarted)\n", e == 512 ? "ERESTARTSYS" : e == 513 ?
				  "ERESTARTNOINTR" : e == 514 ? "ERESTARTNOHAND" : "ERESTART_RESTARTBLOCK");
		else if (e < (long)ARRAY_SIZE(errnames) && errnames[e])
			sb_printf(&line, " = -1 %s (%s)\n", errnames[e], host_strerror((int)e));
		else
			sb_printf(&line, " = -1 E%ld\n", e);
	} else if (si && (si->kinds[0] == K_HEX || nr == 9 || nr == 12 || nr == 25)) {
		sb_printf(&line, " = %#lx\n", ret);
	} else {
		sb_printf(&line, " = %ld\n", ret);
	}
	flush();
}

void syscalls_print(int csv)
{
	struct strbuf sb;
	int nr;

	sb_init(&sb);
	for (nr = 0; nr < NR_SYSCALLS; nr++) {
		const struct syscall_info *si = &syscall_table[nr];
		const char *st;

		if (!si->name)
			continue;
		st = si->status == FULL ? "full" : si->status == PARTIAL ? "partial" : "ENOSYS";
		if (csv)
			sb_printf(&sb, "%d,%s,%s,\"%s\"\n", nr, si->name, st, si->note);
		else
			sb_printf(&sb, "%-4d %-24s %-8s %s\n", nr, si->name, st, si->note);
		if (sb.len > 16384) {
			host_write(1, sb.buf, sb.len);
			sb.len = 0;
		}
	}
	host_write(1, sb.buf, sb.len);
	sb_free(&sb);
}
