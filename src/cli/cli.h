/* SPDX-License-Identifier: MIT */
/* ukern's subcommands. */
#ifndef CLI_CLI_H
#define CLI_CLI_H

int cmd_syscalls(int argc, char **argv);
/* Leaves the process with status right away (other threads may still run guest work). */
int host_exit_status(int status);

#endif
