/* SPDX-License-Identifier: MIT */
/* open + fstat + close of a small file. */
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include "lib/bench.h"

int main(void)
{
	struct stat st;
	int fd = open("/tmp/bench-small", O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd < 0 || write(fd, "x", 1) != 1 || close(fd) < 0)
		return 1;
	BENCH(5000, fd = open("/tmp/bench-small", O_RDONLY); fstat(fd, &st); close(fd));
	return 0;
}
