#!/bin/sh
# Text tools: sort, uniq, sed, awk, grep (-r), wc, head, tail, cut, tr, and
# friends.
set -u
umask 022
cd /srv/data || exit 1

echo "== sort"
sort fruits.txt | tr '\n' ' '; echo
sort -r fruits.txt | tr '\n' ' '; echo
sort -u fruits.txt | tr '\n' ' '; echo
sort -n numbers.txt | tail -n 2 | tr '\n' ' '; echo
sort numbers.txt | head -n 4 | tr '\n' ' '; echo
sort -rn numbers.txt | head -n 3 | tr '\n' ' '; echo
tail -n +2 table.csv | sort -t, -k2,2n -k1,1 | tr '\n' ' '; echo
sort fruits.txt | sort -c && echo "sort -c: sorted"
echo "== uniq"
sort fruits.txt | uniq -c | awk '{print $1, $2}'
sort fruits.txt | uniq -d
sort fruits.txt | uniq -u
echo "== sed"
sed 's/world/there/' hello.txt
sed -n '2,4p' numbers.txt | tr '\n' ' '; echo
sed '/a/d' fruits.txt | tr '\n' ' '; echo
sed -e 's/\([a-z]*\),\([0-9]*\),.*/\2 \1/' -e 1d table.csv
sed 's/a/A/g; s/^/> /' fruits.txt | head -n 2
sed -n '$=' numbers.txt
sed '3q' numbers.txt | tr '\n' ' '; echo
printf 'x\ny\n' | sed '1i\
before
$a\
after'
sed -E 's/(quick|lazy) /[\1] /g' lorem.txt
echo "== awk"
awk -F, 'NR > 1 { sum += $2; n++ } END { print "ages", sum, n, sum / n }' table.csv
awk -F, 'NR > 1 { c[$3]++ } END { for (k in c) print k, c[k] }' table.csv | sort
awk '{ print NR ": " NF " words" }' lorem.txt
awk 'BEGIN { printf "%05.1f|%-4s|%x|%c\n", 3.14159, "ab", 255, 65 }'
awk 'BEGIN { s = "Hello, World"; print length(s), toupper(s), substr(s, 8, 5), index(s, "W") }'
awk 'BEGIN { n = split("a:b:c", p, ":"); print n, p[3]; x = "aaa"; gsub(/a/, "b", x); print x }'
awk '$1 % 5 == 0' numbers.txt | tr '\n' ' '; echo
seq 1 10 | awk '{ s += $1 } END { print s }'
echo "== grep"
grep -c apple fruits.txt
grep -n an fruits.txt
grep -v a fruits.txt
grep -i '^the' lorem.txt | wc -l
grep -w the lorem.txt
grep -o 'qu[a-z]*' lorem.txt
grep -E '^(apple|date)$' fruits.txt | sort -u
grep -F 'a.b' fruits.txt
echo "grep no match: $?"
grep -r three tree | sort
grep -rl e tree | sort
grep -rc e tree | sort
grep -rh -A1 one tree
grep -q hello hello.txt && echo "grep -q: found"
grep pattern missing-file 2>&1
echo "grep missing file: $?"
echo "== wc"
wc -l numbers.txt
wc -w lorem.txt
wc -c hello.txt
wc lorem.txt
cat fruits.txt numbers.txt | wc -l
echo "== head, tail"
head -n 3 numbers.txt | tr '\n' ' '; echo
head -c 5 hello.txt; echo
tail -n 3 numbers.txt | tr '\n' ' '; echo
tail -n +18 numbers.txt | tr '\n' ' '; echo
tail -c 6 hello.txt
head -n -17 numbers.txt | tr '\n' ' '; echo
echo "== cut"
cut -d, -f1,3 table.csv
cut -c1-3 fruits.txt | sort -u | tr '\n' ' '; echo
echo "a:b:c:d" | cut -d: -f2-
echo "== tr"
tr a-z A-Z <hello.txt
echo "hello" | tr -d l
echo "aaabbbccc" | tr -s ab
echo "hello world" | tr -c 'a-z\n' '_'
echo "== others"
nl -ba fruits.txt | head -n 2
rev hello.txt
tac fruits.txt | head -n 2 | tr '\n' ' '; echo
paste -d: fruits.txt numbers.txt | head -n 3
printf 'a\tb\n' | expand -t 4
echo "abcdefghij" | fold -w 3
printf 'line1\r\nline2\r\n' | dos2unix | od -An -c | tr -s ' '
echo "3 + 4 * 2" | bc
expr 7 \* 6
expr length hello
