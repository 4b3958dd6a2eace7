/* SPDX-License-Identifier: MIT */
/* The log sink behind lib/log.h: stderr, or the file given with --log. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "lib/log.h"

int log_debug_on;
static FILE *log_file;

void log_set_file(FILE *f);
void log_set_file(FILE *f)
{
	log_file = f;
}

void log_msg(const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	int n;

	n = snprintf(buf, sizeof(buf), "ukern: ");
	va_start(ap, fmt);
	n += vsnprintf(buf + n, sizeof(buf) - (size_t)n - 2, fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(buf) - 2)
		n = (int)sizeof(buf) - 2;
	buf[n++] = '\n';
	if (log_file) {
		fwrite(buf, 1, (size_t)n, log_file);
		fflush(log_file);
	} else {
		(void)!write(2, buf, (size_t)n);
	}
}

void panic(const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	log_msg("PANIC: %s", buf);
	abort();
}
