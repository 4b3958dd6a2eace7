#!/bin/sh
# find with -name, -type, -exec, depth limits, -newer, -size, -empty, -perm.
set -u
umask 022
cd /srv/data || exit 1

echo "== all"
find . | sort
echo "== -type f"
find . -type f | sort
echo "== -type d"
find . -type d | sort
echo "== -type l"
find . -type l | sort
echo "== -name '*.txt'"
find . -name '*.txt' | sort
echo "== -o"
find . \( -name '*.log' -o -name '*.csv' \) | sort
echo "== -iname"
find . -iname 'HELLO*'
echo "== ! -name"
find tree -type f ! -name '*.txt' | sort
echo "== -exec {} ;"
find . -name '*.txt' -exec wc -l {} \; | sort
echo "== -exec {} +"
find tree -type f -exec cat {} + | sort | uniq -c | awk '{print $1, $2}'
echo "== -maxdepth 1"
find . -maxdepth 1 | sort
echo "== -mindepth 3"
find . -mindepth 3 | sort
echo "== -path"
find . -path './tree/a/*' | sort
echo "== -empty"
find . -empty | sort
echo "== -size"
find . -type f -size +40c | sort
find . -type f -size -5c | sort
echo "== -perm"
find . -type f -perm 755
echo "== -newer"
find . -type f -newer numbers.txt
find . -type f ! -newer numbers.txt | sort
echo "== -L follows links"
find -L tree -name four.log | sort
echo "== -print0 | xargs -0"
find tree -type f -print0 | xargs -0 cat | wc -l
echo "== -prune"
find . -name tree -prune -o -type f -print | sort
echo "== nothing found"
find . -name nothing
echo "status: $?"
echo "== missing start"
find /nonexistent 2>&1
echo "status: $?"
