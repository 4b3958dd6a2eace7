/* tags: */
/* SPDX-License-Identifier: MIT */
/*
 * getdents64 (raw) and readdir: every entry exactly once (names sorted before
 * printing), d_type correct or DT_UNKNOWN, rewinding, tiny buffers, and errors.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "check.h"

struct d64 {
	uint64_t ino;
	int64_t off;
	unsigned short reclen;
	unsigned char type;
	char name[];
};

#define MAXN 300

static char *names[MAXN];
static unsigned char types[MAXN];
static int nnames;

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Reads the rest of the directory with getdents64 and a buffer of bufsz bytes,
 * at most max_calls calls (0: no limit), appending to names[].
 */
static int read_more(int fd, size_t bufsz, int max_calls)
{
	char *buf = malloc(bufsz);
	long n, pos;
	int calls = 0;

	for (;;) {
		if (max_calls && calls++ == max_calls)
			break;
		n = syscall(SYS_getdents64, fd, buf, bufsz);
		if (n <= 0)
			break;
		for (pos = 0; pos < n;) {
			struct d64 *d = (struct d64 *)(buf + pos);

			if (nnames < MAXN) {
				types[nnames] = d->type;
				names[nnames++] = strdup(d->name);
			}
			pos += d->reclen;
		}
	}
	free(buf);
	return n == 0 || max_calls ? nnames : -1;
}

static void reset_names(void)
{
	for (int i = 0; i < nnames; i++)
		free(names[i]);
	nnames = 0;
}

static int read_all(int fd, size_t bufsz)
{
	reset_names();
	return read_more(fd, bufsz, 0);
}

static int type_of(const char *name)
{
	for (int i = 0; i < nnames; i++)
		if (!strcmp(names[i], name))
			return types[i];
	return -1;
}

static int unique(void)
{
	char **s = malloc(nnames * sizeof(*s));
	int ok = 1;

	memcpy(s, names, nnames * sizeof(*s));
	qsort(s, nnames, sizeof(*s), cmp);
	for (int i = 1; i < nnames; i++)
		if (!strcmp(s[i - 1], s[i]))
			ok = 0;
	free(s);
	return ok;
}

int main(void)
{
	char name[32], buf[64];
	DIR *dir;
	struct dirent *de;
	int fd, i, n, t, ok, count;
	long pos;

	CHECK(mkdir("d", 0755) == 0, "mkdir d");
	close(open("d/file", O_CREAT | O_WRONLY, 0644));
	CHECK(mkdir("d/sub", 0755) == 0, "mkdir d/sub");
	CHECK(symlink("file", "d/link") == 0, "symlink d/link");
	close(open("d/.hidden", O_CREAT | O_WRONLY, 0644));

	fd = open("d", O_RDONLY | O_DIRECTORY);
	n = read_all(fd, 4096);
	CHECK(n == 6, "6 entries including . and ..");
	qsort(names, nnames, sizeof(names[0]), cmp);
	printf("entries:");
	for (i = 0; i < nnames; i++)
		printf(" %s", names[i]);
	printf("\n");
	read_all(fd, 4096);
	CHECK(nnames == 0, "second pass at end returns nothing");
	CHECK(lseek(fd, 0, SEEK_SET) == 0, "rewind with lseek");
	read_all(fd, 4096);
	CHECK(nnames == 6, "all entries again after rewind");
	t = type_of("file");
	CHECK(t == DT_REG || t == DT_UNKNOWN, "file is DT_REG or DT_UNKNOWN");
	t = type_of("sub");
	CHECK(t == DT_DIR || t == DT_UNKNOWN, "sub is DT_DIR or DT_UNKNOWN");
	t = type_of("link");
	CHECK(t == DT_LNK || t == DT_UNKNOWN, "link is DT_LNK or DT_UNKNOWN");
	t = type_of(".");
	CHECK(t == DT_DIR || t == DT_UNKNOWN, ". is DT_DIR or DT_UNKNOWN");

	/* Buffer size limits. */
	lseek(fd, 0, SEEK_SET);
	CHECK_ERR(syscall(SYS_getdents64, fd, buf, 10), EINVAL,
		  "buffer smaller than one entry fails EINVAL");
	CHECK(read_all(fd, 32) == 6, "32-byte buffer still returns everything, one at a time");
	lseek(fd, 0, SEEK_SET);
	CHECK_ERR(syscall(SYS_getdents64, fd, (void *)1, 4096), EFAULT, "bad buffer fails EFAULT");
	close(fd);

	/* Many entries with a small buffer. */
	CHECK(mkdir("many", 0755) == 0, "mkdir many");
	for (i = 0; i < 200; i++) {
		snprintf(name, sizeof(name), "many/entry_%03d", i);
		close(open(name, O_CREAT | O_WRONLY, 0644));
	}
	fd = open("many", O_RDONLY | O_DIRECTORY);
	CHECK(read_all(fd, 200) == 202, "202 entries via 200-byte reads");
	CHECK(unique(), "no entry returned twice");
	ok = 1;
	for (i = 0; i < 200; i++) {
		snprintf(name, sizeof(name), "entry_%03d", i);
		ok &= type_of(name) >= 0;
	}
	CHECK(ok, "every created entry was listed");
	close(fd);

	/* Removing entries in the middle of reading does not repeat any. */
	fd = open("many", O_RDONLY | O_DIRECTORY);
	reset_names();
	CHECK(read_more(fd, 256, 1) > 0, "read a first chunk");
	for (i = 0; i < 200; i += 2) {
		snprintf(name, sizeof(name), "many/entry_%03d", i);
		unlink(name);
	}
	CHECK(read_more(fd, 256, 0) >= 102 && unique(), "rest of the listing has no repeats");
	lseek(fd, 0, SEEK_SET);
	CHECK(read_all(fd, 4096) == 102 && unique(), "after deleting 100: 102 entries");
	close(fd);

	/* readdir, telldir/seekdir. */
	dir = opendir("d");
	CHECK(dir != NULL, "opendir");
	count = 0;
	pos = -1;
	while ((de = readdir(dir)) != NULL) {
		if (!strcmp(de->d_name, "sub"))
			pos = telldir(dir);
		count++;
	}
	CHECK(count == 6, "readdir sees 6 entries");
	rewinddir(dir);
	n = 0;
	while (readdir(dir))
		n++;
	CHECK(n == 6, "rewinddir then 6 again");
	if (pos >= 0) {
		int after = 0;

		seekdir(dir, pos);
		while (readdir(dir))
			after++;
		rewinddir(dir);
		n = 0;
		while ((de = readdir(dir)) != NULL) {
			n++;
			if (!strcmp(de->d_name, "sub"))
				break;
		}
		CHECK(after == 6 - n, "seekdir to telldir position continues after sub");
	}
	closedir(dir);

	/* Errors. */
	fd = open("d/file", O_RDONLY);
	CHECK_ERR(syscall(SYS_getdents64, fd, buf, sizeof(buf)), ENOTDIR,
		  "getdents on a file fails ENOTDIR");
	close(fd);
	CHECK_ERR(syscall(SYS_getdents64, -1, buf, sizeof(buf)), EBADF, "bad fd fails EBADF");
	fd = open("d", O_PATH);
	CHECK_ERR(syscall(SYS_getdents64, fd, buf, sizeof(buf)), EBADF, "O_PATH fd fails EBADF");
	close(fd);
	CHECK(opendir("d/file") == NULL && errno == ENOTDIR, "opendir on a file fails ENOTDIR");

	/* Empty directory after removing everything. */
	for (i = 1; i < 200; i += 2) {
		snprintf(name, sizeof(name), "many/entry_%03d", i);
		unlink(name);
	}
	fd = open("many", O_RDONLY | O_DIRECTORY);
	CHECK(read_all(fd, 4096) == 2 && type_of(".") >= 0 && type_of("..") >= 0,
	      "empty directory lists only . and ..");
	close(fd);
	rmdir("many");
	unlink("d/file");
	unlink("d/link");
	unlink("d/.hidden");
	rmdir("d/sub");
	rmdir("d");
	return 0;
}
