#!/bin/sh
# cp -a, diff -r, cmp, mv, rm, and what cp -a preserves.
set -u
umask 022
S=/tmp/bbtest-cp
rm -rf "$S"
mkdir -p "$S" && cd "$S" || exit 1

cp -a /srv/data copy
diff -r /srv/data copy && echo "diff -r: identical"
echo "modes: $(stat -c %a copy/script.sh copy/hello.txt copy/tree | tr '\n' ' ')"
echo "link kept: $(readlink copy/link-to-hello) $(readlink copy/tree/a/up)"
[ "$(stat -c %Y copy/hello.txt)" = "$(stat -c %Y /srv/data/hello.txt)" ] && echo "mtime preserved"
stat -c %Y copy/hello.txt copy/tree/x/four.log

echo extra >>copy/hello.txt
rm copy/tree/x/.hidden
echo new >copy/tree/new.txt
diff -rq /srv/data copy >dq
echo "diff -rq status: $?"
sort dq
# the ---/+++ header lines carry modification times
diff /srv/data/hello.txt copy/hello.txt >d.out
echo "diff status: $?"
sed '/^---/d; /^+++/d' d.out
rm dq d.out
cmp /srv/data/hello.txt copy/hello.txt 2>&1
echo "cmp status: $?"
printf 'hello World\n' >w
cmp /srv/data/hello.txt w
echo "cmp status: $?"
cmp -s /srv/data/hello.txt /srv/data/hello.txt
echo "cmp -s same: $?"

echo "== cp variants"
cp /srv/data/hello.txt plain
stat -c '%a %s' plain
cp -L copy/link-to-hello deref
stat -c %F deref
cp -P copy/link-to-hello nodef
stat -c %F nodef
cp -r /srv/data/tree rtree
diff -r /srv/data/tree rtree >/dev/null && echo "cp -r same content"
mkdir into
cp /srv/data/hello.txt /srv/data/fruits.txt into/
ls into
cp /srv/data/missing into/ 2>&1
echo "cp missing: $?"

echo "== mv and rm"
mv plain moved
ls plain moved 2>&1
mv moved into/
ls into
mv into renamed
ls -d into renamed 2>&1
rm renamed/hello.txt
ls renamed
rm -r renamed
ls -d renamed 2>&1
rmdir copy 2>&1
echo "rmdir non-empty: $?"
rm -rf copy rtree
rm missing 2>&1
echo "rm missing: $?"
rm -f missing
echo "rm -f missing: $?"
ls

cd / && rm -rf "$S"
