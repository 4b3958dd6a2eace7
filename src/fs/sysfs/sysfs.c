/* SPDX-License-Identifier: MIT */
/*
 * sysfs: a tmpfs filled once at start with what glibc, Python and procps read
 * (/sys/devices/system/cpu/{online,possible,present,kernel_max,cpuN}); ukern
 * mounts it read-only.
 */
#include <string.h>
#include "fs/sysfs/sysfs.h"
#include "fs/tmpfs/tmpfs.h"
#include "fs/vfs/vfs.h"
#include "host/host.h"
#include "lib/kstd.h"

struct dentry *sysfs_mount(struct super_block **sb_out)
{
	struct dentry *root = tmpfs_mount(0755, sb_out, "sysfs");
	struct dentry *dev, *sys, *cpu;
	char list[32], name[16];
	int n = host_ncpus(), i;

	(*sb_out)->statfs = NULL;
	dev = tmpfs_add_dir(root, "devices", 0755);
	sys = tmpfs_add_dir(dev, "system", 0755);
	cpu = tmpfs_add_dir(sys, "cpu", 0755);
	if (n > 1)
		ksnprintf(list, sizeof(list), "0-%d\n", n - 1);
	else
		ksnprintf(list, sizeof(list), "0\n");
	tmpfs_add_file(cpu, "online", 0444, list);
	tmpfs_add_file(cpu, "possible", 0444, list);
	tmpfs_add_file(cpu, "present", 0444, list);
	tmpfs_add_file(cpu, "kernel_max", 0444, "8191\n");
	for (i = 0; i < n; i++) {
		ksnprintf(name, sizeof(name), "cpu%d", i);
		tmpfs_add_file(tmpfs_add_dir(cpu, name, 0755), "online", 0444, "1\n");
	}
	tmpfs_add_dir(root, "fs", 0755);
	tmpfs_add_dir(root, "kernel", 0755);
	tmpfs_add_dir(root, "class", 0755);
	tmpfs_add_dir(root, "bus", 0755);
	return root;
}
