/* tags: sandbox-only */
/* SPDX-License-Identifier: MIT */
/*
 * Inside ukern, IP sockets reach only the guest's own loopback: other
 * addresses are unreachable and cannot be bound. Never run natively.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include "check.h"

int main(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(80) };
	int s = socket(AF_INET, SOCK_STREAM, 0), d = socket(AF_INET, SOCK_DGRAM, 0);

	inet_pton(AF_INET, "192.0.2.1", &a.sin_addr); /* TEST-NET-1: never routed */
	CHECK_ERR(connect(s, (struct sockaddr *)&a, sizeof(a)), ENETUNREACH, "TCP outside: ENETUNREACH");
	CHECK_ERR(sendto(d, "x", 1, 0, (struct sockaddr *)&a, sizeof(a)), ENETUNREACH,
		  "UDP outside: ENETUNREACH");
	CHECK_ERR(bind(d, (struct sockaddr *)&a, sizeof(a)), EADDRNOTAVAIL, "binding an outside address");
	CHECK_ERR(socket(AF_NETLINK, SOCK_RAW, 0), EAFNOSUPPORT, "no netlink to the host");
	CHECK_ERR(socket(AF_PACKET, SOCK_RAW, 0), EAFNOSUPPORT, "no packet sockets");
	return 0;
}
