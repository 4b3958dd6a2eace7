/* tags: */
/* SPDX-License-Identifier: MIT */
/*
 * execve() of /proc/self/exe into a second stage: argv/envp/auxv delivered,
 * pid kept, O_CLOEXEC fds closed, other fds and offsets kept, handlers reset
 * while ignored signals, the mask and pending signals survive; exec from a thread.
 */
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/auxv.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "check.h"

#define FD_CLOEXEC_A 20	/* O_CLOEXEC via pipe2 */
#define FD_KEPT 21	/* regular file, offset 2 */
#define FD_CLOEXEC_B 22	/* FD_CLOEXEC via fcntl */
#define FD_REPORT 23	/* stage 2 writes its check count here */

extern char **environ;
static char self[4096];

static void handler(int sig)
{
	(void)sig;
}

static void report_and_exit(void)
{
	int n = check_n;

	if (write(FD_REPORT, &n, sizeof(n)) != sizeof(n))
		_exit(2);
	exit(0);
}

static int stage2(int argc, char **argv)
{
	struct sigaction sa;
	sigset_t set;
	stack_t ss;
	char buf[16], cwd[4096];
	int n;

	check_n = atoi(argv[3]);
	CHECK(argc == 6, "stage 2: argc == 6");
	CHECK(strcmp(argv[0], "custom-argv0") == 0, "argv[0] as passed");
	CHECK(atoi(argv[2]) == getpid(), "pid unchanged across execve");
	CHECK(strcmp(argv[4], "arg with spaces") == 0, "argument with spaces intact");
	CHECK(argv[5][0] == 0, "empty argument intact");
	CHECK(argv[6] == NULL, "argv NULL-terminated");
	for (n = 0; environ[n]; n++)
		;
	CHECK(n == 3, "environment has exactly 3 entries");
	CHECK(getenv("FOO") && strcmp(getenv("FOO"), "bar") == 0, "FOO=bar");
	CHECK(getenv("EMPTY") && getenv("EMPTY")[0] == 0, "EMPTY= is empty");
	CHECK(getenv("X") && strcmp(getenv("X"), "1=2") == 0, "X=1=2 keeps second '='");

	CHECK(getauxval(AT_PAGESZ) == 4096, "AT_PAGESZ 4096");
	CHECK(getauxval(AT_SECURE) == 0, "AT_SECURE 0");
	CHECK(getauxval(AT_RANDOM) != 0, "AT_RANDOM present");
	CHECK(getauxval(AT_EXECFN) != 0 &&
		      strcmp((char *)getauxval(AT_EXECFN), "/proc/self/exe") == 0,
	      "AT_EXECFN is the path given to execve");
	CHECK(getauxval(AT_UID) == getuid() && getauxval(AT_EUID) == geteuid() &&
		      getauxval(AT_GID) == getgid() && getauxval(AT_EGID) == getegid(),
	      "AT_UID/EUID/GID/EGID match the ids");

	CHECK_ERR(fcntl(FD_CLOEXEC_A, F_GETFD), EBADF, "O_CLOEXEC fd closed");
	CHECK_ERR(fcntl(FD_CLOEXEC_B, F_GETFD), EBADF, "FD_CLOEXEC (fcntl) fd closed");
	CHECK(fcntl(FD_KEPT, F_GETFD) == 0, "plain fd kept, FD_CLOEXEC clear");
	memset(buf, 0, sizeof(buf));
	CHECK(read(FD_KEPT, buf, sizeof(buf) - 1) == 3 && strcmp(buf, "llo") == 0,
	      "kept fd shares file offset (reads \"llo\")");

	sigaction(SIGUSR1, NULL, &sa);
	CHECK(sa.sa_handler == SIG_DFL, "caught SIGUSR1 reset to SIG_DFL");
	sigaction(SIGTERM, NULL, &sa);
	CHECK(sa.sa_handler == SIG_DFL, "caught SIGTERM reset to SIG_DFL");
	sigaction(SIGUSR2, NULL, &sa);
	CHECK(sa.sa_handler == SIG_IGN, "ignored SIGUSR2 stays SIG_IGN");
	sigprocmask(SIG_SETMASK, NULL, &set);
	CHECK(sigismember(&set, SIGHUP) && sigismember(&set, SIGUSR1), "signal mask kept");
	CHECK(!sigismember(&set, SIGTERM), "unblocked signal stays unblocked");
	sigpending(&set);
	CHECK(sigismember(&set, SIGUSR1), "pending blocked SIGUSR1 survives execve");
	CHECK(sigaltstack(NULL, &ss) == 0 && (ss.ss_flags & SS_DISABLE),
	      "alternate signal stack disabled");
	CHECK(umask(0) == 027, "umask kept");
	CHECK(getcwd(cwd, sizeof(cwd)) && strlen(cwd) >= 4 &&
		      strcmp(cwd + strlen(cwd) - 4, "/sub") == 0,
	      "cwd kept");
	report_and_exit();
	return 0;
}

static int stage2_thread(int argc, char **argv)
{
	check_n = atoi(argv[3]);
	CHECK(argc == 4, "thread stage 2: argc == 4");
	CHECK(atoi(argv[2]) == getpid(), "pid unchanged after exec from a thread");
	CHECK(syscall(SYS_gettid) == getpid(), "exec'ing thread became the main thread");
	report_and_exit();
	return 0;
}

/* stage 1 child: set up state, then exec. Exit codes > 100 mark setup errors. */
static void exec_child(int report_fd)
{
	char pidstr[32], countstr[32];
	char *args[] = { "custom-argv0", "stage2", pidstr, countstr, "arg with spaces", "", NULL };
	char *env[] = { "FOO=bar", "EMPTY=", "X=1=2", NULL };
	static char altstack[65536];
	stack_t ss = { .ss_sp = altstack, .ss_size = sizeof(altstack) };
	struct sigaction sa;
	sigset_t set;
	int fd, p[2];

	snprintf(pidstr, sizeof(pidstr), "%d", getpid());
	snprintf(countstr, sizeof(countstr), "%d", check_n);
	if (dup2(report_fd, FD_REPORT) != FD_REPORT)
		_exit(101);
	if (pipe2(p, O_CLOEXEC) || dup3(p[0], FD_CLOEXEC_A, O_CLOEXEC) != FD_CLOEXEC_A)
		_exit(102);
	if (dup2(p[1], FD_CLOEXEC_B) != FD_CLOEXEC_B ||
	    fcntl(FD_CLOEXEC_B, F_SETFD, FD_CLOEXEC))
		_exit(103);
	fd = open("data", O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || write(fd, "hello", 5) != 5 || lseek(fd, 2, SEEK_SET) != 2 ||
	    dup2(fd, FD_KEPT) != FD_KEPT)
		_exit(104);
	if (mkdir("sub", 0755) || chdir("sub"))
		_exit(105);
	umask(027);

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = handler;
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGUSR2, &sa, NULL);
	sigemptyset(&set);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	raise(SIGUSR1);
	if (sigaltstack(&ss, NULL))
		_exit(106);

	execve("/proc/self/exe", args, env);
	_exit(107);
}

static void *exec_thread(void *arg)
{
	char **args = arg;

	execve(self, args, environ);
	_exit(108);
}

static void exec_from_thread_child(int report_fd)
{
	static char pidstr[32], countstr[32];
	static char *args[] = { "thread-exec", "stage2-thread", pidstr, countstr, NULL };
	pthread_t t;

	snprintf(pidstr, sizeof(pidstr), "%d", getpid());
	snprintf(countstr, sizeof(countstr), "%d", check_n);
	if (dup2(report_fd, FD_REPORT) != FD_REPORT)
		_exit(101);
	if (pthread_create(&t, NULL, exec_thread, args))
		_exit(102);
	for (;;)
		pause();
}

static void run(void (*fn)(int), const char *desc)
{
	int p[2], status = -1, n = -1;
	pid_t pid;

	if (pipe(p))
		return;
	pid = fork();
	if (pid == 0) {
		close(p[0]);
		fn(p[1]);
	}
	close(p[1]);
	if (read(p[0], &n, sizeof(n)) == sizeof(n))
		check_n = n;
	close(p[0]);
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
		      WEXITSTATUS(status) == 0,
	      desc);
}

int main(int argc, char **argv)
{
	ssize_t n;

	if (argc >= 4 && strcmp(argv[1], "stage2") == 0)
		return stage2(argc, argv);
	if (argc >= 4 && strcmp(argv[1], "stage2-thread") == 0)
		return stage2_thread(argc, argv);

	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	CHECK(n > 0, "readlink /proc/self/exe");
	self[n > 0 ? n : 0] = 0;

	run(exec_child, "stage 2 ran and exited 0");
	run(exec_from_thread_child, "exec from a non-main thread ran stage 2, exit 0");
	unlink("data");
	rmdir("sub");
	return 0;
}
