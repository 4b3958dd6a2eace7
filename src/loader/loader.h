/* SPDX-License-Identifier: MIT */
/* ELF loading and the initial process stack (Linux fs/binfmt_elf.c). */
#ifndef LOADER_LOADER_H
#define LOADER_LOADER_H
#include <stdbool.h>
#include <stdint.h>
#include "abi/auxv.h"
#include "abi/types.h"

struct mm;
struct file;
struct platform_ctx;

struct elf_image {
	uaddr_t entry;	  /* with load bias */
	uaddr_t base;	  /* load bias */
	uaddr_t phdr;	  /* address of the program headers in memory */
	uint16_t phnum, phent;
	uaddr_t end;	  /* highest mapped address (for brk) */
	char *interp;	  /* PT_INTERP path, kmalloc'ed, or NULL */
};

/* Reads and checks the ELF header. Returns 0, -ENOEXEC, or -errno. */
int elf_read_header(struct file *f, struct elf64_ehdr *eh);
/* Maps f's PT_LOAD segments into mm. Returns 0 or -errno. */
int elf_map(struct mm *mm, struct platform_ctx *ctx, struct file *f, const struct elf64_ehdr *eh, bool interp,
	    struct elf_image *img);

struct stack_args {
	char **argv, **envp;
	const char *execfn;
	const struct elf_image *exe, *interp;
	uint32_t uid, euid, gid, egid;
	bool secure;
	uaddr_t vdso; /* AT_SYSINFO_EHDR, 0 for none */
};
/* Maps the stack and lays out argc, argv, envp and auxv. Returns the initial rsp or -errno. */
long stack_setup(struct mm *mm, struct platform_ctx *ctx, const struct stack_args *a);

#endif
