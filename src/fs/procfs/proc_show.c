/* SPDX-License-Identifier: MIT */
/* Contents of /proc files, generated from ukern's state when the file is opened. */
#include <string.h>
#include "abi/errno.h"
#include "fs/procfs/procfs_internal.h"
#include "fs/vfs/vfs.h"
#include "host/host.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "lib/kstd.h"
#include "lib/strbuf.h"
#include "mm/mm.h"
#include "mm/uaccess.h"

static struct pnode *pn(struct inode *i)
{
	return i->priv;
}

static char state_of(struct task *t)
{
	if (!t || t->tg->state != TG_ALIVE)
		return 'Z';
	if (t->tg->stopped)
		return 'T';
	return t->in_guest || t == current ? 'R' : 'S';
}

static const char *state_name(char c)
{
	switch (c) {
	case 'R': return "R (running)";
	case 'S': return "S (sleeping)";
	case 'T': return "T (stopped)";
	default: return "Z (zombie)";
	}
}

static void show_user_range(struct strbuf *sb, struct mm *mm, uaddr_t start, uaddr_t end)
{
	char buf[4096];

	while (mm && start < end) {
		size_t n = MIN(sizeof(buf), (size_t)(end - start));

		if (copy_from_user(mm, buf, start, n))
			break;
		sb_add(sb, buf, n);
		start += n;
	}
}

static uint64_t ticks(int64_t ns)
{
	return (uint64_t)(ns / 10000000);
}

static void show_stat(struct strbuf *sb, struct thread_group *tg, struct task *t)
{
	struct mm *mm = t ? t->mm : NULL;
	int64_t cpu = t ? task_cpu_ns(t) : tg->dead_threads_ns;

	if (!t)
		cpu = tg_cpu_ns(tg);
	sb_printf(sb, "%d (%s) %c %d %d %d 0 -1 4194304 0 0 0 0 %llu 0 %llu 0 20 0 %d 0 %llu %llu %llu "
		  "18446744073709551615 0 0 %llu 0 0 0 0 0 0 0 0 0 %d 0 0 0 0 0 0 0 0 %llu %llu %llu %llu %d\n",
		  t ? t->tid : tg->tgid, t ? t->comm : "", state_of(t), tg->parent ? tg->parent->tgid : 0, tg->pgid,
		  tg->sid, (unsigned long long)ticks(cpu), (unsigned long long)ticks(tg->children_ns),
		  tg->nr_threads, (unsigned long long)ticks(tg->start_boot_ns),
		  (unsigned long long)(mm ? mm_total_vm(mm) : 0), (unsigned long long)(mm ? mm_total_vm(mm) / 4096 / 4 : 0),
		  (unsigned long long)(mm ? mm->stack_top : 0), tg->exit_signal,
		  (unsigned long long)(mm ? mm->arg_start : 0), (unsigned long long)(mm ? mm->arg_end : 0),
		  (unsigned long long)(mm ? mm->env_start : 0), (unsigned long long)(mm ? mm->env_end : 0),
		  tg->state == TG_ZOMBIE ? tg->exit_status : 0);
}

static void sigset_line(struct strbuf *sb, const char *name, linux_sigset_t s)
{
	sb_printf(sb, "%s:\t%016llx\n", name, (unsigned long long)s);
}

static void show_status(struct strbuf *sb, struct thread_group *tg, struct task *t)
{
	const struct cred *c = &tg->cred;
	struct mm *mm = t ? t->mm : NULL;
	linux_sigset_t ign = 0, cgt = 0;
	int i;

	for (i = 0; i < LINUX_NSIG; i++) {
		uint64_t h = tg->sighand ? tg->sighand->action[i].handler : 0;

		if (h == LINUX_SIG_IGN)
			ign |= 1ULL << i;
		else if (h != LINUX_SIG_DFL)
			cgt |= 1ULL << i;
	}
	sb_printf(sb, "Name:\t%s\nUmask:\t%04o\nState:\t%s\nTgid:\t%d\nNgid:\t0\nPid:\t%d\nPPid:\t%d\n"
		  "TracerPid:\t0\nUid:\t%u\t%u\t%u\t%u\nGid:\t%u\t%u\t%u\t%u\nFDSize:\t%d\nGroups:\t",
		  t ? t->comm : "", t && t->fs ? t->fs->umask : 0, state_name(state_of(t)), tg->tgid,
		  t ? t->tid : tg->tgid, tg->parent ? tg->parent->tgid : 0, c->uid, c->euid, c->suid, c->fsuid,
		  c->gid, c->egid, c->sgid, c->fsgid, t && t->files ? t->files->max : 0);
	for (i = 0; i < c->ngroups; i++)
		sb_printf(sb, "%u ", c->groups[i]);
	sb_puts(sb, "\n");
	if (mm) {
		uint64_t kb = mm_total_vm(mm) / 1024;

		sb_printf(sb, "VmPeak:\t%8llu kB\nVmSize:\t%8llu kB\nVmLck:\t       0 kB\nVmHWM:\t%8llu kB\n"
			  "VmRSS:\t%8llu kB\nVmData:\t%8llu kB\nVmStk:\t     132 kB\nVmExe:\t       0 kB\n"
			  "VmLib:\t       0 kB\nVmSwap:\t       0 kB\n", (unsigned long long)kb,
			  (unsigned long long)kb, (unsigned long long)kb / 4, (unsigned long long)kb / 4,
			  (unsigned long long)kb / 2);
	}
	sb_printf(sb, "Threads:\t%d\nSigQ:\t0/63536\n", tg->nr_threads);
	sigset_line(sb, "SigPnd", t ? t->pending.set : 0);
	sigset_line(sb, "ShdPnd", tg->shared_pending.set);
	sigset_line(sb, "SigBlk", t ? signal_blocked(t) : 0);
	sigset_line(sb, "SigIgn", ign);
	sigset_line(sb, "SigCgt", cgt);
	sb_printf(sb, "CapInh:\t0000000000000000\nCapPrm:\t%s\nCapEff:\t%s\nCapBnd:\t000001ffffffffff\n"
		  "CapAmb:\t0000000000000000\nNoNewPrivs:\t0\nSeccomp:\t0\nCpus_allowed:\t%x\n"
		  "Cpus_allowed_list:\t0-%d\nvoluntary_ctxt_switches:\t0\nnonvoluntary_ctxt_switches:\t0\n",
		  c->euid == 0 ? "000001ffffffffff" : "0000000000000000",
		  c->euid == 0 ? "000001ffffffffff" : "0000000000000000", (1 << host_ncpus()) - 1,
		  host_ncpus() - 1);
}

static void show_limits(struct strbuf *sb, struct thread_group *tg)
{
	static const char *const names[] = { "Max cpu time", "Max file size", "Max data size", "Max stack size",
		"Max core file size", "Max resident set", "Max processes", "Max open files", "Max locked memory",
		"Max address space", "Max file locks", "Max pending signals", "Max msgqueue size",
		"Max nice priority", "Max realtime priority", "Max realtime timeout" };
	static const char *const units[] = { "seconds", "bytes", "bytes", "bytes", "bytes", "bytes",
		"processes", "files", "bytes", "bytes", "locks", "signals", "bytes", "", "", "us" };
	int i;

	sb_printf(sb, "%-25s %-20s %-20s %-10s\n", "Limit", "Soft Limit", "Hard Limit", "Units");
	for (i = 0; i < 16; i++) {
		char s[24], h[24];

		if (tg->rlim[i].cur == LINUX_RLIM_INFINITY)
			ksnprintf(s, sizeof(s), "unlimited");
		else
			ksnprintf(s, sizeof(s), "%llu", (unsigned long long)tg->rlim[i].cur);
		if (tg->rlim[i].max == LINUX_RLIM_INFINITY)
			ksnprintf(h, sizeof(h), "unlimited");
		else
			ksnprintf(h, sizeof(h), "%llu", (unsigned long long)tg->rlim[i].max);
		sb_printf(sb, "%-25s %-20s %-20s %-10s\n", names[i], s, h, units[i]);
	}
}

static void show_global(struct strbuf *sb, int type)
{
	uint64_t total = 0, avail = 0;
	int64_t boot = clock_boot_ns();
	double la[3] = { 0, 0, 0 };
	char *host;

	switch (type) {
	case P_MEMINFO:
		host_meminfo(&total, &avail);
		sb_printf(sb, "MemTotal:       %8llu kB\nMemFree:        %8llu kB\nMemAvailable:   %8llu kB\n"
			  "Buffers:               0 kB\nCached:                0 kB\nSwapCached:            0 kB\n"
			  "Active:                0 kB\nInactive:              0 kB\nSwapTotal:             0 kB\n"
			  "SwapFree:              0 kB\nDirty:                 0 kB\nShmem:                 0 kB\n"
			  "Slab:                  0 kB\nSReclaimable:          0 kB\nCommitLimit:    %8llu kB\n",
			  (unsigned long long)(total / 1024), (unsigned long long)(avail / 1024),
			  (unsigned long long)(avail / 1024), (unsigned long long)(total / 2048));
		break;
	case P_VMSTAT:
		host = host_read_proc("vmstat");
		if (host)
			sb_puts(sb, host);
		kfree(host);
		break;
	case P_CPUINFO:
		host = host_read_proc("cpuinfo");
		if (host)
			sb_puts(sb, host);
		kfree(host);
		break;
	case P_UPTIME:
		sb_printf(sb, "%lld.%02lld %lld.%02lld\n", (long long)(boot / 1000000000),
			  (long long)(boot / 10000000 % 100), (long long)(boot / 1000000000 * host_ncpus()),
			  (long long)(boot / 10000000 % 100));
		break;
	case P_LOADAVG:
		host_loadavg(la);
		sb_printf(sb, "%.2f %.2f %.2f %d/%d %d\n", la[0], la[1], la[2], 1, nr_running_processes(),
			  current->tid);
		break;
	case P_STAT_GLOBAL: {
		char *p, *line;

		host = host_read_proc("stat");
		for (p = host; p && (line = p) && *p;) {
			char *nl = strchr(p, '\n');

			if (nl)
				*nl = 0;
			if (!strncmp(line, "cpu", 3))
				sb_printf(sb, "%s\n", line);
			p = nl ? nl + 1 : p + strlen(p);
		}
		kfree(host);
		sb_printf(sb, "intr 0\nctxt 0\nbtime %lld\nprocesses %d\nprocs_running 1\nprocs_blocked 0\n",
			  (long long)((clock_realtime_ns() - boot) / 1000000000), nr_running_processes());
		break;
	}
	case P_VERSION:
		sb_printf(sb, "Linux version %s (ukern@ukern) (gcc) %s\n", UKERN_RELEASE, UKERN_VERSION_STR);
		break;
	case P_FILESYSTEMS:
		sb_puts(sb, "nodev\tsysfs\nnodev\ttmpfs\nnodev\tdevtmpfs\nnodev\tproc\nnodev\tdevpts\n"
			    "\text2\n\text3\n\text4\n");
		break;
	case P_HOSTNAME: sb_printf(sb, "%s\n", uts_hostname); break;
	case P_DOMAINNAME: sb_printf(sb, "%s\n", uts_domainname); break;
	case P_OSRELEASE: sb_printf(sb, "%s\n", UKERN_RELEASE); break;
	case P_OSTYPE: sb_puts(sb, "Linux\n"); break;
	case P_KVERSION: sb_printf(sb, "%s\n", UKERN_VERSION_STR); break;
	case P_PIDMAX: sb_puts(sb, "32768\n"); break;
	case P_NGROUPS_MAX: sb_puts(sb, "65536\n"); break;
	case P_CAP_LAST_CAP: sb_puts(sb, "40\n"); break;
	case P_OVERCOMMIT: sb_puts(sb, "0\n"); break;
	}
}

int proc_file_open(struct dentry *d, struct file *f, int flags)
{
	struct pnode *n = pn(d->inode);
	struct strbuf *sb = kzalloc(sizeof(*sb));
	struct thread_group *tg = n->pid ? tg_by_tgid(n->pid) : NULL;
	struct task *t = n->pid ? proc_task(n) : NULL;

	(void)flags;
	sb_init(sb);
	f->ops = proc_file_ops();
	f->priv = sb;
	if (n->pid && !tg)
		return -ESRCH;
	switch (n->type) {
	case P_STAT:
		show_stat(sb, tg, t);
		break;
	case P_STATUS:
		show_status(sb, tg, t);
		break;
	case P_CMDLINE:
		if (t && t->mm)
			show_user_range(sb, t->mm, t->mm->arg_start, t->mm->arg_end);
		break;
	case P_ENVIRON:
		if (t && t->mm)
			show_user_range(sb, t->mm, t->mm->env_start, t->mm->env_end);
		break;
	case P_COMM:
		sb_printf(sb, "%s\n", t ? t->comm : "");
		break;
	case P_MAPS:
	case P_SMAPS:
		if (t && t->mm)
			mm_show_maps(t->mm, sb, n->type == P_SMAPS);
		break;
	case P_STATM:
		if (t && t->mm) {
			uint64_t pages = mm_total_vm(t->mm) / 4096;

			sb_printf(sb, "%llu %llu 0 0 0 %llu 0\n", (unsigned long long)pages,
				  (unsigned long long)pages / 4, (unsigned long long)pages / 2);
		}
		break;
	case P_AUXV:
		if (t && t->mm)
			sb_add(sb, t->mm->auxv, sizeof(uint64_t) * (size_t)t->mm->nauxv);
		break;
	case P_LIMITS:
		show_limits(sb, tg);
		break;
	case P_MOUNTS:
	case P_MOUNTINFO:
		if (t && t->fs)
			vfs_show_mounts(sb, &t->fs->root, n->type == P_MOUNTINFO);
		break;
	case P_FDINFO: {
		struct file *fl = t && t->files && n->fd < t->files->max ? t->files->fd[n->fd] : NULL;

		if (!fl)
			return -ENOENT;
		sb_printf(sb, "pos:\t%lld\nflags:\t0%o\nmnt_id:\t%d\nino:\t%llu\n", (long long)fl->pos,
			  fl->flags | (t->files->cloexec[n->fd] ? LINUX_O_CLOEXEC : 0),
			  fl->path.mnt ? fl->path.mnt->id : 0, (unsigned long long)(fl->inode ? fl->inode->ino : 0));
		break;
	}
	default:
		show_global(sb, n->type);
	}
	return 0;
}

long proc_file_read(struct file *f, void *buf, size_t n, int64_t *pos)
{
	struct strbuf *sb = f->priv;

	if (*pos >= (int64_t)sb->len)
		return 0;
	if (n > sb->len - (size_t)*pos)
		n = sb->len - (size_t)*pos;
	memcpy(buf, sb->buf + *pos, n);
	*pos += (int64_t)n;
	return (long)n;
}

long proc_file_write(struct file *f, const void *buf, size_t n, int64_t *pos)
{
	struct pnode *pnode = pn(f->inode);
	char tmp[65];
	size_t l = MIN(n, sizeof(tmp) - 1);

	(void)pos;
	memcpy(tmp, buf, l);
	tmp[l] = 0;
	if (l && tmp[l - 1] == '\n')
		tmp[--l] = 0;
	switch (pnode->type) {
	case P_COMM: {
		struct task *t = proc_task(pnode);

		if (!t)
			return -ESRCH;
		task_set_comm(t, tmp);
		return (long)n;
	}
	case P_HOSTNAME:
		if (!cred_is_root(&current->tg->cred))
			return -EPERM;
		memcpy(uts_hostname, tmp, l + 1);
		return (long)n;
	case P_DOMAINNAME:
		if (!cred_is_root(&current->tg->cred))
			return -EPERM;
		memcpy(uts_domainname, tmp, l + 1);
		return (long)n;
	}
	return -EINVAL;
}

int64_t proc_file_llseek(struct file *f, int64_t off, int whence)
{
	struct strbuf *sb = f->priv;
	int64_t base = whence == LINUX_SEEK_SET ? 0 : whence == LINUX_SEEK_CUR ? f->pos : (int64_t)sb->len;

	if (whence > LINUX_SEEK_END || base + off < 0)
		return -EINVAL;
	f->pos = base + off;
	return f->pos;
}

void proc_file_release(struct file *f)
{
	struct strbuf *sb = f->priv;

	if (sb) {
		sb_free(sb);
		kfree(sb);
	}
}
