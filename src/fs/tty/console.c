/* SPDX-License-Identifier: MIT */
/*
 * The console: a ukern tty whose "hardware" is ukern's own stdin and stdout,
 * and the terminals attached with `ukern console NAME` (UML's mconsole and
 * Linode's LISH idea). One host thread moves bytes: host and client input
 * into the line discipline (so that Ctrl-C reaches the foreground job even
 * when nobody reads), and the output queue out to the host and to every
 * attached client. The host terminal, if any, is in raw mode (cli/), so
 * every byte the guest sees was produced by our line discipline.
 *
 * Attached clients speak in frames: a type byte, a 16-bit length (little
 * endian) and the payload. From the client: 'D' keys, 'W' a struct winsize.
 * To the client: 'D' output, 'X' the guest's wait status when it ends. The
 * last CONSOLE_HISTORY bytes of output are replayed to a client on attach.
 * A client that cannot keep up loses output rather than stalling the guest.
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

#define MAX_CLIENTS 8
#define CONSOLE_HISTORY 16384
#define FRAME_MAX 4096

struct client {
	int fd;
	unsigned char buf[3 + FRAME_MAX];
	size_t len;
};

struct tty *console_tty;
static int con_in = -1, con_out = -1, con_event = -1, con_listen = -1;
static bool con_host_tty;
static volatile int out_pending; /* bytes taken from the queue, not yet written */
static volatile int winch_pending;
static struct client clients[MAX_CLIENTS];
static unsigned char history[CONSOLE_HISTORY];
static size_t hist_head, hist_len;

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

static void client_drop(struct client *c);

/*
 * Sends one frame to a client, whole or not at all: a client whose socket
 * is full misses the frame (wait_ns 0) or gets wait_ns to make room; a frame
 * begun is always finished (within 200 ms, else the client is dropped), so
 * the stream never loses its framing.
 */
static void client_send_wait(struct client *c, char type, const void *p, size_t n, int64_t wait_ns)
{
	unsigned char f[3 + FRAME_MAX];
	size_t len = 3 + n, done = 0;
	int64_t start = host_monotonic_ns();

	f[0] = (unsigned char)type;
	f[1] = (unsigned char)(n & 0xff);
	f[2] = (unsigned char)(n >> 8);
	memcpy(f + 3, p, n);
	for (;;) {
		struct linux_pollfd pf = { .fd = c->fd, .events = LINUX_POLLOUT };
		long r = host_write(c->fd, f + done, len - done);
		int64_t now, limit;

		if (r > 0)
			done += (size_t)r;
		else if (r != -EAGAIN)
			break;
		if (done == len)
			return;
		now = host_monotonic_ns();
		limit = start + (done ? MAX(wait_ns, 200000000LL) : wait_ns);
		if (now >= limit) {
			if (!done)
				return; /* nothing sent: the frame is simply lost */
			break;
		}
		host_poll(&pf, 1, limit - now);
	}
	client_drop(c); /* a half frame, or the socket failed */
}

static void client_send(struct client *c, char type, const void *p, size_t n)
{
	client_send_wait(c, type, p, n, 0);
}

static void client_drop(struct client *c)
{
	host_close(c->fd);
	c->fd = -1;
	c->len = 0;
}

static void history_add(const unsigned char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		history[(hist_head + hist_len) % CONSOLE_HISTORY] = p[i];
		if (hist_len < CONSOLE_HISTORY)
			hist_len++;
		else
			hist_head = (hist_head + 1) % CONSOLE_HISTORY;
	}
}

static void client_attach(int fd)
{
	unsigned char chunk[FRAME_MAX];
	size_t i, off = 0;

	for (i = 0; i < MAX_CLIENTS && clients[i].fd >= 0; i++)
		;
	if (i == MAX_CLIENTS) {
		host_close(fd);
		return;
	}
	clients[i].fd = fd;
	clients[i].len = 0;
	while (off < hist_len) {
		size_t n = MIN(sizeof(chunk), hist_len - off), k;

		for (k = 0; k < n; k++)
			chunk[k] = history[(hist_head + off + k) % CONSOLE_HISTORY];
		client_send(&clients[i], 'D', chunk, n);
		off += n;
	}
}

/* Handles a client's whole frames: window sizes at once, keys into in[] while it is empty. */
static void client_parse(struct client *c, unsigned char *in, size_t *in_len)
{
	while (c->fd >= 0 && c->len >= 3) {
		size_t n = c->buf[1] | (size_t)c->buf[2] << 8;

		if (n > FRAME_MAX) {
			client_drop(c);
			return;
		}
		if (c->len < 3 + n)
			break;
		if (c->buf[0] == 'W' && n == sizeof(struct linux_winsize)) {
			struct linux_winsize ws;

			memcpy(&ws, c->buf + 3, sizeof(ws));
			if (ws.ws_row && ws.ws_col) {
				kernel_lock();
				tty_set_winsize(console_tty, &ws);
				kernel_unlock();
			}
		} else if (c->buf[0] == 'D') {
			if (*in_len)
				break; /* the previous keys are not taken yet: keep the frame */
			memcpy(in, c->buf + 3, n);
			*in_len = n;
		}
		memmove(c->buf, c->buf + 3 + n, c->len - 3 - n);
		c->len -= 3 + n;
	}
}

static void client_read(struct client *c, unsigned char *in, size_t *in_len)
{
	long r = host_read(c->fd, c->buf + c->len, sizeof(c->buf) - c->len);

	if (r == -EAGAIN)
		return;
	if (r <= 0) {
		client_drop(c);
		return;
	}
	c->len += (size_t)r;
	client_parse(c, in, in_len);
}

static void console_thread(void *arg)
{
	unsigned char in[FRAME_MAX], out[4096];
	size_t in_len = 0, in_off = 0, out_len = 0, out_off = 0;
	bool in_done = con_in < 0;

	(void)arg;
	for (;;) {
		struct linux_pollfd p[4 + MAX_CLIENTS];
		bool want_in, more_out;
		unsigned np = 4, i;
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
			if (out_len) {
				history_add(out, out_len);
				for (i = 0; i < MAX_CLIENTS; i++)
					if (clients[i].fd >= 0)
						client_send(&clients[i], 'D', out, out_len);
				if (con_out < 0)
					out_len = 0; /* detached: kept in the history only */
			}
		}
		more_out = out_off < out_len;
		out_pending = more_out;
		kernel_unlock();
		/* Keys a client sent while in[] was busy: feed them at once. */
		if (!in_len) {
			for (i = 0; i < MAX_CLIENTS && !in_len; i++)
				client_parse(&clients[i], in, &in_len);
			if (in_len)
				continue;
		}
		want_in = in_len == 0;

		memset(p, 0, sizeof(p));
		p[0].fd = con_event;
		p[0].events = LINUX_POLLIN;
		p[1].fd = want_in && !in_done ? con_in : -1;
		p[1].events = LINUX_POLLIN;
		p[2].fd = more_out ? con_out : -1;
		p[2].events = LINUX_POLLOUT;
		p[3].fd = con_listen;
		p[3].events = LINUX_POLLIN;
		for (i = 0; i < MAX_CLIENTS; i++) {
			p[np].fd = want_in ? clients[i].fd : -1;
			p[np++].events = LINUX_POLLIN;
		}
		host_poll(p, np, -1);
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
		if (p[3].revents) {
			int fd = host_accept(con_listen);

			if (fd >= 0)
				client_attach(fd);
		}
		for (i = 0; i < MAX_CLIENTS; i++)
			if (p[4 + i].revents && clients[i].fd >= 0)
				client_read(&clients[i], in, &in_len);
		if (p[1].revents && !in_len) {
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

void console_end(int status)
{
	int32_t st = status;
	size_t i;

	if (!console_tty)
		return;
	kernel_lock();
	for (i = 0; i < MAX_CLIENTS; i++) {
		if (clients[i].fd >= 0) {
			client_send_wait(&clients[i], 'X', &st, sizeof(st), 1000000000);
			if (clients[i].fd >= 0)
				client_drop(&clients[i]);
		}
	}
	kernel_unlock();
}

struct tty *console_start(int in_fd, int out_fd, bool host_tty, int listen_fd)
{
	struct linux_termios2 host;
	size_t i;

	con_in = in_fd;
	con_out = out_fd;
	con_host_tty = host_tty;
	con_listen = listen_fd;
	for (i = 0; i < MAX_CLIENTS; i++)
		clients[i].fd = -1;
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
