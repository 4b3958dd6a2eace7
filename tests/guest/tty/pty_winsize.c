/* tags: tty fork signal */
/* SPDX-License-Identifier: MIT */
/*
 * Window size of a pty: TIOCSWINSZ on either end is seen by TIOCGWINSZ on
 * both; a change sends SIGWINCH to the foreground process group of the
 * session whose controlling tty it is (not to background groups, and not
 * when the size stays the same); setting it needs no foreground.
 */
#include "ttyutil.h"

static int m, s;
static int tok[2], rep[2];

static int take_winch(void)
{
	struct timespec ts = { 0, 0 };
	sigset_t one;

	sigemptyset(&one);
	sigaddset(&one, SIGWINCH);
	return sigtimedwait(&one, NULL, &ts) == SIGWINCH;
}

static int set_ws(int fd, int rows, int cols, int xp, int yp)
{
	struct winsize ws = { .ws_row = (unsigned short)rows, .ws_col = (unsigned short)cols,
			      .ws_xpixel = (unsigned short)xp, .ws_ypixel = (unsigned short)yp };

	return ioctl(fd, TIOCSWINSZ, &ws);
}

static int is_ws(int fd, int rows, int cols, int xp, int yp)
{
	struct winsize ws;

	return ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_row == rows && ws.ws_col == cols && ws.ws_xpixel == xp &&
	       ws.ws_ypixel == yp;
}

/* A background process: after each token, reports whether SIGWINCH came (taking it). */
static void other_group(void)
{
	close(tok[1]);
	close(rep[0]);
	while (tok_wait(tok[0]))
		tok_send(rep[1], take_winch() ? 'W' : '-');
	_exit(0);
}

static void leader(void *arg)
{
	sigset_t set;
	pid_t b;
	int st;

	(void)arg;
	sigemptyset(&set);
	sigaddset(&set, SIGWINCH);
	sigprocmask(SIG_BLOCK, &set, NULL);
	CHECK(become_session_leader(s) == 0, "child: leads a session with the slave as controlling tty");
	if (pipe(tok) || pipe(rep))
		exit(2);
	b = fork();
	if (b == 0) {
		setpgid(0, 0);
		other_group();
	}
	setpgid(b, b);
	close(tok[0]);
	close(rep[1]);

	CHECK(set_ws(m, 24, 80, 0, 0) == 0, "TIOCSWINSZ 24x80 on the master");
	CHECK(take_winch(), "the foreground group gets SIGWINCH");
	CHECK(is_ws(s, 24, 80, 0, 0) && is_ws(m, 24, 80, 0, 0), "TIOCGWINSZ on both ends: 24x80");
	tok_send(tok[1], '1');
	CHECK(tok_wait(rep[0]) == '-', "a background group does not");
	CHECK(set_ws(m, 24, 80, 0, 0) == 0 && !take_winch(), "the same size again: no SIGWINCH");
	CHECK(set_ws(s, 30, 100, 640, 480) == 0 && take_winch(), "TIOCSWINSZ on the slave: SIGWINCH");
	CHECK(is_ws(m, 30, 100, 640, 480), "the master sees it, pixels too");
	CHECK(set_ws(s, 30, 100, 800, 480) == 0 && take_winch(), "a change of the pixel size alone: SIGWINCH");

	CHECK(tcsetpgrp(s, b) == 0, "the other group is put in the foreground");
	CHECK(set_ws(s, 50, 132, 0, 0) == 0, "TIOCSWINSZ from the (now) background: allowed");
	CHECK(!take_winch(), "we get no SIGWINCH");
	tok_send(tok[1], '2');
	CHECK(tok_wait(rep[0]) == 'W', "the new foreground group does");
	close(tok[1]);
	waitpid(b, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "it ends");
}

int main(void)
{
	pid_t pid;

	pty_pair(&m, &s);
	CHECK(is_ws(m, 0, 0, 0, 0), "a new pty is 0x0");
	CHECK(set_ws(m, 10, 20, 0, 0) == 0 && is_ws(s, 10, 20, 0, 0), "no session: TIOCSWINSZ works all the same");
	CHECK_ERR(ioctl(s, TIOCSWINSZ, (void *)8), EFAULT, "TIOCSWINSZ from a bad address -> EFAULT");
	pid = fork_checked(leader, NULL);
	join_checked(pid, "the session leader's checks");
	close(s);
	close(m);
	return 0;
}
