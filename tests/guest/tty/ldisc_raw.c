/* tags: tty signal */
/* SPDX-License-Identifier: MIT */
/*
 * Non-canonical input on a pty slave: the VMIN/VTIME cases (0/0, 1/0, 0/T,
 * N/0, N/T), poll and nonblocking reads under them, a read cut short by a
 * signal, FIONREAD, TCFLSH on either end, tcdrain and TIOCOUTQ on a pty,
 * flow control: TCXONC (TCOOFF/TCOON/TCIOFF/TCION), IXON with ^S/^Q, IXANY.
 */
#include <sys/time.h>
#include "ttyutil.h"

static int m, s;

static void raw(int vmin, int vtime)
{
	struct termios t;

	tcgetattr(s, &t);
	t.c_lflag &= ~(ICANON | ECHO);
	t.c_cc[VMIN] = (cc_t)vmin;
	t.c_cc[VTIME] = (cc_t)vtime;
	tcsetattr(s, TCSANOW, &t);
}

static int readable(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	return poll(&p, 1, 0) == 1 && (p.revents & POLLIN);
}

static int writable(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLOUT };

	return poll(&p, 1, 0) == 1 && (p.revents & POLLOUT);
}

static void nonblock(int fd, int on)
{
	fcntl(fd, F_SETFL, on ? O_NONBLOCK : 0);
}

static void on_alarm(int sig)
{
	(void)sig;
}

/* Arms a one-shot SIGALRM after ms (its handler interrupts without SA_RESTART). */
static void alarm_ms(int ms)
{
	struct itimerval it = { .it_value = { .tv_sec = ms / 1000, .tv_usec = (ms % 1000) * 1000 } };

	setitimer(ITIMER_REAL, &it, NULL);
}

int main(void)
{
	struct sigaction sa = { .sa_handler = on_alarm };
	char buf[64];
	long t0, dt;
	ssize_t r;
	int n;

	sigaction(SIGALRM, &sa, NULL);
	pty_pair(&m, &s);

	/* VMIN 0, VTIME 0: never waits. */
	raw(0, 0);
	t0 = now_ms();
	CHECK(read(s, buf, sizeof(buf)) == 0 && now_ms() - t0 < 1000, "0/0: a read with no input returns 0 at once");
	nonblock(s, 1);
	CHECK(read(s, buf, sizeof(buf)) == 0, "0/0: even nonblocking it returns 0, not EAGAIN");
	nonblock(s, 0);
	put(m, "ab");
	CHECK(wait_inq(s, 2), "FIONREAD counts typed bytes");
	CHECK(readable(s), "0/0: poll says readable");
	CHECK(read(s, buf, sizeof(buf)) == 2 && !memcmp(buf, "ab", 2), "0/0: the read takes what is there");

	/* VMIN 1, VTIME 0. */
	raw(1, 0);
	CHECK(!readable(s), "1/0: nothing to read, poll says so");
	put(m, "xyz");
	CHECK(slave_expect(s, "xyz"), "1/0: a read returns what has arrived");
	put(m, "pq");
	CHECK(wait_inq(s, 2), "two more bytes");
	CHECK(read(s, buf, 1) == 1 && buf[0] == 'p', "a 1-byte read takes one");
	CHECK(read(s, buf, sizeof(buf)) == 1 && buf[0] == 'q', "the next read the other");

	/* VMIN 0, VTIME 10: waits up to 1 s for a first byte. */
	raw(0, 10);
	t0 = now_ms();
	r = read(s, buf, sizeof(buf));
	dt = now_ms() - t0;
	CHECK(r == 0 && dt >= 900 && dt < 5000, "0/10: with no input the read returns 0 after VTIME");
	nonblock(s, 1);
	CHECK_ERR(read(s, buf, sizeof(buf)), EAGAIN, "0/10: a nonblocking read with no input -> EAGAIN");
	nonblock(s, 0);
	put(m, "k");
	CHECK(wait_inq(s, 1), "a byte typed");
	t0 = now_ms();
	CHECK(read(s, buf, sizeof(buf)) == 1 && buf[0] == 'k' && now_ms() - t0 < 500,
	      "0/10: with input the read returns at once");

	/* VMIN 3, VTIME 0: waits for 3 bytes. */
	raw(3, 0);
	put(m, "a");
	CHECK(wait_inq(s, 1), "one byte typed");
	CHECK(!readable(s), "3/0: poll is not readable with 1 of 3 bytes");
	nonblock(s, 1);
	CHECK(read(s, buf, sizeof(buf)) == 1 && buf[0] == 'a', "3/0: a nonblocking read takes the 1 byte there");
	nonblock(s, 0);
	put(m, "b");
	CHECK(wait_inq(s, 1), "one byte typed");
	alarm_ms(200);
	t0 = now_ms();
	r = read(s, buf, sizeof(buf));
	dt = now_ms() - t0;
	CHECK(r == 1 && buf[0] == 'b' && dt >= 150, "3/0: a signal ends the wait; the read returns the byte it has");
	put(m, "cde");
	CHECK(wait_inq(s, 3), "three bytes typed");
	CHECK(readable(s), "3/0: readable with 3 bytes");
	CHECK(read(s, buf, sizeof(buf)) == 3 && !memcmp(buf, "cde", 3), "3/0: the read takes the 3");
	put(m, "fg");
	CHECK(wait_inq(s, 2), "two bytes typed");
	CHECK(read(s, buf, 2) == 2 && !memcmp(buf, "fg", 2), "3/0: a read of 2 is satisfied by 2");

	/* VMIN 3, VTIME 10: an inter-byte timer started by the first byte. */
	raw(3, 10);
	put(m, "h");
	CHECK(wait_inq(s, 1), "one byte typed");
	CHECK(readable(s), "3/10: poll is readable with 1 byte (VTIME set)");
	t0 = now_ms();
	r = read(s, buf, sizeof(buf));
	dt = now_ms() - t0;
	CHECK(r == 1 && buf[0] == 'h' && dt >= 900 && dt < 5000, "3/10: the read returns the 1 byte after VTIME");
	put(m, "ijkl");
	CHECK(wait_inq(s, 4), "four bytes typed");
	t0 = now_ms();
	CHECK(read(s, buf, sizeof(buf)) == 4 && !memcmp(buf, "ijkl", 4) && now_ms() - t0 < 500,
	      "3/10: with VMIN bytes there the read returns at once, with all of them");

	/* TCFLSH. */
	raw(1, 0);
	put(m, "junk");
	CHECK(wait_inq(s, 4), "input pending");
	CHECK(tcflush(s, TCIFLUSH) == 0, "tcflush(slave, TCIFLUSH)");
	CHECK(ioctl(s, FIONREAD, &n) == 0 && n == 0, "the slave's pending input is gone");
	put(m, "keep");
	CHECK(wait_inq(s, 4), "input pending");
	CHECK(tcflush(m, TCOFLUSH) == 0 && tcflush(m, TCIOFLUSH) == 0,
	      "tcflush(master, TCOFLUSH), then TCIOFLUSH");
	CHECK(ioctl(s, FIONREAD, &n) == 0 && n == 4, "input the slave already has is kept");
	CHECK(read(s, buf, sizeof(buf)) == 4, "and read");
	put(s, "out");
	CHECK(wait_inq(m, 3), "output waiting on the master (its FIONREAD)");
	CHECK(tcflush(m, TCIFLUSH) == 0, "tcflush(master, TCIFLUSH)");
	CHECK(ioctl(m, FIONREAD, &n) == 0 && n == 0, "the master's unread input is gone");
	put(s, "new");
	CHECK(expect(m, "new"), "later output arrives");
	CHECK_ERR(tcflush(s, 3), EINVAL, "tcflush(3) -> EINVAL");

	/* A pty holds no output of its own: tcdrain and TCSADRAIN do not wait for the master to read. */
	put(s, "unread");
	CHECK(wait_inq(m, 6), "output the master has not read");
	alarm_ms(2000);
	CHECK(tcdrain(s) == 0, "tcdrain(slave) returns at once");
	{
		struct termios t;

		tcgetattr(s, &t);
		CHECK(tcsetattr(s, TCSADRAIN, &t) == 0, "tcsetattr(TCSADRAIN) returns at once");
		CHECK(tcsetattr(s, TCSAFLUSH, &t) == 0, "tcsetattr(TCSAFLUSH) returns at once");
	}
	CHECK(tcsendbreak(s, 0) == 0, "tcsendbreak returns at once");
	alarm_ms(0);
	CHECK(ioctl(s, TIOCOUTQ, &n) == 0 && n == 0, "TIOCOUTQ on the slave: 0");
	CHECK(expect(m, "unread"), "the master reads the output");

	/* TCXONC. */
	CHECK(tcflow(s, TCOOFF) == 0, "tcflow(TCOOFF)");
	CHECK(!writable(s), "output suspended: poll says not writable");
	nonblock(s, 1);
	CHECK_ERR(write(s, "w", 1), EAGAIN, "a nonblocking write while suspended -> EAGAIN");
	CHECK(tcflow(s, TCOON) == 0, "tcflow(TCOON)");
	CHECK(writable(s), "writable again");
	CHECK(write(s, "w", 1) == 1, "the write goes through");
	nonblock(s, 0);
	CHECK(expect(m, "w"), "and reaches the master");
	CHECK(tcflow(s, TCIOFF) == 0 && expect(m, "\023"), "tcflow(TCIOFF) sends VSTOP to the master");
	CHECK(tcflow(s, TCION) == 0 && expect(m, "\021"), "tcflow(TCION) sends VSTART");
	CHECK_ERR(tcflow(s, 9), EINVAL, "tcflow(9) -> EINVAL");

	/* IXON: ^S and ^Q typed on the master. */
	put(s, "before");
	CHECK(wait_inq(m, 6), "output waiting on the master");
	put(m, "\023z");
	CHECK(slave_expect(s, "z"), "^S is taken, the byte after it is input");
	CHECK(!writable(s), "^S stops output: not writable");
	nonblock(s, 1);
	CHECK_ERR(write(s, "x", 1), EAGAIN, "a nonblocking write while stopped -> EAGAIN");
	nonblock(s, 0);
	CHECK(expect(m, "before"), "output written before the stop is still read by the master");
	set_lflag(s, ECHO, 0);
	put(m, "e");
	CHECK(slave_expect(s, "e"), "a byte typed while stopped");
	CHECK(quiet(m, 100), "its echo is held while stopped");
	put(m, "\021");
	CHECK(expect(m, "e"), "^Q restarts output: the held echo comes");
	set_lflag(s, 0, ECHO);
	CHECK(writable(s), "writable again");
	CHECK(put(s, "after") && expect(m, "after"), "writes go through");

	/* TCOOFF is not undone by ^Q, nor ^S by TCOON (Linux's tco_stopped). */
	tcflow(s, TCOOFF);
	put(m, "\021y");
	CHECK(slave_expect(s, "y"), "^Q typed after TCOOFF");
	CHECK(!writable(s), "output stays suspended");
	tcflow(s, TCOON);
	CHECK(writable(s), "TCOON resumes it");
	put(m, "\023v");
	CHECK(slave_expect(s, "v"), "^S typed");
	tcflow(s, TCOON);
	CHECK(!writable(s), "TCOON does not undo ^S");
	put(m, "\021u");
	CHECK(slave_expect(s, "u"), "^Q typed");
	CHECK(writable(s), "^Q does");

	/* IXANY, and IXON off. */
	set_iflag(s, IXANY, 0);
	put(m, "\023t");
	CHECK(slave_expect(s, "t"), "IXANY: ^S then another byte");
	CHECK(writable(s), "IXANY: any byte restarts output");
	set_iflag(s, 0, IXANY | IXON);
	put(m, "\023\021");
	CHECK(slave_expect(s, "\023\021"), "without IXON ^S and ^Q are input");
	CHECK(writable(s), "and do not stop output");

	/* TCXONC on the master: its own writes, and VSTOP/VSTART sent as the slave's input. */
	set_iflag(s, IXON, 0);
	CHECK(tcflow(m, TCOOFF) == 0, "tcflow(master, TCOOFF)");
	CHECK(!writable(m), "the master is not writable");
	nonblock(m, 1);
	CHECK_ERR(write(m, "a", 1), EAGAIN, "a nonblocking write to it -> EAGAIN");
	nonblock(m, 0);
	CHECK(tcflow(m, TCOON) == 0 && writable(m), "tcflow(master, TCOON): writable again");
	put(m, "b");
	CHECK(slave_expect(s, "b"), "the write reaches the slave");
	CHECK(tcflow(m, TCIOFF) == 0, "tcflow(master, TCIOFF)");
	put(m, "c");
	CHECK(slave_expect(s, "c"), "a byte typed after it");
	CHECK(!writable(s), "the slave took the ^S: its output is stopped");
	CHECK(tcflow(m, TCION) == 0, "tcflow(master, TCION)");
	put(m, "d");
	CHECK(slave_expect(s, "d"), "a byte typed after it");
	CHECK(writable(s), "the slave took the ^Q: output restarted");

	close(s);
	close(m);
	return 0;
}
