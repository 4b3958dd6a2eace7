#!/bin/bash
# dpkg: build a tiny package with dpkg-deb --build, install it, query it,
# run what it installed and remove it again (the root is left as it was).
set -u
umask 022
W=/tmp/deb-dpkg
rm -rf "$W"
mkdir -p "$W"
cd "$W" || exit 1
P=ukern-smoke

mkdir -p pkg/DEBIAN pkg/usr/bin pkg/usr/share/doc/$P
cat >pkg/DEBIAN/control <<CEOF
Package: $P
Version: 1.2-3
Section: misc
Priority: optional
Architecture: all
Maintainer: ukern tests <tests@example.org>
Description: ukern smoke test package
 Installed and removed by the Debian smoke scenarios.
CEOF
printf '#!/bin/sh\necho "ukern-smoke says: $*"\n' >pkg/usr/bin/$P
chmod 755 pkg/usr/bin/$P
echo 'smoke test' >pkg/usr/share/doc/$P/README
cat >pkg/DEBIAN/postinst <<'CEOF'
#!/bin/sh
echo "postinst $1"
CEOF
cat >pkg/DEBIAN/postrm <<'CEOF'
#!/bin/sh
echo "postrm $1"
CEOF
chmod 755 pkg/DEBIAN/postinst pkg/DEBIAN/postrm
dpkg-deb --root-owner-group -Zxz --build pkg $P.deb | sed "s|$W|W|"
dpkg-deb -f $P.deb Package Version Architecture
dpkg-deb -c $P.deb | awk '{print $1, $2, $6}'
dpkg -i $P.deb 2>&1 | grep -v '^(Reading database'
echo "install status: ${PIPESTATUS[0]}"
dpkg -l | grep "$P" | awk '{print $1, $2, $3, $4}'
dpkg -s $P | grep -E '^(Status|Version):'
dpkg -L $P | sort
$P hello there
dpkg -S /usr/bin/$P
dpkg --verify $P && echo "verify ok"
dpkg -r $P 2>&1 | grep -v '^(Reading database'
echo "remove status: ${PIPESTATUS[0]}"
dpkg -l | grep "$P" | awk '{print "after remove:", $1, $2}'
echo "binary gone: $(test -e /usr/bin/$P && echo no || echo yes)"
dpkg -P $P 2>&1 | grep -v '^(Reading database'
echo "purge status: ${PIPESTATUS[0]}"
echo "after purge: $(dpkg -l | grep -c "$P") $(ls /var/lib/dpkg/info | grep -c "$P")"
echo "dpkg audit: $(dpkg --audit | wc -l)"
echo "dpkg works on bash: $(dpkg -s bash | grep -c '^Status: install ok installed')"
echo "apt knows bash: $(apt-cache policy bash 2>/dev/null | grep -c 'Installed:')"

cd / && rm -rf "$W"
echo "done"
