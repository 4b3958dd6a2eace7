/* tags: fork */
/* SPDX-License-Identifier: MIT */
/*
 * flock(2): shared and exclusive locks between open file descriptions, lock
 * conversion, inheritance across dup and fork, blocking waits, and errors.
 */
#include <fcntl.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

int main(void)
{
	int a, b, c, d, st, p1[2], p2[2];
	char ch;
	pid_t pid;

	a = open("f", O_CREAT | O_RDWR | O_TRUNC, 0644);
	b = open("f", O_RDONLY);
	c = open("f", O_WRONLY);
	CHECK(a >= 0 && b >= 0 && c >= 0, "three opens of the same file");

	/* Shared vs exclusive. */
	CHECK(flock(a, LOCK_SH) == 0, "LOCK_SH on a");
	CHECK(flock(b, LOCK_SH | LOCK_NB) == 0, "second LOCK_SH on b");
	CHECK_ERR(flock(c, LOCK_EX | LOCK_NB), EWOULDBLOCK,
		  "LOCK_EX while shared fails EWOULDBLOCK");
	CHECK(flock(b, LOCK_UN) == 0, "unlock b");
	CHECK_ERR(flock(c, LOCK_EX | LOCK_NB), EWOULDBLOCK, "still shared by a");
	CHECK(flock(a, LOCK_EX | LOCK_NB) == 0, "upgrade a to LOCK_EX");
	CHECK_ERR(flock(b, LOCK_SH | LOCK_NB), EWOULDBLOCK, "LOCK_SH while exclusive fails");
	CHECK(flock(a, LOCK_EX | LOCK_NB) == 0, "relocking LOCK_EX is a no-op");
	CHECK(flock(a, LOCK_SH) == 0, "downgrade a to LOCK_SH");
	CHECK(flock(b, LOCK_SH | LOCK_NB) == 0, "now b can share");
	CHECK(flock(b, LOCK_UN) == 0 && flock(a, LOCK_UN) == 0, "unlock both");
	CHECK(flock(c, LOCK_EX | LOCK_NB) == 0, "LOCK_EX on write-only fd works");
	CHECK(flock(c, LOCK_UN) == 0, "unlock c");
	CHECK(flock(c, LOCK_UN) == 0, "unlocking an unlocked file succeeds");

	/* flock and fcntl locks are independent. */
	CHECK(flock(a, LOCK_EX) == 0, "LOCK_EX on a");
	{
		struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };

		CHECK(fcntl(c, F_SETLK, &fl) == 0, "fcntl lock unaffected by flock");
		fl.l_type = F_UNLCK;
		fcntl(c, F_SETLK, &fl);
	}

	/* dup shares the lock; closing a dup does not release it. */
	d = dup(a);
	CHECK(flock(d, LOCK_EX | LOCK_NB) == 0, "dup of holder can lock again");
	close(d);
	CHECK_ERR(flock(b, LOCK_SH | LOCK_NB), EWOULDBLOCK, "lock survives closing a dup");

	/* fork shares the description, so the child holds the same lock. */
	pid = fork();
	if (pid == 0) {
		int own = open("f", O_RDONLY), r = 0;

		if (flock(a, LOCK_EX | LOCK_NB) != 0)
			r |= 1;
		if (flock(own, LOCK_SH | LOCK_NB) == 0 || errno != EWOULDBLOCK)
			r |= 2;
		_exit(r);
	}
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "child shares a's lock, its own open conflicts");
	CHECK_ERR(flock(b, LOCK_SH | LOCK_NB), EWOULDBLOCK, "child exit kept the shared lock");

	/* A child unlocking through the shared description unlocks it for all. */
	pid = fork();
	if (pid == 0)
		_exit(flock(a, LOCK_UN) == 0 ? 0 : 1);
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "child unlocks a");
	CHECK(flock(b, LOCK_SH | LOCK_NB) == 0, "lock released for everyone");
	CHECK(flock(b, LOCK_UN) == 0, "unlock b");

	/* Blocking LOCK_EX waits until the holder closes. */
	CHECK(pipe(p1) == 0 && pipe(p2) == 0, "pipes");
	pid = fork();
	if (pid == 0) {
		int own = open("f", O_RDONLY);

		ch = flock(own, LOCK_EX | LOCK_NB) == 0 ? 'y' : 'n';
		if (write(p1[1], &ch, 1) != 1 || read(p2[0], &ch, 1) != 1)
			_exit(2);
		_exit(0);
	}
	CHECK(read(p1[0], &ch, 1) == 1 && ch == 'y', "child took LOCK_EX on its own open");
	CHECK_ERR(flock(a, LOCK_SH | LOCK_NB), EWOULDBLOCK, "parent cannot share it");
	CHECK(write(p2[1], "g", 1) == 1, "let child exit");
	CHECK(flock(a, LOCK_SH) == 0, "blocking LOCK_SH succeeds after child exits");
	waitpid(pid, NULL, 0);
	close(p1[0]);
	close(p1[1]);
	close(p2[0]);
	close(p2[1]);

	/* Closing the last fd of a description releases its lock. */
	close(a);
	CHECK(flock(c, LOCK_EX | LOCK_NB) == 0, "close released the lock");

	/* Errors. */
	CHECK_ERR(flock(b, 0), EINVAL, "operation 0 fails EINVAL");
	CHECK_ERR(flock(b, LOCK_SH | LOCK_EX), EINVAL, "LOCK_SH|LOCK_EX fails EINVAL");
	CHECK_ERR(flock(b, LOCK_NB), EINVAL, "LOCK_NB alone fails EINVAL");
	CHECK_ERR(flock(-1, LOCK_SH), EBADF, "bad fd fails EBADF");
	d = open("f", O_PATH);
	CHECK_ERR(flock(d, LOCK_SH), EBADF, "O_PATH fd fails EBADF");
	close(d);
	d = open(".", O_RDONLY | O_DIRECTORY);
	CHECK(flock(d, LOCK_EX | LOCK_NB) == 0 && flock(d, LOCK_UN) == 0, "flock on a directory");
	close(d);

	close(b);
	close(c);
	unlink("f");
	return 0;
}
