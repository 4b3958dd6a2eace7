/* SPDX-License-Identifier: MIT */
/* /bin/true for fork_exec_wait and the cold start: exits 0. */
int main(void)
{
	return 0;
}
