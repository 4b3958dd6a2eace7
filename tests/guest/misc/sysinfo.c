/* tags: */
/* SPDX-License-Identifier: MIT */
/*
 * sysinfo: sane values (RAM present, free <= total, uptime consistent with
 * CLOCK_BOOTTIME, at least one process); EFAULT for a bad pointer.
 */
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <time.h>
#include "check.h"

int main(void)
{
	struct sysinfo si, raw;
	struct timespec b0, b1;

	memset(&si, 0xff, sizeof(si));
	clock_gettime(CLOCK_BOOTTIME, &b0);
	CHECK(sysinfo(&si) == 0, "sysinfo");
	clock_gettime(CLOCK_BOOTTIME, &b1);
	CHECK(si.mem_unit >= 1, "mem_unit is at least 1");
	CHECK(si.totalram > 0, "totalram is positive");
	CHECK(si.freeram <= si.totalram, "freeram <= totalram");
	CHECK(si.sharedram <= si.totalram && si.bufferram <= si.totalram,
	      "sharedram and bufferram <= totalram");
	CHECK(si.freeswap <= si.totalswap, "freeswap <= totalswap");
	CHECK(si.freehigh <= si.totalhigh, "freehigh <= totalhigh");
	CHECK((unsigned long long)si.totalram * si.mem_unit >= 16ULL << 20,
	      "at least 16 MiB of RAM");
	CHECK(si.uptime >= 0, "uptime is not negative");
	CHECK(si.uptime >= b0.tv_sec && si.uptime <= b1.tv_sec + 1,
	      "uptime matches CLOCK_BOOTTIME");
	CHECK(si.procs >= 1, "at least one process");

	memset(&raw, 0, sizeof(raw));
	CHECK(syscall(SYS_sysinfo, &raw) == 0, "raw sysinfo");
	CHECK(raw.totalram == si.totalram && raw.mem_unit == si.mem_unit &&
		      raw.totalswap == si.totalswap,
	      "totals are stable between calls");
	CHECK_ERR(syscall(SYS_sysinfo, (void *)1), EFAULT, "bad pointer is EFAULT");
	return 0;
}
