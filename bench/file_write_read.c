/* SPDX-License-Identifier: MIT */
/* 256 MiB written in 1 MiB writes, fsync'ed, and read back: ns per MiB. */
#include <fcntl.h>
#include <unistd.h>
#include "lib/bench.h"

int main(void)
{
	static char buf[1 << 20];
	double r[3];
	int k, i;

	for (k = 0; k < 3; k++) {
		double t0 = bench_now();
		int fd = open("/tmp/bench-big", O_RDWR | O_CREAT | O_TRUNC, 0644);

		for (i = 0; i < 256; i++)
			if (write(fd, buf, sizeof(buf)) != (ssize_t)sizeof(buf))
				return 1;
		if (fsync(fd) < 0)
			return 1;
		for (i = 0; i < 256; i++)
			if (pread(fd, buf, sizeof(buf), (off_t)i << 20) != (ssize_t)sizeof(buf))
				return 1;
		close(fd);
		unlink("/tmp/bench-big");
		r[k] = (bench_now() - t0) / 256;
	}
	qsort(r, 3, sizeof(r[0]), bench_cmp);
	printf("%.1f\n", r[1]);
	return 0;
}
