/* tags: fork */
/* SPDX-License-Identifier: MIT */
/*
 * Scheduling policies and parameters, priority ranges of every policy, mlock and
 * friends on a small buffer, capget's version negotiation, and personality queries.
 */
#include <sched.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "check.h"

#ifndef SCHED_BATCH
#define SCHED_BATCH 3
#endif
#ifndef SCHED_IDLE
#define SCHED_IDLE 5
#endif
#ifndef SCHED_RESET_ON_FORK
#define SCHED_RESET_ON_FORK 0x40000000
#endif
#define SCHED_DEADLINE_ 6
#define CAP_V1 0x19980330
#define CAP_V3 0x20080522
#define NOPID 0x3fffffff

struct cap_header {
	uint32_t version;
	int pid;
};

struct cap_data {
	uint32_t effective, permitted, inheritable;
};

/* Raw calls: musl's sched_{get,set}{scheduler,param} are stubs returning ENOSYS. */
static long getsched(pid_t pid)
{
	return syscall(SYS_sched_getscheduler, pid);
}

static long setsched(pid_t pid, int policy, int prio)
{
	struct sched_param sp = { .sched_priority = prio };

	return syscall(SYS_sched_setscheduler, pid, policy, &sp);
}

/* Runs fn in a child and returns its exit status (0 = all good). */
static int in_child(int (*fn)(void))
{
	int st;
	pid_t pid = fork();

	if (pid == 0)
		_exit(fn());
	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

static int batch_idle(void)
{
	if (setsched(0, SCHED_BATCH, 0) != 0 || getsched(0) != SCHED_BATCH)
		return 1;
	if (setsched(0, SCHED_IDLE, 0) != 0 || getsched(0) != SCHED_IDLE)
		return 2;
	return 0;
}

static int reset_on_fork(void)
{
	int st;
	pid_t pid;

	if (setsched(0, SCHED_BATCH | SCHED_RESET_ON_FORK, 0) != 0)
		return 1;
	if (getsched(0) != (SCHED_BATCH | SCHED_RESET_ON_FORK))
		return 2;
	pid = fork();
	if (pid == 0)
		_exit(getsched(0) == SCHED_BATCH ? 0 : 1);
	if (waitpid(pid, &st, 0) != pid || st != 0)
		return 3;
	return 0;
}

int main(void)
{
	static const struct {
		int policy, min, max;
		const char *name;
	} ranges[] = {
		{ SCHED_OTHER, 0, 0, "SCHED_OTHER" }, { SCHED_FIFO, 1, 99, "SCHED_FIFO" },
		{ SCHED_RR, 1, 99, "SCHED_RR" },      { SCHED_BATCH, 0, 0, "SCHED_BATCH" },
		{ SCHED_IDLE, 0, 0, "SCHED_IDLE" },   { SCHED_DEADLINE_, 0, 0, "SCHED_DEADLINE" },
	};
	struct sched_param sp;
	struct cap_header hdr;
	struct cap_data data[2];
	char desc[64], *buf;
	unsigned int i;
	int persona, r;

	/* Policies and parameters. */
	CHECK(getsched(0) == SCHED_OTHER, "sched_getscheduler: SCHED_OTHER");
	CHECK(getsched(getpid()) == SCHED_OTHER, "by pid");
	CHECK(setsched(0, SCHED_OTHER, 0) == 0, "sched_setscheduler(SCHED_OTHER, 0)");
	sp.sched_priority = 7;
	CHECK(syscall(SYS_sched_getparam, 0, &sp) == 0 && sp.sched_priority == 0,
	      "sched_getparam: priority 0");
	sp.sched_priority = 0;
	CHECK(syscall(SYS_sched_setparam, 0, &sp) == 0, "sched_setparam(0)");
	sp.sched_priority = 5;
	CHECK_ERR(syscall(SYS_sched_setparam, 0, &sp), EINVAL,
		  "sched_setparam priority 5 for SCHED_OTHER: EINVAL");
	CHECK_ERR(setsched(0, SCHED_OTHER, 1), EINVAL, "SCHED_OTHER with priority 1: EINVAL");
	CHECK_ERR(setsched(0, 42, 0), EINVAL, "unknown policy: EINVAL");
	CHECK_ERR(syscall(SYS_sched_setscheduler, 0, SCHED_OTHER, NULL), EINVAL,
		  "NULL param: EINVAL");
	CHECK_ERR(setsched(NOPID, SCHED_OTHER, 0), ESRCH, "nonexistent pid: ESRCH");
	CHECK_ERR(syscall(SYS_sched_getparam, -1, &sp), EINVAL, "getparam(-1): EINVAL");
	CHECK_ERR(syscall(SYS_sched_getparam, NOPID, &sp), ESRCH, "getparam nonexistent: ESRCH");
	CHECK(in_child(batch_idle) == 0, "a child can switch to SCHED_BATCH and SCHED_IDLE");
	CHECK(in_child(reset_on_fork) == 0,
	      "SCHED_RESET_ON_FORK is reported, and not inherited by a SCHED_BATCH grandchild");
	CHECK(getsched(0) == SCHED_OTHER, "the parent's policy is unchanged");

	for (i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++) {
		snprintf(desc, sizeof(desc), "%s priority range %d..%d", ranges[i].name,
			 ranges[i].min, ranges[i].max);
		CHECK(sched_get_priority_min(ranges[i].policy) == ranges[i].min &&
			      sched_get_priority_max(ranges[i].policy) == ranges[i].max,
		      desc);
	}
	CHECK_ERR(sched_get_priority_min(-1), EINVAL, "priority_min bad policy: EINVAL");
	CHECK_ERR(sched_get_priority_max(42), EINVAL, "priority_max bad policy: EINVAL");

	/* Memory locking. */
	buf = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(buf != MAP_FAILED, "mmap 8 KiB");
	CHECK(mlock(buf, 8192) == 0, "mlock");
	buf[0] = 1;
	CHECK(munlock(buf, 8192) == 0, "munlock");
	CHECK(mlock(buf + 100, 10) == 0 && munlock(buf + 100, 10) == 0,
	      "unaligned mlock/munlock");
	CHECK(mlockall(MCL_CURRENT) == 0, "mlockall(MCL_CURRENT)");
	CHECK(munlockall() == 0, "munlockall");
	CHECK_ERR(mlockall(0), EINVAL, "mlockall(0): EINVAL");
	CHECK_ERR(mlockall(0x100), EINVAL, "mlockall bad flags: EINVAL");
	CHECK(munmap(buf, 8192) == 0, "munmap");
	CHECK_ERR(mlock(buf, 4096), ENOMEM, "mlock of unmapped memory: ENOMEM");
	CHECK_ERR(syscall(SYS_mlock2, buf, 4096, 0x100), EINVAL, "mlock2 bad flags: EINVAL");

	/* capget: version negotiation. */
	memset(&hdr, 0, sizeof(hdr));
	CHECK(syscall(SYS_capget, &hdr, NULL) == 0 && hdr.version == CAP_V3,
	      "capget with version 0 and no data reports version 3");
	memset(&hdr, 0, sizeof(hdr));
	CHECK_ERR(syscall(SYS_capget, &hdr, data), EINVAL, "capget version 0 with data: EINVAL");
	CHECK(hdr.version == CAP_V3, "and still writes the preferred version");
	hdr.version = CAP_V3;
	hdr.pid = 0;
	memset(data, 0xff, sizeof(data));
	CHECK(syscall(SYS_capget, &hdr, data) == 0, "capget v3");
	CHECK((data[0].effective & ~data[0].permitted) == 0 &&
		      (data[1].effective & ~data[1].permitted) == 0,
	      "effective is a subset of permitted");
	hdr.version = CAP_V1;
	hdr.pid = getpid();
	CHECK(syscall(SYS_capget, &hdr, data) == 0, "capget v1 by pid");
	hdr.version = CAP_V3;
	hdr.pid = NOPID;
	CHECK_ERR(syscall(SYS_capget, &hdr, data), ESRCH, "capget nonexistent pid: ESRCH");
	hdr.pid = -1;
	CHECK_ERR(syscall(SYS_capget, &hdr, data), EINVAL, "capget pid -1: EINVAL");

	/* personality. */
	persona = personality(0xffffffff);
	CHECK(persona != -1 && (persona & PER_MASK) == PER_LINUX, "query: PER_LINUX");
	CHECK(personality(0xffffffff) == persona, "querying changes nothing");
	r = personality(persona | ADDR_NO_RANDOMIZE);
	CHECK(r == persona, "setting returns the old persona");
	CHECK(personality(0xffffffff) == (persona | ADDR_NO_RANDOMIZE), "query sees the new flag");
	CHECK(personality(persona) == (persona | ADDR_NO_RANDOMIZE) &&
		      personality(0xffffffff) == persona,
	      "restore");
	return 0;
}
