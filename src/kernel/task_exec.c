/* SPDX-License-Identifier: MIT */
/*
 * execve(2) and execveat(2): resolve the program (ELF or #! script) inside
 * the guest root, build a fresh address space from the zygote, load, and
 * switch the task over (Linux fs/exec.c).
 */
#include <string.h>
#include "abi/errno.h"
#include "fs/vfs/vfs.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "vdso/vdso.h"
#include "lib/err.h"
#include "lib/kstd.h"
#include "lib/log.h"
#include "loader/loader.h"
#include "mm/mm.h"
#include "platform/platform.h"

#define MAX_INTERP_DEPTH 4

static long open_exec(struct task *t, int dirfd, const char *path, int flags, struct file **out)
{
	struct linux_stat st;
	struct file *f;
	long r;
	int oflags = LINUX_O_RDONLY | ((flags & LINUX_AT_SYMLINK_NOFOLLOW) ? LINUX_O_NOFOLLOW : 0);

	if (!*path && !(flags & LINUX_AT_EMPTY_PATH))
		return -ENOENT;
	r = vfs_open(t, dirfd, path, oflags, 0, (flags & LINUX_AT_EMPTY_PATH) ? LOOKUP_EMPTY : 0, &f);
	if (r == -ELOOP && (flags & LINUX_AT_SYMLINK_NOFOLLOW))
		return -ELOOP;
	if (r < 0)
		return r;
	r = vfs_fstat(f, &st);
	if (r < 0)
		goto bad;
	if (!MODE_ISREG(st.st_mode) || !(st.st_mode & 0111)) {
		r = -EACCES;
		goto bad;
	}
	if (f->path.d) {
		r = vfs_permission(t, &f->path, LINUX_X_OK);
		if (r < 0)
			goto bad;
	}
	*out = f;
	return 0;
bad:
	file_put(f);
	return r;
}

/* Parses "#!interp [arg]"; returns 1 if buf is a script, 0 if not. */
static int parse_shebang(char *buf, size_t n, char **interp, char **arg)
{
	char *p, *e;

	if (n < 2 || buf[0] != '#' || buf[1] != '!')
		return 0;
	buf[n] = 0;
	e = memchr(buf, '\n', n);
	if (e)
		*e = 0;
	for (p = buf + 2; *p == ' ' || *p == '\t'; p++)
		;
	if (!*p)
		return -ENOEXEC;
	*interp = p;
	while (*p && *p != ' ' && *p != '\t')
		p++;
	*arg = NULL;
	if (*p) {
		*p++ = 0;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p) {
			char *end = p + strlen(p);

			while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
				*--end = 0;
			*arg = p;
		}
	}
	return 1;
}

static char **vec_dup(char **v)
{
	size_t n = 0, i;
	char **r;

	while (v && v[n])
		n++;
	r = kzalloc((n + 1) * sizeof(char *));
	for (i = 0; i < n; i++)
		r[i] = kstrdup(v[i]);
	return r;
}

static void vec_free(char **v)
{
	size_t i;

	for (i = 0; v && v[i]; i++)
		kfree(v[i]);
	kfree(v);
}

/* Ends every other thread of t's process (Linux de_thread). */
static void kill_other_threads(struct task *t)
{
	struct task *o;

	list_for_each_entry(o, &t->tg->threads, tg_link) {
		if (o == t)
			continue;
		o->state = TASK_EXITING;
		signal_wake(o);
	}
}

static long exec_load(struct task *t, struct file *f, const struct elf64_ehdr *eh, char **argv, char **envp,
		      const char *execfn)
{
	struct platform_ctx *nctx, *octx = t->ctx;
	struct mm *nmm, *omm = t->mm;
	struct elf_image exe, interp;
	struct file *interp_file = NULL;
	struct stack_args sa;
	bool have_interp = false;
	long r;
	const char *base;

	nctx = platform_ctx_new();
	if (IS_ERR(nctx))
		return PTR_ERR(nctx);
	/* On this thread's CPU before the first of the many stops that loading the program takes. */
	platform_ctx_pin(nctx, platform_start_cpu(t->ctx, t->tid));
	r = platform_ctx_attach(nctx);
	if (r < 0) {
		platform_ctx_release(nctx);
		return r;
	}
	nmm = mm_new(nctx);
	r = elf_map(nmm, nctx, f, eh, false, &exe);
	if (r < 0)
		goto fail;
	if (exe.interp) {
		struct elf64_ehdr ieh;

		r = open_exec(t, LINUX_AT_FDCWD, exe.interp, 0, &interp_file);
		if (r == 0)
			r = elf_read_header(interp_file, &ieh);
		if (r == 0)
			r = elf_map(nmm, nctx, interp_file, &ieh, true, &interp);
		if (r < 0)
			goto fail;
		have_interp = true;
	}
	nmm->brk_start = nmm->brk = PAGE_ALIGN(exe.end);
	memset(&sa, 0, sizeof(sa));
	sa.argv = argv;
	sa.envp = envp;
	sa.execfn = execfn;
	sa.exe = &exe;
	sa.interp = have_interp ? &interp : NULL;
	sa.uid = t->tg->cred.uid;
	sa.euid = t->tg->cred.euid;
	sa.gid = t->tg->cred.gid;
	sa.egid = t->tg->cred.egid;
	r = vdso_map(nmm, nctx);
	if (r < 0)
		goto fail;
	sa.vdso = (uaddr_t)r;
	r = stack_setup(nmm, nctx, &sa);
	if (r < 0)
		goto fail;

	/* The point of no return. */
	kill_other_threads(t);
	if (t->tid != t->tg->tgid) {
		/* The exec'ing thread takes over the leader's pid. */
		pid_unregister_task(t);
		pid_free(t->tid);
		t->tid = t->tg->tgid;
	}
	pid_register_task(t);
	t->ctx = nctx;
	t->mm = nmm;
	nmm->exe = f;
	file_get(f);
	memset(&t->regs, 0, sizeof(t->regs));
	t->regs.rip = have_interp ? interp.entry : exe.entry;
	t->regs.rsp = (uint64_t)r;
	t->regs.cs = 0x33;
	t->regs.ss = 0x2b;
	t->regs.eflags = 0x202;
	t->syscall_nr = -1;
	t->clear_child_tid = 0;
	t->robust_list = 0;
	t->robust_len = 0;
	t->pdeathsig = 0;
	signal_exec_reset(t);
	ptimer_release_all(t->tg);
	fd_close_on_exec(t);
	base = strrchr(execfn, '/');
	task_set_comm(t, base ? base + 1 : execfn);
	task_set_host_title(t);
	task_vfork_release(t);
	t->tg->did_exec = true;
	if (octx) {
		kernel_unlock();
		platform_ctx_release(octx);
		kernel_lock();
	}
	if (omm)
		mm_put(omm);
	r = 0;
	goto out;
fail:
	mm_put(nmm);
	kernel_unlock();
	platform_ctx_release(nctx);
	kernel_lock();
out:
	kfree(exe.interp);
	if (interp_file)
		file_put(interp_file);
	return r;
}

long task_execve(struct task *t, int dirfd, const char *path, char **argv, char **envp, int flags)
{
	char **args = vec_dup(argv), *fname = kstrdup(path), *execfn = kstrdup(path);
	int depth;
	long r;

	if (!*path && (flags & LINUX_AT_EMPTY_PATH)) {
		kfree(execfn);
		execfn = kmalloc(32);
		ksnprintf(execfn, 32, "/dev/fd/%d", dirfd);
	}
	for (depth = 0;; depth++) {
		struct elf64_ehdr eh;
		struct file *f;
		char buf[258];
		char *interp, *iarg;
		long n;

		r = open_exec(t, dirfd, fname, flags, &f);
		if (r < 0)
			break;
		n = vfs_pread(f, buf, 256, 0);
		if (n < 0) {
			file_put(f);
			r = n;
			break;
		}
		r = parse_shebang(buf, (size_t)n, &interp, &iarg);
		if (r == 0) {
			r = elf_read_header(f, &eh);
			if (r == 0)
				r = exec_load(t, f, &eh, args, envp, execfn);
			file_put(f);
			break;
		}
		file_put(f);
		if (r < 0)
			break;
		if (depth >= MAX_INTERP_DEPTH) {
			r = -ELOOP;
			break;
		}
		{
			/* argv becomes: interp [arg] path argv[1..] */
			size_t n0 = 0, i, k = 0;
			char **na;

			while (args[n0])
				n0++;
			na = kzalloc((n0 + 3) * sizeof(char *));
			na[k++] = kstrdup(interp);
			if (iarg)
				na[k++] = kstrdup(iarg);
			na[k++] = kstrdup(fname);
			for (i = 1; i < n0; i++)
				na[k++] = kstrdup(args[i]);
			vec_free(args);
			args = na;
			kfree(fname);
			fname = kstrdup(interp);
			dirfd = LINUX_AT_FDCWD;
			flags = 0;
		}
	}
	vec_free(args);
	kfree(fname);
	kfree(execfn);
	return r;
}
