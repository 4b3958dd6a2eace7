#!/bin/bash
# apt offline: a local file: repository holding one package made here, then
# apt-get update/install/remove from it and apt-cache show/policy; and the
# other tools of the Debian issue in their batch uses: perl, sqlite3, file,
# less (not on a terminal). The root is left as it was.
set -u
umask 022
W=/tmp/deb-apt
rm -rf "$W"
mkdir -p "$W/repo" "$W/pkg/DEBIAN" "$W/pkg/usr/bin"
cd "$W" || exit 1
P=ukern-apt-smoke

cat >pkg/DEBIAN/control <<CEOF
Package: $P
Version: 0.1-1
Section: misc
Priority: optional
Architecture: all
Maintainer: ukern tests <tests@example.org>
Description: ukern apt smoke test package
 Installed from a file: repository and removed by the Debian smoke scenarios.
CEOF
printf '#!/bin/sh\necho "%s: $*"\n' "$P" >pkg/usr/bin/$P
chmod 755 pkg/usr/bin/$P
dpkg-deb --root-owner-group -Zxz --build pkg repo/${P}_0.1-1_all.deb >/dev/null
# The repository's index, as dpkg-scanpackages would write it.
(
	cd repo || exit 1
	d=${P}_0.1-1_all.deb
	dpkg-deb -f "$d"
	echo "Filename: ./$d"
	echo "Size: $(stat -c %s "$d")"
	echo "SHA256: $(sha256sum "$d" | cut -d' ' -f1)"
	echo
) >repo/Packages
echo "deb [trusted=yes] file:$W/repo ./" >sources.list
APT=(-o Dir::Etc::sourcelist="$W/sources.list" -o Dir::Etc::sourceparts=- -o Dir::State::Lists="$W/lists"
	-o APT::Get::List-Cleanup=0 -o Debug::NoLocking=0)
mkdir -p "$W/lists/partial"
apt-get "${APT[@]}" update >update.log 2>&1
echo "apt-get update: $?"
apt-cache "${APT[@]}" show $P | grep -E '^(Package|Version|Architecture):'
apt-cache "${APT[@]}" policy $P | grep -E 'Installed|Candidate' | sed 's/^ *//'
apt-get "${APT[@]}" install -y -q $P >install.log 2>&1
echo "apt-get install: $?"
grep -E "^(Setting up|Unpacking) " install.log | sed 's/ (.*//; s/ \.\.\.$//'
$P from the repository
dpkg -s $P | grep -E '^(Status|Version):'
apt-get "${APT[@]}" remove -y -q --purge $P >remove.log 2>&1
echo "apt-get remove: $?"
echo "installed after remove: $(dpkg -l | grep -c "$P")"

# perl: modules, regexes, a pipe, sprintf, sort
perl -e 'use strict; use List::Util qw(sum max); my @a = map { $_ * $_ } 1 .. 10;
	printf "perl: sum %d max %d\n", sum(@a), max(@a);
	my $s = "ukern runs debian"; (my $t = $s) =~ s/(\w+)/\u$1/g; print "perl: $t\n";
	open(my $p, "-|", "echo", "from", "a", "pipe") or die; print "perl: ", <$p>;
	print "perl: ", join(",", sort { $b <=> $a } 3, 11, 7), "\n";'

# sqlite3: a file database, a join, a transaction
rm -f db.sqlite
sqlite3 db.sqlite <<'SEOF'
create table t(id integer primary key, name text);
create table u(tid integer, v real);
begin; insert into t(name) values ('a'), ('b'), ('c'); insert into u values (1, 1.5), (1, 2.5), (3, 4.0); commit;
select t.name, count(u.v), sum(u.v) from t left join u on u.tid = t.id group by t.id order by t.id;
pragma integrity_check;
SEOF
echo "sqlite3 file: $(sqlite3 db.sqlite 'select count(*) from t')"

# file: magic on what we made here
file -b repo/${P}_0.1-1_all.deb | cut -d, -f1
file -b /bin/bash | cut -d, -f1-2
file -b db.sqlite | cut -d, -f1
file -b --mime-type sources.list

# less, not on a terminal: it copies its input
seq 1 5 | less | tr '\n' ' '
echo
printf 'line one\nline two\n' >text
less -N text | sed 's/^ *//'

cd / && rm -rf "$W"
echo "done"
