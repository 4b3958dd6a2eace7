/* tags: tty */
/* SPDX-License-Identifier: MIT */
/*
 * Packet mode on a pty master (TIOCPKT, TIOCGPKT): data is prefixed with
 * TIOCPKT_DATA, status bytes report flushes of the slave (TCFLSH, ISIG),
 * output stopped and started (^S/^Q), and IXON turned off and on
 * (NOSTOP/DOSTOP); a status comes before pending data, POLLPRI flags it,
 * a flush on the master reports nothing.
 */
#include "ttyutil.h"

#ifndef TIOCPKT_NOSTOP
#define TIOCPKT_NOSTOP 16
#define TIOCPKT_DOSTOP 32
#endif

static int m, s;

/* One read of the master once it is readable; compares exactly. */
static int pkt_n(const char *want, size_t n)
{
	struct pollfd p = { .fd = m, .events = POLLIN };
	char buf[64];
	ssize_t r = -2;

	if (poll(&p, 1, TTY_WAIT_MS) == 1)
		r = read(m, buf, sizeof(buf));
	if (r >= 0 && (size_t)r == n && !memcmp(buf, want, n))
		return 1;
	show("expected", want, n);
	show("got", buf, r > 0 ? (size_t)r : 0);
	return 0;
}
#define PKT(lit) pkt_n(lit, sizeof(lit) - 1)

static int pkt_status(int bits)
{
	char c = (char)bits;

	return pkt_n(&c, 1);
}

/* Waits until the master is readable and says whether POLLPRI is set. */
static int pollpri(void)
{
	struct pollfd p = { .fd = m, .events = POLLIN | POLLPRI };

	return poll(&p, 1, TTY_WAIT_MS) == 1 && (p.revents & POLLPRI);
}

int main(void)
{
	int one = 1, zero = 0, v = -1;
	char c;

	pty_pair(&m, &s);
	set_lflag(s, 0, ECHO);

	CHECK(ioctl(m, TIOCGPKT, &v) == 0 && v == 0, "packet mode starts off");
	tcflush(s, TCIFLUSH); /* not reported: packet mode is off */
	CHECK(ioctl(m, TIOCPKT, &one) == 0, "TIOCPKT 1");
	CHECK(ioctl(m, TIOCGPKT, &v) == 0 && v == 1, "TIOCGPKT: 1");
	CHECK_ERR(ioctl(s, TIOCPKT, &one), ENOTTY, "TIOCPKT on the slave -> ENOTTY");

	put(s, "hi");
	CHECK(PKT("\0hi"), "data comes with a TIOCPKT_DATA (0) byte first");
	put(s, "xy");
	CHECK(pollpri() == 0, "data alone: no POLLPRI");
	CHECK(read(m, &c, 1) == 1 && c == 0, "a 1-byte read gives just the 0 byte");
	CHECK(PKT("\0xy"), "the data stays for the next read");

	CHECK(tcflush(s, TCIFLUSH) == 0 && pollpri(), "tcflush(slave, TCIFLUSH): POLLPRI");
	CHECK(pkt_status(TIOCPKT_FLUSHREAD), "status TIOCPKT_FLUSHREAD");
	tcflush(s, TCOFLUSH);
	CHECK(pkt_status(TIOCPKT_FLUSHWRITE), "tcflush(slave, TCOFLUSH): TIOCPKT_FLUSHWRITE");
	tcflush(s, TCIOFLUSH);
	CHECK(pkt_status(TIOCPKT_FLUSHREAD | TIOCPKT_FLUSHWRITE), "TCIOFLUSH: both");

	put(s, "data");
	CHECK(pollpri() == 0, "data pending");
	tcflush(s, TCIFLUSH);
	CHECK(pkt_status(TIOCPKT_FLUSHREAD), "a status is read before pending data, alone");
	CHECK(PKT("\0data"), "then the data");

	tcflush(m, TCIOFLUSH);
	put(s, "d");
	CHECK(PKT("\0d"), "tcflush on the master reports no status");

	/* ^S and ^Q. */
	put(m, "\023a\n");
	CHECK(slave_expect(s, "a\n"), "^S typed");
	CHECK(pkt_status(TIOCPKT_STOP), "TIOCPKT_STOP");
	put(m, "\021b\n");
	CHECK(slave_expect(s, "b\n"), "^Q typed");
	CHECK(pkt_status(TIOCPKT_START), "TIOCPKT_START");
	put(m, "\023\021c\n");
	CHECK(slave_expect(s, "c\n"), "^S and ^Q typed before the master reads");
	CHECK(pkt_status(TIOCPKT_START), "only TIOCPKT_START is left");
	tcflow(s, TCOOFF);
	CHECK(pkt_status(TIOCPKT_STOP), "tcflow(TCOOFF): TIOCPKT_STOP");
	tcflow(s, TCOON);
	CHECK(pkt_status(TIOCPKT_START), "tcflow(TCOON): TIOCPKT_START");

	/* IXON with ^S/^Q switched off and on. */
	set_iflag(s, 0, IXON);
	CHECK(pkt_status(TIOCPKT_NOSTOP), "IXON off: TIOCPKT_NOSTOP");
	set_iflag(s, IXON, 0);
	CHECK(pkt_status(TIOCPKT_DOSTOP), "IXON on: TIOCPKT_DOSTOP");
	set_cc(s, VSTOP, 'S');
	CHECK(pkt_status(TIOCPKT_NOSTOP), "VSTOP no longer ^S: TIOCPKT_NOSTOP");
	set_cc(s, VSTOP, 023);
	CHECK(pkt_status(TIOCPKT_DOSTOP), "VSTOP ^S again: TIOCPKT_DOSTOP");

	/* ISIG flushes. */
	set_lflag(s, ECHO, 0);
	put(m, "ab\003");
	CHECK(pkt_status(TIOCPKT_FLUSHREAD | TIOCPKT_FLUSHWRITE), "^C flushes both queues: status");
	CHECK(PKT("\0^C"), "then its echo");
	set_lflag(s, NOFLSH, 0);
	put(m, "\003");
	CHECK(PKT("\0^C"), "with NOFLSH: only the echo");
	set_lflag(s, 0, NOFLSH | ECHO);

	/* Off and on again. */
	CHECK(ioctl(m, TIOCPKT, &zero) == 0 && ioctl(m, TIOCGPKT, &v) == 0 && v == 0, "TIOCPKT 0");
	put(s, "raw");
	CHECK(PKT("raw"), "data without the 0 byte");
	tcflush(s, TCIFLUSH);
	ioctl(m, TIOCPKT, &one);
	put(s, "e");
	CHECK(PKT("\0e"), "status from before packet mode is not reported");

	close(s);
	close(m);
	return 0;
}
