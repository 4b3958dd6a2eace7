/* SPDX-License-Identifier: MIT */
/* A growable string buffer, used to generate /proc files and strace lines. */
#ifndef LIB_STRBUF_H
#define LIB_STRBUF_H
#include <stddef.h>

struct strbuf {
	char *buf;
	size_t len, cap;
};

void sb_init(struct strbuf *sb);
void sb_free(struct strbuf *sb);
void sb_add(struct strbuf *sb, const void *data, size_t n);
void sb_puts(struct strbuf *sb, const char *s);
void sb_printf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends s as a C string literal with escapes, at most max bytes of it ("..." after). */
void sb_quote(struct strbuf *sb, const char *s, size_t n, size_t max);

#endif
