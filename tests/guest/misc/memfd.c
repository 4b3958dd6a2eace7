/* tags: fork */
/* SPDX-License-Identifier: MIT */
/*
 * memfd_create: flags and names, file I/O, ftruncate, shared mappings across fork,
 * the /proc/self/fd link, and file sealing (F_ADD_SEALS/F_GET_SEALS).
 */
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "check.h"

#ifndef F_SEAL_SEAL
#define F_ADD_SEALS 1033
#define F_GET_SEALS 1034
#define F_SEAL_SEAL 0x0001
#define F_SEAL_SHRINK 0x0002
#define F_SEAL_GROW 0x0004
#define F_SEAL_WRITE 0x0008
#endif

int main(void)
{
	char buf[300], link[64], *m, *m2;
	struct stat st;
	int fd, fd2, f, r, status;
	pid_t pid;

	fd = memfd_create("test", 0);
	CHECK(fd >= 0 && fcntl(fd, F_GETFD) == 0, "memfd_create(\"test\", 0)");
	CHECK(fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 0,
	      "an empty regular file");
	CHECK((fcntl(fd, F_GETFL) & O_ACCMODE) == O_RDWR, "opened O_RDWR");
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	memset(buf, 0, sizeof(buf));
	r = readlink(link, buf, sizeof(buf) - 1);
	CHECK(r > 0 && strncmp(buf, "/memfd:test", 11) == 0, "/proc/self/fd link is /memfd:test");
	CHECK(r > 0 && strcmp(buf, "/memfd:test (deleted)") == 0, "... (deleted)");

	/* Plain file I/O. */
	CHECK(write(fd, "hello", 5) == 5, "write");
	CHECK(fstat(fd, &st) == 0 && st.st_size == 5, "size 5");
	CHECK(pread(fd, buf, sizeof(buf), 0) == 5 && memcmp(buf, "hello", 5) == 0, "pread");
	CHECK(lseek(fd, 0, SEEK_SET) == 0 && read(fd, buf, 2) == 2 && memcmp(buf, "he", 2) == 0,
	      "lseek and read");
	CHECK(ftruncate(fd, 8192) == 0 && fstat(fd, &st) == 0 && st.st_size == 8192,
	      "ftruncate to 8 KiB");
	CHECK(pread(fd, buf, 4, 5) == 4 && memcmp(buf, "\0\0\0\0", 4) == 0, "grown part is zeros");

	/* Shared mappings. */
	m = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(m != MAP_FAILED && memcmp(m, "hello", 5) == 0, "mmap MAP_SHARED sees the data");
	memcpy(m + 4096, "page2", 5);
	CHECK(pread(fd, buf, 5, 4096) == 5 && memcmp(buf, "page2", 5) == 0,
	      "stores through the mapping are visible to read");
	m2 = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 4096);
	CHECK(m2 != MAP_FAILED && memcmp(m2, "page2", 5) == 0, "second mapping at an offset");
	pid = fork();
	if (pid == 0) {
		memcpy(m, "child", 5);
		_exit(0);
	}
	CHECK(waitpid(pid, &status, 0) == pid && status == 0, "child wrote through the mapping");
	CHECK(memcmp(m, "child", 5) == 0 && pread(fd, buf, 5, 0) == 5 &&
		      memcmp(buf, "child", 5) == 0,
	      "the parent sees the child's store");
	munmap(m2, 4096);
	munmap(m, 8192);
	fd2 = open(link, O_RDONLY);
	CHECK(fd2 >= 0 && read(fd2, buf, 5) == 5 && memcmp(buf, "child", 5) == 0,
	      "reopen through /proc/self/fd");
	close(fd2);

	/* Flags and names. */
	f = memfd_create("c", MFD_CLOEXEC);
	CHECK(f >= 0 && fcntl(f, F_GETFD) == FD_CLOEXEC, "MFD_CLOEXEC");
	close(f);
	f = memfd_create("", 0);
	CHECK(f >= 0, "empty name is allowed");
	close(f);
	CHECK_ERR(memfd_create("x", 0x100), EINVAL, "bad flags: EINVAL");
	memset(buf, 'n', 260);
	buf[260] = 0;
	CHECK_ERR(memfd_create(buf, 0), EINVAL, "name longer than 249 bytes: EINVAL");

	/* Without MFD_ALLOW_SEALING the seals are fixed. */
	CHECK(fcntl(fd, F_GET_SEALS) == F_SEAL_SEAL, "no MFD_ALLOW_SEALING: F_SEAL_SEAL");
	CHECK_ERR(fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE), EPERM, "adding a seal: EPERM");
	close(fd);

	/* Sealing. */
	fd = memfd_create("sealed", MFD_ALLOW_SEALING);
	CHECK(fd >= 0 && fcntl(fd, F_GET_SEALS) == 0, "MFD_ALLOW_SEALING: no seals");
	CHECK(ftruncate(fd, 4096) == 0 && pwrite(fd, "abc", 3, 0) == 3, "size 4 KiB, data");
	CHECK(fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK) == 0 &&
		      fcntl(fd, F_GET_SEALS) == F_SEAL_SHRINK,
	      "F_SEAL_SHRINK");
	CHECK_ERR(ftruncate(fd, 100), EPERM, "shrinking: EPERM");
	CHECK(ftruncate(fd, 8192) == 0, "growing is still allowed");
	CHECK(fcntl(fd, F_ADD_SEALS, F_SEAL_GROW) == 0, "F_SEAL_GROW");
	CHECK_ERR(ftruncate(fd, 16384), EPERM, "growing: EPERM");
	CHECK_ERR(pwrite(fd, "x", 1, 8192), EPERM, "writing past the end: EPERM");
	CHECK(pwrite(fd, "x", 1, 100) == 1, "writing inside is fine");
	CHECK(ftruncate(fd, 8192) == 0, "ftruncate to the same size is fine");

	m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(m != MAP_FAILED, "writable shared mapping");
	CHECK_ERR(fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE), EBUSY,
		  "F_SEAL_WRITE with a writable shared mapping: EBUSY");
	munmap(m, 4096);
	CHECK(fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE) == 0, "F_SEAL_WRITE after munmap");
	CHECK(fcntl(fd, F_GET_SEALS) == (F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE),
	      "F_GET_SEALS has all three");
	CHECK_ERR(write(fd, "y", 1), EPERM, "write: EPERM");
	CHECK_ERR(pwrite(fd, "y", 1, 0), EPERM, "pwrite: EPERM");
	CHECK(mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) == MAP_FAILED &&
		      errno == EPERM,
	      "writable shared mmap: EPERM");
	m = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);
	CHECK(m != MAP_FAILED && memcmp(m, "abc", 3) == 0, "read-only shared mmap works");
	munmap(m, 4096);
	m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	CHECK(m != MAP_FAILED, "private writable mmap works");
	m[0] = 'Z';
	CHECK(pread(fd, buf, 1, 0) == 1 && buf[0] == 'a', "private stores do not reach the file");
	munmap(m, 4096);
	CHECK(fcntl(fd, F_ADD_SEALS, F_SEAL_SEAL) == 0, "F_SEAL_SEAL");
	CHECK_ERR(fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK), EPERM, "sealed seals: EPERM");
	CHECK_ERR(fcntl(fd, F_ADD_SEALS, 0x1000), EINVAL, "unknown seal bit: EINVAL");
	close(fd);

	/* Seals on other files. */
	f = open("plain", O_CREAT | O_RDWR, 0644);
	CHECK_ERR(fcntl(f, F_ADD_SEALS, F_SEAL_WRITE), EINVAL, "regular file: EINVAL");
	CHECK_ERR(fcntl(f, F_GET_SEALS), EINVAL, "F_GET_SEALS regular file: EINVAL");
	close(f);
	unlink("plain");
	return 0;
}
