/* tags: sandbox-only */
/* SPDX-License-Identifier: MIT */
/*
 * ptrace and process_vm_readv do not reach processes outside the guest:
 * attaching to, seizing or peeking at other pids, and PTRACE_TRACEME, fail
 * with ENOSYS, EPERM or ESRCH.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include "check.h"

static const int pids[] = { 1, 2, 3, 10, 100, 300, 1000, 4096, 32768, 4194304 };

static int denied(long r)
{
	return r == -1 && (errno == ENOSYS || errno == EPERM || errno == ESRCH);
}

int main(void)
{
	char desc[128], buf[16];
	struct iovec local = { buf, sizeof(buf) }, remote = { (void *)0x400000, sizeof(buf) };
	pid_t child;
	int i, status;

	for (i = 0; i < (int)(sizeof(pids) / sizeof(pids[0])); i++) {
		snprintf(desc, sizeof(desc), "PTRACE_ATTACH %d is denied", pids[i]);
		CHECK(denied(ptrace(PTRACE_ATTACH, pids[i], 0, 0)), desc);
		snprintf(desc, sizeof(desc), "PTRACE_SEIZE %d is denied", pids[i]);
		CHECK(denied(ptrace(PTRACE_SEIZE, pids[i], 0, 0)), desc);
		snprintf(desc, sizeof(desc), "PTRACE_PEEKDATA %d is denied", pids[i]);
		errno = 0;
		CHECK(denied(ptrace(PTRACE_PEEKDATA, pids[i], (void *)0x400000, 0)), desc);
		snprintf(desc, sizeof(desc), "PTRACE_INTERRUPT %d is denied", pids[i]);
		CHECK(denied(ptrace(PTRACE_INTERRUPT, pids[i], 0, 0)), desc);
		if (pids[i] != getpid()) {
			snprintf(desc, sizeof(desc), "process_vm_readv %d is denied", pids[i]);
			CHECK(denied(process_vm_readv(pids[i], &local, 1, &remote, 1, 0)), desc);
		}
	}
	CHECK(denied(ptrace(PTRACE_ATTACH, getppid(), 0, 0)), "PTRACE_ATTACH to the parent is denied");

	/* TRACEME in a child, so a success cannot stop the test itself */
	child = fork();
	if (child == 0)
		_exit(denied(ptrace(PTRACE_TRACEME, 0, 0, 0)) ? 0 : 1);
	CHECK(child > 0, "fork");
	CHECK(waitpid(child, &status, 0) == child && WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "PTRACE_TRACEME in a child is denied");
	CHECK(denied(ptrace(PTRACE_TRACEME, 0, 0, 0)), "PTRACE_TRACEME is denied");
	return 0;
}
