/* tags: net */
/* SPDX-License-Identifier: MIT */
/*
 * Abstract AF_UNIX names ("\0name"): exact-length matching, no file created,
 * EADDRINUSE, reuse after close, and autobind (bind with only the family).
 */
#include <dirent.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/un.h>
#include "check.h"

static char tag[32];

/* Abstract address "\0<tag><suffix>"; the pid in tag keeps parallel runs apart. */
static socklen_t mkabs(struct sockaddr_un *sa, const char *suffix)
{
	size_t n;

	memset(sa, 0, sizeof(*sa));
	sa->sun_family = AF_UNIX;
	n = snprintf(sa->sun_path + 1, sizeof(sa->sun_path) - 1, "%s%s", tag, suffix);
	return offsetof(struct sockaddr_un, sun_path) + 1 + n;
}

static int entries(void)
{
	DIR *d = opendir(".");
	struct dirent *de;
	int n = 0;

	if (!d)
		return -1;
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

static int is_hex5(const char *s)
{
	int i;

	for (i = 0; i < 5; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return 1;
}

int main(void)
{
	struct sockaddr_un a, b, got;
	socklen_t alen, blen, glen;
	int la, lb, c, s, d;
	char buf[16];

	snprintf(tag, sizeof(tag), "ukt-%d-", (int)getpid());
	alen = mkabs(&a, "a");
	blen = mkabs(&b, "b");

	la = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK(bind(la, (struct sockaddr *)&a, alen) == 0, "bind abstract name a");
	CHECK(entries() == 0, "no file is created for an abstract name");
	glen = sizeof(got);
	CHECK(getsockname(la, (struct sockaddr *)&got, &glen) == 0 && glen == alen &&
		      memcmp(&got, &a, alen) == 0,
	      "getsockname returns the exact abstract name and length");
	CHECK(listen(la, 4) == 0, "listen on a");
	lb = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK_ERR(bind(lb, (struct sockaddr *)&a, alen), EADDRINUSE, "a again: EADDRINUSE");
	CHECK(bind(lb, (struct sockaddr *)&b, blen) == 0 && listen(lb, 4) == 0,
	      "bind and listen on a second name b");

	/* Connect to each name and check which listener answers. */
	c = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK(connect(c, (struct sockaddr *)&b, blen) == 0, "connect to b");
	glen = sizeof(got);
	CHECK(getpeername(c, (struct sockaddr *)&got, &glen) == 0 && glen == blen &&
		      memcmp(&got, &b, blen) == 0,
	      "getpeername gives b");
	CHECK(write(c, "to-b", 4) == 4, "write to b");
	s = accept(lb, NULL, NULL);
	CHECK(s >= 0 && read(s, buf, sizeof(buf)) == 4 && memcmp(buf, "to-b", 4) == 0,
	      "b's listener receives it");
	close(s);
	close(c);
	c = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK(connect(c, (struct sockaddr *)&a, alen) == 0 && write(c, "to-a", 4) == 4,
	      "connect to a and write");
	s = accept(la, NULL, NULL);
	CHECK(s >= 0 && read(s, buf, sizeof(buf)) == 4 && memcmp(buf, "to-a", 4) == 0,
	      "a's listener receives it");
	close(s);
	close(c);

	/* The length is part of the name. */
	c = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK_ERR(connect(c, (struct sockaddr *)&a, alen + 1), ECONNREFUSED,
		  "name plus a trailing NUL is a different name: ECONNREFUSED");
	CHECK_ERR(connect(c, (struct sockaddr *)&a, alen - 1), ECONNREFUSED,
		  "a prefix of the name: ECONNREFUSED");
	d = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK(bind(d, (struct sockaddr *)&a, alen + 1) == 0,
	      "name with an embedded NUL can be bound beside it");
	close(d);
	close(c);

	/* Closing frees the name. */
	close(lb);
	c = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK_ERR(connect(c, (struct sockaddr *)&b, blen), ECONNREFUSED,
		  "closed abstract listener: ECONNREFUSED");
	close(c);
	lb = socket(AF_UNIX, SOCK_DGRAM, 0);
	CHECK(bind(lb, (struct sockaddr *)&b, blen) == 0, "b can be bound again after close");

	/* Autobind. */
	d = socket(AF_UNIX, SOCK_DGRAM, 0);
	CHECK(bind(d, (struct sockaddr *)&a, sizeof(sa_family_t)) == 0,
	      "bind with only the family autobinds");
	glen = sizeof(got);
	memset(&got, 0, sizeof(got));
	CHECK(getsockname(d, (struct sockaddr *)&got, &glen) == 0, "getsockname");
	CHECK(glen == offsetof(struct sockaddr_un, sun_path) + 6 && got.sun_path[0] == 0 &&
		      is_hex5(got.sun_path + 1),
	      "autobound name is NUL and five hex digits");
	CHECK(entries() == 0, "autobind creates no file");
	CHECK_ERR(bind(d, (struct sockaddr *)&a, alen), EINVAL, "bind after autobind: EINVAL");
	CHECK(sendto(lb, "hi", 2, 0, (struct sockaddr *)&got, glen) == 2,
	      "sendto the autobound name");
	blen = sizeof(b);
	CHECK(recvfrom(d, buf, sizeof(buf), 0, (struct sockaddr *)&b, &blen) == 2 &&
		      memcmp(buf, "hi", 2) == 0,
	      "autobound socket receives it");
	s = socket(AF_UNIX, SOCK_DGRAM, 0);
	CHECK(bind(s, (struct sockaddr *)&a, sizeof(sa_family_t)) == 0, "autobind a second one");
	blen = sizeof(b);
	CHECK(getsockname(s, (struct sockaddr *)&b, &blen) == 0 && blen == glen &&
		      memcmp(&b, &got, glen) != 0,
	      "two autobound names differ");
	close(s);
	close(d);
	close(lb);
	close(la);
	return 0;
}
