/* tags: */
/* SPDX-License-Identifier: MIT */
/*
 * "#!" scripts: execve of a script whose interpreter is this binary; checks the
 * interpreter's argv layout (interp, optional arg, script path, args), nesting.
 */
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "check.h"

static char self[4096];

static int report(int ok)
{
	/* second stage: exit status carries the verdict */
	return ok ? 0 : 1;
}

static int is_self(const char *path)
{
	return strcmp(path, self) == 0;
}

static int make_script(const char *name, const char *interp, const char *arg)
{
	char buf[8192];
	int fd, len;

	len = snprintf(buf, sizeof(buf), "#!%s%s%s\nthis line is never read\n", interp,
		       arg ? " " : "", arg ? arg : "");
	fd = open(name, O_WRONLY | O_CREAT | O_TRUNC, 0755);
	if (fd < 0)
		return -1;
	if (write(fd, buf, len) != len) {
		close(fd);
		return -1;
	}
	return close(fd);
}

static int run(const char *path, char **args, int *status)
{
	char *env[] = { "SCRIPT_ENV=yes", NULL };
	pid_t pid = fork();

	if (pid == 0) {
		execve(path, args, env);
		_exit(100 + errno);
	}
	if (pid < 0 || waitpid(pid, status, 0) != pid)
		return -1;
	return 0;
}

int main(int argc, char **argv)
{
	int status = -1;
	ssize_t n;

	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n <= 0)
		return 2;
	self[n] = 0;

	/* second stages: the interpreter's argv is examined */
	if (argc >= 2 && strcmp(argv[1], "stage2  with spaces") == 0) {
		const char *env = getenv("SCRIPT_ENV");

		if (!env || strcmp(env, "yes") || !is_self(argv[0]))
			return report(0);
		if (argc == 5)
			return report(strcmp(argv[2], "./script.sh") == 0 &&
				      strcmp(argv[3], "a1") == 0 && strcmp(argv[4], "a 2") == 0 &&
				      argv[5] == NULL);
		return report(argc == 6 && strcmp(argv[2], "./script.sh") == 0 &&
			      strcmp(argv[3], "./nested.sh") == 0 && strcmp(argv[4], "n1") == 0 &&
			      strcmp(argv[5], "n2") == 0);
	}
	if (argc >= 2 && strcmp(argv[1], "./noarg.sh") == 0)
		return report(argc == 3 && is_self(argv[0]) && strcmp(argv[2], "z") == 0);
	if (argc >= 2 && strcmp(argv[1], "tabarg") == 0)
		return report(argc == 3 && is_self(argv[0]) && strcmp(argv[2], "./tab.sh") == 0);

	if (argc != 1)
		return 3;	/* unexpected interpreter argv */

	CHECK(strlen(self) < 200, "binary path fits in a #! line");

	/*
	 * interpreter with an optional argument: leading/trailing blanks are
	 * stripped, inner ones kept, all of it is one argument
	 */
	{
		char arg[64] = "  stage2  with spaces";
		char line[8192];
		int fd, len;

		len = snprintf(line, sizeof(line), "#! %s %s  \t\nrest\n", self, arg);
		fd = open("script.sh", O_WRONLY | O_CREAT | O_TRUNC, 0755);
		CHECK(fd >= 0 && write(fd, line, len) == len && close(fd) == 0,
		      "create script.sh");
	}
	{
		char *args[] = { "ignored-argv0", "a1", "a 2", NULL };

		CHECK(run("./script.sh", args, &status) == 0 && WIFEXITED(status) &&
			      WEXITSTATUS(status) == 0,
		      "interpreter gets {interp, optarg, script, a1, a2}");
	}

	/* interpreter without an argument */
	CHECK(make_script("noarg.sh", self, NULL) == 0, "create noarg.sh");
	{
		char *args[] = { "ignored", "z", NULL };

		CHECK(run("./noarg.sh", args, &status) == 0 && WIFEXITED(status) &&
			      WEXITSTATUS(status) == 0,
		      "interpreter gets {interp, script, z}");
	}

	/* a tab separates the interpreter from its argument */
	{
		char line[8192];
		int fd, len;

		len = snprintf(line, sizeof(line), "#!%s\ttabarg\n", self);
		fd = open("tab.sh", O_WRONLY | O_CREAT | O_TRUNC, 0755);
		CHECK(fd >= 0 && write(fd, line, len) == len && close(fd) == 0,
		      "create tab.sh");
	}
	{
		char *args[] = { "ignored", NULL };

		CHECK(run("./tab.sh", args, &status) == 0 && WIFEXITED(status) &&
			      WEXITSTATUS(status) == 0,
		      "tab-separated optional argument");
	}

	/* a script whose interpreter is itself a script */
	CHECK(make_script("nested.sh", "./script.sh", NULL) == 0, "create nested.sh");
	{
		char *args[] = { "ignored", "n1", "n2", NULL };

		CHECK(run("./nested.sh", args, &status) == 0 && WIFEXITED(status) &&
			      WEXITSTATUS(status) == 0,
		      "nested script: {interp, optarg, script.sh, nested.sh, n1, n2}");
	}

	/* a script that is not executable, and one whose interpreter is not */
	CHECK(chmod("noarg.sh", 0644) == 0, "chmod noarg.sh 0644");
	{
		char *args[] = { "x", NULL };

		CHECK(run("./noarg.sh", args, &status) == 0 && WIFEXITED(status) &&
			      WEXITSTATUS(status) == 100 + EACCES,
		      "non-executable script -> EACCES");
		CHECK(make_script("badinterp.sh", "./noarg.sh", NULL) == 0,
		      "create script with non-executable interpreter");
		CHECK(run("./badinterp.sh", args, &status) == 0 && WIFEXITED(status) &&
			      WEXITSTATUS(status) == 100 + EACCES,
		      "non-executable interpreter -> EACCES");
	}

	unlink("script.sh");
	unlink("noarg.sh");
	unlink("tab.sh");
	unlink("nested.sh");
	unlink("badinterp.sh");
	return 0;
}
