/* tags: */
/* SPDX-License-Identifier: MIT */
/*
 * ".." at the root stays at the root: "/..", "/../..", openat(rootfd, ".."),
 * chdir("/"), chdir(".."), symlinks climbing past "/", and realpath.
 */
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include "check.h"

static struct stat root;

static int is_root_st(const struct stat *st)
{
	return st->st_ino == root.st_ino && st->st_dev == root.st_dev;
}

static int is_root(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0 && is_root_st(&st);
}

int main(void)
{
	char buf[PATH_MAX], *rp;
	struct stat st;
	int rfd, fd, home, depth, i;

	CHECK(stat("/", &root) == 0 && S_ISDIR(root.st_mode), "stat /");
	CHECK(is_root("/.."), "/.. is /");
	CHECK(is_root("/../.."), "/../.. is /");
	CHECK(is_root("/./../."), "/./../. is /");
	CHECK(is_root("//"), "// is /");
	CHECK(is_root("/dev/../.."), "/dev/../.. is /");
	CHECK(stat("/../dev/null", &st) == 0 && S_ISCHR(st.st_mode), "/../dev/null resolves");

	rfd = open("/", O_RDONLY | O_DIRECTORY);
	fd = openat(rfd, "..", O_RDONLY | O_DIRECTORY);
	CHECK(fd >= 0 && fstat(fd, &st) == 0 && is_root_st(&st), "openat(rootfd, \"..\") is /");
	close(fd);
	CHECK(fstatat(rfd, "../../..", &st, 0) == 0 && is_root_st(&st),
	      "fstatat(rootfd, ../../..)");

	/* From the cwd, enough ".." always reaches / and stops there. */
	home = open(".", O_RDONLY | O_DIRECTORY);
	CHECK(getcwd(buf, sizeof(buf)) != NULL, "getcwd");
	depth = 0;
	for (i = 0; buf[i]; i++)
		depth += buf[i] == '/';
	buf[0] = 0;
	for (i = 0; i < depth + 5; i++)
		strcat(buf, "../");
	CHECK(is_root(buf), "more .. than the cwd depth ends at /");
	strcat(buf, "dev/null");
	CHECK(stat(buf, &st) == 0 && S_ISCHR(st.st_mode), "and continues from / afterwards");

	/* chdir. */
	CHECK(chdir("/") == 0 && chdir("..") == 0, "chdir / then ..");
	CHECK(getcwd(buf, sizeof(buf)) && strcmp(buf, "/") == 0, "getcwd is /");
	CHECK(is_root("."), ". is /");
	CHECK(chdir("../../dev/..") == 0 && getcwd(buf, sizeof(buf)) && strcmp(buf, "/") == 0,
	      "chdir ../../dev/.. from / is /");
	CHECK(fchdir(home) == 0, "back home");

	/* A symlink whose target climbs above /. */
	CHECK(symlink("/../../..", "up") == 0, "symlink to /../../..");
	CHECK(is_root("up"), "it resolves to /");
	CHECK(symlink("../../../../../../../../../../../../../../../../../../../..", "rel") == 0,
	      "symlink with many relative ..");
	CHECK(is_root("rel"), "it resolves to /");
	CHECK(stat("rel/dev/null", &st) == 0 && S_ISCHR(st.st_mode), "rel/dev/null resolves");

	/* realpath. */
	rp = realpath("/../..", NULL);
	CHECK(rp && strcmp(rp, "/") == 0, "realpath(/../..) is /");
	free(rp);
	rp = realpath("up", NULL);
	CHECK(rp && strcmp(rp, "/") == 0, "realpath(up) is /");
	free(rp);
	rp = realpath("/../dev/../dev/./null", NULL);
	CHECK(rp && strcmp(rp, "/dev/null") == 0, "realpath(/../dev/../dev/./null)");
	free(rp);

	unlink("up");
	unlink("rel");
	close(home);
	close(rfd);
	return 0;
}
