/* tags: net fork */
/* SPDX-License-Identifier: MIT */
/*
 * Ancillary data on AF_UNIX sockets: SCM_RIGHTS (a file and pipe ends, to another
 * process and in-process), MSG_CTRUNC, SCM_CREDENTIALS with SO_PASSCRED, and SO_PEERCRED.
 */
#include <fcntl.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include "check.h"

#define MAXFDS 4

/* Sends one byte with n fds attached; returns sendmsg's result. */
static int send_fds(int s, const int *fds, int n)
{
	union {
		char buf[CMSG_SPACE(MAXFDS * sizeof(int))];
		struct cmsghdr align;
	} u;
	struct iovec iov = { .iov_base = "F", .iov_len = 1 };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
	struct cmsghdr *cm;

	memset(&u, 0, sizeof(u));
	mh.msg_control = u.buf;
	mh.msg_controllen = CMSG_SPACE(n * sizeof(int));
	cm = CMSG_FIRSTHDR(&mh);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(n * sizeof(int));
	memcpy(CMSG_DATA(cm), fds, n * sizeof(int));
	return sendmsg(s, &mh, 0);
}

/* Receives one byte and up to MAXFDS fds; returns the fd count, or -1. */
static int recv_fds(int s, int *fds, int flags, int *msg_flags)
{
	union {
		char buf[CMSG_SPACE(MAXFDS * sizeof(int))];
		struct cmsghdr align;
	} u;
	char c;
	struct iovec iov = { .iov_base = &c, .iov_len = 1 };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
	struct cmsghdr *cm;
	int n = 0;

	mh.msg_control = u.buf;
	mh.msg_controllen = sizeof(u.buf);
	if (recvmsg(s, &mh, flags) != 1 || c != 'F')
		return -1;
	*msg_flags = mh.msg_flags;
	for (cm = CMSG_FIRSTHDR(&mh); cm; cm = CMSG_NXTHDR(&mh, cm)) {
		if (cm->cmsg_level != SOL_SOCKET || cm->cmsg_type != SCM_RIGHTS)
			return -1;
		n = (cm->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		memcpy(fds, CMSG_DATA(cm), n * sizeof(int));
	}
	return n;
}

static int same_file(int a, int b)
{
	struct stat sa, sb;

	return fstat(a, &sa) == 0 && fstat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
	       sa.st_ino == sb.st_ino;
}

/* Receives one byte; returns 1 and fills *uc if an SCM_CREDENTIALS message came with it. */
static int recv_cred(int s, struct ucred *uc)
{
	union {
		char buf[CMSG_SPACE(sizeof(struct ucred))];
		struct cmsghdr align;
	} u;
	char c;
	struct iovec iov = { .iov_base = &c, .iov_len = 1 };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
	struct cmsghdr *cm;

	mh.msg_control = u.buf;
	mh.msg_controllen = sizeof(u.buf);
	if (recvmsg(s, &mh, 0) != 1)
		return -1;
	cm = CMSG_FIRSTHDR(&mh);
	if (!cm || cm->cmsg_level != SOL_SOCKET || cm->cmsg_type != SCM_CREDENTIALS ||
	    cm->cmsg_len != CMSG_LEN(sizeof(*uc)))
		return 0;
	memcpy(uc, CMSG_DATA(cm), sizeof(*uc));
	return 1;
}

static socklen_t mkaddr(struct sockaddr_un *sa, const char *path)
{
	memset(sa, 0, sizeof(*sa));
	sa->sun_family = AF_UNIX;
	strcpy(sa->sun_path, path);
	return offsetof(struct sockaddr_un, sun_path) + strlen(path) + 1;
}

int main(void)
{
	struct sockaddr_un sa;
	struct ucred uc;
	socklen_t len;
	int sv[2], p[2], fds[MAXFDS], got[MAXFDS], file, n, mf, st, one = 1, ls, s;
	char buf[32];
	pid_t pid;

	file = open("data", O_CREAT | O_RDWR | O_TRUNC, 0644);
	CHECK(file >= 0 && write(file, "filedata", 8) == 8 && lseek(file, 0, SEEK_SET) == 0,
	      "create ./data");
	CHECK(pipe(p) == 0, "pipe");
	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0, "socketpair");

	/* Pass the file and the pipe's write end to a child. */
	pid = fork();
	if (pid == 0) {
		int bad = 0;

		close(sv[0]);
		close(p[1]);
		close(file);
		n = recv_fds(sv[1], got, 0, &mf);
		if (n != 2)
			_exit(100);
		if (fcntl(got[0], F_GETFD) != 0)
			bad |= 1;
		if (read(got[0], buf, 4) != 4 || memcmp(buf, "file", 4) != 0)
			bad |= 2;
		if (write(got[1], "via-pipe", 8) != 8)
			bad |= 4;
		if (write(sv[1], "R", 1) != 1)
			bad |= 8;
		_exit(bad);
	}
	close(sv[1]);
	fds[0] = file;
	fds[1] = p[1];
	CHECK(send_fds(sv[0], fds, 2) == 1, "sendmsg SCM_RIGHTS with two fds");
	close(p[1]);
	CHECK(read(sv[0], buf, 1) == 1 && buf[0] == 'R', "child replied");
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "child got both fds, read the file and wrote the pipe");
	CHECK(read(p[0], buf, sizeof(buf)) == 8 && memcmp(buf, "via-pipe", 8) == 0,
	      "data written by the child through the passed pipe end");
	CHECK(read(p[0], buf, sizeof(buf)) == 0, "EOF: the child's copy is closed");
	CHECK(lseek(file, 0, SEEK_CUR) == 4, "passed fd shares the file offset");
	close(p[0]);
	close(sv[0]);

	/* Several fds in-process, with MSG_CMSG_CLOEXEC. */
	CHECK(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) == 0 && pipe(p) == 0, "dgram pair, pipe");
	fds[0] = p[0];
	fds[1] = file;
	fds[2] = p[1];
	fds[3] = p[0];
	CHECK(send_fds(sv[0], fds, 4) == 1, "send four fds (one twice)");
	memset(got, -1, sizeof(got));
	CHECK(recv_fds(sv[1], got, MSG_CMSG_CLOEXEC, &mf) == 4 &&
		      (mf & (MSG_TRUNC | MSG_CTRUNC)) == 0,
	      "receive four fds");
	CHECK(got[0] > 2 && got[0] != p[0] && got[1] != file && got[3] != got[0],
	      "received fds are new descriptors");
	CHECK(same_file(got[0], p[0]) && same_file(got[1], file) && same_file(got[2], p[1]) &&
		      same_file(got[3], p[0]),
	      "received fds refer to the sent files");
	CHECK(fcntl(got[0], F_GETFD) == FD_CLOEXEC && fcntl(got[3], F_GETFD) == FD_CLOEXEC,
	      "MSG_CMSG_CLOEXEC sets FD_CLOEXEC");
	CHECK(write(got[2], "xy", 2) == 2 && read(got[3], buf, sizeof(buf)) == 2,
	      "received pipe ends work");
	for (n = 0; n < 4; n++)
		close(got[n]);

	/* No room for control data: MSG_CTRUNC and the fds are dropped. */
	CHECK(send_fds(sv[0], &p[1], 1) == 1, "send the pipe's write end");
	close(p[1]);
	{
		struct iovec iov = { .iov_base = buf, .iov_len = 1 };
		struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };

		CHECK(recvmsg(sv[1], &mh, 0) == 1 && (mh.msg_flags & MSG_CTRUNC),
		      "recvmsg without a control buffer: MSG_CTRUNC");
	}
	CHECK(read(p[0], buf, sizeof(buf)) == 0, "the dropped write end was closed");
	close(p[0]);
	fds[0] = 99;
	CHECK_ERR(send_fds(sv[0], fds, 1), EBADF, "SCM_RIGHTS with a closed fd: EBADF");
	close(sv[0]);
	close(sv[1]);
	close(file);

	/* SO_PEERCRED on a socketpair: ourselves. */
	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0, "socketpair");
	len = sizeof(uc);
	memset(&uc, 0, sizeof(uc));
	CHECK(getsockopt(sv[0], SOL_SOCKET, SO_PEERCRED, &uc, &len) == 0 && len == sizeof(uc),
	      "SO_PEERCRED");
	CHECK(uc.pid == getpid() && uc.uid == geteuid() && uc.gid == getegid(),
	      "socketpair peer is this process");

	/* SCM_CREDENTIALS from a child once SO_PASSCRED is on. */
	CHECK(setsockopt(sv[0], SOL_SOCKET, SO_PASSCRED, &one, sizeof(one)) == 0, "SO_PASSCRED");
	n = 0;
	len = sizeof(n);
	CHECK(getsockopt(sv[0], SOL_SOCKET, SO_PASSCRED, &n, &len) == 0 && n == 1,
	      "SO_PASSCRED reads back 1");
	pid = fork();
	if (pid == 0) {
		close(sv[0]);
		_exit(write(sv[1], "C", 1) == 1 ? 0 : 1);
	}
	memset(&uc, 0, sizeof(uc));
	CHECK(recv_cred(sv[0], &uc) == 1, "received SCM_CREDENTIALS");
	CHECK(uc.pid == pid && uc.uid == getuid() && uc.gid == getgid(),
	      "credentials name the child's pid, uid and gid");
	waitpid(pid, &st, 0);
	uc.pid = getpid();
	uc.uid = getuid();
	uc.gid = getgid();
	{
		union {
			char buf[CMSG_SPACE(sizeof(struct ucred))];
			struct cmsghdr align;
		} u;
		struct iovec iov = { .iov_base = "E", .iov_len = 1 };
		struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
		struct cmsghdr *cm;

		memset(&u, 0, sizeof(u));
		mh.msg_control = u.buf;
		mh.msg_controllen = sizeof(u.buf);
		cm = CMSG_FIRSTHDR(&mh);
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_CREDENTIALS;
		cm->cmsg_len = CMSG_LEN(sizeof(uc));
		memcpy(CMSG_DATA(cm), &uc, sizeof(uc));
		CHECK(sendmsg(sv[1], &mh, 0) == 1, "send our own credentials explicitly");
	}
	memset(&uc, 0, sizeof(uc));
	CHECK(recv_cred(sv[0], &uc) == 1 && uc.pid == getpid() && uc.uid == getuid(),
	      "explicit credentials arrive");
	close(sv[0]);
	close(sv[1]);

	/* SO_PEERCRED across listen/connect. */
	ls = socket(AF_UNIX, SOCK_STREAM, 0);
	len = mkaddr(&sa, "cred");
	CHECK(bind(ls, (struct sockaddr *)&sa, len) == 0 && listen(ls, 1) == 0, "listen on ./cred");
	pid = fork();
	if (pid == 0) {
		struct ucred pc;
		socklen_t pl = sizeof(pc);

		s = socket(AF_UNIX, SOCK_STREAM, 0);
		if (connect(s, (struct sockaddr *)&sa, len) != 0)
			_exit(100);
		if (getsockopt(s, SOL_SOCKET, SO_PEERCRED, &pc, &pl) != 0 ||
		    pc.pid != getppid() || pc.uid != geteuid())
			_exit(1);
		_exit(read(s, buf, 1) == 0 ? 0 : 2);
	}
	s = accept(ls, NULL, NULL);
	len = sizeof(uc);
	memset(&uc, 0, sizeof(uc));
	CHECK(s >= 0 && getsockopt(s, SOL_SOCKET, SO_PEERCRED, &uc, &len) == 0,
	      "SO_PEERCRED on the accepted socket");
	CHECK(uc.pid == pid && uc.uid == geteuid() && uc.gid == getegid(),
	      "peer is the connecting child");
	close(s);
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "child's SO_PEERCRED names the listening parent");
	close(ls);
	unlink("cred");
	unlink("data");
	return 0;
}
