/* SPDX-License-Identifier: MIT */
/* ERR_PTR for pointer-returning constructors (Linux err.h). */
#ifndef LIB_ERR_H
#define LIB_ERR_H
#include <stdbool.h>
#include <stdint.h>
#include "abi/errno.h"

static inline void *ERR_PTR(long err)
{
	return (void *)err;
}

static inline long PTR_ERR(const void *p)
{
	return (long)p;
}

static inline bool IS_ERR(const void *p)
{
	return (uintptr_t)p >= (uintptr_t)-MAX_ERRNO;
}

#endif
