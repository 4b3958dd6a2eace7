/* SPDX-License-Identifier: MIT */
/*
 * Workloads for disk images, run inside a guest whose root is an image
 * (tests/integration/run-disks.sh). Built static.
 *
 *   diskwork populate DIR NFILES NBIG   small files, a rename storm, hard
 *       links, fast and slow symlinks, a 5 GiB sparse file, a directory of
 *       NBIG entries, an xattr, nanosecond timestamps
 *   diskwork manifest DIR               every file's type, mode, size,
 *       links and content hash (data segments found with SEEK_DATA/HOLE)
 *   diskwork unlinkopen DIR             space comes back at the last close
 *   diskwork fill DIR                   writes until ENOSPC; older files intact
 *   diskwork fsyncloop DIR LOG          files written and fsync'ed forever;
 *       each one's number is appended to LOG (on the host) after its fsync
 *   diskwork verify DIR LOG             every file named in LOG is intact
 *   diskwork bigdir DIR N               N names in one directory: create,
 *       find each, absent names ENOENT, unlink every other one, find again
 *   diskwork bigcheck DIR N             a later run: exactly the odd names
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/xattr.h>
#include <time.h>
#include <unistd.h>

static void die(const char *what)
{
	fprintf(stderr, "diskwork: %s: %s\n", what, strerror(errno));
	exit(1);
}

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *s = p;

	while (n--)
		h = (h ^ *s++) * 0x100000001b3ULL;
	return h;
}

/* The content of file number i of the fsync loop (and of populate's files). */
static size_t content(unsigned i, char *buf, size_t cap)
{
	size_t n = 1 + (i * 7919u) % (cap - 1), k;

	for (k = 0; k < n; k++)
		buf[k] = (char)('a' + (i + k * 31u) % 26);
	return n;
}

static void put(const char *path, const void *data, size_t n)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd < 0 || write(fd, data, n) != (ssize_t)n || close(fd) < 0)
		die(path);
}

static int populate(const char *dir, int nfiles, int nbig)
{
	char p[512], q[512], buf[8192], slow[201];
	struct timespec ts[2] = { { 1234567890, 123456789 }, { 1300000000, 987654321 } };
	int i, fd;

	if (chdir(dir) < 0)
		die(dir);
	mkdir("small", 0755);
	for (i = 0; i < nfiles; i++) {
		snprintf(p, sizeof(p), "small/f%d", i);
		put(p, buf, content((unsigned)i, buf, 2000));
	}
	/* Rename storm: every third file over its neighbour, then back under new names. */
	for (i = 0; i + 1 < nfiles; i += 3) {
		snprintf(p, sizeof(p), "small/f%d", i);
		snprintf(q, sizeof(q), "small/f%d", i + 1);
		if (rename(p, q) < 0)
			die("rename over a file");
		snprintf(p, sizeof(p), "small/r%d", i);
		if (rename(q, p) < 0)
			die("rename");
	}
	mkdir("d1", 0755);
	mkdir("d1/sub", 0700);
	put("d1/sub/x", "x\n", 2);
	mkdir("d2", 0755);
	if (rename("d1", "d2") < 0) /* a directory over an empty one */
		die("rename dir over dir");
	if (link("d2/sub/x", "hardlink") < 0 || link("hardlink", "hardlink2") < 0)
		die("link");
	if (symlink("d2/sub/x", "fastlink") < 0)
		die("symlink");
	memset(slow, 'L', 200);
	slow[200] = 0;
	if (symlink(slow, "slowlink") < 0)
		die("slow symlink");
	/* 5 GiB sparse: data at the start, in the middle and at the end. */
	fd = open("sparse", O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || pwrite(fd, "start", 5, 0) != 5 || pwrite(fd, "middle", 6, 3LL << 30) != 6 ||
	    pwrite(fd, "end", 3, (5LL << 30) - 3) != 3 || fsync(fd) < 0 || close(fd) < 0)
		die("sparse file");
	mkdir("big", 0755);
	for (i = 0; i < nbig; i++) {
		snprintf(p, sizeof(p), "big/entry-with-a-longish-name-%07d", i);
		fd = open(p, O_WRONLY | O_CREAT, 0644);
		if (fd < 0 || close(fd) < 0)
			die("big directory");
	}
	put("attrs", "a\n", 2);
	if (setxattr("attrs", "user.ukern", "value-1", 7, 0) < 0 && errno != ENOTSUP)
		die("setxattr");
	if (utimensat(AT_FDCWD, "attrs", ts, 0) < 0 || chmod("attrs", 0640) < 0)
		die("utimensat");
	sync();
	printf("populated\n");
	return 0;
}

static void hash_file(const char *path, off_t size)
{
	static char buf[1 << 16];
	uint64_t h = 0xcbf29ce484222325ULL;
	off_t off = 0, end;
	int fd = open(path, O_RDONLY), segs = 0;

	if (fd < 0)
		die(path);
	for (;;) {
		off = lseek(fd, off, SEEK_DATA);
		if (off < 0)
			break;
		end = lseek(fd, off, SEEK_HOLE);
		if (end < 0)
			die("SEEK_HOLE");
		/* Data segments are reported at block granularity: hash them with their offsets. */
		h = fnv(h, &off, sizeof(off));
		while (off < end) {
			ssize_t n = pread(fd, buf, (size_t)(end - off < (off_t)sizeof(buf) ? end - off : (off_t)sizeof(buf)),
					  off);

			if (n <= 0)
				die("read");
			h = fnv(h, buf, (size_t)n);
			off += n;
		}
		segs++;
	}
	close(fd);
	printf(" segs=%d hash=%016llx", segs, (unsigned long long)h);
	(void)size;
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void walk(const char *path)
{
	struct dirent *de;
	struct stat st;
	char **names = NULL, p[1024];
	size_t n = 0, i;
	DIR *d;

	if (lstat(path, &st) < 0)
		die(path);
	printf("%s mode=%o links=%lu", path, st.st_mode, (unsigned long)(S_ISDIR(st.st_mode) ? 0 : st.st_nlink));
	if (S_ISREG(st.st_mode)) {
		char v[64];
		ssize_t x = getxattr(path, "user.ukern", v, sizeof(v));

		printf(" size=%lld", (long long)st.st_size);
		hash_file(path, st.st_size);
		if (x > 0)
			printf(" xattr=%.*s", (int)x, v);
		if (st.st_mtim.tv_nsec % 1000 || st.st_atim.tv_nsec % 1000)
			printf(" mtime=%lld.%09ld", (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
	} else if (S_ISLNK(st.st_mode)) {
		char t[512];
		ssize_t l = readlink(path, t, sizeof(t));

		printf(" -> %.*s", (int)(l > 0 ? l : 0), t);
	}
	printf("\n");
	if (!S_ISDIR(st.st_mode))
		return;
	d = opendir(path);
	if (!d)
		die(path);
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		names = realloc(names, (n + 1) * sizeof(*names));
		names[n++] = strdup(de->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(*names), cmp);
	for (i = 0; i < n; i++) {
		snprintf(p, sizeof(p), "%s/%s", path, names[i]);
		walk(p);
		free(names[i]);
	}
	free(names);
}

static long long free_blocks(const char *dir)
{
	struct statfs s;

	if (statfs(dir, &s) < 0)
		die("statfs");
	return (long long)s.f_bfree;
}

static int unlinkopen(const char *dir)
{
	static char buf[1 << 20];
	long long before, during, after;
	char p[512];
	int fd, i;

	snprintf(p, sizeof(p), "%s/unlinked", dir);
	before = free_blocks(dir);
	fd = open(p, O_RDWR | O_CREAT | O_TRUNC, 0644);
	for (i = 0; i < 8; i++)
		if (write(fd, buf, sizeof(buf)) != (ssize_t)sizeof(buf))
			die("write");
	if (unlink(p) < 0)
		die("unlink");
	during = free_blocks(dir);
	if (pread(fd, buf, 10, 4 << 20) != 10)
		die("read after unlink");
	close(fd);
	after = free_blocks(dir);
	printf("unlink while open: %s, space back at close: %s\n",
	       before - during >= 2048 ? "space still held" : "space gone too early",
	       after - during >= 2048 ? "yes" : "no");
	return 0;
}

static int fill(const char *dir)
{
	static char buf[1 << 16];
	char p[512], keep[64];
	long long total = 0;
	int fd, i, ok = 1;

	snprintf(p, sizeof(p), "%s/keep", dir);
	put(p, "precious\n", 9);
	for (i = 0;; i++) {
		ssize_t w;

		snprintf(p, sizeof(p), "%s/fill%d", dir, i);
		fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd < 0) {
			if (errno == ENOSPC)
				break;
			die("open");
		}
		while ((w = write(fd, buf, sizeof(buf))) > 0)
			total += w;
		if (w < 0 && errno != ENOSPC)
			die("write");
		close(fd);
		if (w < 0)
			break;
	}
	snprintf(p, sizeof(p), "%s/keep", dir);
	fd = open(p, O_RDONLY);
	if (fd < 0 || read(fd, keep, sizeof(keep)) != 9 || memcmp(keep, "precious\n", 9))
		ok = 0;
	close(fd);
	printf("full after %lld MiB: ENOSPC; other files intact: %s\n", total >> 20, ok ? "yes" : "no");
	return 0;
}

static __attribute__((noreturn)) void fsyncloop(const char *dir, const char *log)
{
	static char buf[70000];
	char p[512], line[32];
	int lfd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0644);
	unsigned i;

	if (lfd < 0)
		die(log);
	for (i = 0;; i++) {
		size_t n = content(i, buf, sizeof(buf));
		int fd, dfd;

		snprintf(p, sizeof(p), "%s/k%u", dir, i);
		fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd < 0 || write(fd, buf, n) != (ssize_t)n || fsync(fd) < 0 || close(fd) < 0)
			die("write and fsync");
		dfd = open(dir, O_RDONLY | O_DIRECTORY);
		if (dfd < 0 || fsync(dfd) < 0)
			die("fsync dir");
		close(dfd);
		/* Some churn that is not fsync'ed on its own: renames and unlinks of older files. */
		if (i % 5 == 4) {
			char q[512];

			snprintf(p, sizeof(p), "%s/scratch%u", dir, i);
			snprintf(q, sizeof(q), "%s/scratch%u", dir, i - 5);
			put(p, buf, n / 2);
			unlink(q);
		}
		snprintf(line, sizeof(line), "%u\n", i);
		if (write(lfd, line, strlen(line)) < 0 || fsync(lfd) < 0)
			die("log");
	}
}

static int verify(const char *dir, const char *log)
{
	static char want[70000], got[70000];
	FILE *f = fopen(log, "r");
	unsigned i, n = 0, bad = 0;

	if (!f)
		die(log);
	while (fscanf(f, "%u", &i) == 1) {
		char p[512];
		size_t len = content(i, want, sizeof(want));
		int fd;
		ssize_t r;

		snprintf(p, sizeof(p), "%s/k%u", dir, i);
		fd = open(p, O_RDONLY);
		r = fd < 0 ? -1 : read(fd, got, sizeof(got));
		if (fd >= 0)
			close(fd);
		if (r != (ssize_t)len || memcmp(want, got, len)) {
			printf("LOST k%u (%s)\n", i, fd < 0 ? strerror(errno) : "content differs");
			bad++;
		}
		n++;
	}
	fclose(f);
	printf("verified %u fsync'ed files, %u lost\n", n, bad);
	return bad ? 1 : 0;
}

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Checks that name i of DIR exists (want 1) or not (want 0). */
static int big_has(const char *dir, int i, int want)
{
	struct stat st;
	char p[300];

	snprintf(p, sizeof(p), "%s/entry-with-a-longish-name-%07d", dir, i);
	return (stat(p, &st) == 0) == want && (want || errno == ENOENT);
}

static int bigdir(const char *dir, int n)
{
	double t0 = now(), t1, t2, t3;
	char p[300];
	int i, fd;

	if (mkdir(dir, 0755) < 0)
		die("mkdir");
	for (i = 0; i < n; i++) {
		snprintf(p, sizeof(p), "%s/entry-with-a-longish-name-%07d", dir, i);
		fd = open(p, O_WRONLY | O_CREAT | O_EXCL, 0644);
		if (fd < 0 || close(fd) < 0)
			die("create");
	}
	t1 = now();
	for (i = 0; i < n; i++)
		if (!big_has(dir, i, 1) || !big_has(dir, n + i, 0))
			die("lookup");
	t2 = now();
	for (i = 0; i < n; i += 2) {
		snprintf(p, sizeof(p), "%s/entry-with-a-longish-name-%07d", dir, i);
		if (unlink(p) < 0)
			die("unlink");
	}
	t3 = now();
	for (i = 0; i < n; i++)
		if (!big_has(dir, i, i % 2))
			die("lookup after unlink");
	sync();
	/* Timings on stderr: the run's output must not depend on them. */
	fprintf(stderr, "bigdir: create %.2f s, 2 lookups each %.2f s, unlink half %.2f s\n", t1 - t0, t2 - t1,
		t3 - t2);
	printf("bigdir: %d created, found, half unlinked\n", n);
	return 0;
}

static int bigcheck(const char *dir, int n)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int count = 0, i;

	if (!d)
		die("opendir");
	while ((e = readdir(d)))
		if (sscanf(e->d_name, "entry-with-a-longish-name-%d", &i) == 1 && i % 2 == 1 && i < n)
			count++;
		else if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			die(e->d_name);
	closedir(d);
	for (i = 0; i < n; i++)
		if (!big_has(dir, i, i % 2))
			die("lookup");
	printf("bigcheck: %d names, as expected %s\n", count, count == n / 2 ? "yes" : "no");
	return count == n / 2 ? 0 : 1;
}

int main(int argc, char **argv)
{
	if (argc == 5 && !strcmp(argv[1], "populate"))
		return populate(argv[2], atoi(argv[3]), atoi(argv[4]));
	if (argc == 3 && !strcmp(argv[1], "manifest")) {
		walk(argv[2]);
		return 0;
	}
	if (argc == 3 && !strcmp(argv[1], "unlinkopen"))
		return unlinkopen(argv[2]);
	if (argc == 3 && !strcmp(argv[1], "fill"))
		return fill(argv[2]);
	if (argc == 4 && !strcmp(argv[1], "fsyncloop"))
		fsyncloop(argv[2], argv[3]);
	if (argc == 4 && !strcmp(argv[1], "verify"))
		return verify(argv[2], argv[3]);
	if (argc == 4 && !strcmp(argv[1], "bigdir"))
		return bigdir(argv[2], atoi(argv[3]));
	if (argc == 4 && !strcmp(argv[1], "bigcheck"))
		return bigcheck(argv[2], atoi(argv[3]));
	fprintf(stderr, "usage: see the comment at the top of diskwork.c\n");
	return 2;
}
