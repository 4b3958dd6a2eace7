#!/usr/bin/env bash
# Disk images end to end: ukern mkimage, workloads inside a guest whose root is
# an ext4 image (checked afterwards with e2fsck -fn and read back by a second
# run and by debugfs), full images, bad images, the writer lock, COW overlays
# and `ukern cow commit`, --mount, and a kill -9 loop with fsync'ed data.
# Usage: tests/integration/run-disks.sh   (UKERN=..., DISK_KILLS=20, DISK_BIG=20000)
set -u
cd "$(dirname "$0")/../.."
UKERN=${UKERN:-build/ukern}
OUT=${DISK_OUT:-build/disks}
KILLS=${DISK_KILLS:-20}
NBIG=${DISK_BIG:-5000}
BB=build/busybox-root
[ -x "$UKERN" ] || { echo "run-disks: $UKERN not built" >&2; exit 2; }
[ -f "$BB/.stamp" ] || tests/integration/mkroot-busybox.sh "$BB" >/dev/null
rm -rf "$OUT" && mkdir -p "$OUT/bin"
gcc -static -O2 -Wall -Werror -D_GNU_SOURCE -o "$OUT/bin/diskwork" tests/integration/disk/diskwork.c || exit 2
BIN=$(realpath "$OUT/bin")

pass=0 fail=0
ok() { echo "ok - disk/$1"; pass=$((pass + 1)); }
bad() { echo "not ok - disk/$1: $2"; fail=$((fail + 1)); }
# guest IMAGE-SPEC CMD...: runs a busybox shell command on the image, diskwork at /t.
guest() {
	local spec=$1
	shift
	timeout -k 5 600 "$UKERN" run --disk "$spec" --mount "$BIN:/t:ro" -e PATH=/bin:/sbin:/t -w / -- \
		/bin/sh -c "$*"
}
clean() { e2fsck -fn "$1" >"$OUT/fsck.log" 2>&1; }

# --- ukern mkimage, from a directory and from a tarball ---
"$UKERN" mkimage --size 256M "$BB" "$OUT/bb.img" >/dev/null 2>"$OUT/mkimage.err"
if clean "$OUT/bb.img" && [ "$(guest "$OUT/bb.img" 'cat /etc/passwd | head -1')" = "$(head -1 "$BB/etc/passwd")" ]; then
	ok mkimage-dir
else
	bad mkimage-dir "$(cat "$OUT/mkimage.err" "$OUT/fsck.log" | tail -5)"
fi
tar -C "$BB" -czf "$OUT/bb.tar.gz" .
if "$UKERN" mkimage "$OUT/bb.tar.gz" "$OUT/tar.img" >/dev/null 2>&1 && clean "$OUT/tar.img" &&
	[ "$(guest "$OUT/tar.img" 'echo from-tarball')" = from-tarball ]; then
	ok mkimage-tarball
else
	bad mkimage-tarball "image from a tarball does not boot"
fi

# --- workloads, then e2fsck and reading back ---
cp --sparse=always "$OUT/bb.img" "$OUT/work.img"
guest "$OUT/work.img" "mkdir /w && diskwork populate /w 10000 $NBIG && diskwork manifest /w > /manifest" \
	>"$OUT/populate.out" 2>&1
if grep -q populated "$OUT/populate.out" && clean "$OUT/work.img"; then
	ok "populate (10000 small files, rename storm, links, 5 GiB sparse file, $NBIG-entry directory)"
else
	bad populate "$(tail -3 "$OUT/populate.out") $(tail -5 "$OUT/fsck.log")"
fi
# A second run reads everything back; debugfs (the host's own reader) agrees.
guest "$OUT/work.img" 'diskwork manifest /w' >"$OUT/manifest2" 2>"$OUT/manifest2.err"
debugfs -R 'cat /manifest' "$OUT/work.img" >"$OUT/manifest1" 2>/dev/null
if [ -s "$OUT/manifest1" ] && cmp -s "$OUT/manifest1" "$OUT/manifest2"; then
	ok "read back: manifest (sizes, modes, links, content hashes, xattr, ns times) identical"
else
	bad read-back "$(diff "$OUT/manifest1" "$OUT/manifest2" | head -5)"
fi
if [ "$(debugfs -R 'cat /w/small/f2' "$OUT/work.img" 2>/dev/null | md5sum)" = \
	"$(guest "$OUT/work.img" 'cat /w/small/f2' 2>/dev/null | md5sum)" ] &&
	[ "$(debugfs -R 'ls /w/big' "$OUT/work.img" 2>/dev/null | grep -o 'entry-with' | wc -l)" = "$NBIG" ]; then
	ok "debugfs reads the guest's files and all $NBIG names of the big directory"
else
	bad debugfs "debugfs disagrees with the guest"
fi
# --- a directory of 100,000 names: hash-indexed as it grows ---
# (debugfs lists a removed name that began a block with inode 0, as Linux leaves it: not counted.)
NHUGE=${DISK_HUGE:-100000}
mkdir -p "$OUT/empty"
"$UKERN" mkimage --size 1G --inodes $((NHUGE + 10000)) "$OUT/empty" "$OUT/huge.img" >/dev/null 2>&1
timeout -k 5 900 "$UKERN" run --disk "$OUT/huge.img" --mount "$BIN:/t:ro" -w / -- /t/diskwork bigdir /d "$NHUGE" \
	>"$OUT/huge.out" 2>"$OUT/huge.err"
if grep -q "bigdir: $NHUGE created" "$OUT/huge.out" && clean "$OUT/huge.img" &&
	debugfs -R 'stat /d' "$OUT/huge.img" 2>/dev/null | grep -q 'Flags: 0x.*1[0-9a-f][0-9a-f][0-9a-f]$' &&
	[ "$(debugfs -R 'ls -p /d' "$OUT/huge.img" 2>/dev/null | grep -v '^/0/' | grep -c '/entry-with')" = $((NHUGE / 2)) ] &&
	[ "$(timeout -k 5 600 "$UKERN" run --disk "$OUT/huge.img" --mount "$BIN:/t:ro" -w / -- \
		/t/diskwork bigcheck /d "$NHUGE" 2>/dev/null)" = "bigcheck: $((NHUGE / 2)) names, as expected yes" ]; then
	ok "$NHUGE-entry directory: hash-indexed, every name found, half unlinked; e2fsck -fn clean, debugfs and a second run agree ($(grep -o 'create.*' "$OUT/huge.err"))"
else
	bad huge-dir "$(cat "$OUT/huge.out" "$OUT/huge.err" | tail -3) $(tail -3 "$OUT/fsck.log")"
fi
st=$(debugfs -R 'stat /w/sparse' "$OUT/work.img" 2>/dev/null | sed -n 's/.*Size: \([0-9]*\).*/\1/p' | head -1)
[ "$st" = 5368709120 ] && ok "5 GiB sparse file, $(du -k "$OUT/work.img" | cut -f1) KiB image" ||
	bad sparse "size $st"
r=$(guest "$OUT/work.img" 'diskwork unlinkopen /w' 2>/dev/null)
if [ "$r" = "unlink while open: space still held, space back at close: yes" ] && clean "$OUT/work.img"; then
	ok "unlink while open frees the space at the last close"
else
	bad unlink-open "$r"
fi
df_guest=$(guest "$OUT/work.img" 'df -k / | tail -1' | awk '{print $2, $3}')
df_host=$(dumpe2fs -h "$OUT/work.img" 2>/dev/null | awk -F: '/^Block count/{b=$2} /^Free blocks/{f=$2} /^Block size/{s=$2} /^First block/{fb=$2} END{print (b-fb)*s/1024, (b-fb-f)*s/1024}')
[ "$df_guest" = "$df_host" ] && ok "statfs matches the image ($df_guest)" || bad statfs "guest $df_guest, image $df_host"

# --- a full image ---
"$UKERN" mkimage --size 16M "$OUT/bin" "$OUT/small.img" >/dev/null 2>&1
r=$(timeout 300 "$UKERN" run --disk "$OUT/small.img" -w / -- /diskwork fill / 2>&1)
if grep -q 'ENOSPC; other files intact: yes' <<<"$r" && clean "$OUT/small.img"; then
	ok "a full image gives ENOSPC and keeps the other files"
else
	bad full "$r $(tail -3 "$OUT/fsck.log")"
fi

# --- bad images: a clear message and exit 125, never a crash ---
head -c 4M /dev/urandom >"$OUT/random.img"
cp "$OUT/bb.img" "$OUT/trunc.img" && truncate -s 8M "$OUT/trunc.img"
: >"$OUT/empty.img"
cp "$OUT/bb.img" "$OUT/badmagic.img" && printf '\0\0' | dd of="$OUT/badmagic.img" bs=1 seek=1080 conv=notrunc 2>/dev/null
for b in random trunc empty badmagic; do
	r=$(timeout 20 "$UKERN" run --disk "$OUT/$b.img" -- /bin/true 2>&1)
	rc=$?
	if [ $rc = 125 ] && grep -qE 'ext2/3/4|truncated|too small' <<<"$r"; then
		ok "bad image ($b): $(head -1 <<<"$r" | cut -c1-90)"
	else
		bad "bad-image-$b" "rc=$rc $r"
	fi
done

# --- one writer at a time ---
guest "$OUT/work.img" 'sleep 3' &
sleep 1
r=$(timeout 20 "$UKERN" run --disk "$OUT/work.img" -- /bin/true 2>&1)
rc=$?
wait
[ $rc = 125 ] && grep -q 'in use' <<<"$r" && ok "a second writer is refused: $r" || bad lock "rc=$rc $r"

# --- COW overlays ---
cp --sparse=always "$OUT/bb.img" "$OUT/base.img"
sum0=$(md5sum <"$OUT/base.img")
guest "$OUT/base.img,cow=$OUT/a.cow" 'echo one > /cowfile; rm /bin/ls; mkdir /cowdir' >/dev/null 2>&1
guest "$OUT/base.img,cow=$OUT/b.cow" 'echo two > /cowfile' >/dev/null 2>&1
ra=$(guest "$OUT/base.img,cow=$OUT/a.cow" 'cat /cowfile; test -e /bin/ls || echo no-ls' 2>/dev/null)
rb=$(guest "$OUT/base.img,cow=$OUT/b.cow" 'cat /cowfile; test -e /bin/ls && echo has-ls' 2>/dev/null)
if [ "$(md5sum <"$OUT/base.img")" = "$sum0" ] && [ "$ra" = "one
no-ls" ] && [ "$rb" = "two
has-ls" ]; then
	ok "two overlays on one base: each sees its own writes, the base is untouched"
else
	bad cow "a: $ra / b: $rb"
fi
if "$UKERN" cow commit "$OUT/a.cow" >/dev/null 2>&1 && clean "$OUT/base.img" &&
	[ "$(debugfs -R 'cat /cowfile' "$OUT/base.img" 2>/dev/null)" = one ]; then
	ok "ukern cow commit merges an overlay; e2fsck -fn clean"
else
	bad cow-commit "$(tail -3 "$OUT/fsck.log")"
fi
r=$(timeout 20 "$UKERN" run --disk "$OUT/base.img,cow=$OUT/b.cow" -- /bin/true 2>&1)
rc=$?
[ $rc = 125 ] && grep -q 'not the one this overlay was made on' <<<"$r" &&
	ok "an overlay on a changed base is refused" || bad cow-mismatch "rc=$rc $r"

# --- --mount of host directories ---
mkdir -p "$OUT/hostdir" && echo host >"$OUT/hostdir/h"
r=$(timeout 20 "$UKERN" run --root "$BB" --mount "$(realpath "$OUT/hostdir"):/mnt" --mount \
	"$(realpath "$OUT/hostdir"):/srv:ro" -e PATH=/bin -- /bin/sh -c \
	'cat /mnt/h; echo w > /mnt/new; echo x > /srv/bad; ls /srv/..' 2>&1)
if grep -q '^host$' <<<"$r" && [ -f "$OUT/hostdir/new" ] && grep -q 'Read-only file system' <<<"$r" &&
	[ ! -e "$OUT/hostdir/bad" ]; then
	ok "--mount: read-write and :ro host directories"
else
	bad mount "$r"
fi

# --- a Debian root on an image: unpack a tree with tar, build a C program, git, sqlite ---
DEB=build/debian-root
if [ -f "$DEB/.ukern-stamp" ]; then
	"$UKERN" mkimage "$DEB" "$OUT/deb.img" >/dev/null 2>&1
	r=$(timeout 900 "$UKERN" run --disk "$OUT/deb.img" -e HOME=/root -e PATH=/usr/bin:/bin:/usr/sbin:/sbin \
		-w /root -- /bin/bash -c '
		set -e
		tar -C / -cf /tmp/share.tar usr/share/perl5 usr/lib/python3.11/email
		mkdir /tmp/unpack && tar -C /tmp/unpack -xf /tmp/share.tar
		a=$(cd / && find usr/share/perl5 usr/lib/python3.11/email -type f | sort | xargs md5sum | md5sum)
		b=$(cd /tmp/unpack && find usr/share/perl5 usr/lib/python3.11/email -type f | sort | xargs md5sum | md5sum)
		[ "$a" = "$b" ] && echo unpacked-identical
		cd /tmp && printf "#include <stdio.h>\nint main(void){puts(\"built\");return 0;}\n" >t.c
		gcc -O2 -o t t.c && ./t
		mkdir /root/repo && cd /root/repo && git init -q && git config user.email a@b && git config user.name n
		echo one >f && git add f && git commit -qm one && git checkout -qb br && echo two >>f
		git commit -qam two && git checkout -q master && git merge -q br && git log --oneline | wc -l
		python3 -c "import sqlite3; c = sqlite3.connect(\"/tmp/db\"); c.execute(\"create table t(x)\"); c.execute(\"insert into t values (42)\"); c.commit(); print(c.execute(\"select x from t\").fetchone()[0])"
		' 2>/dev/null)
	if [ "$r" = "unpacked-identical
built
2
42" ] && clean "$OUT/deb.img"; then
		ok "Debian root on an image: tar unpack, gcc, git branch and merge, sqlite; e2fsck -fn clean"
	else
		bad debian-image "$r $(tail -3 "$OUT/fsck.log")"
	fi
	rm -f "$OUT/deb.img" "$OUT/deb.img.wal"
else
	echo "# no Debian root (make debian): the Debian image workload was not run"
fi

# --- a crash inside a commit: the log is complete, the image half written in place ---
# ukern kills itself (UKERN_TEST_CRASH_COMMIT) right after the first in-place write of the
# guest's sync. The image alone is then torn; `ukern recover` (what every ukern start does)
# replays the log, and the image holds the whole commit.
cp --sparse=always "$OUT/bb.img" "$OUT/torn.img"
UKERN_TEST_CRASH_COMMIT=1 guest "$OUT/torn.img" \
	'mkdir /d; i=0; while [ $i -lt 300 ]; do echo $i >/d/f$i; i=$((i + 1)); done; sync; echo not-reached' \
	>"$OUT/torn.out" 2>&1
torn_rc=$?
e2fsck -fn "$OUT/torn.img" >"$OUT/torn-fsck.log" 2>&1
torn_fsck=$?
rec=$("$UKERN" recover "$OUT/torn.img" 2>&1)
if [ $torn_rc = 137 ] && [ $torn_fsck != 0 ] && grep -q 'replayed a complete log' <<<"$rec" &&
	clean "$OUT/torn.img" &&
	[ "$(guest "$OUT/torn.img" 'cat /d/* | sort -n | md5sum')" = "$(seq 0 299 | md5sum)" ]; then
	ok "crash inside a commit: the image alone is torn (e2fsck finds errors); ukern recover replays the log; clean, all 300 files there"
else
	bad torn-commit "ukern rc $torn_rc (want 137), e2fsck of the torn image rc $torn_fsck (want errors), recover: $rec; $(tail -3 "$OUT/fsck.log")"
fi

# --- a crash after a commit's unlogged pages, before its log ---
# Blocks free at the last commit are written in place before the log. A file deleted and a new
# one written in the same commit, then a crash right after those writes: the image must still
# hold the deleted file, intact (its blocks, freed but not committed free, must not be reused
# unlogged), and no trace of the new one.
cp --sparse=always "$OUT/bb.img" "$OUT/fresh.img"
want=$(guest "$OUT/fresh.img" 'dd if=/dev/urandom of=/a bs=64k count=64 2>/dev/null; sync; md5sum </a')
UKERN_TEST_CRASH_FRESH=1 guest "$OUT/fresh.img" \
	'rm /a; dd if=/dev/urandom of=/b bs=64k count=64 2>/dev/null; mkdir /c; echo x >/c/y; sync; echo not-reached' \
	>"$OUT/fresh.out" 2>&1
fresh_rc=$?
rec=$("$UKERN" recover "$OUT/fresh.img" 2>&1)
if [ $fresh_rc = 137 ] && clean "$OUT/fresh.img" &&
	[ "$(guest "$OUT/fresh.img" 'md5sum </a; ls /b /c 2>&1 | wc -l')" = "$(printf '%s\n2' "$want")" ]; then
	ok "crash after a commit's unlogged writes: the deleted file intact, the new ones absent; e2fsck -fn clean"
else
	bad fresh-crash "ukern rc $fresh_rc (want 137), recover: $rec; $(tail -3 "$OUT/fsck.log")"
fi

# --- kill -9 at random moments during fsync'ed writes ---
# After each kill, as after a crash of the host: first `ukern recover` (the log's replay, as
# ext4's journal replay), then e2fsck, then the fsync'ed files are checked.
cp --sparse=always "$OUT/bb.img" "$OUT/kill.img"
mkdir -p "$OUT/log" && : >"$OUT/log/done"
guest "$OUT/kill.img" 'mkdir /k' >/dev/null 2>&1
repaired=0 unrepaired=0 lost=0 kills=0 replays=0
for i in $(seq 1 "$KILLS"); do
	"$UKERN" run --disk "$OUT/kill.img" --mount "$BIN:/t:ro" --mount "$(realpath "$OUT/log"):/log" -w / -- \
		/t/diskwork fsyncloop /k /log/done >/dev/null 2>&1 &
	pid=$!
	sleep "$(awk -v s="$RANDOM" 'BEGIN{srand(s); printf "%.2f", 0.3 + rand() * 1.7}')"
	kill -9 $pid
	wait $pid 2>/dev/null
	kills=$((kills + 1))
	# The image and its log as the kill left them, kept if something is wrong.
	cp --sparse=always "$OUT/kill.img" "$OUT/kill-raw.img" && cp "$OUT/kill.img.wal" "$OUT/kill-raw.img.wal"
	rec=$("$UKERN" recover "$OUT/kill.img" 2>&1) || { unrepaired=$((unrepaired + 1)); echo "    kill $i: $rec"; break; }
	grep -q 'replayed' <<<"$rec" && replays=$((replays + 1))
	if ! e2fsck -fn "$OUT/kill.img" >"$OUT/kill-fsck.log" 2>&1; then
		# Keep the evidence: the image as the kill left it, and what e2fsck said of it.
		mv "$OUT/kill-raw.img" "$OUT/kill-$i.img" && mv "$OUT/kill-raw.img.wal" "$OUT/kill-$i.img.wal"
		e2fsck -fp "$OUT/kill.img" >>"$OUT/kill-fsck.log" 2>&1
		if [ $? -gt 1 ]; then
			unrepaired=$((unrepaired + 1))
			echo "    kill $i: e2fsck -p could not repair (kept as kill-$i.img and .wal):"
			grep -v '^Pass\|^e2fsck [0-9]' "$OUT/kill-fsck.log" | head -8 | sed 's/^/      /'
			break
		fi
		repaired=$((repaired + 1))
	fi
	r=$(timeout 120 "$UKERN" run --disk "$OUT/kill.img" --mount "$BIN:/t:ro" --mount "$(realpath "$OUT/log"):/log:ro" \
		-w / -- /t/diskwork verify /k /log/done 2>&1)
	grep -q ', 0 lost' <<<"$r" || { lost=$((lost + 1)); echo "    kill $i: $r" | head -3; }
done
n=$(wc -l <"$OUT/log/done")
if [ $unrepaired != 0 ]; then
	bad kill-loop "after kill $kills the image needed more than e2fsck -p"
elif [ $lost = 0 ] && [ $repaired = 0 ]; then
	ok "kill -9 x$kills ($replays logs replayed): e2fsck -fn clean every time, all $n fsync'ed files intact"
elif [ $lost = 0 ]; then
	ok "kill -9 x$kills ($replays logs replayed): e2fsck -p repaired $repaired times, all $n fsync'ed files intact"
else
	bad kill-loop "$lost of $kills kills lost fsync'ed data"
fi

echo "disks: $pass passed, $fail failed"
[ $fail = 0 ]
