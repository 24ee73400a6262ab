"""The classic JOS gradelib API, so that an instructor's grade-labN script
written for classic JOS runs unchanged with `from gradelib import *`.

A classic script registers tests with @test(points, title, parent),
marks the end of each part with end_part(name) and calls run_tests().
A test boots QEMU through a Runner:

    r = Runner(save("jos.out"), stop_breakpoint("readline"))

    @test(5)
    def test_hello():
        r.user_test("hello")
        r.match(r"^hello, world$", no=[r"panic"])

    end_part("A")
    run_tests()

user_test(NAME) runs `make run-NAME-nox-gdb QEMUEXTRA+=-snapshot` as
classic graders do, attaches to QEMU's gdb stub and lets the kernel run
until a monitor ends the run (TerminateTest) or the timeout passes,
which, as in classic JOS, is not a failure in itself.  Each QEMU gets a
free gdb port of its own (GDBPORT=N), so that graders run by several
users or at once do not collide, and QEMU is killed by its process group
when the run ends.  Results print the classic way: `TITLE: OK (1.2s)`,
`Part A score: 5/5`, `Score: 80/80`.
"""

import argparse
import os
import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import time

__all__ = ["test", "end_part", "show_part", "run_tests", "get_current_test",
           "TerminateTest", "assert_equal", "assert_lines_match", "make",
           "show_command", "maybe_unlink", "reset_fs", "color", "QEMU",
           "GDBClient", "Runner", "save", "stop_breakpoint", "stop_on_line",
           "call_on_line"]

# How long a run may take to build its kernel and start QEMU.  Not the
# test's timeout: classic timeouts count from the kernel's start.
START_TIMEOUT = 300

TESTS = []                      # tests and part markers, in order
TOTAL = POSSIBLE = 0            # points scored and possible so far
CURRENT_TEST = None
VERBOSE = False
COLORS = {"default": "\033[0m", "red": "\033[31m", "green": "\033[32m",
          "blue": "\033[34m"}
USE_COLOR = False


def set_color(when):
    """--color: "always", "never" or "auto" (when stdout is a terminal)."""
    global USE_COLOR
    USE_COLOR = when == "always" or (when == "auto" and sys.stdout.isatty()
                                     and os.environ.get("TERM") != "dumb")


def color(name, text):
    """text in color name (red, green, blue, default) if colors are on."""
    if USE_COLOR:
        return COLORS[name] + text + COLORS["default"]
    return text


# --- tests, parts and scores ---------------------------------------------

class ClassicTest:
    """A test function with its points and title.  Calling it runs it
    once (its parent first) and returns whether it passed."""

    def __init__(self, fn, points, title, parent):
        self.fn = fn
        self.__name__ = fn.__name__
        self.points = points
        self.title = title
        self.parent = parent
        self.complete = False
        self.ok = False
        self.on_finish = []     # callbacks(failure message or None)

    def __call__(self):
        global TOTAL, POSSIBLE, CURRENT_TEST
        if self.complete:
            return self.ok
        self.complete = True
        parent_ok = self.parent() if self.parent else True
        CURRENT_TEST = self
        indent = "  " if self.parent else ""
        sys.stdout.write("%s%s: " % (indent, self.title))
        sys.stdout.flush()
        start = time.time()
        failure = None
        try:
            if not parent_ok:
                raise AssertionError("Parent failed: %s" % self.parent.title)
            self.fn()
        except AssertionError as e:
            failure = str(e) or "assertion failed"
        POSSIBLE += self.points
        verdict = color("red", "FAIL") if failure else color("green", "OK")
        seconds = time.time() - start
        print(verdict + (" (%.1fs)" % seconds if seconds > 0.1 else ""))
        if failure:
            print("    " + failure.replace("\n", "\n    "))
        else:
            TOTAL += self.points
        for callback in self.on_finish:
            callback(failure)
        self.on_finish = []
        CURRENT_TEST = None
        self.ok = failure is None
        return self.ok


def test(points, title=None, parent=None):
    """Decorator: register the function as a test worth points.  title
    defaults to the function's name without test_, with spaces for _;
    a test with a parent runs after it, and fails if it failed."""
    def register(fn):
        name = fn.__name__
        default = (name[5:] if name.startswith("test_") else name)
        t = ClassicTest(fn, points, title or default.replace("_", " "),
                        parent)
        TESTS.append(t)
        return t
    return register


class PartMark:
    """end_part's entry in TESTS: prints the part's score when reached."""

    def __init__(self, name):
        self.name = name
        self.title = ""


def end_part(name):
    """End part name here: run_tests prints `Part NAME score: X/Y`."""
    TESTS.append(PartMark(name))


PART_START = [0, 0]             # TOTAL and POSSIBLE when this part began


def show_part(mark):
    """Print the score of the part ending at mark, a PartMark, and start
    the next part."""
    print("Part %s score: %d/%d" % (mark.name, TOTAL - PART_START[0],
                                    POSSIBLE - PART_START[1]))
    print()
    PART_START[:] = [TOTAL, POSSIBLE]


def get_current_test():
    """The test running now; RuntimeError if none is."""
    if CURRENT_TEST is None:
        raise RuntimeError("no test is running")
    return CURRENT_TEST


def run_tests():
    """Parse the command line ([-v] [--color=WHEN] [TEST...], each TEST
    a part of titles), build, reset the file system image, run the tests
    chosen and print the score.  Exit status 1 unless every point was
    scored."""
    global VERBOSE
    parser = argparse.ArgumentParser(usage="%(prog)s [-v] [TEST...]")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="print the commands run")
    parser.add_argument("--color", choices=["never", "always", "auto"],
                        default="auto", help="never, always, or auto")
    parser.add_argument("tests", nargs="*", help="run the tests whose "
                        "titles contain one of these (case ignored)")
    args = parser.parse_args()
    VERBOSE = args.verbose
    set_color(args.color)
    make()
    reset_fs()
    wanted = [w.lower() for w in args.tests]
    try:
        for t in TESTS:
            if isinstance(t, PartMark):
                if not wanted:
                    show_part(t)
            elif not wanted or any(w in t.title.lower() for w in wanted):
                t()
        if not wanted:
            print("Score: %d/%d" % (TOTAL, POSSIBLE))
    except KeyboardInterrupt:
        pass
    sys.exit(1 if TOTAL < POSSIBLE else 0)


# --- checks ------------------------------------------------------------------

def assert_equal(got, expect, msg=""):
    """Fail the test unless got == expect."""
    if got != expect:
        raise AssertionError("%sgot:\n  %r\nexpected:\n  %r"
                             % (msg + "\n" if msg else "", got, expect))


def assert_lines_match(text, *regexps, **kw):
    """Fail the test unless each of regexps matches (re.match) the start
    of some line of text and none of the regexps in no= matches any."""
    no = kw.pop("no", [])
    if kw:
        raise TypeError("unexpected arguments %s" % ", ".join(kw))
    lines = text.splitlines()
    missing = [r for r in regexps if not any(re.match(r, l) for l in lines)]
    bad = [l for l in lines if any(re.match(r, l) for r in no)]
    if not missing and not bad:
        return
    msg = ["missing: /%s/" % r for r in missing] + \
          ["unexpected line: %r" % l for l in bad[:5]]
    tail = lines[-20:]
    msg.append("last %d lines of output:" % len(tail))
    msg += ["  | " + l for l in tail]
    raise AssertionError("\n".join(msg))


# --- the tree ----------------------------------------------------------------

def show_command(cmd):
    """Print a command about to run, under -v."""
    if VERBOSE:
        print("\n$ " + " ".join(cmd))
        sys.stdout.flush()


def make(*targets):
    """Run `make -s TARGET...` here; exit the grader if it fails."""
    cmd = ["make", "-s", "--no-print-directory"] + list(targets)
    show_command(cmd)
    if subprocess.call(cmd):
        sys.exit(1)


def maybe_unlink(*paths):
    """Remove each path that exists."""
    for path in paths:
        try:
            os.unlink(path)
        except FileNotFoundError:
            pass


def reset_fs():
    """Give the next run a fresh file system: copy obj/fs/clean-fs.img
    over obj/fs/fs.img, if the tree makes one."""
    if os.path.exists("obj/fs/clean-fs.img"):
        shutil.copyfile("obj/fs/clean-fs.img", "obj/fs/fs.img")


def kernel_symbol(name):
    """The address of name in obj/kern/kernel.sym."""
    with open("obj/kern/kernel.sym") as f:
        for line in f:
            fields = line.split()
            if len(fields) == 3 and fields[2] == name:
                return int(fields[0], 16)
    raise AssertionError("no symbol %s in obj/kern/kernel.sym" % name)


def free_port():
    """A TCP port on localhost that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- QEMU and its gdb stub ------------------------------------------------

class QEMU:
    """`make TARGET... GDBPORT=N` running QEMU (a *-gdb target), in a
    process group of its own.  output is everything it printed so far
    (CR LF as LF); each function in on_output gets each new chunk."""

    def __init__(self, *make_args):
        args = list(make_args)
        if not any(a.startswith("GDBPORT=") for a in args):
            args.append("GDBPORT=%d" % free_port())
        self.port = int(next(a for a in args
                             if a.startswith("GDBPORT="))[len("GDBPORT="):])
        cmd = ["make", "-s", "--no-print-directory"] + args
        show_command(cmd)
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT,
                                     stdin=subprocess.PIPE,
                                     start_new_session=True)
        self.raw = b""
        self.output = ""
        self.on_output = []

    @staticmethod
    def get_gdb_port():
        """The gdb port `make print-gdbport` names (the tree's default)."""
        out = subprocess.check_output(
            ["make", "-s", "--no-print-directory", "print-gdbport"])
        return int(out.decode().strip())

    def fileno(self):
        return self.proc.stdout.fileno() if self.proc.stdout else None

    def handle_read(self):
        data = os.read(self.proc.stdout.fileno(), 4096)
        if not data:
            self.proc.stdout.close()
            self.proc.stdout = None
            return
        self.raw += data
        self.output = self.raw.decode("utf-8", "replace").replace("\r\n",
                                                                  "\n")
        for callback in self.on_output:
            callback(data)

    def write(self, data):
        """Type data (str or bytes) on QEMU's console."""
        if isinstance(data, str):
            data = data.encode()
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def wait(self):
        self.proc.wait()

    def kill(self):
        """Kill make and QEMU (its process group), then reap make."""
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait()


class GDBClient:
    """A connection to QEMU's gdb stub on localhost:port, read from a
    Runner's event loop.  A stop of the kernel (breakpoint) raises
    TerminateTest from handle_read."""

    def __init__(self, port, timeout=15):
        deadline = time.time() + timeout
        while True:
            try:
                self.sock = socket.create_connection(("127.0.0.1", port),
                                                     timeout=1)
                break
            except OSError:
                if time.time() > deadline:
                    raise
                time.sleep(0.05)
        self.sock.settimeout(None)
        self.buf = b""

    def fileno(self):
        return self.sock.fileno() if self.sock else None

    def handle_read(self):
        try:
            data = self.sock.recv(4096)
        except OSError:
            data = b""
        if not data:
            self.close()
            return
        self.buf += data
        while self.sock:
            packet = self._take_packet()
            if packet is None:
                break
            if packet[:1] in (b"T", b"S"):
                raise TerminateTest()
            if packet[:1] in (b"W", b"X"):
                self.close()

    def _take_packet(self):
        """Remove the first whole packet from buf, ack it and return its
        payload, or None if there is none yet."""
        m = re.search(rb"\$([^#]*)#[0-9a-fA-F]{2}", self.buf)
        if not m:
            return None
        self.buf = self.buf[m.end():]
        self.sock.sendall(b"+")
        return m[1]

    def _request(self, payload, timeout=10):
        """Send a packet and return the reply's payload.  Only while the
        kernel is stopped: QEMU takes any byte that comes while it runs
        (a late ack, say) as a request to stop."""
        self._send(payload)
        deadline = time.time() + timeout
        while True:
            packet = self._take_packet()
            if packet is not None:
                return packet
            left = deadline - time.time()
            if left <= 0 or not select.select([self.sock], [], [], left)[0]:
                raise OSError("no reply from QEMU's gdb stub to " + payload)
            data = self.sock.recv(4096)
            if not data:
                raise OSError("QEMU's gdb stub closed the connection")
            self.buf += data

    def _send(self, payload):
        data = payload.encode()
        self.sock.sendall(b"$%s#%02x" % (data, sum(data) % 256))

    def close(self):
        if self.sock:
            self.sock.close()
            self.sock = None

    def cont(self):
        """Let the kernel run."""
        self._send("c")

    def breakpoint(self, addr):
        """Set a hardware breakpoint at addr (the kernel is stopped)."""
        reply = self._request("Z1,%x,1" % addr)
        if reply != b"OK":
            raise OSError("QEMU refused a breakpoint at %#x: %r"
                          % (addr, reply))

    def kill(self):
        """Ask QEMU to quit."""
        if self.sock:
            try:
                self._send("k")
            except OSError:
                pass


class TerminateTest(Exception):
    """Raised by a monitor (or a gdb stop) to end the run now."""


class Runner:
    """Runs QEMU for tests; default_monitors apply to every run."""

    def __init__(self, *default_monitors):
        self.default_monitors = default_monitors
        self.qemu = None
        self.gdb = None

    def run_qemu(self, *monitors, target_base="qemu", make_args=(),
                 timeout=30):
        """Build and start `make TARGET_BASE-nox-gdb MAKE_ARGS`, attach to
        its gdb stub, install the monitors and let the kernel run until
        a monitor or a breakpoint ends the run, or timeout seconds."""
        self.qemu = QEMU(target_base + "-nox-gdb", *make_args)
        self.gdb = None
        try:
            self.qemu.on_output = [self._attach_when_up]
            self._react([self.qemu], START_TIMEOUT)
            self.qemu.on_output = []
            if self.gdb is None:
                tail = self.qemu.output.splitlines()[-15:]
                raise AssertionError("QEMU did not start; make said:\n" +
                                     "\n".join("  | " + l for l in tail))
            for monitor in self.default_monitors + monitors:
                monitor(self)
            self.gdb.cont()
            self._react([self.qemu, self.gdb], timeout)
        finally:
            if self.gdb:
                self.gdb.kill()
                self.gdb.close()
            self.qemu.kill()
            # The run is over: monitors see no more output.
            self.qemu.on_output = []
            self._drain()

    def _attach_when_up(self, data):
        # make prints this right before it starts QEMU, halted.
        if "Now run 'make gdb'" in self.qemu.output:
            self.gdb = GDBClient(self.qemu.port, timeout=15)
            raise TerminateTest()

    def _react(self, reactors, timeout):
        """Feed each reactor's input to it until one raises TerminateTest,
        all have closed, or timeout seconds pass."""
        deadline = time.time() + timeout
        try:
            while True:
                live = [r for r in reactors if r.fileno() is not None]
                left = deadline - time.time()
                if not live or left <= 0:
                    return
                ready = select.select(live, [], [], left)[0]
                for r in ready:
                    r.handle_read()
        except TerminateTest:
            return

    def _drain(self):
        """Read what make printed after QEMU was killed."""
        while self.qemu.fileno() is not None:
            self.qemu.handle_read()

    def user_test(self, binary, *monitors, make_args=(), snapshot=True,
                  timeout=30):
        """Run the kernel that starts user program binary, as
        `make run-BINARY-nox-gdb`, rebuilding its kernel first."""
        maybe_unlink("obj/kern/init.o", "obj/kern/kernel")
        args = list(make_args) + (["QEMUEXTRA+=-snapshot"] if snapshot
                                  else [])
        self.run_qemu(*monitors, target_base="run-%s" % binary,
                      make_args=args, timeout=timeout)

    def match(self, *regexps, **kw):
        """assert_lines_match on the last run's output."""
        assert_lines_match(self.qemu.output, *regexps, **kw)


# --- monitors: functions of a Runner, installed when QEMU is up ---------

def on_lines(callback):
    """An on_output function that calls callback(line) for each whole
    line of output (CR LF as LF)."""
    pending = [b""]

    def feed(data):
        pending[0] += data
        *lines, pending[0] = pending[0].split(b"\n")
        for line in lines:
            callback(line.decode("utf-8", "replace").rstrip("\r"))
    return feed


def save(path):
    """Monitor: write each run's output to path; when the test fails,
    keep it as path.TEST too."""
    def monitor(runner):
        f = open(path, "wb")
        runner.qemu.on_output.append(f.write)
        test = get_current_test()

        def finish(failure):
            f.close()
            kept = "%s.%s" % (path, test.__name__.replace("test_", "", 1))
            if failure:
                shutil.copyfile(path, kept)
                print("    QEMU output saved to %s" % kept)
            else:
                maybe_unlink(kept)
        test.on_finish.append(finish)
    return monitor


def stop_breakpoint(addr):
    """Monitor: end the run when the kernel reaches addr, an address or
    a symbol of obj/kern/kernel.sym."""
    def monitor(runner):
        target = kernel_symbol(addr) if isinstance(addr, str) else addr
        runner.gdb.breakpoint(target)
    return monitor


def call_on_line(regexp, callback):
    """Monitor: call callback(line) for each output line matching
    regexp (re.match)."""
    def monitor(runner):
        def check(line):
            if re.match(regexp, line):
                callback(line)
        runner.qemu.on_output.append(on_lines(check))
    return monitor


def stop_on_line(regexp):
    """Monitor: end the run at the first output line matching regexp."""
    def stop(line):
        raise TerminateTest()
    return call_on_line(regexp, stop)
