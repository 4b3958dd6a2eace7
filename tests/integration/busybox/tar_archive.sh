#!/bin/sh
# tar c | tar x round trips, compressed archives, cpio.
set -u
umask 022
S=/tmp/bbtest-tar
rm -rf "$S"
mkdir -p "$S" && cd "$S" || exit 1

mkdir x
(cd /srv/data && tar cf - .) | (cd x && tar xf -)
diff -r /srv/data x && echo "tar pipe round trip: identical"
echo "modes: $(stat -c %a x/script.sh x/hello.txt | tr '\n' ' ')"
echo "link: $(readlink x/link-to-hello)"
[ "$(stat -c %Y x/tree/x/four.log)" = "$(stat -c %Y /srv/data/tree/x/four.log)" ] && echo "mtime kept"

tar cf a.tar -C /srv/data tree hello.txt
tar tf a.tar | sort
mkdir y
tar xf a.tar -C y
diff -r /srv/data/tree y/tree && echo "tar file round trip: identical"

tar czf a.tgz -C /srv/data tree
tar tzf a.tgz | sort | head -n 4
mkdir z
tar xzf a.tgz -C z
diff -r /srv/data/tree z/tree && echo "tgz round trip: identical"
gunzip -c a.tgz | tar tf - | wc -l

tar cjf a.tbz -C /srv/data tree
mkdir b
tar xjf a.tbz -C b
diff -r /srv/data/tree b/tree && echo "tbz round trip: identical"

tar xOf a.tar tree/a/b/c/three.txt | uniq -c | awk '{print $1, $2}'
tar xf a.tar -C y tree/a/one.txt
echo "single member: $(cat y/tree/a/one.txt)"
tar tf a.tar nothing-here 2>/dev/null
echo "missing member status: $?"

(cd /srv/data && find tree | sort | cpio -o -H newc 2>/dev/null) >a.cpio
mkdir c
(cd c && cpio -i -d <../a.cpio 2>/dev/null)
diff -r /srv/data/tree c/tree && echo "cpio round trip: identical"
cpio -t <a.cpio 2>/dev/null | wc -l

cd / && rm -rf "$S"
