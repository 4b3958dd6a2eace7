/* SPDX-License-Identifier: MIT */
/*
 * ukern's side of the guest vDSO (vdso.h): the image laid out from the
 * embedded shared object (guest.c) into a memfd, the data page (vdso_data.h)
 * in a second memfd mapped shared into ukern and into every guest, and the
 * calibration that keeps the TSC-based clocks on the host's.
 *
 * Calibration: the first sample is taken at vdso_init; after 60 ms the
 * timer thread computes the TSC rate and enables the clocks, continuous with
 * the values the system calls returned until then. Every second the rate is
 * measured again over the whole run; each change continues from the current
 * value, so the clocks never jump. The rate is set a little fast (200 ppm in
 * the first 10 s, when the measurement is short, 5 ppm after): the guest
 * clock then never falls behind the host clock that ukern's sleeps and
 * timers wait on, so no wait ends before its deadline as the guest reads it.
 * (A virtual clock 5 ppm fast drifts 0.4 s a day from the host's; the
 * guest's clock_settime resets realtime.) ukern's own clock system calls
 * read the same function, so the guest sees one clock.
 */
#include <string.h>
#include "abi/auxv.h"
#include "abi/errno.h"
#include "abi/mman.h"
#include "fs/vfs/vfs.h"
#include "host/host.h"
#include "kernel/kernel.h"
#include "lib/kstd.h"
#include "lib/log.h"
#include "mm/mm.h"
#include "vdso/vdso.h"
#include "vdso/vdso_data.h"

extern const unsigned char vdso_so_start[], vdso_so_end[];

static struct vdso_data *data;
static struct file *image_file, *data_file;
static uint64_t image_len;
static uint64_t tsc0;
static int64_t host0;

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

static bool invariant_tsc(void)
{
	uint32_t a, b, c, d;

	__asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(0x80000000));
	if (a < 0x80000007)
		return false;
	__asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(0x80000007));
	return d & (1u << 8);
}

static int memfd_mmap(struct file *f)
{
	return f->hostfd;
}

static const struct file_ops memfd_ops = {
	.mmap_fd = memfd_mmap,
};

static struct file *memfd_file(int fd, int flags)
{
	struct file *f = file_new(&memfd_ops, flags);

	f->hostfd = fd;
	f->inode = inode_new(NULL, S_IFREG_ | 0444);
	return f;
}

/* Lays the shared object's load segments out at their addresses, as a loader would. */
static int build_image(int fd)
{
	const struct elf64_ehdr *eh = (const void *)vdso_so_start;
	size_t size = (size_t)(vdso_so_end - vdso_so_start);
	int i;

	if (size < sizeof(*eh) || eh->e_phoff + (uint64_t)eh->e_phnum * sizeof(struct elf64_phdr) > size)
		return -ENOEXEC;
	for (i = 0; i < eh->e_phnum; i++) {
		const struct elf64_phdr *ph = (const void *)(vdso_so_start + eh->e_phoff + (size_t)i * sizeof(*ph));

		if (ph->p_type != PT_LOAD)
			continue;
		if (ph->p_offset + ph->p_filesz > size)
			return -ENOEXEC;
		if (host_pwrite(fd, vdso_so_start + ph->p_offset, ph->p_filesz, (int64_t)ph->p_vaddr) !=
		    (long)ph->p_filesz)
			return -EIO;
		image_len = MAX(image_len, PAGE_ALIGN(ph->p_vaddr + ph->p_memsz));
	}
	return host_ftruncate(fd, (int64_t)image_len);
}

bool vdso_init(void)
{
	int ifd, dfd;

	if (!invariant_tsc()) {
		log_msg("no invariant TSC on this host: guests get no vDSO (time calls are system calls)");
		return false;
	}
	ifd = host_memfd("ukern-vdso");
	dfd = host_memfd("ukern-vvar");
	if (ifd < 0 || dfd < 0 || build_image(ifd) < 0 || host_ftruncate(dfd, 4096) < 0)
		goto fail;
	data = host_mmap_shared(dfd, 4096);
	if (!data)
		goto fail;
	memset(data, 0, sizeof(*data));
	image_file = memfd_file(host_dup_above(ifd, 100), LINUX_O_RDONLY);
	data_file = memfd_file(host_dup_above(dfd, 100), LINUX_O_RDONLY);
	host_close(ifd);
	host_close(dfd);
	tsc0 = rdtsc();
	host0 = host_monotonic_ns();
	return true;
fail:
	log_msg("cannot set up the vDSO: guests get none");
	if (ifd >= 0)
		host_close(ifd);
	if (dfd >= 0)
		host_close(dfd);
	data = NULL;
	return false;
}

long vdso_map(struct mm *mm, struct platform_ctx *ctx)
{
	long base, r;
	struct vma *v;

	if (!data)
		return 0;
	/* The data page, then the image right above it (guest.c finds the page so). */
	base = mm_mmap(mm, ctx, 0, 4096 + image_len, LINUX_PROT_NONE, LINUX_MAP_PRIVATE | LINUX_MAP_ANONYMOUS, NULL,
		       0);
	if (base < 0)
		return base;
	r = mm_mmap(mm, ctx, (uaddr_t)base, 4096, LINUX_PROT_READ, LINUX_MAP_SHARED | LINUX_MAP_FIXED, data_file, 0);
	if (r >= 0)
		r = mm_mmap(mm, ctx, (uaddr_t)base + 4096, image_len, LINUX_PROT_READ | LINUX_PROT_EXEC,
			    LINUX_MAP_PRIVATE | LINUX_MAP_FIXED, image_file, 0);
	if (r < 0)
		return r;
	if ((v = mm_find(mm, (uaddr_t)base)))
		v->name = "[vvar]";
	if ((v = mm_find(mm, (uaddr_t)base + 4096)))
		v->name = "[vdso]";
	return base + 4096;
}

static int64_t eval(uint64_t tsc)
{
	return data->mono_base + (int64_t)(((unsigned __int128)(tsc - data->tsc_base) * data->mult) >> data->shift);
}

bool vdso_clock(int64_t *mono, int64_t *real)
{
	uint32_t s;

	if (!data)
		return false;
	do {
		s = __atomic_load_n(&data->seq, __ATOMIC_ACQUIRE);
		if (!data->enabled)
			return false;
		*mono = eval(rdtsc());
		*real = *mono + data->realtime_offset;
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
	} while ((s & 1) || s != __atomic_load_n(&data->seq, __ATOMIC_RELAXED));
	return true;
}

static void write_begin(void)
{
	__atomic_store_n(&data->seq, data->seq + 1, __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_RELEASE);
}

static void write_end(void)
{
	__atomic_thread_fence(__ATOMIC_RELEASE);
	__atomic_store_n(&data->seq, data->seq + 1, __ATOMIC_RELAXED);
}

void vdso_set_realtime(int64_t real_ns)
{
	int64_t mono, real;

	if (!vdso_clock(&mono, &real))
		return;
	write_begin();
	data->realtime_offset = real_ns - mono;
	write_end();
}

void vdso_calibrate(int64_t host_mono, int64_t guest_mono, int64_t guest_real)
{
	uint64_t tsc = rdtsc(), mult;
	int64_t elapsed = host_mono - host0, now;

	if (!data || elapsed < 50000000 || tsc <= tsc0)
		return;
	/* ns per TSC tick over the whole run, in 32.32 fixed point, a little fast (see above). */
	mult = (uint64_t)(((unsigned __int128)(uint64_t)elapsed << VDSO_SHIFT) / (tsc - tsc0));
	mult += mult / (elapsed < 10000000000LL ? 5000 : 200000);
	write_begin();
	if (!data->enabled) {
		data->mono_base = guest_mono;
		data->realtime_offset = guest_real - guest_mono;
		data->shift = VDSO_SHIFT;
		data->enabled = 1;
	} else {
		now = eval(tsc);
		data->mono_base = now;
	}
	data->tsc_base = tsc;
	data->mult = mult;
	write_end();
}
