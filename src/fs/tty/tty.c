/* SPDX-License-Identifier: MIT */
/*
 * The tty core and ukern's line discipline (after Linux's n_tty.c): input
 * processing (ISTRIP, ICRNL/INLCR/IGNCR, PARMRK doubling, IXON/IXANY),
 * signals from the keyboard (ISIG), canonical line editing (VERASE, VKILL,
 * VWERASE, VLNEXT, VREPRINT, VEOF, VEOL/VEOL2) with its echoes (ECHO, ECHOE,
 * ECHOK, ECHOKE, ECHONL, ECHOCTL, ECHOPRT), non-canonical reads with
 * VMIN/VTIME, output processing (OPOST, ONLCR, OCRNL, ONOCR, ONLRET, OLCUC,
 * XTABS), and the terminal side's file (the ioctls are in tty_ioctl.c).
 */
#include <string.h>
#include "abi/errno.h"
#include "abi/ioctl.h"
#include "abi/poll.h"
#include "fs/tty/tty.h"
#include "fs/vfs/vfs.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "lib/kstd.h"
#include "mm/uaccess.h"

static const struct file_ops tty_fops;

struct tty *tty_new(const struct tty_driver *drv, int index)
{
	static const uint8_t cc[LINUX_NCCS] = "\003\034\177\025\004\0\1\0\021\023\032\0\022\017\027\026\0";
	struct tty *tty = kzalloc(sizeof(*tty));

	tty->refs = 1;
	tty->drv = drv;
	tty->index = index;
	/* Linux's tty_std_termios. */
	tty->tio.c_iflag = TI_ICRNL | TI_IXON;
	tty->tio.c_oflag = TO_OPOST | TO_ONLCR;
	tty->tio.c_cflag = TC_B38400 | TC_CS8 | TC_CREAD | TC_HUPCL;
	tty->tio.c_lflag = TL_ISIG | TL_ICANON | TL_ECHO | TL_ECHOE | TL_ECHOK | TL_ECHOCTL | TL_ECHOKE | TL_IEXTEN;
	memcpy(tty->tio.c_cc, cc, LINUX_NCCS);
	tty->tio.c_ispeed = tty->tio.c_ospeed = 38400;
	/* A new pty has no size (0x0, as on Linux); the console sets its own. */
	waitq_init(&tty->rwait);
	waitq_init(&tty->wwait);
	waitq_init(&tty->mwait);
	return tty;
}

void tty_get(struct tty *tty)
{
	tty->refs++;
}

void tty_put(struct tty *tty)
{
	if (!tty || --tty->refs > 0)
		return;
	if (tty->drv->release)
		tty->drv->release(tty);
	waitq_release(&tty->rwait);
	waitq_release(&tty->wwait);
	waitq_release(&tty->mwait);
	kfree(tty);
}

/* ---- Output ---- */

size_t tty_out_room(struct tty *tty)
{
	return TTY_OBUF - tty->olen;
}

void tty_out_put(struct tty *tty, const void *p, size_t n)
{
	const unsigned char *s = p;
	size_t i;

	for (i = 0; i < n && tty->olen < TTY_OBUF; i++, tty->olen++) {
		tty->obuf[(tty->ohead + tty->olen) % TTY_OBUF] = s[i];
		if (tty->stopped)
			tty->oheld++;
	}
}

void tty_out_kick(struct tty *tty)
{
	if (tty->olen > tty->oheld && tty->drv->output_ready)
		tty->drv->output_ready(tty);
}

/* The output queue is empty (as far as tcdrain and TIOCOUTQ are concerned). */
size_t tty_chars_in_buffer(struct tty *tty)
{
	return tty->drv->drains_output ? tty->olen : 0;
}

size_t tty_take_output(struct tty *tty, unsigned char *buf, size_t n)
{
	size_t done = 0;

	while (done < n && tty->olen > tty->oheld) {
		buf[done++] = tty->obuf[tty->ohead];
		tty->ohead = (tty->ohead + 1) % TTY_OBUF;
		tty->olen--;
	}
	if (done)
		waitq_wake_all(&tty->wwait);
	return done;
}

static bool is_cont(struct tty *tty, unsigned char c)
{
	return (tty->tio.c_iflag & TI_IUTF8) && (c & 0xc0) == 0x80;
}

static bool is_cntrl(unsigned char c)
{
	return c < 0x20 || c == 0x7f;
}

/*
 * Processes one output byte (Linux do_output_char). Returns false when the
 * output queue has no room for what it becomes.
 */
static bool output_char(struct tty *tty, unsigned char c)
{
	uint32_t o = tty->tio.c_oflag;

	if (!(o & TO_OPOST)) {
		if (!tty_out_room(tty))
			return false;
		tty_out_put(tty, &c, 1);
		return true;
	}
	switch (c) {
	case '\n':
		if (o & TO_ONLRET)
			tty->column = 0;
		if (o & TO_ONLCR) {
			if (tty_out_room(tty) < 2)
				return false;
			tty->canon_column = tty->column = 0;
			tty_out_put(tty, "\r\n", 2);
			return true;
		}
		tty->canon_column = tty->column;
		break;
	case '\r':
		if ((o & TO_ONOCR) && tty->column == 0)
			return true;
		if (o & TO_OCRNL) {
			c = '\n';
			if (o & TO_ONLRET)
				tty->canon_column = tty->column = 0;
			break;
		}
		tty->canon_column = tty->column = 0;
		break;
	case '\t': {
		int spaces = 8 - (tty->column & 7);

		if ((o & TO_TABDLY) == TO_XTABS) {
			if (tty_out_room(tty) < (size_t)spaces)
				return false;
			tty->column += spaces;
			tty_out_put(tty, "        ", (size_t)spaces);
			return true;
		}
		tty->column += spaces;
		break;
	}
	case '\b':
		if (tty->column > 0)
			tty->column--;
		break;
	default:
		if (!is_cntrl(c)) {
			if ((o & TO_OLCUC) && c >= 'a' && c <= 'z')
				c = (unsigned char)(c - 'a' + 'A');
			if (!is_cont(tty, c))
				tty->column++;
		}
	}
	if (!tty_out_room(tty))
		return false;
	tty_out_put(tty, &c, 1);
	return true;
}

static void echo_str(struct tty *tty, const char *s)
{
	while (*s)
		output_char(tty, (unsigned char)*s++);
}

/* Echoes c, control characters as ^X with ECHOCTL (Linux echo_char). */
static void echo_char(struct tty *tty, unsigned char c)
{
	if ((tty->tio.c_lflag & TL_ECHOCTL) && is_cntrl(c) && c != '\t' && c != '\n') {
		char s[3] = { '^', (char)(c ^ 0100), 0 };

		echo_str(tty, s);
	} else {
		output_char(tty, c);
	}
}

/* ---- Input ---- */

static unsigned char in_at(struct tty *tty, size_t i)
{
	return tty->ibuf[(tty->ihead + i) % TTY_IBUF];
}

static void in_put(struct tty *tty, unsigned char c, uint8_t fl)
{
	size_t at = (tty->ihead + tty->ilen) % TTY_IBUF;

	tty->ibuf[at] = c;
	tty->iflag[at] = fl;
	tty->ilen++;
}

bool tty_canon(struct tty *tty)
{
	return tty->tio.c_lflag & TL_ICANON;
}

bool tty_input_full(struct tty *tty)
{
	/* In canonical mode a full line that never ends is discarded, as Linux does. */
	return tty->ilen >= TTY_IBUF && !(tty_canon(tty) && tty->icanon == 0);
}

/* Drops the output queued after its first keep bytes. */
static void out_truncate(struct tty *tty, size_t keep)
{
	if (keep >= tty->olen)
		return;
	tty->oheld -= MIN(tty->oheld, tty->olen - keep);
	tty->olen = keep;
	if (!tty->olen)
		tty->ohead = 0;
	waitq_wake_all(&tty->wwait);
}

void tty_flush(struct tty *tty, int which)
{
	/* Packet-mode status is recorded only while the master is in packet mode (Linux pty_flush_buffer). */
	if (which == LINUX_TCIFLUSH || which == LINUX_TCIOFLUSH) {
		tty->ihead = tty->ilen = tty->icanon = 0;
		tty->lnext = tty->erasing = false;
		/* Echoes not sent yet (held by a stop) go with the input, as n_tty's buffer reset drops them. */
		out_truncate(tty, tty->olen - tty->oheld);
		if (tty->packet)
			tty->pktstatus |= LINUX_TIOCPKT_FLUSHREAD;
	}
	if (which == LINUX_TCOFLUSH || which == LINUX_TCIOFLUSH) {
		/*
		 * The console drops what it has not sent to the host. A pty's
		 * output has already reached the master, which keeps it: Linux
		 * flushes only the master's not yet processed buffer.
		 */
		if (tty->drv->drains_output)
			out_truncate(tty, 0);
		if (tty->packet)
			tty->pktstatus |= LINUX_TIOCPKT_FLUSHWRITE;
		waitq_wake_all(&tty->wwait);
	}
	waitq_wake_all(&tty->mwait);
}

void tty_stop(struct tty *tty)
{
	if (tty->stopped)
		return;
	tty->stopped = true;
	tty->oheld = 0; /* what is queued has gone out; what comes now waits */
	if (tty->packet) {
		tty->pktstatus = (uint8_t)((tty->pktstatus & ~LINUX_TIOCPKT_START) | LINUX_TIOCPKT_STOP);
		waitq_wake_all(&tty->mwait);
	}
}

void tty_start(struct tty *tty)
{
	if (!tty->stopped || tty->tco_stopped)
		return;
	tty->stopped = false;
	tty->oheld = 0;
	if (tty->packet)
		tty->pktstatus = (uint8_t)((tty->pktstatus & ~LINUX_TIOCPKT_STOP) | LINUX_TIOCPKT_START);
	tty_out_kick(tty);
	waitq_wake_all(&tty->wwait);
	waitq_wake_all(&tty->mwait);
}

static bool is_cc(struct tty *tty, unsigned char c, int idx)
{
	return tty->tio.c_cc[idx] && c == tty->tio.c_cc[idx];
}

/* The column where the edited line's byte at offset end would start (for erasing tabs). */
static int line_column(struct tty *tty, size_t end)
{
	int col = tty->canon_column;
	size_t i;

	for (i = tty->icanon; i < end; i++) {
		unsigned char c = in_at(tty, i);

		if (c == '\t')
			col = (col | 7) + 1;
		else if (is_cntrl(c))
			col += (tty->tio.c_lflag & TL_ECHOCTL) ? 2 : 0;
		else if (!is_cont(tty, c))
			col++;
	}
	return col;
}

enum { ERASE, WERASE, KILL };

/* ECHOPRT: typing resumes after erased bytes were shown, which closes them with '/'. */
static void finish_erasing(struct tty *tty)
{
	if (tty->erasing) {
		output_char(tty, '/');
		tty->erasing = false;
	}
}

/* Line editing (Linux eraser). */
static void eraser(struct tty *tty, unsigned char c, int kind)
{
	uint32_t l = tty->tio.c_lflag;
	int seen_alnums = 0;

	if (tty->ilen == tty->icanon)
		return;
	if (kind == KILL) {
		if (!(l & TL_ECHO)) {
			tty->ilen = tty->icanon;
			return;
		}
		if (!(l & TL_ECHOK) || !(l & TL_ECHOKE) || !(l & TL_ECHOE)) {
			tty->ilen = tty->icanon;
			finish_erasing(tty);
			echo_char(tty, c);
			if (l & TL_ECHOK)
				output_char(tty, '\n');
			return;
		}
	}
	while (tty->ilen > tty->icanon) {
		size_t end = tty->ilen;
		unsigned char last = in_at(tty, end - 1);
		size_t start = end - 1;

		/* A whole UTF-8 sequence goes at once. */
		while (start > tty->icanon && is_cont(tty, in_at(tty, start)))
			start--;
		last = in_at(tty, start);
		if (kind == WERASE) {
			bool word = (last >= '0' && last <= '9') || (last >= 'a' && last <= 'z') ||
				    (last >= 'A' && last <= 'Z') || last == '_' || last >= 0x80;

			if (word)
				seen_alnums++;
			else if (seen_alnums)
				break;
		}
		tty->ilen = start;
		if (l & TL_ECHO) {
			if (l & TL_ECHOPRT) {
				/* Hardcopy style: the erased character is printed, after a '\\'. */
				size_t i;

				if (!tty->erasing) {
					output_char(tty, '\\');
					tty->erasing = true;
				}
				echo_char(tty, last);
				for (i = start + 1; i < end; i++) {
					output_char(tty, in_at(tty, i));
					if (tty->column > 0)
						tty->column--;
				}
			} else if (kind == ERASE && !(l & TL_ECHOE)) {
				echo_char(tty, tty->tio.c_cc[VERASE_]);
			} else if (last == '\t') {
				int n = tty->column - line_column(tty, start);

				while (n-- > 0)
					output_char(tty, '\b');
			} else {
				int w = is_cntrl(last) ? ((l & TL_ECHOCTL) ? 2 : 0) : 1;

				while (w-- > 0)
					echo_str(tty, "\b \b");
			}
		}
		if (kind == ERASE)
			break;
	}
	if (tty->ilen == tty->icanon && (l & TL_ECHO))
		finish_erasing(tty);
}

static void reprint(struct tty *tty, unsigned char c)
{
	size_t i;

	finish_erasing(tty);
	echo_char(tty, c);
	output_char(tty, '\n');
	tty->canon_column = tty->column;
	for (i = tty->icanon; i < tty->ilen; i++)
		echo_char(tty, in_at(tty, i));
}

static void isig(struct tty *tty, int sig, unsigned char c)
{
	if (!(tty->tio.c_lflag & TL_NOFLSH)) {
		/* Linux's isig clears the echo buffer: echoes of this input, and those held by a stop. */
		out_truncate(tty, MIN(tty->echo_mark, tty->olen - tty->oheld));
		tty_flush(tty, LINUX_TCIOFLUSH);
	}
	if (tty->tio.c_iflag & TI_IXON)
		tty_start(tty);
	if (tty->tio.c_lflag & TL_ECHO)
		echo_char(tty, c);
	if (tty->pgrp)
		tty_signal_pgrp(tty->pgrp, sig);
}

static void receive_char(struct tty *tty, unsigned char c)
{
	uint32_t i = tty->tio.c_iflag, l = tty->tio.c_lflag;

	if (i & TI_ISTRIP)
		c &= 0x7f;
	if ((i & TI_IUCLC) && (l & TL_IEXTEN) && c >= 'A' && c <= 'Z')
		c = (unsigned char)(c - 'A' + 'a');
	if (tty->lnext) {
		/* The byte after VLNEXT is data; its echo overwrites the "^\b" (Linux n_tty_receive_char_lnext). */
		tty->lnext = false;
		if ((i & TI_IXON) && (i & TI_IXANY))
			tty_start(tty);
		goto put;
	}
	if (i & TI_IXON) {
		/* VSTART wins when both are the same byte (Linux n_tty_receive_char_flow_ctrl). */
		if (is_cc(tty, c, VSTART_)) {
			tty_start(tty);
			return;
		}
		if (is_cc(tty, c, VSTOP_)) {
			tty_stop(tty);
			return;
		}
	}
	if (l & TL_ISIG) {
		if (is_cc(tty, c, VINTR_)) {
			isig(tty, LINUX_SIGINT, c);
			return;
		}
		if (is_cc(tty, c, VQUIT_)) {
			isig(tty, LINUX_SIGQUIT, c);
			return;
		}
		if (is_cc(tty, c, VSUSP_)) {
			isig(tty, LINUX_SIGTSTP, c);
			return;
		}
	}
	if ((i & TI_IXON) && (i & TI_IXANY))
		tty_start(tty); /* any other byte restarts output */
	if (c == '\r') {
		if (i & TI_IGNCR)
			return;
		if (i & TI_ICRNL)
			c = '\n';
	} else if (c == '\n' && (i & TI_INLCR)) {
		c = '\r';
	}
	if (l & TL_ICANON) {
		if (is_cc(tty, c, VERASE_) || is_cc(tty, c, VKILL_) || (is_cc(tty, c, VWERASE_) && (l & TL_IEXTEN))) {
			eraser(tty, c, is_cc(tty, c, VERASE_) ? ERASE : is_cc(tty, c, VKILL_) ? KILL : WERASE);
			return;
		}
		if (is_cc(tty, c, VLNEXT_) && (l & TL_IEXTEN)) {
			tty->lnext = true;
			if (l & TL_ECHO) {
				finish_erasing(tty);
				if (l & TL_ECHOCTL)
					echo_str(tty, "^\b");
			}
			return;
		}
		if (is_cc(tty, c, VREPRINT_) && (l & TL_ECHO) && (l & TL_IEXTEN)) {
			reprint(tty, c);
			return;
		}
		/* VEOL2 is an IEXTEN character, like VWERASE and VLNEXT. */
		if (c == '\n' || is_cc(tty, c, VEOL_) || (is_cc(tty, c, VEOL2_) && (l & TL_IEXTEN)) ||
		    is_cc(tty, c, VEOF_)) {
			bool eof = is_cc(tty, c, VEOF_);

			if (tty->ilen >= TTY_IBUF)
				return;
			if (!eof && ((l & TL_ECHO) || (c == '\n' && (l & TL_ECHONL)))) {
				if (tty->ilen == tty->icanon)
					tty->canon_column = tty->column;
				echo_char(tty, c);
			}
			/* PARMRK doubles a \377 that ends a line too (Linux, "XXX" and all). */
			if (c == 0377 && (i & TI_PARMRK) && !eof && tty->ilen < TTY_IBUF - 1)
				in_put(tty, c, 0);
			/* An EOF mark is stored as a NUL byte, as in Linux (it shows if ICANON goes off). */
			in_put(tty, eof ? 0 : c, (uint8_t)(TTYQ_DELIM | (eof ? TTYQ_EOF : 0)));
			tty->icanon = tty->ilen;
			waitq_wake_all(&tty->rwait);
			return;
		}
	}
put:
	if (l & TL_ECHO) {
		finish_erasing(tty);
		if (tty_canon(tty) && tty->ilen == tty->icanon)
			tty->canon_column = tty->column;
		echo_char(tty, c);
	}
	/* Canonical mode keeps the last byte free for the line's end (Linux does the same). */
	if (tty->ilen >= TTY_IBUF - (tty_canon(tty) ? 1 : 0))
		return;
	/* PARMRK: a real \377 reads as \377 \377, so it cannot be taken for a parity mark. */
	if (c == 0377 && (i & TI_PARMRK) && tty->ilen < TTY_IBUF - (tty_canon(tty) ? 2 : 1))
		in_put(tty, c, 0);
	in_put(tty, c, 0);
	if (!tty_canon(tty)) {
		tty->icanon = tty->ilen;
		waitq_wake_all(&tty->rwait);
	}
}

size_t tty_input(struct tty *tty, const unsigned char *buf, size_t n)
{
	size_t i;

	tty->echo_mark = tty->olen;
	for (i = 0; i < n; i++) {
		if (tty_input_full(tty))
			break;
		receive_char(tty, buf[i]);
	}
	tty_out_kick(tty);
	waitq_wake_all(&tty->mwait);
	return i;
}

/* ---- The terminal side's file ---- */

static struct tty *ftty(struct file *f)
{
	return f->priv;
}

bool file_is_tty(struct file *f)
{
	return f->ops == &tty_fops;
}

struct tty *file_tty(struct file *f)
{
	return file_is_tty(f) ? ftty(f) : NULL;
}

/* Copies up to n readable bytes; in canonical mode at most one line. */
static size_t copy_input(struct tty *tty, unsigned char *buf, size_t n, bool *eof)
{
	size_t done = 0;
	bool delim = false;

	*eof = false;
	while (done < n && tty->icanon) {
		unsigned char c = tty->ibuf[tty->ihead];
		uint8_t fl = tty->iflag[tty->ihead];

		tty->ihead = (tty->ihead + 1) % TTY_IBUF;
		tty->ilen--;
		tty->icanon--;
		if (fl & TTYQ_EOF) {
			*eof = true;
			break;
		}
		buf[done++] = c;
		if ((fl & TTYQ_DELIM) && tty_canon(tty)) {
			delim = true;
			break;
		}
	}
	/*
	 * A canonical read that fills the buffer right before a VEOF mark takes
	 * the mark too, or the next read would see an end of file that was only
	 * the end of this line (Linux canon_skip_eof).
	 */
	if (tty_canon(tty) && done && done == n && !delim && tty->icanon && (tty->iflag[tty->ihead] & TTYQ_EOF)) {
		tty->ihead = (tty->ihead + 1) % TTY_IBUF;
		tty->ilen--;
		tty->icanon--;
	}
	if (!tty->ilen)
		tty->ihead = 0;
	waitq_wake_all(&tty->mwait); /* a master writer may have room now */
	if (tty->drv->input_room)
		tty->drv->input_room(tty);
	return done;
}

/*
 * Reads as Linux's n_tty_read does. Canonical: one line (or what fits). Not
 * canonical: bytes are taken as they arrive until VMIN of them are there;
 * with VMIN 0, VTIME bounds the wait for a first byte, with VMIN > 0 it is an
 * inter-byte timer restarted by each arrival. A read that ends early (signal,
 * O_NONBLOCK, timeout, hangup) returns the bytes it already took.
 */
static long tty_read(struct file *f, void *buf, size_t n, int64_t *pos)
{
	struct tty *tty = ftty(f);
	unsigned char *b = buf;
	unsigned vmin = tty->tio.c_cc[VMIN_], vtime = tty->tio.c_cc[VTIME_];
	int64_t deadline = -1, inter = 0;
	size_t done = 0, minimum = 1;
	bool eof, no_wait = false;
	long r;

	(void)pos;
	/* A hung-up terminal reads end of file, input pending or not (Linux hung_up_tty_read). */
	if (tty->hungup)
		return 0;
	/* Job control is checked on entry only, as Linux does. */
	r = tty_job_check(tty, LINUX_SIGTTIN);
	if (r < 0 || !n)
		return r;
	if (!tty_canon(tty)) {
		if (vmin) {
			minimum = vmin;
			inter = (int64_t)vtime * 100000000;
		} else if (vtime) {
			deadline = clock_host_now() + (int64_t)vtime * 100000000;
		} else {
			no_wait = true;
		}
	}
	for (;;) {
		struct waiter w;

		if (tty->icanon) {
			size_t got = copy_input(tty, b + done, n - done, &eof);

			if (tty_canon(tty)) {
				if (got || eof || done)
					return (long)(done + got);
				continue;
			}
			done += got;
			if (done >= minimum || done == n)
				return (long)done;
			if (inter)
				deadline = clock_host_now() + inter;
			continue;
		}
		if (tty->hungup || no_wait || (deadline >= 0 && clock_host_now() >= deadline))
			break;
		if (f->flags & LINUX_O_NONBLOCK) {
			r = -EAGAIN;
			break;
		}
		waitq_add(&tty->rwait, &w, current);
		r = task_sleep(current, deadline, NULL, 0, true);
		waitq_del(&w);
		if (r == -EINTR) {
			r = -ERESTARTSYS;
			break;
		}
		r = 0;
	}
	return done ? (long)done : r;
}

static long tty_write(struct file *f, const void *buf, size_t n, int64_t *pos)
{
	struct tty *tty = ftty(f);
	const unsigned char *s = buf;
	size_t done = 0;
	long r;

	(void)pos;
	if (tty->tio.c_lflag & TL_TOSTOP) {
		r = tty_job_check(tty, LINUX_SIGTTOU);
		if (r < 0)
			return r;
	}
	while (done < n) {
		struct waiter w;

		if (tty->hungup)
			return done ? (long)done : -EIO;
		while (done < n && !tty->stopped && output_char(tty, s[done]))
			done++;
		tty_out_kick(tty);
		waitq_wake_all(&tty->mwait);
		if (done == n)
			break;
		if (f->flags & LINUX_O_NONBLOCK)
			return done ? (long)done : -EAGAIN;
		waitq_add(&tty->wwait, &w, current);
		r = task_sleep(current, -1, NULL, 0, true);
		waitq_del(&w);
		if (r == -EINTR)
			return done ? (long)done : -ERESTARTSYS;
	}
	return (long)done;
}

static unsigned tty_poll(struct file *f, struct poll_table *pt)
{
	struct tty *tty = ftty(f);
	unsigned m = 0;

	poll_wait(pt, &tty->rwait);
	poll_wait(pt, &tty->wwait);
	if (tty->hungup)
		return LINUX_POLLIN | LINUX_POLLOUT | LINUX_POLLHUP | LINUX_POLLERR | LINUX_POLLRDNORM |
		       LINUX_POLLWRNORM;
	/* Not canonical, VMIN bytes are needed only when VTIME is 0 (Linux input_available_p). */
	if (tty->icanon && (tty_canon(tty) || tty->tio.c_cc[VTIME_] ||
			    tty->icanon >= MAX((size_t)tty->tio.c_cc[VMIN_], (size_t)1)))
		m |= LINUX_POLLIN | LINUX_POLLRDNORM;
	if (!tty->stopped && tty_out_room(tty) >= 256)
		m |= LINUX_POLLOUT | LINUX_POLLWRNORM;
	return m;
}

static void tty_release(struct file *f)
{
	struct tty *tty = ftty(f);

	tty->opens--;
	if (tty->drv->close)
		tty->drv->close(tty);
	tty_put(tty);
}

static long tty_file_ioctl(struct file *f, unsigned cmd, uaddr_t arg)
{
	return tty_ioctl(ftty(f), f, cmd, arg, false);
}

static int64_t tty_llseek(struct file *f, int64_t off, int whence)
{
	(void)f; (void)off; (void)whence;
	return -ESPIPE;
}

static struct file *tty_reopen(struct file *f, int flags)
{
	struct tty *tty = ftty(f);
	struct file *n = file_new(NULL, flags);

	if (tty->hungup || tty_open_file(tty, n, flags, true) < 0) {
		file_put(n);
		return NULL;
	}
	return n;
}

static const struct file_ops tty_fops = {
	.read = tty_read,
	.write = tty_write,
	.poll = tty_poll,
	.ioctl = tty_file_ioctl,
	.llseek = tty_llseek,
	.release = tty_release,
	.reopen = tty_reopen,
};

int tty_open_file(struct tty *tty, struct file *f, int flags, bool noctty)
{
	struct thread_group *tg = current ? current->tg : NULL;

	if (tty->excl && tty->opens && !(current && cred_is_root(&current->tg->cred)))
		return -EBUSY;
	f->ops = &tty_fops;
	f->priv = tty;
	tty_get(tty);
	tty->opens++;
	/*
	 * A session leader without a terminal acquires this one, if it opened
	 * it for reading: write access alone (a setgid tty program's) must not
	 * give a controlling terminal (Linux tty_open_proc_set_tty).
	 */
	if (!noctty && !(flags & LINUX_O_NOCTTY) && (flags & LINUX_O_ACCMODE) != LINUX_O_WRONLY && tg &&
	    tg->sid == tg->tgid && !tg->ctty && !tty->session)
		tty_set_ctty(tg, tty);
	return 0;
}

void tty_set_winsize(struct tty *tty, const struct linux_winsize *ws)
{
	if (!memcmp(&tty->ws, ws, sizeof(*ws)))
		return;
	tty->ws = *ws;
	if (tty->pgrp)
		tty_signal_pgrp(tty->pgrp, LINUX_SIGWINCH);
}

void tty_hangup(struct tty *tty)
{
	if (tty->hungup)
		return;
	tty->hungup = true;
	tty_session_hangup(tty);
	waitq_wake_all(&tty->rwait);
	waitq_wake_all(&tty->wwait);
	waitq_wake_all(&tty->mwait);
}
