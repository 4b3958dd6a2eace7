/* tags: tty */
/* SPDX-License-Identifier: MIT */
/*
 * Output processing on a pty slave, read on the master: OPOST on and off,
 * ONLCR, OCRNL, ONOCR, ONLRET, OLCUC, XTABS with the column kept across
 * writes, backspaces, carriage returns, UTF-8 (IUTF8) and echoes; erasing a
 * typed tab after a prompt.
 */
#include "ttyutil.h"

static int m, s;

static void out(const char *w, const char *want, size_t n, const char *desc)
{
	put(s, w);
	CHECK(expect_n(m, want, n), desc);
}
#define OUT(w, want, desc) out(w, want, sizeof(want) - 1, desc)

int main(void)
{
	pty_pair(&m, &s);
	set_lflag(s, 0, ECHO);

	OUT("a\nb\n", "a\r\nb\r\n", "ONLCR: \\n goes out as \\r\\n");
	set_oflag(s, 0, OPOST);
	OUT("a\nb\r\t\n", "a\nb\r\t\n", "OPOST off: bytes go out unchanged");
	set_oflag(s, OPOST, ONLCR);
	OUT("a\nb\n", "a\nb\n", "OPOST without ONLCR: \\n unchanged");
	set_oflag(s, OCRNL | ONLCR, 0);
	OUT("a\rb\n", "a\nb\r\n", "OCRNL: \\r goes out as \\n (not made \\r\\n)");
	set_oflag(s, ONOCR, OCRNL);
	OUT("\n\rx\r\n", "\r\nx\r\r\n", "ONOCR: \\r at column 0 is dropped, elsewhere kept");
	set_oflag(s, 0, ONOCR);

	/* XTABS and the column. */
	set_oflag(s, XTABS, 0);
	OUT("\na\tb\n", "\r\na       b\r\n", "XTABS: a tab becomes spaces to the next stop");
	put(s, "abc");
	OUT("\t|\n", "abc     |\r\n", "the column is kept across writes");
	OUT("abc\b\t|\n", "abc\b      |\r\n", "\\b moves the column back");
	OUT("abc\r\t|\n", "abc\r        |\r\n", "\\r returns to column 0");
	OUT("\001\t|\n", "\001        |\r\n", "a control byte takes no column");
	OUT("\xc3\xa9\t|\n", "\xc3\xa9      |\r\n", "without IUTF8 each byte of a UTF-8 character is a column");
	set_iflag(s, IUTF8, 0);
	OUT("\xc3\xa9\t|\n", "\xc3\xa9       |\r\n", "with IUTF8 a UTF-8 character is one column");
	set_iflag(s, 0, IUTF8);
	set_oflag(s, 0, ONLCR);
	OUT("abc\n\t|", "abc\n     |", "without ONLCR or ONLRET, \\n keeps the column");
	set_oflag(s, ONLRET, 0);
	OUT("\rabc\n\t|", "\rabc\n        |", "ONLRET: \\n returns to column 0");
	set_oflag(s, ONLCR, ONLRET);
	OUT("\n", "\r\n", "back to ONLCR");
	set_oflag(s, 0, XTABS);
	OUT("a\tb\n", "a\tb\r\n", "without XTABS a tab goes out as a tab");
	set_oflag(s, OLCUC, 0);
	OUT("abc-XYZ\n", "ABC-XYZ\r\n", "OLCUC: lower case goes out upper case");
	set_oflag(s, 0, OLCUC);

	/* Echoes share the output column. */
	set_lflag(s, ECHO, 0);
	set_oflag(s, XTABS, 0);
	put(m, "ab");
	CHECK(expect(m, "ab"), "two bytes typed and echoed");
	OUT("\t|\n", "      |\r\n", "output after an echo continues its column");
	put(m, "\177\177");
	CHECK(expect(m, "\b \b\b \b"), "erase the typed bytes");
	set_oflag(s, 0, XTABS);

	/* Erasing a tab typed after a prompt backs up to where the tab began. */
	put(s, "$ ");
	CHECK(expect(m, "$ "), "a prompt");
	put(m, "a\t\177\177x\n");
	CHECK(expect(m, "a\t\b\b\b\b\b\b \bx\r\n"), "tab erased by 5 backspaces after a 2-column prompt");
	CHECK(slave_expect(s, "x\n"), "the edited line");
	put(m, "\t\177y\n");
	CHECK(expect(m, "\t\b\b\b\b\b\b\b\by\r\n"), "a tab at column 0 erased by 8 backspaces");
	CHECK(slave_expect(s, "y\n"), "the edited line");

	close(s);
	close(m);
	return 0;
}
