/* tags: */
/* SPDX-License-Identifier: MIT */
/*
 * getrandom: fills small and large buffers, GRND_NONBLOCK/GRND_RANDOM/
 * GRND_INSECURE work, size 0 returns 0; EFAULT and EINVAL via the syscall.
 */
#include <sys/random.h>
#include <sys/syscall.h>
#include "check.h"

#ifndef GRND_INSECURE
#define GRND_INSECURE 0x0004
#endif

static long raw_getrandom(void *buf, size_t len, unsigned flags)
{
	return syscall(SYS_getrandom, buf, len, flags);
}

static int nonzero(const unsigned char *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i])
			return 1;
	return 0;
}

int main(void)
{
	unsigned char a[64], b[64];
	unsigned char *big;
	size_t got;
	long r;
	int i, ok;

	memset(a, 0, sizeof(a));
	memset(b, 0, sizeof(b));
	CHECK(getrandom(a, sizeof(a), 0) == sizeof(a), "getrandom 64 bytes");
	CHECK(getrandom(b, sizeof(b), 0) == sizeof(b), "getrandom 64 more bytes");
	CHECK(nonzero(a, sizeof(a)), "bytes are not all zero");
	CHECK(memcmp(a, b, sizeof(a)) != 0, "two calls give different bytes");

	ok = 1;
	for (i = 1; i <= 33; i++) {
		memset(a, 0, sizeof(a));
		if (raw_getrandom(a, i, 0) != i || a[i] != 0)
			ok = 0;
	}
	CHECK(ok, "sizes 1..33 are filled exactly, nothing past the end");
	CHECK(getrandom(a, 0, 0) == 0, "size 0 returns 0");
	CHECK(raw_getrandom(NULL, 0, 0) == 0, "size 0 with NULL returns 0");

	CHECK(getrandom(a, 16, GRND_NONBLOCK) == 16, "GRND_NONBLOCK");
	CHECK(getrandom(a, 16, GRND_RANDOM) == 16, "GRND_RANDOM");
	CHECK(getrandom(a, 16, GRND_RANDOM | GRND_NONBLOCK) == 16, "GRND_RANDOM|GRND_NONBLOCK");
	CHECK(raw_getrandom(a, 16, GRND_INSECURE) == 16, "GRND_INSECURE");

	big = malloc(1 << 20);
	CHECK(big != NULL, "malloc 1 MiB");
	memset(big, 0, 1 << 20);
	got = 0;
	while (got < (1 << 20)) {
		r = raw_getrandom(big + got, (1 << 20) - got, 0);
		if (r <= 0)
			break;
		got += r;
	}
	CHECK(got == 1 << 20, "1 MiB can be filled");
	CHECK(nonzero(big + (1 << 20) - 64, 64), "end of the big buffer was written");
	free(big);

	CHECK(getentropy(a, 32) == 0, "getentropy 32 bytes");

	CHECK_ERR(raw_getrandom((void *)1, 16, 0), EFAULT, "bad buffer is EFAULT");
	CHECK_ERR(raw_getrandom(a, 16, 0x100), EINVAL, "unknown flag is EINVAL");
	CHECK_ERR(raw_getrandom(a, 16, GRND_INSECURE | GRND_RANDOM), EINVAL,
		  "GRND_INSECURE|GRND_RANDOM is EINVAL");
	return 0;
}
