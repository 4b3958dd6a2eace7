/* SPDX-License-Identifier: MIT */
/*
 * Helpers for the terminal tests (tests/guest/tty/): a pty pair, reads of the
 * master with a deadline (Linux moves bytes between the two ends in a worker,
 * so the master's output is never there the instant a write returns), and
 * children that lead their own session with the slave as controlling tty.
 *
 * Every open of a terminal in the test's own process uses O_NOCTTY: inside
 * ukern the test is pid 1 and leads a session, natively it does not.
 */
#ifndef GUEST_TTYUTIL_H
#define GUEST_TTYUTIL_H
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include "check.h"

#define TTY_WAIT_MS 3000 /* the longest any expected byte may take */

/* CHECK that also gives its result (to print details after a failure). */
static inline int check_res(int ok, const char *desc, const char *file, int line)
{
	check_report(ok, desc, file, line, errno);
	return ok;
}
#define CHECK_RES(expr, desc) check_res(!!(expr), (desc), __FILE__, __LINE__)

/* Opens a pty pair (master and unlocked slave, both O_NOCTTY); exits on failure. */
static inline void pty_pair(int *m, int *s)
{
	*m = posix_openpt(O_RDWR | O_NOCTTY);
	if (*m < 0 || grantpt(*m) || unlockpt(*m)) {
		perror("posix_openpt");
		exit(2);
	}
	*s = open(ptsname(*m), O_RDWR | O_NOCTTY);
	if (*s < 0) {
		perror("open slave");
		exit(2);
	}
}

static inline long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Reads up to want bytes from fd, waiting up to ms for them. Returns how many came. */
static inline size_t read_for(int fd, char *buf, size_t want, int ms)
{
	long end = now_ms() + ms;
	size_t got = 0;

	while (got < want) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		long left = end - now_ms();
		ssize_t r;

		if (left < 0 || poll(&p, 1, (int)left) <= 0)
			break;
		if (!(p.revents & POLLIN))
			break;
		r = read(fd, buf + got, want - got);
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	return got;
}

/* Waits until FIONREAD on fd reaches n (Linux moves the bytes in a worker); 1 if exactly n. */
static inline int wait_inq(int fd, int n)
{
	long end = now_ms() + TTY_WAIT_MS;
	int q = -1;

	while (now_ms() < end) {
		if (ioctl(fd, FIONREAD, &q) == 0 && q >= n)
			return q == n;
		usleep(1000);
	}
	printf("# FIONREAD stayed at %d, waiting for %d\n", q, n);
	return 0;
}

/* Prints bytes as a C string literal, after "# what: " (shown on mismatches only). */
static inline void show(const char *what, const char *buf, size_t n)
{
	size_t i;

	printf("# %s: \"", what);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)buf[i];

		if (c == '\\' || c == '"')
			printf("\\%c", c);
		else if (c >= 0x20 && c < 0x7f)
			putchar(c);
		else
			printf("\\x%02x", c);
	}
	printf("\"\n");
}

/* The next n bytes read from fd (within TTY_WAIT_MS) are exactly want[0..n). */
static inline int expect_n(int fd, const char *want, size_t n)
{
	char buf[512];
	size_t got;

	if (n > sizeof(buf))
		return 0;
	got = read_for(fd, buf, n, TTY_WAIT_MS);
	if (got == n && !memcmp(buf, want, n))
		return 1;
	show("expected", want, n);
	show("got", buf, got);
	return 0;
}

#define expect(fd, lit) expect_n(fd, lit, sizeof(lit) - 1)

/* Nothing becomes readable on fd within ms (a negative check: keep ms small). */
static inline int quiet(int fd, int ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	int r = poll(&p, 1, ms);

	if (r > 0) {
		char buf[256];
		ssize_t n = read(fd, buf, sizeof(buf));

		show("unexpected", buf, n > 0 ? (size_t)n : 0);
	}
	return r == 0;
}

/* Writes all of s to fd. */
static inline int put(int fd, const char *s)
{
	size_t n = strlen(s);

	return write(fd, s, n) == (ssize_t)n;
}

/* Reads what the slave has after poll says it is readable: a whole line in canonical mode. */
static inline ssize_t slave_read(int s, char *buf, size_t n)
{
	struct pollfd p = { .fd = s, .events = POLLIN };

	if (poll(&p, 1, TTY_WAIT_MS) <= 0)
		return -2;
	return read(s, buf, n);
}

/* Reads a line (or what a VMIN/VTIME read returns) from the slave and compares it. */
static inline int slave_expect_n(int s, const char *want, size_t n)
{
	char buf[512];
	ssize_t r = slave_read(s, buf, sizeof(buf));

	if (r >= 0 && (size_t)r == n && n <= sizeof(buf) && !memcmp(buf, want, n))
		return 1;
	show("expected", want, n);
	show("got", buf, r > 0 ? (size_t)r : 0);
	if (r < 0)
		printf("# read returned %zd\n", r);
	return 0;
}

#define slave_expect(s, lit) slave_expect_n(s, lit, sizeof(lit) - 1)

static inline void set_lflag(int fd, tcflag_t on, tcflag_t off)
{
	struct termios t;

	tcgetattr(fd, &t);
	t.c_lflag = (t.c_lflag | on) & ~off;
	tcsetattr(fd, TCSANOW, &t);
}

static inline void set_iflag(int fd, tcflag_t on, tcflag_t off)
{
	struct termios t;

	tcgetattr(fd, &t);
	t.c_iflag = (t.c_iflag | on) & ~off;
	tcsetattr(fd, TCSANOW, &t);
}

static inline void set_oflag(int fd, tcflag_t on, tcflag_t off)
{
	struct termios t;

	tcgetattr(fd, &t);
	t.c_oflag = (t.c_oflag | on) & ~off;
	tcsetattr(fd, TCSANOW, &t);
}

static inline void set_cc(int fd, int idx, cc_t v)
{
	struct termios t;

	tcgetattr(fd, &t);
	t.c_cc[idx] = v;
	tcsetattr(fd, TCSANOW, &t);
}

/*
 * Makes the calling process (a forked child) lead a new session whose
 * controlling terminal is the slave s. Returns 0 or -1.
 */
static inline int become_session_leader(int s)
{
	if (setsid() < 0)
		return -1;
	return ioctl(s, TIOCSCTTY, 0);
}

/* A pipe for "step done" tokens between processes. */
static inline void tok_send(int fd, char c)
{
	if (write(fd, &c, 1) != 1)
		_exit(3);
}

/* Waits (up to TTY_WAIT_MS) for one token; returns it, or 0 on timeout or EOF. */
static inline char tok_wait(int fd)
{
	char c = 0;

	if (read_for(fd, &c, 1, TTY_WAIT_MS) != 1)
		return 0;
	return c;
}

/*
 * Runs fn in a forked child that reports its checks into this process's
 * numbering: the child's ok lines are printed by the child, and the parent
 * takes over check_n afterwards through a shared counter in a pipe.
 */
static int child_checks_fd[2] __attribute__((unused));

static inline pid_t fork_checked(void (*fn)(void *), void *arg)
{
	pid_t pid;

	fflush(stdout);
	if (pipe(child_checks_fd))
		exit(2);
	pid = fork();
	if (pid < 0) {
		perror("fork");
		exit(2);
	}
	if (pid == 0) {
		close(child_checks_fd[0]);
		check_failed = 0;
		fn(arg);
		fflush(stdout);
		if (write(child_checks_fd[1], &check_n, sizeof(check_n)) != sizeof(check_n))
			_exit(3);
		_exit(check_failed ? 1 : 0);
	}
	close(child_checks_fd[1]);
	return pid;
}

/* Waits for a fork_checked child and folds its checks in; desc names the child's part. */
static inline void join_checked(pid_t pid, const char *desc)
{
	int status = -1, n = -1;

	if (read(child_checks_fd[0], &n, sizeof(n)) == sizeof(n))
		check_n = n;
	close(child_checks_fd[0]);
	waitpid(pid, &status, 0);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, desc);
}

#endif
