/* SPDX-License-Identifier: MIT */
/*
 * ukern's command line: `ukern run`, `ukern syscalls`, --help, --version.
 * Sets up the host side (stdio, terminal, signals), the guest's mounts, and
 * starts the first program as pid 1. Init order is explicit here.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>
#include "cli/cli.h"
#include "fs/devfs/devfs.h"
#include "fs/ext4/ext4.h"
#include "fs/hostfs/hostfs.h"
#include "fs/procfs/procfs.h"
#include "fs/sysfs/sysfs.h"
#include "fs/tmpfs/tmpfs.h"
#include "fs/tty/tty.h"
#include "fs/vfs/vfs.h"
#include "host/host.h"
#include "kernel/kernel.h"
#include "kernel/task.h"
#include "lib/err.h"
#include "lib/log.h"
#include "platform/platform.h"
#include "syscalls/syscalls.h"
#include "vdso/vdso.h"

#define UKERN_VERSION "0.1.0"

void log_set_file(FILE *f);

static struct termios saved_tty;
static int saved_tty_fd = -1;
static char sock_path[256]; /* --name: the console's control socket, removed at exit */

static void remove_socket(void)
{
	if (sock_path[0])
		unlink(sock_path);
}

static void restore_tty(void)
{
	if (saved_tty_fd >= 0)
		tcsetattr(saved_tty_fd, TCSANOW, &saved_tty);
}

static void fatal_signal(int sig)
{
	restore_tty();
	remove_socket();
	platform_shutdown();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void winch_signal(int sig)
{
	(void)sig;
	console_winch();
}

static void usage(FILE *f)
{
	fputs("usage: ukern run [--root DIR] [-e NAME=VALUE]... [-w DIR] [--hostname NAME]\n"
	      "                 [--user UID[:GID]] [--strace[=FILE]] [--platform seccomp|ptrace]\n"
	      "                 [--disk IMAGE[,cow=OVERLAY][:/PATH[:ro]]]... [--mount HOSTDIR:/PATH[:ro]]...\n"
	      "                 [-i] [-t | -T] [--name NAME [-d]] [--log FILE] [--debug]\n"
	      "                 [--] PROGRAM [ARG...]\n"
	      "       ukern console NAME\n"
	      "       ukern mkimage [--size N] [--fs ext2|ext3|ext4] [--inodes N] SRC IMAGE\n"
	      "       ukern cow commit OVERLAY\n"
	      "       ukern recover IMAGE[,cow=OVERLAY]   (after a crash, before host tools)\n"
	      "       ukern syscalls [--format=text|csv|md]\n"
	      "       ukern --help | --version\n"
	      "\n"
	      "Runs PROGRAM, an unmodified Linux x86-64 program, as pid 1 of a guest whose root\n"
	      "filesystem is the host directory DIR. ukern exits with PROGRAM's status\n"
	      "(128+N when it was killed by signal N).\n"
	      "\n"
	      "  -t, --tty       give the guest a console tty even if stdin is not a terminal\n"
	      "  -T, --no-tty    plain pipes even if stdin is a terminal\n"
	      "  -i, --interactive  keep stdin connected (always so; for docker-style -it)\n"
	      "  --disk IMAGE    an ext2/3/4 image as the root (or at PATH); cow=OVERLAY keeps every\n"
	      "                  write in OVERLAY (made on first use) and the image read-only\n"
	      "  --mount DIR:/P  a host directory at guest path P, confined like the root\n"
	      "  --name NAME     other terminals can attach with `ukern console NAME`\n"
	      "                  (Ctrl-] detaches them); implies -t\n"
	      "  -d, --detach    with --name: run in the background, the console kept by ukern\n"
	      "When stdin and stdout are a terminal (or with -t), the guest's /dev/console and PROGRAM's\n"
	      "stdin, stdout and stderr are ukern's own tty with job control; the host\n"
	      "terminal is put in raw mode and restored when ukern ends.\n", f);
}

/* A directory in the root to mount on: the host's if it exists, else a synthetic one. */
static int mountpoint(const char *name, struct path *out)
{
	struct path root = vfs_root;
	int r = path_lookup_child(&root, name, out);

	if (r == 0) {
		if (!MODE_ISDIR(out->d->inode->mode)) {
			path_put(out);
			return -ENOTDIR;
		}
		return 0;
	}
	if (r != -ENOENT)
		return r;
	/* Not in the host directory: an in-memory directory entry that only the guest sees. */
	out->mnt = vfs_root.mnt;
	out->d = dentry_new(vfs_root.d, name, inode_new(vfs_root.mnt->sb, S_IFDIR_ | 0755));
	out->d->inode->nlink = 2;
	return 1;
}

static int mount_fs(const char *at, struct super_block *sb, struct dentry *root, const char *source)
{
	struct path p;
	int r = mountpoint(at, &p);

	if (r < 0)
		return r;
	r = vfs_mount_at(&p, sb, root, source, !strcmp(sb->fstype, "sysfs") ? MNT_RDONLY : 0);
	path_put(&p);
	return r;
}

static int setup_root(const char *dir, char **disks, int ndisks, char **mounts, int nmounts)
{
	struct super_block *sb;
	struct dentry *root;
	struct path tmp;
	int fd, r;

	r = disks_root(disks, ndisks, &sb, &root);
	if (r < 0)
		return -1;
	if (r == 1) {
		vfs_mount_root(sb, root);
		goto mounted;
	}
	fd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "ukern: cannot use %s as the guest root: %s\n", dir, strerror(errno));
		return -1;
	}
	/* Keep ukern's own fds clear of the low numbers. */
	r = host_dup_above(fd, 100);
	if (r >= 0) {
		close(fd);
		fd = r;
	}
	root = hostfs_mount(fd, false, &sb);
	if (IS_ERR(root)) {
		fprintf(stderr, "ukern: cannot use %s as the guest root\n", dir);
		return -1;
	}
	vfs_mount_root(sb, root);
mounted:
	if (disks_mount(disks, ndisks, mounts, nmounts) < 0)
		return -1;
	root = procfs_mount(&sb);
	r = mount_fs("proc", sb, root, "proc");
	if (r == 0) {
		root = devfs_mount(&sb);
		r = mount_fs("dev", sb, root, "devtmpfs");
	}
	if (r == 0) {
		struct path dev, pts;

		r = path_lookup_child(&vfs_root, "dev", &dev);
		if (r == 0) {
			r = path_lookup_child(&dev, "pts", &pts);
			path_put(&dev);
		}
		if (r == 0) {
			root = devpts_mount(&sb);
			r = vfs_mount_at(&pts, sb, root, "devpts", 0);
			path_put(&pts);
		}
	}
	if (r == 0) {
		root = sysfs_mount(&sb);
		r = mount_fs("sys", sb, root, "sysfs");
	}
	if (r == 0 && path_lookup_child(&vfs_root, "tmp", &tmp) != 0) {
		root = tmpfs_mount(01777, &sb, "tmpfs");
		r = mount_fs("tmp", sb, root, "tmpfs");
	} else if (r == 0) {
		path_put(&tmp);
	}
	if (r < 0) {
		fprintf(stderr, "ukern: cannot set up the guest's /proc, /dev and /tmp: %s\n", strerror(-r));
		return -1;
	}
	return 0;
}

static struct file *stdio_file(int fd, int flags, const char *name)
{
	int h = host_dup_above(fd, 100);

	if (h < 0)
		return NULL;
	if (host_is_terminal(fd))
		flags = LINUX_O_RDWR;
	return hoststream_new(h, flags, name);
}

/* The console: ukern's stdin and stdout behind a tty of ours, opened as the guest's /dev/console. */
static int console_stdio(struct file *stdio[3], bool host_tty, bool detached, int listen_fd)
{
	struct path dev, con;
	int in = detached ? -1 : host_dup_above(0, 100), out = detached ? -1 : host_dup_above(1, 100), i, r;

	if ((!detached && (in < 0 || out < 0)) || !console_start(in, out, host_tty, listen_fd))
		return -EIO;
	r = path_lookup_child(&vfs_root, "dev", &dev);
	if (r < 0)
		return r;
	r = path_lookup_child(&dev, "console", &con);
	path_put(&dev);
	if (r < 0)
		return r;
	for (i = 0; i < 3; i++) {
		stdio[i] = vfs_open_path(NULL, &con, LINUX_O_RDWR);
		if (IS_ERR(stdio[i])) {
			r = (int)PTR_ERR(stdio[i]);
			path_put(&con);
			return r;
		}
	}
	path_put(&con);
	return 0;
}

static int cmd_run(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "root", required_argument, NULL, 'r' }, { "env", required_argument, NULL, 'e' },
		{ "workdir", required_argument, NULL, 'w' }, { "hostname", required_argument, NULL, 'H' },
		{ "user", required_argument, NULL, 'u' }, { "strace", optional_argument, NULL, 's' },
		{ "platform", required_argument, NULL, 'p' }, { "log", required_argument, NULL, 'l' },
		{ "debug", no_argument, NULL, 'g' }, { "help", no_argument, NULL, 'h' },
		{ "tty", no_argument, NULL, 't' }, { "no-tty", no_argument, NULL, 'T' },
		{ "interactive", no_argument, NULL, 'i' }, { "name", required_argument, NULL, 'N' },
		{ "detach", no_argument, NULL, 'd' }, { "disk", required_argument, NULL, 'D' },
		{ "mount", required_argument, NULL, 'M' }, { NULL, 0, NULL, 0 },
	};
	const char *root = "/", *cwd = "/", *platform = getenv("UKERN_PLATFORM");
	char **envp = calloc((size_t)argc + 2, sizeof(char *));
	struct cred cred = { 0 };
	struct file *stdio[3];
	int nenv = 0, c, status, r;
	/* A console when both ends are a terminal: `ukern run ... > file` keeps plain bytes. */
	bool have_path = false, use_console = isatty(0) && isatty(1), host_tty = false, detach = false;
	const char *name = NULL;
	char **disks = calloc((size_t)argc, sizeof(char *)), **mounts = calloc((size_t)argc, sizeof(char *));
	int ndisks = 0, nmounts = 0;
	int listen_fd = -1, ready[2] = { -1, -1 };
	sigset_t all;

	optind = 1;
	while ((c = getopt_long(argc, argv, "+r:e:w:H:u:s::p:l:dhtTi", opts, NULL)) != -1) {
		switch (c) {
		case 'r': root = optarg; break;
		case 'e':
			if (!strchr(optarg, '=')) {
				fprintf(stderr, "ukern: -e wants NAME=VALUE, not '%s'\n", optarg);
				return 2;
			}
			if (!strncmp(optarg, "PATH=", 5))
				have_path = true;
			envp[nenv++] = optarg;
			break;
		case 'w': cwd = optarg; break;
		case 'H':
			if (strlen(optarg) > 64) {
				fprintf(stderr, "ukern: --hostname: longer than 64 bytes\n");
				return 2;
			}
			strcpy(uts_hostname, optarg);
			break;
		case 'u': {
			char *end;
			unsigned long u = strtoul(optarg, &end, 10), g = u;

			if (*end == ':')
				g = strtoul(end + 1, &end, 10);
			if (*end || end == optarg) {
				fprintf(stderr, "ukern: --user wants UID[:GID], not '%s'\n", optarg);
				return 2;
			}
			cred.uid = cred.euid = cred.suid = cred.fsuid = (uint32_t)u;
			cred.gid = cred.egid = cred.sgid = cred.fsgid = (uint32_t)g;
			break;
		}
		case 's':
			if (strace_open(optarg) < 0) {
				fprintf(stderr, "ukern: cannot write the strace log to %s\n", optarg);
				return 2;
			}
			break;
		case 'p': platform = optarg; break;
		case 'l': {
			FILE *f = fopen(optarg, "a");

			if (!f) {
				fprintf(stderr, "ukern: cannot open log file %s: %s\n", optarg, strerror(errno));
				return 2;
			}
			log_set_file(f);
			break;
		}
		case 'g': log_debug_on = 1; break;
		case 'd': detach = true; break;
		case 'N': name = optarg; break;
		case 'D': disks[ndisks++] = optarg; break;
		case 'M': mounts[nmounts++] = optarg; break;
		case 't': use_console = true; break;
		case 'T': use_console = false; break;
		case 'i': break; /* stdin is always the guest's */
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "ukern run: no PROGRAM given\n");
		usage(stderr);
		return 2;
	}
	if (!have_path)
		envp[nenv++] = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
	envp[nenv] = NULL;
	if (detach && !name) {
		fprintf(stderr, "ukern run: -d needs --name, to attach to the console later\n");
		return 2;
	}
	if (name) {
		use_console = true;
		listen_fd = console_listen(name, sock_path, sizeof(sock_path));
		if (listen_fd < 0)
			return 125;
		atexit(remove_socket);
	}
	if (detach) {
		/* The parent returns once the guest runs (or with its start error); the child is the guest. */
		pid_t pid;
		char st = 125;
		int nul;

		if (pipe2(ready, O_CLOEXEC) < 0)
			return 125;
		pid = fork();
		if (pid < 0)
			return 125;
		if (pid > 0) {
			close(ready[1]);
			sock_path[0] = 0; /* the child owns the socket now */
			if (read(ready[0], &st, 1) != 1)
				st = 125;
			return st;
		}
		close(ready[0]);
		setsid();
		nul = open("/dev/null", O_RDWR | O_CLOEXEC);
		if (nul >= 0) {
			dup2(nul, 0);
			dup2(nul, 1);
			dup2(nul, 2);
			close(nul);
		}
	}

	/* Host side first: signals, the terminal, fds; then the platform (it forks the zygote). */
	signal(SIGPIPE, SIG_IGN);
	umask(0); /* modes of files the guest creates are decided by the guest's umask alone */
	host_raise_nofile_limit();
	if (!detach && isatty(0) && tcgetattr(0, &saved_tty) == 0) {
		saved_tty_fd = 0;
		atexit(restore_tty);
	}
	host_tty = use_console && saved_tty_fd == 0;
	vdso_init(); /* before the platform: no fork has happened yet, so its memfds are ukern's alone */
	r = platform_init(platform);
	if (r < 0) {
		fprintf(stderr, "ukern: platform '%s' unavailable: %s\n", platform ? platform : "seccomp",
			strerror(-r));
		return 125;
	}
	kernel_init();
	if (name)
		snprintf(kernel_guest_name, sizeof(kernel_guest_name), "%s", name);
	else
		snprintf(kernel_guest_name, sizeof(kernel_guest_name), "%d", (int)getpid());
	syscall_table_register();
	if (setup_root(root, disks, ndisks, mounts, nmounts) < 0)
		return 125;
	if (use_console) {
		r = console_stdio(stdio, host_tty, detach, listen_fd);
		if (r < 0) {
			fprintf(stderr, "ukern: cannot set up the console: %s\n", strerror(-r));
			return 125;
		}
	} else {
		stdio[0] = stdio_file(0, LINUX_O_RDONLY, "/dev/stdin");
		stdio[1] = stdio_file(1, LINUX_O_WRONLY, "/dev/stdout");
		stdio[2] = stdio_file(2, LINUX_O_WRONLY, "/dev/stderr");
	}

	/* Every other thread runs with host signals blocked; this one handles them. */
	sigfillset(&all);
	sigdelset(&all, SIGSEGV);
	sigdelset(&all, SIGBUS);
	sigdelset(&all, SIGFPE);
	sigdelset(&all, SIGILL);
	sigdelset(&all, SIGABRT);
	pthread_sigmask(SIG_BLOCK, &all, NULL);
	timer_start_thread();
	kernel_lock();
	r = task_start_init(argv[optind], argv + optind, envp, stdio, cwd, &cred);
	/* Like a container's init given a terminal: pid 1 leads the console's session. */
	if (r == 0 && console_tty)
		tty_set_ctty(tg_by_tgid(1), console_tty);
	kernel_unlock();
	if (r < 0) {
		fprintf(stderr, "ukern: cannot start %s: %s\n", argv[optind],
			r == -ENOENT ? "the working directory does not exist in the guest" : strerror(-r));
		platform_shutdown();
		return 125;
	}
	if (ready[1] >= 0) {
		char ok = 0;

		if (write(ready[1], &ok, 1) != 1)
			ok = 1;
		close(ready[1]);
	}
	signal(SIGTERM, fatal_signal);
	signal(SIGHUP, fatal_signal);
	signal(SIGINT, fatal_signal);
	signal(SIGQUIT, fatal_signal);
	signal(SIGWINCH, winch_signal);
	if (host_tty) {
		/* Every byte goes to our line discipline; the host's does nothing. */
		struct termios raw = saved_tty;

		cfmakeraw(&raw);
		tcsetattr(0, TCSANOW, &raw);
	}
	/*
	 * SIGCHLD stays blocked here too: every ptrace stop of a stub sends ukern
	 * one, and a thread that accepts it is woken for nothing at every guest
	 * system call (the driving threads wait with waitpid, not for the signal).
	 */
	sigdelset(&all, SIGCHLD);
	pthread_sigmask(SIG_UNBLOCK, &all, NULL);
	status = task_wait_init();
	console_drain(2000000000);
	kernel_lock();
	ext4_shutdown(); /* the images' last commit */
	kernel_unlock();
	console_end(status);
	platform_shutdown();
	restore_tty();
	remove_socket();
	fflush(stdout);
	if (status & 0x7f)
		return 128 + (status & 0x7f);
	return (status >> 8) & 0xff;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("ukern %s (platform ptrace; guest Linux %s x86_64)\n", UKERN_VERSION, UKERN_RELEASE);
		return 0;
	}
	if (!strcmp(argv[1], "run"))
		return host_exit_status(cmd_run(argc - 1, argv + 1));
	if (!strcmp(argv[1], "mkimage"))
		return cmd_mkimage(argc - 1, argv + 1);
	if (!strcmp(argv[1], "cow"))
		return cmd_cow(argc - 1, argv + 1);
	if (!strcmp(argv[1], "recover"))
		return cmd_recover(argc - 1, argv + 1);
	if (!strcmp(argv[1], "console"))
		return cmd_console(argc - 1, argv + 1);
	if (!strcmp(argv[1], "syscalls"))
		return cmd_syscalls(argc - 1, argv + 1);
	fprintf(stderr, "ukern: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return 2;
}
