/* tags: */
/* SPDX-License-Identifier: MIT */
/*
 * open(2) basics: O_CREAT/O_EXCL/O_TRUNC/O_APPEND/O_DIRECTORY/O_PATH/O_NOFOLLOW,
 * lowest-free-fd allocation, creation mode, and the usual error numbers.
 */
#include <fcntl.h>
#include <limits.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "check.h"

static int file_size(const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0)
		return -1;
	return (int)st.st_size;
}

int main(void)
{
	char buf[64], longname[300];
	struct stat st;
	int fd, fd2, i, n;

	umask(022);

	/* Creation and the mode argument. */
	CHECK_ERR(open("f", O_RDONLY), ENOENT, "open missing file without O_CREAT fails ENOENT");
	fd = open("f", O_CREAT | O_WRONLY, 0640);
	CHECK(fd >= 0, "O_CREAT creates a file");
	CHECK(fstat(fd, &st) == 0 && S_ISREG(st.st_mode), "created file is regular");
	CHECK((st.st_mode & 07777) == 0640, "created file has the requested mode");
	CHECK(st.st_size == 0, "created file is empty");
	CHECK(write(fd, "hello world", 11) == 11, "write to new file");
	CHECK(close(fd) == 0, "close");

	/* Lowest free descriptor is used. */
	fd = open("f", O_RDONLY);
	fd2 = open("f", O_RDONLY);
	CHECK(fd >= 3 && fd2 == fd + 1, "second open gets the next descriptor");
	close(fd);
	n = open("f", O_RDONLY);
	CHECK(n == fd, "open reuses the lowest freed descriptor");
	close(n);
	close(fd2);

	/* O_EXCL. */
	CHECK_ERR(open("f", O_CREAT | O_EXCL | O_WRONLY, 0600), EEXIST,
		  "O_CREAT|O_EXCL on existing file fails EEXIST");
	fd = open("f", O_CREAT | O_WRONLY, 0600);
	CHECK(fd >= 0, "O_CREAT without O_EXCL opens an existing file");
	CHECK(fstat(fd, &st) == 0 && (st.st_mode & 07777) == 0640,
	      "O_CREAT on existing file keeps its mode");
	CHECK(st.st_size == 11, "O_CREAT without O_TRUNC keeps contents");
	close(fd);

	/* O_TRUNC. */
	fd = open("f", O_RDONLY | O_TRUNC);
	CHECK(fd >= 0, "O_RDONLY|O_TRUNC opens");
	close(fd);
	fd = open("f", O_WRONLY | O_TRUNC);
	CHECK(fd >= 0 && file_size("f") == 0, "O_WRONLY|O_TRUNC truncates to zero");
	CHECK(write(fd, "abc", 3) == 3, "write after truncate");
	close(fd);

	/* O_APPEND. */
	fd = open("f", O_WRONLY | O_APPEND);
	CHECK(fd >= 0, "open O_APPEND");
	CHECK(lseek(fd, 0, SEEK_SET) == 0, "seek to start on O_APPEND fd");
	CHECK(write(fd, "def", 3) == 3, "write on O_APPEND fd");
	CHECK(lseek(fd, 0, SEEK_CUR) == 6, "O_APPEND write leaves offset at end");
	close(fd);
	fd = open("f", O_RDONLY);
	n = read(fd, buf, sizeof(buf));
	CHECK(n == 6 && memcmp(buf, "abcdef", 6) == 0, "O_APPEND data went to end of file");
	CHECK_ERR(write(fd, "x", 1), EBADF, "write on O_RDONLY descriptor fails EBADF");
	close(fd);
	fd = open("f", O_WRONLY);
	CHECK_ERR(read(fd, buf, 1), EBADF, "read on O_WRONLY descriptor fails EBADF");
	close(fd);
	fd = open("f", O_RDWR);
	CHECK(fd >= 0 && read(fd, buf, 3) == 3 && write(fd, "XYZ", 3) == 3,
	      "O_RDWR allows read and write sharing one offset");
	CHECK(pread(fd, buf, 6, 0) == 6 && memcmp(buf, "abcXYZ", 6) == 0,
	      "O_RDWR write landed after the read bytes");
	close(fd);

	/* Directories. */
	CHECK(mkdir("d", 0755) == 0, "mkdir d");
	fd = open("d", O_RDONLY);
	CHECK(fd >= 0, "open directory O_RDONLY");
	CHECK_ERR(read(fd, buf, sizeof(buf)), EISDIR, "read on a directory fails EISDIR");
	close(fd);
	fd = open("d", O_RDONLY | O_DIRECTORY);
	CHECK(fd >= 0, "O_DIRECTORY on a directory");
	close(fd);
	CHECK_ERR(open("d", O_WRONLY), EISDIR, "open directory O_WRONLY fails EISDIR");
	CHECK_ERR(open("d", O_RDWR), EISDIR, "open directory O_RDWR fails EISDIR");
	CHECK_ERR(open("d", O_RDONLY | O_CREAT, 0644), EISDIR,
		  "O_CREAT on existing directory fails EISDIR");
	CHECK_ERR(open("f", O_RDONLY | O_DIRECTORY), ENOTDIR,
		  "O_DIRECTORY on a file fails ENOTDIR");
	CHECK_ERR(open("f/", O_RDONLY), ENOTDIR, "file with trailing slash fails ENOTDIR");
	CHECK_ERR(open("f/x", O_RDONLY), ENOTDIR, "file used as directory fails ENOTDIR");
	CHECK_ERR(open("f/x", O_RDONLY | O_CREAT, 0644), ENOTDIR,
		  "O_CREAT below a file fails ENOTDIR");
	CHECK_ERR(open("new/", O_RDWR | O_CREAT, 0644), EISDIR,
		  "O_CREAT with trailing slash fails EISDIR");
	CHECK_ERR(open("nodir/x", O_RDWR | O_CREAT, 0644), ENOENT,
		  "O_CREAT in missing directory fails ENOENT");
	fd = open("d/./../d/../f", O_RDONLY);
	CHECK(fd >= 0, "path with . and .. components resolves");
	close(fd);

	/* Symlinks. */
	CHECK(symlink("f", "lnk") == 0, "symlink lnk -> f");
	fd = open("lnk", O_RDONLY);
	CHECK(fd >= 0 && read(fd, buf, 3) == 3 && memcmp(buf, "abc", 3) == 0,
	      "open follows symlink");
	close(fd);
	CHECK_ERR(open("lnk", O_RDONLY | O_NOFOLLOW), ELOOP, "O_NOFOLLOW on symlink fails ELOOP");
	CHECK_ERR(open("lnk", O_RDONLY | O_CREAT | O_EXCL, 0644), EEXIST,
		  "O_CREAT|O_EXCL on a symlink fails EEXIST");
	CHECK(symlink("target", "dangling") == 0, "dangling symlink");
	CHECK_ERR(open("dangling", O_RDONLY), ENOENT, "open dangling symlink fails ENOENT");
	CHECK_ERR(open("dangling", O_WRONLY | O_CREAT | O_EXCL, 0644), EEXIST,
		  "O_CREAT|O_EXCL on dangling symlink fails EEXIST");
	fd = open("dangling", O_WRONLY | O_CREAT, 0644);
	CHECK(fd >= 0, "O_CREAT through dangling symlink");
	close(fd);
	CHECK(lstat("target", &st) == 0 && S_ISREG(st.st_mode), "it created the link target");

	/* O_PATH. */
	fd = open("f", O_PATH);
	CHECK(fd >= 0, "O_PATH open");
	CHECK_ERR(read(fd, buf, 1), EBADF, "read on O_PATH fd fails EBADF");
	CHECK_ERR(write(fd, buf, 1), EBADF, "write on O_PATH fd fails EBADF");
	CHECK(fstat(fd, &st) == 0 && st.st_size == 6, "fstat on O_PATH fd works");
	close(fd);
	fd = open("lnk", O_PATH | O_NOFOLLOW);
	CHECK(fd >= 0, "O_PATH|O_NOFOLLOW opens the symlink itself");
	CHECK(fstat(fd, &st) == 0 && S_ISLNK(st.st_mode), "fstat shows a symlink");
	close(fd);

	/* Bad names. */
	CHECK_ERR(open("", O_RDONLY), ENOENT, "empty path fails ENOENT");
	CHECK_ERR(syscall(SYS_open, (char *)1, O_RDONLY), EFAULT, "bad path pointer fails EFAULT");
	for (i = 0; i < 256; i++)
		longname[i] = 'a';
	longname[256] = 0;
	CHECK_ERR(open(longname, O_RDONLY | O_CREAT, 0644), ENAMETOOLONG,
		  "256-byte component fails ENAMETOOLONG");
	longname[255] = 0;
	fd = open(longname, O_RDONLY | O_CREAT, 0644);
	CHECK(fd >= 0, "255-byte component is allowed");
	close(fd);
	CHECK(unlink(longname) == 0, "unlink long name");

	/* EMFILE. */
	{
		struct rlimit old, rl;
		int fds[16], got = 0, emfile = 0, used = 0;

		for (i = 0; i < 10; i++)
			used += fcntl(i, F_GETFD) >= 0;

		getrlimit(RLIMIT_NOFILE, &old);
		rl = old;
		rl.rlim_cur = 10;
		CHECK(setrlimit(RLIMIT_NOFILE, &rl) == 0, "lower RLIMIT_NOFILE to 10");
		for (i = 0; i < 16; i++) {
			fds[i] = open("f", O_RDONLY);
			if (fds[i] < 0) {
				emfile = errno == EMFILE;
				break;
			}
			got++;
		}
		CHECK(emfile && got == 10 - used, "open fails EMFILE once fds 0..9 are in use");
		for (i = 0; i < got; i++)
			close(fds[i]);
		CHECK(setrlimit(RLIMIT_NOFILE, &old) == 0, "restore RLIMIT_NOFILE");
	}

	unlink("lnk");
	unlink("dangling");
	unlink("target");
	unlink("f");
	rmdir("d");
	return 0;
}
