/* SPDX-License-Identifier: MIT */
/*
 * The syscall table is sorted, has no duplicate numbers or names, every PARTIAL
 * and ENOSYS_ entry has a note, and (given the host's <asm/unistd_64.h> as
 * argv[1]) every x86-64 system call is listed under the name Linux gives it.
 */
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

static const struct row *find(int nr)
{
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		if (rows[i].nr == nr)
			return &rows[i];
	return NULL;
}

/* Every "#define __NR_name nr" of the header must be a row named name. */
static int check_header(const char *path)
{
	char line[256], name[64];
	const struct row *r;
	int nr, fails = 0, seen = 0;
	FILE *f = fopen(path, "r");

	if (!f) {
		printf("cannot open %s\n", path);
		return 1;
	}
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "#define __NR_%63s %d", name, &nr) != 2)
			continue;
		seen++;
		r = find(nr);
		if (!r) {
			printf("not in the table: %d %s\n", nr, name);
			fails++;
		} else if (strcmp(r->name, name)) {
			printf("number %d is %s in the header, %s in the table\n", nr, name, r->name);
			fails++;
		}
	}
	fclose(f);
	if (seen < 300) {
		printf("%s: only %d syscall numbers read\n", path, seen);
		fails++;
	}
	return fails;
}

int main(int argc, char **argv)
{
	size_t n = sizeof(rows) / sizeof(rows[0]), i, j;
	int fails = 0;

	for (i = 0; i < n; i++) {
		if (i && rows[i].nr <= rows[i - 1].nr) {
			printf("not sorted or duplicate: %d %s after %d\n", rows[i].nr, rows[i].name, rows[i - 1].nr);
			fails++;
		}
		if (strcmp(rows[i].status, "FULL") && !*rows[i].note) {
			printf("%s without a note: %s\n", rows[i].status, rows[i].name);
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
	if (argc > 1)
		fails += check_header(argv[1]);
	printf("%s - syscall table: %zu entries\n", fails ? "not ok" : "ok", n);
	return fails != 0;
}
