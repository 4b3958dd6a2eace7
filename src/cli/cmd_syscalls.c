/* SPDX-License-Identifier: MIT */
/* `ukern syscalls`: the syscall table from the binary (like `runsc help syscalls`). */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "cli/cli.h"
#include "syscalls/syscalls.h"

int cmd_syscalls(int argc, char **argv)
{
	const char *fmt = "text";
	int i;

	for (i = 1; i < argc; i++) {
		if (!strncmp(argv[i], "--format=", 9)) {
			fmt = argv[i] + 9;
		} else {
			fprintf(stderr, "ukern syscalls: unknown option '%s'\n", argv[i]);
			return 2;
		}
	}
	if (strcmp(fmt, "text") && strcmp(fmt, "csv") && strcmp(fmt, "md")) {
		fprintf(stderr, "ukern syscalls: --format is text, csv or md\n");
		return 2;
	}
	fflush(stdout);
	syscalls_print(strcmp(fmt, "text") != 0);
	return 0;
}

int host_exit_status(int status)
{
	fflush(stdout);
	fflush(stderr);
	_exit(status);
}
