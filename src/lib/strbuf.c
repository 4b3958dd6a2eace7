/* SPDX-License-Identifier: MIT */
/* Growable string buffer. */
#include <stdarg.h>
#include <string.h>
#include "lib/kstd.h"
#include "lib/strbuf.h"

void sb_init(struct strbuf *sb)
{
	sb->buf = NULL;
	sb->len = sb->cap = 0;
}

void sb_free(struct strbuf *sb)
{
	kfree(sb->buf);
	sb_init(sb);
}

static void reserve(struct strbuf *sb, size_t n)
{
	if (sb->len + n + 1 <= sb->cap)
		return;
	while (sb->len + n + 1 > sb->cap)
		sb->cap = sb->cap ? sb->cap * 2 : 256;
	sb->buf = krealloc(sb->buf, sb->cap);
}

void sb_add(struct strbuf *sb, const void *data, size_t n)
{
	reserve(sb, n);
	memcpy(sb->buf + sb->len, data, n);
	sb->len += n;
	sb->buf[sb->len] = 0;
}

void sb_puts(struct strbuf *sb, const char *s)
{
	sb_add(sb, s, strlen(s));
}

void sb_printf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = kvsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	reserve(sb, (size_t)n);
	va_start(ap, fmt);
	kvsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	sb->len += (size_t)n;
}

void sb_quote(struct strbuf *sb, const char *s, size_t n, size_t max)
{
	size_t i;

	sb_puts(sb, "\"");
	for (i = 0; i < n && i < max; i++) {
		unsigned char c = (unsigned char)s[i];

		switch (c) {
		case '\n': sb_puts(sb, "\\n"); break;
		case '\t': sb_puts(sb, "\\t"); break;
		case '\r': sb_puts(sb, "\\r"); break;
		case '"': sb_puts(sb, "\\\""); break;
		case '\\': sb_puts(sb, "\\\\"); break;
		default:
			if (c < 32 || c >= 127)
				sb_printf(sb, "\\%o", c);
			else
				sb_add(sb, &c, 1);
		}
	}
	sb_puts(sb, "\"");
	if (n > max)
		sb_puts(sb, "...");
}
