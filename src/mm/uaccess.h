/* SPDX-License-Identifier: MIT */
/*
 * The only way ukern touches guest memory (xv6 copyin, gVisor CopyIn).
 * All return 0 or -EFAULT (strncpy_from_user: length, or -EFAULT /
 * -ENAMETOOLONG).
 */
#ifndef MM_UACCESS_H
#define MM_UACCESS_H
#include <stddef.h>
#include "abi/types.h"

struct mm;

int copy_from_user(struct mm *mm, void *dst, uaddr_t src, size_t n);
int copy_to_user(struct mm *mm, uaddr_t dst, const void *src, size_t n);
/* As much of n as fits before the first bad page (a read(2)'s partial count): bytes copied, or -EFAULT for none. */
long copy_to_user_partial(struct mm *mm, uaddr_t dst, const void *src, size_t n);
/* The other way (a write(2)'s partial count): bytes copied from before the first bad page, or -EFAULT. */
long copy_from_user_partial(struct mm *mm, void *dst, uaddr_t src, size_t n);
int clear_user(struct mm *mm, uaddr_t dst, size_t n);
/* Copies a NUL-terminated string of at most max-1 bytes. */
long strncpy_from_user(struct mm *mm, char *dst, uaddr_t src, size_t max);
/* Copies a NUL-terminated array of string pointers (argv). Returns a kmalloc'ed vector or ERR_PTR. */
char **copy_strings_from_user(struct mm *mm, uaddr_t uvec, size_t max_total);
void free_strings(char **v);
/*
 * Reads n bytes of host file hostfd at off straight into guest memory at
 * dst, in one copy, by ctx (the calling task's own, driven by this thread).
 * Returns bytes read (short only where the file ends) or -errno.
 */
struct platform_ctx;
long read_host_to_user(struct platform_ctx *ctx, uaddr_t dst, int hostfd, uint64_t off, size_t n);
/* The other way: n bytes of guest memory at src into host file hostfd at off; bytes written or -errno. */
long write_user_to_host(struct platform_ctx *ctx, int hostfd, uint64_t off, uaddr_t src, size_t n);

#endif
