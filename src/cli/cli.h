/* SPDX-License-Identifier: MIT */
/* ukern's subcommands. */
#ifndef CLI_CLI_H
#define CLI_CLI_H
#include <stddef.h>

int cmd_syscalls(int argc, char **argv);
int cmd_console(int argc, char **argv);
int cmd_mkimage(int argc, char **argv);
int cmd_cow(int argc, char **argv);
int cmd_recover(int argc, char **argv);
struct super_block;
struct dentry;
/* --disk: mounts the root disk if one is given (1), none (0), or fails (-1, message printed). */
int disks_root(char **disks, int n, struct super_block **sb, struct dentry **root);
/* The other --disk and every --mount, on their guest paths. 0 or -1 (message printed). */
int disks_mount(char **disks, int ndisks, char **mounts, int nmounts);
/* The control socket of guest NAME: its path, and a listening socket there (-1 with a message). */
int console_socket_path(const char *name, char *buf, size_t n);
int console_listen(const char *name, char *path, size_t n);
/* Leaves the process with status right away (other threads may still run guest work). */
int host_exit_status(int status);

#endif
