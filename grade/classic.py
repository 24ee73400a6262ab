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
`Part A score: 5/5`, `Score: 80/80`.  This module has the tests, scores
and checks; grade/classic_qemu.py the Runner, QEMU and their monitors.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import time

__all__ = ["test", "end_part", "show_part", "run_tests", "get_current_test",
           "TerminateTest", "assert_equal", "assert_lines_match", "make",
           "show_command", "maybe_unlink", "reset_fs", "color"]

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


class TerminateTest(Exception):
    """Raised by a monitor (or a gdb stop) to end the run now."""
