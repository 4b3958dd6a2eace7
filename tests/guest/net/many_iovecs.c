/* tags: */
/* SPDX-License-Identifier: MIT */
/*
 * sendmsg/recvmsg with many iovec entries (up to UIO_MAXIOV = 1024): a
 * datagram gathered from 300 one-byte pieces arrives whole and scatters back
 * into 300 pieces; 1025 entries fail EMSGSIZE.
 */
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>
#include "check.h"

#define N 300

int main(void)
{
	static struct iovec iov[1025];
	static char out[N], in[N];
	struct msghdr mh = { 0 };
	int sv[2], i, ok = 1;

	for (i = 0; i < N; i++)
		out[i] = (char)('a' + i % 26);
	CHECK(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) == 0, "a datagram socket pair");
	for (i = 0; i < N; i++)
		iov[i] = (struct iovec){ out + i, 1 };
	mh.msg_iov = iov;
	mh.msg_iovlen = N;
	CHECK(sendmsg(sv[0], &mh, 0) == N, "sendmsg of 300 one-byte iovecs sends 300 bytes");
	for (i = 0; i < N; i++)
		iov[i] = (struct iovec){ in + N - 1 - i, 1 };
	CHECK(recvmsg(sv[1], &mh, 0) == N && !(mh.msg_flags & MSG_TRUNC), "recvmsg into 300 iovecs: all 300, not truncated");
	for (i = 0; i < N; i++)
		ok &= in[N - 1 - i] == out[i];
	CHECK(ok, "every byte landed in its own iovec");

	for (i = 0; i < 1025; i++)
		iov[i] = (struct iovec){ out, 1 };
	mh.msg_iovlen = 1025;
	CHECK_ERR(sendmsg(sv[0], &mh, 0), EMSGSIZE, "1025 iovecs fail EMSGSIZE");
	mh.msg_iovlen = 1024;
	CHECK(sendmsg(sv[0], &mh, 0) == 1024, "1024 iovecs are fine");
	close(sv[0]);
	close(sv[1]);
	return 0;
}
