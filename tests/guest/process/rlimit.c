/* tags: */
/* SPDX-License-Identifier: MIT */
/*
 * getrlimit/setrlimit/prlimit64: RLIMIT_NOFILE round trip and enforcement
 * (EMFILE, EBADF/EINVAL past the limit), inheritance, RLIMIT_FSIZE, errors.
 */
#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "check.h"

#define NOPID 0x3fffffff

static int *shared_n;

static void in_child(void (*fn)(void), const char *desc)
{
	int status = -1;
	pid_t pid;

	*shared_n = -1;
	pid = fork();
	if (pid == 0) {
		check_failed = 0;
		fn();
		*shared_n = check_n;
		exit(0);
	}
	waitpid(pid, &status, 0);
	if (*shared_n >= 0)
		check_n = *shared_n;
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, desc);
}

static void nofile_child(void)
{
	struct rlimit rl, old;
	int fd, last = -1, p[2], i, status;
	pid_t pid;

	getrlimit(RLIMIT_NOFILE, &old);
	rl.rlim_cur = 16;
	rl.rlim_max = old.rlim_max;
	CHECK(setrlimit(RLIMIT_NOFILE, &rl) == 0, "setrlimit(RLIMIT_NOFILE, 16)");
	CHECK(getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur == 16 &&
		      rl.rlim_max == old.rlim_max,
	      "getrlimit reads back 16 and the old hard limit");
	/* only fds 0..2 are open; fill up to 15 */
	for (i = 0; i < 20; i++) {
		fd = dup(0);
		if (fd < 0)
			break;
		last = fd;
	}
	CHECK(last == 15, "dup succeeds up to fd 15");
	CHECK_ERR(dup(0), EMFILE, "dup past the limit -> EMFILE");
	CHECK_ERR(open(".", O_RDONLY), EMFILE, "open past the limit -> EMFILE");
	CHECK_ERR(pipe(p), EMFILE, "pipe past the limit -> EMFILE");
	CHECK_ERR(fcntl(0, F_DUPFD, 0), EMFILE, "F_DUPFD past the limit -> EMFILE");
	close(15);
	CHECK_ERR(dup2(0, 16), EBADF, "dup2 to fd >= limit -> EBADF");
	CHECK_ERR(fcntl(0, F_DUPFD, 16), EINVAL, "F_DUPFD with start >= limit -> EINVAL");
	CHECK(dup2(0, 15) == 15, "dup2 to fd 15 below the limit");
	close(15);
	close(14);
	CHECK(pipe(p) == 0 && p[0] == 14 && p[1] == 15, "pipe fits after closing two");
	for (i = 3; i <= 15; i++)
		close(i);

	/* lowering below open fds is allowed, new fds are refused */
	CHECK(dup2(0, 10) == 10, "open fd 10");
	rl.rlim_cur = 5;
	CHECK(setrlimit(RLIMIT_NOFILE, &rl) == 0, "lower limit to 5 with fd 10 open");
	CHECK(fcntl(10, F_GETFD) == 0, "fd 10 stays open");
	CHECK(dup(0) == 3 && dup(0) == 4, "fds 3 and 4 available");
	CHECK_ERR(dup(0), EMFILE, "fd 5 refused");
	close(3);
	close(4);
	close(10);

	/* the limit is inherited */
	pid = fork();
	if (pid == 0) {
		struct rlimit c;

		getrlimit(RLIMIT_NOFILE, &c);
		_exit(c.rlim_cur == 5 ? 0 : 1);
	}
	CHECK(waitpid(pid, &status, 0) == pid && status == 0, "child inherits the limit");

	/* raising the soft limit back up to the hard limit is allowed */
	CHECK(setrlimit(RLIMIT_NOFILE, &old) == 0, "restore the old limit");
}

static void fsize_child(void)
{
	struct rlimit rl = { 10, RLIM_INFINITY }, unlimited = { RLIM_INFINITY, RLIM_INFINITY };
	int fd, st, set_ok, w1, w2, e2, status;
	pid_t pid;

	/* nothing is printed while the limit is on: stdout may be a big file */
	signal(SIGXFSZ, SIG_IGN);
	fd = open("fsize.tmp", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	set_ok = setrlimit(RLIMIT_FSIZE, &rl) == 0;
	w1 = write(fd, "0123456789abcdef", 16);
	w2 = write(fd, "x", 1);
	e2 = errno;
	setrlimit(RLIMIT_FSIZE, &unlimited);
	CHECK(fd >= 0 && set_ok, "setrlimit(RLIMIT_FSIZE, 10)");
	CHECK(w1 == 10, "write truncated at 10 bytes");
	CHECK(w2 == -1 && e2 == EFBIG, "write at the limit -> EFBIG (SIGXFSZ ignored)");
	close(fd);
	unlink("fsize.tmp");

	pid = fork();
	if (pid == 0) {
		int f;

		signal(SIGXFSZ, SIG_DFL);
		f = open("fsize2.tmp", O_WRONLY | O_CREAT | O_TRUNC, 0644);
		setrlimit(RLIMIT_FSIZE, &rl);
		if (write(f, "0123456789", 10) != 10)
			_exit(2);
		if (write(f, "x", 1) < 0)
			_exit(4);
		_exit(3);
	}
	st = waitpid(pid, &status, 0);
	CHECK(st == pid && WIFSIGNALED(status) && WTERMSIG(status) == SIGXFSZ,
	      "default SIGXFSZ kills the writer");
	unlink("fsize2.tmp");
}

int main(void)
{
	struct rlimit rl, rl2, bad;
	struct k_rlimit64 {
		unsigned long long cur, max;
	} n64, o64;

	shared_n = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK(shared_n != MAP_FAILED, "mmap shared page");

	CHECK(getrlimit(RLIMIT_NOFILE, &rl) == 0, "getrlimit(RLIMIT_NOFILE)");
	CHECK(rl.rlim_cur >= 16 && rl.rlim_cur <= rl.rlim_max, "soft limit >= 16, <= hard limit");
	CHECK(syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, NULL, &o64) == 0 &&
		      o64.cur == rl.rlim_cur && o64.max == rl.rlim_max,
	      "prlimit64 read matches getrlimit");

	/* prlimit64 set and get old in one call */
	n64.cur = 64;
	n64.max = rl.rlim_max;
	CHECK(syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, &n64, &o64) == 0 &&
		      o64.cur == rl.rlim_cur,
	      "prlimit64 sets 64 and returns the old value");
	CHECK(getrlimit(RLIMIT_NOFILE, &rl2) == 0 && rl2.rlim_cur == 64, "getrlimit sees 64");
	CHECK(syscall(SYS_prlimit64, getpid(), RLIMIT_NOFILE, &o64, NULL) == 0,
	      "prlimit64 on own pid restores");
	CHECK(getrlimit(RLIMIT_NOFILE, &rl2) == 0 && rl2.rlim_cur == rl.rlim_cur, "restored");

	/* errors */
	bad.rlim_cur = rl.rlim_max == RLIM_INFINITY ? 100 : rl.rlim_max;
	bad.rlim_max = bad.rlim_cur - 1;
	CHECK_ERR(setrlimit(RLIMIT_NOFILE, &bad), EINVAL, "soft > hard -> EINVAL");
	CHECK_ERR(getrlimit(999, &rl2), EINVAL, "unknown resource -> EINVAL");
	CHECK_ERR(syscall(SYS_prlimit64, NOPID, RLIMIT_NOFILE, NULL, &o64), ESRCH,
		  "prlimit64 on nonexistent pid -> ESRCH");
	CHECK_ERR(syscall(SYS_getrlimit, RLIMIT_NOFILE, 8), EFAULT, "bad pointer -> EFAULT");

	/* other limits can be read */
	CHECK(getrlimit(RLIMIT_STACK, &rl2) == 0 && rl2.rlim_cur > 0, "RLIMIT_STACK readable");
	CHECK(getrlimit(RLIMIT_AS, &rl2) == 0, "RLIMIT_AS readable");
	CHECK(getrlimit(RLIMIT_CORE, &rl2) == 0, "RLIMIT_CORE readable");

	in_child(nofile_child, "RLIMIT_NOFILE child exited 0");
	in_child(fsize_child, "RLIMIT_FSIZE child exited 0");
	return 0;
}
