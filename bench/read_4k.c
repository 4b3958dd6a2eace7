/* SPDX-License-Identifier: MIT */
/* A 4 KiB pread from a file in the page cache. */
#include <fcntl.h>
#include <unistd.h>
#include "lib/bench.h"

int main(void)
{
	static char buf[1 << 20];
	int fd = open("/tmp/bench-4k", O_RDWR | O_CREAT | O_TRUNC, 0644);

	if (fd < 0 || write(fd, buf, sizeof(buf)) != (ssize_t)sizeof(buf))
		return 1;
	BENCH(10000, if (pread(fd, buf, 4096, (i_ % 256) * 4096) != 4096) return 1);
	return 0;
}
