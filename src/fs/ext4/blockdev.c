/* SPDX-License-Identifier: MIT */
/*
 * Disk images under libext2fs: a page cache, a write-ahead log, and COW
 * overlays (blockdev.h). libext2fs reads and writes through our io_manager,
 * so every block it touches is a page here; nothing reaches the image file
 * until blockdev_commit, which
 *   1. writes every dirty page (and the overlay's bitmap, when it changed)
 *      as records to the log file, then a commit record with a checksum,
 *      and fsyncs the log;
 *   2. writes the same bytes in place (image or overlay) and fsyncs;
 *   3. empties the log.
 * At open, a log with a valid commit record is replayed (step 2 again); one
 * without it is dropped. So the image always holds the state of the last
 * commit, whatever moment ukern was killed at.
 */
#include <string.h>
#include <ext2fs/ext2fs.h>
#include "abi/errno.h"
#include "abi/stat.h"
#include "fs/ext4/blockdev.h"
#include "host/host.h"
#include "lib/crc32c.h"
#include "lib/kstd.h"
#include "lib/list.h"

#define WAL_MAGIC "UKWAL002" /* 002: CRC-32C (001 had FNV-1a) */
#define NHASH 65536
#define CLEAN_MAX (16384) /* clean pages kept: 64 MiB */

struct page {
	uint64_t idx;
	struct page *hnext;
	struct list_head link; /* clean LRU or dirty list */
	bool dirty;
	unsigned char data[BD_PAGE];
};

/* Pages come in chunks, not one allocation each (a malloc arena grows by an mprotect per page). */
#define CHUNK_PAGES 64
struct page_chunk {
	struct page_chunk *next;
	struct page pages[CHUNK_PAGES];
};

struct blockdev {
	int img, cow, wal;
	bool rw;
	uint64_t size; /* device size in bytes */
	uint64_t writes; /* blockdev_write calls so far (blockdev_generation) */
	/* COW overlay. */
	struct cow_header hdr;
	uint8_t *bitmap;
	bool bitmap_dirty;
	/* Page cache. */
	struct page *hash[NHASH];
	struct list_head clean, dirty;
	size_t nclean, ndirty;
	struct page *free_pages; /* linked by hnext */
	struct page_chunk *chunks;
	/* What blockdev_open found in the log: bytes replayed, or discarded (torn). */
	uint64_t log_replayed, log_discarded;
	/* The filesystem's say on which pages no committed metadata refers to (blockdev_set_fresh). */
	bool (*fresh)(void *arg, uint64_t idx);
	void (*committed)(void *arg);
	void *fresh_arg;
	bool direct_dirty; /* fresh pages went in place since the last commit: it must fsync them */
	uint64_t ra_next;  /* the page after the last readahead: a miss there continues a scan */
};

static size_t hslot(uint64_t idx)
{
	return (size_t)((idx * 0x9E3779B97F4A7C15ULL) >> 48) % NHASH;
}

static struct page *lookup(struct blockdev *bd, uint64_t idx)
{
	struct page *p;

	for (p = bd->hash[hslot(idx)]; p; p = p->hnext)
		if (p->idx == idx)
			return p;
	return NULL;
}

static void unhash(struct blockdev *bd, struct page *p)
{
	struct page **pp;

	for (pp = &bd->hash[hslot(p->idx)]; *pp; pp = &(*pp)->hnext) {
		if (*pp == p) {
			*pp = p->hnext;
			return;
		}
	}
}

static bool cow_has(struct blockdev *bd, uint64_t idx)
{
	return bd->bitmap && idx < bd->hdr.npages && (bd->bitmap[idx / 8] >> (idx % 8) & 1);
}

/* Reads the whole of a host range; bytes past the end of the file read as zeros. */
static int read_full(int fd, uint64_t off, void *buf, size_t n)
{
	size_t done = 0;

	while (done < n) {
		long r = host_pread(fd, (char *)buf + done, n - done, (int64_t)(off + done));

		if (r < 0)
			return (int)r;
		if (r == 0) {
			memset((char *)buf + done, 0, n - done);
			break;
		}
		done += (size_t)r;
	}
	return 0;
}

static int write_full(int fd, uint64_t off, const void *buf, size_t n)
{
	size_t done = 0;

	while (done < n) {
		long r = host_pwrite(fd, (const char *)buf + done, n - done, (int64_t)(off + done));

		if (r < 0)
			return (int)r;
		if (r == 0)
			return -EIO;
		done += (size_t)r;
	}
	return 0;
}

/* Writes the pieces iov[0..cnt) (len bytes in all) at off, in one pwritev unless the host writes less. */
static int write_iov(int fd, uint64_t off, struct host_iov *iov, int cnt, size_t len)
{
	long r = host_pwritev(fd, iov, cnt, (int64_t)off);
	int e = 0;

	if (r < 0)
		return (int)r;
	if ((size_t)r == len)
		return 0;
	/* A short write: the rest piece by piece. */
	for (int i = 0; i < cnt && !e; i++) {
		size_t skip = MIN((size_t)r, iov[i].len);

		r -= (long)skip;
		if (skip < iov[i].len)
			e = write_full(fd, off + skip, (const char *)iov[i].base + skip, iov[i].len - skip);
		off += iov[i].len;
	}
	return e;
}

static struct page *get_page(struct blockdev *bd, uint64_t idx, bool fill, int *err);

#define DIRECT_MIN (64 * 1024) /* reads this big bypass the cache for pages it lacks */
#define RUN_PAGES 256 /* 1 MiB: the host gets big writes and reads, the log big records */
#define READAHEAD 32 /* pages read from the host at once on a miss in a scan: 128 KiB */
#define READAHEAD_RANDOM 1 /* and on any other miss: the page alone */

/* Reads n pages from idx on from where they live: the overlay (cow true) or the image. */
static int read_pages(struct blockdev *bd, uint64_t idx, bool cow, void *buf, uint64_t n)
{
	return cow ? read_full(bd->cow, bd->hdr.data_off + idx * BD_PAGE, buf, n * BD_PAGE)
		   : read_full(bd->img, idx * BD_PAGE, buf, n * BD_PAGE);
}

/*
 * A miss at idx: reads it and the following pages that are not cached and
 * come from the same file (base or overlay) in one host read: READAHEAD
 * pages when the miss follows the last one's pages (a scan), the page alone
 * when it does not (random reads would fill the cache with pages nobody asks
 * for: bench/disk.sh rand-read went from 25,000 to 44,000-51,000 reads/s).
 */
static int readahead(struct blockdev *bd, uint64_t idx)
{
	static unsigned char buf[READAHEAD * BD_PAGE];
	uint64_t n = 1, last = (bd->size + BD_PAGE - 1) / BD_PAGE, i;
	uint64_t want = idx == bd->ra_next ? READAHEAD : READAHEAD_RANDOM;
	bool cow = cow_has(bd, idx);
	int e;

	while (n < want && idx + n < last && !lookup(bd, idx + n) && cow_has(bd, idx + n) == cow)
		n++;
	bd->ra_next = idx + n;
	e = read_pages(bd, idx, cow, buf, n);
	if (e)
		return e;
	for (i = 0; i < n; i++) {
		struct page *p = get_page(bd, idx + i, false, &e);

		if (!p)
			return e;
		memcpy(p->data, buf + i * BD_PAGE, BD_PAGE);
	}
	return 0;
}

static struct page *page_alloc(struct blockdev *bd)
{
	struct page *p;

	if (!bd->free_pages) {
		struct page_chunk *c = kmalloc(sizeof(*c));

		c->next = bd->chunks;
		bd->chunks = c;
		for (int i = CHUNK_PAGES - 1; i >= 0; i--) {
			c->pages[i].hnext = bd->free_pages;
			bd->free_pages = &c->pages[i];
		}
	}
	p = bd->free_pages;
	bd->free_pages = p->hnext;
	return p;
}

static void page_free(struct blockdev *bd, struct page *p)
{
	p->hnext = bd->free_pages;
	bd->free_pages = p;
}

static struct page *get_page(struct blockdev *bd, uint64_t idx, bool fill, int *err)
{
	struct page *p = lookup(bd, idx);

	*err = 0;
	if (p) {
		if (!p->dirty) { /* most recently used at the tail */
			list_del(&p->link);
			list_add_tail(&p->link, &bd->clean);
		}
		return p;
	}
	if (bd->nclean >= CLEAN_MAX) {
		struct page *old = list_entry(bd->clean.next, struct page, link);

		list_del(&old->link);
		unhash(bd, old);
		bd->nclean--;
		p = old;
	} else {
		p = page_alloc(bd);
	}
	p->idx = idx;
	p->dirty = false;
	if (fill) {
		*err = read_pages(bd, idx, cow_has(bd, idx), p->data, 1);
		if (*err) {
			page_free(bd, p);
			return NULL;
		}
	}
	p->hnext = bd->hash[hslot(idx)];
	bd->hash[hslot(idx)] = p;
	list_add_tail(&p->link, &bd->clean);
	bd->nclean++;
	return p;
}

int blockdev_read(struct blockdev *bd, uint64_t off, void *buf, size_t n)
{
	unsigned char *b = buf;
	int err;

	if (off > bd->size || n > bd->size - off)
		return -EIO;
	while (n) {
		uint64_t idx = off / BD_PAGE;
		size_t in = off % BD_PAGE, c = MIN(n, (size_t)BD_PAGE - in);
		struct page *p = lookup(bd, idx);

		/*
		 * A big read (file data) takes whole pages that are not cached straight
		 * from the host file into buf: one copy fewer, and the cache keeps metadata.
		 */
		if (!p && in == 0 && n >= DIRECT_MIN) {
			bool cow = cow_has(bd, idx);
			uint64_t k = 1;

			while (k < n / BD_PAGE && k < RUN_PAGES && !lookup(bd, idx + k) && cow_has(bd, idx + k) == cow)
				k++;
			err = read_pages(bd, idx, cow, b, k);
			if (err)
				return err;
			b += k * BD_PAGE;
			off += k * BD_PAGE;
			n -= k * BD_PAGE;
			continue;
		}
		if (!p) {
			err = readahead(bd, idx);
			if (err)
				return err;
		}
		p = get_page(bd, idx, true, &err);
		if (!p)
			return err;
		memcpy(b, p->data + in, c);
		b += c;
		off += c;
		n -= c;
	}
	return 0;
}

/* Clean cached pages hold what their host file holds (they are written back before they are clean). */
static bool host_current(struct blockdev *bd, uint64_t idx)
{
	struct page *p = lookup(bd, idx);

	return !p || !p->dirty;
}

uint64_t blockdev_generation(struct blockdev *bd)
{
	return bd->writes;
}

size_t blockdev_host_range(struct blockdev *bd, uint64_t off, size_t n, int *fd, int64_t *hostoff)
{
	uint64_t idx = off / BD_PAGE, end;
	bool clean, direct, cow;
	size_t len;

	*fd = -1;
	if (off >= bd->size)
		return n;
	n = MIN(n, bd->size - off);
	/* With no dirty page (after a commit) every page is current: no lookups (5 us a MiB). */
	clean = bd->ndirty == 0;
	direct = clean || host_current(bd, idx);
	cow = cow_has(bd, idx);
	len = MIN(n, BD_PAGE - off % BD_PAGE);
	for (end = idx + 1; len < n && (clean || host_current(bd, end) == direct) && cow_has(bd, end) == cow; end++)
		len += MIN(n - len, (size_t)BD_PAGE);
	if (direct) {
		*fd = cow ? bd->cow : bd->img;
		*hostoff = (int64_t)(cow ? bd->hdr.data_off + off : off);
	}
	return len;
}

static uint64_t target_off(struct blockdev *bd, uint64_t idx);
static int target_fd(struct blockdev *bd);

/* The overlay takes a page on its first write: note it in the bitmap. */
static void cow_take(struct blockdev *bd, uint64_t idx)
{
	if (bd->cow >= 0 && !cow_has(bd, idx)) {
		bd->bitmap[idx / 8] |= (uint8_t)(1 << (idx % 8));
		bd->bitmap_dirty = true;
	}
}

/* Can the whole page idx go in place now, bypassing the cache? (Uncached, and fresh.) */
static bool direct_ok(struct blockdev *bd, uint64_t idx)
{
	return bd->fresh && !lookup(bd, idx) && bd->fresh(bd->fresh_arg, idx);
}

int blockdev_write(struct blockdev *bd, uint64_t off, const void *buf, size_t n)
{
	const unsigned char *b = buf;
	int err;

	if (!bd->rw)
		return -EROFS;
	if (off > bd->size || n > bd->size - off)
		return -ENOSPC;
	bd->writes++;
	while (n) {
		uint64_t idx = off / BD_PAGE;
		size_t in = off % BD_PAGE, c = MIN(n, (size_t)BD_PAGE - in);
		struct page *p;

		/*
		 * Whole pages of fresh blocks (free at the last commit, so nothing
		 * committed refers to them) go in place now, as the commit's step 0
		 * would write them: one copy fewer, and no cache pages. The next
		 * commit fsyncs them before its log (ordered data).
		 */
		if (in == 0 && n >= BD_PAGE && direct_ok(bd, idx)) {
			uint64_t k = 1;

			while (k < n / BD_PAGE && k < RUN_PAGES && direct_ok(bd, idx + k))
				k++;
			err = write_full(target_fd(bd), target_off(bd, idx), b, k * BD_PAGE);
			if (err)
				return err;
			for (uint64_t i = 0; i < k; i++)
				cow_take(bd, idx + i);
			bd->direct_dirty = true;
			b += k * BD_PAGE;
			off += k * BD_PAGE;
			n -= k * BD_PAGE;
			continue;
		}
		p = get_page(bd, idx, c != BD_PAGE, &err);
		if (!p)
			return err;
		cow_take(bd, idx);
		memcpy(p->data + in, b, c);
		if (!p->dirty) {
			p->dirty = true;
			list_del(&p->link);
			list_add_tail(&p->link, &bd->dirty);
			bd->nclean--;
			bd->ndirty++;
		}
		b += c;
		off += c;
		n -= c;
	}
	return 0;
}

size_t blockdev_dirty_bytes(struct blockdev *bd)
{
	return bd->ndirty * BD_PAGE + (bd->bitmap_dirty ? 1 : 0);
}

uint64_t blockdev_size(struct blockdev *bd)
{
	return bd->size;
}

/* ---- The write-ahead log ---- */

struct wal_rec {
	uint64_t off; /* in the writable file (image or overlay) */
	uint32_t len, pad;
};

struct wal_end {
	char magic[8];
	uint64_t nrec, sum;
};

/* The log's running checksum: CRC-32C (SSE4.2, several GB/s) kept in a 64-bit field. */
static uint64_t wal_sum(uint64_t h, const void *p, size_t n)
{
	return crc32c((uint32_t)h, p, n);
}

/* Where page idx lives in the writable file. */
static uint64_t target_off(struct blockdev *bd, uint64_t idx)
{
	return bd->cow >= 0 ? bd->hdr.data_off + idx * BD_PAGE : idx * BD_PAGE;
}

static int target_fd(struct blockdev *bd)
{
	return bd->cow >= 0 ? bd->cow : bd->img;
}

/* Appends a record of len bytes (the pieces iov[1..cnt); iov[0] is left for its header) to the log. */
static int wal_put(struct blockdev *bd, uint64_t *pos, uint64_t *sum, uint64_t off, struct host_iov *iov, int cnt,
		   uint32_t len)
{
	struct wal_rec r = { off, len, 0 };
	int e;

	iov[0].base = &r;
	iov[0].len = sizeof(r);
	e = write_iov(bd->wal, *pos, iov, cnt, sizeof(r) + len);
	for (int i = 0; i < cnt; i++)
		*sum = wal_sum(*sum, iov[i].base, iov[i].len);
	*pos += sizeof(r) + len;
	return e;
}

static size_t bitmap_bytes(struct blockdev *bd)
{
	return (size_t)((bd->hdr.npages + 7) / 8);
}

static int cmp_page(const void *a, const void *b)
{
	const struct page *x = *(struct page *const *)a, *y = *(struct page *const *)b;

	return x->idx < y->idx ? -1 : x->idx > y->idx;
}


/*
 * The run of consecutive dirty pages at v[i] (at most RUN_PAGES): their data
 * as the pieces iov[0..k), k returned, and its length in *len (the image's
 * last page may be partial).
 */
static size_t run_at(struct blockdev *bd, struct page **v, size_t n, size_t i, struct host_iov *iov, size_t *len)
{
	size_t j = i;
	uint64_t off;

	while (j + 1 < n && v[j + 1]->idx == v[j]->idx + 1 && j + 1 - i < RUN_PAGES)
		j++;
	for (size_t k = i; k <= j; k++) {
		iov[k - i].base = v[k]->data;
		iov[k - i].len = BD_PAGE;
	}
	*len = (j - i + 1) * BD_PAGE;
	off = target_off(bd, v[i]->idx);
	if (bd->cow < 0 && off + *len > bd->size) {
		iov[j - i].len -= (size_t)(off + *len - bd->size);
		*len = (size_t)(bd->size - off);
	}
	return j - i + 1;
}

int blockdev_crash_commit, blockdev_crash_fresh;

/*
 * Writes the pages v[from..to) to their places in the writable file, one run
 * of neighbours per write. crash: a test's countdown (blockdev_crash_commit),
 * counted between runs; ukern kills itself when it reaches 0.
 */
static int write_in_place(struct blockdev *bd, struct page **v, size_t from, size_t to, struct host_iov *iov,
			  int *crash)
{
	size_t i = from, len;
	int e = 0;

	while (i < to && !e) {
		size_t k = run_at(bd, v, to, i, iov, &len);

		e = write_iov(target_fd(bd), target_off(bd, v[i]->idx), iov, (int)k, len);
		i += k;
		if (!e && crash && *crash > 0 && i < to && --*crash == 0)
			host_kill(host_getpid(), 9);
	}
	return e;
}

int blockdev_commit(struct blockdev *bd)
{
	uint64_t pos = 0, sum = 0xffffffffU, nrec = 0;
	struct page **v, *p;
	struct wal_end end;
	struct host_iov *iov;
	size_t n = 0, nfresh = 0, i, len;
	int e = 0, fd = target_fd(bd);

	if (!bd->rw)
		return 0;
	if (!bd->ndirty && !bd->bitmap_dirty) {
		/* Only fresh pages went in place: they need the host fsync. */
		if (bd->direct_dirty && !(e = host_fsync(fd, 1)))
			bd->direct_dirty = false;
		return e;
	}
	/* Dirty pages in order, so that neighbours go out as one write. */
	v = kmalloc((bd->ndirty + 1) * sizeof(*v));
	list_for_each_entry(p, &bd->dirty, link)
		v[n++] = p;
	ksort(v, n, sizeof(*v), cmp_page);
	iov = kmalloc((RUN_PAGES + 1) * sizeof(*iov)); /* [0]: a log record's header */
	/*
	 * 0. Pages of blocks that were free at the last commit go in place first,
	 * unlogged: nothing committed refers to them, so until this commit's log
	 * is complete a crash leaves them unseen (ext4's ordered data, and more:
	 * new metadata blocks too). They end up at v[0..nfresh), the rest after.
	 */
	if (bd->fresh) {
		struct page **rest = kmalloc((n + 1) * sizeof(*rest));
		size_t nrest = 0;

		for (i = 0; i < n; i++) {
			if (bd->fresh(bd->fresh_arg, v[i]->idx))
				v[nfresh++] = v[i];
			else
				rest[nrest++] = v[i];
		}
		memcpy(v + nfresh, rest, nrest * sizeof(*rest));
		kfree(rest);
		e = write_in_place(bd, v, 0, nfresh, iov, NULL);
		if (!e && (nfresh || bd->direct_dirty))
			e = host_fsync(fd, 1);
		if (!e && nfresh && blockdev_crash_fresh > 0 && --blockdev_crash_fresh == 0)
			host_kill(host_getpid(), 9); /* a test's crash: fresh pages out, the log not begun */
	}
	/* 1. The log of the others. */
	for (i = nfresh; i < n && !e; nrec++) {
		size_t k = run_at(bd, v, n, i, iov + 1, &len);

		e = wal_put(bd, &pos, &sum, target_off(bd, v[i]->idx), iov, (int)k + 1, (uint32_t)len);
		i += k;
	}
	if (!e && bd->bitmap_dirty) {
		iov[1].base = bd->bitmap;
		iov[1].len = bitmap_bytes(bd);
		e = wal_put(bd, &pos, &sum, bd->hdr.bitmap_off, iov, 2, (uint32_t)bitmap_bytes(bd));
		nrec++;
	}
	if (!e) {
		memcpy(end.magic, WAL_MAGIC, 8);
		end.nrec = nrec;
		end.sum = sum;
		e = write_full(bd->wal, pos, &end, sizeof(end));
	}
	if (!e)
		e = host_fsync(bd->wal, 1);
	/* 2. In place. */
	/* (A test's crash may come between its runs: the log complete, the image half written.) */
	if (!e)
		e = write_in_place(bd, v, nfresh, n, iov, nrec > 1 ? &blockdev_crash_commit : NULL);
	if (!e && bd->bitmap_dirty)
		e = write_full(fd, bd->hdr.bitmap_off, bd->bitmap, bitmap_bytes(bd));
	if (!e)
		e = host_fsync(fd, 1);
	kfree(iov);
	if (e) {
		kfree(v);
		return e; /* the pages stay dirty: the next commit tries again */
	}
	for (i = 0; i < n; i++) {
		v[i]->dirty = false;
		list_del(&v[i]->link);
		list_add_tail(&v[i]->link, &bd->clean);
	}
	bd->ndirty -= n;
	bd->nclean += n;
	bd->bitmap_dirty = false;
	bd->direct_dirty = false;
	kfree(v);
	if (bd->committed)
		bd->committed(bd->fresh_arg);
	/* 3. The log is spent. */
	return host_ftruncate(bd->wal, 0);
}

void blockdev_set_fresh(struct blockdev *bd, bool (*fresh)(void *arg, uint64_t idx), void (*committed)(void *arg),
			void *arg)
{
	bd->fresh = fresh;
	bd->committed = committed;
	bd->fresh_arg = arg;
}

/* Replays a complete log (a crash between its fsync and the end of step 2). */
static int wal_replay(struct blockdev *bd, int fd)
{
	struct linux_stat st;
	uint64_t pos = 0, sum = 0xffffffffU, nrec = 0, size;
	struct wal_end end;
	unsigned char *buf;
	int e, pass;

	if (host_fstat(bd->wal, &st) < 0)
		return -EIO;
	if (st.st_size < (int64_t)sizeof(end)) {
		bd->log_discarded = (uint64_t)st.st_size;
		return st.st_size ? host_ftruncate(bd->wal, 0) : 0;
	}
	size = (uint64_t)st.st_size;
	/* A complete log of the older format cannot be checked here: keep it and the image as they are. */
	if (read_full(bd->wal, size - sizeof(end), &end, sizeof(end)) == 0 && !memcmp(end.magic, "UKWAL001", 8))
		return -EPROTO;
	buf = kmalloc(1 << 20);
	/* Pass 0 checks the records and the checksum; pass 1 applies them. */
	for (pass = 0; pass < 2; pass++) {
		pos = 0;
		sum = 0xffffffffU;
		nrec = 0;
		for (;;) {
			struct wal_rec r;

			if (pos + sizeof(end) > size)
				goto torn;
			e = read_full(bd->wal, pos, &end, sizeof(end));
			if (e)
				goto out;
			if (!memcmp(end.magic, WAL_MAGIC, 8) && end.nrec == nrec && end.sum == sum)
				break;
			if (pos + sizeof(r) > size)
				goto torn;
			e = read_full(bd->wal, pos, &r, sizeof(r));
			if (e)
				goto out;
			if (r.len > (1 << 20) || pos + sizeof(r) + r.len > size)
				goto torn;
			e = read_full(bd->wal, pos + sizeof(r), buf, r.len);
			if (e)
				goto out;
			sum = wal_sum(wal_sum(sum, &r, sizeof(r)), buf, r.len);
			if (pass == 1 && (e = write_full(fd, r.off, buf, r.len)))
				goto out;
			pos += sizeof(r) + r.len;
			nrec++;
		}
	}
	e = host_fsync(fd, 1);
	if (!e)
		e = host_ftruncate(bd->wal, 0);
	if (!e)
		bd->log_replayed = size;
	goto out;
torn:
	/* No commit record: the crash came before the log was complete; the file was never touched. */
	e = host_ftruncate(bd->wal, 0);
	if (!e)
		bd->log_discarded = size;
out:
	kfree(buf);
	return e;
}

/* ---- Opening ---- */

static int load_cow(struct blockdev *bd, char *err, size_t errlen)
{
	struct linux_stat st;
	int e = read_full(bd->cow, 0, &bd->hdr, sizeof(bd->hdr));

	if (e || memcmp(bd->hdr.magic, COW_MAGIC, 8) || bd->hdr.version != 1 || bd->hdr.page_size != BD_PAGE) {
		ksnprintf(err, errlen, "not a ukern COW overlay (bad header)");
		return -EINVAL;
	}
	if (host_fstat(bd->img, &st) < 0 || (uint64_t)st.st_size != bd->hdr.base_size ||
	    st.st_mtime_sec != (uint64_t)bd->hdr.base_mtime_sec ||
	    st.st_mtime_nsec != (uint64_t)bd->hdr.base_mtime_nsec) {
		ksnprintf(err, errlen,
			  "the base image is not the one this overlay was made on (size or mtime differ; "
			  "the overlay names %.200s)", bd->hdr.base_path);
		return -EINVAL;
	}
	if (bd->hdr.npages != (bd->hdr.base_size + BD_PAGE - 1) / BD_PAGE ||
	    bd->hdr.bitmap_off < COW_HDR_SIZE || bd->hdr.data_off < bd->hdr.bitmap_off + bitmap_bytes(bd)) {
		ksnprintf(err, errlen, "the overlay's header is inconsistent");
		return -EINVAL;
	}
	bd->bitmap = kzalloc(bitmap_bytes(bd) + 1);
	return read_full(bd->cow, bd->hdr.bitmap_off, bd->bitmap, bitmap_bytes(bd));
}

struct blockdev *blockdev_open(int img, int cow, int wal, bool rw, char *err, size_t errlen)
{
	struct blockdev *bd = kzalloc(sizeof(*bd));
	struct linux_stat st;
	int e;

	bd->img = img;
	bd->cow = cow;
	bd->wal = wal;
	bd->rw = rw && wal >= 0;
	list_init(&bd->clean);
	list_init(&bd->dirty);
	if (host_fstat(img, &st) < 0) {
		ksnprintf(err, errlen, "cannot stat the image");
		goto fail;
	}
	bd->size = (uint64_t)st.st_size;
	if (cow >= 0 && load_cow(bd, err, errlen) < 0)
		goto fail;
	if (wal >= 0) {
		e = wal_replay(bd, cow >= 0 ? cow : img);
		if (e == -EPROTO) {
			ksnprintf(err, errlen, "its log (.wal) was written by an older ukern (UKWAL001): "
					       "replay it with that version, or delete it to drop its last commit");
			goto fail;
		}
		if (e) {
			ksnprintf(err, errlen, "cannot replay the write-ahead log: %s", host_strerror(-e));
			goto fail;
		}
		/* The bitmap may have changed in the replay. */
		if (cow >= 0 && read_full(cow, bd->hdr.bitmap_off, bd->bitmap, bitmap_bytes(bd)) < 0)
			goto fail;
	}
	if (bd->size < 2048) {
		ksnprintf(err, errlen, "the image is too small to hold a filesystem (%llu bytes)",
			  (unsigned long long)bd->size);
		goto fail;
	}
	return bd;
fail:
	kfree(bd->bitmap);
	kfree(bd);
	return NULL;
}

void blockdev_log_found(struct blockdev *bd, uint64_t *replayed, uint64_t *discarded)
{
	*replayed = bd->log_replayed;
	*discarded = bd->log_discarded;
}

void blockdev_close(struct blockdev *bd)
{
	host_file_windows_drop(bd->img);
	if (bd->cow >= 0)
		host_file_windows_drop(bd->cow);
	while (bd->chunks) {
		struct page_chunk *c = bd->chunks;

		bd->chunks = c->next;
		kfree(c);
	}
	kfree(bd->bitmap);
	kfree(bd);
}

void blockdev_name(struct blockdev *bd, char *buf, size_t n)
{
	ksnprintf(buf, n, "ukern-bd:%p", (void *)bd);
}

/* ---- libext2fs's io_manager ---- */

static errcode_t to_ext2(int e)
{
	return e ? (errcode_t)-e : 0;
}

static struct blockdev *chan_bd(io_channel ch)
{
	return ch->private_data;
}

static errcode_t bd_open(const char *name, int flags, io_channel *out)
{
	struct blockdev *bd = NULL;
	io_channel ch;

	(void)flags;
	if (strncmp(name, "ukern-bd:0x", 11))
		return EXT2_ET_BAD_DEVICE_NAME;
	{
		uintptr_t v = 0;
		const char *s;

		for (s = name + 11; *s; s++) {
			int d = *s >= '0' && *s <= '9' ? *s - '0' : *s >= 'a' && *s <= 'f' ? *s - 'a' + 10 : -1;

			if (d < 0)
				return EXT2_ET_BAD_DEVICE_NAME;
			v = v * 16 + (uintptr_t)d;
		}
		bd = (struct blockdev *)v;
	}
	if (!bd)
		return EXT2_ET_BAD_DEVICE_NAME;
	ch = kzalloc(sizeof(*ch));
	ch->magic = EXT2_ET_MAGIC_IO_CHANNEL;
	ch->manager = blockdev_io_manager;
	ch->name = kstrdup(name);
	ch->block_size = 1024;
	ch->refcount = 1;
	ch->private_data = bd;
	*out = ch;
	return 0;
}

static errcode_t bd_close(io_channel ch)
{
	if (--ch->refcount > 0)
		return 0;
	kfree(ch->name);
	kfree(ch);
	return 0;
}

static errcode_t bd_set_blksize(io_channel ch, int blksize)
{
	ch->block_size = blksize;
	return 0;
}

/* count < 0 is a byte count (libext2fs's convention). */
static size_t span(io_channel ch, int count)
{
	return count < 0 ? (size_t)-count : (size_t)count * (size_t)ch->block_size;
}

static errcode_t bd_read64(io_channel ch, unsigned long long block, int count, void *data)
{
	return to_ext2(blockdev_read(chan_bd(ch), block * (uint64_t)ch->block_size, data, span(ch, count)));
}

static errcode_t bd_write64(io_channel ch, unsigned long long block, int count, const void *data)
{
	return to_ext2(blockdev_write(chan_bd(ch), block * (uint64_t)ch->block_size, data, span(ch, count)));
}

static errcode_t bd_read(io_channel ch, unsigned long block, int count, void *data)
{
	return bd_read64(ch, block, count, data);
}

static errcode_t bd_write(io_channel ch, unsigned long block, int count, const void *data)
{
	return bd_write64(ch, block, count, data);
}

static errcode_t bd_write_byte(io_channel ch, unsigned long off, int count, const void *data)
{
	return to_ext2(blockdev_write(chan_bd(ch), off, data, (size_t)count));
}

/* ext2fs_flush ends with a channel flush: that is our commit. */
static errcode_t bd_flush(io_channel ch)
{
	return to_ext2(blockdev_commit(chan_bd(ch)));
}

static errcode_t bd_set_option(io_channel ch, const char *opt, const char *arg)
{
	(void)ch; (void)opt; (void)arg;
	return EXT2_ET_INVALID_ARGUMENT;
}

static errcode_t bd_discard(io_channel ch, unsigned long long block, unsigned long long count)
{
	(void)ch; (void)block; (void)count;
	return EXT2_ET_UNIMPLEMENTED;
}

static struct struct_io_manager bd_manager = {
	.magic = EXT2_ET_MAGIC_IO_MANAGER,
	.name = "ukern block device",
	.open = bd_open,
	.close = bd_close,
	.set_blksize = bd_set_blksize,
	.read_blk = bd_read,
	.write_blk = bd_write,
	.flush = bd_flush,
	.write_byte = bd_write_byte,
	.set_option = bd_set_option,
	.read_blk64 = bd_read64,
	.write_blk64 = bd_write64,
	.discard = bd_discard,
};

struct struct_io_manager *blockdev_io_manager = &bd_manager;

/* ---- Overlays ---- */

int cow_header_init(struct cow_header *h, int base_fd, const char *base_path, const uint8_t uuid[16])
{
	struct linux_stat st;

	if (host_fstat(base_fd, &st) < 0)
		return -EIO;
	memset(h, 0, sizeof(*h));
	memcpy(h->magic, COW_MAGIC, 8);
	h->version = 1;
	h->page_size = BD_PAGE;
	h->base_size = (uint64_t)st.st_size;
	h->base_mtime_sec = (int64_t)st.st_mtime_sec;
	h->base_mtime_nsec = (int64_t)st.st_mtime_nsec;
	memcpy(h->fs_uuid, uuid, 16);
	h->npages = (h->base_size + BD_PAGE - 1) / BD_PAGE;
	h->bitmap_off = COW_HDR_SIZE;
	h->data_off = COW_HDR_SIZE + ((h->npages + 7) / 8 + BD_PAGE - 1) / BD_PAGE * BD_PAGE;
	ksnprintf(h->base_path, sizeof(h->base_path), "%s", base_path);
	return 0;
}

int cow_commit(int base_fd, int cow_fd, char *err, size_t errlen)
{
	struct blockdev *bd = kzalloc(sizeof(*bd));
	unsigned char *buf = kmalloc(BD_PAGE);
	uint64_t i;
	int e;

	bd->img = base_fd;
	bd->cow = cow_fd;
	bd->wal = -1;
	e = load_cow(bd, err, errlen);
	for (i = 0; !e && i < bd->hdr.npages; i++) {
		uint64_t off = i * BD_PAGE;
		size_t len = (size_t)MIN((uint64_t)BD_PAGE, bd->hdr.base_size - off);

		if (!cow_has(bd, i))
			continue;
		e = read_full(cow_fd, bd->hdr.data_off + off, buf, len);
		if (!e)
			e = write_full(base_fd, off, buf, len);
	}
	if (!e)
		e = host_fsync(base_fd, 0);
	if (e && !*err)
		ksnprintf(err, errlen, "%s", host_strerror(-e));
	kfree(buf);
	kfree(bd->bitmap);
	kfree(bd);
	return e;
}
