/* SPDX-License-Identifier: MIT */
/* The syscall table is sorted, has no duplicate numbers or names, and every PARTIAL entry has a note. */
#include <stdio.h>
#include <string.h>

struct row {
	int nr;
	const char *name, *status, *note;
};

#define SYSCALL(nr, name, fn, status, args, note) { nr, #name, #status, note },
static const struct row rows[] = {
#include "syscalls/syscalls.def"
};
#undef SYSCALL

int main(void)
{
	size_t n = sizeof(rows) / sizeof(rows[0]), i, j;
	int fails = 0;

	for (i = 0; i < n; i++) {
		if (i && rows[i].nr <= rows[i - 1].nr) {
			printf("not sorted or duplicate: %d %s after %d\n", rows[i].nr, rows[i].name, rows[i - 1].nr);
			fails++;
		}
		if (!strcmp(rows[i].status, "PARTIAL") && !*rows[i].note) {
			printf("PARTIAL without a note: %s\n", rows[i].name);
			fails++;
		}
		if (strcmp(rows[i].status, "FULL") && strcmp(rows[i].status, "PARTIAL") &&
		    strcmp(rows[i].status, "ENOSYS_")) {
			printf("bad status for %s\n", rows[i].name);
			fails++;
		}
		for (j = 0; j < i; j++)
			if (!strcmp(rows[i].name, rows[j].name)) {
				printf("duplicate name %s\n", rows[i].name);
				fails++;
			}
	}
	printf("%s - syscall table: %zu entries\n", fails ? "not ok" : "ok", n);
	return fails != 0;
}
