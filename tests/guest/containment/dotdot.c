/* tags: sandbox-only */
/* SPDX-License-Identifier: MIT */
/*
 * ".." stops at the guest root: "/..", "/../../..", chdir("..") from "/" and
 * ".." chains from the cwd all name the guest root, never the host directory
 * that holds it. The guest root is the test root, whose /t holds the test
 * binaries.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include "check.h"

#define MAX_NAMES 512

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted, newline-separated entry names of d (without . and ..); closes d. */
static int list_dir(DIR *d, char *buf, size_t size)
{
	char *names[MAX_NAMES];
	struct dirent *e;
	size_t off = 0;
	int n = 0, i;

	buf[0] = '\0';
	if (!d)
		return -1;
	while ((e = readdir(d)) && n < MAX_NAMES) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		names[n++] = strdup(e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(names[0]), cmp_str);
	for (i = 0; i < n; i++) {
		if (off < size)
			off += snprintf(buf + off, size - off, "%s\n", names[i]);
		free(names[i]);
	}
	return n;
}

static int same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	if (stat(a, &sa) || stat(b, &sb))
		return 0;
	return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* stat of a and b give the same result: same file, or both the same errno */
static int same_result(const char *a, const char *b)
{
	struct stat sa, sb;
	int ra, rb, ea, eb;

	errno = 0;
	ra = stat(a, &sa);
	ea = errno;
	errno = 0;
	rb = stat(b, &sb);
	eb = errno;
	if (ra || rb)
		return ra == rb && ea == eb;
	return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

static char root_list[65536], other[65536];

int main(void)
{
	static const char *const names[] = {
		"etc", "usr", "bin", "lib", "lib64", "home", "root", "var",
		"boot", "opt", "srv", "work", "t", "tmp", "scratch",
	};
	char cwd[4096], deep[4096];
	struct stat st;
	int fd, dfd, i, n;

	n = list_dir(opendir("/"), root_list, sizeof(root_list));
	CHECK(n > 0, "list /");
	CHECK(strstr(root_list, "t\n") != NULL, "/ has t");

	CHECK(stat("/t", &st) == 0 && S_ISDIR(st.st_mode), "/t is a directory");
	CHECK(same_file("/../../../../t", "/t"), "/../../../../t is /t");
	CHECK(same_file("/..", "/"), "/.. is /");
	CHECK(same_file("/../..", "/"), "/../.. is /");
	CHECK(same_file("/t/..", "/"), "/t/.. is /");
	CHECK(same_file("/t/../..", "/"), "/t/../.. is /");

	list_dir(opendir("/.."), other, sizeof(other));
	CHECK(strcmp(root_list, other) == 0, "listing of /.. equals listing of /");
	list_dir(opendir("/../../../../../../.."), other, sizeof(other));
	CHECK(strcmp(root_list, other) == 0, "listing of /../../../../../../.. equals /");

	/* relative .. chains from the initial cwd */
	CHECK(getcwd(cwd, sizeof(cwd)) != NULL, "getcwd");
	CHECK(cwd[0] == '/', "cwd is an absolute guest path");
	strcpy(deep, "");
	for (i = 0; i < 40; i++)
		strcat(deep, "../");
	CHECK(same_file(deep, "/"), "40 x ../ from the cwd is /");
	strcat(deep, "t");
	CHECK(same_file(deep, "/t"), "40 x ../ then t from the cwd is /t");
	list_dir(opendir("../../../../../../../../../../.."), other, sizeof(other));
	CHECK(strcmp(root_list, other) == 0, "listing of ../ x 11 from the cwd equals /");

	/* chdir("..") repeatedly */
	CHECK(chdir("/") == 0, "chdir /");
	for (i = 0; i < 20; i++)
		if (chdir("..") != 0)
			break;
	CHECK(i == 20, "chdir .. 20 times");
	CHECK(getcwd(cwd, sizeof(cwd)) && strcmp(cwd, "/") == 0, "getcwd is / after chdir ..");
	CHECK(same_file(".", "/"), ". is / after chdir ..");
	list_dir(opendir("."), other, sizeof(other));
	CHECK(strcmp(root_list, other) == 0, "listing of . after chdir .. equals /");
	list_dir(opendir(".."), other, sizeof(other));
	CHECK(strcmp(root_list, other) == 0, "listing of .. after chdir .. equals /");
	CHECK(same_file("t", "/t"), "t relative to the cwd is /t");

	CHECK(chdir("/t") == 0, "chdir /t");
	CHECK(chdir("../../../..") == 0, "chdir ../../../..");
	CHECK(getcwd(cwd, sizeof(cwd)) && strcmp(cwd, "/") == 0, "getcwd is / after chdir ../../../..");

	/* fchdir and openat with .. */
	dfd = open("/", O_RDONLY | O_DIRECTORY);
	CHECK(dfd >= 0, "open / as a directory");
	fd = openat(dfd, "../../..", O_RDONLY | O_DIRECTORY);
	CHECK(fd >= 0, "openat(/, ../../..)");
	list_dir(fdopendir(fd), other, sizeof(other));
	CHECK(strcmp(root_list, other) == 0, "listing of openat(/, ../../..) equals /");
	CHECK(fchdir(dfd) == 0 && chdir("..") == 0, "fchdir / then chdir ..");
	CHECK(getcwd(cwd, sizeof(cwd)) && strcmp(cwd, "/") == 0, "getcwd is / after fchdir and ..");
	fd = openat(dfd, "../t", O_RDONLY | O_DIRECTORY);
	CHECK(fd >= 0, "openat(/, ../t)");
	close(fd);
	close(dfd);

	/* a name outside the root is reachable only if it is in the root */
	for (i = 0; i < (int)(sizeof(names) / sizeof(names[0])); i++) {
		char a[256], b[256], desc[600];

		snprintf(a, sizeof(a), "/%s", names[i]);
		snprintf(b, sizeof(b), "/../../../../%s", names[i]);
		snprintf(desc, sizeof(desc), "%s and %s agree", b, a);
		CHECK(same_result(a, b), desc);
	}
	if (stat("/etc", &st) != 0)
		CHECK_ERR(open("/../../../../etc/hostname", O_RDONLY), ENOENT,
			  "/../../../../etc/hostname does not exist (no /etc in the guest root)");
	return 0;
}
