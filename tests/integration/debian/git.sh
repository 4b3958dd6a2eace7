#!/bin/bash
# git: init, config, add, commit, log, branch, fast-forward merge, diff,
# status, tag, show, a clone and a gc. Dates are fixed so hashes are too.
set -u
umask 022
W=/tmp/deb-git
rm -rf "$W"
mkdir -p "$W"
cd "$W" || exit 1
export GIT_AUTHOR_DATE='2021-02-03T04:05:06Z' GIT_COMMITTER_DATE='2021-02-03T04:05:06Z'
export GIT_CONFIG_NOSYSTEM=1 TZ=UTC0

git init -q -b main repo && cd repo || exit 1
git config user.name 'Test User'
git config user.email 'test@example.org'
printf 'line 1\nline 2\n' >a.txt
mkdir sub && echo nested >sub/b.txt
git add . && git commit -q -m 'first commit'
echo "status after commit: '$(git status --porcelain)'"
echo 'line 3' >>a.txt
git commit -q -am 'second commit'
echo "commits: $(git log --oneline | wc -l)"
git log --format='%h %an %ad %s' --date=iso-strict
git branch feature
git switch -q feature
echo 'feature work' >c.txt
git add c.txt
git commit -q -m 'feature commit'
sed -i 's/line 1/line one/' a.txt
git commit -q -am 'feature edit'
git branch --list
git switch -q main
git merge --ff-only feature | grep -E 'Fast-forward|changed'
echo "commits after merge: $(git log --oneline | wc -l)"
git log --oneline --graph
git diff HEAD~2 HEAD
git diff --stat HEAD~3
echo 'uncommitted' >>c.txt
git diff --numstat
git status --short
git stash -q && echo "stashed: $(git stash list | wc -l)"
git stash pop -q && git checkout -q -- c.txt
git tag -a v1 -m 'version 1'
git describe
git show --stat --format='%s' v1 | head -5
git rev-parse HEAD
git cat-file -p HEAD | head -3
cd .. || exit 1
git clone -q repo clone && echo "clone log: $(git -C clone log --oneline | wc -l)"
git -C repo gc -q && echo "gc ok"
git -C repo fsck 2>&1
git -C clone grep -n line

cd / && rm -rf "$W"
echo "done"
