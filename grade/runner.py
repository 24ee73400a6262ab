"""grade.runner: boot JOS kernels under QEMU and check what they print.

A test names the user program the kernel starts (prog; None means the
default kernel), how many CPUs it gets, and what its console output must
and must not contain:

    test("hello", prog="hello",
         expect=[r"^hello, world$", r"^i am environment [0-9a-f]{8}$"],
         forbid=[r"user fault"])

Used as a decorator, test() also adds a custom check, a function of the
run's Output that calls fail() (or raises AssertionError) to fail:

    @test("frames")
    def _(out):
        if len(out.grep(r"^  ebp ")) < 3:
            fail("fewer than 3 frames")

every_test() registers a check that every test applies to its output,
for properties that must hold whatever a test runs (no leaked page).

Each test runs at a lab (lab=, 4 unless given): the kernel it boots is
built for that lab, as `make LAB=N` would build it.  From lab 5 on, the
kernel starts the file server (env 00001000) before the program (then
00001001), and QEMU gets the file-system disk obj/fs/fs.img; one `make
grade` runs the tests of every lab, each at its own lab:

    test("testfile", prog="testfile", lab=5, expect=[r"^open is good$"])

A test may also run something on the host instead of booting a kernel
(host=, a function of the deadline returning the text to check), such
as a build in a copy of the tree.

A run ends when the kernel enters its monitor (a hardware breakpoint on
readline, set through QEMU's gdb stub), when a line matching `stop`
appears, or at the timeout, which fails the test.  `commands` are typed
at the monitor, one per prompt, before the run ends; `inputs` are typed
at the serial console, for user programs, each once its prompt shows.
A test may instead drive the run itself through QEMU's gdb stub
(driver=, for instance with gdb in batch mode); what the driver returns
is out.transcript.  Tests
that boot the same kernel the same way share one run.  Runs go in
parallel, each QEMU with -snapshot on a gdb port of its own, and every
QEMU is killed by its pid when its run ends, times out or is interrupted.

The classic JOS gradelib API (Runner, @test(points), end_part,
run_tests, ...) is here too, from grade/classic.py and
grade/classic_qemu.py, so that an instructor's grade-labN script
(`from gradelib import *`, which re-exports this module) runs unchanged.
test() is both: test(points, ...) is the classic decorator, test(name,
...) ours.
"""

import argparse
import os
import re
import signal
import subprocess
import sys
import threading
import time
import traceback
from concurrent.futures import ThreadPoolExecutor

if sys.version_info < (3, 9):
    sys.exit("gradelib: this is Python %d.%d; the grader needs 3.9 or newer"
             % sys.version_info[:2])

from grade import gdbremote, ports  # noqa: E402
from grade.symbols import read_symbols  # noqa: E402
from grade import classic  # noqa: E402
from grade import classic_qemu  # noqa: E402
from grade.classic import *  # noqa: F401,F403,E402 (re-exported)
from grade.classic_qemu import *  # noqa: F401,F403,E402 (re-exported)
from grade.classic import color, set_color  # noqa: E402

__all__ = ["test", "every_test", "fail", "CheckFailed", "Output", "main",
           "run_make", "make"] + classic_qemu.__all__ + [
               n for n in classic.__all__ if n not in ("test", "make")]

OBJDIR = "obj"
LOGDIR = os.path.join(OBJDIR, "grade-logs")
PANIC = r"kernel panic"

TESTS = []
EVERY_TEST = []                 # checks every test makes; see every_test()


class CheckFailed(Exception):
    """Raised by fail(): a custom check found a problem."""


def fail(message):
    """Fail the current custom check with message."""
    raise CheckFailed(message)


class Test:
    """One named test: a run to do and the checks on its output."""

    def __init__(self, name, prog, expect, forbid, ordered, panic, cpus,
                 timeout, stop, commands, driver, sockets, lab, host,
                 inputs):
        self.name = name
        self.prog = prog
        self.lab = lab
        self.host = host
        self.expect = list(expect)
        self.forbid = list(forbid) + ([] if panic else [PANIC])
        self.ordered = ordered
        self.checks = []
        # Tests with equal run keys share one QEMU run.
        self.run_key = (prog, cpus, timeout, stop, tuple(commands), driver,
                        sockets, lab, host, tuple(inputs))


def test(*args, **kw):
    """test(name, ...) registers one of our tests (see register());
    test(points, title=None, parent=None) is the classic decorator."""
    if args and isinstance(args[0], int):
        return classic.test(*args, **kw)
    return register(*args, **kw)


def register(name, prog=None, expect=(), forbid=(), ordered=True,
             panic=False, cpus=1, timeout=30, stop=None, commands=(),
             driver=None, sockets=None, lab=4, host=None, inputs=()):
    """Register a test and return a decorator that adds custom checks.

    name: what the test is called on the command line and in the results.
    prog: boot a kernel that starts user/PROG.c; None, the default kernel.
    expect: regular expressions, each to be found (re.search) in some line
        of the console output; in this order unless ordered=False.
    forbid: regular expressions no line may match.  A kernel panic fails
        the test too, unless panic=True.
    cpus: the number of CPUs QEMU gives the kernel.
    sockets: how many packages those CPUs come in (default: one CPU
        each); with fewer, each has several cores, and the BIOS lists
        one CPU per package, with APIC ids that are not 0, 1, ...
    timeout: seconds QEMU may run before the test fails.
    stop: a regular expression: end the run at the first complete line
        matching it, even if the monitor has not been reached.
    commands: lines typed at the monitor prompt, one per prompt.
    driver: a function driver(port, deadline) that runs the test in place
        of the standard run: QEMU starts halted, its gdb stub on
        localhost:port; the driver must return by deadline (a
        time.monotonic() value) a transcript of what it did, which checks
        see as out.transcript; then QEMU is killed.  A
        subprocess.TimeoutExpired it raises fails the run as a timeout.
    lab: the lab the kernel is built for (make LAB=lab): 4 for the tests
        of labs 3 and 4, 5 for those that need the file server and its
        disk; 1 and 2 for tests of what a lab-1 or lab-2 kernel does
        before it stops at the monitor (kern/init.c).
    host: a function host(deadline) run instead of QEMU, on the host; the
        text it returns is the output the checks see (out.text), and
        every_test() checks do not apply.  prog must be None.
    inputs: (prompt, line) pairs, typed at the serial console in turn:
        each line (and a newline) once the console output after the
        previous line typed matches the regular expression prompt
        (re.search; it may end in the middle of a line, as prompts do).
    """
    if any(t.name == name for t in TESTS):
        raise ValueError("two tests named %r" % name)
    t = Test(name, prog, expect, forbid, ordered, panic, cpus, timeout,
             stop, commands, driver, sockets, lab, host, inputs)
    TESTS.append(t)

    def add_check(fn):
        t.checks.append(fn)
        return fn
    return add_check


def every_test(fn):
    """Make fn, a custom check, a check of every test, whenever that test
    was registered; return fn (so it works as a decorator)."""
    EVERY_TEST.append(fn)
    return fn


class Output:
    """A run's console output, and the symbols of the kernel that ran.

    text: everything QEMU printed, with CR LF turned into LF.
    lines: text split into lines.
    symbols: kernel symbol name -> address, from its .sym file.
    transcript: what the test's driver returned, if it has one.
    """

    def __init__(self, text, symbols, transcript=""):
        self.text = text
        self.lines = text.splitlines()
        self.symbols = symbols
        self.transcript = transcript

    def grep(self, regex):
        """Return the match objects of regex on each line it matches."""
        rx = re.compile(regex)
        return [m for m in map(rx.search, self.lines) if m]


# --- processes ---------------------------------------------------------

_live = set()                   # QEMU processes still running
_live_lock = threading.Lock()
_stopping = threading.Event()   # set on Ctrl-C or SIGTERM


def _kill(proc):
    """Kill proc (by its pid) and reap it."""
    if proc.poll() is None:
        proc.kill()
    proc.wait()
    with _live_lock:
        _live.discard(proc)


def _kill_all():
    """Kill every QEMU still running: on Ctrl-C, on SIGTERM, at exit."""
    _stopping.set()
    with _live_lock:
        procs = list(_live)
    for proc in procs:
        _kill(proc)


# --- one QEMU run -----------------------------------------------------------

class RunResult:
    """What a run produced: its output, how it ended, and how long it took.
    error is None if it ended as its tests wanted, else why not."""

    def __init__(self, output, error, seconds):
        self.output = output
        self.error = error
        self.seconds = seconds


def tree_lab():
    """The LAB of this tree: conf/lab.mk's, or make's command line's."""
    m = re.search(r"(?:^|\s)LAB=(\d+)", os.environ.get("MAKEFLAGS", ""))
    if m:
        return int(m[1])
    with open("conf/lab.mk") as f:
        return int(re.search(r"^LAB=(\d+)", f.read(), re.M)[1])


def kernel_files(prog, lab=4):
    """The disk image and symbol file of the kernel that starts prog (None:
    kern/init.c's default) at lab (kern/Makefrag): obj/kern/kernel[-PROG]
    at the tree's LAB, else obj/kern/labN/kernel[-PROG]."""
    base = "kernel" if prog is None else "kernel-" + prog
    kdir = os.path.join(OBJDIR, "kern")
    if lab != tree_lab():
        kdir = os.path.join(kdir, "lab%d" % lab)
    path = os.path.join(kdir, base)
    return path + ".img", path + ".sym"


FS_IMAGE = os.path.join(OBJDIR, "fs", "fs.img")


class Run:
    """One boot of a kernel under QEMU, shared by the tests that want it."""

    def __init__(self, key, qemu, verbose):
        (self.prog, self.cpus, self.timeout, stop, commands, self.driver,
         self.sockets, self.lab, self.host, inputs) = key
        self.inputs = [(re.compile(p), line) for p, line in inputs]
        self.transcript = ""
        self.stop = re.compile(stop) if stop else None
        self.commands = list(commands)
        self.qemu = qemu
        self.verbose = verbose
        self.chunks = []
        self.chunks_lock = threading.Lock()

    def console(self):
        """The console output so far, CR LF turned into LF."""
        with self.chunks_lock:
            data = b"".join(self.chunks)
        return data.decode("utf-8", "replace").replace("\r\n", "\n")

    def _reader(self, proc):
        while True:
            data = os.read(proc.stdout.fileno(), 65536)
            if not data:
                return
            with self.chunks_lock:
                self.chunks.append(data)

    def _command_line(self, image, port):
        # The same machine as `make qemu-nox-gdb` (see GNUmakefile).
        n = self.cpus
        sockets = self.sockets or n
        disk = []
        if self.lab >= 5:
            disk = ["-drive", "file=%s,index=1,media=disk,format=raw"
                    % FS_IMAGE]
        return [self.qemu, "-display", "none",
                "-drive", "file=%s,index=0,media=disk,format=raw" % image,
                "-serial", "mon:stdio", "-gdb", "tcp:127.0.0.1:%d" % port,
                "-smp", "cpus=%d,sockets=%d,cores=%d,threads=1"
                % (n, sockets, n // sockets)] \
            + disk + ["-no-reboot", "-snapshot", "-S"]

    def execute(self):
        """Boot, wait for the end, kill QEMU; return a RunResult."""
        image, symfile = kernel_files(self.prog, self.lab)
        start = time.monotonic()
        symbols = {}
        if self.host:
            return self._on_host(start)
        try:
            symbols = read_symbols(symfile)
            if "readline" not in symbols:
                error = "no readline in %s" % symfile
            else:
                error = self._boot(image, symbols["readline"], start)
        except Exception:
            error = "grader error:\n" + traceback.format_exc().rstrip()
        seconds = time.monotonic() - start
        return RunResult(Output(self.console(), symbols, self.transcript),
                         error, seconds)

    def _on_host(self, start):
        """Run the host function in place of QEMU; return a RunResult."""
        text, error = "", None
        try:
            text = self.host(start + self.timeout)
        except subprocess.TimeoutExpired:
            error = "timeout after %ds" % self.timeout
        except Exception:
            error = "grader error:\n" + traceback.format_exc().rstrip()
        return RunResult(Output(text, {}), error, time.monotonic() - start)

    def _boot(self, image, readline, start):
        """Run QEMU until the run's end; return None or what went wrong."""
        deadline = start + self.timeout
        port = ports.free_port()
        cmd = self._command_line(image, port)
        if self.verbose:
            print("+ " + " ".join(cmd), flush=True)
        proc = subprocess.Popen(cmd, stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT)
        with _live_lock:
            _live.add(proc)
        reader = threading.Thread(target=self._reader, args=(proc,),
                                  daemon=True)
        reader.start()
        gdb = None
        try:
            if _stopping.is_set():
                return "interrupted"
            if self.driver:
                self.transcript = self.driver(port, deadline)
                return None
            gdb = gdbremote.GDBClient(port, deadline)
            gdb.hw_break(readline)
            return self._drive(proc, gdb, readline, deadline)
        except subprocess.TimeoutExpired:
            return "timeout after %ds" % self.timeout
        except OSError as e:
            if proc.poll() is not None:
                return "QEMU exited with status %d" % proc.returncode
            return "cannot talk to QEMU's gdb stub: %s" % e
        finally:
            if gdb:
                gdb.close()
            _kill(proc)
            reader.join(5)

    def _drive(self, proc, gdb, readline, deadline):
        """Continue the kernel until the stop line, or until the monitor
        once every command has been typed; return None or an error."""
        commands = list(self.commands)
        inputs = list(self.inputs)
        gdb.send("c")
        scanned = 0
        typed_at = 0            # console length when the last line was typed
        while True:
            if inputs:
                text = self.console()
                if inputs[0][0].search(text[typed_at:]):
                    typed_at = len(text)
                    proc.stdin.write(inputs.pop(0)[1].encode() + b"\n")
                    proc.stdin.flush()
            if self.stop:
                text = self.console()
                done = text[:text.rfind("\n") + 1]
                if any(map(self.stop.search,
                           done[scanned:].splitlines())):
                    return None
                scanned = len(done)
            reply = gdb.poll(0.05)
            if reply and reply[0] in "TS":
                if not commands:
                    return None
                # The kernel is at the prompt; it reads the line after
                # it continues.
                proc.stdin.write(commands.pop(0).encode() + b"\n")
                proc.stdin.flush()
                gdb.step_over(readline)
                gdb.send("c")
            elif (reply and reply[0] in "WX") or gdb.closed \
                    or proc.poll() is not None:
                return "QEMU exited before %s" % self._goal()
            elif _stopping.is_set():
                return "interrupted"
            elif time.monotonic() > deadline:
                return "timeout after %ds: never reached %s" \
                    % (self.timeout, self._goal())

    def _goal(self):
        goal = "the monitor"
        if self.stop:
            goal = "a line /%s/ or %s" % (self.stop.pattern, goal)
        return goal


# --- checking and reporting ----------------------------------------------

def evaluate(t, result):
    """Return the list of reasons test t fails on result (empty: OK)."""
    problems = [result.error] if result.error else []
    out = result.output
    lines = out.lines
    pos = 0
    for regex in t.expect:
        rx = re.compile(regex)
        start = pos if t.ordered else 0
        hit = next((i for i in range(start, len(lines))
                    if rx.search(lines[i])), None)
        if hit is not None:
            pos = hit + 1
        elif t.ordered and any(map(rx.search, lines)):
            problems.append("out of order: /%s/" % regex)
        else:
            problems.append("missing: /%s/" % regex)
    for regex in t.forbid:
        bad = out.grep(regex)
        if bad:
            problems.append("forbidden: %r" % bad[0].string)
    for check in t.checks + ([] if t.host else EVERY_TEST):
        try:
            check(out)
        except (CheckFailed, AssertionError) as e:
            problems.append(str(e) or "%s failed" % check.__name__)
        except Exception:
            problems.append("check %s raised:\n%s" % (
                check.__name__, traceback.format_exc().rstrip()))
    return problems


def report(t, result, problems, verbose):
    """Print t's result line and reasons; keep or remove its log."""
    log = os.path.join(LOGDIR, t.name + ".log")
    verdict = color("red", "FAIL") if problems else color("green", "OK")
    print("%s: %s (%.1fs)" % (t.name, verdict, result.seconds))
    for p in problems:
        print("    " + p.replace("\n", "\n    "))
    text = result.output.text
    if result.output.transcript:
        text += "\n--- driver transcript ---\n" + result.output.transcript
    if problems:
        os.makedirs(LOGDIR, exist_ok=True)
        with open(log, "w") as f:
            f.write(text)
        print("    console output: %s" % log)
    elif os.path.exists(log):
        os.remove(log)
    if verbose:
        print("    | " + text.rstrip("\n").replace("\n", "\n    | "))
    sys.stdout.flush()


def select_tests(names):
    """The tests the command line names: each name is a test's exact name
    or, if no test has that name, a part of test names (`alloc` selects
    faultalloc and faultallocbad)."""
    if not names:
        return list(TESTS)
    chosen = set()
    for name in names:
        exact = [t for t in TESTS if t.name == name]
        found = exact or [t for t in TESTS if name in t.name]
        if not found:
            sys.exit("no test named %s; tests: %s"
                     % (name, " ".join(t.name for t in TESTS)))
        chosen.update(t.name for t in found)
    return [t for t in TESTS if t.name in chosen]


def jobserver_fds():
    """The pipe of the jobserver of a `make -jN grade` that ran us, or
    None: make names it in MAKEFLAGS."""
    m = re.search(r"--jobserver-(?:auth|fds)=(\d+),(\d+)",
                  os.environ.get("MAKEFLAGS", ""))
    if not m:
        return None
    fds = (int(m[1]), int(m[2]))
    try:
        for fd in fds:
            os.fstat(fd)
    except OSError:
        return None
    return fds


def run_make(args, **kw):
    """Run make in this tree, within the jobserver of the make that ran
    us, if any."""
    return subprocess.run(["make", "--no-print-directory"] + args,
                          pass_fds=jobserver_fds() or (), **kw)


def make(*args, **kw):
    """The classic make(TARGET...), which exits the grader if make fails;
    make([ARG...], **kw), an older name of ours for run_make."""
    if args and isinstance(args[0], list):
        return run_make(*args, **kw)
    return classic.make(*args, **kw)


def run_make_async(args, **kw):
    """Start make as run_make does; return its Popen."""
    return subprocess.Popen(["make", "--no-print-directory"] + args,
                            pass_fds=jobserver_fds() or (), **kw)


def build(tests, jobs):
    """Build everything plus the kernel of each prog the tests boot, in
    one make run that goes on past errors (make -k), so that a program
    that does not build fails its own tests only.  make's output is
    shown as it comes (but not its "is up to date" for each kernel).
    Return (unbuilt, broken): the (prog, lab)s (prog None for the
    default kernel) whose kernels were not built, and the user programs
    that did not build."""
    kernels = {(t.prog, t.lab) for t in tests if t.host is None}
    targets = ["-k", "all"]
    for prog, lab in sorted((p or "", l) for p, l in kernels):
        targets += kernel_files(prog or None, lab)
    if not jobserver_fds():
        targets.insert(0, "-j%d" % jobs)
    env = dict(os.environ, LC_ALL="C")
    proc = run_make_async(targets, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, env=env)
    unmade, broken = set(), []
    for line in proc.stdout:
        if not re.match(r"make: '.*' is up to date\.$", line):
            sys.stdout.write(line)
        m = re.search(r"Target '(.*)' not remade because of errors", line)
        if m:
            unmade.add(m[1])
        m = re.match(r"\*\*\* user/(\S+)\.c did not build", line)
        if m and m[1] not in broken:
            broken.append(m[1])
    proc.wait()
    sys.stdout.flush()
    unbuilt = {k for k in kernels if set(kernel_files(*k)) & unmade}
    if proc.returncode and not unmade and not broken:
        unbuilt = kernels           # make failed before trying anything
    return unbuilt, broken


def main(argv=None, listener=None):
    """Run the registered tests the command line selects (see -h); exit
    with status 0 if they all passed, 1 otherwise.

    listener, if given, hears about the run (grade/results.py has one):
    listener.add_arguments(parser) before the command line is parsed,
    listener.started(args, tests) once the tests to run are chosen,
    listener.tested(t, result, problems) after each test's result line,
    listener.finished(args) before the summary line."""
    parser = argparse.ArgumentParser(
        description="Build JOS, boot it under QEMU and check its output.")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="show QEMU commands and all console output")
    parser.add_argument("-j", "--jobs", type=int, default=os.cpu_count(),
                        help="QEMUs to run at once (default: one per core)")
    parser.add_argument("--color", choices=["never", "always", "auto"],
                        default="auto", help="color OK and FAIL (default: "
                        "when printing to a terminal)")
    parser.add_argument("-l", "--list", action="store_true",
                        help="print the names of the tests chosen; run none")
    parser.add_argument("names", nargs="*", metavar="NAME",
                        help="run only these tests (names or parts of them)")
    if listener:
        listener.add_arguments(parser)
    args = parser.parse_args(argv)
    set_color(args.color)
    os.chdir(os.path.dirname(os.path.abspath(sys.argv[0])))
    tests = select_tests(args.names)
    if args.list:
        print("\n".join(t.name for t in tests))
        return
    jobs = max(1, args.jobs or 1)
    if listener:
        listener.started(args, tests)

    unbuilt, broken = build(tests, jobs)
    # The QEMU and gdb (for grade/debugging.py) that conf/env.mk chose.
    qemu, os.environ["GDB"] = run_make(
        ["-s", "print-qemu", "print-gdb"], stdout=subprocess.PIPE,
        text=True, check=True).stdout.split("\n")[:2]

    def on_signal(signum, frame):
        raise KeyboardInterrupt
    signal.signal(signal.SIGTERM, on_signal)

    passed = failed = 0
    if broken:
        failed += 1
        print("build: %s\n    user programs that did not build: %s"
              % (color("red", "FAIL"), " ".join(broken)))
    pool = ThreadPoolExecutor(max_workers=jobs)
    try:
        runs = {}
        for t in tests:
            if t.host is None and (t.prog, t.lab) in unbuilt:
                runs[t.run_key] = pool.submit(
                    RunResult, Output("", {}), "build failed (see above)", 0)
            elif t.run_key not in runs:
                run = Run(t.run_key, qemu, args.verbose)
                runs[t.run_key] = pool.submit(run.execute)
        for t in tests:
            result = runs[t.run_key].result()
            problems = evaluate(t, result)
            report(t, result, problems, args.verbose)
            if listener:
                listener.tested(t, result, problems)
            if problems:
                failed += 1
            else:
                passed += 1
    except KeyboardInterrupt:
        _kill_all()
        pool.shutdown(wait=True, cancel_futures=True)
        print("interrupted")
        sys.exit(130)
    finally:
        _kill_all()
        pool.shutdown(wait=True)
    if listener:
        listener.finished(args)
    print("%d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed else 0)
