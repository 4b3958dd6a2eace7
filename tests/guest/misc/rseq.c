/* tags: */
/* SPDX-License-Identifier: MIT */
/*
 * rseq: registering an area either works (then cpu_id is set, re-registering
 * is EBUSY, unregistering works) or fails with ENOSYS/EBUSY/EINVAL (glibc may
 * own rseq already). Only "rseq ok" is printed, whichever way it goes.
 */
#include <stdint.h>
#include <sys/syscall.h>
#include "check.h"

#define RSEQ_SIG 0x53053053
#define RSEQ_FLAG_UNREGISTER 1

struct rseq_area {
	uint32_t cpu_id_start;
	int32_t cpu_id;
	uint64_t rseq_cs;
	uint32_t flags;
	uint32_t pad[3];
} __attribute__((aligned(32)));

static struct rseq_area area, other;
static char misaligned_buf[96] __attribute__((aligned(32)));

static long rseq(void *p, uint32_t len, int flags, uint32_t sig)
{
	long r = syscall(SYS_rseq, p, len, flags, sig);

	return r == -1 ? -errno : r;
}

/* Registration worked: exercise the registered state, then unregister. */
static int registered_ok(void)
{
	long r;

	if (area.cpu_id < 0 || (uint32_t)area.cpu_id != area.cpu_id_start)
		return 0;
	if (rseq(&area, sizeof(area), 0, RSEQ_SIG) != -EBUSY)
		return 0;
	if (rseq(&other, sizeof(other), 0, RSEQ_SIG) != -EINVAL)
		return 0;
	if (rseq(&area, sizeof(area), 0, RSEQ_SIG + 1) != -EPERM)
		return 0;
	if (rseq(&area, sizeof(area), RSEQ_FLAG_UNREGISTER, RSEQ_SIG + 1) != -EPERM)
		return 0;
	if (rseq(&area, sizeof(area), RSEQ_FLAG_UNREGISTER, RSEQ_SIG) != 0)
		return 0;
	if (area.cpu_id != -1)
		return 0;
	if (rseq(&area, sizeof(area), RSEQ_FLAG_UNREGISTER, RSEQ_SIG) != -EINVAL)
		return 0;
	/* It can be registered again. */
	r = rseq(&area, sizeof(area), 0, RSEQ_SIG);
	if (r != 0 || area.cpu_id < 0)
		return 0;
	return rseq(&area, sizeof(area), RSEQ_FLAG_UNREGISTER, RSEQ_SIG) == 0;
}

int main(void)
{
	long r, bad_align, bad_flags;
	int ok;

	area.cpu_id = -1;
	r = rseq(&area, sizeof(area), 0, RSEQ_SIG);
	if (r == -ENOSYS) {
		ok = 1;
	} else {
		bad_align = rseq(misaligned_buf + 8, sizeof(area), 0, RSEQ_SIG);
		bad_flags = rseq(&other, sizeof(other), 2, RSEQ_SIG);
		ok = bad_align == -EINVAL && bad_flags == -EINVAL;
		if (r == 0)
			ok = ok && registered_ok();
		else
			ok = ok && (r == -EBUSY || r == -EINVAL);
	}
	CHECK(ok, "rseq ok");
	return 0;
}
