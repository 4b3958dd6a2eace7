/* SPDX-License-Identifier: MIT */
/* poll and epoll ABI. */
#ifndef ABI_POLL_H
#define ABI_POLL_H
#include <stdint.h>

#define LINUX_POLLIN 0x001
#define LINUX_POLLPRI 0x002
#define LINUX_POLLOUT 0x004
#define LINUX_POLLERR 0x008
#define LINUX_POLLHUP 0x010
#define LINUX_POLLNVAL 0x020
#define LINUX_POLLRDNORM 0x040
#define LINUX_POLLRDBAND 0x080
#define LINUX_POLLWRNORM 0x100
#define LINUX_POLLWRBAND 0x200
#define LINUX_POLLRDHUP 0x2000

struct linux_pollfd {
	int32_t fd;
	int16_t events;
	int16_t revents;
};

#define LINUX_EPOLL_CTL_ADD 1
#define LINUX_EPOLL_CTL_DEL 2
#define LINUX_EPOLL_CTL_MOD 3
#define LINUX_EPOLLEXCLUSIVE (1U << 28)
#define LINUX_EPOLLWAKEUP (1U << 29)
#define LINUX_EPOLLONESHOT (1U << 30)
#define LINUX_EPOLLET (1U << 31)

struct linux_epoll_event {
	uint32_t events;
	uint64_t data;
} __attribute__((packed));

#define LINUX_EFD_SEMAPHORE 1

#endif
