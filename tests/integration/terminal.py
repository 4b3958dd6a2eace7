#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Drives `ukern run` through a real pseudo-terminal, as a person at a
terminal would, and checks what comes back: line editing, Ctrl-C, Ctrl-Z
with jobs/bg/fg, vi, top, less, window resizes, Ctrl-D, python's pty module
and tmux inside a Debian guest, and `ukern console` attach/detach. After
every run the host terminal's settings must equal those before it, also
when ukern was killed with SIGTERM.

Usage: terminal.py UKERN BUSYBOX_ROOT [DEBIAN_ROOT] [TEST...]
Prints one TAP-like line per test; exits 1 if any failed.
"""
import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time

UKERN, BBROOT = sys.argv[1], sys.argv[2]
DEBROOT = sys.argv[3] if len(sys.argv) > 3 and os.path.isdir(sys.argv[3]) else None
ONLY = sys.argv[4:]
PROMPT = rb'\$ '


class Fail(Exception):
    pass


def settings(fd):
    return termios.tcgetattr(fd)


class Term:
    """A program on the slave side of a new pty; we hold the master."""

    def __init__(self, argv, rows=24, cols=80, env=None):
        self.master, self.slave = os.openpty()
        fcntl.ioctl(self.master, termios.TIOCSWINSZ, struct.pack('HHHH', rows, cols, 0, 0))
        self.before = settings(self.slave)
        self.buf = b''
        self.log = b''

        def child():
            os.setsid()
            fcntl.ioctl(0, termios.TIOCSCTTY, 0)

        self.proc = subprocess.Popen(argv, stdin=self.slave, stdout=self.slave, stderr=self.slave,
                                     preexec_fn=child, env=env, close_fds=True)

    def send(self, data):
        if isinstance(data, str):
            data = data.encode()
        os.write(self.master, data)

    def _read(self, timeout):
        r, _, _ = select.select([self.master], [], [], timeout)
        if not r:
            return False
        try:
            d = os.read(self.master, 65536)
        except OSError:
            return None
        if not d:
            return None
        self.buf += d
        self.log += d
        return True

    def expect(self, pattern, timeout=15):
        """Waits for pattern (a bytes regex) in the output; consumes up to its end."""
        end = time.time() + timeout
        rx = re.compile(pattern)
        while True:
            m = rx.search(self.buf)
            if m:
                self.buf = self.buf[m.end():]
                return m
            left = end - time.time()
            if left <= 0 or self._read(min(left, 0.2)) is None and not rx.search(self.buf):
                if left <= 0 or self.proc.poll() is not None:
                    raise Fail('did not see %r; last output: %r' % (pattern, self.log[-600:]))

    def settle(self, quiet=0.3, timeout=5):
        """Reads until the output has been quiet for a while."""
        end = time.time() + timeout
        while time.time() < end:
            if not self._read(quiet):
                return

    def resize(self, rows, cols):
        fcntl.ioctl(self.master, termios.TIOCSWINSZ, struct.pack('HHHH', rows, cols, 0, 0))

    def wait(self, timeout=15):
        end = time.time() + timeout
        while self.proc.poll() is None and time.time() < end:
            self._read(0.1)
        if self.proc.poll() is None:
            self.proc.kill()
            raise Fail('ukern did not exit; last output: %r' % self.log[-600:])
        return self.proc.returncode

    def leave(self, cmd='exit\r'):
        """Ends the shell with cmd; ukern must exit and leave the terminal as it was. Returns the status."""
        self.send(cmd)
        rc = self.wait()
        self.check_restored()
        return rc

    def check_restored(self):
        after = settings(self.slave)
        if after != self.before:
            raise Fail('host terminal settings changed: before %r after %r' % (self.before, after))

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        os.close(self.master)
        os.close(self.slave)


def busybox(*extra, rows=24, cols=80):
    t = Term([UKERN, 'run', '--root', BBROOT, '-e', 'PATH=/bin:/sbin', '-e', 'HOME=/root',
              '-e', 'TERM=xterm', '-e', 'PS1=$ ', '-w', '/root', *extra, '--', '/bin/sh'],
             rows=rows, cols=cols)
    t.expect(PROMPT)
    return t


def debian(cmd='/bin/bash'):
    t = Term([UKERN, 'run', '--root', DEBROOT, '-e', 'HOME=/root', '-e', 'TERM=xterm',
              '-e', 'LANG=C.UTF-8', '-e', 'PS1=$ ', '-w', '/root', '--', cmd, '--norc', '-i'])
    t.expect(PROMPT)
    return t


def t_line_editing():
    t = busybox()
    try:
        t.send('stty -a\r')
        t.expect(rb'speed 38400 baud; rows 24; columns 80;')
        t.expect(rb'isig icanon iexten echo echoe echok')
        t.expect(PROMPT)
        # The shell edits its own line (raw mode); cat reads through our canonical mode.
        t.send('cat\r')
        t.expect(rb'cat\r\n')
        t.settle()  # typed ahead, the keys would reach the shell's raw mode instead
        t.send('abcx\x7fd\x17word2\x15line \x16\x03end\r')
        t.expect(rb'line \^\x08\^Cend\r\nline \x03end\r\n')
        t.send('\x04')
        t.expect(PROMPT)
        if t.leave('exit 0\r') != 0:
            raise Fail('exit status')
    finally:
        t.close()


def t_ctrl_c():
    t = busybox()
    try:
        t.send('sleep 100\r')
        t.expect(rb'sleep 100\r\n')
        time.sleep(0.3)
        t.send('\x03')
        t.expect(rb'\^C')
        t.expect(PROMPT, timeout=5)
        t.send('echo rc=$?\r')
        t.expect(rb'rc=130')
        # Ctrl-C reaches only the foreground job: a background job lives on.
        t.send('sleep 100 &\r')
        t.expect(PROMPT)
        t.send('sleep 50\r')
        t.expect(rb'sleep 50\r\n')
        time.sleep(0.3)
        t.send('\x03')
        t.expect(PROMPT)
        t.send('jobs\r')
        t.expect(rb'\[1\]\+\s+Running\s+sleep 100')
        t.expect(PROMPT)
        t.send('kill %1\r')
        t.expect(PROMPT)
        t.leave()
    finally:
        t.close()


def t_job_control():
    t = busybox()
    try:
        t.send('sleep 100\r')
        t.expect(rb'sleep 100\r\n')
        time.sleep(0.3)
        t.send('\x1a')
        t.expect(rb'Stopped\s+sleep 100')
        t.expect(PROMPT)
        t.send('jobs\r')
        t.expect(rb'\[1\]\+\s+Stopped\s+sleep 100')
        t.expect(PROMPT)
        t.send('bg\r')
        t.expect(rb'\[1\] sleep 100')
        t.expect(PROMPT)
        t.send('jobs\r')
        t.expect(rb'\[1\]\+\s+Running\s+sleep 100')
        t.expect(PROMPT)
        # A background job that reads the terminal is stopped by SIGTTIN.
        t.send('cat &\r')
        t.expect(PROMPT)
        t.send('jobs\r')
        t.expect(rb'Stopped \(tty input\)\s+cat')
        t.expect(PROMPT)
        t.send('kill -9 %2; fg %1\r')
        t.expect(rb'sleep 100\r\n')
        time.sleep(0.3)
        t.send('\x03')
        t.expect(PROMPT)
        t.leave('exit 0\r')
    finally:
        t.close()


def t_vi():
    path = os.path.join(BBROOT, 'root', 'ukern-vi-test.txt')
    if os.path.exists(path):
        os.unlink(path)
    t = busybox()
    try:
        t.send('vi ukern-vi-test.txt\r')
        t.expect(rb'ukern-vi-test.txt')
        t.settle()
        # Keys one by one with pauses: ESC followed at once by ':' is an Alt-: escape sequence.
        t.send('i')
        t.settle()
        t.send('hello from vi')
        t.expect(rb'vi')
        t.settle()
        t.send('\x1b')
        t.settle()
        t.send(':wq\r')
        t.expect(PROMPT)
        t.send('exit\r')
        t.wait()
        with open(path) as f:
            if f.read() != 'hello from vi\n':
                raise Fail('vi did not write the file')
        t.check_restored()
    finally:
        t.close()
        if os.path.exists(path):
            os.unlink(path)


def t_resize_and_top():
    t = busybox()
    try:
        t.resize(40, 100)
        time.sleep(0.3)
        t.send('stty size\r')
        t.expect(rb'40 100')
        t.expect(PROMPT)
        t.send('top\r')
        t.expect(rb'Mem:')
        t.resize(30, 90)  # top redraws for the new size (SIGWINCH)
        t.expect(rb'Mem:')
        t.send('q')
        t.expect(PROMPT)
        t.leave()
    finally:
        t.close()


def t_ctrl_d_status():
    t = busybox()
    try:
        t.send('(exit 3)\r')
        t.expect(PROMPT)
        t.send('\x04')
        rc = t.wait()
        if rc != 3:
            raise Fail('ukern exited %d, not the shell status 3' % rc)
        t.check_restored()
    finally:
        t.close()


def t_sigterm_restores():
    t = busybox()
    try:
        t.send('sleep 100\r')
        time.sleep(0.3)
        t.proc.send_signal(signal.SIGTERM)
        rc = t.wait()
        if rc != -signal.SIGTERM:
            raise Fail('ukern was not ended by SIGTERM (%r)' % rc)
        t.check_restored()
    finally:
        t.close()


def t_detached_console():
    rundir = '/tmp/ukern-terminal-test-%d' % os.getpid()
    # The detached ukern's own messages (and a sanitizer's report) go to files here, not to /dev/null.
    os.makedirs(rundir, mode=0o700, exist_ok=True)
    log = os.path.join(rundir, 'ukern.log')
    env = dict(os.environ, UKERN_RUNDIR=rundir,
               ASAN_OPTIONS=os.environ.get('ASAN_OPTIONS', '') + ':log_path=' + os.path.join(rundir, 'asan'))
    try:
        detached_console(rundir, log, env)
    except Fail as e:
        logs = b''
        for f in sorted(os.listdir(rundir)):
            if f.startswith('asan') or f == 'ukern.log':
                with open(os.path.join(rundir, f), 'rb') as fh:
                    logs += fh.read()[-3000:]
        raise Fail('%s; ukern log: %r' % (e, logs))
    for f in os.listdir(rundir):
        os.unlink(os.path.join(rundir, f))
    os.rmdir(rundir)


def detached_console(rundir, log, env):
    r = subprocess.run([UKERN, 'run', '--name', 'tt', '-d', '--log', log, '--root', BBROOT, '-e', 'PATH=/bin:/sbin',
                        '-e', 'PS1=$ ', '-w', '/root', '--', '/bin/sh'], env=env, timeout=20,
                       stdin=subprocess.DEVNULL)
    if r.returncode != 0:
        raise Fail('ukern run -d failed: %d' % r.returncode)
    sock = os.path.join(rundir, 'tt.sock')
    if not os.path.exists(sock):
        raise Fail('no control socket')
    t = Term([UKERN, 'console', 'tt'], rows=30, cols=70, env=env)
    try:
        t.expect(rb'attached to tt')
        t.expect(PROMPT, timeout=30)  # the shell is up (its prompt, live or from the history)
        t.send('stty size; echo attached-$((6*7))\r')
        t.expect(rb'30 70\r\nattached-42', timeout=30)
        t.send('\x1d')
        t.expect(rb'detached from tt')
        if t.wait() != 0:
            raise Fail('detach: bad status')
        t.check_restored()
    finally:
        t.close()
    t = Term([UKERN, 'console', 'tt'], env=env)
    try:
        t.expect(rb'attached-42')  # the history is replayed
        t.send('echo again\r')
        t.expect(rb'\r\nagain')
        t.send('exit 5\r')
        t.expect(rb'tt ended')
        rc = t.wait()
        if rc != 5:
            raise Fail('the console did not report the guest status 5: %d' % rc)
        t.check_restored()
    finally:
        t.close()
    for _ in range(50):
        if not os.path.exists(sock):
            break
        time.sleep(0.1)
    if os.path.exists(sock):
        raise Fail('socket left behind')


def t_debian_pty_less():
    t = debian()
    try:
        t.send("python3 -c 'import pty; pty.spawn([\"/bin/sh\", \"-c\", \"tty; stty -a | head -1; echo in-pty\"])'\r")
        t.expect(rb'/dev/pts/\d+\r\n')
        t.expect(rb'in-pty')
        t.expect(PROMPT)
        t.send('script -qc "tty" /dev/null\r')
        t.expect(rb'/dev/pts/\d+')
        t.expect(PROMPT)
        t.send('seq 1 500 | less\r')
        t.expect(rb'\r\n23\r\n')
        t.send(' ')
        t.expect(rb'46')
        t.send('q')
        t.expect(PROMPT)
        t.leave()
    finally:
        t.close()


def t_debian_tmux():
    t = debian()
    try:
        t.send('tmux -f /dev/null new-session\r')
        t.expect(rb'\[0\] 0:', timeout=20)  # tmux's status line
        t.settle()
        t.send('echo inside-$((40+2))\r')
        t.expect(rb'inside-42')
        t.send('exit\r')
        t.expect(rb'\[exited\]', timeout=20)
        t.expect(PROMPT)
        t.leave()
    finally:
        t.close()


TESTS = [t_line_editing, t_ctrl_c, t_job_control, t_vi, t_resize_and_top, t_ctrl_d_status,
         t_sigterm_restores, t_detached_console]
DEBIAN_TESTS = [t_debian_pty_less, t_debian_tmux]


def main():
    failed = passed = 0
    tests = TESTS + (DEBIAN_TESTS if DEBROOT else [])
    for fn in tests:
        name = fn.__name__[2:]
        if ONLY and name not in ONLY:
            continue
        try:
            fn()
            print('ok - terminal/%s' % name, flush=True)
            passed += 1
        except (Fail, OSError, subprocess.SubprocessError) as e:
            print('not ok - terminal/%s: %s' % (name, e), flush=True)
            failed += 1
    if not DEBROOT:
        print('# no Debian root: python pty, less and tmux were not run')
    print('terminal: %d passed, %d failed' % (passed, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
