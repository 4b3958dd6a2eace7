/* SPDX-License-Identifier: MIT */
/*
 * `ukern console NAME`: attaches this terminal to the console of a running
 * guest started with `ukern run --name NAME` (UML's mconsole, Linode's
 * LISH). Ctrl-] (as in telnet) detaches and leaves the guest running.
 * Also the control socket's naming and listening, shared with `ukern run`.
 *
 * The socket lives in $UKERN_RUNDIR, else $XDG_RUNTIME_DIR/ukern, else
 * /tmp/ukern-UID: a directory of mode 0700 that must belong to us.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <termios.h>
#include <unistd.h>
#include "cli/cli.h"

#define DETACH_KEY 0x1d /* Ctrl-] */

int console_socket_path(const char *name, char *buf, size_t n)
{
	const char *dir = getenv("UKERN_RUNDIR"), *xdg = getenv("XDG_RUNTIME_DIR");
	char d[256];
	struct stat st;
	size_t i;

	if (!*name || strlen(name) > 64 || name[0] == '.')
		goto bad;
	for (i = 0; name[i]; i++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-", name[i]))
			goto bad;
	if (dir && *dir)
		snprintf(d, sizeof(d), "%s", dir);
	else if (xdg && *xdg)
		snprintf(d, sizeof(d), "%s/ukern", xdg);
	else
		snprintf(d, sizeof(d), "/tmp/ukern-%u", (unsigned)getuid());
	if (mkdir(d, 0700) < 0 && errno != EEXIST) {
		fprintf(stderr, "ukern: cannot make %s: %s\n", d, strerror(errno));
		return -1;
	}
	if (lstat(d, &st) < 0 || !S_ISDIR(st.st_mode) || st.st_uid != getuid() || (st.st_mode & 077)) {
		fprintf(stderr, "ukern: %s must be a directory of ours with mode 0700\n", d);
		return -1;
	}
	if ((size_t)snprintf(buf, n, "%s/%s.sock", d, name) >= n ||
	    strlen(buf) >= sizeof(((struct sockaddr_un *)0)->sun_path)) {
		fprintf(stderr, "ukern: the socket path for '%s' is too long\n", name);
		return -1;
	}
	return 0;
bad:
	fprintf(stderr, "ukern: a guest name is 1-64 of [A-Za-z0-9_.-], not starting with '.'\n");
	return -1;
}

static int connect_to(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -1;
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

int console_listen(const char *name, char *path, size_t n)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd;

	if (console_socket_path(name, path, n) < 0)
		return -1;
	fd = connect_to(path);
	if (fd >= 0) {
		close(fd);
		fprintf(stderr, "ukern: a guest named '%s' is already running\n", name);
		return -1;
	}
	unlink(path); /* a socket left by a guest that did not end cleanly */
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(fd, 8) < 0) {
		fprintf(stderr, "ukern: cannot listen on %s: %s\n", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

static struct termios saved;
static int saved_ok;
static volatile sig_atomic_t winch = 1;

static void restore(void)
{
	if (saved_ok)
		tcsetattr(0, TCSANOW, &saved);
}

static void on_winch(int sig)
{
	(void)sig;
	winch = 1;
}

static void on_fatal(int sig)
{
	restore();
	signal(sig, SIG_DFL);
	raise(sig);
}

static int send_frame(int fd, char type, const void *p, size_t n)
{
	unsigned char hdr[3] = { (unsigned char)type, (unsigned char)(n & 0xff), (unsigned char)(n >> 8) };

	return write(fd, hdr, 3) == 3 && (n == 0 || write(fd, p, n) == (ssize_t)n) ? 0 : -1;
}

static int write_all(int fd, const unsigned char *p, size_t n)
{
	while (n) {
		ssize_t r = write(fd, p, n);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

int cmd_console(int argc, char **argv)
{
	unsigned char buf[4096 + 3], keys[4096];
	size_t have = 0;
	char path[256];
	int fd, status = -1;
	bool detached = false;

	if (argc != 2 || argv[1][0] == '-') {
		fprintf(stderr, "usage: ukern console NAME   (Ctrl-] detaches)\n");
		return 2;
	}
	if (console_socket_path(argv[1], path, sizeof(path)) < 0)
		return 2;
	fd = connect_to(path);
	if (fd < 0) {
		fprintf(stderr, "ukern: no running guest named '%s' (%s)\n", argv[1], strerror(errno));
		return 1;
	}
	signal(SIGPIPE, SIG_IGN);
	if (isatty(0) && tcgetattr(0, &saved) == 0) {
		struct termios raw = saved;

		saved_ok = 1;
		atexit(restore);
		signal(SIGTERM, on_fatal);
		signal(SIGHUP, on_fatal);
		signal(SIGINT, on_fatal);
		signal(SIGWINCH, on_winch);
		cfmakeraw(&raw);
		tcsetattr(0, TCSANOW, &raw);
	}
	fprintf(stderr, "[attached to %s; Ctrl-] detaches]\r\n", argv[1]);
	for (;;) {
		struct pollfd p[2] = { { .fd = 0, .events = POLLIN }, { .fd = fd, .events = POLLIN } };
		ssize_t r;

		if (winch && saved_ok) {
			struct winsize ws;

			winch = 0;
			if (ioctl(0, TIOCGWINSZ, &ws) == 0)
				send_frame(fd, 'W', &ws, sizeof(ws));
		}
		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (p[0].revents) {
			size_t i, k = 0;

			r = read(0, buf, 4096);
			if (r <= 0) {
				detached = true; /* our input ended: leave the guest running */
				break;
			}
			for (i = 0; i < (size_t)r; i++) {
				if (buf[i] == DETACH_KEY) {
					detached = true;
					break;
				}
				keys[k++] = buf[i];
			}
			if (k && send_frame(fd, 'D', keys, k) < 0)
				break;
			if (detached)
				break;
		}
		if (p[1].revents) {
			r = read(fd, buf + have, sizeof(buf) - have);
			if (r <= 0)
				break;
			have += (size_t)r;
			while (have >= 3) {
				size_t n = buf[1] | (size_t)buf[2] << 8;

				if (have < 3 + n)
					break;
				if (buf[0] == 'D')
					write_all(1, buf + 3, n);
				else if (buf[0] == 'X' && n == 4)
					memcpy(&status, buf + 3, 4);
				memmove(buf, buf + 3 + n, have - 3 - n);
				have -= 3 + n;
			}
		}
	}
	close(fd);
	restore();
	if (detached) {
		fprintf(stderr, "\r\n[detached from %s]\r\n", argv[1]);
		return 0;
	}
	if (status < 0) {
		fprintf(stderr, "\r\n[connection to %s lost]\r\n", argv[1]);
		return 1;
	}
	fprintf(stderr, "\r\n[%s ended]\r\n", argv[1]);
	return (status & 0x7f) ? 128 + (status & 0x7f) : (status >> 8) & 0xff;
}
