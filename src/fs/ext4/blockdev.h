/* SPDX-License-Identifier: MIT */
/*
 * A disk image as a block device for libext2fs: a page cache of 4 KiB
 * pages with write-back, a write-ahead log that makes every commit atomic,
 * and an optional copy-on-write overlay over a read-only base image (UML's
 * COW files). See docs/disks.md for the formats and the guarantees.
 *
 * Lock order: called with kernel_lock held (libext2fs is not thread-safe).
 */
#ifndef FS_EXT4_BLOCKDEV_H
#define FS_EXT4_BLOCKDEV_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BD_PAGE 4096
#define COW_MAGIC "UKERNCOW"
#define COW_HDR_SIZE 4096

/* The overlay's header (little-endian, at offset 0, COW_HDR_SIZE bytes reserved). */
struct cow_header {
	char magic[8];
	uint32_t version, page_size;
	uint64_t base_size;
	int64_t base_mtime_sec, base_mtime_nsec;
	uint8_t fs_uuid[16];
	uint64_t npages;
	uint64_t bitmap_off, data_off;
	char base_path[3072];
};

struct blockdev;

/*
 * Opens a device over host fds: img (the image, or the COW base), cow (the
 * overlay, or -1), wal (the write-ahead log of the writable file, or -1
 * when read-only). A complete log left by a crash is replayed first.
 * Returns NULL with a message in err.
 */
struct blockdev *blockdev_open(int img, int cow, int wal, bool rw, char *err, size_t errlen);
void blockdev_close(struct blockdev *bd);
/* What blockdev_open did with a log left by a crash: bytes replayed (complete) or discarded (torn). */
void blockdev_log_found(struct blockdev *bd, uint64_t *replayed, uint64_t *discarded);
uint64_t blockdev_size(struct blockdev *bd);
/* Byte I/O through the cache. Return 0 or -errno. */
int blockdev_read(struct blockdev *bd, uint64_t off, void *buf, size_t n);
int blockdev_write(struct blockdev *bd, uint64_t off, const void *buf, size_t n);
/* Changes with every write: what was read from the device before is still current while it stays. */
uint64_t blockdev_generation(struct blockdev *bd);
/*
 * Where device bytes [off, off + n) can be read without the cache: the
 * length of the prefix that lies in one host file (image or overlay) with
 * no dirty cached page over it, with *fd and *hostoff; or, with *fd = -1,
 * the length of the prefix that must be read through blockdev_read.
 */
size_t blockdev_host_range(struct blockdev *bd, uint64_t off, size_t n, int *fd, int64_t *hostoff);
/* Makes everything written so far durable as one atomic step (log, then in place, host fsync). */
int blockdev_commit(struct blockdev *bd);
/*
 * For tests (UKERN_TEST_CRASH_COMMIT=N): ukern kills itself with SIGKILL in the
 * Nth commit of several runs, after its log is complete and its first run is
 * written in place: the crash that only the log's replay repairs.
 */
extern int blockdev_crash_commit;
/* For tests (UKERN_TEST_CRASH_FRESH=N): SIGKILL in the Nth commit right after its unlogged pages. */
extern int blockdev_crash_fresh;
/*
 * The filesystem above tells which pages no committed metadata refers to
 * (fresh: blocks free at the last commit); a commit writes those in place
 * before its log, unlogged, and calls committed() when it is complete.
 */
void blockdev_set_fresh(struct blockdev *bd, bool (*fresh)(void *arg, uint64_t idx), void (*committed)(void *arg),
			void *arg);
/* Bytes written and not yet committed. */
size_t blockdev_dirty_bytes(struct blockdev *bd);
/* libext2fs's name for the device ("ukern-bd:ADDRESS") to pass to ext2fs_open2 with blockdev_io_manager. */
void blockdev_name(struct blockdev *bd, char *buf, size_t n);
struct struct_io_manager;
extern struct struct_io_manager *blockdev_io_manager;

/* Fills a COW header for a base image; the caller writes it (cli: a new overlay). */
int cow_header_init(struct cow_header *h, int base_fd, const char *base_path, const uint8_t uuid[16]);
/* Merges an overlay into its base (base opened read-write); then the overlay is empty. */
int cow_commit(int base_fd, int cow_fd, char *err, size_t errlen);

#endif
