/* SPDX-License-Identifier: MIT */
/* libc memory and formatting behind lib/kstd.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "abi/errno.h"
#include "lib/kstd.h"

static void *oom(void)
{
	fputs("ukern: out of host memory\n", stderr);
	abort();
}

void *kmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	return p ? p : oom();
}

void *kzalloc(size_t n)
{
	void *p = calloc(1, n ? n : 1);

	return p ? p : oom();
}

void *krealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	return q ? q : oom();
}

void kfree(void *p)
{
	free(p);
}

char *kstrdup(const char *s)
{
	char *d = strdup(s);

	return d ? d : oom();
}

char *kstrndup(const char *s, size_t n)
{
	char *d = strndup(s, n);

	return d ? d : oom();
}

int kvsnprintf(char *buf, size_t n, const char *fmt, va_list ap)
{
	return vsnprintf(buf, n, fmt, ap);
}

int ksnprintf(char *buf, size_t n, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vsnprintf(buf, n, fmt, ap);
	va_end(ap);
	return r;
}

int kstrtol(const char *s, long *out)
{
	char *end;
	long v;

	if (!*s)
		return -EINVAL;
	v = strtol(s, &end, 10);
	if (*end)
		return -EINVAL;
	*out = v;
	return 0;
}

void ksort(void *base, size_t n, size_t sz, int (*cmp)(const void *, const void *))
{
	qsort(base, n, sz, cmp);
}
