/* tags: tty fork signal */
/* SPDX-License-Identifier: MIT */
/*
 * Hangups of a pty. Closing the master hangs the slave up: reads return 0
 * (even with input pending), writes and ioctls fail with EIO, poll says
 * POLLHUP, /dev/pts/N is gone; the session leader whose controlling tty it
 * was gets SIGHUP and SIGCONT and loses it, and the group that was in the
 * foreground gets SIGHUP only when that leader exits. Closing every slave
 * file makes the master read EIO once drained, poll POLLHUP; reopening the
 * slave undoes that.
 */
#include <sys/stat.h>
#include "ttyutil.h"

static int m, s;
static int go[2], report[2];

static int pending(int sig)
{
	sigset_t p;

	sigpending(&p);
	return sigismember(&p, sig);
}

/* Takes a pending sig, waiting for it up to ms. */
static int take(int sig, int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	sigset_t one;

	sigemptyset(&one);
	sigaddset(&one, sig);
	return sigtimedwait(&one, NULL, &ts) == sig;
}

/* The foreground group's process: reports what it got at the hangup, then after the leader's exit. */
static void fg_member(int tok)
{
	struct timespec ts = { TTY_WAIT_MS / 1000, 0 };
	sigset_t one;
	char r;

	if (!tok_wait(tok))
		_exit(3);
	r = (char)('0' + (pending(SIGHUP) ? 1 : 0) + (pending(SIGCONT) ? 2 : 0));
	tok_send(report[1], r);
	sigemptyset(&one);
	sigaddset(&one, SIGHUP);
	r = sigtimedwait(&one, NULL, &ts) == SIGHUP ? 'H' : 'n';
	tok_send(report[1], r);
	_exit(0);
}

static void leader(void *arg)
{
	sigset_t set;
	struct pollfd p;
	int tf[2], v;
	pid_t f;
	char c, buf[8];

	(void)arg;
	sigemptyset(&set);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGCONT);
	sigprocmask(SIG_BLOCK, &set, NULL);
	close(go[1]);
	CHECK(become_session_leader(s) == 0, "child: leads a session with the slave as controlling tty");
	if (pipe(tf))
		exit(2);
	f = fork();
	if (f == 0) {
		close(tf[1]);
		close(m);
		setpgid(0, 0);
		tok_send(report[1], 'r');
		close(report[0]);
		fg_member(tf[0]);
	}
	close(tf[0]);
	close(report[1]);
	setpgid(f, f);
	CHECK(tcsetpgrp(s, f) == 0, "another group in the foreground");
	put(m, "typed\n");
	CHECK(expect(m, "typed\r\n"), "a line typed, not read");
	CHECK(tok_wait(go[0]) == 'c', "the parent closed its copies of the master");
	CHECK(tok_wait(report[0]) == 'r', "so did the other process");
	close(m);

	CHECK(take(SIGHUP, TTY_WAIT_MS) && take(SIGCONT, 0),
	      "closing the master: the session leader gets SIGHUP and SIGCONT");
	CHECK(read(s, buf, sizeof(buf)) == 0, "a hung-up slave reads 0, even with a line pending");
	CHECK_ERR(write(s, "x", 1), EIO, "writes -> EIO");
	p = (struct pollfd){ .fd = s, .events = POLLIN | POLLOUT };
	CHECK(poll(&p, 1, 0) == 1 && (p.revents & POLLHUP) && (p.revents & POLLIN), "poll: POLLHUP and POLLIN");
	CHECK_ERR(ioctl(s, FIONREAD, &v), EIO, "FIONREAD -> EIO");
	CHECK_ERR(tcgetpgrp(s), EIO, "tcgetpgrp -> EIO");
	CHECK_ERR(tcsetpgrp(s, getpid()), ENOTTY, "tcsetpgrp -> ENOTTY");
	CHECK(!isatty(s), "isatty: no");
	CHECK_ERR(open("/dev/tty", O_RDWR), ENXIO, "the session has no controlling tty any more");
	tok_send(tf[1], 'x');
	c = tok_wait(report[0]);
	CHECK(c == '0', "the foreground group got neither SIGHUP nor SIGCONT at the hangup");
	if (c != '0')
		printf("# report %c\n", c);
	close(s);
	/* Exiting now, the leader sends SIGHUP to the group that was in the foreground. */
}

/* Leads a session and puts another group in front, then exits. */
static void short_leader(void *arg)
{
	sigset_t set;
	pid_t f, self;

	(void)arg;
	sigemptyset(&set);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGCONT);
	sigprocmask(SIG_BLOCK, &set, NULL);
	CHECK(become_session_leader(s) == 0, "child: leads a session with the slave as controlling tty");
	self = getpid();
	f = fork();
	if (f == 0) {
		struct timespec ts = { TTY_WAIT_MS / 1000, 0 }, nap = { 0, 1000000 };
		sigset_t one;
		char r[4];
		int i;

		close(m);
		setpgid(0, 0);
		sigemptyset(&one);
		sigaddset(&one, SIGHUP);
		r[0] = sigtimedwait(&one, NULL, &ts) == SIGHUP ? 'H' : 'n';
		r[1] = pending(SIGCONT) ? 'C' : '-';
		/*
		 * The SIGHUP comes while the leader is still exiting: Linux clears
		 * the session's tty after it, and reparents its children after
		 * that. So wait to be reparented before looking at /dev/tty.
		 */
		for (i = 0; i < TTY_WAIT_MS && getppid() == self; i++)
			nanosleep(&nap, NULL);
		r[2] = open("/dev/tty", O_RDWR) == -1 && errno == ENXIO ? 'X' : 'T';
		r[3] = 0;
		if (write(report[1], r, 3) != 3)
			_exit(3);
		_exit(0);
	}
	setpgid(f, f);
	CHECK(tcsetpgrp(s, f) == 0, "another group in the foreground; the leader exits");
}

int main(void)
{
	char name[64], buf[16];
	struct pollfd p;
	struct stat st;
	pid_t pid;
	int v;

	/* Closing the master. */
	pty_pair(&m, &s);
	snprintf(name, sizeof(name), "%s", ptsname(m));
	close(m);
	CHECK(read(s, buf, sizeof(buf)) == 0, "master closed: the slave reads 0");
	CHECK_ERR(write(s, "x", 1), EIO, "and writes -> EIO");
	CHECK_ERR(tcgetattr(s, (struct termios *)buf), EIO, "tcgetattr -> EIO");
	CHECK(fstat(s, &st) == 0 && S_ISCHR(st.st_mode), "fstat still works");
	CHECK_ERR(stat(name, &st), ENOENT, "/dev/pts/N is gone");
	close(s);

	/* Closing the slave. */
	pty_pair(&m, &s);
	snprintf(name, sizeof(name), "%s", ptsname(m));
	set_lflag(s, 0, ECHO); /* what the master writes below is not echoed */
	put(s, "bye");
	close(s);
	p = (struct pollfd){ .fd = m, .events = POLLIN };
	CHECK(poll(&p, 1, TTY_WAIT_MS) == 1 && (p.revents & POLLIN) && (p.revents & POLLHUP),
	      "slave closed: the master polls POLLIN and POLLHUP");
	CHECK(expect(m, "bye"), "the master reads what was written before");
	CHECK_ERR(read(m, buf, sizeof(buf)), EIO, "then read -> EIO");
	p = (struct pollfd){ .fd = m, .events = POLLIN };
	CHECK(poll(&p, 1, 0) == 1 && (p.revents & POLLHUP) && !(p.revents & POLLIN), "poll: POLLHUP alone");
	CHECK(write(m, "q", 1) == 1, "the master can still write");
	s = open(name, O_RDWR | O_NOCTTY);
	CHECK(s >= 0, "the slave can be opened again");
	p = (struct pollfd){ .fd = m, .events = POLLIN };
	CHECK(poll(&p, 1, 0) == 0, "no more POLLHUP");
	fcntl(m, F_SETFL, O_NONBLOCK);
	CHECK_ERR(read(m, buf, sizeof(buf)), EAGAIN, "a nonblocking read: EAGAIN, not EIO");
	CHECK(ioctl(s, FIONREAD, &v) == 0 && v == 0, "nothing typed is complete: 'q' has no newline");
	close(s);
	close(m);

	/* A session's controlling tty hung up. */
	pty_pair(&m, &s);
	if (pipe(go) || pipe(report))
		exit(2);
	pid = fork_checked(leader, NULL);
	close(go[0]);
	close(report[1]);
	close(m);
	close(s);
	tok_send(go[1], 'c');
	join_checked(pid, "the session leader's checks");
	CHECK(tok_wait(report[0]) == 'H', "when the leader exited, the old foreground group got SIGHUP");
	close(report[0]);

	/* A session leader exits, its tty still there. */
	pty_pair(&m, &s);
	if (pipe(report))
		exit(2);
	pid = fork_checked(short_leader, NULL);
	join_checked(pid, "the session leader's checks");
	close(report[1]);
	CHECK(read_for(report[0], buf, 3, TTY_WAIT_MS) == 3 && !memcmp(buf, "H-X", 3),
	      "the foreground group got SIGHUP (no SIGCONT) and lost the tty");
	CHECK(ioctl(m, TIOCGPGRP, &v) == 0 && v == 0, "the tty has no foreground group");
	CHECK_ERR(ioctl(m, TIOCGSID, &v), ENOTTY, "nor a session");
	CHECK(put(m, "x\n") && slave_expect(s, "x\n"), "and still works");
	close(s);
	close(m);
	return 0;
}
