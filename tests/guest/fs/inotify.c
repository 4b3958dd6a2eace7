/* tags: */
/* SPDX-License-Identifier: MIT */
/*
 * inotify: events on a watched directory (create, modify, close-write, move with
 * matching cookies, delete), IN_ONESHOT, rm_watch and IN_IGNORED, and the errors.
 */
#include <fcntl.h>
#include <poll.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include "check.h"

static char evbuf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
static uint32_t cookies[16];

static const struct {
	uint32_t bit;
	const char *name;
} bits[] = {
	{ IN_ACCESS, "ACCESS" },
	{ IN_MODIFY, "MODIFY" },
	{ IN_ATTRIB, "ATTRIB" },
	{ IN_CLOSE_WRITE, "CLOSE_WRITE" },
	{ IN_CLOSE_NOWRITE, "CLOSE_NOWRITE" },
	{ IN_OPEN, "OPEN" },
	{ IN_MOVED_FROM, "MOVED_FROM" },
	{ IN_MOVED_TO, "MOVED_TO" },
	{ IN_CREATE, "CREATE" },
	{ IN_DELETE, "DELETE" },
	{ IN_DELETE_SELF, "DELETE_SELF" },
	{ IN_MOVE_SELF, "MOVE_SELF" },
	{ IN_UNMOUNT, "UNMOUNT" },
	{ IN_Q_OVERFLOW, "Q_OVERFLOW" },
	{ IN_IGNORED, "IGNORED" },
	{ IN_ISDIR, "ISDIR" },
};

/*
 * Reads every queued event (fd is non-blocking) and describes them as
 * "MASK[:name] ..." with the watch descriptor checked against wd.
 * Cookies go to cookies[] in order.
 */
static const char *events(int fd, int wd)
{
	static char out[1024];
	char one[128];
	struct inotify_event *ev;
	size_t i;
	int n, off, k = 0;

	out[0] = 0;
	memset(cookies, 0, sizeof(cookies));
	while ((n = read(fd, evbuf, sizeof(evbuf))) > 0) {
		for (off = 0; off < n; off += sizeof(*ev) + ev->len) {
			ev = (struct inotify_event *)(evbuf + off);
			if (out[0])
				strcat(out, " ");
			if (ev->wd != wd)
				strcat(out, "(other wd)");
			one[0] = 0;
			for (i = 0; i < sizeof(bits) / sizeof(bits[0]); i++) {
				if (ev->mask & bits[i].bit) {
					if (one[0])
						strcat(one, "|");
					strcat(one, bits[i].name);
				}
			}
			strcat(out, one);
			if (ev->len) {
				if (strnlen(ev->name, ev->len) == ev->len)
					strcat(out, "(name not NUL-terminated)");
				strcat(out, ":");
				strcat(out, ev->name);
			}
			if (k < 16)
				cookies[k++] = ev->cookie;
		}
	}
	return out;
}

static int expect(const char *got, const char *want)
{
	if (strcmp(got, want) == 0)
		return 1;
	printf("# got \"%s\", want \"%s\"\n", got, want);
	return 0;
}

int main(void)
{
	struct pollfd pfd;
	int fd, wd, wd2, f, n;
	char small[8];

	fd = inotify_init1(0);
	CHECK(fd >= 0 && fcntl(fd, F_GETFD) == 0, "inotify_init1(0)");
	close(fd);
	CHECK_ERR(inotify_init1(1), EINVAL, "inotify_init1 bad flags: EINVAL");
	fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	CHECK(fd >= 0 && fcntl(fd, F_GETFD) == FD_CLOEXEC && (fcntl(fd, F_GETFL) & O_NONBLOCK),
	      "IN_NONBLOCK | IN_CLOEXEC");
	CHECK_ERR(read(fd, evbuf, sizeof(evbuf)), EAGAIN, "no events: EAGAIN");

	CHECK(mkdir("w", 0755) == 0, "mkdir ./w");
	wd = inotify_add_watch(fd, "w", IN_CREATE | IN_MODIFY | IN_CLOSE_WRITE | IN_DELETE |
						IN_MOVED_FROM | IN_MOVED_TO);
	CHECK(wd >= 1, "add_watch on ./w");
	pfd.fd = fd;
	pfd.events = POLLIN;
	CHECK(poll(&pfd, 1, 0) == 0, "no events: not readable");

	f = open("w/f", O_CREAT | O_WRONLY, 0644);
	CHECK(f >= 0 && write(f, "data", 4) == 4 && close(f) == 0, "create, write, close w/f");
	CHECK(poll(&pfd, 1, 0) == 1 && pfd.revents == POLLIN, "events pending: POLLIN");
	n = 0;
	CHECK(ioctl(fd, FIONREAD, &n) == 0 && n >= 3 * 18, "FIONREAD counts queued bytes");
	CHECK(expect(events(fd, wd), "CREATE:f MODIFY:f CLOSE_WRITE:f"),
	      "IN_CREATE, IN_MODIFY, IN_CLOSE_WRITE with the name");
	f = open("w/f", O_RDONLY);
	close(f);
	CHECK(expect(events(fd, wd), ""), "unwatched events (open, close-nowrite) are not queued");

	CHECK(rename("w/f", "w/g") == 0, "rename w/f to w/g");
	CHECK(expect(events(fd, wd), "MOVED_FROM:f MOVED_TO:g"), "IN_MOVED_FROM then IN_MOVED_TO");
	CHECK(cookies[0] != 0 && cookies[0] == cookies[1], "move cookies are equal and nonzero");
	CHECK(rename("w/g", "moved") == 0, "move w/g out of the directory");
	CHECK(expect(events(fd, wd), "MOVED_FROM:g"), "only IN_MOVED_FROM");
	CHECK(rename("moved", "w/h") == 0, "move it back in as w/h");
	CHECK(expect(events(fd, wd), "MOVED_TO:h"), "only IN_MOVED_TO");
	CHECK(unlink("w/h") == 0, "unlink w/h");
	CHECK(expect(events(fd, wd), "DELETE:h"), "IN_DELETE");
	CHECK(mkdir("w/sub", 0755) == 0 && rmdir("w/sub") == 0, "mkdir and rmdir w/sub");
	CHECK(expect(events(fd, wd), "CREATE|ISDIR:sub DELETE|ISDIR:sub"), "IN_ISDIR on dirs");

	/* Watches: same inode gives the same wd; IN_MASK_CREATE refuses to modify. */
	CHECK(inotify_add_watch(fd, "w/", IN_CREATE) == wd, "watching again returns the same wd");
	CHECK_ERR(inotify_add_watch(fd, "w", IN_CREATE | IN_MASK_CREATE), EEXIST,
		  "IN_MASK_CREATE on a watched inode: EEXIST");
	f = open("w/x", O_CREAT | O_WRONLY, 0644);
	CHECK(f >= 0 && write(f, "1", 1) == 1 && close(f) == 0, "create, write, close w/x");
	CHECK(expect(events(fd, wd), "CREATE:x"), "the new mask replaced the old one");
	CHECK(inotify_add_watch(fd, "w", IN_DELETE | IN_MASK_ADD) == wd, "IN_MASK_ADD");
	CHECK(unlink("w/x") == 0, "unlink w/x");
	CHECK(expect(events(fd, wd), "DELETE:x"), "IN_MASK_ADD added IN_DELETE");

	/* rm_watch queues IN_IGNORED. */
	CHECK(inotify_rm_watch(fd, wd) == 0, "rm_watch");
	CHECK(expect(events(fd, wd), "IGNORED"), "IN_IGNORED after rm_watch");
	CHECK_ERR(inotify_rm_watch(fd, wd), EINVAL, "rm_watch twice: EINVAL");
	f = open("w/y", O_CREAT | O_WRONLY, 0644);
	close(f);
	CHECK(expect(events(fd, wd), ""), "no events after rm_watch");

	/* IN_ONESHOT on a file. */
	wd2 = inotify_add_watch(fd, "w/y", IN_MODIFY | IN_ONESHOT);
	CHECK(wd2 >= 1 && wd2 != wd, "oneshot watch on w/y gets a new wd");
	f = open("w/y", O_WRONLY);
	CHECK(write(f, "a", 1) == 1 && write(f, "b", 1) == 1, "two writes");
	CHECK(expect(events(fd, wd2), "MODIFY IGNORED"), "one IN_MODIFY, then IN_IGNORED");
	CHECK(write(f, "c", 1) == 1 && close(f) == 0, "another write");
	CHECK(expect(events(fd, wd2), ""), "the oneshot watch is gone");
	CHECK_ERR(inotify_rm_watch(fd, wd2), EINVAL, "rm_watch of a fired oneshot: EINVAL");

	/* Deleting a watched file. */
	wd2 = inotify_add_watch(fd, "w/y", IN_DELETE_SELF);
	CHECK(wd2 >= 1 && unlink("w/y") == 0, "watch w/y for IN_DELETE_SELF and unlink it");
	CHECK(expect(events(fd, wd2), "DELETE_SELF IGNORED"), "IN_DELETE_SELF, IN_IGNORED");

	/* A buffer too small for the next event. */
	wd = inotify_add_watch(fd, "w", IN_CREATE);
	f = open("w/a-long-name", O_CREAT | O_WRONLY, 0644);
	close(f);
	CHECK_ERR(read(fd, small, sizeof(small)), EINVAL, "read into 8 bytes: EINVAL");
	CHECK(expect(events(fd, wd), "CREATE:a-long-name"), "the event is still there");
	unlink("w/a-long-name");

	/* Errors. */
	CHECK_ERR(inotify_add_watch(fd, "missing", IN_CREATE), ENOENT, "missing path: ENOENT");
	CHECK_ERR(inotify_add_watch(fd, "w", 0), EINVAL, "empty mask: EINVAL");
	f = open("file", O_CREAT | O_RDWR, 0644);
	CHECK_ERR(inotify_add_watch(fd, "file", IN_MODIFY | IN_ONLYDIR), ENOTDIR,
		  "IN_ONLYDIR on a file: ENOTDIR");
	CHECK_ERR(inotify_add_watch(f, "w", IN_CREATE), EINVAL, "not an inotify fd: EINVAL");
	CHECK_ERR(inotify_add_watch(99, "w", IN_CREATE), EBADF, "closed fd: EBADF");
	CHECK_ERR(inotify_rm_watch(fd, 12345), EINVAL, "rm_watch unknown wd: EINVAL");
	CHECK_ERR(inotify_rm_watch(f, 1), EINVAL, "rm_watch on a non-inotify fd: EINVAL");
	CHECK_ERR(inotify_rm_watch(99, 1), EBADF, "rm_watch closed fd: EBADF");
	close(f);
	unlink("file");
	close(fd);
	rmdir("w");
	return 0;
}
