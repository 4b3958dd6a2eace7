/* tags: fork */
/* SPDX-License-Identifier: MIT */
/*
 * Named pipes: mkfifo/mknod, open rules (ENXIO for a non-blocking writer with
 * no reader, O_RDWR never blocks, blocking opens rendezvous), data and EOF.
 */
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

int main(void)
{
	struct stat st;
	char buf[32];
	int r, w, rw, status;
	pid_t pid;

	umask(022);
	CHECK(mkfifo("p", 0666) == 0, "mkfifo p");
	CHECK(stat("p", &st) == 0 && S_ISFIFO(st.st_mode) && (st.st_mode & 0777) == 0644,
	      "p is a FIFO with mode 0644");
	CHECK(st.st_size == 0, "FIFO size is 0");
	CHECK_ERR(mkfifo("p", 0666), EEXIST, "mkfifo existing fails EEXIST");
	CHECK_ERR(mkfifo("missing/p", 0666), ENOENT, "mkfifo in missing dir fails ENOENT");
	CHECK(mknod("p2", S_IFIFO | 0600, 0) == 0 && stat("p2", &st) == 0 && S_ISFIFO(st.st_mode),
	      "mknod S_IFIFO");
	CHECK(mknod("reg", S_IFREG | 0600, 0) == 0 && stat("reg", &st) == 0 && S_ISREG(st.st_mode),
	      "mknod S_IFREG makes a regular file");
	CHECK(mknod("reg0", 0600, 0) == 0 && stat("reg0", &st) == 0 && S_ISREG(st.st_mode),
	      "mknod with type 0 makes a regular file");
	CHECK_ERR(mknod("dir", S_IFDIR | 0755, 0), EPERM, "mknod S_IFDIR fails EPERM");
	CHECK_ERR(syscall(SYS_mknod, "bad", 0150000 | 0644, 0), EINVAL,
		  "mknod bad type fails EINVAL");

	/* Non-blocking opens. */
	CHECK_ERR(open("p", O_WRONLY | O_NONBLOCK), ENXIO,
		  "non-blocking writer without reader fails ENXIO");
	r = open("p", O_RDONLY | O_NONBLOCK);
	CHECK(r >= 0, "non-blocking reader opens at once");
	CHECK(read(r, buf, sizeof(buf)) == 0, "read with no writer ever is EOF");
	w = open("p", O_WRONLY | O_NONBLOCK);
	CHECK(w >= 0, "non-blocking writer opens once a reader exists");
	CHECK_ERR(read(r, buf, sizeof(buf)), EAGAIN, "empty FIFO with a writer: EAGAIN");
	CHECK(write(w, "fifo", 4) == 4, "write");
	CHECK(read(r, buf, sizeof(buf)) == 4 && memcmp(buf, "fifo", 4) == 0, "read it back");
	CHECK(fstat(r, &st) == 0 && S_ISFIFO(st.st_mode), "fstat on the open FIFO");
	CHECK_ERR(lseek(r, 0, SEEK_SET), ESPIPE, "lseek fails ESPIPE");
	close(w);
	CHECK(read(r, buf, sizeof(buf)) == 0, "EOF after writer closes");
	close(r);

	/* O_RDWR never blocks and acts as both ends. */
	rw = open("p", O_RDWR);
	CHECK(rw >= 0, "O_RDWR open does not block");
	CHECK(write(rw, "self", 4) == 4 && read(rw, buf, 4) == 4 && memcmp(buf, "self", 4) == 0,
	      "O_RDWR fd talks to itself");
	w = open("p", O_WRONLY | O_NONBLOCK);
	CHECK(w >= 0, "O_RDWR counts as a reader");
	close(w);
	close(rw);

	/* Blocking opens wait for the other side. */
	pid = fork();
	if (pid == 0) {
		int fd = open("p", O_WRONLY);

		if (fd < 0 || write(fd, "from child", 10) != 10)
			_exit(1);
		_exit(0);
	}
	r = open("p", O_RDONLY);
	CHECK(r >= 0, "blocking reader open returns once the child opens for writing");
	CHECK(read(r, buf, 10) == 10 && memcmp(buf, "from child", 10) == 0, "child's data");
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "child exited 0");
	CHECK(read(r, buf, sizeof(buf)) == 0, "EOF after child exit");
	close(r);

	/* An open FIFO keeps working after unlink. */
	rw = open("p", O_RDWR);
	CHECK(unlink("p") == 0, "unlink the FIFO while open");
	CHECK(write(rw, "x", 1) == 1 && read(rw, buf, 1) == 1 && buf[0] == 'x', "still works");
	close(rw);

	/* FIFO files are not followed like directories. */
	CHECK_ERR(open("p2/x", O_RDONLY), ENOTDIR, "FIFO as path component fails ENOTDIR");
	CHECK_ERR(open("p2", O_RDONLY | O_NONBLOCK | O_DIRECTORY), ENOTDIR,
		  "O_DIRECTORY on FIFO fails ENOTDIR");

	unlink("p2");
	unlink("reg");
	unlink("reg0");
	return 0;
}
