/* tags: time */
/* SPDX-License-Identifier: MIT */
/*
 * The vDSO's data page is shared by every guest process (and read by
 * ukern): a guest may not make it writable. (ukern has no /proc/PID/mem,
 * the other way Linux would offer.)
 */
#include <stdint.h>
#include <sys/mman.h>
#include "check.h"

int main(void)
{
	char line[512];
	uintptr_t lo = 0, hi = 0;
	FILE *f = fopen("/proc/self/maps", "r");

	while (f && fgets(line, sizeof(line), f))
		if (strstr(line, "[vvar]") && !lo)
			sscanf(line, "%lx-%lx", (unsigned long *)&lo, (unsigned long *)&hi);
	if (f)
		fclose(f);
	CHECK(lo != 0, "there is a [vvar] mapping");
	CHECK_ERR(mprotect((void *)lo, 4096, PROT_READ | PROT_WRITE), EACCES, "mprotect [vvar] writable is EACCES");
	return 0;
}
