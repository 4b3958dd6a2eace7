/* tags: mm fork */
/* SPDX-License-Identifier: MIT */
/*
 * MAP_SHARED|MAP_ANONYMOUS memory is shared with a forked child in both
 * directions; MAP_PRIVATE memory is copied on write and changes stay private.
 */
#include <sys/mman.h>
#include <sys/wait.h>
#include "check.h"

#define LEN (4 * 4096)

/* Runs fn in a child and returns its exit status (or -1). */
static int in_child(int (*fn)(char *, char *, int, int), char *sh, char *pr, int rfd, int wfd)
{
	int st;
	pid_t pid = fork();

	if (pid == 0)
		_exit(fn(sh, pr, rfd, wfd));
	if (pid < 0 || waitpid(pid, &st, 0) != pid || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

/* Child: check inherited contents, then write to both mappings. */
static int child_write(char *sh, char *pr, int rfd, int wfd)
{
	if (sh[0] != 'S' || sh[LEN - 1] != 'S')
		return 10;
	if (pr[0] != 'P' || pr[LEN - 1] != 'P')
		return 11;
	memset(sh, 'c', LEN);
	memset(pr, 'c', LEN);
	if (sh[LEN / 2] != 'c' || pr[LEN / 2] != 'c')
		return 12;
	return 0;
}

/* Child: tell the parent it is ready, wait for its write, look at it. */
static int child_observe(char *sh, char *pr, int rfd, int wfd)
{
	char c;

	if (write(wfd, "r", 1) != 1)
		return 20;
	if (read(rfd, &c, 1) != 1)
		return 21;
	if (sh[0] != 'p' || sh[LEN - 1] != 'p')
		return 22;
	if (pr[0] != 'c')
		return 23;
	return 0;
}

int main(void)
{
	int to_child[2], to_parent[2];
	char *sh, *pr, c;
	int st;
	pid_t pid;

	sh = mmap(NULL, LEN, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	pr = mmap(NULL, LEN, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(sh != MAP_FAILED && pr != MAP_FAILED, "shared and private mappings");
	memset(sh, 'S', LEN);
	memset(pr, 'P', LEN);

	CHECK(in_child(child_write, sh, pr, -1, -1) == 0,
	      "child sees the parent's contents and writes both mappings");
	CHECK(sh[0] == 'c' && sh[LEN / 2] == 'c' && sh[LEN - 1] == 'c',
	      "child's writes to MAP_SHARED are seen by the parent");
	CHECK(pr[0] == 'P' && pr[LEN / 2] == 'P' && pr[LEN - 1] == 'P',
	      "child's writes to MAP_PRIVATE are not seen by the parent");

	/* Parent writes while the child is alive; the child sees shared only. */
	memset(pr, 'c', LEN);
	CHECK(pipe(to_child) == 0 && pipe(to_parent) == 0, "pipes");
	pid = fork();
	if (pid == 0) {
		close(to_child[1]);
		close(to_parent[0]);
		_exit(child_observe(sh, pr, to_child[0], to_parent[1]));
	}
	CHECK(pid > 0, "fork");
	close(to_child[0]);
	close(to_parent[1]);
	CHECK(read(to_parent[0], &c, 1) == 1, "child is ready");
	memset(sh, 'p', LEN);
	memset(pr, 'p', LEN);
	CHECK(write(to_child[1], "g", 1) == 1, "tell the child to look");
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "child sees the parent's later MAP_SHARED write, not its MAP_PRIVATE one");
	close(to_child[1]);
	close(to_parent[0]);

	/* A grandchild still shares the same memory. */
	pid = fork();
	if (pid == 0) {
		pid_t g = fork();

		if (g == 0) {
			sh[1] = 'g';
			_exit(0);
		}
		_exit(g > 0 && waitpid(g, &st, 0) == g && sh[1] == 'g' ? 0 : 1);
	}
	CHECK(pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "grandchild's write reaches the child");
	CHECK(sh[1] == 'g', "grandchild's write reaches the parent");

	/* Unmapping in the child does not affect the parent. */
	pid = fork();
	if (pid == 0)
		_exit(munmap(sh, LEN) == 0 ? 0 : 1);
	CHECK(pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "child unmaps the shared mapping");
	sh[2] = 'x';
	CHECK(sh[2] == 'x' && sh[0] == 'p', "parent's shared mapping still works");
	CHECK(munmap(sh, LEN) == 0 && munmap(pr, LEN) == 0, "munmap");
	return 0;
}
