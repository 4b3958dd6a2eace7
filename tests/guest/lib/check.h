/* SPDX-License-Identifier: MIT */
/*
 * Tiny self-checking helpers for guest tests. Each test prints one line per
 * check ("ok N - desc" or "not ok N - desc"), and exits 1 if any failed.
 * Output must be deterministic: never print pids, addresses, times or inodes.
 */
#ifndef GUEST_CHECK_H
#define GUEST_CHECK_H
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int check_n, check_failed;

static void check_done(void)
{
	fflush(stdout);
	if (check_failed)
		_exit(1);
}

static void check_report(int ok, const char *desc, const char *file, int line, int err)
{
	static int registered;

	if (!registered) {
		registered = 1;
		atexit(check_done);
	}
	check_n++;
	if (ok) {
		printf("ok %d - %s\n", check_n, desc);
	} else {
		check_failed = 1;
		printf("not ok %d - %s (%s:%d, errno %d %s)\n", check_n, desc, file, line, err,
		       strerror(err));
	}
	fflush(stdout);
}

/* CHECK(expr, desc): passes when expr is true. */
#define CHECK(expr, desc)                                                              \
	do {                                                                           \
		errno = 0;                                                             \
		int check_ok_ = !!(expr);                                              \
		check_report(check_ok_, (desc), __FILE__, __LINE__, errno);            \
	} while (0)

/* CHECK_ERR(call, E, desc): passes when call returns -1 with errno == E. */
#define CHECK_ERR(call, E, desc)                                                       \
	do {                                                                           \
		errno = 0;                                                             \
		long check_r_ = (long)(call);                                          \
		int check_e_ = errno;                                                  \
		check_report(check_r_ == -1 && check_e_ == (E), (desc), __FILE__,     \
			     __LINE__, check_e_);                                      \
	} while (0)

#endif
