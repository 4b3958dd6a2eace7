/* SPDX-License-Identifier: MIT */
/* Guest memory access through the platform, with EFAULT for bad pointers. */
#include <string.h>
#include "abi/errno.h"
#include "lib/err.h"
#include "lib/kstd.h"
#include "mm/mm.h"
#include "mm/uaccess.h"
#include "platform/platform.h"

static bool bad_range(uaddr_t a, size_t n)
{
	return a + n < a || a + n > GUEST_TASK_SIZE;
}

int copy_from_user(struct mm *mm, void *dst, uaddr_t src, size_t n)
{
	if (bad_range(src, n))
		return -EFAULT;
	return platform_read(mm->as, src, dst, n) == (long)n ? 0 : -EFAULT;
}

int copy_to_user(struct mm *mm, uaddr_t dst, const void *src, size_t n)
{
	if (bad_range(dst, n))
		return -EFAULT;
	return platform_write(mm->as, dst, src, n) == (long)n ? 0 : -EFAULT;
}

/* Clips [a, a + *n) to the guest's half; false if none of it is there (or it wraps). */
static bool clip_range(uaddr_t a, size_t *n)
{
	if (a >= GUEST_TASK_SIZE || a + *n < a)
		return false;
	if (a + *n > GUEST_TASK_SIZE)
		*n = GUEST_TASK_SIZE - a;
	return true;
}

long copy_to_user_partial(struct mm *mm, uaddr_t dst, const void *src, size_t n)
{
	long r = clip_range(dst, &n) ? platform_write(mm->as, dst, src, n) : 0;

	return r > 0 ? r : -EFAULT;
}

long copy_from_user_partial(struct mm *mm, void *dst, uaddr_t src, size_t n)
{
	long r = clip_range(src, &n) ? platform_read(mm->as, src, dst, n) : 0;

	return r > 0 ? r : -EFAULT;
}

long read_host_to_user(struct platform_ctx *ctx, uaddr_t dst, int hostfd, uint64_t off, size_t n)
{
	if (bad_range(dst, n))
		return -EFAULT;
	return platform_pread_fd(ctx, hostfd, dst, n, off);
}

long write_user_to_host(struct platform_ctx *ctx, int hostfd, uint64_t off, uaddr_t src, size_t n)
{
	if (bad_range(src, n))
		return -EFAULT;
	return platform_pwrite_fd(ctx, hostfd, src, n, off);
}

int clear_user(struct mm *mm, uaddr_t dst, size_t n)
{
	static const char zero[4096];

	while (n) {
		size_t k = n < sizeof(zero) ? n : sizeof(zero);

		if (copy_to_user(mm, dst, zero, k))
			return -EFAULT;
		dst += k;
		n -= k;
	}
	return 0;
}

long strncpy_from_user(struct mm *mm, char *dst, uaddr_t src, size_t max)
{
	size_t done = 0;

	while (done < max) {
		/* Read up to the end of the page, never across into an unmapped one. */
		size_t chunk = GUEST_PAGE_SIZE - ((src + done) & (GUEST_PAGE_SIZE - 1));
		char *nul;
		long r;

		if (chunk > max - done)
			chunk = max - done;
		if (bad_range(src + done, chunk))
			return -EFAULT;
		r = platform_read(mm->as, src + done, dst + done, chunk);
		if (r <= 0)
			return -EFAULT;
		nul = memchr(dst + done, 0, (size_t)r);
		if (nul)
			return nul - dst;
		done += (size_t)r;
	}
	return -ENAMETOOLONG;
}

char **copy_strings_from_user(struct mm *mm, uaddr_t uvec, size_t max_total)
{
	char **v = kzalloc(sizeof(char *));
	size_t n = 0, total = 0;
	char *buf = kmalloc(131072);

	if (!uvec)
		goto out;
	for (;;) {
		uint64_t p;
		long len;

		if (copy_from_user(mm, &p, uvec + n * 8, 8)) {
			free_strings(v);
			v = ERR_PTR(-EFAULT);
			goto out;
		}
		if (!p)
			break;
		len = strncpy_from_user(mm, buf, p, 131072);
		if (len < 0 || total + (size_t)len + 1 > max_total) {
			free_strings(v);
			v = ERR_PTR(len == -EFAULT ? -EFAULT : -E2BIG);
			goto out;
		}
		total += (size_t)len + 1;
		v = krealloc(v, (n + 2) * sizeof(char *));
		v[n++] = kstrndup(buf, (size_t)len);
		v[n] = NULL;
	}
out:
	kfree(buf);
	return v;
}

void free_strings(char **v)
{
	size_t i;

	if (!v || IS_ERR(v))
		return;
	for (i = 0; v[i]; i++)
		kfree(v[i]);
	kfree(v);
}
