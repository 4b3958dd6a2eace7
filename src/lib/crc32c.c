/* SPDX-License-Identifier: MIT */
/*
 * CRC-32C with the SSE4.2 crc32 instruction (8 bytes per step, several GB/s),
 * or bit by bit on a CPU without it. Reflected polynomial 0x82f63b78.
 */
#include "lib/crc32c.h"

static uint32_t crc32c_soft(uint32_t crc, const unsigned char *s, size_t n)
{
	while (n--) {
		crc ^= *s++;
		for (int k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0x82f63b78U & (0U - (crc & 1)));
	}
	return crc;
}

__attribute__((target("sse4.2"))) static uint32_t crc32c_hw(uint32_t crc, const unsigned char *s, size_t n)
{
	uint64_t c = crc;

	for (; n && ((uintptr_t)s & 7); n--)
		c = __builtin_ia32_crc32qi((uint32_t)c, *s++);
	for (; n >= 8; n -= 8, s += 8) {
		uint64_t v;

		__builtin_memcpy(&v, s, 8);
		c = __builtin_ia32_crc32di(c, v);
	}
	for (; n; n--)
		c = __builtin_ia32_crc32qi((uint32_t)c, *s++);
	return (uint32_t)c;
}

/*
 * CPUID.1:ECX bit 20, asked on first use. (Not __builtin_cpu_supports: its
 * constructor runs CPUID at every start of ukern, and CPUID exits to the
 * hypervisor on virtual machines, tens of microseconds each.)
 */
static int have_sse42(void)
{
	uint32_t a = 1, b, c = 0, d;

	__asm__ volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
	return (c >> 20) & 1;
}

uint32_t crc32c(uint32_t crc, const void *p, size_t n)
{
	static int hw = -1;

	if (hw < 0)
		hw = have_sse42();
	return hw ? crc32c_hw(crc, p, n) : crc32c_soft(crc, p, n);
}
