/* SPDX-License-Identifier: MIT */
/*
 * The guest's VMA list and the mmap family. ukern chooses every address and
 * records every mapping; the platform makes the matching host mapping in
 * the stub (MAP_FIXED_NOREPLACE for fresh ranges).
 */
#include <string.h>
#include "abi/errno.h"
#include "abi/mman.h"
#include "fs/vfs/vfs.h"
#include "lib/kstd.h"
#include "lib/log.h"
#include "lib/strbuf.h"
#include "mm/mm.h"
#include "mm/uaccess.h"
#include "platform/platform.h"

/* Host mmap flags (the same numbers on an x86-64 host). */
#define H_MAP_FIXED 0x10
#define H_MAP_FIXED_NOREPLACE 0x100000

struct mm *mm_new(struct platform_ctx *ctx)
{
	struct mm *mm = kzalloc(sizeof(*mm));

	mm->refs = 1;
	mm->as = platform_ctx_as(ctx);
	list_init(&mm->vmas);
	mm->mmap_base = GUEST_MMAP_BASE;
	return mm;
}

static struct vma *vma_new(uaddr_t start, uaddr_t end, int prot, int flags, struct file *f, uint64_t off)
{
	struct vma *v = kzalloc(sizeof(*v));

	v->start = start;
	v->end = end;
	v->prot = prot;
	v->flags = flags;
	v->file = f;
	v->off = off;
	if (f)
		file_get(f);
	return v;
}

static void vma_free(struct vma *v)
{
	if (v->file)
		file_put(v->file);
	kfree(v);
}

static void vma_insert(struct mm *mm, struct vma *v)
{
	struct vma *it;

	list_for_each_entry(it, &mm->vmas, link) {
		if (it->start > v->start) {
			list_add_tail(&v->link, &it->link);
			return;
		}
	}
	list_add_tail(&v->link, &mm->vmas);
}

struct mm *mm_fork(struct mm *parent, struct platform_ctx *child_ctx)
{
	struct mm *mm = mm_new(child_ctx);
	struct vma *v;

	list_for_each_entry(v, &parent->vmas, link) {
		struct vma *c;

		if (v->flags & VMA_DONTFORK)
			continue;
		c = vma_new(v->start, v->end, v->prot, v->flags, v->file, v->off);
		c->name = v->name;
		list_add_tail(&c->link, &mm->vmas);
	}
	mm->brk_start = parent->brk_start;
	mm->brk = parent->brk;
	mm->mmap_base = parent->mmap_base;
	mm->stack_top = parent->stack_top;
	mm->arg_start = parent->arg_start;
	mm->arg_end = parent->arg_end;
	mm->env_start = parent->env_start;
	mm->env_end = parent->env_end;
	memcpy(mm->auxv, parent->auxv, sizeof(mm->auxv));
	mm->nauxv = parent->nauxv;
	mm->exe = parent->exe;
	if (mm->exe)
		file_get(mm->exe);
	return mm;
}

void mm_get(struct mm *mm)
{
	mm->refs++;
}

void mm_put(struct mm *mm)
{
	struct vma *v, *n;

	if (--mm->refs > 0)
		return;
	list_for_each_entry_safe(v, n, &mm->vmas, link)
		vma_free(v);
	if (mm->exe)
		file_put(mm->exe);
	kfree(mm);
}

bool mm_maps_shared_writable(struct mm *mm, struct inode *i)
{
	struct vma *v;

	list_for_each_entry(v, &mm->vmas, link)
		if (v->file && v->file->inode == i && (v->flags & VMA_SHARED) && (v->prot & LINUX_PROT_WRITE))
			return true;
	return false;
}

struct vma *mm_find(struct mm *mm, uaddr_t addr)
{
	struct vma *v;

	list_for_each_entry(v, &mm->vmas, link)
		if (addr >= v->start && addr < v->end)
			return v;
	return NULL;
}

static bool range_free(struct mm *mm, uaddr_t start, uaddr_t end)
{
	struct vma *v;

	list_for_each_entry(v, &mm->vmas, link)
		if (v->start < end && start < v->end)
			return false;
	return true;
}

/* Top-down search for len bytes below limit (Linux's default layout). */
static uaddr_t find_free(struct mm *mm, uint64_t len, uaddr_t low, uaddr_t limit)
{
	uaddr_t top = limit;
	struct vma *v;

	/* Walk the VMAs from the highest down, trying the gap above each. */
	list_for_each_entry_reverse_(v, &mm->vmas)
	{
		if (v->start >= top)
			continue;
		if (v->end <= top && top - v->end >= len && top - len >= low)
			return top - len;
		if (v->start < top)
			top = v->start;
	}
	if (top >= low + len)
		return top - len;
	return 0;
}

/* Splits the VMA containing addr so that a boundary lies at addr. */
static void split_at(struct mm *mm, uaddr_t addr)
{
	struct vma *v = mm_find(mm, addr), *n;

	if (!v || v->start == addr)
		return;
	n = vma_new(addr, v->end, v->prot, v->flags, v->file, v->file ? v->off + (addr - v->start) : 0);
	n->name = v->name;
	v->end = addr;
	list_add(&n->link, &v->link);
}

/* Forgets the VMAs in [start, end) (the host side is the caller's business). */
static void forget_range(struct mm *mm, uaddr_t start, uaddr_t end)
{
	struct vma *v, *n;

	split_at(mm, start);
	split_at(mm, end);
	list_for_each_entry_safe(v, n, &mm->vmas, link) {
		if (v->start >= start && v->end <= end) {
			list_del(&v->link);
			vma_free(v);
		}
	}
}

static int host_prot(int prot)
{
	return prot & (LINUX_PROT_READ | LINUX_PROT_WRITE | LINUX_PROT_EXEC);
}

long mm_mmap(struct mm *mm, struct platform_ctx *ctx, uaddr_t addr, uint64_t len, int prot, int flags,
	     struct file *f, uint64_t off)
{
	int type = flags & LINUX_MAP_TYPE, hflags, vflags = 0, hostfd = -1;
	uint64_t alen;
	long r;

	if (!len)
		return -EINVAL;
	if (type != LINUX_MAP_SHARED && type != LINUX_MAP_PRIVATE && type != LINUX_MAP_SHARED_VALIDATE)
		return -EINVAL;
	if (off & (GUEST_PAGE_SIZE - 1))
		return -EINVAL;
	if (prot & ~(LINUX_PROT_READ | LINUX_PROT_WRITE | LINUX_PROT_EXEC | LINUX_PROT_GROWSDOWN |
		     LINUX_PROT_GROWSUP))
		return -EINVAL;
	alen = PAGE_ALIGN(len);
	if (!alen || alen > GUEST_TASK_SIZE)
		return -ENOMEM;
	if (off + alen < off)
		return -EOVERFLOW;
	if (flags & LINUX_MAP_ANONYMOUS)
		f = NULL;
	if (type != LINUX_MAP_PRIVATE)
		vflags |= VMA_SHARED;
	if (!f)
		vflags |= VMA_ANON;
	if (f) {
		if (!file_can_read(f))
			return -EACCES;
		if ((vflags & VMA_SHARED) && (prot & LINUX_PROT_WRITE) && !file_can_write(f))
			return -EACCES;
		if ((vflags & VMA_SHARED) && (prot & LINUX_PROT_WRITE) && f->inode &&
		    (f->inode->seals & (SEAL_WRITE | SEAL_FUTURE_WRITE)))
			return -EPERM;
		if (!f->ops->mmap_fd)
			return -ENODEV;
		hostfd = f->ops->mmap_fd(f);
		if (hostfd == -ENOENT) { /* /dev/zero: anonymous memory */
			hostfd = -1;
			f = NULL;
			vflags |= VMA_ANON;
		} else if (hostfd < 0) {
			return hostfd;
		}
	}
	if (flags & (LINUX_MAP_FIXED | LINUX_MAP_FIXED_NOREPLACE)) {
		if (addr & (GUEST_PAGE_SIZE - 1))
			return -EINVAL;
		if (addr + alen > GUEST_TASK_SIZE || addr + alen < addr)
			return -ENOMEM;
		if ((flags & LINUX_MAP_FIXED_NOREPLACE) && !(flags & LINUX_MAP_FIXED) &&
		    !range_free(mm, addr, addr + alen))
			return -EEXIST;
	} else {
		uaddr_t hint = PAGE_DOWN(addr);

		if (flags & LINUX_MAP_32BIT)
			addr = find_free(mm, alen, 0x40000000, 0x80000000);
		else if (hint && hint >= 0x10000 && hint + alen <= GUEST_TASK_SIZE &&
			 hint + alen > hint && range_free(mm, hint, hint + alen))
			addr = hint;
		else
			addr = find_free(mm, alen, 0x10000, mm->mmap_base);
		if (!addr)
			return -ENOMEM;
	}
	hflags = type == LINUX_MAP_PRIVATE ? LINUX_MAP_PRIVATE : LINUX_MAP_SHARED;
	if (!f)
		hflags |= LINUX_MAP_ANONYMOUS;
	hflags |= flags & (LINUX_MAP_NORESERVE | LINUX_MAP_POPULATE | LINUX_MAP_STACK);
	if (range_free(mm, addr, addr + alen))
		hflags |= H_MAP_FIXED_NOREPLACE;
	else
		hflags |= H_MAP_FIXED;
	r = platform_mmap(ctx, addr, alen, host_prot(prot), hflags, hostfd, off);
	if (r < 0)
		return r;
	if ((uaddr_t)r != addr) {
		log_msg("host mmap placed %#lx, not %#llx", r, (unsigned long long)addr);
		platform_munmap(ctx, (uaddr_t)r, alen);
		return -ENOMEM;
	}
	forget_range(mm, addr, addr + alen);
	vma_insert(mm, vma_new(addr, addr + alen, prot & 7, vflags | ((flags & LINUX_MAP_GROWSDOWN) ? VMA_GROWSDOWN : 0),
			       f, off));
	return (long)addr;
}

long mm_munmap(struct mm *mm, struct platform_ctx *ctx, uaddr_t addr, uint64_t len)
{
	uint64_t alen = PAGE_ALIGN(len);
	long r;

	if ((addr & (GUEST_PAGE_SIZE - 1)) || !len || !alen)
		return -EINVAL;
	if (addr + alen > GUEST_TASK_SIZE || addr + alen < addr)
		return -EINVAL;
	r = platform_munmap(ctx, addr, alen);
	if (r < 0)
		return r;
	forget_range(mm, addr, addr + alen);
	return 0;
}

/* True when [start, end) is entirely mapped. */
static bool range_mapped(struct mm *mm, uaddr_t start, uaddr_t end)
{
	uaddr_t at = start;
	struct vma *v;

	list_for_each_entry(v, &mm->vmas, link) {
		if (v->end <= at)
			continue;
		if (v->start > at)
			return false;
		at = v->end;
		if (at >= end)
			return true;
	}
	return at >= end;
}

long mm_mprotect(struct mm *mm, struct platform_ctx *ctx, uaddr_t addr, uint64_t len, int prot)
{
	uint64_t alen = PAGE_ALIGN(len);
	uaddr_t end = addr + alen;
	struct vma *v;
	long r;

	if (addr & (GUEST_PAGE_SIZE - 1))
		return -EINVAL;
	if (prot & ~(LINUX_PROT_READ | LINUX_PROT_WRITE | LINUX_PROT_EXEC | LINUX_PROT_GROWSDOWN |
		     LINUX_PROT_GROWSUP))
		return -EINVAL;
	if (!len)
		return 0;
	if (end < addr || end > GUEST_TASK_SIZE)
		return -ENOMEM;
	if (!range_mapped(mm, addr, end))
		return -ENOMEM;
	list_for_each_entry(v, &mm->vmas, link) {
		if (v->start < end && addr < v->end && (v->flags & VMA_SHARED) && v->file &&
		    (prot & LINUX_PROT_WRITE) && !file_can_write(v->file))
			return -EACCES;
	}
	r = platform_mprotect(ctx, addr, alen, host_prot(prot));
	if (r < 0)
		return r;
	split_at(mm, addr);
	split_at(mm, end);
	list_for_each_entry(v, &mm->vmas, link)
		if (v->start >= addr && v->end <= end)
			v->prot = prot & 7;
	return 0;
}

long mm_mremap(struct mm *mm, struct platform_ctx *ctx, uaddr_t old, uint64_t oldlen, uint64_t newlen,
	       int flags, uaddr_t newaddr)
{
	struct vma *v;
	uaddr_t dest;
	long r;

	if (old & (GUEST_PAGE_SIZE - 1))
		return -EINVAL;
	if (flags & ~(LINUX_MREMAP_MAYMOVE | LINUX_MREMAP_FIXED | LINUX_MREMAP_DONTUNMAP))
		return -EINVAL;
	if ((flags & LINUX_MREMAP_FIXED) && !(flags & LINUX_MREMAP_MAYMOVE))
		return -EINVAL;
	if (flags & LINUX_MREMAP_DONTUNMAP)
		return -EINVAL; /* not supported; documented in the table */
	oldlen = PAGE_ALIGN(oldlen);
	newlen = PAGE_ALIGN(newlen);
	if (!newlen)
		return -EINVAL;
	if ((flags & LINUX_MREMAP_FIXED) && newaddr < old + oldlen && old < newaddr + newlen)
		return -EINVAL;
	v = mm_find(mm, old);
	if (!v || (oldlen && old + oldlen > v->end))
		return -EFAULT;
	if (!oldlen)
		return -EINVAL; /* duplicating shared mappings is not supported */
	if (flags & LINUX_MREMAP_FIXED) {
		if ((newaddr & (GUEST_PAGE_SIZE - 1)) || newaddr + newlen > GUEST_TASK_SIZE)
			return -EINVAL;
		if (newaddr < old + oldlen && old < newaddr + newlen)
			return -EINVAL;
		dest = newaddr;
	} else if (newlen <= oldlen) {
		if (newlen < oldlen) {
			r = mm_munmap(mm, ctx, old + newlen, oldlen - newlen);
			if (r < 0)
				return r;
		}
		return (long)old;
	} else if (old + newlen <= GUEST_TASK_SIZE && range_free(mm, old + oldlen, old + newlen)) {
		r = platform_mremap(ctx, old, oldlen, newlen, 0, 0);
		if (r < 0)
			return r;
		split_at(mm, old + oldlen);
		v = mm_find(mm, old);
		v->end = old + newlen;
		return (long)old;
	} else {
		if (!(flags & LINUX_MREMAP_MAYMOVE))
			return -ENOMEM;
		dest = find_free(mm, newlen, 0x10000, mm->mmap_base);
		if (!dest)
			return -ENOMEM;
	}
	r = platform_mremap(ctx, old, oldlen, newlen, LINUX_MREMAP_MAYMOVE | LINUX_MREMAP_FIXED, dest);
	if (r < 0)
		return r;
	{
		struct vma *n = vma_new(dest, dest + newlen, v->prot, v->flags, v->file,
					v->file ? v->off + (old - v->start) : 0);

		n->name = v->name;
		forget_range(mm, old, old + oldlen);
		forget_range(mm, dest, dest + newlen);
		vma_insert(mm, n);
	}
	return (long)dest;
}

long mm_brk(struct mm *mm, struct platform_ctx *ctx, uaddr_t brk)
{
	uaddr_t oldtop = PAGE_ALIGN(mm->brk), newtop = PAGE_ALIGN(brk);
	struct vma *v;
	long r;

	if (brk < mm->brk_start || brk >= mm->mmap_base)
		return (long)mm->brk;
	if (newtop > oldtop) {
		if (!range_free(mm, oldtop, newtop))
			return (long)mm->brk;
		r = platform_mmap(ctx, oldtop, newtop - oldtop, LINUX_PROT_READ | LINUX_PROT_WRITE,
				  LINUX_MAP_PRIVATE | LINUX_MAP_ANONYMOUS | H_MAP_FIXED_NOREPLACE, -1, 0);
		if (r != (long)oldtop)
			return (long)mm->brk;
		v = oldtop > mm->brk_start ? mm_find(mm, oldtop - 1) : NULL;
		if (v && v->name && !strcmp(v->name, "[heap]") && v->end == oldtop) {
			v->end = newtop;
		} else {
			v = vma_new(oldtop, newtop, LINUX_PROT_READ | LINUX_PROT_WRITE, VMA_ANON, NULL, 0);
			v->name = "[heap]";
			vma_insert(mm, v);
		}
	} else if (newtop < oldtop) {
		platform_munmap(ctx, newtop, oldtop - newtop);
		forget_range(mm, newtop, oldtop);
	}
	mm->brk = brk;
	return (long)brk;
}

long mm_madvise(struct mm *mm, struct platform_ctx *ctx, uaddr_t addr, uint64_t len, int advice)
{
	uint64_t alen = PAGE_ALIGN(len);
	uaddr_t end = addr + alen;
	struct vma *v;
	int set = 0, clear = 0;

	if (addr & (GUEST_PAGE_SIZE - 1))
		return -EINVAL;
	switch (advice) {
	case LINUX_MADV_NORMAL: case LINUX_MADV_RANDOM: case LINUX_MADV_SEQUENTIAL:
	case LINUX_MADV_WILLNEED: case LINUX_MADV_DONTNEED: case LINUX_MADV_FREE:
	case LINUX_MADV_MERGEABLE: case LINUX_MADV_UNMERGEABLE: case LINUX_MADV_HUGEPAGE:
	case LINUX_MADV_NOHUGEPAGE: case LINUX_MADV_DONTDUMP: case LINUX_MADV_DODUMP:
	case LINUX_MADV_COLD: case LINUX_MADV_PAGEOUT: case LINUX_MADV_REMOVE:
		break;
	case LINUX_MADV_DONTFORK: set = VMA_DONTFORK; break;
	case LINUX_MADV_DOFORK: clear = VMA_DONTFORK; break;
	case LINUX_MADV_WIPEONFORK: set = VMA_WIPEONFORK; break;
	case LINUX_MADV_KEEPONFORK: clear = VMA_WIPEONFORK; break;
	default:
		return -EINVAL;
	}
	if (!len)
		return 0;
	if (end < addr || (len && !alen))
		return -EINVAL;
	/* Nothing is mapped above the guest's end: as Linux says of any hole. */
	if (end > GUEST_TASK_SIZE || !range_mapped(mm, addr, end))
		return -ENOMEM;
	if (set || clear) {
		split_at(mm, addr);
		split_at(mm, end);
		list_for_each_entry(v, &mm->vmas, link)
			if (v->start >= addr && v->end <= end)
				v->flags = (v->flags | set) & ~clear;
	}
	return platform_madvise(ctx, addr, alen, advice);
}

long mm_msync(struct mm *mm, struct platform_ctx *ctx, uaddr_t addr, uint64_t len, int flags)
{
	uint64_t alen = PAGE_ALIGN(len);

	if (addr & (GUEST_PAGE_SIZE - 1))
		return -EINVAL;
	if (flags & ~(LINUX_MS_ASYNC | LINUX_MS_SYNC | LINUX_MS_INVALIDATE))
		return -EINVAL;
	if ((flags & LINUX_MS_ASYNC) && (flags & LINUX_MS_SYNC))
		return -EINVAL;
	if (!alen)
		return 0;
	if (!range_mapped(mm, addr, addr + alen))
		return -ENOMEM;
	return platform_msync(ctx, addr, alen, flags);
}

long mm_mincore(struct mm *mm, struct platform_ctx *ctx, uaddr_t addr, uint64_t len, uaddr_t vec)
{
	uint64_t alen = PAGE_ALIGN(len), pages = alen / GUEST_PAGE_SIZE;
	unsigned char *buf;
	long r;

	if (addr & (GUEST_PAGE_SIZE - 1))
		return -EINVAL;
	if (!alen)
		return 0;
	if (addr + alen > GUEST_TASK_SIZE || !range_mapped(mm, addr, addr + alen))
		return -ENOMEM;
	if (pages > (1 << 20))
		return -ENOMEM;
	buf = kmalloc(pages);
	r = platform_mincore(ctx, addr, alen, buf);
	if (r >= 0)
		r = copy_to_user(mm, vec, buf, pages);
	kfree(buf);
	return r;
}

uint64_t mm_total_vm(struct mm *mm)
{
	struct vma *v;
	uint64_t n = 0;

	list_for_each_entry(v, &mm->vmas, link)
		n += v->end - v->start;
	return n;
}

void mm_show_maps(struct mm *mm, struct strbuf *sb, bool smaps)
{
	struct vma *v;

	list_for_each_entry(v, &mm->vmas, link) {
		struct linux_stat st = { 0 };
		char path[4096] = "";
		int len;

		if (v->file && !v->name) {
			vfs_fstat(v->file, &st);
			file_path_string(v->file, path, sizeof(path));
		}
		sb_printf(sb, "%08llx-%08llx %c%c%c%c %08llx %02x:%02x %llu %n",
			  (unsigned long long)v->start, (unsigned long long)v->end,
			  v->prot & LINUX_PROT_READ ? 'r' : '-', v->prot & LINUX_PROT_WRITE ? 'w' : '-',
			  v->prot & LINUX_PROT_EXEC ? 'x' : '-', v->flags & VMA_SHARED ? 's' : 'p',
			  (unsigned long long)v->off, DEV_MAJOR(st.st_dev), DEV_MINOR(st.st_dev),
			  (unsigned long long)st.st_ino, &len);
		if (v->file || v->name) {
			int pad = 73 - len;

			sb_printf(sb, "%*s%s", pad > 0 ? pad : 1, "", v->name ? v->name : path);
		}
		sb_puts(sb, "\n");
		if (smaps)
			sb_printf(sb, "Size:           %8llu kB\nKernelPageSize:        4 kB\nMMUPageSize:           4 kB\n"
				  "Rss:                   0 kB\nPss:                   0 kB\nShared_Clean:          0 kB\n"
				  "Shared_Dirty:          0 kB\nPrivate_Clean:         0 kB\nPrivate_Dirty:         0 kB\n"
				  "Referenced:            0 kB\nAnonymous:             0 kB\nSwap:                  0 kB\n"
				  "Locked:                0 kB\nVmFlags: %s%s%s%s\n",
				  (unsigned long long)((v->end - v->start) / 1024),
				  v->prot & LINUX_PROT_READ ? "rd " : "", v->prot & LINUX_PROT_WRITE ? "wr " : "",
				  v->prot & LINUX_PROT_EXEC ? "ex " : "", v->flags & VMA_SHARED ? "sh" : "mr mw me");
	}
}
