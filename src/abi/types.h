/* SPDX-License-Identifier: MIT */
/* Basic guest types. uaddr_t is a guest address: an integer, never a host pointer. */
#ifndef ABI_TYPES_H
#define ABI_TYPES_H
#include <stdint.h>
#include <stddef.h>

typedef uint64_t uaddr_t;
typedef int64_t loff_t_;

/* Guest address space layout (see docs/architecture.md). */
#define GUEST_PAGE_SIZE 4096ULL
#define GUEST_TASK_SIZE 0x7fc000000000ULL /* guest user space ends here */
#define GUEST_STACK_TOP 0x7fbffffff000ULL
#define GUEST_MMAP_BASE 0x7fbf00000000ULL
#define PAGE_ALIGN(x) (((x) + GUEST_PAGE_SIZE - 1) & ~(GUEST_PAGE_SIZE - 1))
#define PAGE_DOWN(x) ((x) & ~(GUEST_PAGE_SIZE - 1))

struct linux_timespec {
	int64_t tv_sec;
	int64_t tv_nsec;
};
struct linux_timeval {
	int64_t tv_sec;
	int64_t tv_usec;
};
struct linux_itimerval {
	struct linux_timeval it_interval;
	struct linux_timeval it_value;
};
struct linux_iovec {
	uint64_t base;
	uint64_t len;
};

#endif
