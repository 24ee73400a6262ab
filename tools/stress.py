#!/usr/bin/env python3
"""make stress: the long fuzz run, then many SMP boots.

First boots the kernel that runs user/test/fuzzlong.c (a million random system
calls from four fuzzers) on 4 CPUs, once.  Then boots kernels running
forktree, primes and the hostile suite (user/test/hostile_*.c: user-controlled
registers at every entry, reference-count limits, flags leaking between
envs, stopping envs running on other CPUs) of lab 4, primespipe and
testpiperace2 of lab 5 on 4 CPUs, testshell of lab 5 on one, and the
network programs of lab 6 on 4 CPUs (testoutput, testinput flooded with
2,000 datagrams, hostile_net) and the file-system and pipe stress of lab
5 on 4 CPUs (pipeshare: several writers and readers of one pipe;
fsconcurrent: six clients; fsfull: a full disk; fsnomem: memory
exhausted), in turn, BOOTS times in all.  Last, the crash test
(grade/fscrash.py) cuts the power at CRASH_POINTS (200) points of its
workload, and every disk must check out.  Each boot runs under the
grader's runner (QEMU with -no-reboot, through the gdb
stub, one at a time) and is sorted as:

  panic   the console shows "kernel panic"
  hang    no monitor (or, for primes, no 1877) within the time limit
  reset   QEMU exited by itself: with -no-reboot, a triple fault
  bad     some other expected line missing (fuzz failures, a user panic)

and, when every env it made is gone, its leaked pages (free pages at boot
minus free pages with no env left) and audit mismatches are added up.
Prints a line per boot and a summary with every figure; exits 1 if any
is not zero.
"""

import argparse
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from grade import runner  # noqa: E402
from grade.lab6 import MARKER, last_row, sender  # noqa: E402

NO_ENVS = r"^No runnable environments in the system!$"

# The runs: name, program, lab, CPUs, seconds, stop line, expected lines
# and, for lab 6, the grader's net actions.
FUZZ = ("fuzzlong", "fuzzlong", 4, 4, 900, None,
        [r"^fuzz: done, 4 envs x 250000 calls, 0 failures, \d+ messages"
         r" taken$", NO_ENVS])
BOOTS = [("forktree", "forktree", 4, 4, 60, None, [NO_ENVS]),
         ("primes", "primes", 4, 4, 90, r"^CPU \d: 1877 ",
          [r"^CPU \d: 1877 "])] + [
    (name, name, 4, 4, 180, None, [r"^%s: \d+ checks, 0 failed$" % name,
                                   NO_ENVS])
    for name in ("hostile_stop", "hostile_eflags", "hostile_ebp",
                 "hostile_refs")] + [
    ("primespipe", "primespipe", 5, 4, 120, r"^1009$", [r"^997$"]),
    ("testpiperace2", "testpiperace2", 5, 4, 60, None,
     [r"^race didn't happen$", NO_ENVS]),
    ("testshell", "testshell", 5, 1, 60, None, [r"^shell ran correctly$"]),
    ("testoutput", "net_testoutput", 6, 4, 60, None,
     [r"^Transmitting packet 9$", NO_ENVS]),
    ("testinput", "net_testinput", 6, 4, 120, last_row(MARKER),
     [r"^Waiting for packets"], [(r"^Waiting for packets", sender(2000, True))]),
    # With the network server running, a lab-6 system never goes idle:
    # the run ends at the program's last line.
    ("hostile_net", "hostile_net", 6, 4, 120, r"^hostile_net: \d+ checks",
     [r"^hostile_net: \d+ checks, 0 failed$"]),
    ("pipeshare", "pipeshare", 5, 4, 180, None, [r"^pipeshare: done$",
                                                 NO_ENVS]),
    ("fsconcurrent", "fsconcurrent", 5, 4, 120, None,
     [r"^fsconcurrent: all 6 clients ok$"]),
    ("fsfull", "fsfull", 5, 4, 120, None,
     [r"^fsfull: space is back after remove$"]),
    ("fsnomem", "fsnomem", 5, 4, 120, None, [r"^fsnomem: done$"])]


def make_test(spec):
    """Register a grader test for spec; return the Test."""
    name, prog, lab, cpus, timeout, stop, expect, *net = spec
    runner.test("stress-" + name, prog=prog, lab=lab, cpus=cpus,
                timeout=timeout, stop=stop, expect=expect,
                net=net[0] if net else (),
                forbid=[r"^FAIL ", r"user panic", r"RACE",
                        r"incorrect output"],
                panic=True)
    return runner.TESTS[-1]


def page_figures(out):
    """(leaked pages, audit mismatches) of a run; leaks count only when
    every env the console saw made was freed."""
    made = {}
    for m in out.grep(r"\] new env ([0-9a-f]{8})$"):
        made[m[1]] = made.get(m[1], 0) + 1
    for m in out.grep(r"\] free env ([0-9a-f]{8})$"):
        made[m[1]] = made.get(m[1], 0) - 1
    boot = out.grep(r"free pages at boot: (\d+)$")
    idle = out.grep(r"free pages with no env left: (\d+)$")
    leaked = 0
    if boot and idle and not any(n > 0 for n in made.values()):
        leaked = int(boot[0][1]) - int(idle[0][1])
    mismatches = sum(int(m[1]) for m in out.grep(r"audit: (\d+) mismatches$"))
    return leaked, mismatches


def classify(t, result):
    """The kind of trouble a run had ("ok", "panic", "hang", "reset",
    "bad") and why, from the grader's verdict."""
    problems = runner.evaluate(t, result)
    if result.output.grep(runner.PANIC):
        return "panic", problems
    if result.error and result.error.startswith("timeout"):
        return "hang", problems
    if result.error and "exited" in result.error:
        return "reset", problems
    return ("bad" if problems else "ok"), problems


def boot(t, qemu, totals, label):
    """Boot t's kernel once, print a line about it, add to totals."""
    run = runner.Run(t.run_key, qemu, False)
    result = run.execute()
    kind, problems = classify(t, result)
    leaked, mismatches = page_figures(result.output)
    totals["runs"] += 1
    totals[kind] += 1
    totals["leaked"] += leaked
    totals["mismatches"] += mismatches
    status = kind
    if leaked or mismatches:
        status += ", %d pages leaked, %d audit mismatches" % (leaked,
                                                            mismatches)
    print("%s: %s (%.1fs)" % (label, status, result.seconds), flush=True)
    if kind != "ok" or leaked or mismatches:
        log = os.path.join(runner.LOGDIR, "stress-%d.log" % totals["runs"])
        os.makedirs(runner.LOGDIR, exist_ok=True)
        with open(log, "w") as f:
            f.write(result.output.text)
        for p in problems[:3]:
            print("    " + p.replace("\n", "\n    "))
        print("    console output: %s" % log, flush=True)
    return result


def crash(points):
    """Run the crash test at points power cuts; print and return its
    problems."""
    from grade import fscrash
    if points <= 0:
        return []
    runner.run_make(["-s", runner.kernel_files("fscrash", 5)[0]],
                    check=True)
    out = fscrash.crash_driver(
        0, time.monotonic() + 60 * points, points,
        lambda cut, problems: print("crash: cut at disk write %d: %s" % (
            cut, "; ".join(problems[:2]) if problems else "consistent"),
            flush=True))
    problems = [line for line in out.splitlines()
                if line.startswith("PROBLEM: ")]
    for p in problems[:10]:
        print("    " + p)
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--boots", type=int, default=100,
                        help="SMP boots after the fuzz run (default 100)")
    parser.add_argument("--no-fuzz", action="store_true",
                        help="skip the long fuzz run")
    parser.add_argument("--crash-points", type=int, default=200,
                        help="power cuts of the crash test (default 200)")
    args = parser.parse_args()
    os.chdir(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

    fuzz = make_test(FUZZ)
    boots = [make_test(spec) for spec in BOOTS]
    if not runner.build([fuzz] + boots, os.cpu_count() or 1):
        sys.exit("stress: build failed")
    qemu = runner.run_make(["-s", "print-qemu"], stdout=subprocess.PIPE,
                         text=True, check=True).stdout.strip()

    totals = dict(runs=0, ok=0, panic=0, hang=0, reset=0, bad=0, leaked=0,
                  mismatches=0)
    fuzz_calls = 0
    if not args.no_fuzz:
        result = boot(fuzz, qemu, totals, "fuzzlong")
        for m in result.output.grep(r"^fuzz: env \d+ \(\w+\): (\d+) calls"):
            fuzz_calls += int(m[1])
    for i in range(args.boots):
        t = boots[i % len(boots)]
        boot(t, qemu, totals, "boot %d/%d %s" % (i + 1, args.boots, t.prog))

    crash_problems = crash(args.crash_points)

    print("stress: fuzz: %d system calls; %d runs: %d ok, %d panics, "
          "%d hangs, %d resets (triple faults), %d other failures; "
          "%d pages leaked, %d audit mismatches"
          % (fuzz_calls, totals["runs"], totals["ok"], totals["panic"],
             totals["hang"], totals["reset"], totals["bad"],
             totals["leaked"], totals["mismatches"]))
    print("stress: crash test: %d power cuts, %d problems"
          % (args.crash_points, len(crash_problems)))
    clean = (totals["ok"] == totals["runs"] and not totals["leaked"] and
             not totals["mismatches"] and not crash_problems)
    print("stress: %s" % ("PASS" if clean else "FAIL"))
    sys.exit(0 if clean else 1)


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit("stress: interrupted")
