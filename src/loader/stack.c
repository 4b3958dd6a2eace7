/* SPDX-License-Identifier: MIT */
/*
 * The initial stack, laid out as Linux's create_elf_tables(): from the top,
 * the filename (AT_EXECFN), environment and argument strings, the platform
 * string and AT_RANDOM bytes, then auxv, envp, argv and argc, 16-byte aligned.
 */
#include <string.h>
#include "abi/errno.h"
#include "abi/mman.h"
#include "abi/signal.h"
#include "host/host.h"
#include "lib/kstd.h"
#include "loader/loader.h"
#include "mm/mm.h"
#include "mm/uaccess.h"
#include "platform/platform.h"

#define STACK_SIZE (8ULL << 20)

long stack_setup(struct mm *mm, struct platform_ctx *ctx, const struct stack_args *a)
{
	size_t argc = 0, envc = 0, strsz = 0, i, total;
	uaddr_t top = GUEST_STACK_TOP, p, sp, execfn, plat, rnd, *argp, *envp;
	uint64_t aux[64];
	int na = 0;
	unsigned char *buf;
	unsigned char random[16];
	long r;
	struct vma *v;

	for (; a->argv[argc]; argc++)
		strsz += strlen(a->argv[argc]) + 1;
	for (; a->envp[envc]; envc++)
		strsz += strlen(a->envp[envc]) + 1;
	strsz += strlen(a->execfn) + 1;
	if (strsz > STACK_SIZE / 4)
		return -E2BIG;
	r = mm_mmap(mm, ctx, top - STACK_SIZE, STACK_SIZE, LINUX_PROT_READ | LINUX_PROT_WRITE,
		    LINUX_MAP_PRIVATE | LINUX_MAP_ANONYMOUS | LINUX_MAP_FIXED | LINUX_MAP_GROWSDOWN, NULL, 0);
	if (r < 0)
		return r;
	v = mm_find(mm, top - 1);
	if (v)
		v->name = "[stack]";
	mm->stack_top = top;

	/* Strings, from the top down: 8 zero bytes, execfn, envp, argv. */
	p = top - 8;
	p -= strlen(a->execfn) + 1;
	execfn = p;
	argp = kmalloc((argc + 1) * sizeof(uaddr_t));
	envp = kmalloc((envc + 1) * sizeof(uaddr_t));
	total = 0;
	for (i = envc; i-- > 0;) {
		p -= strlen(a->envp[i]) + 1;
		envp[i] = p;
	}
	mm->env_start = envc ? envp[0] : p;
	mm->env_end = execfn;
	for (i = argc; i-- > 0;) {
		p -= strlen(a->argv[i]) + 1;
		argp[i] = p;
	}
	mm->arg_start = argc ? argp[0] : p;
	mm->arg_end = mm->env_start;
	/* Copy the string area in one go. */
	buf = kzalloc(top - p);
	for (i = 0; i < argc; i++)
		memcpy(buf + (argp[i] - p), a->argv[i], strlen(a->argv[i]) + 1);
	for (i = 0; i < envc; i++)
		memcpy(buf + (envp[i] - p), a->envp[i], strlen(a->envp[i]) + 1);
	memcpy(buf + (execfn - p), a->execfn, strlen(a->execfn) + 1);
	r = copy_to_user(mm, p, buf, top - p);
	kfree(buf);
	if (r)
		goto out;
	p &= ~15ULL;
	p -= 16;
	plat = p;
	r = copy_to_user(mm, plat, "x86_64", 7);
	p -= 16;
	rnd = p;
	host_getrandom(random, sizeof(random));
	if (!r)
		r = copy_to_user(mm, rnd, random, sizeof(random));
	if (r)
		goto out;

#define AUX(k, v)                      \
	do {                           \
		aux[na++] = (k);       \
		aux[na++] = (uint64_t)(v); \
	} while (0)
	AUX(AT_HWCAP, platform_hwcap());
	AUX(AT_PAGESZ, GUEST_PAGE_SIZE);
	AUX(AT_CLKTCK, 100);
	AUX(AT_PHDR, a->exe->phdr);
	AUX(AT_PHENT, a->exe->phent);
	AUX(AT_PHNUM, a->exe->phnum);
	AUX(AT_BASE, a->interp ? a->interp->base : 0);
	AUX(AT_FLAGS, 0);
	AUX(AT_ENTRY, a->exe->entry);
	AUX(AT_UID, a->uid);
	AUX(AT_EUID, a->euid);
	AUX(AT_GID, a->gid);
	AUX(AT_EGID, a->egid);
	AUX(AT_SECURE, a->secure);
	AUX(AT_RANDOM, rnd);
	AUX(AT_HWCAP2, 0);
	AUX(AT_EXECFN, execfn);
	AUX(AT_PLATFORM, plat);
	if (a->vdso)
		AUX(AT_SYSINFO_EHDR, a->vdso);
	AUX(AT_MINSIGSTKSZ, platform_fpstate_size() + sizeof(struct linux_rt_sigframe) + 128 + 64 + 4);
	AUX(AT_NULL, 0);
#undef AUX
	memcpy(mm->auxv, aux, sizeof(uint64_t) * (size_t)na);
	mm->nauxv = na;

	/* auxv, envp (NULL), argv (NULL), argc: keep the final sp 16-aligned. */
	total = (size_t)na + (envc + 1) + (argc + 1) + 1;
	sp = (p - total * 8) & ~15ULL;
	{
		uint64_t *w = kzalloc(total * 8);
		size_t k = 0;

		w[k++] = argc;
		for (i = 0; i < argc; i++)
			w[k++] = argp[i];
		w[k++] = 0;
		for (i = 0; i < envc; i++)
			w[k++] = envp[i];
		w[k++] = 0;
		memcpy(w + k, aux, sizeof(uint64_t) * (size_t)na);
		r = copy_to_user(mm, sp, w, total * 8);
		kfree(w);
	}
out:
	kfree(argp);
	kfree(envp);
	return r ? r : (long)sp;
}
