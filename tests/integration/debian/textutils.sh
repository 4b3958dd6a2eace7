#!/bin/bash
# coreutils, findutils, grep, sed, gawk, diffutils, tar, gzip, xz: round
# trips through each.
set -u
umask 022
W=/tmp/deb-text
rm -rf "$W"
mkdir -p "$W"
cd "$W" || exit 1
export TZ=UTC0

mkdir -p src/a/b src/c
seq 1 1000 >src/numbers
printf 'alpha\nbeta\ngamma\ndelta\nepsilon\n' >src/a/words
yes 'the same line' | head -n 500 >src/a/b/repeat
printf '%s\n' 'name,qty,price' 'apple,3,1.50' 'pear,10,0.25' 'fig,7,2.00' >src/c/table.csv
head -c 100000 /dev/zero | tr '\0' 'z' >src/c/zeds
ln -s ../numbers src/a/numlink
find src -exec touch -h -d '2021-02-03 04:05:06' {} +

echo "== coreutils"
wc -l src/numbers src/a/words | tail -1
sha256sum src/a/words src/c/table.csv
md5sum <src/numbers
sort -r src/a/words | head -2
sort -t, -k2,2n src/c/table.csv | cut -d, -f1 | paste -sd' '
tr 'a-z' 'A-Z' <src/a/words | tac | head -2
echo "sum: $(($(seq 5 | tee tee.out | paste -sd+)))"
cmp tee.out <(seq 5) && echo "tee ok"
split -l 300 src/numbers part. && ls part.* && cat part.* | cmp - src/numbers && echo "split ok"
stat -c '%n %s %a %F' src/a/words src/a/numlink
readlink src/a/numlink
echo "realpath: $(realpath --relative-to=. src/a/numlink)"
du -b src/c/zeds | cut -f1
date -d @1000000000 '+%F %T %Z'
base64 src/a/words | base64 -d | cmp - src/a/words && echo "base64 ok"
od -An -c -N6 src/a/words
expr 6 \* 7
printf '%s\n' b a c | sort | comm -3 - <(printf 'a\nc\nd\n')
nl -ba src/a/words | tail -1
fold -w 3 <<<abcdefgh | wc -l
numfmt --to=iec 1048576
echo "dd: $(dd if=src/numbers bs=10 count=3 2>/dev/null | wc -c)"
truncate -s 1234 trunc && stat -c %s trunc
mktemp -d -p . tmp.XXXX | grep -c '^./tmp\.'

echo "== findutils"
find src -type f | sort
find src -name '*.csv' -o -name words | sort
find src -type f -size +10k -printf '%p %s\n' | sort
find src -type l -printf '%p -> %l\n'
find src -type f -print0 | xargs -0 wc -c | sort -k2 | tail -1
find src -newer src/numbers | wc -l
find src -maxdepth 1 -mindepth 1 -type d | sort | xargs -n1 basename

echo "== grep"
grep -n 'a$' src/a/words
grep -c '^1' src/numbers
grep -rl epsilon src
grep -E '^(12|99)[0-9]$' src/numbers | paste -sd' '
grep -v -i 'A' src/a/words
grep -o 'pp' src/c/table.csv
grep -q nothing src/a/words; echo "grep miss: $?"
grep -P '\d{3}' src/c/table.csv || echo "no 3 digits"

echo "== sed"
sed -n '2,3p' src/a/words
sed 's/\(.\)\(.*\)/\2\1/' src/a/words | head -2
sed -i.bak '/gamma/d; s/beta/BETA/' src/a/words && cat src/a/words && mv src/a/words.bak src/a/words
sed -E 's/([0-9]+)\.([0-9]+)/\2.\1/g' src/c/table.csv | tail -1
printf 'a\nb\nc\n' | sed -n '$='

echo "== awk"
awk -F, 'NR > 1 {t += $2 * $3} END {printf "total %.2f\n", t}' src/c/table.csv
awk '{s += $1} END {print NR, s, s / NR}' src/numbers
awk 'BEGIN {n = split("x:y:z", a, ":"); for (i = n; i; i--) printf "%s ", a[i]; print ""}'
awk '{c[length($0)]++} END {for (k in c) print k, c[k]}' src/a/words | sort -n
gawk 'BEGIN {print toupper(gensub(/(o+)/, "[\\1]", "g", "foo boo"))}'
gawk 'BEGIN {PROCINFO["sorted_in"] = "@ind_str_asc"; a["b"]; a["a"]; for (k in a) print k}'

echo "== diff"
cp src/a/words words2
sed -i 's/gamma/GAMMA/; $a zeta' words2
diff src/a/words words2; echo "diff status: $?"
diff -u src/a/words words2 | tail -n +3
diff -q src/a/words src/a/words; echo "same: $?"
mkdir -p other && cp -a src/c other/ && echo x >>other/c/zeds
diff -r src/c other/c >rdiff; echo "diff -r status: $?"
head -1 rdiff

echo "== tar, gzip, xz"
tar -cf t.tar -C src . && tar -tf t.tar | sort
tar -czf t.tgz --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C src .
tar -cJf t.txz --sort=name -C src .
mkdir x1 x2 && tar -xzf t.tgz -C x1 && tar -xJf t.txz -C x2
diff -r src x1 && diff -r src x2 && echo "tar round trips ok"
tar -tvzf t.tgz | awk '{print $1, $2, $3, $6}' | sort -k4
gzip -9 -c src/numbers >n.gz && gzip -t n.gz && zcat n.gz | cmp - src/numbers && echo "gzip ok"
gzip -l n.gz | awk 'NR == 2 {print $2}'
xz -c src/c/zeds >z.xz && xz -t z.xz && xz -dc z.xz | cmp - src/c/zeds && echo "xz ok"
xz -l --robot z.xz | awk '$1 == "totals" {print $5}'
cat src/a/words | gzip | xz | xz -d | gunzip | sha256sum
echo "gzip bad: $(echo junk | gzip -dc 2>&1 >/dev/null | wc -l)"

cd / && rm -rf "$W"
echo "done"
