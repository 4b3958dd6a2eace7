#!/bin/sh
# Makes a small guest root filesystem from Debian's static busybox.
# Usage: tests/integration/mkroot-busybox.sh DIR
#
# DIR gets /bin/busybox with one symlink per applet (including /bin/sh),
# /etc/{passwd,group,hostname,hosts}, /tmp (1777), empty /proc /dev /sys,
# /root, /home, and a fixed set of files under /srv/data for the scenarios
# in tests/integration/busybox/ to play with (modes and times are fixed so
# listings are deterministic). Quick and idempotent: a stamp file in DIR
# records what was built, and a complete DIR is left alone.
set -eu

STAMP_VERSION=3
DIR=${1:?usage: mkroot-busybox.sh DIR}
case $DIR in
/ | '') echo "mkroot-busybox: refusing to use '$DIR' as root" >&2; exit 2 ;;
esac

if [ ! -x /bin/busybox ]; then
	echo "mkroot-busybox: /bin/busybox missing, installing busybox-static" >&2
	apt-get install -y busybox-static >&2 ||
		{ apt-get update >&2 && apt-get install -y busybox-static >&2; }
fi
# A dynamically linked busybox (Debian's "busybox" package) cannot run in a
# root without a libc; ldd fails on static executables.
if ldd /bin/busybox >/dev/null 2>&1; then
	echo "mkroot-busybox: /bin/busybox is dynamically linked; install busybox-static" >&2
	exit 1
fi

want="mkroot-busybox $STAMP_VERSION $(cksum </bin/busybox)"
stamp=$DIR/.stamp
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -x "$DIR/bin/busybox" ]; then
	exit 0
fi
rm -f "$stamp"

umask 022
mkdir -p "$DIR"
cd "$DIR"
DIR=$(pwd)
stamp=$DIR/.stamp
mkdir -p bin sbin etc proc dev sys root home tmp srv/data
chmod 755 bin sbin etc proc dev sys home srv srv/data
chmod 700 root
chmod 1777 tmp

rm -f bin/busybox.new
cp /bin/busybox bin/busybox.new
chmod 755 bin/busybox.new
mv -f bin/busybox.new bin/busybox
for applet in $(./bin/busybox --list); do
	[ "$applet" = busybox ] && continue
	ln -sfn busybox "bin/$applet"
done
[ -L bin/sh ] || ln -sfn busybox bin/sh

printf 'root:x:0:0:root:/root:/bin/sh\n' >etc/passwd
printf 'root:x:0:\n' >etc/group
printf 'bbtest\n' >etc/hostname
printf '127.0.0.1\tlocalhost\n' >etc/hosts
chmod 644 etc/passwd etc/group etc/hostname etc/hosts

# /srv/data: a fixed tree. Rebuilt from scratch so stray files from an
# interrupted run don't survive.
rm -rf srv/data
mkdir -p srv/data/tree/a/b/c srv/data/tree/x srv/data/tree/empty
cd srv/data
printf 'hello world\n' >hello.txt
printf 'banana\napple\ncherry\napple\nbanana\napple\ndate\n' >fruits.txt
i=1
while [ $i -le 20 ]; do
	echo $i
	i=$((i + 1))
done >numbers.txt
printf 'name,age,city\nalice,30,paris\nbob,25,berlin\ncarol,35,paris\ndave,25,rome\n' >table.csv
cat >lorem.txt <<'EOF'
The quick brown fox jumps over the lazy dog.
Lorem ipsum dolor sit amet, consectetur adipiscing elit.
the end of the quick test
EOF
printf '#!/bin/sh\necho "script ran with $# args: $*"\n' >script.sh
printf 'one\n' >tree/a/one.txt
printf 'two\n' >tree/a/b/two.txt
printf 'three\nthree\nthree\n' >tree/a/b/c/three.txt
printf 'four\n' >tree/x/four.log
printf 'hidden\n' >tree/x/.hidden
ln -s hello.txt link-to-hello
ln -s ../x tree/a/up
find . -type d -exec chmod 755 {} +
find . -type f -exec chmod 644 {} +
chmod 755 script.sh
# Times (UTC): everything at T0 except hello.txt (older) and tree/x/four.log
# (newer), so -newer and ls -t have something to sort.
find . -exec env TZ=UTC0 touch -h -d '2021-02-03 04:05:06' {} + 2>/dev/null ||
	find . ! -type l -exec env TZ=UTC0 touch -d '2021-02-03 04:05:06' {} +
TZ=UTC0 touch -d '2020-01-01 00:00:00' hello.txt
TZ=UTC0 touch -d '2022-06-07 08:09:10' tree/x/four.log
TZ=UTC0 touch -d '2021-02-03 04:05:06' tree/x tree .
cd ../..

echo "$want" >"$stamp"
