/* tags: sandbox-only */
/* SPDX-License-Identifier: MIT */
/*
 * Symlinks cannot point out of the guest root: "abs" -> "/", "rel" -> a long
 * chain of "..", and links through /proc/self/root and /proc/self/cwd all
 * resolve inside the guest root. The guest root (the test root) holds only
 * t, tmp, proc, dev, sys and scratch, so host files such as
 * /etc/debian_version must not be reachable through them.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include "check.h"

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

static int link_is(const char *path, const char *want)
{
	char buf[PATH_MAX];
	ssize_t n = readlink(path, buf, sizeof(buf) - 1);

	if (n < 0)
		return 0;
	buf[n] = '\0';
	return strcmp(buf, want) == 0;
}

int main(void)
{
	static const char *const links[] = { "abs", "rel", "procroot", "proccwd", "d1/d2/up" };
	static const char *const host_names[] = {
		"etc", "etc/passwd", "etc/debian_version", "usr", "usr/bin", "bin", "bin/sh",
		"lib", "home", "root", "var", "work",
	};
	char path[256], want[256], desc[600];
	char *rp;
	int fd, i, j;

	CHECK(symlink("/", "abs") == 0, "symlink abs -> /");
	CHECK(symlink("../../../../../../../../..", "rel") == 0, "symlink rel -> ../ x 9");
	CHECK(symlink("/proc/self/root/..", "procroot") == 0, "symlink procroot -> /proc/self/root/..");
	CHECK(symlink("/proc/self/cwd/../../../../..", "proccwd") == 0,
	      "symlink proccwd -> /proc/self/cwd/../../../../..");
	CHECK(mkdir("d1", 0755) == 0 && mkdir("d1/d2", 0755) == 0, "mkdir d1/d2");
	CHECK(symlink("../../../../../../../../../../../../../../../..", "d1/d2/up") == 0,
	      "symlink d1/d2/up -> ../ x 16");
	CHECK(symlink("rel/t", "chain1") == 0 && symlink("chain1/..", "chain2") == 0,
	      "symlinks chain1 -> rel/t, chain2 -> chain1/..");
	CHECK(link_is("rel", "../../../../../../../../.."), "readlink rel gives the text written");

	for (i = 0; i < (int)(sizeof(links) / sizeof(links[0])); i++) {
		snprintf(path, sizeof(path), "%s/t", links[i]);
		fd = open(path, O_RDONLY | O_DIRECTORY);
		snprintf(desc, sizeof(desc), "open %s", path);
		CHECK(fd >= 0, desc);
		if (fd >= 0)
			close(fd);
		snprintf(desc, sizeof(desc), "%s is /t", path);
		CHECK(same_file(path, "/t"), desc);
		snprintf(desc, sizeof(desc), "%s is /", links[i]);
		CHECK(same_file(links[i], "/"), desc);
		snprintf(path, sizeof(path), "%s/..", links[i]);
		snprintf(desc, sizeof(desc), "%s is /", path);
		CHECK(same_file(path, "/"), desc);
		for (j = 0; j < (int)(sizeof(host_names) / sizeof(host_names[0])); j++) {
			snprintf(path, sizeof(path), "%s/%s", links[i], host_names[j]);
			snprintf(want, sizeof(want), "/%s", host_names[j]);
			snprintf(desc, sizeof(desc), "%s and %s agree", path, want);
			CHECK(same_result(path, want), desc);
		}
	}
	CHECK(same_file("chain2", "/"), "chain2 is /");
	CHECK(same_file("chain2/../../t", "/t"), "chain2/../../t is /t");

	CHECK_ERR(stat("/etc/debian_version", &(struct stat){ 0 }), ENOENT,
		  "guest root has no /etc/debian_version");
	CHECK_ERR(stat("rel/etc/debian_version", &(struct stat){ 0 }), ENOENT,
		  "rel/etc/debian_version does not exist");
	CHECK_ERR(stat("abs/etc/debian_version", &(struct stat){ 0 }), ENOENT,
		  "abs/etc/debian_version does not exist");
	CHECK_ERR(stat("procroot/etc/debian_version", &(struct stat){ 0 }), ENOENT,
		  "procroot/etc/debian_version does not exist");
	CHECK_ERR(open("rel/etc/passwd", O_RDONLY), ENOENT, "open rel/etc/passwd fails");
	CHECK_ERR(open("abs", O_RDONLY | O_NOFOLLOW), ELOOP, "O_NOFOLLOW on abs gives ELOOP");

	rp = realpath("rel", NULL);
	CHECK(rp && strcmp(rp, "/") == 0, "realpath rel is /");
	free(rp);
	rp = realpath("d1/d2/up/t", NULL);
	CHECK(rp && strcmp(rp, "/t") == 0, "realpath d1/d2/up/t is /t");
	free(rp);
	rp = realpath("procroot/scratch", NULL);
	CHECK(rp && strcmp(rp, "/scratch") == 0, "realpath procroot/scratch is /scratch");
	free(rp);

	/* a file created through the link lands inside the guest root */
	fd = open("rel/tmp/symlink_escape.probe", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	CHECK(fd >= 0, "create rel/tmp/symlink_escape.probe");
	if (fd >= 0)
		close(fd);
	CHECK(access("/tmp/symlink_escape.probe", F_OK) == 0, "it is /tmp/symlink_escape.probe");
	CHECK(unlink("abs/tmp/symlink_escape.probe") == 0, "unlink it through abs");
	return 0;
}
