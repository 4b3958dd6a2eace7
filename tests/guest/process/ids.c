/* tags: */
/* SPDX-License-Identifier: MIT */
/*
 * User and group ids: the guest runs as root; a forked child changes its ids
 * with setgroups/setresgid/setresuid/setreuid/setuid and loses privileges.
 */
#include <grp.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include "check.h"

static int *shared_n;

/* run fn in a child process; its checks continue our numbering */
static void in_child(void (*fn)(void), const char *desc)
{
	int status = -1;
	pid_t pid;

	*shared_n = -1;
	pid = fork();
	if (pid == 0) {
		check_failed = 0;
		fn();
		*shared_n = check_n;
		exit(0);
	}
	waitpid(pid, &status, 0);
	if (*shared_n >= 0)
		check_n = *shared_n;
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, desc);
}

static void groups_child(void)
{
	gid_t set[3] = { 5, 6, 7000 }, got[8];
	int n;

	CHECK(setgroups(3, set) == 0, "setgroups({5, 6, 7000})");
	n = getgroups(0, NULL);
	CHECK(n == 3, "getgroups(0, NULL) returns count 3");
	memset(got, 0, sizeof(got));
	CHECK(getgroups(8, got) == 3 && got[0] == 5 && got[1] == 6 && got[2] == 7000,
	      "getgroups returns the list in order");
	CHECK_ERR(getgroups(2, got), EINVAL, "getgroups with too small buffer -> EINVAL");
	CHECK(setgroups(0, NULL) == 0 && getgroups(0, NULL) == 0, "setgroups(0) clears");
	CHECK_ERR(setgroups(100000000, set), EINVAL, "setgroups huge count -> EINVAL");
}

static void uid_child(void)
{
	uid_t r, e, s;
	gid_t gr, ge, gs;
	pid_t parent = getppid();

	CHECK(setresgid(1000, 1001, 1002) == 0, "setresgid(1000, 1001, 1002)");
	CHECK(getresgid(&gr, &ge, &gs) == 0 && gr == 1000 && ge == 1001 && gs == 1002,
	      "getresgid reads them back");
	CHECK(getgid() == 1000 && getegid() == 1001, "getgid/getegid");

	CHECK(setresuid(2000, 2001, 2002) == 0, "setresuid(2000, 2001, 2002)");
	CHECK(getresuid(&r, &e, &s) == 0 && r == 2000 && e == 2001 && s == 2002,
	      "getresuid reads them back");
	CHECK(getuid() == 2000 && geteuid() == 2001, "getuid/geteuid");

	/* now unprivileged */
	CHECK_ERR(setuid(0), EPERM, "setuid(0) without privilege -> EPERM");
	CHECK_ERR(setresuid(-1, 0, -1), EPERM, "setresuid to euid 0 -> EPERM");
	CHECK_ERR(setgroups(0, NULL), EPERM, "setgroups without privilege -> EPERM");
	CHECK_ERR(setgid(0), EPERM, "setgid(0) without privilege -> EPERM");
	CHECK_ERR(kill(parent, 0), EPERM, "kill(root parent, 0) -> EPERM");

	/* unprivileged may switch among real/effective/saved */
	CHECK(setresuid(-1, 2002, -1) == 0 && geteuid() == 2002, "euid := saved uid");
	CHECK(setresuid(-1, 2000, -1) == 0 && geteuid() == 2000, "euid := real uid");
	CHECK(setuid(2002) == 0 && geteuid() == 2002 && getuid() == 2000,
	      "unprivileged setuid only changes euid");
	CHECK(setreuid(2002, -1) == 0 && getuid() == 2002, "setreuid: ruid := euid");
	CHECK(getresuid(&r, &e, &s) == 0 && r == 2002 && e == 2002 && s == 2002,
	      "resulting ids (2002, 2002, 2002)");
	CHECK_ERR(setuid(3000), EPERM, "setuid to a foreign uid -> EPERM");
}

static void setuid_root_child(void)
{
	uid_t r, e, s;

	/* privileged setuid sets all three ids */
	CHECK(setgid(500) == 0 && getgid() == 500 && getegid() == 500, "root setgid(500)");
	CHECK(setuid(600) == 0, "root setuid(600)");
	CHECK(getresuid(&r, &e, &s) == 0 && r == 600 && e == 600 && s == 600,
	      "privileged setuid sets real, effective and saved");
	CHECK_ERR(setuid(0), EPERM, "no way back to root -> EPERM");
}

static void effective_only_child(void)
{
	uid_t r, e, s;

	/* dropping only the effective id keeps root in the saved id */
	CHECK(seteuid(700) == 0 && geteuid() == 700 && getuid() == 0, "seteuid(700)");
	CHECK(getresuid(&r, &e, &s) == 0 && r == 0 && e == 700 && s == 0,
	      "saved uid still 0");
	CHECK(seteuid(0) == 0 && geteuid() == 0, "seteuid(0) regains root");
}

int main(void)
{
	uid_t r, e, s;
	gid_t gr, ge, gs;

	shared_n = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK(shared_n != MAP_FAILED, "mmap shared page");

	CHECK(getuid() == 0 && geteuid() == 0, "getuid() == geteuid() == 0");
	CHECK(getgid() == 0 && getegid() == 0, "getgid() == getegid() == 0");
	CHECK(getresuid(&r, &e, &s) == 0 && r == 0 && e == 0 && s == 0, "getresuid all 0");
	CHECK(getresgid(&gr, &ge, &gs) == 0 && gr == 0 && ge == 0 && gs == 0, "getresgid all 0");
	CHECK(getgroups(0, NULL) >= 0, "getgroups(0, NULL) succeeds");

	in_child(groups_child, "groups child exited 0");
	in_child(uid_child, "uid child exited 0");
	in_child(setuid_root_child, "setuid child exited 0");
	in_child(effective_only_child, "seteuid child exited 0");

	CHECK(getuid() == 0 && geteuid() == 0 && getgid() == 0, "parent ids unchanged");
	return 0;
}
