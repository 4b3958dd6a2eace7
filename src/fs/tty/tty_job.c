/* SPDX-License-Identifier: MIT */
/*
 * Sessions and job control on terminals (Linux tty_jobctrl.c): controlling
 * terminals, the foreground process group, SIGTTIN/SIGTTOU for background
 * readers and writers, hangups, and SIGHUP+SIGCONT to process groups that
 * become orphaned while they have stopped members.
 *
 * One deliberate difference: a parent that is the guest's init counts as a
 * link to the session when deciding whether a group is orphaned (Linux does
 * not count init). With Linux's rule, jobs of a shell running as pid 1 (the
 * usual `ukern run -it -- /bin/sh`) would be orphaned and Ctrl-Z would be
 * ignored, as it is for a shell that is pid 1 of a container.
 */
#include <string.h>
#include "abi/errno.h"
#include "abi/ioctl.h"
#include "fs/tty/tty.h"
#include "fs/vfs/vfs.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "mm/uaccess.h"

void tty_signal_pgrp(int pgid, int sig)
{
	struct thread_group *tg, *n;
	struct linux_siginfo info;

	memset(&info, 0, sizeof(info));
	info.si_signo = sig;
	info.si_code = LINUX_SI_KERNEL;
	list_for_each_entry_safe(tg, n, &all_thread_groups, all_link)
		if (tg->pgid == pgid && tg->state == TG_ALIVE)
			signal_send_tg(tg, sig, &info);
}

/* The signal is ignored or blocked by the caller (Linux is_ignored in tty_jobctrl.c). */
static bool sig_ignored_or_blocked(struct task *t, int sig)
{
	return t->tg->sighand->action[sig - 1].handler == LINUX_SIG_IGN || (signal_blocked(t) & SIGBIT(sig));
}

int tty_job_check(struct tty *tty, int sig)
{
	struct task *t = current;
	struct thread_group *tg = t->tg;

	if (tg->ctty != tty || !tty->pgrp || tg->pgid == tty->pgrp)
		return 0;
	if (sig_ignored_or_blocked(t, sig))
		return sig == LINUX_SIGTTIN ? -EIO : 0;
	if (tg_is_orphaned_pgrp(tg->pgid))
		return -EIO;
	tty_signal_pgrp(tg->pgid, sig);
	return -ERESTARTSYS;
}

void tty_set_ctty(struct thread_group *tg, struct tty *tty)
{
	tty_get(tty);
	tty_put(tg->ctty);
	tg->ctty = tty;
	tg->tty_old_pgrp = 0;
	tty->session = tg->sid;
	tty->pgrp = tg->pgid;
}

/* Every process of the session loses its controlling terminal. */
static void session_clear_tty(int sid)
{
	struct thread_group *tg;

	list_for_each_entry(tg, &all_thread_groups, all_link) {
		if (tg->sid == sid && tg->ctty) {
			tty_put(tg->ctty);
			tg->ctty = NULL;
		}
	}
}

void tty_disassociate(struct thread_group *tg, bool on_exit)
{
	struct tty *tty = tg->ctty;

	if (!tty) {
		/*
		 * The terminal hung up earlier: the group that was in front
		 * then hears of it now that its session leader is gone (Linux
		 * disassociate_ctty's tty_old_pgrp).
		 */
		if (on_exit && tg->tty_old_pgrp) {
			tty_signal_pgrp(tg->tty_old_pgrp, LINUX_SIGHUP);
			tty_signal_pgrp(tg->tty_old_pgrp, LINUX_SIGCONT);
		}
		tg->tty_old_pgrp = 0;
		return;
	}
	tg->tty_old_pgrp = 0;
	tty_get(tty);
	if (tty->pgrp) {
		tty_signal_pgrp(tty->pgrp, LINUX_SIGHUP);
		if (!on_exit)
			tty_signal_pgrp(tty->pgrp, LINUX_SIGCONT);
	}
	if (tty->session == tg->sid)
		tty->session = tty->pgrp = 0;
	session_clear_tty(tg->sid);
	tty_put(tty);
}

void tty_session_hangup(struct tty *tty)
{
	struct thread_group *leader;
	int sid = tty->session, pgrp = tty->pgrp;

	if (!sid)
		return;
	/*
	 * Only the session leader is told now (Linux tty_signal_session_leader);
	 * the foreground group gets its SIGHUP when the leader exits, or from
	 * the leader itself, as a shell passes it on to its jobs.
	 */
	leader = tg_by_tgid(sid);
	if (leader && leader->state == TG_ALIVE && leader->sid == sid) {
		signal_send_tg(leader, LINUX_SIGHUP, NULL);
		signal_send_tg(leader, LINUX_SIGCONT, NULL);
		leader->tty_old_pgrp = pgrp;
	}
	tty->session = tty->pgrp = 0;
	session_clear_tty(sid);
}

/* A live member of process group pgid, or NULL. */
static struct thread_group *pgrp_member(int pgid)
{
	struct thread_group *tg;

	list_for_each_entry(tg, &all_thread_groups, all_link)
		if (tg->pgid == pgid && tg->state == TG_ALIVE)
			return tg;
	return NULL;
}

long tty_ioctl_job(struct tty *tty, unsigned cmd, uaddr_t arg, bool master)
{
	struct thread_group *tg = current->tg, *m;
	int32_t v;
	long r;

	switch (cmd) {
	case LINUX_TIOCGPGRP:
		if (!master && tg->ctty != tty)
			return -ENOTTY;
		return tty_put_int(arg, tty->pgrp);
	case LINUX_TIOCGSID:
		if ((!master && tg->ctty != tty) || !tty->session)
			return -ENOTTY;
		return tty_put_int(arg, tty->session);
	case LINUX_TIOCSPGRP:
		/* Through the master too: Linux's tiocspgrp checks the slave. */
		r = tty_job_check(tty, LINUX_SIGTTOU);
		if (r == -EIO)
			return -ENOTTY;
		if (r)
			return r;
		if (copy_from_user(current->mm, &v, arg, 4))
			return -EFAULT;
		if (v < 0)
			return -EINVAL;
		if (tg->ctty != tty || tty->session != tg->sid)
			return -ENOTTY;
		m = pgrp_member(v);
		if (!m)
			return -ESRCH;
		if (m->sid != tg->sid)
			return -EPERM;
		tty->pgrp = v;
		return 0;
	case LINUX_TIOCSCTTY:
		if (tg->sid == tg->tgid && tty->session == tg->sid)
			return 0;
		if (tg->sid != tg->tgid || tg->ctty)
			return -EPERM;
		if (tty->session) {
			/* Stealing another session's terminal: root with arg 1 only. */
			if (arg != 1 || !cred_is_root(&tg->cred))
				return -EPERM;
			session_clear_tty(tty->session);
		}
		tty_set_ctty(tg, tty);
		return 0;
	case LINUX_TIOCNOTTY:
		if (tg->ctty != tty)
			return -ENOTTY;
		if (tg->sid == tg->tgid) {
			tty_disassociate(tg, false);
		} else {
			tty_put(tg->ctty);
			tg->ctty = NULL;
		}
		return 0;
	}
	return -ENOTTY;
}

static bool has_stopped(int pgid)
{
	struct thread_group *tg;

	list_for_each_entry(tg, &all_thread_groups, all_link)
		if (tg->pgid == pgid && tg->state == TG_ALIVE && tg->stopped)
			return true;
	return false;
}

/* Linux kill_orphaned_pgrp: tg's group loses its last link to the session when gone exits. */
static void kill_if_orphaned(struct thread_group *tg, struct thread_group *parent, struct thread_group *gone,
			     struct thread_group *reaper)
{
	if (!parent || parent->pgid == tg->pgid || parent->sid != tg->sid)
		return;
	if (tg_pgrp_orphaned_without(tg->pgid, gone, reaper) && has_stopped(tg->pgid)) {
		tty_signal_pgrp(tg->pgid, LINUX_SIGHUP);
		tty_signal_pgrp(tg->pgid, LINUX_SIGCONT);
	}
}

void tty_process_exit(struct thread_group *tg, struct thread_group *reaper)
{
	struct thread_group *c;

	if (tg->sid == tg->tgid)
		tty_disassociate(tg, true);
	if (tg->ctty) {
		tty_put(tg->ctty);
		tg->ctty = NULL;
	}
	list_for_each_entry(c, &tg->children, sibling)
		if (c->state == TG_ALIVE)
			kill_if_orphaned(c, tg, tg, reaper);
	/* tg itself was a member, and the link its parent gave may have been the last. */
	kill_if_orphaned(tg, tg->parent, tg, reaper);
}

void tty_fork(struct thread_group *parent, struct thread_group *child)
{
	child->ctty = parent->ctty;
	if (child->ctty)
		tty_get(child->ctty);
}

void tty_setsid(struct thread_group *tg)
{
	tty_put(tg->ctty);
	tg->ctty = NULL;
}

int tty_open_ctty(struct task *t, struct file *f, int flags)
{
	struct tty *tty = t->tg->ctty;

	if (!tty)
		return -ENXIO;
	return tty_open_file(tty, f, flags, true);
}
