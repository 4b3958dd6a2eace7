/* tags: */
/* SPDX-License-Identifier: MIT */
/*
 * sigaction(): install and query handlers, sa_mask during the handler,
 * SA_RESETHAND, SA_NODEFER, SA_SIGINFO fields (si_signo/si_code/si_pid/si_uid).
 */
#include <signal.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include "check.h"

#define KEEP_FLAGS (SA_SIGINFO | SA_RESTART | SA_NODEFER | SA_RESETHAND | SA_ONSTACK)

static volatile int hits, depth, max_depth, calls;
static volatile int self_blocked, usr2_blocked, int_blocked;
static volatile int info_signo, info_code, info_pid, info_uid, ctx_ok;

static void plain(int sig)
{
	(void)sig;
	hits++;
}

static void check_mask(int sig)
{
	sigset_t cur;

	sigprocmask(SIG_SETMASK, NULL, &cur);
	self_blocked = sigismember(&cur, sig);
	usr2_blocked = sigismember(&cur, SIGUSR2);
	int_blocked = sigismember(&cur, SIGINT);
	hits++;
}

static void recurse(int sig)
{
	calls++;
	depth++;
	if (depth > max_depth)
		max_depth = depth;
	if (calls < 3)
		raise(sig);
	depth--;
}

static void with_info(int sig, siginfo_t *si, void *uc)
{
	ucontext_t *u = uc;

	info_signo = si->si_signo;
	info_code = si->si_code;
	info_pid = si->si_pid;
	info_uid = si->si_uid;
	ctx_ok = u != NULL && sig == si->si_signo;
	hits++;
}

static int install(int sig, void (*h)(int), int flags)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = h;
	sa.sa_flags = flags;
	return sigaction(sig, &sa, NULL);
}

int main(void)
{
	struct sigaction sa, old;

	/* initial state and round trip */
	memset(&old, 0x55, sizeof(old));
	CHECK(sigaction(SIGUSR1, NULL, &old) == 0 && old.sa_handler == SIG_DFL,
	      "initial SIGUSR1 disposition is SIG_DFL");
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = plain;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGUSR2);
	CHECK(sigaction(SIGUSR1, &sa, &old) == 0 && old.sa_handler == SIG_DFL,
	      "install returns old SIG_DFL");
	memset(&old, 0, sizeof(old));
	CHECK(sigaction(SIGUSR1, NULL, &old) == 0, "query");
	CHECK(old.sa_handler == plain, "query returns the handler");
	CHECK((old.sa_flags & KEEP_FLAGS) == SA_RESTART, "query returns SA_RESTART flag");
	CHECK(sigismember(&old.sa_mask, SIGUSR2) && !sigismember(&old.sa_mask, SIGINT),
	      "query returns sa_mask");
	hits = 0;
	raise(SIGUSR1);
	CHECK(hits == 1, "raise runs the handler synchronously");

	/* sa_mask and the signal itself are blocked in the handler, restored after */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = check_mask;
	sigaddset(&sa.sa_mask, SIGUSR2);
	sigaction(SIGUSR1, &sa, NULL);
	raise(SIGUSR1);
	CHECK(self_blocked && usr2_blocked && !int_blocked,
	      "in handler: own signal and sa_mask blocked, others not");
	{
		sigset_t cur;

		sigprocmask(SIG_SETMASK, NULL, &cur);
		CHECK(!sigismember(&cur, SIGUSR1) && !sigismember(&cur, SIGUSR2),
		      "mask restored after the handler");
	}

	/* SA_NODEFER */
	sa.sa_flags = SA_NODEFER;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
	raise(SIGUSR1);
	CHECK(!self_blocked, "SA_NODEFER: own signal not blocked in handler");
	install(SIGUSR1, recurse, SA_NODEFER);
	depth = max_depth = calls = 0;
	raise(SIGUSR1);
	CHECK(calls == 3 && max_depth == 3 && depth == 0, "SA_NODEFER handler nests (depth 3)");
	install(SIGUSR1, recurse, 0);
	depth = max_depth = calls = 0;
	raise(SIGUSR1);
	CHECK(calls == 3 && max_depth == 1 && depth == 0,
	      "without SA_NODEFER a raise in the handler is delivered after it returns");

	/* SA_RESETHAND */
	hits = 0;
	install(SIGUSR2, plain, SA_RESETHAND);
	raise(SIGUSR2);
	CHECK(hits == 1, "SA_RESETHAND handler ran once");
	sigaction(SIGUSR2, NULL, &old);
	CHECK(old.sa_handler == SIG_DFL, "SA_RESETHAND reset disposition to SIG_DFL");

	/* SA_SIGINFO */
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = with_info;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGUSR1, NULL, &old);
	CHECK((old.sa_flags & SA_SIGINFO) && old.sa_sigaction == with_info,
	      "SA_SIGINFO flag and sa_sigaction read back");
	CHECK(kill(getpid(), SIGUSR1) == 0, "kill(getpid(), SIGUSR1)");
	CHECK(info_signo == SIGUSR1 && ctx_ok, "si_signo == SIGUSR1, ucontext passed");
	CHECK(info_code == SI_USER, "kill gives si_code SI_USER");
	CHECK(info_pid == getpid() && info_uid == (int)getuid(), "si_pid/si_uid are the sender's");
	info_code = 0;
	raise(SIGUSR1);
	CHECK(info_code == SI_TKILL, "raise gives si_code SI_TKILL");
	info_code = 0;
	syscall(SYS_tgkill, getpid(), syscall(SYS_gettid), SIGUSR1);
	CHECK(info_code == SI_TKILL && info_pid == getpid(), "tgkill gives SI_TKILL and si_pid");

	/* SIG_IGN */
	hits = 0;
	install(SIGUSR1, SIG_IGN, 0);
	raise(SIGUSR1);
	CHECK(hits == 0, "SIG_IGN: nothing happens");
	sigaction(SIGUSR1, NULL, &old);
	CHECK(old.sa_handler == SIG_IGN, "query returns SIG_IGN");

	/* signal() installs with SA_RESTART semantics in both libcs */
	CHECK(signal(SIGUSR1, plain) == SIG_IGN, "signal() returns previous SIG_IGN");
	sigaction(SIGUSR1, NULL, &old);
	CHECK(old.sa_handler == plain && (old.sa_flags & SA_RESTART), "signal() sets SA_RESTART");

	/* errors */
	CHECK_ERR(install(SIGKILL, plain, 0), EINVAL, "handler for SIGKILL -> EINVAL");
	CHECK_ERR(install(SIGSTOP, SIG_IGN, 0), EINVAL, "ignore SIGSTOP -> EINVAL");
	CHECK(sigaction(SIGKILL, NULL, &old) == 0 && old.sa_handler == SIG_DFL,
	      "querying SIGKILL is allowed");
	CHECK_ERR(install(0, plain, 0), EINVAL, "signal 0 -> EINVAL");
	CHECK_ERR(install(65, plain, 0), EINVAL, "signal 65 -> EINVAL");
	CHECK_ERR(syscall(SYS_rt_sigaction, SIGUSR1, NULL, &old, 4), EINVAL,
		  "rt_sigaction sigsetsize 4 -> EINVAL");
	CHECK_ERR(syscall(SYS_rt_sigaction, SIGUSR1, (void *)8, NULL, 8), EFAULT,
		  "rt_sigaction bad act pointer -> EFAULT");
	return 0;
}
