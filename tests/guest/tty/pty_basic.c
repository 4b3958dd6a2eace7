/* tags: tty */
/* SPDX-License-Identifier: MIT */
/*
 * Unix 98 pseudo-terminals: posix_openpt, grantpt, unlockpt, ptsname,
 * TIOCGPTN, the slave's lock (TIOCGPTLCK/TIOCSPTLCK, EIO while locked), the
 * /dev/pts listing and the slave's stat, ttyname and isatty, TIOCGPTPEER,
 * a new slave's termios (Linux's pts defaults) and bytes both ways.
 */
#include <dirent.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include "ttyutil.h"

#ifndef TIOCGPTPEER
#define TIOCGPTPEER 0x5441
#endif

/* The kernel's struct termios and struct termios2 (TCGETS, TCGETS2). */
struct kt {
	unsigned iflag, oflag, cflag, lflag;
	unsigned char line, cc[19];
};
struct kt2 {
	struct kt t;
	unsigned ispeed, ospeed;
};
#define K_TCGETS2 0x802C542A

static int in_dir(const char *dir, const char *name)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int found = 0;

	if (!d)
		return 0;
	while ((e = readdir(d)))
		if (!strcmp(e->d_name, name))
			found = 1;
	closedir(d);
	return found;
}

int main(void)
{
	static const unsigned char want_cc[19] = {
		[VINTR] = 003, [VQUIT] = 034, [VERASE] = 0177, [VKILL] = 025, [VEOF] = 004,
		[VTIME] = 0, [VMIN] = 1, [VSTART] = 021, [VSTOP] = 023, [VSUSP] = 032,
		[VREPRINT] = 022, [VDISCARD] = 017, [VWERASE] = 027, [VLNEXT] = 026,
	};
	char name[64], num[16], *p;
	int m, m2, s, s2, peer, n = -1, n2 = -1, v = -1, one = 1, zero = 0;
	struct stat st, st2;
	struct winsize ws;
	struct termios tio;
	struct kt kt;
	struct kt2 kt2;

	m = posix_openpt(O_RDWR | O_NOCTTY);
	CHECK(m >= 0, "posix_openpt(O_RDWR|O_NOCTTY)");
	CHECK(isatty(m), "the master is a terminal");
	CHECK(ioctl(m, TIOCGPTN, &n) == 0 && n >= 0, "TIOCGPTN gives the pty number");
	snprintf(name, sizeof(name), "/dev/pts/%d", n);
	snprintf(num, sizeof(num), "%d", n);
	p = ptsname(m);
	CHECK(p && !strcmp(p, name), "ptsname is /dev/pts/<TIOCGPTN>");
	CHECK(ioctl(m, TIOCGPTLCK, &v) == 0 && v == 1, "a new pty's slave is locked");
	CHECK_ERR(open(name, O_RDWR | O_NOCTTY), EIO, "opening a locked slave -> EIO");
	CHECK_ERR(ioctl(m, TIOCGPTPEER, O_RDWR | O_NOCTTY), EIO, "TIOCGPTPEER while locked -> EIO");
	CHECK(in_dir("/dev/pts", num), "/dev/pts lists the new pty");
	CHECK(in_dir("/dev/pts", "ptmx"), "/dev/pts lists ptmx");
	CHECK(grantpt(m) == 0, "grantpt");
	CHECK(unlockpt(m) == 0, "unlockpt");
	CHECK(ioctl(m, TIOCGPTLCK, &v) == 0 && v == 0, "TIOCGPTLCK after unlockpt: 0");

	s = open(name, O_RDWR | O_NOCTTY);
	CHECK(s >= 0, "open the unlocked slave");
	CHECK(isatty(s), "isatty(slave)");
	p = ttyname(s);
	CHECK(p && !strcmp(p, name), "ttyname(slave) is /dev/pts/N");
	CHECK(fstat(s, &st) == 0 && S_ISCHR(st.st_mode), "the slave is a character device");
	CHECK(major(st.st_rdev) == 136 + (unsigned)n / 256 && minor(st.st_rdev) == (unsigned)n % 256,
	      "its device number is (136 + N/256, N%256)");
	CHECK(stat(name, &st2) == 0 && st2.st_rdev == st.st_rdev && st2.st_ino == st.st_ino,
	      "stat(/dev/pts/N) is the same node");
	CHECK(st.st_uid == getuid(), "the slave belongs to the opener of ptmx");
	CHECK(stat("/dev/ptmx", &st2) == 0 && S_ISCHR(st2.st_mode) && major(st2.st_rdev) == 5 &&
	      minor(st2.st_rdev) == 2, "/dev/ptmx is (5, 2)");
	CHECK_ERR(ioctl(s, TIOCGPTN, &v), ENOTTY, "TIOCGPTN on the slave -> ENOTTY");
	CHECK_ERR(ioctl(s, TIOCGPTPEER, O_RDWR), EIO, "TIOCGPTPEER on the slave -> EIO");
	{
		int pf[2];

		CHECK(pipe(pf) == 0 && !isatty(pf[0]) && errno == ENOTTY, "a pipe is no terminal (ENOTTY)");
		close(pf[0]);
		close(pf[1]);
	}

	/* The relock only stops new opens. */
	CHECK(ioctl(m, TIOCSPTLCK, &one) == 0, "TIOCSPTLCK 1");
	CHECK_ERR(open(name, O_RDWR | O_NOCTTY), EIO, "relocked: open -> EIO");
	CHECK(ioctl(m, TIOCSPTLCK, &zero) == 0, "TIOCSPTLCK 0");
	s2 = open(name, O_RDONLY | O_NOCTTY);
	CHECK(s2 >= 0, "unlocked again: a second open of the slave");
	close(s2);

	/* A new slave's termios: Linux's tty_std_termios with c_cflag B38400|CS8|CREAD. */
	CHECK(ioctl(s, TCGETS, &kt) == 0, "TCGETS on the slave");
	if (!CHECK_RES(kt.iflag == (ICRNL | IXON), "c_iflag = ICRNL|IXON"))
		printf("# c_iflag %#o\n", kt.iflag);
	if (!CHECK_RES(kt.oflag == (OPOST | ONLCR), "c_oflag = OPOST|ONLCR"))
		printf("# c_oflag %#o\n", kt.oflag);
	if (!CHECK_RES(kt.cflag == (B38400 | CS8 | CREAD), "c_cflag = B38400|CS8|CREAD"))
		printf("# c_cflag %#o\n", kt.cflag);
	if (!CHECK_RES(kt.lflag == (ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN),
		       "c_lflag = ISIG|ICANON|ECHO|ECHOE|ECHOK|ECHOCTL|ECHOKE|IEXTEN"))
		printf("# c_lflag %#o\n", kt.lflag);
	CHECK(kt.line == 0, "c_line = N_TTY");
	CHECK(!memcmp(kt.cc, want_cc, sizeof(want_cc)), "c_cc: ^C ^\\ DEL ^U ^D 0 1 0 ^Q ^S ^Z 0 ^R ^O ^W ^V 0");
	CHECK(ioctl(s, K_TCGETS2, &kt2) == 0 && kt2.ispeed == 38400 && kt2.ospeed == 38400,
	      "TCGETS2: c_ispeed = c_ospeed = 38400");
	CHECK(tcgetattr(m, &tio) == 0 && tio.c_lflag == kt.lflag && tio.c_iflag == kt.iflag,
	      "tcgetattr on the master shows the slave's termios");
	CHECK(cfgetospeed(&tio) == B38400 && cfgetispeed(&tio) == B38400, "cfgetospeed/cfgetispeed: B38400");
	CHECK(ioctl(s, TIOCGWINSZ, &ws) == 0 && ws.ws_row == 0 && ws.ws_col == 0 && ws.ws_xpixel == 0 &&
	      ws.ws_ypixel == 0, "a new pty's window size is 0x0");
	CHECK(ioctl(s, TIOCGETD, &v) == 0 && v == 0, "TIOCGETD: N_TTY");

	/* Bytes both ways. */
	CHECK(put(m, "hello\n"), "write a line to the master");
	CHECK(slave_expect(s, "hello\n"), "the slave reads it");
	CHECK(expect(m, "hello\r\n"), "the master reads its echo (ONLCR)");
	CHECK(put(s, "out\n"), "the slave writes a line");
	CHECK(expect(m, "out\r\n"), "the master reads it with ONLCR");
	fcntl(m, F_SETFL, O_NONBLOCK);
	CHECK_ERR(read(m, name, sizeof(name)), EAGAIN, "nothing more: a nonblocking master read -> EAGAIN");
	fcntl(m, F_SETFL, 0);
	CHECK_ERR(lseek(m, 0, SEEK_SET), ESPIPE, "lseek on the master -> ESPIPE");
	CHECK_ERR(lseek(s, 0, SEEK_SET), ESPIPE, "lseek on the slave -> ESPIPE");

	/* TIOCGPTPEER: the slave, opened through the master. */
	peer = ioctl(m, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC);
	CHECK(peer >= 0, "TIOCGPTPEER");
	CHECK(fcntl(peer, F_GETFD) == FD_CLOEXEC, "TIOCGPTPEER honours O_CLOEXEC");
	CHECK(fstat(peer, &st2) == 0 && st2.st_rdev == st.st_rdev, "the peer is the same slave");
	p = ttyname(peer);
	CHECK(p && !strcmp(p, name), "ttyname(peer) is /dev/pts/N");
	CHECK(put(peer, "x") && expect(m, "x"), "a write to the peer reaches the master");
	close(peer);

	/* Another pair gets another number. */
	pty_pair(&m2, &s2);
	CHECK(ioctl(m2, TIOCGPTN, &n2) == 0 && n2 != n, "a second pty has another number");
	close(s2);
	close(m2);

	/* The slave stays open, so that the number cannot be taken again meanwhile. */
	close(m);
	CHECK_ERR(stat(name, &st), ENOENT, "/dev/pts/N is gone once the master is closed");
	CHECK(!in_dir("/dev/pts", num), "and no longer listed");
	close(s);
	return 0;
}
