/* tags: tty */
/* SPDX-License-Identifier: MIT */
/*
 * Canonical input on a pty slave, typed on the master: lines are readable
 * only once ended, one line per read; the echo (ONLCR, ECHOCTL, ECHO off,
 * ECHONL), ICRNL/IGNCR/INLCR, the editing characters VERASE (ECHOE),
 * VKILL (ECHOK/ECHOKE), VWERASE, VREPRINT, VLNEXT, and the line ends VEOF,
 * VEOL, VEOL2 (IEXTEN); FIONREAD; switching ICANON with input pending.
 */
#include "ttyutil.h"

static int m, s;

/* Types `typed` on the master; checks the echo and what one read of the slave gives. */
static void line(const char *typed, const char *echo, size_t echo_n, const char *got, size_t got_n,
		 const char *desc)
{
	char d[160];

	put(m, typed);
	snprintf(d, sizeof(d), "%s: echo", desc);
	CHECK(expect_n(m, echo, echo_n), d);
	snprintf(d, sizeof(d), "%s: read", desc);
	CHECK(slave_expect_n(s, got, got_n), d);
}
#define LINE(typed, echo, got, desc) line(typed, echo, sizeof(echo) - 1, got, sizeof(got) - 1, desc)

int main(void)
{
	struct pollfd p;
	char buf[64];
	int n = -1;

	pty_pair(&m, &s);

	/* A line is readable only once it ends. */
	put(m, "abc");
	CHECK(expect(m, "abc"), "typed bytes are echoed at once");
	CHECK(ioctl(s, FIONREAD, &n) == 0 && n == 0, "FIONREAD 0 before the newline");
	p = (struct pollfd){ .fd = s, .events = POLLIN };
	CHECK(poll(&p, 1, 0) == 0, "poll: the slave is not readable before the newline");
	fcntl(s, F_SETFL, O_NONBLOCK);
	CHECK_ERR(read(s, buf, sizeof(buf)), EAGAIN, "a nonblocking read before the newline -> EAGAIN");
	fcntl(s, F_SETFL, 0);
	put(m, "\n");
	CHECK(expect(m, "\r\n"), "the newline echoes as \\r\\n (ONLCR)");
	CHECK(ioctl(s, FIONREAD, &n) == 0 && n == 4, "FIONREAD counts the complete line");
	CHECK(read(s, buf, 0) == 0, "a zero-length read returns 0");
	CHECK(slave_expect(s, "abc\n"), "then the slave reads the line");

	/* One line per read; a short read leaves the rest of the line. */
	put(m, "one\ntwo\n");
	CHECK(expect(m, "one\r\ntwo\r\n"), "two lines echoed");
	CHECK(slave_expect(s, "one\n"), "a read gives the first line only");
	CHECK(slave_expect(s, "two\n"), "the next read the second");
	put(m, "abcdef\n");
	CHECK(expect(m, "abcdef\r\n"), "a longer line echoed");
	CHECK(read(s, buf, 2) == 2 && !memcmp(buf, "ab", 2), "a 2-byte read takes part of the line");
	CHECK(slave_expect(s, "cdef\n"), "the next read the rest");

	/* PARMRK doubles a typed \377 (when not stripped). */
	set_iflag(s, PARMRK, 0);
	set_lflag(s, 0, ECHO);
	put(m, "\377\n");
	CHECK(slave_expect(s, "\377\377\n"), "PARMRK: \\377 reads as \\377\\377");
	set_iflag(s, ISTRIP, 0);
	put(m, "\301\n");
	CHECK(slave_expect(s, "A\n"), "ISTRIP: \\301 reads as A");
	set_iflag(s, 0, PARMRK | ISTRIP);
	set_lflag(s, ECHO, 0);

	/* Carriage returns. */
	LINE("cr\r", "cr\r\n", "cr\n", "ICRNL: \\r ends the line as \\n");
	set_iflag(s, 0, ICRNL);
	LINE("x\ry\n", "x^My\r\n", "x\ry\n", "without ICRNL \\r is data (echoed ^M)");
	set_iflag(s, IGNCR, 0);
	LINE("a\rb\n", "ab\r\n", "ab\n", "IGNCR drops \\r");
	set_iflag(s, INLCR | ICRNL, IGNCR);
	LINE("a\n\r", "a^M\r\n", "a\r\n", "INLCR: \\n becomes \\r (and ICRNL applies to typed \\r only)");
	set_iflag(s, 0, INLCR);

	/* VERASE. */
	LINE("abd\177c\n", "abd\b \bc\r\n", "abc\n", "VERASE erases the last byte (\\b \\b)");
	LINE("\177x\n", "x\r\n", "x\n", "VERASE on an empty line does nothing");
	LINE("a\001\177\n", "a^A\b \b\b \b\r\n", "a\n", "VERASE of a ^A shown as two columns");
	LINE("ab\t\177\n", "ab\t\b\b\b\b\b\b\r\n", "ab\n", "VERASE of a tab backs up to its column");
	set_lflag(s, 0, ECHOE);
	LINE("ab\177\n", "ab^?\r\n", "a\n", "without ECHOE, VERASE echoes as ^?");
	set_lflag(s, ECHOE, 0);

	/* ECHOPRT: erased bytes are printed between \ and /. */
	set_lflag(s, ECHOPRT, 0);
	LINE("abc\177\177d\n", "abc\\cb/d\r\n", "ad\n", "ECHOPRT: erased bytes shown backwards after \\");
	LINE("xy\177\177z\n", "xy\\yx/z\r\n", "z\n", "ECHOPRT: erasing the whole line closes with /");
	LINE("ab\177\n", "ab\\b\r\n", "a\n", "ECHOPRT: a newline does not close the erasure");
	LINE("q\n", "/q\r\n", "q\n", "so the next byte typed does");
	LINE("ab\025\n", "ab\\ba/\r\n", "\n", "ECHOPRT with VKILL (ECHOKE)");
	set_lflag(s, 0, ECHOPRT);

	/* VKILL. */
	LINE("abc\025\n", "abc\b \b\b \b\b \b\r\n", "\n", "VKILL with ECHOKE erases the line");
	set_lflag(s, 0, ECHOKE);
	LINE("xy\025z\n", "xy^U\r\nz\r\n", "z\n", "VKILL without ECHOKE: ^U and a newline (ECHOK)");
	set_lflag(s, 0, ECHOK);
	LINE("xy\025z\n", "xy^Uz\r\n", "z\n", "VKILL without ECHOK: just ^U");
	set_lflag(s, ECHOK | ECHOKE, 0);

	/* VWERASE. */
	LINE("foo bar\027\n", "foo bar\b \b\b \b\b \b\r\n", "foo \n", "VWERASE erases the last word");
	LINE("foo bar  \027\n", "foo bar  \b \b\b \b\b \b\b \b\b \b\r\n", "foo \n",
	     "VWERASE erases trailing blanks and the word");
	LINE("foo-bar\027\n", "foo-bar\b \b\b \b\b \b\r\n", "foo-\n", "VWERASE stops at punctuation");
	set_lflag(s, 0, IEXTEN);
	LINE("ab\027\n", "ab^W\r\n", "ab\027\n", "without IEXTEN ^W is data");
	set_lflag(s, IEXTEN, 0);

	/* VREPRINT. */
	LINE("ab\022c\n", "ab^R\r\nabc\r\n", "abc\n", "VREPRINT echoes ^R, a newline and the line");

	/* VLNEXT. */
	LINE("\026\003\n", "^\b^C\r\n", "\003\n", "VLNEXT makes ^C literal");
	LINE("a\026\177\n", "a^\b^?\r\n", "a\177\n", "VLNEXT makes VERASE literal");
	LINE("\026\025\177\n", "^\b^U\b \b\b \b\r\n", "\n", "a literal ^U is erased as two columns");

	/* ECHOCTL, ECHO, ECHONL. */
	LINE("\001\n", "^A\r\n", "\001\n", "ECHOCTL shows ^A");
	set_lflag(s, 0, ECHOCTL);
	LINE("\001\n", "\001\r\n", "\001\n", "without ECHOCTL the byte itself is echoed");
	set_lflag(s, ECHOCTL, ECHO);
	put(m, "secret\n");
	CHECK(slave_expect(s, "secret\n"), "ECHO off: the line is read");
	set_lflag(s, ECHONL, 0);
	put(m, "pw\n");
	CHECK(slave_expect(s, "pw\n"), "ECHO off, ECHONL: the line is read");
	set_lflag(s, ECHO, ECHONL);
	CHECK(expect(m, "\r\n"), "ECHO off echoed nothing but ECHONL's newline");
	LINE("k\n", "k\r\n", "k\n", "ECHO back on");

	/* VEOF. */
	put(m, "\004");
	CHECK(slave_read(s, buf, sizeof(buf)) == 0, "VEOF on an empty line: read returns 0");
	LINE("z\n", "z\r\n", "z\n", "VEOF is not echoed; reading goes on after it");
	put(m, "ab\004");
	CHECK(expect(m, "ab"), "VEOF mid-line: only the line is echoed");
	CHECK(ioctl(s, FIONREAD, &n) == 0 && n == 2, "FIONREAD does not count the VEOF");
	CHECK(slave_expect(s, "ab"), "VEOF mid-line: the partial line is read without VEOF");
	put(m, "cd\004");
	CHECK(expect(m, "cd"), "another partial line");
	CHECK(read(s, buf, 2) == 2 && !memcmp(buf, "cd", 2), "a read of exactly its length");
	fcntl(s, F_SETFL, O_NONBLOCK);
	CHECK_ERR(read(s, buf, sizeof(buf)), EAGAIN, "takes the VEOF after it too (Linux canon_skip_eof)");
	fcntl(s, F_SETFL, 0);
	put(m, "efg\004");
	CHECK(expect(m, "efg"), "a third partial line");
	CHECK(read(s, buf, 2) == 2 && !memcmp(buf, "ef", 2), "a read shorter than the line");
	CHECK(slave_expect(s, "g"), "the next read the rest of it and the VEOF");
	fcntl(s, F_SETFL, O_NONBLOCK);
	CHECK_ERR(read(s, buf, sizeof(buf)), EAGAIN, "nothing left");
	fcntl(s, F_SETFL, 0);

	/* VEOL, VEOL2. */
	set_cc(s, VEOL, '!');
	LINE("ab!c\n", "ab!c\r\n", "ab!", "VEOL ends a line and is read");
	CHECK(slave_expect(s, "c\n"), "the rest is the next line");
	set_cc(s, VEOL, 0);
	set_cc(s, VEOL2, '#');
	set_lflag(s, 0, IEXTEN);
	LINE("a#b\n", "a#b\r\n", "a#b\n", "VEOL2 without IEXTEN is data");
	set_lflag(s, IEXTEN, 0);
	LINE("a#b\n", "a#b\r\n", "a#", "VEOL2 with IEXTEN ends a line");
	CHECK(slave_expect(s, "b\n"), "the rest is the next line");
	set_cc(s, VEOL2, 0);

	/* An overlong line keeps its first 4095 bytes and its end; erasing still works. */
	set_lflag(s, 0, ECHO);
	{
		static char big[6000];
		ssize_t r;
		int i, nx = 0;

		memset(big, 'x', 5000);
		big[5000] = '\n';
		CHECK(write(m, big, 5001) == 5001, "a 5000-byte line typed (no echo)");
		r = slave_read(s, big, sizeof(big));
		for (i = 0; i < r; i++)
			nx += big[i] == 'x';
		CHECK(r == 4096 && nx == 4095 && big[4095] == '\n', "read: 4095 bytes of it and the newline");
		memset(big, 'y', 5000);
		CHECK(write(m, big, 5000) == 5000 && put(m, "\177\177\n"), "another, then two erases");
		CHECK(slave_read(s, big, sizeof(big)) == 4094, "read: 4093 bytes and the newline");
	}
	set_lflag(s, ECHO, 0);

	/* Switching ICANON with input pending (Linux n_tty_set_termios). */
	put(m, "xyz");
	CHECK(expect(m, "xyz"), "a partial line typed");
	set_lflag(s, 0, ICANON);
	CHECK(slave_expect(s, "xyz"), "non-canonical: the partial line is readable");
	put(m, "raw");
	CHECK(expect(m, "raw"), "bytes typed in non-canonical mode");
	set_lflag(s, ICANON, 0);
	CHECK(ioctl(s, FIONREAD, &n) == 0 && n == 3, "back to canonical: FIONREAD counts them");
	CHECK(slave_expect(s, "raw"), "and they are readable at once, as one line");
	LINE("next\n", "next\r\n", "next\n", "canonical input goes on normally");
	put(m, "ab\004");
	CHECK(expect(m, "ab"), "a line ended by VEOF");
	set_lflag(s, 0, ICANON);
	CHECK(slave_expect_n(s, "ab\0", 3), "non-canonical: the VEOF mark reads as a NUL byte");
	set_lflag(s, ICANON, 0);

	close(s);
	close(m);
	return 0;
}
