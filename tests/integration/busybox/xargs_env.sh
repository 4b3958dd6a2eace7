#!/bin/sh
# xargs, env -i, the environment passed to children, export/unset, umask.
set -u
umask 022
S=/tmp/bbtest-xargs
rm -rf "$S"
mkdir -p "$S" && cd "$S" || exit 1

echo "== xargs"
seq 1 10 | xargs echo
seq 1 10 | xargs -n 3 echo
seq 1 3 | xargs -I{} echo "item {} done"
printf 'a b\nc\n' | xargs printf '<%s>'
echo
printf 'with space\0plain\0' | xargs -0 printf '[%s]'
echo
printf 'f1 f2 f3' | xargs touch
ls
ls f* | xargs rm
ls | wc -l
echo "" | xargs echo "empty input:"
echo "" | xargs -r echo "not run with -r"
echo x | xargs false
echo "xargs of failing cmd: $?"
echo x | xargs -t echo 2>&1
find /srv/data/tree -name '*.txt' | sort | xargs wc -l | tail -n 1

echo "== env"
env | sort
env -i /bin/env
echo "env -i prints nothing: $(env -i /bin/env | wc -l)"
env -i FOO=bar /bin/sh -c 'echo "FOO=$FOO HOME=${HOME-unset} PATH=${PATH-unset}"'
env -i A=1 B=2 /bin/env | sort
env -u HOME /bin/sh -c 'echo "HOME=${HOME-unset}"'
env X=1 Y=2 /bin/sh -c 'echo "$X$Y"'
export NEWVAR=exported
/bin/sh -c 'echo "NEWVAR=$NEWVAR"'
unset NEWVAR
/bin/sh -c 'echo "NEWVAR=${NEWVAR-unset}"'
LOCALVAR=notexported
/bin/sh -c 'echo "LOCALVAR=${LOCALVAR-unset}"'
export -n HOME 2>/dev/null || unset HOME
env | sort
echo "PATH=$PATH"

echo "== umask"
umask
umask 077
umask
touch private
mkdir privdir
stat -c '%a %n' private privdir
umask 027
touch grp
mkdir grpdir
stat -c '%a %n' grp grpdir
umask -S
umask 000
touch open
stat -c '%a %n' open
(umask 077; umask)
umask
umask 022
echo "sh -c sees umask $(sh -c umask)"

cd / && rm -rf "$S"
