/* SPDX-License-Identifier: MIT */
/* Mapping ELF64 x86-64 executables and interpreters (ET_EXEC and ET_DYN). */
#include <string.h>
#include "abi/errno.h"
#include "abi/mman.h"
#include "fs/vfs/vfs.h"
#include "lib/kstd.h"
#include "loader/loader.h"
#include "mm/mm.h"
#include "mm/uaccess.h"

#define ELF_ET_DYN_BASE 0x555555554000ULL

int elf_read_header(struct file *f, struct elf64_ehdr *eh)
{
	long r = vfs_pread(f, eh, sizeof(*eh), 0);

	if (r < 0)
		return (int)r;
	if (r < (long)sizeof(*eh) || memcmp(eh->e_ident, "\177ELF", 4))
		return -ENOEXEC;
	if (eh->e_ident[4] != 2 || eh->e_ident[5] != 1 || eh->e_machine != EM_X86_64)
		return -ENOEXEC;
	if (eh->e_type != ET_EXEC && eh->e_type != ET_DYN)
		return -ENOEXEC;
	if (eh->e_phentsize != sizeof(struct elf64_phdr) || eh->e_phnum == 0 || eh->e_phnum > 256)
		return -ENOEXEC;
	return 0;
}

static int prot_of(uint32_t flags)
{
	return ((flags & PF_R) ? LINUX_PROT_READ : 0) | ((flags & PF_W) ? LINUX_PROT_WRITE : 0) |
	       ((flags & PF_X) ? LINUX_PROT_EXEC : 0);
}

int elf_map(struct mm *mm, struct platform_ctx *ctx, struct file *f, const struct elf64_ehdr *eh, bool interp,
	    struct elf_image *img)
{
	size_t phsz = (size_t)eh->e_phnum * sizeof(struct elf64_phdr);
	struct elf64_phdr *ph = kmalloc(phsz);
	uaddr_t lo = ~0ULL, hi = 0, bias = 0;
	long r;
	int i;

	memset(img, 0, sizeof(*img));
	if (vfs_pread(f, ph, phsz, (int64_t)eh->e_phoff) != (long)phsz) {
		r = -ENOEXEC;
		goto out;
	}
	for (i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type == PT_INTERP && !interp) {
			char *p;

			if (ph[i].p_filesz < 2 || ph[i].p_filesz > 4096) {
				r = -ENOEXEC;
				goto out;
			}
			p = kzalloc(ph[i].p_filesz + 1);
			if (vfs_pread(f, p, ph[i].p_filesz, (int64_t)ph[i].p_offset) != (long)ph[i].p_filesz) {
				kfree(p);
				r = -ENOEXEC;
				goto out;
			}
			img->interp = p;
		}
		if (ph[i].p_type != PT_LOAD)
			continue;
		if (ph[i].p_filesz > ph[i].p_memsz) {
			r = -ENOEXEC;
			goto out;
		}
		lo = MIN(lo, PAGE_DOWN(ph[i].p_vaddr));
		hi = MAX(hi, PAGE_ALIGN(ph[i].p_vaddr + ph[i].p_memsz));
	}
	if (hi <= lo || hi - lo > GUEST_TASK_SIZE / 2) {
		r = -ENOEXEC;
		goto out;
	}
	if (eh->e_type == ET_DYN) {
		if (!interp && !img->interp) {
			bias = ELF_ET_DYN_BASE - lo;
		} else if (!interp) {
			bias = ELF_ET_DYN_BASE - lo;
		} else {
			/* Reserve the interpreter's whole span, then place segments in it. */
			r = mm_mmap(mm, ctx, 0, hi - lo, LINUX_PROT_NONE, LINUX_MAP_PRIVATE | LINUX_MAP_ANONYMOUS,
				    NULL, 0);
			if (r < 0)
				goto out;
			bias = (uaddr_t)r - lo;
		}
	} else if (hi > GUEST_TASK_SIZE) {
		r = -ENOMEM;
		goto out;
	}
	for (i = 0; i < eh->e_phnum; i++) {
		struct elf64_phdr *p = &ph[i];
		uaddr_t start, fend, mend, zstart;
		int prot = prot_of(p->p_flags);

		if (p->p_type != PT_LOAD || !p->p_memsz)
			continue;
		if ((p->p_vaddr & (GUEST_PAGE_SIZE - 1)) != (p->p_offset & (GUEST_PAGE_SIZE - 1))) {
			r = -ENOEXEC;
			goto out;
		}
		start = PAGE_DOWN(bias + p->p_vaddr);
		fend = bias + p->p_vaddr + p->p_filesz;
		mend = PAGE_ALIGN(bias + p->p_vaddr + p->p_memsz);
		if (p->p_filesz) {
			/* Writable while we zero the tail of the last file page. */
			r = mm_mmap(mm, ctx, start, PAGE_ALIGN(fend) - start,
				    prot | (p->p_memsz > p->p_filesz ? LINUX_PROT_WRITE : 0),
				    LINUX_MAP_PRIVATE | LINUX_MAP_FIXED, f, PAGE_DOWN(p->p_offset));
			if (r < 0)
				goto out;
			if (p->p_memsz > p->p_filesz) {
				zstart = fend;
				if (PAGE_ALIGN(fend) > zstart && clear_user(mm, zstart, PAGE_ALIGN(fend) - zstart)) {
					r = -EFAULT;
					goto out;
				}
				if (!(prot & LINUX_PROT_WRITE))
					mm_mprotect(mm, ctx, start, PAGE_ALIGN(fend) - start, prot);
			}
		}
		if (mend > PAGE_ALIGN(fend)) {
			r = mm_mmap(mm, ctx, PAGE_ALIGN(fend), mend - PAGE_ALIGN(fend), prot,
				    LINUX_MAP_PRIVATE | LINUX_MAP_ANONYMOUS | LINUX_MAP_FIXED, NULL, 0);
			if (r < 0)
				goto out;
		}
		if (mend > img->end)
			img->end = mend;
		if (p->p_offset <= eh->e_phoff && eh->e_phoff + phsz <= p->p_offset + p->p_filesz)
			img->phdr = bias + p->p_vaddr + (eh->e_phoff - p->p_offset);
	}
	for (i = 0; i < eh->e_phnum; i++)
		if (ph[i].p_type == PT_PHDR)
			img->phdr = bias + ph[i].p_vaddr;
	img->entry = bias + eh->e_entry;
	img->base = bias;
	img->phnum = eh->e_phnum;
	img->phent = eh->e_phentsize;
	r = 0;
out:
	kfree(ph);
	if (r < 0) {
		kfree(img->interp);
		img->interp = NULL;
	}
	return (int)r;
}
