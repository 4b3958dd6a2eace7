/* tags: fork */
/* SPDX-License-Identifier: MIT */
/*
 * POSIX record locks (F_SETLK/F_SETLKW/F_GETLK) within one process and against
 * a forked child, and open-file-description locks (F_OFD_*).
 */
#include <fcntl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

static int fd, ofd_b;

static int lk(int f, int cmd, short type, off_t start, off_t len)
{
	struct flock fl = { .l_type = type, .l_whence = SEEK_SET, .l_start = start, .l_len = len };

	return fcntl(f, cmd, &fl);
}

/* F_GETLK for [start, start+len): returns the conflicting lock in *out. */
static int getlk(int f, int cmd, short type, off_t start, off_t len, struct flock *out)
{
	memset(out, 0, sizeof(*out));
	out->l_type = type;
	out->l_whence = SEEK_SET;
	out->l_start = start;
	out->l_len = len;
	return fcntl(f, cmd, out);
}

/*
 * Runs fn in a forked child. The child's CHECK lines go to the shared stdout;
 * its exit status tells the parent how many there were and whether any failed.
 */
static void in_child(void (*fn)(void))
{
	int before = check_n, st;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		fn();
		_exit((check_n - before) | (check_failed ? 0x80 : 0));
	}
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st), "child exited normally");
	check_n += WEXITSTATUS(st) & 0x7f;
	if (WEXITSTATUS(st) & 0x80)
		check_failed = 1;
}

static void child_sees_parent_locks(void)
{
	struct flock fl;

	CHECK(getlk(fd, F_GETLK, F_WRLCK, 0, 1, &fl) == 0 && fl.l_type == F_WRLCK,
	      "child: F_GETLK reports parent's write lock");
	CHECK(fl.l_whence == SEEK_SET && fl.l_start == 0 && fl.l_len == 10,
	      "child: conflicting lock covers [0,10)");
	CHECK(fl.l_pid == getppid(), "child: l_pid is the parent");
	CHECK(getlk(fd, F_GETLK, F_RDLCK, 20, 1, &fl) == 0 && fl.l_type == F_UNLCK,
	      "child: read lock does not conflict with parent's read lock");
	CHECK(getlk(fd, F_GETLK, F_WRLCK, 25, 1, &fl) == 0 && fl.l_type == F_RDLCK &&
		      fl.l_start == 20 && fl.l_len == 10,
	      "child: write request conflicts with parent's read lock");
	CHECK(getlk(fd, F_GETLK, F_WRLCK, 10, 10, &fl) == 0 && fl.l_type == F_UNLCK,
	      "child: gap [10,20) is free");
	CHECK_ERR(lk(fd, F_SETLK, F_WRLCK, 5, 1), EAGAIN,
		  "child: F_SETLK on locked range fails EAGAIN");
	CHECK_ERR(lk(fd, F_SETLK, F_RDLCK, 9, 2), EAGAIN,
		  "child: read lock overlapping a write lock fails EAGAIN");
	CHECK(lk(fd, F_SETLK, F_RDLCK, 20, 10) == 0, "child: shares the read lock");
	CHECK(lk(fd, F_SETLK, F_WRLCK, 10, 10) == 0, "child: locks the adjacent gap");
	CHECK(getlk(fd, F_GETLK, F_WRLCK, 10, 10, &fl) == 0 && fl.l_type == F_UNLCK,
	      "child: own lock never conflicts");
	CHECK(getlk(fd, F_GETLK, F_WRLCK, 500, 0, &fl) == 0 && fl.l_type == F_WRLCK &&
		      fl.l_start == 100 && fl.l_len == 0,
	      "child: parent's lock to EOF reported with l_len 0");
}

static void child_after_split(void)
{
	struct flock fl;

	CHECK(getlk(fd, F_GETLK, F_WRLCK, 3, 4, &fl) == 0 && fl.l_type == F_UNLCK,
	      "child: unlocked hole [3,7) is free");
	CHECK(getlk(fd, F_GETLK, F_WRLCK, 7, 1, &fl) == 0 && fl.l_type == F_WRLCK &&
		      fl.l_start == 7 && fl.l_len == 3,
	      "child: split remainder [7,10) still locked");
	CHECK(getlk(fd, F_GETLK, F_WRLCK, 20, 10, &fl) == 0 && fl.l_type == F_RDLCK &&
		      fl.l_start == 20 && fl.l_len == 10,
	      "child: parent's read lock unaffected by child's exit");
}

static void child_after_close(void)
{
	struct flock fl;

	CHECK(getlk(fd, F_GETLK, F_WRLCK, 0, 0, &fl) == 0 && fl.l_type == F_UNLCK,
	      "child: closing another fd of the file dropped all parent's locks");
}

static void child_ofd(void)
{
	struct flock fl;
	int own = open("g", O_RDWR);

	CHECK(lk(ofd_b, F_OFD_SETLK, F_WRLCK, 0, 10) == 0,
	      "child: inherited description shares its OFD lock");
	CHECK_ERR(lk(own, F_OFD_SETLK, F_WRLCK, 0, 1), EAGAIN,
		  "child: own open file conflicts with the OFD lock");
	CHECK(getlk(own, F_OFD_GETLK, F_WRLCK, 0, 1, &fl) == 0 && fl.l_type == F_WRLCK &&
		      fl.l_pid == -1,
	      "child: F_OFD_GETLK reports l_pid -1");
	close(own);
}

int main(void)
{
	struct flock fl;
	int ro, wo, fd2, a, b, p1[2], p2[2];
	char c;
	pid_t pid;

	fd = open("f", O_CREAT | O_RDWR | O_TRUNC, 0644);
	CHECK(fd >= 0 && ftruncate(fd, 1000) == 0, "create 1000-byte file");

	/* Within one process. */
	CHECK(lk(fd, F_SETLK, F_WRLCK, 0, 10) == 0, "F_SETLK write lock [0,10)");
	CHECK(lk(fd, F_SETLK, F_RDLCK, 20, 10) == 0, "F_SETLK read lock [20,30)");
	CHECK(lk(fd, F_SETLK, F_WRLCK, 100, 0) == 0, "F_SETLK write lock [100,EOF)");
	CHECK(getlk(fd, F_GETLK, F_WRLCK, 0, 10, &fl) == 0 && fl.l_type == F_UNLCK,
	      "own locks do not conflict");
	CHECK(lk(fd, F_SETLK, F_WRLCK, 5, 1) == 0, "relocking own range succeeds");
	in_child(child_sees_parent_locks);

	CHECK(lk(fd, F_SETLK, F_UNLCK, 3, 4) == 0, "unlock [3,7) splits the lock");
	in_child(child_after_split);

	/* F_SETLKW waits for a child's lock to go away. */
	CHECK(lk(fd, F_SETLK, F_UNLCK, 100, 0) == 0, "unlock [100,EOF)");
	CHECK(pipe(p1) == 0 && pipe(p2) == 0, "pipes");
	pid = fork();
	if (pid == 0) {
		int ok = lk(fd, F_SETLK, F_WRLCK, 200, 1) == 0;

		c = ok ? 'y' : 'n';
		if (write(p1[1], &c, 1) != 1 || read(p2[0], &c, 1) != 1)
			_exit(2);
		_exit(0);
	}
	CHECK(read(p1[0], &c, 1) == 1 && c == 'y', "child took lock [200,201)");
	CHECK_ERR(lk(fd, F_SETLK, F_WRLCK, 200, 1), EAGAIN, "F_SETLK on child's lock fails EAGAIN");
	CHECK(getlk(fd, F_GETLK, F_RDLCK, 150, 100, &fl) == 0 && fl.l_type == F_WRLCK &&
		      fl.l_pid == pid && fl.l_start == 200 && fl.l_len == 1,
	      "F_GETLK reports the child's lock and pid");
	CHECK(write(p2[1], "g", 1) == 1, "tell child to exit");
	CHECK(lk(fd, F_SETLKW, F_WRLCK, 200, 1) == 0, "F_SETLKW succeeds once the child exits");
	waitpid(pid, NULL, 0);
	close(p1[0]);
	close(p1[1]);
	close(p2[0]);
	close(p2[1]);

	/* Closing any fd for the file drops the process's POSIX locks. */
	fd2 = open("f", O_RDONLY);
	CHECK(close(fd2) == 0, "open and close a second fd");
	in_child(child_after_close);

	/* Argument errors. */
	ro = open("f", O_RDONLY);
	wo = open("f", O_WRONLY);
	CHECK_ERR(lk(ro, F_SETLK, F_WRLCK, 0, 1), EBADF, "write lock on O_RDONLY fd fails EBADF");
	CHECK_ERR(lk(wo, F_SETLK, F_RDLCK, 0, 1), EBADF, "read lock on O_WRONLY fd fails EBADF");
	CHECK(lk(ro, F_SETLK, F_RDLCK, 0, 1) == 0 && lk(wo, F_SETLK, F_WRLCK, 5, 1) == 0,
	      "matching lock types succeed");
	CHECK_ERR(lk(fd, F_SETLK, 42, 0, 1), EINVAL, "bad l_type fails EINVAL");
	CHECK_ERR(lk(fd, F_SETLK, F_WRLCK, -1, 1), EINVAL, "negative start fails EINVAL");
	CHECK(lk(fd, F_SETLK, F_WRLCK, 10, -5) == 0, "negative l_len locks before l_start");
	fl = (struct flock){ .l_type = F_WRLCK, .l_whence = 42, .l_start = 0, .l_len = 1 };
	CHECK_ERR(fcntl(fd, F_SETLK, &fl), EINVAL, "bad l_whence fails EINVAL");
	fl = (struct flock){ .l_type = F_UNLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 1 };
	CHECK_ERR(fcntl(fd, F_GETLK, &fl), EINVAL, "F_GETLK with F_UNLCK fails EINVAL");
	CHECK_ERR(syscall(SYS_fcntl, fd, F_SETLK, (void *)1), EFAULT,
		  "bad flock pointer fails EFAULT");
	CHECK_ERR(lk(-1, F_SETLK, F_WRLCK, 0, 1), EBADF, "bad fd fails EBADF");
	close(ro);
	close(wo);
	close(fd);

	/* Open file description locks. */
	a = open("g", O_CREAT | O_RDWR | O_TRUNC, 0644);
	ofd_b = open("g", O_RDWR);
	fl = (struct flock){ .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_len = 10, .l_pid = 1 };
	CHECK_ERR(fcntl(a, F_OFD_SETLK, &fl), EINVAL,
		  "F_OFD_SETLK with nonzero l_pid fails EINVAL");
	CHECK(lk(a, F_OFD_SETLK, F_WRLCK, 0, 10) == 0, "F_OFD_SETLK on first description");
	CHECK_ERR(lk(ofd_b, F_OFD_SETLK, F_WRLCK, 5, 1), EAGAIN,
		  "second description in same process conflicts (EAGAIN)");
	CHECK(getlk(ofd_b, F_OFD_GETLK, F_RDLCK, 0, 0, &fl) == 0 && fl.l_type == F_WRLCK &&
		      fl.l_start == 0 && fl.l_len == 10 && fl.l_pid == -1,
	      "F_OFD_GETLK reports the lock with l_pid -1");
	CHECK(getlk(ofd_b, F_GETLK, F_RDLCK, 0, 0, &fl) == 0 && fl.l_type == F_WRLCK &&
		      fl.l_pid == -1,
	      "classic F_GETLK also sees the OFD lock");
	CHECK_ERR(lk(ofd_b, F_SETLK, F_RDLCK, 0, 1), EAGAIN,
		  "classic lock from same process conflicts with OFD lock");
	b = dup(a);
	close(b);
	CHECK_ERR(lk(ofd_b, F_OFD_SETLK, F_WRLCK, 5, 1), EAGAIN,
		  "closing a dup does not drop the OFD lock");
	close(a);
	CHECK(lk(ofd_b, F_OFD_SETLK, F_WRLCK, 0, 10) == 0, "closing the last fd releases it");
	in_child(child_ofd);
	CHECK(lk(ofd_b, F_OFD_SETLK, F_UNLCK, 0, 0) == 0, "F_OFD_SETLK unlock");
	close(ofd_b);

	unlink("f");
	unlink("g");
	return 0;
}
