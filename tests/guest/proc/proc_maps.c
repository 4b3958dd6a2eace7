/* tags: proc mm */
/* SPDX-License-Identifier: MIT */
/*
 * /proc/self/maps: well-formed sorted lines; fresh mappings appear with the
 * right range, permissions, offset and path; mprotect splits; [stack] holds
 * a local variable and the executable's text holds main. Prints no addresses.
 */
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <sys/mman.h>
#include "check.h"

#define PG 4096
#define MAXLINES 4096

struct map {
	uintptr_t start, end;
	char perms[5];
	unsigned long long off;
	char path[PATH_MAX];
};

static struct map maps[MAXLINES];
static int nmaps, well_formed;
static char text[1 << 20];

static void load(void)
{
	ssize_t n, total = 0;
	char *line, *next;
	int fd;

	nmaps = 0;
	well_formed = 1;
	fd = open("/proc/self/maps", O_RDONLY);
	if (fd < 0) {
		well_formed = 0;
		return;
	}
	while ((n = read(fd, text + total, sizeof(text) - 1 - total)) > 0)
		total += n;
	close(fd);
	text[total] = 0;
	for (line = text; *line && nmaps < MAXLINES; line = next) {
		struct map *m = &maps[nmaps];
		unsigned long long s, e, ino;
		unsigned maj, min;
		int pos = 0;

		next = strchr(line, '\n');
		if (!next) {
			well_formed = 0;
			break;
		}
		*next++ = 0;
		if (sscanf(line, "%llx-%llx %4s %llx %x:%x %llu %n", &s, &e, m->perms, &m->off,
			   &maj, &min, &ino, &pos) < 7) {
			well_formed = 0;
			continue;
		}
		m->start = s;
		m->end = e;
		snprintf(m->path, sizeof(m->path), "%s", pos ? line + pos : "");
		nmaps++;
	}
}

static struct map *find_exact(void *start, size_t len)
{
	int i;

	for (i = 0; i < nmaps; i++)
		if (maps[i].start == (uintptr_t)start && maps[i].end == (uintptr_t)start + len)
			return &maps[i];
	return NULL;
}

static struct map *find_containing(const void *p)
{
	int i;

	for (i = 0; i < nmaps; i++)
		if (maps[i].start <= (uintptr_t)p && (uintptr_t)p < maps[i].end)
			return &maps[i];
	return NULL;
}

static int perms_ok(const char *p)
{
	return strlen(p) == 4 && (p[0] == 'r' || p[0] == '-') && (p[1] == 'w' || p[1] == '-') &&
	       (p[2] == 'x' || p[2] == '-') && (p[3] == 'p' || p[3] == 's');
}

int main(void)
{
	char cwd[PATH_MAX], want[PATH_MAX + 64], exe[PATH_MAX];
	volatile int local = 1;
	struct map *m;
	char *r, *p, *s, *n, *f;
	ssize_t el;
	int i, ok, fd;

	/*
	 * Place the test mappings inside an r-x reservation, separated by r-x
	 * pages, so that none of them can be merged with a neighbour.
	 */
	r = mmap(NULL, 16 * PG, PROT_READ | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(r != MAP_FAILED, "reserve 16 pages");
	p = mmap(r + PG, 3 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
		 -1, 0);
	s = mmap(r + 5 * PG, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED,
		 -1, 0);
	n = mmap(r + 8 * PG, PG, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	CHECK(p == r + PG && s == r + 5 * PG && n == r + 8 * PG, "three fresh mappings");
	fd = open("mapped-file", O_RDWR | O_CREAT | O_TRUNC, 0644);
	CHECK(fd >= 0 && ftruncate(fd, 4 * PG) == 0, "create a 4-page file");
	f = mmap(r + 10 * PG, 2 * PG, PROT_READ, MAP_PRIVATE | MAP_FIXED, fd, 2 * PG);
	CHECK(f == r + 10 * PG, "map the file at offset 2 pages");
	close(fd);

	load();
	CHECK(well_formed && nmaps > 0, "every line parses");
	ok = 1;
	for (i = 0; i < nmaps; i++) {
		if (maps[i].start >= maps[i].end || !perms_ok(maps[i].perms))
			ok = 0;
		if (i && maps[i].start < maps[i - 1].end)
			ok = 0;
		if ((maps[i].start | maps[i].end) & (PG - 1))
			ok = 0;
	}
	CHECK(ok, "ranges are page aligned, non-empty, sorted and disjoint");

	m = find_exact(p, 3 * PG);
	CHECK(m && strcmp(m->perms, "rw-p") == 0, "private read-write mapping is rw-p");
	CHECK(m && m->path[0] == 0 && m->off == 0, "anonymous mapping has no path");
	m = find_exact(s, 2 * PG);
	CHECK(m && strcmp(m->perms, "rw-s") == 0, "shared mapping is rw-s");
	m = find_exact(n, PG);
	CHECK(m && strcmp(m->perms, "---p") == 0, "PROT_NONE mapping is ---p");

	CHECK(getcwd(cwd, sizeof(cwd)) != NULL, "getcwd");
	snprintf(want, sizeof(want), "%s/mapped-file", strcmp(cwd, "/") ? cwd : "");
	m = find_exact(f, 2 * PG);
	CHECK(m && strcmp(m->perms, "r--p") == 0, "file mapping is r--p");
	CHECK(m && m->off == 2 * PG, "file mapping shows its offset");
	CHECK(m && strcmp(m->path, want) == 0, "file mapping shows the file's absolute path");

	m = find_containing((const void *)&local);
	CHECK(m && strcmp(m->path, "[stack]") == 0, "a local variable is in [stack]");
	CHECK(m && strncmp(m->perms, "rw", 2) == 0, "[stack] is read-write");
	ok = 0;
	for (i = 0; i < nmaps; i++)
		if (strcmp(maps[i].path, "[stack]") == 0)
			ok++;
	CHECK(ok == 1, "exactly one [stack] line");

	el = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	exe[el < 0 ? 0 : el] = 0;
	m = find_containing((const void *)(uintptr_t)main);
	CHECK(m && strcmp(m->path, exe) == 0, "main is in a mapping of the executable");
	CHECK(m && m->perms[0] == 'r' && m->perms[2] == 'x' && m->perms[1] == '-',
	      "the executable's text is r-x");

	/* mprotect of the middle page splits the mapping in three. */
	CHECK(mprotect(p + PG, PG, PROT_READ) == 0, "mprotect the middle page");
	load();
	CHECK(find_exact(p, PG) && strcmp(find_exact(p, PG)->perms, "rw-p") == 0,
	      "first page is rw-p");
	CHECK(find_exact(p + PG, PG) && strcmp(find_exact(p + PG, PG)->perms, "r--p") == 0,
	      "middle page is r--p");
	CHECK(find_exact(p + 2 * PG, PG) && strcmp(find_exact(p + 2 * PG, PG)->perms, "rw-p") == 0,
	      "last page is rw-p");
	CHECK(!find_exact(p, 3 * PG), "no single 3-page line any more");

	/* Unmapped ranges disappear; deleted files are marked. */
	CHECK(munmap(s, 2 * PG) == 0 && munmap(n, PG) == 0, "munmap two mappings");
	CHECK(unlink("mapped-file") == 0, "unlink the mapped file");
	load();
	CHECK(!find_containing(s) && !find_containing(n), "unmapped ranges are gone");
	snprintf(want, sizeof(want), "%s/mapped-file (deleted)", strcmp(cwd, "/") ? cwd : "");
	m = find_exact(f, 2 * PG);
	CHECK(m && strcmp(m->path, want) == 0, "unlinked file is shown as (deleted)");

	CHECK(find_exact(r, PG) && strcmp(find_exact(r, PG)->perms, "r-xp") == 0,
	      "reservation page before them is r-xp");
	CHECK(munmap(r, 16 * PG) == 0, "munmap the reservation");
	load();
	CHECK(!find_containing(r) && !find_containing(p) && !find_containing(f),
	      "all of it is gone");
	return 0;
}
