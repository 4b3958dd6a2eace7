/* SPDX-License-Identifier: MIT */
/*
 * The console: a ukern tty whose "hardware" is ukern's own stdin and stdout.
 * One host thread moves bytes: host input into the line discipline (so that
 * Ctrl-C reaches the foreground job even when nobody reads), and the output
 * queue out to the host. The host terminal, if any, is in raw mode (cli/),
 * so every byte the guest sees was produced by our line discipline.
 *
 * End of input: a host terminal that goes away (read gives 0 or an error)
 * hangs the console up; with -t over plain pipes, the end of the input is
 * typed as one VEOF, as script(1) does, and the console then stops reading.
 */
#include <string.h>
#include "abi/errno.h"
#include "abi/ioctl.h"
#include "abi/poll.h"
#include "fs/tty/tty.h"
#include "host/host.h"
#include "kernel/task.h"
#include "lib/kstd.h"
#include "lib/log.h"

struct tty *console_tty;
static int con_in = -1, con_out = -1, con_event = -1;
static bool con_host_tty;
static volatile int out_pending; /* bytes taken from the queue, not yet written */
static volatile int winch_pending;

static void con_kick(struct tty *tty)
{
	(void)tty;
	host_eventfd_signal(con_event);
}

static const struct tty_driver console_driver = {
	.name = "console",
	.output_ready = con_kick,
	.input_room = con_kick,
	.drains_output = true,
};

void console_winch(void)
{
	if (con_event >= 0) {
		winch_pending = 1;
		host_eventfd_signal(con_event);
	}
}

static void read_winsize(void)
{
	struct linux_winsize ws;

	if (con_host_tty && host_ioctl(con_in, LINUX_TIOCGWINSZ, &ws) == 0 && ws.ws_row && ws.ws_col)
		tty_set_winsize(console_tty, &ws);
}

static void console_thread(void *arg)
{
	unsigned char in[4096], out[4096];
	size_t in_len = 0, in_off = 0, out_len = 0, out_off = 0;
	bool in_done = false;

	(void)arg;
	for (;;) {
		struct linux_pollfd p[3] = { { .fd = con_event, .events = LINUX_POLLIN } };
		bool want_in, more_out;
		long r;

		kernel_lock();
		/* Typed-ahead bytes wait in in[] until the line discipline has room. */
		if (in_off < in_len) {
			in_off += tty_input(console_tty, in + in_off, in_len - in_off);
			if (in_off == in_len)
				in_off = in_len = 0;
		}
		if (out_off == out_len) {
			out_off = 0;
			/* A stopped console (^S) sends nothing to the host until restarted. */
			out_len = console_tty->stopped ? 0 : tty_take_output(console_tty, out, sizeof(out));
		}
		want_in = !in_done && in_len == 0;
		more_out = out_off < out_len;
		out_pending = more_out;
		kernel_unlock();

		p[1].fd = want_in ? con_in : -1;
		p[1].events = LINUX_POLLIN;
		p[2].fd = more_out ? con_out : -1;
		p[2].events = LINUX_POLLOUT;
		host_poll(p, 3, -1);
		if (p[0].revents) {
			host_eventfd_drain(con_event);
			if (winch_pending) {
				winch_pending = 0;
				kernel_lock();
				read_winsize();
				kernel_unlock();
			}
		}
		if (p[2].revents & (LINUX_POLLOUT | LINUX_POLLERR | LINUX_POLLHUP)) {
			r = host_write(con_out, out + out_off, out_len - out_off);
			if (r > 0)
				out_off += (size_t)r;
			else if (r != -EAGAIN)
				out_off = out_len; /* the host output is gone: the bytes are lost, as on a cut line */
		}
		if (p[1].revents) {
			r = host_read(con_in, in, sizeof(in));
			if (r > 0) {
				in_len = (size_t)r;
				in_off = 0;
			} else if (r != -EAGAIN) {
				in_done = true;
				kernel_lock();
				if (con_host_tty) {
					tty_hangup(console_tty);
				} else if (console_tty->tio.c_lflag & TL_ICANON) {
					unsigned char eof = console_tty->tio.c_cc[VEOF_];

					tty_input(console_tty, &eof, 1);
				}
				kernel_unlock();
			}
		}
	}
}

void console_drain(int64_t timeout_ns)
{
	int64_t end = host_monotonic_ns() + timeout_ns;

	if (!console_tty)
		return;
	for (;;) {
		bool empty;

		kernel_lock();
		empty = console_tty->olen == 0 || console_tty->stopped;
		kernel_unlock();
		if ((empty && !out_pending) || host_monotonic_ns() >= end)
			return;
		host_poll(NULL, 0, 1000000);
	}
}

struct tty *console_start(int in_fd, int out_fd, bool host_tty)
{
	struct linux_termios2 host;

	con_in = in_fd;
	con_out = out_fd;
	con_host_tty = host_tty;
	con_event = host_eventfd();
	if (con_event < 0)
		return NULL;
	console_tty = tty_new(&console_driver, -1);
	/* UTF-8 erase follows the host terminal's setting. */
	if (host_tty && host_ioctl(in_fd, LINUX_TCGETS, &host) == 0 && (host.c_iflag & TI_IUTF8))
		console_tty->tio.c_iflag |= TI_IUTF8;
	/* A console on pipes is a fixed 80x24 virtual terminal; a host terminal tells its size. */
	console_tty->ws.ws_row = 24;
	console_tty->ws.ws_col = 80;
	read_winsize();
	if (host_thread_start(console_thread, NULL) < 0) {
		tty_put(console_tty);
		console_tty = NULL;
		return NULL;
	}
	return console_tty;
}
