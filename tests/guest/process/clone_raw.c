/* tags: */
/* SPDX-License-Identifier: MIT */
/*
 * clone() with explicit flags: a hand-made thread (CLONE_VM|FS|FILES|SIGHAND|
 * THREAD|SETTLS|PARENT_SETTID|CHILD_CLEARTID) joined by futex-waiting on its
 * tid word, a fork-like clone on its own stack, and invalid flag combinations.
 * The thread children make raw syscalls only (their TLS block is synthetic).
 */
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "check.h"

#ifndef ARCH_SET_FS
#define ARCH_SET_FS 0x1002
#define ARCH_GET_FS 0x1003
#endif
#define FUTEX_WAIT 0
#define STACK_SIZE (256 * 1024)
#define TLS_PAD 8192

struct shared {
	long tid;
	long pid;
	long fsbase;
	long dupfd;
	int ran;
};

static struct shared sh;
static volatile pid_t ctid_word;
static int fork_var = 1;

static int thread_fn(void *arg)
{
	struct shared *s = arg;

	s->tid = syscall(SYS_gettid);
	s->pid = syscall(SYS_getpid);
	syscall(SYS_arch_prctl, ARCH_GET_FS, &s->fsbase);
	/* CLONE_FILES: this fd is visible to the parent */
	s->dupfd = syscall(SYS_dup, 1);
	/* CLONE_FS: the umask is shared */
	syscall(SYS_umask, 027);
	s->ran = 1;
	return 0;
}

static int fork_fn(void *arg)
{
	(void)arg;
	fork_var = 2;
	return fork_var == 2 ? 33 : 34;
}

static int thread_exit_fn(void *arg)
{
	(void)arg;
	return 0;
}

/* a TLS block whose TCB header is copied from ours, self pointers fixed */
static char *make_tls(void)
{
	char *blk = mmap(NULL, TLS_PAD + 4096, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	unsigned long cur = 0;
	char *tp;

	if (blk == MAP_FAILED)
		return NULL;
	tp = blk + TLS_PAD;
	syscall(SYS_arch_prctl, ARCH_GET_FS, &cur);
	memcpy(tp, (void *)cur, 256);
	((void **)tp)[0] = tp;	/* tcb->tcb / self */
	((void **)tp)[2] = tp;	/* glibc tcb->self */
	return tp;
}

static int wait_cleartid(volatile pid_t *word)
{
	int spins = 0;
	pid_t v;

	while ((v = *word) != 0) {
		struct timespec ts = { 1, 0 };

		syscall(SYS_futex, word, FUTEX_WAIT, v, &ts, NULL, 0);
		if (++spins > 20)
			return -1;
	}
	return 0;
}

/* a raw clone expected to fail; a wrongly created child leaves at once */
static long clone_bad(unsigned long flags)
{
	long r = syscall(SYS_clone, flags | SIGCHLD, 0, 0, 0, 0);
	int e = errno;

	if (r == 0)
		_exit(0);
	if (r > 0)
		waitpid(r, NULL, __WALL);
	errno = e;
	return r;
}

int main(void)
{
	char *stack = mmap(NULL, STACK_SIZE, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
	char *tls = make_tls();
	int flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD |
		    CLONE_SYSVSEM | CLONE_SETTLS | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID;
	mode_t old_umask = umask(022);
	int status;
	long r;

	CHECK(stack != MAP_FAILED && tls != NULL, "allocate stack and TLS block");

	ctid_word = -1;
	r = clone(thread_fn, stack + STACK_SIZE, flags, &sh, &ctid_word, tls, &ctid_word);
	CHECK(r > 0, "clone thread returns tid");
	CHECK(wait_cleartid(&ctid_word) == 0, "CHILD_CLEARTID zeroes tid word and wakes futex");
	CHECK(sh.ran == 1, "thread ran and wrote shared memory (CLONE_VM)");
	CHECK(sh.tid == r, "thread's gettid() equals clone return value");
	CHECK(sh.pid == getpid(), "thread's getpid() equals ours (CLONE_THREAD)");
	CHECK(sh.tid != getpid(), "thread tid differs from pid");
	CHECK(sh.fsbase == (long)tls, "CLONE_SETTLS set the thread's fs base");
	CHECK(sh.dupfd > 2 && fcntl((int)sh.dupfd, F_GETFD) >= 0,
	      "fd opened by thread valid in parent (CLONE_FILES)");
	close((int)sh.dupfd);
	CHECK(umask(022) == 027, "umask set by thread seen by parent (CLONE_FS)");
	CHECK_ERR(waitpid(r, &status, __WALL | WNOHANG), ECHILD,
		  "CLONE_THREAD thread is not waitable");

	/* PARENT_SETTID writes the tid before clone returns to the parent */
	{
		volatile pid_t ptid = 0, ctid = 12345;

		memset(&sh, 0, sizeof(sh));
		r = clone(thread_exit_fn, stack + STACK_SIZE,
			  CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD |
				  CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID | CLONE_SETTLS,
			  NULL, &ptid, tls, &ctid);
		CHECK(r > 0 && ptid == r, "CLONE_PARENT_SETTID stores the new tid");
		CHECK(wait_cleartid(&ctid) == 0, "separate CHILD_CLEARTID word cleared");
	}

	/* fork-like clone on a separate stack */
	r = clone(fork_fn, stack + STACK_SIZE, SIGCHLD, NULL);
	CHECK(r > 0, "clone(SIGCHLD) creates a child process");
	CHECK(waitpid(r, &status, 0) == r && WIFEXITED(status) && WEXITSTATUS(status) == 33,
	      "child's fn return value is its exit status");
	CHECK(fork_var == 1, "child's memory is a copy");

	/* a CLONE_VM child process that is not a thread: waitable, exit_signal 0 */
	r = clone(thread_exit_fn, stack + STACK_SIZE, CLONE_VM, NULL);
	CHECK(r > 0, "clone(CLONE_VM, exit_signal 0)");
	CHECK_ERR(waitpid(r, &status, WNOHANG), ECHILD,
		  "exit_signal != SIGCHLD child invisible to plain waitpid");
	CHECK(waitpid(r, &status, __WCLONE) == r && WIFEXITED(status) &&
		      WEXITSTATUS(status) == 0,
	      "waitpid __WCLONE reaps it");

	/* invalid combinations, raw syscall; none has CLONE_VM, so a wrong success is a fork */
	CHECK_ERR(clone_bad(CLONE_THREAD), EINVAL, "CLONE_THREAD without CLONE_SIGHAND -> EINVAL");
	CHECK_ERR(clone_bad(CLONE_SIGHAND), EINVAL, "CLONE_SIGHAND without CLONE_VM -> EINVAL");
	CHECK_ERR(clone_bad(CLONE_NEWNS | CLONE_FS), EINVAL, "CLONE_NEWNS with CLONE_FS -> EINVAL");

	umask(old_umask);
	return 0;
}
