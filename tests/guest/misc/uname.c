/* tags: */
/* SPDX-License-Identifier: MIT */
/*
 * uname: sysname is "Linux", machine "x86_64", the other fields are non-empty
 * and NUL-terminated, libc and the raw syscall agree; EFAULT.
 */
#include <ctype.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include "check.h"

static int terminated(const char *s, size_t n)
{
	return memchr(s, 0, n) != NULL;
}

int main(void)
{
	struct utsname u, raw;
	char host[256];

	memset(&u, 0x7f, sizeof(u));
	CHECK(uname(&u) == 0, "uname");
	CHECK(terminated(u.sysname, sizeof(u.sysname)) &&
		      terminated(u.nodename, sizeof(u.nodename)) &&
		      terminated(u.release, sizeof(u.release)) &&
		      terminated(u.version, sizeof(u.version)) &&
		      terminated(u.machine, sizeof(u.machine)) &&
		      terminated(u.domainname, sizeof(u.domainname)),
	      "all fields are NUL-terminated");
	CHECK(strcmp(u.sysname, "Linux") == 0, "sysname is Linux");
	CHECK(strcmp(u.machine, "x86_64") == 0, "machine is x86_64");
	CHECK(u.nodename[0] != 0, "nodename is non-empty");
	CHECK(isdigit((unsigned char)u.release[0]) && strchr(u.release, '.') != NULL,
	      "release looks like a version number");
	CHECK(u.version[0] != 0, "version is non-empty");

	memset(&raw, 0x7f, sizeof(raw));
	CHECK(syscall(SYS_uname, &raw) == 0, "raw uname");
	CHECK(strcmp(raw.sysname, u.sysname) == 0 && strcmp(raw.nodename, u.nodename) == 0 &&
		      strcmp(raw.release, u.release) == 0 && strcmp(raw.version, u.version) == 0 &&
		      strcmp(raw.machine, u.machine) == 0 &&
		      strcmp(raw.domainname, u.domainname) == 0,
	      "raw uname agrees with libc");

	CHECK(gethostname(host, sizeof(host)) == 0 && strcmp(host, u.nodename) == 0,
	      "gethostname equals nodename");
	CHECK_ERR(syscall(SYS_uname, (void *)1), EFAULT, "bad pointer is EFAULT");
	return 0;
}
