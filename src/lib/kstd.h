/* SPDX-License-Identifier: MIT */
/*
 * The libc services every layer may use: memory allocation and string
 * formatting. They make no system calls of their own that a guest can see, so
 * they sit in lib/ (kstd.c is the one lib file that includes libc headers).
 */
#ifndef LIB_KSTD_H
#define LIB_KSTD_H
#include <stdarg.h>
#include <stddef.h>

/* Allocation failure is a ukern bug-class event (host out of memory): these abort. */
void *kmalloc(size_t n);
void *kzalloc(size_t n);
void *krealloc(void *p, size_t n);
void kfree(void *p);
char *kstrdup(const char *s);
char *kstrndup(const char *s, size_t n);

int ksnprintf(char *buf, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int kvsnprintf(char *buf, size_t n, const char *fmt, va_list ap);
/* Parses a decimal integer; returns 0 or -EINVAL. */
int kstrtol(const char *s, long *out);
void ksort(void *base, size_t n, size_t sz, int (*cmp)(const void *, const void *));

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))

#endif
