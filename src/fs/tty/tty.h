/* SPDX-License-Identifier: MIT */
/*
 * Terminals: ukern's own tty layer and line discipline (Linux's tty_io.c and
 * n_tty.c in miniature), the pseudo-terminals behind /dev/ptmx and devpts,
 * the console on ukern's host terminal, and the session side of job control
 * (controlling terminals, foreground process groups, SIGTTIN/SIGTTOU).
 *
 * A tty has an input queue (filled by tty_input from the "hardware": the
 * host terminal, or writes to a pty master) and an output queue (filled by
 * the line discipline's output processing, drained by the driver: the
 * console thread, or reads of the pty master).
 *
 * Lock order: everything is protected by kernel_lock.
 */
#ifndef FS_TTY_TTY_H
#define FS_TTY_TTY_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "abi/termios.h"
#include "abi/types.h"
#include "kernel/kernel.h"

struct file;
struct task;
struct thread_group;
struct dentry;
struct super_block;

#define TTY_IBUF 4096	/* input queue (N_TTY_BUF_SIZE) */
#define TTY_OBUF 16384 /* output queue */

struct tty;
struct tty_driver {
	const char *name;
	/* New bytes are in the output queue (the console thread writes them out). */
	void (*output_ready)(struct tty *tty);
	/* The input queue has room again (the console reads more host input). */
	void (*input_room)(struct tty *tty);
	/* A terminal-side file closed (tty->opens is already updated). */
	void (*close)(struct tty *tty);
	/* The last reference is gone. */
	void (*release)(struct tty *tty);
	/* The termios changed from old (Linux tty_operations.set_termios). */
	void (*set_termios)(struct tty *tty, const struct linux_termios2 *old);
	/*
	 * The output queue is the driver's own buffer, which tcdrain waits for
	 * and TIOCOUTQ counts (the console). A pty's queue is already the
	 * master's input: Linux's pty has no chars_in_buffer, tcdrain never waits.
	 */
	bool drains_output;
};

struct tty {
	int refs;
	int index; /* /dev/pts/N, or -1 for the console */
	const struct tty_driver *drv;
	struct linux_termios2 tio;
	struct linux_winsize ws;

	/* Input queue: a ring; icanon bytes from ihead form complete lines. */
	unsigned char ibuf[TTY_IBUF];
	uint8_t iflag[TTY_IBUF]; /* TTYQ_* per byte */
	size_t ihead, ilen, icanon;
	bool lnext;		 /* VLNEXT seen: the next byte is literal */
	bool erasing;		 /* ECHOPRT: inside a "\erased/" echo */
	int column, canon_column; /* output column now and where the edited line began */

	/* Output queue. */
	unsigned char obuf[TTY_OBUF];
	size_t ohead, olen;
	bool stopped;	  /* output stopped by VSTOP or TCOOFF (Linux flow.stopped) */
	bool tco_stopped; /* by TCOOFF, which only TCOON undoes (Linux flow.tco_stopped) */
	/*
	 * The last oheld bytes of the queue were queued while stopped (echoes)
	 * and are held back until output restarts; what was queued before the
	 * stop has already gone to a pty master and stays readable there.
	 */
	size_t oheld;
	/*
	 * The queue's length when the input being processed arrived: echoes
	 * after it are not yet sent (Linux keeps them in its echo buffer until
	 * the end of the input chunk), so a signal character's flush drops them.
	 */
	size_t echo_mark;

	bool hungup;	/* the other end went away: reads 0, writes EIO */
	int session;	/* sid of the session it controls, 0 for none */
	int pgrp;	/* foreground process group */
	int opens;	/* open files of the terminal side */
	bool excl;	/* TIOCEXCL */
	struct waitq rwait, wwait;

	/* Pseudo-terminals: the master side. */
	bool master_open, locked, packet;
	bool mstopped; /* the master's own output (writes to the master) suspended by TCOOFF on it */
	uint8_t pktstatus;
	struct waitq mwait;
	uint32_t uid, gid; /* owner of /dev/pts/N */
	uint64_t ino;
	struct linux_timespec ctime;
};
#define TTYQ_DELIM 1 /* ends a line in canonical mode */
#define TTYQ_EOF 2   /* an EOF mark: ends a line, is never read */

/* tty.c: the core and the line discipline. */
struct tty *tty_new(const struct tty_driver *drv, int index);
void tty_get(struct tty *tty);
void tty_put(struct tty *tty);
/* Bytes from the hardware side (keyboard or pty master). Returns how many were taken. */
size_t tty_input(struct tty *tty, const unsigned char *buf, size_t n);
/* Room for tty_input without blocking (pty master writes wait for it). */
bool tty_input_full(struct tty *tty);
/* Takes up to n bytes from the output queue for the driver (not those held by a stop). */
size_t tty_take_output(struct tty *tty, unsigned char *buf, size_t n);
/* The other end has gone: SIGHUP to the session and readers see EOF. */
void tty_hangup(struct tty *tty);
void tty_set_winsize(struct tty *tty, const struct linux_winsize *ws);
/* Opens the terminal side into f (f->ops, f->priv); acquires a controlling tty unless noctty. */
int tty_open_file(struct tty *tty, struct file *f, int flags, bool noctty);
bool file_is_tty(struct file *f);
/* The tty behind a terminal-side file, or NULL. */
struct tty *file_tty(struct file *f);
/* ioctls common to both sides; master is true on the pty master. */
long tty_ioctl(struct tty *tty, struct file *f, unsigned cmd, uaddr_t arg, bool master);
/* Flushes queues (TCIFLUSH...) and records packet-mode status. */
void tty_flush(struct tty *tty, int which);
/* Flow control (Linux stop_tty/start_tty): a stop holds the output queue, a start releases it. */
void tty_stop(struct tty *tty);
void tty_start(struct tty *tty);

/* Shared by tty.c and tty_ioctl.c. */
size_t tty_out_room(struct tty *tty);
/* Stores an int at guest address arg (the answer of many ioctls). */
long tty_put_int(uaddr_t arg, int32_t v);
void tty_out_put(struct tty *tty, const void *p, size_t n);
void tty_out_kick(struct tty *tty);
size_t tty_chars_in_buffer(struct tty *tty);
bool tty_canon(struct tty *tty);

/* tty_job.c: sessions, controlling terminals and job control. */
/* Checks a background process's access (sig SIGTTIN or SIGTTOU); 0, -EIO or -ERESTARTSYS. */
int tty_job_check(struct tty *tty, int sig);
/* Makes tty the controlling terminal of tg's session (tg a session leader) with tg's group in front. */
void tty_set_ctty(struct thread_group *tg, struct tty *tty);
/* The session leader tg disassociates (TIOCNOTTY or exit): SIGHUP to the foreground group. */
void tty_disassociate(struct thread_group *tg, bool on_exit);
/* A hangup: SIGHUP and SIGCONT to the session leader and the foreground group; the session loses tty. */
void tty_session_hangup(struct tty *tty);
long tty_ioctl_job(struct tty *tty, unsigned cmd, uaddr_t arg, bool master);
/* Sends sig to every process of a process group. */
void tty_signal_pgrp(int pgid, int sig);
/* Process exit: the session leader loses its terminal; newly orphaned stopped groups get SIGHUP+SIGCONT. */
void tty_process_exit(struct thread_group *tg, struct thread_group *reaper);
/* fork: the child shares its parent's controlling terminal. */
void tty_fork(struct thread_group *parent, struct thread_group *child);
/* setsid: the new session has no controlling terminal. */
void tty_setsid(struct thread_group *tg);
/* Opens /dev/tty: the caller's controlling terminal. */
int tty_open_ctty(struct task *t, struct file *f, int flags);

/* pty.c: pseudo-terminals and devpts. */
int ptmx_open(struct file *f, int flags);
int pty_slave_open(int index, struct file *f, int flags);
struct dentry *devpts_mount(struct super_block **sb_out);

/* console.c: the guest's console on ukern's host terminal (or stdio with -t). */
/*
 * Starts the console over host fds in and out (-1: detached), in_fd being a
 * host terminal if host_tty; listen_fd (or -1) accepts `ukern console` clients.
 */
struct tty *console_start(int in_fd, int out_fd, bool host_tty, int listen_fd);
/* Tells attached clients the guest's wait status and lets them go. */
void console_end(int status);
/* Waits (up to timeout) until the console's output has reached the host. */
void console_drain(int64_t timeout_ns);
/* Called on the host's SIGWINCH (async-signal-safe). */
void console_winch(void);
extern struct tty *console_tty;

#endif
