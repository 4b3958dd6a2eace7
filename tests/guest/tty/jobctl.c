/* tags: tty fork signal */
/* SPDX-License-Identifier: MIT */
/*
 * Job control on a pty slave, inside a child that leads its own session:
 * TIOCSCTTY, /dev/tty, tcgetpgrp/tcsetpgrp/tcgetsid (and their errors),
 * background groups reading (SIGTTIN, or EIO when it is ignored or blocked,
 * EINTR with a handler), writing with TOSTOP and changing termios or the
 * foreground group (SIGTTOU, allowed when it is ignored), a stopped reader
 * continued in the foreground, an orphaned background group (EIO), TIOCNOTTY
 * from a member and from the leader (SIGHUP+SIGCONT to the foreground
 * group), setsid dropping the terminal, acquiring one by open, stealing one.
 */
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include "ttyutil.h"

#ifndef TIOCGPTPEER
#define TIOCGPTPEER 0x5441
#endif

static int m, s;
static char name[64];

/*
 * Runs fn in a child (in a group of its own if own_group), with default
 * SIGTTIN and SIGTTOU; it inherits the leader's blocked signals.
 */
static pid_t spawn(int (*fn)(void), int own_group)
{
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid < 0)
		exit(2);
	if (pid == 0) {
		if (own_group)
			setpgid(0, 0);
		signal(SIGTTOU, SIG_DFL);
		signal(SIGTTIN, SIG_DFL);
		alarm(TTY_WAIT_MS / 1000 + 1); /* never hang the test */
		_exit(fn());
	}
	if (own_group)
		setpgid(pid, pid);
	return pid;
}

static int wait_ok(pid_t pid)
{
	int st = -1;

	waitpid(pid, &st, 0);
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
		return 1;
	printf("# child status %#x\n", st);
	return 0;
}

/* The child stopped with sig; it is then killed. */
static int wait_stopped(pid_t pid, int sig)
{
	int st = -1, ok;

	waitpid(pid, &st, WUNTRACED);
	ok = WIFSTOPPED(st) && WSTOPSIG(st) == sig;
	if (!ok)
		printf("# child status %#x\n", st);
	kill(pid, SIGKILL);
	if (WIFSTOPPED(st))
		waitpid(pid, &st, 0);
	return ok;
}

static int c_read(void)
{
	char c;

	return read(s, &c, 1) < 0 ? 20 : 21;
}

static volatile int handled;

static void on_sig(int sig)
{
	(void)sig;
	handled = 1;
}

static int c_read_handler(void)
{
	struct sigaction sa = { .sa_handler = on_sig };
	char c;

	sigaction(SIGTTIN, &sa, NULL);
	return read(s, &c, 1) == -1 && errno == EINTR && handled ? 0 : 1;
}

static int c_read_ign(void)
{
	char c;

	signal(SIGTTIN, SIG_IGN);
	return read(s, &c, 1) == -1 && errno == EIO ? 0 : 1;
}

static int c_read_blocked(void)
{
	sigset_t set;
	char c;

	sigemptyset(&set);
	sigaddset(&set, SIGTTIN);
	sigprocmask(SIG_BLOCK, &set, NULL);
	return read(s, &c, 1) == -1 && errno == EIO ? 0 : 1;
}

static int c_read_line(void)
{
	char buf[16];

	return read(s, buf, sizeof(buf)) == 3 && !memcmp(buf, "fg\n", 3) ? 0 : 1;
}

static int c_write(void)
{
	return write(s, "w", 1) == 1 ? 0 : 1;
}

static int c_write_ign(void)
{
	signal(SIGTTOU, SIG_IGN);
	return c_write();
}

static int c_tcsetattr(void)
{
	struct termios t;

	tcgetattr(s, &t);
	return tcsetattr(s, TCSANOW, &t) == 0 ? 0 : 1;
}

static int c_tcsetattr_master(void)
{
	struct termios t;

	tcgetattr(m, &t);
	return tcsetattr(m, TCSANOW, &t) == 0 ? 0 : 1;
}

static int c_tcdrain(void)
{
	return tcdrain(s) == 0 ? 0 : 1;
}

static int c_tcsetattr_ign(void)
{
	signal(SIGTTOU, SIG_IGN);
	return c_tcsetattr();
}

static int c_tcgetattr(void)
{
	struct termios t;

	return tcgetattr(s, &t) == 0 && tcgetpgrp(s) == getppid() && tcgetsid(s) == getppid() ? 0 : 1;
}

static int c_tcsetpgrp(void)
{
	return tcsetpgrp(s, getpgrp()) == 0 ? 0 : 1;
}

static int c_tcsetpgrp_master(void)
{
	return tcsetpgrp(m, getpgrp()) == 0 ? 0 : 1;
}

static int c_tcsetpgrp_ign(void)
{
	signal(SIGTTOU, SIG_IGN);
	return tcsetpgrp(s, getpgrp()) == 0 && tcgetpgrp(s) == getpgrp() ? 0 : 1;
}

static int c_fg_read(void)
{
	char buf[16];

	return read(s, buf, sizeof(buf)) == 3 && !memcmp(buf, "in\n", 3) ? 0 : 1;
}

static int c_notty(void)
{
	if (ioctl(s, TIOCNOTTY) != 0)
		return 1;
	if (open("/dev/tty", O_RDWR) != -1 || errno != ENXIO)
		return 2;
	if (tcgetpgrp(s) != -1 || errno != ENOTTY)
		return 3;
	return ioctl(s, TIOCNOTTY) == -1 && errno == ENOTTY ? 0 : 4;
}

static int c_setsid(void)
{
	if (open("/dev/tty", O_RDWR) < 0)
		return 1;
	if (setsid() < 0)
		return 2;
	if (open("/dev/tty", O_RDWR) != -1 || errno != ENXIO)
		return 3;
	if (tcgetpgrp(s) != -1 || errno != ENOTTY)
		return 4;
	return ioctl(s, TIOCSCTTY, 0) == -1 && errno == EPERM ? 0 : 5;
}

static int c_sctty_member(void)
{
	return ioctl(s, TIOCSCTTY, 0) == -1 && errno == EPERM ? 0 : 1;
}

static int c_steal(void)
{
	if (setsid() < 0)
		return 1;
	if (ioctl(s, TIOCSCTTY, 0) != -1 || errno != EPERM)
		return 2;
	if (ioctl(s, TIOCSCTTY, 1) != 0)
		return 3;
	return tcgetsid(s) == getpid() ? 0 : 4;
}

static int tok[2];

/* Holds the foreground until a token comes. */
static int c_hold(void)
{
	close(tok[1]);
	return tok_wait(tok[0]) ? 0 : 1;
}

/* Waits for a token, then wants SIGHUP and SIGCONT pending (blocked by the leader) and no controlling tty. */
static int c_hup_watch(void)
{
	sigset_t set;

	close(tok[1]);
	if (!tok_wait(tok[0]))
		return 1;
	sigpending(&set);
	if (!sigismember(&set, SIGHUP) || !sigismember(&set, SIGCONT))
		return 2;
	return open("/dev/tty", O_RDWR) == -1 && errno == ENXIO ? 0 : 3;
}

static void leader(void *arg)
{
	struct termios t;
	struct stat st;
	sigset_t set;
	pid_t c;
	char buf[8];
	int fd, v, m2, s2;

	(void)arg;
	signal(SIGTTOU, SIG_IGN); /* as a shell does, to take the foreground back */
	sigemptyset(&set);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_BLOCK, &set, NULL);

	CHECK(setsid() == getpid(), "child: setsid");
	CHECK_ERR(open("/dev/tty", O_RDWR), ENXIO, "no controlling tty yet: /dev/tty -> ENXIO");
	CHECK_ERR(tcgetpgrp(s), ENOTTY, "tcgetpgrp on a tty that is not ours -> ENOTTY");
	CHECK_ERR(tcgetsid(s), ENOTTY, "tcgetsid too");
	CHECK(ioctl(s, TIOCSCTTY, 0) == 0, "TIOCSCTTY");
	CHECK(ioctl(s, TIOCSCTTY, 0) == 0, "TIOCSCTTY again: nothing to do");
	CHECK(tcgetpgrp(s) == getpid() && tcgetsid(s) == getpid(), "tcgetpgrp, tcgetsid: our group and session");
	CHECK(ioctl(m, TIOCGPGRP, &v) == 0 && v == getpid(), "TIOCGPGRP on the master");
	CHECK(ioctl(m, TIOCGSID, &v) == 0 && v == getpid(), "TIOCGSID on the master");
	fd = open("/dev/tty", O_RDWR);
	CHECK(fd >= 0, "/dev/tty opens");
	CHECK(fstat(fd, &st) == 0 && S_ISCHR(st.st_mode) && major(st.st_rdev) == 5 && minor(st.st_rdev) == 0,
	      "it is the (5, 0) node");
	CHECK(tcgetpgrp(fd) == getpid(), "it is the controlling tty");
	CHECK(write(fd, "T", 1) == 1 && expect(m, "T"), "writes to /dev/tty reach the master");
	close(fd);
	pty_pair(&m2, &s2);
	CHECK_ERR(ioctl(s2, TIOCSCTTY, 0), EPERM, "TIOCSCTTY of a second tty -> EPERM");
	CHECK_ERR(tcsetpgrp(s2, getpid()), ENOTTY, "tcsetpgrp on a tty that is not ours -> ENOTTY");
	close(s2);
	close(m2);
	CHECK_ERR(tcsetpgrp(s, 0x3fffffff), ESRCH, "tcsetpgrp to no group -> ESRCH");
	CHECK_ERR(tcsetpgrp(s, -1), EINVAL, "tcsetpgrp(-1) -> EINVAL");
	CHECK_ERR(tcsetpgrp(s, getpgid(getppid())), EPERM, "tcsetpgrp to a group of another session -> EPERM");

	/* A background group reading. */
	CHECK(wait_stopped(spawn(c_read, 1), SIGTTIN), "a background read stops the reader with SIGTTIN");
	CHECK(wait_ok(spawn(c_read_handler, 1)), "with a SIGTTIN handler the read fails with EINTR");
	CHECK(wait_ok(spawn(c_read_ign, 1)), "SIGTTIN ignored: the read fails with EIO");
	CHECK(wait_ok(spawn(c_read_blocked, 1)), "SIGTTIN blocked: EIO too");
	c = spawn(c_fg_read, 0);
	put(m, "in\n");
	CHECK(wait_ok(c), "a member of the foreground group reads");
	CHECK(expect(m, "in\r\n"), "echo");

	/* A background group writing, changing termios, taking the foreground. */
	CHECK(wait_ok(spawn(c_write, 1)) && expect(m, "w"), "a background write without TOSTOP goes through");
	set_lflag(s, TOSTOP, 0);
	CHECK(wait_stopped(spawn(c_write, 1), SIGTTOU), "with TOSTOP it stops the writer with SIGTTOU");
	CHECK(wait_ok(spawn(c_write_ign, 1)) && expect(m, "w"), "TOSTOP, SIGTTOU ignored: the write goes through");
	set_lflag(s, 0, TOSTOP);
	CHECK(wait_stopped(spawn(c_tcsetattr, 1), SIGTTOU), "tcsetattr from the background: SIGTTOU");
	CHECK(wait_stopped(spawn(c_tcsetattr_master, 1), SIGTTOU), "even on the master of its controlling tty");
	CHECK(wait_ok(spawn(c_tcsetattr_ign, 1)), "with SIGTTOU ignored it is allowed");
	CHECK(wait_stopped(spawn(c_tcdrain, 1), SIGTTOU), "tcdrain from the background: SIGTTOU");
	CHECK(wait_ok(spawn(c_tcgetattr, 1)), "tcgetattr, tcgetpgrp, tcgetsid from the background are allowed");
	CHECK(wait_stopped(spawn(c_tcsetpgrp, 1), SIGTTOU), "tcsetpgrp from the background: SIGTTOU");
	CHECK(wait_stopped(spawn(c_tcsetpgrp_master, 1), SIGTTOU), "even through the master");
	CHECK(wait_ok(spawn(c_tcsetpgrp_ign, 1)), "with SIGTTOU ignored it takes the foreground");
	CHECK(tcsetpgrp(s, getpid()) == 0 && tcgetpgrp(s) == getpid(), "the leader (ignoring SIGTTOU) takes it back");

	/* A stopped reader continued in the foreground. */
	c = spawn(c_read_line, 1);
	{
		int st = -1;

		waitpid(c, &st, WUNTRACED);
		CHECK(WIFSTOPPED(st) && WSTOPSIG(st) == SIGTTIN, "a background reader stops");
	}
	CHECK(tcsetpgrp(s, c) == 0 && tcgetpgrp(s) == c, "its group is put in the foreground");
	kill(c, SIGCONT);
	put(m, "fg\n");
	CHECK(wait_ok(c), "continued, its read starts again and gets the line");
	CHECK(expect(m, "fg\r\n"), "echo");
	CHECK(tcsetpgrp(s, getpid()) == 0, "the leader takes the foreground back");

	/* Our own group is orphaned (our parent is in another session): no signals, EIO. */
	if (pipe(tok))
		exit(2);
	c = spawn(c_hold, 1);
	close(tok[0]);
	set_lflag(s, TOSTOP, 0);
	CHECK(tcsetpgrp(s, c) == 0, "another group in the foreground");
	signal(SIGTTOU, SIG_DFL);
	CHECK_ERR(read(s, buf, 1), EIO, "an orphaned background group reading -> EIO");
	CHECK_ERR(write(s, "x", 1), EIO, "writing with TOSTOP -> EIO");
	tcgetattr(s, &t);
	CHECK_ERR(tcsetattr(s, TCSANOW, &t), EIO, "tcsetattr -> EIO");
	CHECK_ERR(tcsetpgrp(s, getpid()), ENOTTY, "tcsetpgrp -> ENOTTY");
	signal(SIGTTOU, SIG_IGN);
	CHECK(tcsetpgrp(s, getpid()) == 0, "with SIGTTOU ignored tcsetpgrp is allowed");
	set_lflag(s, 0, TOSTOP);
	tok_send(tok[1], 'x');
	close(tok[1]);
	CHECK(wait_ok(c), "the holder ends");

	/* Dropping and taking the terminal. */
	CHECK(wait_ok(spawn(c_notty, 0)), "TIOCNOTTY by a member: it has no /dev/tty; then TIOCNOTTY -> ENOTTY");
	CHECK(tcgetpgrp(s) == getpid(), "the leader still has the tty");
	CHECK(wait_ok(spawn(c_setsid, 0)), "setsid drops the tty: /dev/tty -> ENXIO, TIOCSCTTY of ours -> EPERM");
	CHECK(wait_ok(spawn(c_sctty_member, 1)), "TIOCSCTTY by a process that leads no session -> EPERM");
	if (geteuid() == 0) {
		CHECK(wait_ok(spawn(c_steal, 0)), "root steals the tty with TIOCSCTTY 1 (after EPERM with 0)");
		CHECK_ERR(open("/dev/tty", O_RDWR), ENXIO, "the old session lost it");
		CHECK(ioctl(s, TIOCSCTTY, 0) == 0 && tcgetpgrp(s) == getpid(), "and takes it again");
	}

	/* TIOCNOTTY by the session leader. */
	sigaddset(&set, SIGCONT);
	sigprocmask(SIG_BLOCK, &set, NULL);
	if (pipe(tok))
		exit(2);
	c = spawn(c_hup_watch, 1);
	close(tok[0]);
	CHECK(tcsetpgrp(s, c) == 0, "another group in the foreground");
	CHECK(ioctl(s, TIOCNOTTY) == 0, "TIOCNOTTY by the session leader");
	tok_send(tok[1], 'x');
	close(tok[1]);
	CHECK(wait_ok(c), "the foreground group got SIGHUP and SIGCONT, and lost the tty");
	sigpending(&set);
	CHECK(!sigismember(&set, SIGHUP), "the leader (in the background) got no SIGHUP");
	CHECK_ERR(open("/dev/tty", O_RDWR), ENXIO, "the leader has no /dev/tty");
	CHECK(ioctl(m, TIOCGPGRP, &v) == 0 && v == 0, "the tty has no foreground group");
	CHECK_ERR(ioctl(m, TIOCGSID, &v), ENOTTY, "nor a session");
	fd = open(name, O_WRONLY);
	CHECK(fd >= 0, "the leader opens the tty write-only");
	CHECK_ERR(tcgetpgrp(s), ENOTTY, "that does not make it the controlling tty (it needs read access)");
	close(fd);
	fd = ioctl(m, TIOCGPTPEER, O_RDWR | O_NOCTTY);
	CHECK(fd >= 0 && tcgetpgrp(fd) == -1 && errno == ENOTTY, "TIOCGPTPEER with O_NOCTTY: not acquired");
	close(fd);
	fd = ioctl(m, TIOCGPTPEER, O_RDWR);
	CHECK(fd >= 0 && tcgetpgrp(fd) == getpid(), "TIOCGPTPEER without O_NOCTTY acquires it, as an open does");
	close(fd);
	CHECK(ioctl(s, TIOCNOTTY) == 0, "TIOCNOTTY again");
	fd = open(name, O_RDWR);
	CHECK(fd >= 0 && tcgetpgrp(fd) == getpid(), "opening it for reading and writing does");
	close(fd);
}

int main(void)
{
	pid_t pid;

	pty_pair(&m, &s);
	snprintf(name, sizeof(name), "%s", ptsname(m));
	pid = fork_checked(leader, NULL);
	join_checked(pid, "the session leader's checks");
	close(s);
	close(m);
	return 0;
}
