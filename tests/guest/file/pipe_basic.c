/* tags: fork */
/* SPDX-License-Identifier: MIT */
/*
 * pipe/pipe2 basics: data flow, EOF after the writer closes, wrong-end EBADF,
 * pipe2 flags, packet mode (O_DIRECT), F_GETPIPE_SZ/F_SETPIPE_SZ and a fork pipeline.
 */
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

int main(void)
{
	char buf[128];
	struct stat st, st2;
	int p[2], i, st_, sz;
	pid_t pid;

	CHECK(pipe(p) == 0, "pipe");
	CHECK(p[0] >= 3 && p[1] == p[0] + 1, "pipe returns two consecutive low fds");
	CHECK(fstat(p[0], &st) == 0 && S_ISFIFO(st.st_mode), "read end is a FIFO");
	CHECK(fstat(p[1], &st2) == 0 && S_ISFIFO(st2.st_mode) && st.st_ino == st2.st_ino,
	      "both ends are the same pipe inode");
	CHECK(fcntl(p[0], F_GETFD) == 0 && (fcntl(p[0], F_GETFL) & O_NONBLOCK) == 0,
	      "plain pipe is blocking, not cloexec");
	CHECK(write(p[1], "hello", 5) == 5, "write 5 bytes");
	CHECK(write(p[1], " pipe", 5) == 5, "write 5 more bytes");
	CHECK(read(p[0], buf, 3) == 3 && memcmp(buf, "hel", 3) == 0, "partial read");
	CHECK(read(p[0], buf, sizeof(buf)) == 7 && memcmp(buf, "lo pipe", 7) == 0,
	      "read returns what is available");
	CHECK_ERR(read(p[1], buf, 1), EBADF, "read from write end fails EBADF");
	CHECK_ERR(write(p[0], "x", 1), EBADF, "write to read end fails EBADF");
	CHECK(write(p[1], "tail", 4) == 4 && close(p[1]) == 0, "write then close the writer");
	CHECK(read(p[0], buf, sizeof(buf)) == 4 && memcmp(buf, "tail", 4) == 0,
	      "buffered data survives the writer closing");
	CHECK(read(p[0], buf, sizeof(buf)) == 0, "then EOF");
	CHECK(read(p[0], buf, sizeof(buf)) == 0, "EOF again");
	close(p[0]);

	/* A dup'ed writer keeps the pipe open. */
	CHECK(pipe(p) == 0, "pipe");
	i = dup(p[1]);
	close(p[1]);
	CHECK(write(i, "d", 1) == 1 && read(p[0], buf, 1) == 1, "dup of writer works");
	close(i);
	CHECK(read(p[0], buf, 1) == 0, "EOF once the last writer closes");
	close(p[0]);

	/* pipe2 flags. */
	CHECK(pipe2(p, O_CLOEXEC) == 0 && fcntl(p[0], F_GETFD) == FD_CLOEXEC &&
		      fcntl(p[1], F_GETFD) == FD_CLOEXEC,
	      "pipe2 O_CLOEXEC");
	close(p[0]);
	close(p[1]);
	CHECK(pipe2(p, O_NONBLOCK) == 0 && (fcntl(p[0], F_GETFL) & O_NONBLOCK) &&
		      (fcntl(p[1], F_GETFL) & O_NONBLOCK),
	      "pipe2 O_NONBLOCK");
	close(p[0]);
	close(p[1]);
	CHECK_ERR(pipe2(p, O_APPEND), EINVAL, "pipe2 O_APPEND fails EINVAL");
	CHECK_ERR(pipe2(p, 0x12345678), EINVAL, "pipe2 garbage flags fail EINVAL");
	CHECK_ERR(syscall(SYS_pipe2, (void *)1, 0), EFAULT, "pipe2 bad pointer fails EFAULT");
	CHECK_ERR(syscall(SYS_pipe, (void *)1), EFAULT, "pipe bad pointer fails EFAULT");

	/* Packet mode: each write is one message. */
	CHECK(pipe2(p, O_DIRECT) == 0, "pipe2 O_DIRECT");
	CHECK(write(p[1], "one", 3) == 3 && write(p[1], "two!", 4) == 4, "two packets");
	CHECK(read(p[0], buf, sizeof(buf)) == 3 && memcmp(buf, "one", 3) == 0,
	      "read returns only the first packet");
	CHECK(read(p[0], buf, 2) == 2 && memcmp(buf, "tw", 2) == 0,
	      "short read takes part of a packet");
	CHECK(write(p[1], "3", 1) == 1 && read(p[0], buf, sizeof(buf)) == 1 && buf[0] == '3',
	      "rest of the short-read packet is discarded");
	close(p[0]);
	close(p[1]);

	/* Pipe capacity. */
	CHECK(pipe(p) == 0, "pipe");
	CHECK(fcntl(p[0], F_GETPIPE_SZ) == 65536, "default capacity is 64 KiB");
	sz = fcntl(p[1], F_SETPIPE_SZ, 5000);
	CHECK(sz == 8192 && fcntl(p[0], F_GETPIPE_SZ) == 8192,
	      "F_SETPIPE_SZ rounds up to a power-of-two number of pages");
	CHECK(fcntl(p[1], F_SETPIPE_SZ, 1) == 4096, "F_SETPIPE_SZ minimum is one page");
	CHECK(write(p[1], "abc", 3) == 3 && fcntl(p[1], F_SETPIPE_SZ, 65536) == 65536,
	      "growing a non-empty pipe");
	CHECK(read(p[0], buf, sizeof(buf)) == 3 && memcmp(buf, "abc", 3) == 0,
	      "data survives resizing");
	close(p[0]);
	close(p[1]);
	i = open("/dev/null", O_RDONLY);
	CHECK_ERR(fcntl(i, F_GETPIPE_SZ), EBADF, "F_GETPIPE_SZ on a non-pipe fails EBADF");
	close(i);

	/* A pipeline between parent and child. */
	CHECK(pipe(p) == 0, "pipe for child");
	pid = fork();
	if (pid == 0) {
		close(p[0]);
		for (i = 0; i < 100; i++)
			if (write(p[1], "0123456789", 10) != 10)
				_exit(1);
		_exit(0);
	}
	close(p[1]);
	{
		long total = 0, n, sum = 0;

		while ((n = read(p[0], buf, sizeof(buf))) > 0) {
			total += n;
			for (i = 0; i < n; i++)
				sum += buf[i] - '0';
		}
		CHECK(total == 1000 && sum == 4500, "parent read 1000 bytes from child");
	}
	CHECK(waitpid(pid, &st_, 0) == pid && WIFEXITED(st_) && WEXITSTATUS(st_) == 0,
	      "child exited 0");
	close(p[0]);
	return 0;
}
