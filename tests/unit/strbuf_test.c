/* SPDX-License-Identifier: MIT */
/* lib/strbuf: growth, printf and strace-style quoting. */
#include <stdio.h>
#include <string.h>
#include "lib/strbuf.h"

static int fails;

static void expect(const char *got, const char *want, const char *what)
{
	if (strcmp(got, want)) {
		printf("not ok - %s: got [%s] want [%s]\n", what, got, want);
		fails++;
	} else {
		printf("ok - %s\n", what);
	}
}

int main(void)
{
	struct strbuf sb;
	int i;

	sb_init(&sb);
	for (i = 0; i < 1000; i++)
		sb_puts(&sb, "x");
	if (sb.len != 1000) {
		printf("not ok - growth\n");
		fails++;
	}
	sb_free(&sb);
	sb_printf(&sb, "%d-%s", 42, "ab");
	expect(sb.buf, "42-ab", "printf");
	sb_free(&sb);
	sb_quote(&sb, "a\"b\n\x01", 5, 32);
	expect(sb.buf, "\"a\\\"b\\n\\1\"", "quote escapes");
	sb_free(&sb);
	sb_quote(&sb, "abcdef", 6, 3);
	expect(sb.buf, "\"abc\"...", "quote truncates");
	sb_free(&sb);
	return fails != 0;
}
