"""The course: which lab and part each test counts for, and its points.

grade-lab1 ... grade-lab5 each call main(N): lab N's tests, part by part,
with a "Part X score: got/max" line after each part and "Score: got/max"
once the lab's own parts are done; then the lab's extra parts (EXTRA_PARTS:
our stricter tests, printed with totals of their own and never counted in
the score); then every earlier lab's tests as regression checks (listed,
worth no points, but a failure fails the run).  grade-all calls main(None):
every test, in the order the modules register them.  Both end with
grade/runner.py's "N passed, M failed" line and take --results/--junit
(see grade/results.py).

To put a new module of tests in a lab, add one line to MODULES; to move
single tests of a module to another part, list them in TESTS.  A module
in grade/ that is in no lab stops every grader with a message saying so.
"""

import argparse
import os
import sys

import grade
from grade import runner
from grade.results import Recorder

LABS = {
    1: "Booting, the console and the monitor",
    2: "Memory management",
    3: "User environments, traps and system calls",
    4: "Multiprocessing, fork, IPC and preemption",
    5: "The file system, spawn and the shell",
    6: "The network card and the network server",
}

PARTS = {
    (1, "A"): "Booting and formatted printing",
    (1, "B"): "The monitor and stack backtraces",
    (1, "X"): "The classic lab-1 grade script",
    (2, "A"): "Physical page management",
    (2, "B"): "Virtual memory and the kernel's address space",
    (2, "X"): "Our monitor's memory commands",
    (3, "A"): "User environments and exceptions",
    (3, "B"): "Page faults, breakpoints and system calls",
    (3, "X"): "Kernel panics under a user program",
    (4, "A"): "Several CPUs and cooperative multitasking",
    (4, "B"): "Copy-on-write fork",
    (4, "C"): "Preemption and inter-process communication",
    (4, "X"): "Robustness, debugging and performance",
    (4, "Y"): "Challenges: sfork",
    (5, "A"): "The file system",
    (5, "B"): "Spawn, pipes and the shell",
    (5, "X"): "Robustness of the file server, pipes and our library",
    (6, "A"): "The clock, the PCI bus and transmitting",
    (6, "B"): "Receiving, the network server and the web server",
    (6, "X"): "Floods, bad input, the classic grader and performance",
}

# Parts whose tests are ours, stricter than the lab text (hostile
# programs, robustness, challenges, our own tools, performance): a lab's
# Score line counts none of them, so that a solution written as the lab
# text allows earns the full score; they print their own totals after it.
EXTRA_PARTS = {key for key in PARTS if key[1] in ("X", "Y")}

# Module of grade/, and the lab and part its tests count for; lab None:
# checks of the project itself (its docs and sources), which grade-all
# runs and no lab grader does.  A module listed here that does not exist yet is skipped.
MODULES = [
    ("boot", 1, "A"),
    ("lab3", 3, "B"),
    ("lab4", 4, "B"),
    ("robustness", 4, "X"),
    ("debugging", 4, "X"),
    ("docs", None, None),
    ("source", None, None),
    ("performance", 4, "X"),
    ("compat", 4, "X"),
    ("trace", None, None),
    ("lab5fs", 5, "A"),
    ("fscrash", 5, "X"),
    ("lab5shell", 5, "B"),
    ("lab6", 6, "B"),
    ("lab6ns", 6, "B"),
]

# Tests that count for another part than their module's.
TESTS = {
    "backtrace": (1, "B"),
    "backtrace_classic": (1, "B"),
    "monitor_help": (1, "B"),
    "monitor_kerninfo": (1, "B"),
    "monitor_backtrace": (1, "B"),
    "physical_memory": (2, "A"),
    "check_page_free_list": (2, "A"),
    "check_page_alloc": (2, "A"),
    "check_page": (2, "B"),
    "check_kern_pgdir": (2, "B"),
    "check_page_installed_pgdir": (2, "B"),
    "monitor_showmappings": (2, "X"),
    "monitor_pages": (2, "X"),
    "monitor_audit": (2, "X"),
    "divzero": (3, "A"),
    "softint": (3, "A"),
    "badsegment": (3, "A"),
    "lab3_kernel_divzero": (3, "A"),
    "panic_backtrace": (3, "X"),
    "yield": (4, "A"),
    "yield-smp2": (4, "A"),
    "yield-smp4": (4, "A"),
    "dumbfork": (4, "A"),
    "monitor_cpus": (4, "X"),
    "monitor_selftest": (4, "X"),
    "smp-apicids": (4, "X"),
    "sseregs": (4, "X"),
    "sseregs-smp4": (4, "X"),
    "fpuswitch": (4, "X"),
    "fpuswitch-smp4": (4, "X"),
    "segregs": (4, "X"),
    "segregs-smp4": (4, "X"),
    "sforktest": (4, "Y"),
    "sforktest-smp4": (4, "Y"),
    "spin": (4, "C"),
    "stresssched": (4, "C"),
    "fairness": (4, "C"),
    "sendpage": (4, "C"),
    "pingpong": (4, "C"),
    "pingpongs": (4, "Y"),
    "primes": (4, "C"),
    "classic_grade_script_lab1": (1, "X"),
    "classic_grade_script_lab3": (3, "X"),
    "fsbadreq": (5, "X"),
    "fsbadreq_order": (5, "X"),
    "fsfull": (5, "X"),
    "fsconcurrent": (5, "X"),
    "fsdirs": (5, "X"),
    "fspersist": (5, "X"),
    "fs_no_disk": (5, "X"),
    "spawnerrors": (5, "X"),
    "fsedges_dup_self": (5, "X"),
    "fsedges_failed_write": (5, "X"),
    "fsedges_refused_open": (5, "X"),
    "fsnomem": (5, "X"),
    "pipeshare": (5, "X"),
    "pipeshare-smp4": (5, "X"),
    "classiclib5": (5, "X"),
    "classic_grade_script_lab5": (5, "X"),
    "testtime": (6, "A"),
    "pci_attach": (6, "A"),
    "testoutput": (6, "A"),
    "testoutput-smp4": (6, "A"),
    "testinput-2000": (6, "X"),
    "hostile_net": (6, "X"),
    "classic_grade_script_lab6": (6, "X"),
    "classiclib6": (6, "X"),
    "net_bench": (6, "X"),
    "httpd_bad_input": (6, "X"),
    "httpd_chromium": (6, "X"),
    "nsbadreq": (6, "X"),
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
    "testoutput": 15,
    "testinput-100": 15,
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
                    and name[:-3] not in grade.LIBRARY + ("__init__",))
    if strays:
        sys.exit("grade/%s.py is in no lab: add it to MODULES in "
                 "grade/labs.py" % strays[0])
    where = {}
    for module, lab, part in MODULES:
        if not os.path.exists(os.path.join(GRADE_DIR, module + ".py")):
            continue
        before = len(runner.TESTS)
        __import__("grade." + module)
        for t in runner.TESTS[before:]:
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


def is_extra(where):
    """Whether a test at where = (lab, part) is in an extra part."""
    return where in EXTRA_PARTS


class LabListener(Recorder):
    """Prints part scores, the lab's score and the extras' total as a lab
    grader's tests report, and records results for grade/results.py
    (regression tests are worth no points there, extras count apart)."""

    def __init__(self, lab, where):
        self.lab = lab
        self.where = where
        name = "JOS lab %d" % lab if lab else "JOS, every lab"
        super().__init__(self.describe, name)

    def describe(self, t):
        """(group, points, counted) of t, for grade/results.py."""
        lab, part = self.where[t.name]
        if lab is None:
            return "Project checks", points(t.name), True
        if self.lab and lab < self.lab:
            return "Lab %d (regression)" % lab, 0, True
        if is_extra((lab, part)):
            return "%s (extra, not in the score)" % part_title(lab, part), \
                points(t.name), False
        return part_title(lab, part), points(t.name), True

    def add_arguments(self, parser):
        super().add_arguments(parser)
        if self.lab:
            add_part_argument(parser)

    def started(self, args, tests):
        super().started(args, tests)
        self.left = {}
        for t in tests:
            for key in self.score_keys(t):
                self.left[key] = self.left.get(key, 0) + 1
        self.got = {}
        self.max = {}
        self.score_printed = False

    def score_keys(self, t):
        """The score lines t's result adds to: its part in the lab graded
        (and the lab's score or its extras' total), its lab (or that lab's
        extras) otherwise."""
        lab, part = self.where[t.name]
        extra = is_extra((lab, part))
        if self.lab is None:
            return [(lab, "extras" if extra else None)]
        if lab != self.lab:
            return [(lab, None)]    # regression
        return [(lab, part), (lab, "extras" if extra else "score")]

    def tested(self, t, result, problems):
        super().tested(t, result, problems)
        for key in self.score_keys(t):
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
        if part == "score":
            self.score_printed = True
            return "Score: %d/%d\n" % (got, top)
        if part == "extras":
            return "%sxtras: %d/%d (not counted in the score)\n" % (
                "E" if lab == self.lab else "Lab %d e" % lab, got, top)
        if part:
            return "Part %s score: %d/%d%s\n" % (
                part, got, top,
                " (extra)" if is_extra((lab, part)) else "")
        if lab is None:
            return "Project checks score: %d/%d\n" % (got, top)
        if self.lab:
            return "Lab %d (regression): %d/%d\n" % (lab, got, top)
        return "Lab %d score: %d/%d\n" % (lab, got, top)

    def finished(self, args):
        super().finished(args)
        if self.lab and not self.score_printed:
            print("Score: 0/0")


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
        mine = [t for t in runner.TESTS
                if where[t.name][0] is not None and where[t.name][0] <= lab]
        if part == "earlier":
            mine = [t for t in mine if where[t.name][0] < lab]
        elif part:
            if (lab, part) not in PARTS:
                sys.exit("lab %d has no part %s" % (lab, part))
            mine = [t for t in mine if where[t.name] == (lab, part)]
        # The lab's parts, its extra parts, then the earlier labs.
        mine.sort(key=lambda t: (where[t.name][0] != lab,
                                 where[t.name][0] == lab and
                                 is_extra(where[t.name]), where[t.name]))
        runner.TESTS[:] = mine
    runner.main(listener=listener)
