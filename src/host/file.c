/* SPDX-License-Identifier: MIT */
/* Host fd I/O: thin wrappers returning -errno. */
#define _GNU_SOURCE
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <termios.h>
#include <unistd.h>
#include "host/host.h"

static_assert(sizeof(struct stat) == sizeof(struct linux_stat), "stat layout");
static_assert(sizeof(struct statfs) == sizeof(struct linux_statfs), "statfs layout");

#define RET(expr)                          \
	do {                               \
		long r_;                   \
		do                         \
			r_ = (long)(expr); \
		while (r_ < 0 && errno == EINTR); \
		return r_ < 0 ? -errno : r_; \
	} while (0)

int host_openat(int dirfd, const char *name, int flags, int mode)
{
	RET(openat(dirfd, name, flags | O_CLOEXEC, mode));
}

int host_close(int fd)
{
	return close(fd) < 0 && errno != EINTR ? -errno : 0;
}

long host_read(int fd, void *buf, size_t n)
{
	RET(read(fd, buf, n));
}

long host_write(int fd, const void *buf, size_t n)
{
	RET(write(fd, buf, n));
}

long host_pread(int fd, void *buf, size_t n, int64_t off)
{
	RET(pread(fd, buf, n, off));
}

long host_pwrite(int fd, const void *buf, size_t n, int64_t off)
{
	RET(pwrite(fd, buf, n, off));
}

long host_pwritev(int fd, const struct host_iov *iov, int cnt, int64_t off)
{
	static_assert(sizeof(struct host_iov) == sizeof(struct iovec) &&
			      offsetof(struct host_iov, len) == offsetof(struct iovec, iov_len),
		      "host_iov is struct iovec");
	RET(pwritev(fd, (const struct iovec *)iov, cnt, off));
}

int64_t host_lseek(int fd, int64_t off, int whence)
{
	int64_t r = lseek(fd, off, whence);

	return r < 0 ? -errno : r;
}

int host_fstat(int fd, struct linux_stat *st)
{
	return fstat(fd, (struct stat *)st) < 0 ? -errno : 0;
}

int host_fstatfs(int fd, struct linux_statfs *st)
{
	return fstatfs(fd, (struct statfs *)st) < 0 ? -errno : 0;
}

int host_ftruncate(int fd, int64_t len)
{
	RET(ftruncate(fd, len));
}

int host_fallocate(int fd, int mode, int64_t off, int64_t len)
{
	RET(fallocate(fd, mode, off, len));
}

int host_fsync(int fd, int datasync)
{
	RET(datasync ? fdatasync(fd) : fsync(fd));
}

int host_ioctl(int fd, unsigned long req, void *arg)
{
	RET(ioctl(fd, req, arg));
}

int host_fcntl(int fd, int cmd, long arg)
{
	RET(fcntl(fd, cmd, arg));
}

int host_dup_above(int fd, int min)
{
	RET(fcntl(fd, F_DUPFD_CLOEXEC, min));
}

int host_memfd(const char *name)
{
	RET(memfd_create(name, MFD_CLOEXEC | MFD_ALLOW_SEALING));
}

int host_eventfd(void)
{
	RET(eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
}

int host_pipe(int fds[2])
{
	RET(pipe2(fds, O_CLOEXEC));
}

long host_getdents64(int fd, void *buf, size_t n)
{
	RET(syscall(SYS_getdents64, fd, buf, n));
}

#define WINDOW (64ULL << 20)
#define NWINDOWS 4

static struct window {
	int fd;
	uint64_t off;
	char *p;
	uint64_t used; /* for eviction: the least recently used goes */
} windows[NWINDOWS];
static uint64_t window_clock;

const void *host_file_window(int fd, uint64_t off, size_t *len)
{
	uint64_t base = off & ~(WINDOW - 1);
	struct window *w = NULL, *c;

	for (c = windows; c < windows + NWINDOWS; c++) {
		if (c->p && c->fd == fd && c->off == base) {
			w = c;
			break;
		}
		/* Else an empty slot, or the least recently used. */
		if (!w || (w->p && (!c->p || c->used < w->used)))
			w = c;
	}
	if (!(w->p && w->fd == fd && w->off == base)) {
		void *p = mmap(NULL, WINDOW, PROT_READ, MAP_SHARED, fd, (off_t)base);

		if (p == MAP_FAILED)
			return NULL;
		if (w->p)
			munmap(w->p, WINDOW);
		w->fd = fd;
		w->off = base;
		w->p = p;
	}
	w->used = ++window_clock;
	if (*len > base + WINDOW - off)
		*len = base + WINDOW - off;
	return w->p + (off - base);
}

void host_file_windows_drop(int fd)
{
	int i;

	for (i = 0; i < NWINDOWS; i++) {
		if (windows[i].p && windows[i].fd == fd) {
			munmap(windows[i].p, WINDOW);
			windows[i].p = NULL;
		}
	}
}

void *host_mmap_shared(int fd, size_t len)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

	return p == MAP_FAILED ? NULL : p;
}

int host_accept(int fd)
{
	int r;

	int big = 1 << 20;

	do
		r = accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		return -errno;
	/* Console clients get output in bursts of small frames: room for them. */
	setsockopt(r, SOL_SOCKET, SO_SNDBUF, &big, sizeof(big));
	return r;
}

int host_is_terminal(int fd)
{
	struct termios t;

	return ioctl(fd, TCGETS, &t) == 0;
}

long host_copy_range(int in, int64_t *inoff, int out, int64_t *outoff, size_t n)
{
	char buf[65536];
	long r, w;

	r = copy_file_range(in, (off64_t *)inoff, out, (off64_t *)outoff, n, 0);
	if (r >= 0 || (errno != EXDEV && errno != EINVAL && errno != EOPNOTSUPP && errno != ENOSYS))
		return r < 0 ? -errno : r;
	if (n > sizeof(buf))
		n = sizeof(buf);
	r = inoff ? pread(in, buf, n, *inoff) : read(in, buf, n);
	if (r <= 0)
		return r < 0 ? -errno : 0;
	w = outoff ? pwrite(out, buf, (size_t)r, *outoff) : write(out, buf, (size_t)r);
	if (w < 0)
		return -errno;
	if (inoff)
		*inoff += w;
	if (outoff)
		*outoff += w;
	return w;
}
