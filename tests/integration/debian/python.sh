#!/bin/bash
# python3: os, subprocess, json, sqlite3 (in-memory), plus a few stdlib
# modules that need threads, pipes and files.
set -u
umask 022
W=/tmp/deb-python
rm -rf "$W"
mkdir -p "$W"
cd "$W" || exit 1

python3 -c 'import sys; print("python", sys.version_info[:2] >= (3, 11))'
python3 - <<'PYEOF'
import hashlib, json, os, sqlite3, subprocess, sys, tempfile, threading

print("sum of squares:", sum(i * i for i in range(1000)))
print("ppid:", os.getppid(), "cwd:", os.getcwd())
os.makedirs("d/e", exist_ok=True)
with open("d/e/f.txt", "w") as f:
    f.write("x" * 100)
print("walk:", sorted((r, sorted(fs)) for r, _, fs in os.walk("d")))
print("stat size:", os.stat("d/e/f.txt").st_size)
print("env HOME:", os.environ.get("HOME"))

r = subprocess.run(["sh", "-c", "echo from child; echo err >&2; exit 3"],
                   capture_output=True, text=True)
print("subprocess:", r.returncode, repr(r.stdout), repr(r.stderr))
p = subprocess.Popen(["tr", "a-z", "A-Z"], stdin=subprocess.PIPE,
                     stdout=subprocess.PIPE, text=True)
print("pipe:", p.communicate("piped text\n")[0].strip(), p.returncode)
print("check_output:", subprocess.check_output(["echo", "ok"]).decode().strip())

doc = {"name": "ukern", "list": [1, 2.5, None, True], "nested": {"k": "v"}}
s = json.dumps(doc, sort_keys=True)
print("json:", s)
print("json round trip:", json.loads(s) == doc)

db = sqlite3.connect(":memory:")
db.execute("create table t (id integer primary key, name text, n int)")
db.executemany("insert into t (name, n) values (?, ?)",
               [("a", 3), ("b", 5), ("a", 7), ("c", 1)])
print("sqlite:", db.execute(
    "select name, sum(n), count(*) from t group by name order by name").fetchall())
print("sqlite version ok:", sqlite3.sqlite_version_info >= (3, 30))
db.close()

results = []
lock = threading.Lock()
def work(i):
    h = hashlib.sha256(str(i).encode()).hexdigest()[:8]
    with lock:
        results.append((i, h))
ts = [threading.Thread(target=work, args=(i,)) for i in range(4)]
for t in ts: t.start()
for t in ts: t.join()
print("threads:", sorted(results))

with tempfile.TemporaryDirectory() as td:
    print("tempdir under /tmp:", td.startswith("/tmp/"))
rfd, wfd = os.pipe()
pid = os.fork()
if pid == 0:
    os.close(rfd)
    os.write(wfd, b"child says hi")
    os._exit(5)
os.close(wfd)
data = os.read(rfd, 100)
_, st = os.waitpid(pid, 0)
print("fork:", data.decode(), os.WEXITSTATUS(st))
sys.exit(0)
PYEOF
echo "python status: $?"
python3 -c 'import sys; print("to stderr", file=sys.stderr); sys.exit(4)'
echo "exit status: $?"
python3 -c 'raise ValueError("boom")' 2>&1 | tail -1

cd / && rm -rf "$W"
echo "done"
