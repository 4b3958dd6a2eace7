/* tags: */
/* SPDX-License-Identifier: MIT */
/*
 * sendfile(2): file to file and file to pipe, with and without an offset
 * pointer (which must leave the input file offset alone), EOF, and errors.
 */
#include <fcntl.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "check.h"

static char big[300000];

int main(void)
{
	char buf[64];
	struct stat st;
	off_t off;
	int in, out, p[2], i;
	long total, n;

	in = open("in", O_CREAT | O_RDWR | O_TRUNC, 0644);
	CHECK(in >= 0 && write(in, "abcdefghijklmnopqrstuvwxyz", 26) == 26, "create 26-byte input");
	out = open("out", O_CREAT | O_RDWR | O_TRUNC, 0644);
	CHECK(out >= 0, "create output");

	/* Using and advancing the input file offset. */
	CHECK(lseek(in, 0, SEEK_SET) == 0, "rewind input");
	CHECK(sendfile(out, in, NULL, 10) == 10, "sendfile 10 bytes with NULL offset");
	CHECK(lseek(in, 0, SEEK_CUR) == 10, "input offset advanced to 10");
	CHECK(lseek(out, 0, SEEK_CUR) == 10, "output offset advanced to 10");

	/* With an explicit offset. */
	off = 20;
	CHECK(sendfile(out, in, &off, 4) == 4, "sendfile 4 bytes from offset 20");
	CHECK(off == 24, "offset variable updated to 24");
	CHECK(lseek(in, 0, SEEK_CUR) == 10, "input file offset untouched");
	off = 24;
	CHECK(sendfile(out, in, &off, 100) == 2, "short sendfile at end of input");
	CHECK(off == 26, "offset at EOF");
	CHECK(sendfile(out, in, &off, 100) == 0, "sendfile at EOF returns 0");
	CHECK(sendfile(out, in, NULL, 0) == 0, "count 0 returns 0");
	CHECK(pread(out, buf, 16, 0) == 16 && memcmp(buf, "abcdefghijuvwxyz", 16) == 0,
	      "output content");
	CHECK(fstat(out, &st) == 0 && st.st_size == 16, "output size 16");

	/* To a pipe. */
	CHECK(pipe(p) == 0, "pipe");
	off = 3;
	CHECK(sendfile(p[1], in, &off, 5) == 5, "sendfile into a pipe");
	CHECK(read(p[0], buf, sizeof(buf)) == 5 && memcmp(buf, "defgh", 5) == 0,
	      "pipe received the bytes");

	/* Large transfer. */
	for (i = 0; i < (int)sizeof(big); i++)
		big[i] = (char)(i % 251);
	close(in);
	in = open("big", O_CREAT | O_RDWR | O_TRUNC, 0644);
	CHECK(write(in, big, sizeof(big)) == (ssize_t)sizeof(big), "write 300000-byte input");
	CHECK(ftruncate(out, 0) == 0 && lseek(out, 0, SEEK_SET) == 0, "reset output");
	off = 0;
	total = 0;
	while ((n = sendfile(out, in, &off, sizeof(big))) > 0)
		total += n;
	CHECK(n == 0 && total == (long)sizeof(big) && off == (off_t)sizeof(big),
	      "sendfile copies 300000 bytes");
	{
		static char back[300000];

		CHECK(pread(out, back, sizeof(back), 0) == (ssize_t)sizeof(back) &&
			      memcmp(back, big, sizeof(big)) == 0,
		      "large copy content matches");
	}

	/* Errors. */
	CHECK_ERR(sendfile(out, -1, NULL, 1), EBADF, "bad in_fd fails EBADF");
	CHECK_ERR(sendfile(-1, in, NULL, 1), EBADF, "bad out_fd fails EBADF");
	i = open("big", O_WRONLY);
	CHECK_ERR(sendfile(out, i, NULL, 1), EBADF, "write-only in_fd fails EBADF");
	close(i);
	i = open("out", O_RDONLY);
	CHECK_ERR(sendfile(i, in, NULL, 1), EBADF, "read-only out_fd fails EBADF");
	close(i);
	i = open("out", O_WRONLY | O_APPEND);
	CHECK_ERR(sendfile(i, in, NULL, 1), EINVAL, "O_APPEND out_fd fails EINVAL");
	close(i);
	off = -1;
	CHECK_ERR(sendfile(out, in, &off, 1), EINVAL, "negative offset fails EINVAL");
	CHECK_ERR(syscall(SYS_sendfile, out, in, (void *)1, 1), EFAULT,
		  "bad offset pointer fails EFAULT");
	i = open(".", O_RDONLY | O_DIRECTORY);
	CHECK_ERR(sendfile(out, i, NULL, 1), EINVAL, "directory in_fd fails EINVAL");
	close(i);

	close(p[0]);
	close(p[1]);
	close(in);
	close(out);
	unlink("in");
	unlink("out");
	unlink("big");
	return 0;
}
