#!/bin/sh
# ls of a fixed tree. Listings are normalised to mode, size and name: link
# counts, owners, block totals and directory sizes differ between filesystems.
set -u
umask 022
S=/tmp/bbtest-ls
rm -rf "$S"
mkdir -p "$S" && cd "$S" || exit 1

norm()
{
	awk '$1 == "total" { next }
	NF >= 9 {
		size = $5
		if ($1 ~ /^d/)
			size = "-"
		name = $9
		for (i = 10; i <= NF; i++)
			name = name " " $i
		print $1, size, name
		next
	}
	{ print }'
}

cp -a /srv/data tree
cd tree || exit 1
echo "== ls -la"
ls -la | norm
echo "== ls -laR tree"
ls -laR tree | norm
echo "== ls -1"
ls -1
echo "== ls -1A tree/x"
ls -1A tree/x
echo "== ls -F"
ls -F
echo "== ls -d */"
ls -d */
echo "== ls -l link"
ls -l link-to-hello | norm
ls -lL link-to-hello | norm
echo "== ls -lS (by size)"
ls -lS *.txt | norm
echo "== ls -t (by time, preserved by cp -a)"
ls -t hello.txt tree/x/four.log numbers.txt
ls -tr hello.txt tree/x/four.log numbers.txt
echo "== ls --full-time of files"
ls -l --full-time hello.txt tree/x/four.log | awk '{print $1, $5, $6, $7, $9}'
echo "== ls -r"
ls -r
echo "== ls of a file and a missing name"
ls hello.txt missing 2>&1
echo "status: $?"
echo "== ls -ld /tmp"
ls -ld /tmp | awk '{print $1}'

cd / && rm -rf "$S"
