/* SPDX-License-Identifier: MIT */
/* struct stat, statx, statfs and file mode bits as the x86-64 guest sees them. */
#ifndef ABI_STAT_H
#define ABI_STAT_H
#include <stdint.h>

#define S_IFMT_ 0170000
#define S_IFSOCK_ 0140000
#define S_IFLNK_ 0120000
#define S_IFREG_ 0100000
#define S_IFBLK_ 0060000
#define S_IFDIR_ 0040000
#define S_IFCHR_ 0020000
#define S_IFIFO_ 0010000
#define S_ISUID_ 04000
#define S_ISGID_ 02000
#define S_ISVTX_ 01000
#define MODE_ISDIR(m) (((m) & S_IFMT_) == S_IFDIR_)
#define MODE_ISREG(m) (((m) & S_IFMT_) == S_IFREG_)
#define MODE_ISLNK(m) (((m) & S_IFMT_) == S_IFLNK_)
#define MODE_ISCHR(m) (((m) & S_IFMT_) == S_IFCHR_)
#define MODE_ISBLK(m) (((m) & S_IFMT_) == S_IFBLK_)
#define MODE_ISFIFO(m) (((m) & S_IFMT_) == S_IFIFO_)
#define MODE_ISSOCK(m) (((m) & S_IFMT_) == S_IFSOCK_)

struct linux_stat {
	uint64_t st_dev;
	uint64_t st_ino;
	uint64_t st_nlink;
	uint32_t st_mode;
	uint32_t st_uid;
	uint32_t st_gid;
	uint32_t pad0;
	uint64_t st_rdev;
	int64_t st_size;
	int64_t st_blksize;
	int64_t st_blocks;
	uint64_t st_atime_sec, st_atime_nsec;
	uint64_t st_mtime_sec, st_mtime_nsec;
	uint64_t st_ctime_sec, st_ctime_nsec;
	int64_t reserved[3];
};

struct linux_statx_timestamp {
	int64_t tv_sec;
	uint32_t tv_nsec;
	int32_t reserved;
};
struct linux_statx {
	uint32_t stx_mask;
	uint32_t stx_blksize;
	uint64_t stx_attributes;
	uint32_t stx_nlink;
	uint32_t stx_uid;
	uint32_t stx_gid;
	uint16_t stx_mode;
	uint16_t pad1;
	uint64_t stx_ino;
	uint64_t stx_size;
	uint64_t stx_blocks;
	uint64_t stx_attributes_mask;
	struct linux_statx_timestamp stx_atime, stx_btime, stx_ctime, stx_mtime;
	uint32_t stx_rdev_major, stx_rdev_minor;
	uint32_t stx_dev_major, stx_dev_minor;
	uint64_t stx_mnt_id;
	uint32_t stx_dio_mem_align, stx_dio_offset_align;
	uint64_t spare[12];
};
#define LINUX_STATX_BASIC_STATS 0x7ffU
#define LINUX_STATX_BTIME 0x800U
#define LINUX_STATX_MNT_ID 0x1000U
#define LINUX_STATX__RESERVED 0x80000000U

struct linux_statfs {
	int64_t f_type;
	int64_t f_bsize;
	uint64_t f_blocks, f_bfree, f_bavail, f_files, f_ffree;
	int32_t f_fsid[2];
	int64_t f_namelen;
	int64_t f_frsize;
	int64_t f_flags;
	int64_t f_spare[4];
};

#define MKDEV(ma, mi) ((((uint64_t)(ma) & 0xfffff000ULL) << 32) | (((uint64_t)(ma) & 0xfffULL) << 8) | \
		       (((uint64_t)(mi) & 0xffffff00ULL) << 12) | ((uint64_t)(mi) & 0xffULL))
#define DEV_MAJOR(d) ((uint32_t)((((d) >> 32) & 0xfffff000ULL) | (((d) >> 8) & 0xfffULL)))
#define DEV_MINOR(d) ((uint32_t)((((d) >> 12) & 0xffffff00ULL) | ((d) & 0xffULL)))

#endif
