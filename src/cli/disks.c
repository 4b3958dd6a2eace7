/* SPDX-License-Identifier: MIT */
/*
 * Disks and host directories given to the guest on the command line:
 *   --disk IMAGE[,cow=OVERLAY][:/path[:ro]]   an ext2/3/4 image (the first
 *        without a path, or with /, is the root)
 *   --mount HOSTDIR:/path[:ro]                a host directory, confined
 *        like the root
 * and the offline commands `ukern mkimage` and `ukern cow commit`.
 *
 * An image opened read-write is locked (flock LOCK_EX) against a second
 * writer; a COW base is locked shared, so nobody writes it under its
 * overlays. Its write-ahead log is IMAGE.wal (or OVERLAY.wal) beside it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <ext2fs/ext2fs.h>
#include "cli/cli.h"
#include "fs/ext4/blockdev.h"
#include "fs/ext4/ext4.h"
#include "fs/hostfs/hostfs.h"
#include "fs/vfs/vfs.h"
#include "host/host.h"
#include "lib/err.h"

/* Splits "SPEC:/path[:ro]" at the first ":/". */
static void split_spec(char *arg, char **src, char **path, bool *ro)
{
	char *c = strstr(arg, ":/");

	*src = arg;
	*path = NULL;
	*ro = false;
	if (!c)
		return;
	*c = 0;
	*path = c + 1;
	c = strrchr(*path, ':');
	if (c && !strcmp(c, ":ro")) {
		*c = 0;
		*ro = true;
	} else if (c && !strcmp(c, ":rw")) {
		*c = 0;
	}
}

static int open_locked(const char *path, int flags, int lock, const char *what)
{
	int fd = open(path, flags | O_CLOEXEC, 0600);

	if (fd < 0) {
		fprintf(stderr, "ukern: cannot open %s %s: %s\n", what, path, strerror(errno));
		return -1;
	}
	if (flock(fd, lock | LOCK_NB) < 0) {
		fprintf(stderr, "ukern: %s %s is in use by another ukern (%s)\n", what, path,
			lock == LOCK_EX ? "opened read-write" : "a base under overlays");
		close(fd);
		return -1;
	}
	return fd;
}

/* The filesystem UUID of a base image, for a new overlay's header. */
static int read_uuid(int fd, uint8_t uuid[16])
{
	struct ext2_super_block sb;

	if (pread(fd, &sb, sizeof(sb), 1024) != (ssize_t)sizeof(sb) || sb.s_magic != EXT2_SUPER_MAGIC)
		return -1;
	memcpy(uuid, sb.s_uuid, 16);
	return 0;
}

static int make_overlay(const char *cow, int base, const char *base_path)
{
	struct cow_header h;
	uint8_t uuid[16];
	char abs[PATH_MAX];
	int fd;

	if (read_uuid(base, uuid) < 0) {
		fprintf(stderr, "ukern: %s is not an ext2/3/4 image\n", base_path);
		return -1;
	}
	if (!realpath(base_path, abs))
		snprintf(abs, sizeof(abs), "%s", base_path);
	cow_header_init(&h, base, abs, uuid);
	fd = open(cow, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0 || pwrite(fd, &h, sizeof(h), 0) != (ssize_t)sizeof(h) ||
	    ftruncate(fd, (off_t)(h.data_off + h.npages * BD_PAGE)) < 0 || fsync(fd) < 0) {
		fprintf(stderr, "ukern: cannot create the overlay %s: %s\n", cow, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

/*
 * Opens IMAGE[,cow=OVERLAY] (spec is cut at ",cow=") as a block device,
 * locked; a log left by a crash is replayed. NULL with a message printed.
 */
static struct blockdev *open_bd(char *spec, bool ro)
{
	char *cow = strstr(spec, ",cow="), wal[PATH_MAX + 8], err[512];
	int img, cfd = -1, wfd = -1, hold;
	struct blockdev *bd;

	if (cow) {
		*cow = 0;
		cow += 5;
	}
	img = open_locked(spec, cow || ro ? O_RDONLY : O_RDWR, cow || ro ? LOCK_SH : LOCK_EX, "image");
	if (img < 0)
		return NULL;
	if (cow) {
		if (access(cow, F_OK) < 0 && make_overlay(cow, img, spec) < 0)
			return NULL;
		cfd = open_locked(cow, ro ? O_RDONLY : O_RDWR, ro ? LOCK_SH : LOCK_EX, "overlay");
		if (cfd < 0)
			return NULL;
	}
	if (!ro) {
		snprintf(wal, sizeof(wal), "%s.wal", cow ? cow : spec);
		wfd = open(wal, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
		if (wfd < 0) {
			fprintf(stderr, "ukern: cannot open the log %s: %s\n", wal, strerror(errno));
			return NULL;
		}
	}
	/* ukern's own fds live above 100. */
	for (hold = 0; hold < 3; hold++) {
		int *fd = hold == 0 ? &img : hold == 1 ? &cfd : &wfd;
		int h = *fd >= 0 ? host_dup_above(*fd, 100) : -1;

		if (h >= 0) {
			close(*fd);
			*fd = h;
		}
	}
	if (getenv("UKERN_TEST_CRASH_COMMIT"))
		blockdev_crash_commit = atoi(getenv("UKERN_TEST_CRASH_COMMIT"));
	if (getenv("UKERN_TEST_CRASH_FRESH"))
		blockdev_crash_fresh = atoi(getenv("UKERN_TEST_CRASH_FRESH"));
	bd = blockdev_open(img, cfd, wfd, !ro, err, sizeof(err));
	if (!bd)
		fprintf(stderr, "ukern: %s%s%s: %s\n", cow ? cow : spec, cow ? " over " : "", cow ? spec : "", err);
	return bd;
}

/* Opens IMAGE[,cow=OVERLAY] and mounts its filesystem: the root dentry, or NULL. */
static struct dentry *open_disk(char *spec, bool ro, struct super_block **sb)
{
	struct blockdev *bd = open_bd(spec, ro);
	struct dentry *root;
	char err[512];

	if (!bd)
		return NULL;
	root = ext4_mount(bd, ro, sb, err, sizeof(err));
	if (!root) {
		fprintf(stderr, "ukern: %s: %s\n", spec, err);
		return NULL;
	}
	return root;
}

/*
 * Walks an absolute guest path from the root, one component at a time (no
 * symlinks). A missing directory becomes an in-memory one that only the
 * guest sees (as the root's /proc and /dev do), so mounts need no mkdir in
 * a read-only image.
 */
static int walk(const char *path, struct path *out)
{
	char *copy = strdup(path), *save = NULL, *c;
	struct path cur = vfs_root, next;
	int r = 0;

	path_get(&cur);
	for (c = strtok_r(copy, "/", &save); c; c = strtok_r(NULL, "/", &save)) {
		if (!strcmp(c, ".") || !strcmp(c, "..")) {
			r = -EINVAL;
			break;
		}
		r = path_lookup_child(&cur, c, &next);
		if (r == -ENOENT) {
			next.mnt = cur.mnt;
			next.d = dentry_new(cur.d, c, inode_new(cur.mnt->sb, S_IFDIR_ | 0755));
			next.d->inode->nlink = 2;
			r = 0;
		}
		path_put(&cur);
		if (r < 0) {
			free(copy);
			return r;
		}
		cur = next;
	}
	free(copy);
	if (r == 0 && !MODE_ISDIR(cur.d->inode->mode))
		r = -ENOTDIR;
	if (r < 0) {
		path_put(&cur);
		return r;
	}
	*out = cur;
	return 0;
}

/* A directory path in the guest to mount on (it must exist in what is mounted so far). */
static int mount_on(const char *path, struct super_block *sb, struct dentry *root, const char *source, bool ro)
{
	struct path p;
	int r = walk(path, &p);

	if (r < 0) {
		fprintf(stderr, "ukern: cannot mount %s on %s: %s\n", source, path, strerror(-r));
		return -1;
	}
	r = vfs_mount_at(&p, sb, root, source, ro ? MNT_RDONLY : 0);
	path_put(&p);
	if (r < 0) {
		fprintf(stderr, "ukern: cannot mount %s on %s: %s\n", source, path, strerror(-r));
		return -1;
	}
	return 0;
}

int disks_root(char **disks, int n, struct super_block **sb, struct dentry **root)
{
	int i;

	for (i = 0; i < n; i++) {
		char *src, *path, *spec = strdup(disks[i]);
		bool ro;

		split_spec(spec, &src, &path, &ro);
		if (!path || !strcmp(path, "/")) {
			*root = open_disk(src, ro, sb);
			free(spec);
			disks[i] = NULL; /* taken */
			return *root ? 1 : -1;
		}
		free(spec);
	}
	return 0;
}

int disks_mount(char **disks, int ndisks, char **mounts, int nmounts)
{
	int i;

	for (i = 0; i < ndisks; i++) {
		char *src, *path, *spec;
		struct super_block *sb;
		struct dentry *root;
		bool ro;

		if (!disks[i])
			continue;
		spec = strdup(disks[i]);
		split_spec(spec, &src, &path, &ro);
		if (!path) {
			fprintf(stderr, "ukern: only one --disk can be the root; give the others a path\n");
			return -1;
		}
		root = open_disk(src, ro, &sb);
		if (!root || mount_on(path, sb, root, src, ro) < 0)
			return -1;
		free(spec);
	}
	for (i = 0; i < nmounts; i++) {
		char *src, *path, *spec = strdup(mounts[i]);
		struct super_block *sb;
		struct dentry *root;
		bool ro;
		int fd, h;

		split_spec(spec, &src, &path, &ro);
		if (!path) {
			fprintf(stderr, "ukern: --mount wants HOSTDIR:/guest/path[:ro], not '%s'\n", mounts[i]);
			return -1;
		}
		fd = open(src, O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (fd < 0) {
			fprintf(stderr, "ukern: cannot use %s as a mount: %s\n", src, strerror(errno));
			return -1;
		}
		h = host_dup_above(fd, 100);
		if (h >= 0) {
			close(fd);
			fd = h;
		}
		root = hostfs_mount(fd, ro, &sb);
		if (IS_ERR(root) || mount_on(path, sb, root, src, ro) < 0)
			return -1;
		free(spec);
	}
	return 0;
}

/* ---- ukern mkimage ---- */

static int run(char *const argv[])
{
	pid_t pid = fork();
	int st;

	if (pid == 0) {
		execvp(argv[0], argv);
		fprintf(stderr, "ukern: cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &st, 0) < 0)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* Bytes used under a directory (du -sb), to size an image. */
static long long du_bytes(const char *dir)
{
	char cmd[PATH_MAX + 64], *q;
	long long n = -1;
	FILE *p;

	for (q = (char *)dir; *q; q++)
		if (*q == '\'')
			return -1;
	snprintf(cmd, sizeof(cmd), "du -sb '%s'", dir);
	p = popen(cmd, "r");
	if (!p)
		return -1;
	if (fscanf(p, "%lld", &n) != 1)
		n = -1;
	pclose(p);
	return n;
}

int cmd_mkimage(int argc, char **argv)
{
	const char *size = NULL, *fs = "ext4", *inodes = NULL, *src, *img;
	char tmp[] = "/tmp/ukern-mkimage-XXXXXX", sz[32];
	bool tarball;
	struct stat st;
	int i, r;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "--size") && i + 1 < argc)
			size = argv[++i];
		else if (!strcmp(argv[i], "--fs") && i + 1 < argc)
			fs = argv[++i];
		else if (!strcmp(argv[i], "--inodes") && i + 1 < argc && strspn(argv[i + 1], "0123456789") ==
										   strlen(argv[i + 1]))
			inodes = argv[++i];
		else
			break;
	}
	if (argc - i != 2 || (strcmp(fs, "ext2") && strcmp(fs, "ext3") && strcmp(fs, "ext4"))) {
		fprintf(stderr, "usage: ukern mkimage [--size N[KMG]] [--fs ext2|ext3|ext4] [--inodes N] SRC IMAGE\n"
				"  SRC: a directory or a tarball (.tar, .tar.gz, .tar.xz ...)\n"
				"  --inodes N: at least N inodes (mke2fs gives one per 16 KiB otherwise)\n");
		return 2;
	}
	src = argv[i];
	img = argv[i + 1];
	if (stat(src, &st) < 0) {
		fprintf(stderr, "ukern mkimage: %s: %s\n", src, strerror(errno));
		return 1;
	}
	tarball = !S_ISDIR(st.st_mode);
	if (tarball) {
		char *tar[] = { "tar", "-xpf", (char *)src, "-C", tmp, "--numeric-owner", NULL };

		if (!mkdtemp(tmp)) {
			perror("ukern mkimage: mkdtemp");
			return 1;
		}
		if (isatty(1))
			printf("ukern mkimage: unpacking %s\n", src);
		if (run(tar) != 0) {
			fprintf(stderr, "ukern mkimage: cannot unpack %s\n", src);
			return 1;
		}
		src = tmp;
	}
	if (!size) {
		/* Room for the tree, its metadata and some more: 1.5 times the tree plus 64 MiB. */
		long long b = du_bytes(src);

		if (b < 0) {
			fprintf(stderr, "ukern mkimage: cannot size %s\n", src);
			return 1;
		}
		snprintf(sz, sizeof(sz), "%lldk", (b + b / 2 + (64LL << 20)) / 1024);
		size = sz;
	}
	{
		/* mke2fs -d copies the tree; on a terminal it shows its own progress. */
		char *mk[16];
		int k = 0;

		mk[k++] = "mke2fs";
		mk[k++] = "-F";
		if (!isatty(1))
			mk[k++] = "-q";
		mk[k++] = "-t";
		mk[k++] = (char *)fs;
		mk[k++] = "-b";
		mk[k++] = "4096";
		if (inodes) {
			mk[k++] = "-N";
			mk[k++] = (char *)inodes;
		}
		mk[k++] = "-d";
		mk[k++] = (char *)src;
		mk[k++] = (char *)img;
		mk[k++] = (char *)size;
		mk[k] = NULL;
		r = run(mk);
	}
	if (tarball) {
		char *rm[] = { "rm", "-rf", tmp, NULL };

		run(rm);
	}
	if (r != 0) {
		fprintf(stderr, "ukern mkimage: mke2fs failed (%d)\n", r);
		return 1;
	}
	if (isatty(1))
		printf("ukern mkimage: %s is ready\n", img);
	return 0;
}

/* ---- ukern cow ---- */

int cmd_cow(int argc, char **argv)
{
	struct cow_header h;
	char err[512] = "";
	int cfd, bfd, r;

	if (argc != 3 || strcmp(argv[1], "commit")) {
		fprintf(stderr, "usage: ukern cow commit OVERLAY   (merges it into its base, offline)\n");
		return 2;
	}
	cfd = open_locked(argv[2], O_RDWR, LOCK_EX, "overlay");
	if (cfd < 0)
		return 1;
	if (pread(cfd, &h, sizeof(h), 0) != (ssize_t)sizeof(h) || memcmp(h.magic, COW_MAGIC, 8)) {
		fprintf(stderr, "ukern cow: %s is not a ukern overlay\n", argv[2]);
		return 1;
	}
	h.base_path[sizeof(h.base_path) - 1] = 0;
	{
		char wal[PATH_MAX + 8];
		struct stat st;

		snprintf(wal, sizeof(wal), "%s.wal", argv[2]);
		if (stat(wal, &st) == 0 && st.st_size > 0) {
			fprintf(stderr, "ukern cow: %s has a log left by a crash; run `ukern recover BASE,cow=%s` first\n",
				argv[2], argv[2]);
			return 1;
		}
	}
	bfd = open_locked(h.base_path, O_RDWR, LOCK_EX, "base image");
	if (bfd < 0)
		return 1;
	r = cow_commit(bfd, cfd, err, sizeof(err));
	if (r < 0) {
		fprintf(stderr, "ukern cow: %s\n", err);
		return 1;
	}
	/* The base changed: the overlay is spent (its identity check would refuse it anyway). */
	if (ftruncate(cfd, 0) < 0 || unlink(argv[2]) < 0)
		fprintf(stderr, "ukern cow: merged, but cannot remove %s: %s\n", argv[2], strerror(errno));
	printf("ukern cow: %s merged into %s\n", argv[2], h.base_path);
	return 0;
}

/*
 * ukern recover IMAGE[,cow=OVERLAY]: what ukern does at every start on an
 * image, alone: a log left by a crash is replayed (complete) or dropped
 * (torn). After a crash, host tools (e2fsck, debugfs, mount) see the last
 * commit only once this has run, as ext4 needs its journal replayed.
 */
int cmd_recover(int argc, char **argv)
{
	struct blockdev *bd;
	uint64_t replayed, discarded;
	char name[PATH_MAX + 64];

	if (argc != 2) {
		fprintf(stderr, "usage: ukern recover IMAGE[,cow=OVERLAY]   (replays a log left by a crash)\n");
		return 2;
	}
	snprintf(name, sizeof(name), "%s", argv[1]);
	bd = open_bd(argv[1], false);
	if (!bd)
		return 1;
	blockdev_log_found(bd, &replayed, &discarded);
	blockdev_close(bd);
	if (replayed)
		printf("ukern recover: %s: replayed a complete log (%llu bytes): the image holds its last commit\n",
		       name, (unsigned long long)replayed);
	else if (discarded)
		printf("ukern recover: %s: dropped an incomplete log (%llu bytes) that had not touched the image\n",
		       name, (unsigned long long)discarded);
	else
		printf("ukern recover: %s: no log: the image holds its last commit\n", name);
	return 0;
}
