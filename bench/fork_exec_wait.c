/* SPDX-License-Identifier: MIT */
/* fork + execve of a static program + waitpid. */
#include <sys/wait.h>
#include <unistd.h>
#include "lib/bench.h"

int main(void)
{
	static char *argv[] = { "true", NULL }, *envp[] = { NULL };

	BENCH(50, pid_t p = fork(); if (p == 0) { execve("/bin/true", argv, envp); _exit(127); }
	      waitpid(p, NULL, 0));
	return 0;
}
