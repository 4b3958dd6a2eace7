/* tags: */
/* SPDX-License-Identifier: MIT */
/*
 * Scheduler calls: sched_yield, sched_getaffinity/setaffinity (CPU count >= 1,
 * pinning honoured by getcpu), policy and priority queries, nice values.
 */
#include <sched.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "check.h"

#define NOPID 0x3fffffff

int main(void)
{
	cpu_set_t set, one, got;
	unsigned int cpu = 9999, node = 9999;
	struct sched_param sp;
	long r;
	int first = -1, i, status;
	pid_t pid;

	CHECK(sched_yield() == 0, "sched_yield");

	CPU_ZERO(&set);
	r = syscall(SYS_sched_getaffinity, 0, sizeof(set), &set);
	CHECK(r >= 8 && r % 8 == 0 && r <= (long)sizeof(set),
	      "raw sched_getaffinity returns mask size");
	CHECK(CPU_COUNT(&set) >= 1, "at least one CPU in the affinity mask");
	CHECK(sched_getaffinity(0, sizeof(set), &set) == 0, "sched_getaffinity wrapper");
	CHECK(sysconf(_SC_NPROCESSORS_ONLN) >= 1, "_SC_NPROCESSORS_ONLN >= 1");
	for (i = 0; i < CPU_SETSIZE; i++) {
		if (CPU_ISSET(i, &set)) {
			first = i;
			break;
		}
	}

	CHECK(syscall(SYS_getcpu, &cpu, &node, NULL) == 0, "getcpu");
	CHECK(cpu < CPU_SETSIZE && CPU_ISSET(cpu, &set), "current CPU is in the affinity mask");
	CHECK(sched_getcpu() >= 0, "sched_getcpu");

	/* pin to the first CPU */
	CPU_ZERO(&one);
	CPU_SET(first, &one);
	CHECK(sched_setaffinity(0, sizeof(one), &one) == 0, "pin to one CPU");
	CPU_ZERO(&got);
	CHECK(sched_getaffinity(0, sizeof(got), &got) == 0 && CPU_COUNT(&got) == 1 &&
		      CPU_ISSET(first, &got),
	      "affinity reads back a single CPU");
	sched_yield();
	cpu = 9999;
	CHECK(syscall(SYS_getcpu, &cpu, NULL, NULL) == 0 && (int)cpu == first,
	      "getcpu reports the pinned CPU");

	/* affinity is inherited */
	pid = fork();
	if (pid == 0) {
		cpu_set_t c;

		CPU_ZERO(&c);
		sched_getaffinity(0, sizeof(c), &c);
		_exit(CPU_COUNT(&c) == 1 && CPU_ISSET(first, &c) ? 0 : 1);
	}
	CHECK(waitpid(pid, &status, 0) == pid && status == 0, "child inherits affinity");
	CHECK(sched_setaffinity(0, sizeof(set), &set) == 0, "restore affinity");

	/* errors */
	CPU_ZERO(&one);
	CHECK_ERR(sched_setaffinity(0, sizeof(one), &one), EINVAL, "empty mask -> EINVAL");
	CHECK_ERR(syscall(SYS_sched_getaffinity, 0, 4, &got), EINVAL,
		  "getaffinity size not a multiple of 8 -> EINVAL");
	CHECK_ERR(syscall(SYS_sched_getaffinity, NOPID, sizeof(got), &got), ESRCH,
		  "getaffinity nonexistent pid -> ESRCH");
	CHECK_ERR(syscall(SYS_sched_getaffinity, 0, sizeof(got), 8), EFAULT,
		  "getaffinity bad pointer -> EFAULT");

	/* policy and priority queries (raw: musl stubs these out) */
	CHECK(syscall(SYS_sched_getscheduler, 0) == SCHED_OTHER, "policy is SCHED_OTHER");
	sp.sched_priority = 99;
	CHECK(syscall(SYS_sched_getparam, 0, &sp) == 0 && sp.sched_priority == 0,
	      "sched_getparam priority 0");
	CHECK_ERR(syscall(SYS_sched_getscheduler, NOPID), ESRCH,
		  "getscheduler(nonexistent) -> ESRCH");
	CHECK_ERR(syscall(SYS_sched_getscheduler, -1), EINVAL, "getscheduler(-1) -> EINVAL");
	CHECK(sched_get_priority_max(SCHED_FIFO) == 99 && sched_get_priority_min(SCHED_FIFO) == 1,
	      "SCHED_FIFO priority range 1..99");
	CHECK(sched_get_priority_max(SCHED_OTHER) == 0 && sched_get_priority_min(SCHED_OTHER) == 0,
	      "SCHED_OTHER priority range 0..0");
	CHECK_ERR(sched_get_priority_max(42), EINVAL, "unknown policy -> EINVAL");
	{
		struct timespec ts;

		CHECK(sched_rr_get_interval(0, &ts) == 0, "sched_rr_get_interval");
	}

	/* nice, in a child */
	pid = fork();
	if (pid == 0) {
		int bad = 0;

		if (setpriority(PRIO_PROCESS, 0, 5) != 0)
			bad |= 1;
		errno = 0;
		if (getpriority(PRIO_PROCESS, 0) != 5 || errno)
			bad |= 2;
		if (setpriority(PRIO_PROCESS, 0, 100) != 0 || getpriority(PRIO_PROCESS, 0) != 19)
			bad |= 4;
		if (setpriority(42, 0, 0) != -1 || errno != EINVAL)
			bad |= 8;
		if (setpriority(PRIO_PROCESS, NOPID, 0) != -1 || errno != ESRCH)
			bad |= 16;
		_exit(bad);
	}
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status), "nice child exited");
	CHECK((WEXITSTATUS(status) & 3) == 0, "setpriority(5) then getpriority == 5");
	CHECK((WEXITSTATUS(status) & 4) == 0, "nice clamps to 19");
	CHECK((WEXITSTATUS(status) & 8) == 0, "setpriority bad which -> EINVAL");
	CHECK((WEXITSTATUS(status) & 16) == 0, "setpriority nonexistent pid -> ESRCH");
	return 0;
}
