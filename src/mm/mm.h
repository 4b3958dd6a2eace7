/* SPDX-License-Identifier: MIT */
/*
 * Guest address spaces: ukern's own VMA list (the source of truth for
 * /proc/PID/maps and address choice) mirrored into the platform's host
 * mappings. Lock order: protected by kernel_lock; callers pass the platform
 * ctx of the calling task, which must belong to this mm.
 */
#ifndef MM_MM_H
#define MM_MM_H
#include <stdbool.h>
#include <stdint.h>
#include "abi/types.h"
#include "lib/list.h"

struct file;
struct inode;
struct platform_ctx;
struct platform_as;
struct strbuf;

#define VMA_SHARED 0x1
#define VMA_ANON 0x2
#define VMA_GROWSDOWN 0x4
#define VMA_DONTFORK 0x8
#define VMA_WIPEONFORK 0x10

struct vma {
	struct list_head link;
	uaddr_t start, end;
	int prot;
	int flags;
	struct file *file; /* reference held; NULL for anonymous */
	uint64_t off;	   /* file offset of start */
	const char *name;  /* "[stack]", "[heap]", or NULL */
};

struct mm {
	int refs;
	struct platform_as *as;
	struct list_head vmas; /* sorted by start */
	uaddr_t brk_start, brk;
	uaddr_t mmap_base;
	uaddr_t stack_top;
	uaddr_t arg_start, arg_end, env_start, env_end;
	uint64_t auxv[48];
	int nauxv;
	struct file *exe; /* the executable, for /proc/PID/exe */
};

/* A new, empty mm over the address space of ctx. */
struct mm *mm_new(struct platform_ctx *ctx);
/* The mm of a forked child: a copy of parent's VMAs over the child's ctx (already a host copy). */
struct mm *mm_fork(struct mm *parent, struct platform_ctx *child_ctx);
void mm_get(struct mm *mm);
void mm_put(struct mm *mm);

/*
 * mmap(2) semantics. f may be NULL (anonymous). Returns the address or -errno.
 * Preconditions: ctx is the caller's and in mm.
 */
long mm_mmap(struct mm *mm, struct platform_ctx *ctx, uaddr_t addr, uint64_t len, int prot, int flags,
	     struct file *f, uint64_t off);
long mm_munmap(struct mm *mm, struct platform_ctx *ctx, uaddr_t addr, uint64_t len);
long mm_mprotect(struct mm *mm, struct platform_ctx *ctx, uaddr_t addr, uint64_t len, int prot);
long mm_mremap(struct mm *mm, struct platform_ctx *ctx, uaddr_t old, uint64_t oldlen, uint64_t newlen,
	       int flags, uaddr_t newaddr);
long mm_brk(struct mm *mm, struct platform_ctx *ctx, uaddr_t brk);
long mm_madvise(struct mm *mm, struct platform_ctx *ctx, uaddr_t addr, uint64_t len, int advice);
long mm_msync(struct mm *mm, struct platform_ctx *ctx, uaddr_t addr, uint64_t len, int flags);
long mm_mincore(struct mm *mm, struct platform_ctx *ctx, uaddr_t addr, uint64_t len, uaddr_t vec);
/* True if a VMA maps a file of inode i shared and writable. */
bool mm_maps_shared_writable(struct mm *mm, struct inode *i);
/* Finds the VMA containing addr, or NULL. */
struct vma *mm_find(struct mm *mm, uaddr_t addr);
/* Appends /proc/PID/maps text; with smaps, each mapping's size block (residency is not tracked). */
void mm_show_maps(struct mm *mm, struct strbuf *sb, bool smaps);
uint64_t mm_total_vm(struct mm *mm);

#endif
