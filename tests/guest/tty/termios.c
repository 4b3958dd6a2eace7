/* tags: tty */
/* SPDX-License-Identifier: MIT */
/*
 * The termios ioctls on a pty: tcsetattr/tcgetattr round trips, what a pty
 * forces in c_cflag (CS8, CREAD, no PARENB), speeds through cfsetospeed and
 * termios2 (BOTHER), the old termio calls (TCGETA/TCSETA: low 16 bits and 8
 * control characters), TCSAFLUSH, TIOCEXCL, TIOCGETD and unknown requests.
 */
#include "ttyutil.h"

struct kt2 {
	unsigned iflag, oflag, cflag, lflag;
	unsigned char line, cc[19];
	unsigned ispeed, ospeed;
};
struct ktermio {
	unsigned short iflag, oflag, cflag, lflag;
	unsigned char line, cc[8];
};
#define K_TCGETS2 0x802C542A
#define K_TCSETS2 0x402C542B
#define K_BOTHER 010000
#define K_CBAUD 010017

int main(void)
{
	struct termios t, u;
	struct kt2 k2;
	struct ktermio tio;
	int m, s, v;

	pty_pair(&m, &s);

	/* Round trip. */
	tcgetattr(s, &t);
	t.c_iflag = IGNBRK | INLCR | IXOFF | IMAXBEL;
	t.c_oflag = OPOST | OCRNL | ONLRET;
	t.c_lflag = ISIG | ECHONL | NOFLSH | TOSTOP;
	t.c_cc[VINTR] = 'x';
	t.c_cc[VMIN] = 7;
	t.c_cc[VTIME] = 9;
	CHECK(tcsetattr(s, TCSANOW, &t) == 0, "tcsetattr(TCSANOW)");
	CHECK(tcgetattr(s, &u) == 0, "tcgetattr");
	CHECK(u.c_iflag == t.c_iflag && u.c_oflag == t.c_oflag && u.c_lflag == t.c_lflag,
	      "the flag words come back");
	CHECK(u.c_cc[VINTR] == 'x' && u.c_cc[VMIN] == 7 && u.c_cc[VTIME] == 9, "the control characters come back");
	CHECK(tcgetattr(m, &u) == 0 && u.c_lflag == t.c_lflag, "the master shows them too");
	u.c_lflag |= ECHO;
	CHECK(tcsetattr(m, TCSANOW, &u) == 0 && tcgetattr(s, &t) == 0 && (t.c_lflag & ECHO),
	      "tcsetattr on the master sets the slave's termios");

	/* A pty has no line: 8 bits, no parity, always reading. */
	t.c_cflag = (t.c_cflag & ~(CSIZE | CREAD)) | CS7 | PARENB | PARODD | CSTOPB | CLOCAL;
	CHECK(tcsetattr(s, TCSANOW, &t) == 0 && tcgetattr(s, &u) == 0, "set CS7|PARENB without CREAD");
	if (!CHECK_RES((u.c_cflag & CSIZE) == CS8 && !(u.c_cflag & PARENB) && (u.c_cflag & CREAD),
		       "a pty forces CS8 and CREAD and clears PARENB"))
		printf("# c_cflag %#o\n", u.c_cflag);
	CHECK((u.c_cflag & (PARODD | CSTOPB | CLOCAL)) == (PARODD | CSTOPB | CLOCAL), "other c_cflag bits are kept");

	/* Speeds. */
	cfsetospeed(&t, B9600);
	cfsetispeed(&t, B9600);
	CHECK(tcsetattr(s, TCSANOW, &t) == 0 && tcgetattr(s, &u) == 0, "set B9600");
	CHECK(cfgetospeed(&u) == B9600 && cfgetispeed(&u) == B9600, "cfgetospeed/cfgetispeed: B9600");
	CHECK(ioctl(s, K_TCGETS2, &k2) == 0 && k2.ospeed == 9600 && k2.ispeed == 9600, "TCGETS2: 9600");
	cfsetospeed(&t, B115200);
	cfsetispeed(&t, B115200);
	CHECK(tcsetattr(s, TCSANOW, &t) == 0 && ioctl(s, K_TCGETS2, &k2) == 0 && k2.ospeed == 115200 &&
	      k2.ispeed == 115200, "B115200 (an extended rate): TCGETS2 115200");
	k2.cflag = (k2.cflag & ~K_CBAUD) | K_BOTHER;
	k2.ospeed = k2.ispeed = 12345;
	CHECK(ioctl(s, K_TCSETS2, &k2) == 0, "TCSETS2 with BOTHER and 12345 baud");
	memset(&k2, 0, sizeof(k2));
	CHECK(ioctl(s, K_TCGETS2, &k2) == 0 && (k2.cflag & K_CBAUD) == K_BOTHER && k2.ospeed == 12345 &&
	      k2.ispeed == 12345, "TCGETS2 gives BOTHER and 12345 back");
	cfsetospeed(&t, B38400);
	cfsetispeed(&t, B38400);
	tcsetattr(s, TCSANOW, &t);

	/* termio: the low 16 bits of each flag word and the first 8 control characters. */
	tcgetattr(s, &t);
	t.c_cflag |= CRTSCTS;
	t.c_cc[VSTART] = 'q';
	tcsetattr(s, TCSANOW, &t);
	memset(&tio, 0xaa, sizeof(tio));
	CHECK(ioctl(s, TCGETA, &tio) == 0, "TCGETA");
	CHECK(tio.lflag == (unsigned short)t.c_lflag && tio.iflag == (unsigned short)t.c_iflag &&
	      tio.cflag == (unsigned short)t.c_cflag && tio.oflag == (unsigned short)t.c_oflag,
	      "TCGETA: the low 16 bits of the flag words");
	CHECK(!memcmp(tio.cc, t.c_cc, 8) && tio.line == 0, "TCGETA: c_line and 8 control characters");
	tio.lflag &= (unsigned short)~ECHO;
	tio.cc[VINTR] = 'y';
	CHECK(ioctl(s, TCSETA, &tio) == 0 && tcgetattr(s, &u) == 0, "TCSETA");
	CHECK(!(u.c_lflag & ECHO) && u.c_cc[VINTR] == 'y', "TCSETA sets flags and control characters");
	CHECK((u.c_cflag & CRTSCTS) && u.c_cc[VSTART] == 'q', "and keeps the high flag bits and c_cc[8..]");

	/* TCSAFLUSH drops pending input. */
	set_lflag(s, ICANON, ECHO);
	set_iflag(s, ICRNL, INLCR);
	put(m, "gone\n");
	CHECK(slave_read(s, (char *)&u, 0) == 0, "a line typed");
	tcgetattr(s, &t);
	CHECK(tcsetattr(s, TCSAFLUSH, &t) == 0, "tcsetattr(TCSAFLUSH)");
	CHECK(ioctl(s, FIONREAD, &v) == 0 && v == 0, "the pending line is gone");

	/* Other requests. */
	CHECK(ioctl(s, TIOCGETD, &v) == 0 && v == N_TTY, "TIOCGETD: N_TTY");
	v = N_TTY;
	CHECK(ioctl(s, TIOCSETD, &v) == 0, "TIOCSETD N_TTY");
	CHECK(ioctl(s, TIOCEXCL) == 0, "TIOCEXCL");
#ifdef TIOCGEXCL
	CHECK(ioctl(s, TIOCGEXCL, &v) == 0 && v == 1, "TIOCGEXCL: 1");
	CHECK(ioctl(s, TIOCNXCL) == 0 && ioctl(s, TIOCGEXCL, &v) == 0 && v == 0, "TIOCNXCL: 0");
#else
	CHECK(ioctl(s, TIOCNXCL) == 0, "TIOCNXCL");
#endif
	CHECK_ERR(ioctl(s, 0x54ff, &v), ENOTTY, "an unknown tty ioctl -> ENOTTY");
	CHECK_ERR(ioctl(m, 0x54ff, &v), ENOTTY, "on the master too");
	CHECK_ERR(tcgetattr(0, &t), ENOTTY, "tcgetattr on /dev/null -> ENOTTY");
	close(s);
	close(m);
	return 0;
}
