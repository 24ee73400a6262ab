"""The course: which lab and part each test counts for, and its points.

grade-lab1 ... grade-lab5 each call main(N): lab N's tests, part by part,
with a "Part X score: got/max" line after each part and "Score: got/max"
at the end, then every earlier lab's tests as regression checks (listed,
worth no points, but a failure fails the run).  grade-all calls main(None):
every test, in the order the modules register them.  Both end with
gradelib's "N passed, M failed" line and take --results/--junit (see
gradeout.py).

To put a new module of tests in a lab, add one line to MODULES; to move
single tests of a module to another part, list them in TESTS.  A module
in grade/ that is in no lab stops every grader with a message saying so.
"""

import argparse
import os
import sys

import gradelib
from gradeout import Recorder

LABS = {
    1: "Booting, the console and the monitor",
    2: "Memory management",
    3: "User environments, traps and system calls",
    4: "Multiprocessing, fork, IPC and preemption",
    5: "The file system, spawn and the shell",
}

PARTS = {
    (1, "A"): "Booting and formatted printing",
    (1, "B"): "The monitor and stack backtraces",
    (2, "A"): "Physical page management",
    (2, "B"): "Virtual memory and the kernel's address space",
    (3, "A"): "User environments and exceptions",
    (3, "B"): "Page faults, breakpoints and system calls",
    (3, "C"): "Kernel panics under a user program",
    (4, "A"): "Several CPUs and cooperative multitasking",
    (4, "B"): "Copy-on-write fork",
    (4, "C"): "Preemption and inter-process communication",
    (4, "D"): "Robustness, debugging and performance",
    (5, "A"): "The file system",
    (5, "B"): "Spawn, pipes and the shell",
}

# Module of grade/, and the lab and part its tests count for; lab None:
# checks of the project itself (its docs and sources), which grade-all
# runs and no lab grader does.  A module listed here that does not exist yet is skipped.
MODULES = [
    ("boot", 1, "A"),
    ("lab3", 3, "B"),
    ("lab4", 4, "B"),
    ("robustness", 4, "D"),
    ("debugging", 4, "D"),
    ("docs", None, None),
    ("source", None, None),
    ("performance", 4, "D"),
    ("compat", 4, "D"),
    ("lab5fs", 5, "A"),
    ("fscrash", 5, "A"),
    ("lab5shell", 5, "B"),
]

# Tests that count for another part than their module's.
TESTS = {
    "backtrace": (1, "B"),
    "monitor_help": (1, "B"),
    "monitor_kerninfo": (1, "B"),
    "monitor_backtrace": (1, "B"),
    "physical_memory": (2, "A"),
    "check_page_free_list": (2, "A"),
    "check_page_alloc": (2, "A"),
    "check_page": (2, "B"),
    "check_kern_pgdir": (2, "B"),
    "check_page_installed_pgdir": (2, "B"),
    "monitor_showmappings": (2, "B"),
    "monitor_pages": (2, "B"),
    "monitor_audit": (2, "B"),
    "divzero": (3, "A"),
    "softint": (3, "A"),
    "badsegment": (3, "A"),
    "panic_backtrace": (3, "C"),
    "yield": (4, "A"),
    "yield-smp2": (4, "A"),
    "yield-smp4": (4, "A"),
    "dumbfork": (4, "A"),
    "monitor_cpus": (4, "A"),
    "smp-apicids": (4, "A"),
    "spin": (4, "C"),
    "stresssched": (4, "C"),
    "fairness": (4, "C"),
    "sendpage": (4, "C"),
    "pingpong": (4, "C"),
    "pingpongs": (4, "C"),
    "primes": (4, "C"),
    "classiclib5": (5, "B"),
    "classic_grade_script_lab5": (5, "B"),
}

# What a test is worth; POINTS lists the ones worth more than DEFAULT_POINTS.
DEFAULT_POINTS = 5
POINTS = {
    "boot": 10,
    "backtrace": 10,
    "check_page": 10,
    "dumbfork": 10,
    "forktree": 10,
    "stresssched": 10,
    "primes": 10,
    "fuzz": 10,
}

GRADE_DIR = os.path.dirname(os.path.abspath(__file__))


_where = {}


def load_tests():
    """Import every module of MODULES, so that its tests register; return
    test name -> (lab, part).  Exits if grade/ has a module in no lab.
    Later calls return the same."""
    if _where:
        return _where
    listed = {module for module, _, _ in MODULES}
    strays = sorted(name[:-3] for name in os.listdir(GRADE_DIR)
                    if name.endswith(".py") and name[:-3] not in listed
                    and name not in ("__init__.py", "labs.py"))
    if strays:
        sys.exit("grade/%s.py is in no lab: add it to MODULES in "
                 "grade/labs.py" % strays[0])
    where = {}
    for module, lab, part in MODULES:
        if not os.path.exists(os.path.join(GRADE_DIR, module + ".py")):
            continue
        before = len(gradelib.TESTS)
        __import__("grade." + module)
        for t in gradelib.TESTS[before:]:
            where[t.name] = TESTS.get(t.name, (lab, part))
    unknown = sorted(set(TESTS) - set(where))
    if unknown:
        sys.exit("grade/labs.py names tests no module registers: %s"
                 % " ".join(unknown))
    _where.update(where)
    return where


def points(name):
    return POINTS.get(name, DEFAULT_POINTS)


def part_title(lab, part):
    return "Lab %d Part %s: %s" % (lab, part, PARTS[lab, part])


class LabListener(Recorder):
    """Prints part scores and the lab's score as a lab grader's tests
    report, and records results for gradeout (regression tests are worth
    no points there)."""

    def __init__(self, lab, where):
        self.lab = lab
        self.where = where
        name = "JOS lab %d" % lab if lab else "JOS, every lab"
        super().__init__(self.describe, name)

    def describe(self, t):
        lab, part = self.where[t.name]
        if lab is None:
            return "Project checks", points(t.name)
        if self.lab and lab < self.lab:
            return "Lab %d (regression)" % lab, 0
        return part_title(lab, part), points(t.name)

    def add_arguments(self, parser):
        super().add_arguments(parser)
        if self.lab:
            add_part_argument(parser)

    def started(self, args, tests):
        super().started(args, tests)
        self.left = {}
        for t in tests:
            key = self.score_key(t)
            self.left[key] = self.left.get(key, 0) + 1
        self.got = {}
        self.max = {}

    def score_key(self, t):
        """What t's score line adds up: its part in the lab graded, its
        lab otherwise."""
        lab, part = self.where[t.name]
        return (lab, part) if lab == self.lab else (lab, None)

    def tested(self, t, result, problems):
        super().tested(t, result, problems)
        key = self.score_key(t)
        self.max[key] = self.max.get(key, 0) + points(t.name)
        if not problems:
            self.got[key] = self.got.get(key, 0) + points(t.name)
        self.left[key] -= 1
        if self.left[key] == 0:
            print(self.score_line(key))
            sys.stdout.flush()

    def score_line(self, key):
        lab, part = key
        got, top = self.got.get(key, 0), self.max[key]
        if part:
            return "Part %s score: %d/%d\n" % (part, got, top)
        if lab is None:
            return "Project checks score: %d/%d\n" % (got, top)
        if self.lab:
            return "Lab %d (regression): %d/%d\n" % (lab, got, top)
        return "Lab %d score: %d/%d\n" % (lab, got, top)

    def finished(self, args):
        super().finished(args)
        if self.lab:
            keys = [k for k in self.max if k[0] == self.lab]
            print("Score: %d/%d" % (sum(self.got.get(k, 0) for k in keys),
                                    sum(self.max[k] for k in keys)))


def add_part_argument(parser):
    parser.add_argument("--part", metavar="X",
                        help="run only part X of the lab, or, with "
                        "'earlier', only the earlier labs' tests")


def main(lab):
    """Grade lab `lab` (with the earlier labs as regression checks), or
    every lab if lab is None; see the module's docstring."""
    where = load_tests()
    listener = LabListener(lab, where)
    if lab is not None:
        if lab not in LABS:
            sys.exit("no lab %s: labs are %s" % (lab, sorted(LABS)))
        parser = argparse.ArgumentParser(add_help=False)
        add_part_argument(parser)
        part = parser.parse_known_args()[0].part
        mine = [t for t in gradelib.TESTS
                if where[t.name][0] is not None and where[t.name][0] <= lab]
        if part == "earlier":
            mine = [t for t in mine if where[t.name][0] < lab]
        elif part:
            if (lab, part) not in PARTS:
                sys.exit("lab %d has no part %s" % (lab, part))
            mine = [t for t in mine if where[t.name] == (lab, part)]
        mine.sort(key=lambda t: (where[t.name][0] != lab, where[t.name]))
        gradelib.TESTS[:] = mine
    gradelib.main(listener=listener)
