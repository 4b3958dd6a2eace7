/* SPDX-License-Identifier: MIT */
/*
 * A directory that grows past one block and keeps growing (on ext4 it is
 * then hash-indexed): every name found, absent names not, readdir sees each
 * name once; unlink, rename within and across directories, rename over an
 * existing name, hard links; a big directory moved to another parent has
 * ".." pointing there; emptied, it can be removed.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>
#include "check.h"

#define N 4000

static char seen[N];

static void name(char *buf, size_t n, const char *dir, int i)
{
	/* Names of varied lengths, so leaves split at different places. */
	snprintf(buf, n, "%s/f%d-%.*s", dir, i, i % 40, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOP");
}

static int all_present(const char *dir, int from, int step, int want)
{
	struct stat st;
	char p[128];

	for (int i = from; i < N; i += step) {
		name(p, sizeof(p), dir, i);
		if ((stat(p, &st) == 0) != want)
			return 0;
	}
	return 1;
}

/* readdir of dir: every name f<i>-... once, exactly count of them. */
static int readdir_sees(const char *dir, int count)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0, i, ok = 1;

	if (!d)
		return 0;
	memset(seen, 0, sizeof(seen));
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		if (sscanf(e->d_name, "f%d-", &i) != 1 || i < 0 || i >= N || seen[i]++)
			ok = 0;
		n++;
	}
	closedir(d);
	return ok && n == count;
}

int main(void)
{
	struct stat st, st2;
	char p[128], q[128];
	int fd, i, ok = 1;

	CHECK(mkdir("a", 0755) == 0 && mkdir("b", 0755) == 0, "mkdir a b");
	for (i = 0; i < N && ok; i++) {
		name(p, sizeof(p), "a", i);
		fd = open(p, O_CREAT | O_EXCL | O_WRONLY, 0644);
		ok = fd >= 0 && close(fd) == 0;
	}
	CHECK(ok, "create 4000 names in a");
	CHECK(all_present("a", 0, 1, 1), "every name found");
	CHECK(stat("a/f1-b", &st) < 0 && errno == ENOENT && stat("a/nothing", &st) < 0 && errno == ENOENT,
	      "absent names are ENOENT");
	name(p, sizeof(p), "a", 7);
	CHECK(open(p, O_CREAT | O_EXCL | O_WRONLY, 0644) < 0 && errno == EEXIST, "O_EXCL on an existing name: EEXIST");
	CHECK(readdir_sees("a", N), "readdir sees each name once");

	for (i = 0, ok = 1; i < N && ok; i += 3) {
		name(p, sizeof(p), "a", i);
		ok = unlink(p) == 0;
	}
	CHECK(ok, "unlink every third name");
	CHECK(all_present("a", 0, 3, 0) && all_present("a", 1, 3, 1) && all_present("a", 2, 3, 1),
	      "unlinked names gone, the others there");
	CHECK(readdir_sees("a", N - (N + 2) / 3), "readdir after unlinks");

	for (i = 1, ok = 1; i < N && ok; i += 3) {
		name(p, sizeof(p), "a", i);
		name(q, sizeof(q), "b", i);
		ok = rename(p, q) == 0;
	}
	CHECK(ok, "rename a third of the names into b");
	CHECK(all_present("a", 1, 3, 0) && all_present("b", 1, 3, 1), "renamed names moved");
	name(p, sizeof(p), "a", 2);
	name(q, sizeof(q), "a", 5);
	CHECK(stat(q, &st) == 0 && rename(p, q) == 0 && stat(q, &st2) == 0 && st.st_ino != st2.st_ino &&
		      stat(p, &st) < 0 && errno == ENOENT,
	      "rename over an existing name in the same directory");
	name(p, sizeof(p), "a", 8);
	CHECK(link(p, "b/hardlink") == 0 && stat("b/hardlink", &st) == 0 && st.st_nlink == 2, "hard link across");

	/* The big directory b moves under a: its ".." follows. */
	CHECK(rename("b", "a/b") == 0, "rename the big directory b into a");
	CHECK(stat("a/b/..", &st) == 0 && stat("a", &st2) == 0 && st.st_ino == st2.st_ino, "its .. is now a");
	CHECK(all_present("a/b", 1, 3, 1), "its names are all found after the move");
	CHECK(rename("a/b", "b") == 0 && stat("b/..", &st) == 0 && stat(".", &st2) == 0 && st.st_ino == st2.st_ino,
	      "and back");

	for (i = 0, ok = 1; i < N && ok; i++) {
		name(p, sizeof(p), "a", i);
		if (unlink(p) < 0 && errno != ENOENT)
			ok = 0;
		name(p, sizeof(p), "b", i);
		if (unlink(p) < 0 && errno != ENOENT)
			ok = 0;
	}
	CHECK(ok && unlink("b/hardlink") == 0, "unlink everything");
	CHECK(readdir_sees("a", 0) && readdir_sees("b", 0), "both directories read empty");
	CHECK(rmdir("a") == 0 && rmdir("b") == 0, "rmdir the emptied big directories");
	return 0;
}
