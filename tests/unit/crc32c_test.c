/* SPDX-License-Identifier: MIT */
/* crc32c: the standard check value, and the same result in any split and alignment. */
#include <stdio.h>
#include <string.h>
#include "lib/crc32c.h"

int main(void)
{
	static unsigned char buf[4096 + 16];
	uint32_t whole, parts;
	int fails = 0;

	/* RFC 3720 / the CRC catalogue's check value for "123456789". */
	if ((crc32c(0xffffffffU, "123456789", 9) ^ 0xffffffffU) != 0xe3069283U) {
		printf("check value wrong: %08x\n", crc32c(0xffffffffU, "123456789", 9) ^ 0xffffffffU);
		fails++;
	}
	/* 32 bytes of zeros (RFC 3720 B.4): 0x8a9136aa. */
	memset(buf, 0, 32);
	if ((crc32c(0xffffffffU, buf, 32) ^ 0xffffffffU) != 0x8a9136aaU) {
		printf("zeros wrong\n");
		fails++;
	}
	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (unsigned char)(i * 131 + 7);
	whole = crc32c(0xffffffffU, buf + 3, 4000);
	for (size_t cut = 0; cut <= 4000; cut += 37) {
		parts = crc32c(crc32c(0xffffffffU, buf + 3, cut), buf + 3 + cut, 4000 - cut);
		if (parts != whole) {
			printf("split at %zu differs\n", cut);
			fails++;
			break;
		}
	}
	printf("%s\n", fails ? "FAIL" : "ok");
	return fails != 0;
}
