#!/bin/sh
# printf and echo formatting, seq, checksums, hex dumps, base64.
set -u
umask 022

echo "== printf"
printf '%s|%5s|%-5s|%.2s\n' abc abc abc abc
printf '%d|%5d|%-5d|%05d|%+d\n' 42 42 42 42 42
printf '%x|%X|%o|%#x|%#o\n' 255 255 8 255 8
printf '%c%c%c\n' hello world !
printf '%%|%b|%s\n' 'a\tb' 'a\tb'
printf '%s\n' one two three
printf '%s=%s\n' k1 v1 k2 v2 k3
printf '%.3f|%10.2f|%e|%g\n' 3.14159 2.5 12345.678 0.0001
printf '\101\102\x43\n'
printf 'no newline'
printf '\n'
printf '%d\n' "'A"
printf '%d\n' 0x10 010
printf '%d\n' notanumber 2>/dev/null
echo "printf bad number: $?"
echo "== echo"
echo -n "no newline"
echo
echo -e 'tab\there\nnewline'
echo "a  b" c
echo

echo "== seq"
seq 3
seq 2 4
seq 10 -3 1 | tr '\n' ' '; echo
seq -s, 1 5
seq -w 8 11 | tr '\n' ' '; echo
seq 0.5 0.5 2 | tr '\n' ' '; echo

echo "== checksums"
seq 1 1000 | md5sum
seq 1 1000 | sha1sum
seq 1 1000 | sha256sum
printf '' | md5sum
md5sum /srv/data/hello.txt /srv/data/fruits.txt
(cd /srv/data && md5sum hello.txt fruits.txt) >/tmp/bbtest-sums
(cd /srv/data && md5sum -c /tmp/bbtest-sums)
rm /tmp/bbtest-sums
printf 'abc' | sha512sum | cut -c1-32
printf 'abc' | crc32
dd if=/dev/zero bs=1k count=64 2>/dev/null | md5sum
yes abc | head -n 10000 | md5sum

echo "== dumps"
printf 'Hi!\n\0\377' | od -An -tx1
printf 'Hi!\n' | od -c | head -n 1
printf 'hello world 0123456789' | hexdump -C
printf 'xyz' | xxd
printf 'hello' | xxd -p
echo 68656c6c6f0a | xxd -r -p

echo "== base64, uuencode"
printf 'hello world' | base64
echo aGVsbG8gd29ybGQ= | base64 -d
echo
seq 1 100 | base64 | base64 -d | md5sum
printf 'data' | uuencode - | sed -n '2p'
