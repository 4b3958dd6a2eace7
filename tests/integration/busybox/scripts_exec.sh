#!/bin/sh
# Running programs: #! scripts, PATH lookup, 126/127 statuses, argv[0],
# applet names via symlinks, nested shells, exit statuses.
set -u
umask 022
S=/tmp/bbtest-scripts
rm -rf "$S"
mkdir -p "$S/bin" && cd "$S" || exit 1

/srv/data/script.sh a b c
sh /srv/data/script.sh x
cat >bin/hello <<'EOF'
#!/bin/sh
echo "hello from $0 with $# args"
exit 5
EOF
chmod 755 bin/hello
./bin/hello 1 2
echo "status: $?"
PATH=$S/bin:$PATH hello
echo "via PATH: $?"
PATH=$S/bin:$PATH sh -c 'hello; echo "in sh -c: $?"'
cat >bin/args <<'EOF'
#!/bin/sh -e
printf '[%s]' "$0" "$@"
echo
EOF
chmod 755 bin/args
bin/args "a b" '' c
cat >bin/noshebang <<'EOF'
echo "no shebang line, run by the shell"
EOF
chmod 755 bin/noshebang
./bin/noshebang
cat >bin/badinterp <<'EOF'
#!/nonexistent/interp
echo never
EOF
chmod 755 bin/badinterp
./bin/badinterp 2>/dev/null
echo "missing interpreter: $?"
echo 'echo not executable' >bin/noexec
chmod 644 bin/noexec
./bin/noexec 2>/dev/null
echo "not executable: $?"
nosuchcommand 2>/dev/null
echo "command not found: $?"
/nonexistent/path 2>/dev/null
echo "no such path: $?"
./bin 2>/dev/null
echo "directory: $?"

echo "== applets through symlinks"
ln -s /bin/busybox mycat
./mycat /srv/data/hello.txt 2>&1 | head -n 1
ln -s /bin/busybox cat
./cat /srv/data/hello.txt
/bin/busybox echo "busybox echo"
/bin/busybox basename /a/b/c.txt .txt
busybox true
echo "busybox true: $?"
busybox false
echo "busybox false: $?"

echo "== exit statuses"
for n in 0 1 2 42 127 128 255 256 257; do
	sh -c "exit $n"
	printf '%s->%s ' $n $?
done
echo
sh -c 'kill -KILL $$'
echo "self SIGKILL: $?"
sh -c 'kill -SEGV $$' 2>/dev/null
echo "self SIGSEGV: $?"
echo "depth: $(sh -c 'sh -c "sh -c \"echo three levels deep\""')"
sh -c 'exec sh -c "exit 6"'
echo "exec chain: $?"

cd / && rm -rf "$S"
