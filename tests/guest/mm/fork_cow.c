/* tags: mm fork */
/* SPDX-License-Identifier: MIT */
/*
 * fork copy-on-write: a child's writes to private memory (mmap, heap, data,
 * bss, stack, a 32 MiB region) never show in the parent, and the reverse.
 */
#include <sys/mman.h>
#include <sys/wait.h>
#include "check.h"

#define BIG (32 << 20)
#define PG 4096

static int data_var = 11;
static int bss_var;

static int wait_ok(pid_t pid)
{
	int st;

	return pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

/* Every page of the region holds its index in its first word. */
static int region_ok(const char *big, long add)
{
	size_t i;

	for (i = 0; i < BIG; i += PG)
		if (*(const long *)(big + i) != (long)(i / PG) + add)
			return 0;
	return 1;
}

int main(void)
{
	volatile int stack_var = 5;
	int pfd[2], qfd[2];
	char *big, *heap, c;
	size_t i;
	pid_t pid;

	big = mmap(NULL, BIG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(big != MAP_FAILED, "map 32 MiB");
	for (i = 0; i < BIG; i += PG)
		*(long *)(big + i) = i / PG;
	heap = malloc(1 << 20);
	CHECK(heap != NULL, "malloc 1 MiB");
	memset(heap, 'h', 1 << 20);
	bss_var = 22;

	pid = fork();
	if (pid == 0) {
		int bad = 0;

		if (!region_ok(big, 0) || heap[12345] != 'h' || data_var != 11 || bss_var != 22 ||
		    stack_var != 5)
			_exit(2);
		for (i = 0; i < BIG; i += PG)
			*(long *)(big + i) += 1000;
		memset(heap, 'c', 1 << 20);
		data_var = 111;
		bss_var = 222;
		stack_var = 555;
		if (!region_ok(big, 1000) || heap[12345] != 'c')
			bad = 1;
		_exit(bad ? 3 : 0);
	}
	CHECK(wait_ok(pid), "child sees the parent's memory and writes all of it");
	CHECK(region_ok(big, 0), "child's writes to the 32 MiB region did not reach the parent");
	CHECK(heap[0] == 'h' && heap[(1 << 20) - 1] == 'h', "heap unchanged in the parent");
	CHECK(data_var == 11, "data variable unchanged");
	CHECK(bss_var == 22, "bss variable unchanged");
	CHECK(stack_var == 5, "stack variable unchanged");

	/* Parent writes after fork are not seen by the child. */
	CHECK(pipe(pfd) == 0 && pipe(qfd) == 0, "pipes");
	pid = fork();
	if (pid == 0) {
		close(pfd[1]);
		close(qfd[0]);
		if (write(qfd[1], "r", 1) != 1 || read(pfd[0], &c, 1) != 1)
			_exit(4);
		_exit(region_ok(big, 0) && data_var == 11 && heap[7] == 'h' ? 0 : 5);
	}
	close(pfd[0]);
	close(qfd[1]);
	CHECK(read(qfd[0], &c, 1) == 1, "child ready");
	for (i = 0; i < BIG; i += PG)
		*(long *)(big + i) += 7;
	data_var = 12;
	heap[7] = 'p';
	CHECK(write(pfd[1], "g", 1) == 1, "tell the child to look");
	CHECK(wait_ok(pid), "parent's writes after fork are not seen by the child");
	close(pfd[1]);
	close(qfd[0]);

	/* Several children in turn, each writing the same pages. */
	for (i = 0; i < 4; i++) {
		pid = fork();
		if (pid == 0) {
			if (!region_ok(big, 7))
				_exit(6);
			memset(big, (int)i, BIG / 2);
			_exit(0);
		}
		if (!wait_ok(pid))
			break;
	}
	CHECK(i == 4 && region_ok(big, 7), "four children in turn leave the parent's copy alone");

	/* A child of a child sees the child's copy. */
	pid = fork();
	if (pid == 0) {
		pid_t g;

		data_var = 99;
		g = fork();
		if (g == 0)
			_exit(data_var == 99 ? 0 : 7);
		_exit(wait_ok(g) ? 0 : 8);
	}
	CHECK(wait_ok(pid), "grandchild inherits the child's modified copy");
	CHECK(data_var == 12, "parent's copy still its own");

	munmap(big, BIG);
	free(heap);
	return 0;
}
