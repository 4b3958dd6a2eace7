#!/bin/bash
# gcc and make: compile, link and run a hello world; a 2-target Makefile.
set -u
umask 022
W=/tmp/deb-gcc
rm -rf "$W"
mkdir -p "$W"
cd "$W" || exit 1

cat >hello.c <<'CEOF'
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	printf("hello, world from %s with %d args\n", strrchr(argv[0], '/') + 1, argc - 1);
	return 0;
}
CEOF
gcc -O2 -Wall -c hello.c -o hello.o && echo "compiled: $(file -b hello.o | cut -d, -f1)"
gcc hello.o -o hello && echo "linked: $(file -b hello | cut -d, -f1)"
./hello a b
echo "status: $?"
gcc -static -O2 hello.c -o hello-static && ./hello-static static
echo "static: $(file -b hello-static | grep -o 'statically linked')"

cat >util.h <<'CEOF'
int square(int x);
CEOF
cat >util.c <<'CEOF'
#include "util.h"

int square(int x)
{
	return x * x;
}
CEOF
cat >main.c <<'CEOF'
#include <stdio.h>
#include <math.h>
#include "util.h"

int main(void)
{
	printf("square(12) = %d, sqrt(2) = %.6f\n", square(12), sqrt(2.0));
	return 3;
}
CEOF
printf 'CFLAGS = -O2 -Wall\n\nall: prog report.txt\n\nprog: main.o util.o\n\t$(CC) -o $@ $^ -lm\n\n%%.o: %%.c util.h\n\t$(CC) $(CFLAGS) -c -o $@ $<\n\nreport.txt: prog\n\t-./prog > $@\n\techo built >> $@\n\nclean:\n\trm -f prog *.o report.txt\n\n.PHONY: all clean\n' >Makefile
make
echo "make status: $?"
cat report.txt
make
echo "second make: $?"
touch -d '2000-01-01' util.c util.h main.c
make -q; echo "up to date: $?"
touch util.c
make -q; echo "after touch: $?"
make -s && echo "rebuilt"
make -s clean && ls
make -j2 -s && ./prog
echo "prog status: $?"
echo 'int main(void) { return undeclared; }' >bad.c
gcc -c bad.c 2>&1 | grep -c error
echo "gcc error status: ${PIPESTATUS[0]}"

cd / && rm -rf "$W"
echo "done"
