/* tags: */
/* SPDX-License-Identifier: MIT */
/*
 * sigqueue()/rt_sigqueueinfo()/rt_tgsigqueueinfo(): si_value delivery,
 * real-time signals queue every instance in order (standard ones coalesce),
 * lower RT numbers first, and the si_code permission rule.
 */
#include <pthread.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "check.h"

#define NOPID 0x3fffffff

static volatile int nrec, rec_sig[16], rec_val[16], rec_code[16], rec_pid[16];

/* fork or give up: a failed fork must never turn into kill(-1, ...) */
static pid_t xfork(void)
{
	pid_t pid = fork();

	if (pid < 0) {
		perror("fork");
		exit(2);
	}
	return pid;
}

static void handler(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	if (nrec < 16) {
		rec_sig[nrec] = sig;
		rec_val[nrec] = si->si_value.sival_int;
		rec_code[nrec] = si->si_code;
		rec_pid[nrec] = si->si_pid;
		nrec++;
	}
}

static void install(int sig)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = handler;
	sa.sa_flags = SA_SIGINFO;
	sigfillset(&sa.sa_mask);	/* handlers never nest: order is delivery order */
	sigaction(sig, &sa, NULL);
}

static void block(int sig, int how)
{
	sigset_t s;

	sigemptyset(&s);
	sigaddset(&s, sig);
	sigprocmask(how, &s, NULL);
}

int main(void)
{
	int rt1 = SIGRTMIN + 1, rt2 = SIGRTMIN + 2, i, ok;
	union sigval v;
	siginfo_t si;

	CHECK(SIGRTMIN >= 32 && SIGRTMAX == 64 && SIGRTMIN + 2 < SIGRTMAX, "RT signal range");
	install(SIGUSR1);
	install(rt1);
	install(rt2);

	/* basic sigqueue with a value */
	v.sival_int = 42;
	CHECK(sigqueue(getpid(), SIGUSR1, v) == 0, "sigqueue(self, SIGUSR1, 42)");
	CHECK(nrec == 1 && rec_sig[0] == SIGUSR1, "handler ran");
	CHECK(rec_code[0] == SI_QUEUE, "si_code == SI_QUEUE");
	CHECK(rec_val[0] == 42, "si_value.sival_int == 42");
	CHECK(rec_pid[0] == getpid(), "si_pid == sender");

	/* RT signals queue multiple instances, delivered in order */
	nrec = 0;
	block(rt1, SIG_BLOCK);
	for (i = 1; i <= 5; i++) {
		v.sival_int = i * 11;
		sigqueue(getpid(), rt1, v);
	}
	CHECK(nrec == 0, "blocked RT signals not delivered");
	block(rt1, SIG_UNBLOCK);
	ok = nrec == 5;
	for (i = 0; i < 5 && ok; i++)
		if (rec_sig[i] != rt1 || rec_val[i] != (i + 1) * 11)
			ok = 0;
	CHECK(ok, "five queued RT instances delivered in FIFO order with values");

	/* standard signals coalesce */
	nrec = 0;
	block(SIGUSR1, SIG_BLOCK);
	for (i = 1; i <= 3; i++) {
		v.sival_int = i;
		sigqueue(getpid(), SIGUSR1, v);
	}
	block(SIGUSR1, SIG_UNBLOCK);
	CHECK(nrec == 1 && rec_val[0] == 1, "standard signal queued once (first value kept)");

	/* lower RT numbers are delivered first */
	nrec = 0;
	block(rt1, SIG_BLOCK);
	block(rt2, SIG_BLOCK);
	v.sival_int = 2;
	sigqueue(getpid(), rt2, v);
	v.sival_int = 1;
	sigqueue(getpid(), rt1, v);
	block(rt2, SIG_UNBLOCK);
	CHECK(nrec == 1 && rec_sig[0] == rt2, "unblocking rt2 alone delivers it");
	block(rt1, SIG_UNBLOCK);
	CHECK(nrec == 2 && rec_sig[1] == rt1, "then rt1");

	nrec = 0;
	{
		sigset_t s;

		sigemptyset(&s);
		sigaddset(&s, rt1);
		sigaddset(&s, rt2);
		sigprocmask(SIG_BLOCK, &s, NULL);
		v.sival_int = 2;
		sigqueue(getpid(), rt2, v);
		v.sival_int = 1;
		sigqueue(getpid(), rt1, v);
		sigprocmask(SIG_UNBLOCK, &s, NULL);
	}
	CHECK(nrec == 2 && rec_sig[0] == rt1 && rec_sig[1] == rt2,
	      "both pending: lower RT number (rt1) delivered first");

	/* RT signal values via sigwaitinfo */
	block(rt1, SIG_BLOCK);
	v.sival_int = 7;
	sigqueue(getpid(), rt1, v);
	v.sival_int = 8;
	sigqueue(getpid(), rt1, v);
	{
		sigset_t s;

		sigemptyset(&s);
		sigaddset(&s, rt1);
		memset(&si, 0, sizeof(si));
		CHECK(sigwaitinfo(&s, &si) == rt1 && si.si_value.sival_int == 7 &&
			      si.si_code == SI_QUEUE,
		      "sigwaitinfo dequeues first value 7");
		CHECK(sigwaitinfo(&s, &si) == rt1 && si.si_value.sival_int == 8,
		      "then value 8");
	}
	block(rt1, SIG_UNBLOCK);

	/* raw rt_sigqueueinfo / rt_tgsigqueueinfo to self */
	nrec = 0;
	memset(&si, 0, sizeof(si));
	si.si_signo = rt1;
	si.si_code = SI_QUEUE;
	si.si_pid = getpid();
	si.si_uid = getuid();
	si.si_value.sival_int = 99;
	CHECK(syscall(SYS_rt_sigqueueinfo, getpid(), rt1, &si) == 0, "rt_sigqueueinfo to self");
	CHECK(nrec == 1 && rec_val[0] == 99 && rec_code[0] == SI_QUEUE, "value 99 delivered");
	si.si_value.sival_int = 100;
	CHECK(syscall(SYS_rt_tgsigqueueinfo, getpid(), syscall(SYS_gettid), rt1, &si) == 0,
	      "rt_tgsigqueueinfo to own thread");
	CHECK(nrec == 2 && rec_val[1] == 100, "value 100 delivered");
	si.si_code = SI_USER;
	si.si_value.sival_int = 101;
	CHECK(syscall(SYS_rt_sigqueueinfo, getpid(), rt1, &si) == 0,
	      "si_code SI_USER allowed when sending to self");
	CHECK(nrec == 3 && rec_code[2] == SI_USER, "delivered with SI_USER");

	/* to another process, non-negative si_code is refused */
	{
		pid_t pid = xfork();
		int st;

		if (pid == 0) {
			for (;;)
				pause();
		}
		si.si_code = SI_USER;
		CHECK_ERR(syscall(SYS_rt_sigqueueinfo, pid, SIGUSR1, &si), EPERM,
			  "SI_USER to another process -> EPERM");
		si.si_code = SI_KERNEL;
		CHECK_ERR(syscall(SYS_rt_sigqueueinfo, pid, SIGUSR1, &si), EPERM,
			  "SI_KERNEL to another process -> EPERM");
		si.si_code = SI_TKILL;
		CHECK_ERR(syscall(SYS_rt_sigqueueinfo, pid, SIGUSR1, &si), EPERM,
			  "SI_TKILL to another process -> EPERM");
		v.sival_int = 5;
		CHECK(sigqueue(pid, SIGTERM, v) == 0, "sigqueue SIGTERM to child");
		CHECK(waitpid(pid, &st, 0) == pid && WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM,
		      "child killed by queued SIGTERM");
	}

	/* errors */
	v.sival_int = 0;
	CHECK_ERR(sigqueue(NOPID, SIGUSR1, v), ESRCH, "nonexistent pid -> ESRCH");
	CHECK_ERR(sigqueue(getpid(), 65, v), EINVAL, "signal 65 -> EINVAL");
	CHECK(sigqueue(getpid(), 0, v) == 0, "signal 0 probes");
	CHECK_ERR(syscall(SYS_rt_sigqueueinfo, getpid(), rt1, 8), EFAULT, "bad siginfo -> EFAULT");
	return 0;
}
