/* SPDX-License-Identifier: MIT */
/* One byte there and back between two processes over two pipes. */
#include <sys/wait.h>
#include <unistd.h>
#include "lib/bench.h"

int main(void)
{
	int a[2], b[2];
	char c = 0;
	pid_t pid;

	if (pipe(a) < 0 || pipe(b) < 0)
		return 1;
	pid = fork();
	if (pid == 0) {
		close(a[1]);
		close(b[0]);
		while (read(a[0], &c, 1) == 1)
			if (write(b[1], &c, 1) != 1)
				_exit(1);
		_exit(0);
	}
	close(a[0]);
	close(b[1]);
	BENCH(2000, if (write(a[1], &c, 1) != 1 || read(b[0], &c, 1) != 1) return 1);
	close(a[1]);
	waitpid(pid, NULL, 0);
	return 0;
}
