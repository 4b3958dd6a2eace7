#!/bin/sh
# mkdir -p / rm -rf, symlinks and readlink, hard links, chmod / stat,
# touch, truncate, dd, mkfifo, mktemp.
set -u
umask 022
S=/tmp/bbtest-files
rm -rf "$S"
mkdir -p "$S" && cd "$S" || exit 1

echo "== mkdir, rmdir, rm"
mkdir -p a/b/c/d
mkdir -p a/b/c/d
echo "mkdir -p again: $?"
mkdir a 2>&1
echo "mkdir existing: $?"
find a | sort
mkdir -m 700 m700
stat -c '%a %F' m700
rmdir a/b/c/d
rmdir -p a/b/c 2>/dev/null
ls -d a 2>&1
mkdir -p x/y/z && touch x/y/z/f x/y/g
rm -rf x
ls x 2>&1

echo "== symlinks"
echo target-content >target
ln -s target sym
ln -s /srv/data/hello.txt abs
ln -s missing dangling
ln -s . self
echo "readlink: $(readlink sym) $(readlink abs) $(readlink dangling)"
cat sym abs
readlink target
echo "readlink of regular file: $?"
echo "readlink -f: $(readlink -f sym | sed "s|$S|S|") $(readlink -f /srv/data/tree/a/up)"
echo "realpath: $(realpath /srv/data/tree/a/up/../a/./b)"
stat -c '%F' sym dangling target
stat -L -c '%F %s' sym
t()
{
	if "$@"; then echo "true: $*"; else echo "false: $*"; fi
}
t test -L dangling
t test -e dangling
t test -e sym
cat dangling 2>&1
echo "cat dangling: $?"
echo "via self: $(cat self/self/self/target)"
ln -s sym sym2
cat sym2
ln -sf abs sym2
readlink sym2
ln -s target sym 2>&1
echo "ln over existing: $?"
ln -sfn /srv/data/tree dirlink
ls dirlink
mkdir realdir
ln -s realdir rd
touch rd/inside
ls realdir
rm rd
ls -d realdir rd 2>&1

echo "== hard links"
echo hard >h1
ln h1 h2
stat -c '%h %s' h1 h2
echo more >>h2
cat h1
[ "$(stat -c %i h1)" = "$(stat -c %i h2)" ] && echo "same inode"
rm h1
stat -c '%h' h2
unlink h2
ls h1 h2 2>&1

echo "== chmod, stat"
touch f
for m in 644 600 755 4755 2711 1777 0; do
	chmod $m f
	echo "$m -> $(stat -c '%a %A' f)"
done
chmod 644 f
chmod u+x,g+w f
stat -c '%a' f
chmod a-r f
stat -c '%a' f
chmod go= f
stat -c '%a' f
chmod -R 700 realdir
stat -c '%a %n' realdir realdir/inside
chmod 644 missing 2>&1
echo "chmod missing: $?"

echo "== touch, truncate, dd"
touch -d '2001-02-03 04:05:06' dated
TZ=UTC0 stat -c '%Y %s' dated
truncate -s 100 dated
stat -c '%s' dated
truncate -s 10 dated
stat -c '%s' dated
dd if=/dev/zero of=zeros bs=512 count=8 2>/dev/null
stat -c '%s' zeros
dd if=/srv/data/numbers.txt bs=1 skip=2 count=5 2>/dev/null | od -An -c | tr -s ' '
printf 'abcdefghij' >p
dd if=/dev/zero of=p bs=1 seek=3 count=2 conv=notrunc 2>/dev/null
od -An -c p | tr -s ' '
dd if=/dev/zero bs=1k count=3 2>&1 >/dev/null | head -n 2

echo "== fifo, mktemp"
mkfifo fifo
stat -c '%F' fifo
t test -p fifo
(echo through-fifo >fifo) &
cat fifo
wait
tmp=$(mktemp)
case $tmp in /tmp/tmp.*) echo "mktemp in /tmp" ;; *) echo "mktemp: $tmp" ;; esac
stat -c '%a %s' "$tmp"
rm "$tmp"
d=$(mktemp -d -p "$S")
stat -c '%a %F' "$d"

cd / && rm -rf "$S"
