/* SPDX-License-Identifier: MIT */
/*
 * The syscall table (syscalls.def) and the handler signature. Handlers only
 * decode arguments and call into the subsystems (xv6 sysfile.c, gVisor
 * syscalls/linux). Each returns the result or -errno.
 */
#ifndef SYSCALLS_SYSCALLS_H
#define SYSCALLS_SYSCALLS_H
#include <stdint.h>
#include "abi/types.h"

struct task;

struct syscall_args {
	uint64_t a[6];
};

/* Argument kinds for --strace decoding. */
enum arg_kind {
	K_NONE, K_INT, K_UINT, K_HEX, K_PTR, K_FD, K_DIRFD, K_PATH, K_BUFIN, K_BUFOUT, K_SIZE, K_OFF,
	K_OPENF, K_MODE, K_PROT, K_MAPF, K_SIGNO, K_STRV, K_ATFLAGS, K_CLONEF, K_WHENCE, K_FUTEXOP,
	K_IOCTL, K_FCNTL, K_SIGHOW,
};

enum syscall_status { FULL, PARTIAL, ENOSYS_ };

typedef long (*syscall_fn)(struct task *t, const struct syscall_args *a);

struct syscall_info {
	const char *name;
	syscall_fn fn;
	enum syscall_status status;
	unsigned char nargs;
	unsigned char kinds[6];
	const char *note;
};

#define NR_SYSCALLS 548
extern const struct syscall_info syscall_table[NR_SYSCALLS];

/* Declarations of every handler named in the table. */
#define A0() 0, { 0 }
#define A1(a) 1, { a }
#define A2(a, b) 2, { a, b }
#define A3(a, b, c) 3, { a, b, c }
#define A4(a, b, c, d) 4, { a, b, c, d }
#define A5(a, b, c, d, e) 5, { a, b, c, d, e }
#define A6(a, b, c, d, e, f) 6, { a, b, c, d, e, f }
#define SYSCALL(nr, name, fn, status, args, note) long fn(struct task *t, const struct syscall_args *a);
#include "syscalls/syscalls.def"
#undef SYSCALL

/* strace.c */
void strace_enter(struct task *t, long nr, const struct syscall_args *a);
void strace_exit(struct task *t, long nr, const struct syscall_args *a, long ret);
extern int strace_on;
int strace_open(const char *file);
void syscall_table_register(void);
void syscalls_print(int csv);

/* Common helpers for handlers (helpers.c). */
#define ARG_INT(i) ((int)a->a[i])
#define ARG_U(i) (a->a[i])
long sys_unimplemented(struct task *t, long nr);
/* sys_time.c: clock_nanosleep continued by restart_syscall. */
long sys_clock_nanosleep_restart(struct task *t, const struct syscall_args *a);

#endif
