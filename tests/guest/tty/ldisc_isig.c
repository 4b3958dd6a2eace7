/* tags: tty fork signal */
/* SPDX-License-Identifier: MIT */
/*
 * ISIG: in a child that leads a session with the slave as controlling tty,
 * ^C, ^\ and ^Z typed on the master send SIGINT, SIGQUIT and SIGTSTP
 * (si_code SI_KERNEL) to the whole foreground process group and to no other
 * group, echo as ^C, ^\, ^Z, flush pending input unless NOFLSH (output the
 * master already has is kept), restart stopped output; VINTR can be changed,
 * ISIG off makes them data. TIOCSIG on the master signals the same group.
 */
#include "ttyutil.h"

#ifndef TIOCSIG
#define TIOCSIG 0x40045436
#endif

static int m, s;

static int got(int sig)
{
	struct timespec ts = { .tv_sec = TTY_WAIT_MS / 1000 };
	siginfo_t si;
	sigset_t one;

	sigemptyset(&one);
	sigaddset(&one, sig);
	return sigtimedwait(&one, &si, &ts) == sig && si.si_code == SI_KERNEL;
}

static int pending(int sig)
{
	sigset_t p;

	sigpending(&p);
	return sigismember(&p, sig);
}

/* A process that waits for a token, then exits 0 if SIGINT is pending as it should be (want). */
static pid_t watcher(int *tok, int want, int own_group)
{
	int p[2];
	pid_t pid;

	if (pipe(p))
		exit(2);
	pid = fork();
	if (pid == 0) {
		close(p[1]);
		if (own_group)
			setpgid(0, 0);
		if (!tok_wait(p[0]))
			_exit(3);
		_exit(pending(SIGINT) == want ? 0 : 1);
	}
	if (own_group)
		setpgid(pid, pid);
	close(p[0]);
	*tok = p[1];
	return pid;
}

static int reap(pid_t pid)
{
	int st = -1;

	waitpid(pid, &st, 0);
	return WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

static int readable(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	return poll(&p, 1, 0) == 1;
}

static int writable(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLOUT };

	return poll(&p, 1, 0) == 1 && (p.revents & POLLOUT);
}

static void leader(void *arg)
{
	sigset_t set;
	pid_t f, b;
	int tf, tb;

	(void)arg;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGQUIT);
	sigaddset(&set, SIGTSTP);
	sigprocmask(SIG_BLOCK, &set, NULL);
	CHECK(become_session_leader(s) == 0, "child: setsid, TIOCSCTTY on the slave");
	CHECK(tcgetpgrp(s) == getpid(), "its group is the foreground group");

	f = watcher(&tf, 1, 0);
	b = watcher(&tb, 0, 1);
	put(m, "\003");
	CHECK(got(SIGINT), "^C sends SIGINT (SI_KERNEL) to the foreground group");
	CHECK(expect(m, "^C"), "^C echoes as ^C");
	tok_send(tf, 'x');
	tok_send(tb, 'x');
	CHECK(reap(f), "another member of the foreground group got SIGINT too");
	CHECK(reap(b), "a background group did not");
	close(tf);
	close(tb);

	put(m, "\034");
	CHECK(got(SIGQUIT), "^\\ sends SIGQUIT");
	CHECK(expect(m, "^\\"), "echoed as ^\\");
	put(m, "\032");
	CHECK(got(SIGTSTP), "^Z sends SIGTSTP");
	CHECK(expect(m, "^Z"), "echoed as ^Z");

	/* Flushing. */
	put(m, "ab");
	CHECK(expect(m, "ab"), "a partial line typed");
	put(s, "out");
	CHECK(wait_inq(m, 3), "output the master has not read yet");
	put(m, "\003");
	CHECK(got(SIGINT), "^C");
	CHECK(expect(m, "out^C"), "output the master already had is not flushed");
	put(m, "\n");
	CHECK(expect(m, "\r\n") && slave_expect(s, "\n"), "the partial line was flushed");
	set_lflag(s, NOFLSH, 0);
	put(m, "cd");
	CHECK(expect(m, "cd"), "a partial line typed");
	put(m, "\003");
	CHECK(got(SIGINT), "^C with NOFLSH");
	put(m, "\n");
	CHECK(expect(m, "^C\r\n") && slave_expect(s, "cd\n"), "NOFLSH: the partial line is kept");
	set_lflag(s, 0, NOFLSH);

	/* A signal character restarts stopped output. */
	put(m, "\023x\n");
	CHECK(slave_expect(s, "x\n"), "^S typed");
	CHECK(!writable(s), "output stopped");
	put(m, "\003");
	CHECK(got(SIGINT), "^C");
	CHECK(writable(s), "^C restarted output");
	CHECK(expect(m, "^C"), "the echo held by the stop was flushed, ^C's came");

	/* Another VINTR; ISIG off. */
	set_cc(s, VINTR, 'q');
	put(m, "\003q");
	CHECK(got(SIGINT), "VINTR 'q' sends SIGINT");
	put(m, "\n");
	CHECK(expect(m, "q\r\n"), "the echo of ^C, typed with 'q', was flushed by it");
	CHECK(slave_expect(s, "\n"), "^C is data now, flushed by 'q'");
	set_cc(s, VINTR, 003);
	set_lflag(s, 0, ISIG);
	put(m, "\003\n");
	CHECK(slave_expect(s, "\003\n"), "ISIG off: ^C is data");
	CHECK(!pending(SIGINT), "and no signal");
	CHECK(expect(m, "^C\r\n"), "echoed");
	set_lflag(s, ISIG, 0);

	/* TIOCSIG on the master. */
	CHECK(ioctl(m, TIOCSIG, SIGINT) == 0 && got(SIGINT), "TIOCSIG(SIGINT) on the master signals the group");
	CHECK(ioctl(m, TIOCSIG, SIGTSTP) == 0 && got(SIGTSTP), "TIOCSIG(SIGTSTP)");
	CHECK_ERR(ioctl(m, TIOCSIG, SIGKILL), EINVAL, "TIOCSIG(SIGKILL) -> EINVAL");
	CHECK_ERR(ioctl(s, TIOCSIG, SIGINT), ENOTTY, "TIOCSIG on the slave -> ENOTTY");
	CHECK(!readable(m), "nothing else came out");
}

int main(void)
{
	pid_t pid;

	pty_pair(&m, &s);
	pid = fork_checked(leader, NULL);
	join_checked(pid, "the session leader's checks");
	close(s);
	close(m);
	return 0;
}
