/* SPDX-License-Identifier: MIT */
/*
 * Terminal ioctls (Linux tty_ioctl.c and tty_io.c): termios in its termio,
 * termios and termios2 forms, draining, flushing, flow control, window
 * sizes, exclusive mode, line discipline numbers, hangup, and the job
 * control requests (tty_job.c). A pty master reaches the same tty.
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

/* ---- ioctls ---- */

static long get_termios(struct tty *tty, unsigned cmd, uaddr_t arg)
{
	struct linux_termios2 t = tty->tio;

	if (cmd == LINUX_TCGETA) {
		uint16_t o[4] = { (uint16_t)t.c_iflag, (uint16_t)t.c_oflag, (uint16_t)t.c_cflag, (uint16_t)t.c_lflag };
		unsigned char b[LINUX_TERMIO_SIZE] = { 0 };

		memcpy(b, o, 8);
		b[8] = t.c_line;
		memcpy(b + 9, t.c_cc, 8);
		return copy_to_user(current->mm, arg, b, sizeof(b));
	}
	if (cmd == LINUX_TCGETS) {
		/* struct termios carries the speed in c_cflag only. */
		return copy_to_user(current->mm, arg, &t, LINUX_TERMIOS_SIZE);
	}
	return copy_to_user(current->mm, arg, &t, LINUX_TERMIOS2_SIZE);
}

static uint32_t baud_of(uint32_t cbaud)
{
	static const uint32_t rates[] = { 0, 50, 75, 110, 134, 150, 200, 300, 600, 1200, 1800, 2400,
					  4800, 9600, 19200, 38400 };
	static const uint32_t ext[] = { 57600, 115200, 230400, 460800, 500000, 576000, 921600, 1000000,
					1152000, 1500000, 2000000, 2500000, 3000000, 3500000, 4000000 };

	if (!(cbaud & TC_BOTHER))
		return rates[cbaud & 017];
	cbaud &= 017;
	return cbaud >= 1 && cbaud <= 15 ? ext[cbaud - 1] : 38400;
}

/* Waits until the driver has sent the output queue (Linux tty_wait_until_sent); a pty never waits. */
static long wait_until_sent(struct tty *tty)
{
	while (tty_chars_in_buffer(tty) && !tty->hungup && !tty->stopped) {
		struct waiter w;
		long r;

		waitq_add(&tty->wwait, &w, current);
		r = task_sleep(current, -1, NULL, 0, true);
		waitq_del(&w);
		if (r == -EINTR)
			return -ERESTARTSYS;
	}
	return 0;
}

static long set_termios(struct tty *tty, unsigned cmd, uaddr_t arg)
{
	struct linux_termios2 t = tty->tio, old = tty->tio;
	bool was_canon = tty_canon(tty);
	long r;

	if (cmd == LINUX_TCSETA || cmd == LINUX_TCSETAW || cmd == LINUX_TCSETAF) {
		unsigned char b[LINUX_TERMIO_SIZE];
		uint16_t o[4];

		if (copy_from_user(current->mm, b, arg, sizeof(b)))
			return -EFAULT;
		memcpy(o, b, 8);
		/* termio sets the low 16 bits of each flag word. */
		t.c_iflag = (t.c_iflag & 0xffff0000) | o[0];
		t.c_oflag = (t.c_oflag & 0xffff0000) | o[1];
		t.c_cflag = (t.c_cflag & 0xffff0000) | o[2];
		t.c_lflag = (t.c_lflag & 0xffff0000) | o[3];
		t.c_line = b[8];
		memcpy(t.c_cc, b + 9, 8);
	} else if (cmd == LINUX_TCSETS || cmd == LINUX_TCSETSW || cmd == LINUX_TCSETSF) {
		if (copy_from_user(current->mm, &t, arg, LINUX_TERMIOS_SIZE))
			return -EFAULT;
	} else {
		if (copy_from_user(current->mm, &t, arg, LINUX_TERMIOS2_SIZE))
			return -EFAULT;
	}
	/* TCSETSW, TCSETSF: wait for output to drain; TCSETSF also drops pending input. */
	if (cmd != LINUX_TCSETS && cmd != LINUX_TCSETA && cmd != LINUX_TCSETS2) {
		r = wait_until_sent(tty);
		if (r < 0)
			return r;
		if (cmd == LINUX_TCSETSF || cmd == LINUX_TCSETAF || cmd == LINUX_TCSETSF2)
			tty_flush(tty, LINUX_TCIFLUSH);
	}
	/* The speeds follow c_cflag unless BOTHER says they are given in c_ispeed/c_ospeed. */
	if (cmd == LINUX_TCSETS2 || cmd == LINUX_TCSETSW2 || cmd == LINUX_TCSETSF2) {
		if ((t.c_cflag & TC_CBAUD) != TC_BOTHER)
			t.c_ospeed = baud_of(t.c_cflag & TC_CBAUD);
	} else {
		t.c_ospeed = baud_of(t.c_cflag & TC_CBAUD);
	}
	if (!(t.c_cflag & TC_CIBAUD))
		t.c_ispeed = t.c_ospeed;
	tty->tio = t;
	if (was_canon != tty_canon(tty)) {
		size_t i;

		/*
		 * Linux n_tty_set_termios: line boundaries are forgotten (a VEOF
		 * mark stays as the NUL byte it is stored as), and on entering
		 * canonical mode all pending input becomes one readable line.
		 */
		for (i = 0; i < tty->ilen; i++)
			tty->iflag[(tty->ihead + i) % TTY_IBUF] = 0;
		if (tty_canon(tty) && tty->ilen) {
			i = (tty->ihead + tty->ilen - 1) % TTY_IBUF;
			tty->iflag[i] = (uint8_t)(TTYQ_DELIM | (tty->ibuf[i] ? 0 : TTYQ_EOF));
		}
		tty->lnext = tty->erasing = false;
	}
	if (!tty_canon(tty) || was_canon != tty_canon(tty))
		tty->icanon = tty->ilen; /* everything typed so far is readable */
	waitq_wake_all(&tty->rwait);
	if (tty->drv->set_termios)
		tty->drv->set_termios(tty, &old);
	/* IXON going off restarts output stopped by VSTOP, not by TCOOFF (Linux n_tty_set_termios). */
	if (!(tty->tio.c_iflag & TI_IXON) && (old.c_iflag & TI_IXON))
		tty_start(tty);
	waitq_wake_all(&tty->wwait);
	waitq_wake_all(&tty->mwait);
	return 0;
}

long tty_put_int(uaddr_t arg, int32_t v)
{
	return copy_to_user(current->mm, arg, &v, 4);
}

/* Bytes of complete lines a canonical read can return: VEOF marks are not data (Linux inq_canon). */
static size_t canon_bytes(struct tty *tty)
{
	size_t i, n = 0;

	for (i = 0; i < tty->icanon; i++)
		if (!(tty->iflag[(tty->ihead + i) % TTY_IBUF] & TTYQ_EOF))
			n++;
	return n;
}

long tty_ioctl(struct tty *tty, struct file *f, unsigned cmd, uaddr_t arg, bool master)
{
	long r;

	(void)f;
	/* A hung-up terminal's files refuse every ioctl (Linux hung_up_tty_ioctl). */
	if (tty->hungup && !master)
		return cmd == LINUX_TIOCSPGRP ? -ENOTTY : -EIO;
	switch (cmd) {
	case LINUX_TCGETS:
	case LINUX_TCGETS2:
	case LINUX_TCGETA:
		return get_termios(tty, cmd, arg);
	case LINUX_TCSETS:
	case LINUX_TCSETSW:
	case LINUX_TCSETSF:
	case LINUX_TCSETS2:
	case LINUX_TCSETSW2:
	case LINUX_TCSETSF2:
	case LINUX_TCSETA:
	case LINUX_TCSETAW:
	case LINUX_TCSETAF:
		/* Through the master too: Linux checks the slave (tty_mode_ioctl's real_tty). */
		if ((r = tty_job_check(tty, LINUX_SIGTTOU)) < 0)
			return r;
		return set_termios(tty, cmd, arg);
	case LINUX_TIOCGWINSZ:
		return copy_to_user(current->mm, arg, &tty->ws, LINUX_WINSIZE_SIZE);
	case LINUX_TIOCSWINSZ: {
		struct linux_winsize ws;

		if (copy_from_user(current->mm, &ws, arg, LINUX_WINSIZE_SIZE))
			return -EFAULT;
		tty_set_winsize(tty, &ws);
		return 0;
	}
	case LINUX_FIONREAD: /* also TIOCINQ */
		if (master)
			return tty_put_int(arg, (int32_t)(tty->olen - tty->oheld));
		return tty_put_int(arg, (int32_t)(tty_canon(tty) ? canon_bytes(tty) : tty->ilen));
	case LINUX_TIOCOUTQ:
		return tty_put_int(arg, master ? 0 : (int32_t)tty_chars_in_buffer(tty));
	case LINUX_TCFLSH:
		if (!master && (r = tty_job_check(tty, LINUX_SIGTTOU)) < 0)
			return r;
		if (arg > LINUX_TCIOFLUSH)
			return -EINVAL;
		if (master) {
			/*
			 * The master's input is the slave's output queue. Its output
			 * went straight into the slave's input queue, which a flush
			 * on the master does not touch; nor does it report a packet
			 * status (Linux flushes only the slave's unprocessed buffer).
			 */
			if (arg != LINUX_TCOFLUSH) {
				tty->ohead = tty->olen = tty->oheld = 0;
				waitq_wake_all(&tty->wwait);
			}
			return 0;
		}
		tty_flush(tty, (int)arg);
		return 0;
	case LINUX_TCXONC:
		if ((r = tty_job_check(tty, LINUX_SIGTTOU)) < 0)
			return r;
		switch (arg) {
		case LINUX_TCOOFF:
			if (!tty->tco_stopped) {
				tty->tco_stopped = true;
				tty_stop(tty);
			}
			break;
		case LINUX_TCOON:
			if (tty->tco_stopped) {
				tty->tco_stopped = false;
				tty_start(tty);
			}
			break;
		case LINUX_TCIOFF:
		case LINUX_TCION: {
			/* Sends VSTOP or VSTART to the other end, even while stopped (Linux tty_send_xchar). */
			unsigned char c = tty->tio.c_cc[arg == LINUX_TCIOFF ? VSTOP_ : VSTART_];
			bool was = tty->stopped;

			if (c && tty_out_room(tty)) {
				if (!tty->oheld)
					tty->stopped = false;
				tty_out_put(tty, &c, 1);
				tty->stopped = was;
				tty_out_kick(tty);
			}
			break;
		}
		default:
			return -EINVAL;
		}
		waitq_wake_all(&tty->mwait);
		return 0;
	case LINUX_TCSBRK:
	case LINUX_TCSBRKP:
	case LINUX_TIOCSBRK:
	case LINUX_TIOCCBRK:
		/* Background callers stop first, as in Linux's tty_ioctl (and for TIOCSETD below). */
		if (!master && (r = tty_job_check(tty, LINUX_SIGTTOU)) < 0)
			return r;
		/* tcdrain (and a break, which has no line to go to): waits for the output queue. */
		return cmd == LINUX_TIOCCBRK ? 0 : wait_until_sent(tty);
	case LINUX_TIOCSTI:
		return -EPERM; /* documented: faking input is refused (Linux's dev.tty.legacy_tiocsti=0) */
	case LINUX_TIOCEXCL:
		tty->excl = true;
		return 0;
	case LINUX_TIOCNXCL:
		tty->excl = false;
		return 0;
	case LINUX_TIOCGEXCL:
		return tty_put_int(arg, tty->excl);
	case LINUX_TIOCGETD:
		return tty_put_int(arg, 0); /* N_TTY */
	case LINUX_TIOCSETD: {
		int32_t ld;

		if (!master && (r = tty_job_check(tty, LINUX_SIGTTOU)) < 0)
			return r;
		if (copy_from_user(current->mm, &ld, arg, 4))
			return -EFAULT;
		return ld == 0 ? 0 : -EINVAL;
	}
	case LINUX_TIOCGPTPEER:
		/* The master serves it (pty.c); on any other tty Linux's ptm_open_peer says EIO. */
		return -EIO;
	case LINUX_TIOCVHANGUP:
		if (!cred_is_root(&current->tg->cred))
			return -EPERM;
		tty_hangup(tty);
		return 0;
	case LINUX_TIOCGDEV:
		return tty_put_int(arg, tty->index < 0 ? (5 << 8) | 1 : (int32_t)(((136 + tty->index / 256) << 8) |
									  (tty->index % 256)));
	}
	return tty_ioctl_job(tty, cmd, arg, master);
}

