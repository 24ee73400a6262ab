"""The kernel event trace (docs/watching.md): `make trace-NAME CPUS=4` on
forktree, pingpong and primes, each trace checked (tools/tracecheck.py)
and its JSON held to the Trace Event format's rules (tools/tracejson.py);
the checker and the validator shown to fail on forged traces; the hooks
shown to compile to nothing when tracing is off, and to stay out of the
lab regions; and the timelines of docs/ drawn by the script of now.

write_figures() is `make docs`'s part: it traces forktree and pingpong
and keeps their timelines as docs/figures/trace-NAME.svg."""

import glob
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time

from grade.runner import fail, run_make, test

TOOLS = os.path.join(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))), "tools")
sys.path.insert(0, TOOLS)

import tracecheck  # noqa: E402
import tracedata  # noqa: E402
import tracejson  # noqa: E402
import tracesvg  # noqa: E402
from tracedata import (ENV_CREATE, ENV_DESTROY, IPC_RECV, IPC_SEND,  # noqa
                       LOCK_ACQUIRE, LOCK_RELEASE, PGFAULT, RUN_BEGIN,
                       RUN_END, SYSCALL_ENTER, TIMER, UPCALL)

# The traced kernels share their objects: one build at a time.
BUILD = threading.Lock()
LAB = 4


def make(args, deadline):
    """Run make with args as the grade's make would (its toolchain, its
    jobserver); return its exit status and output, headed by the
    command."""
    proc = run_make(args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                    stderr=subprocess.STDOUT, text=True,
                    timeout=max(1, deadline - time.monotonic()))
    return proc.returncode, "$ make %s\n%s" % (" ".join(args), proc.stdout)


def traced(name, stop=None):
    """A host test body: build the traced kernel of user/NAME.c, run
    `make trace-NAME CPUS=4`, and append the trace's JSON's format
    problems (or "json: valid") and what it holds."""
    def host(deadline):
        kernel = "obj/trace/kern/kernel-%s" % name
        with BUILD:
            code, text = make(["LAB=%d" % LAB, kernel + ".img",
                               kernel + ".sym"], deadline)
        if code:
            return text
        args = ["trace-" + name, "CPUS=4", "LAB=%d" % LAB]
        if stop:
            args.append("TRACESTOP=" + stop)
        code, run = make(args, deadline)
        text += run + "exit status %d\n" % code
        try:
            with open("obj/trace/%s.json" % name) as f:
                doc = json.load(f)
        except (OSError, ValueError) as e:
            return text + "json: unreadable: %s\n" % e
        problems = tracejson.validate(doc)
        text += "".join("json: %s\n" % p for p in problems[:20])
        if not problems:
            text += "json: valid\n"
        return text + contents(doc)
    return host


def contents(doc):
    """Lines saying what a trace's JSON holds, for the checks."""
    evs = doc["traceEvents"]
    cpus = {e["args"]["name"] for e in evs if e["name"] == "process_name"}
    envs = {e["name"] for e in evs if e["ph"] == "X" and
            e["name"].startswith("env ")}
    faults = sum(e["name"] == "page fault" for e in evs)
    flows = sum(e["ph"] == "s" for e in evs)
    return "json: %d CPUs, %d envs ran, %d faults, %d flows, ended %s\n" % (
        len(cpus), len(envs), faults, flows, doc["otherData"]["ended"])


def holds(out, regex):
    m = out.grep(regex)
    if not m:
        fail("missing: /%s/" % regex)
    return m[0]


def trace_ok(out, name):
    """The common checks of a trace test: it ran, checked and validated."""
    holds(out, r"^trace: wrote obj/trace/%s\.records, obj/trace/%s\.json"
          % (name, name))
    holds(out, r"^trace check: obj/trace/%s\.records: OK$" % name)
    holds(out, r"^exit status 0$")
    holds(out, r"^json: valid$")
    with open("obj/trace/%s.svg" % name) as f:
        svg = f.read()
    if not svg.startswith("<svg") or svg.count(">CPU ") != 4:
        fail("obj/trace/%s.svg is not a timeline of 4 CPUs" % name)
    return holds(out, r"^json: 4 CPUs, (\d+) envs ran, (\d+) faults, "
                 r"(\d+) flows, ended (\w+)$")


@test("trace_forktree", host=traced("forktree"), timeout=900)
def _(out):
    """forktree's 15 envs all ran, faulted (copy-on-write) and are
    destroyed, and the trace ended at the monitor."""
    m = trace_ok(out, "forktree")
    if int(m[1]) != 15 or int(m[2]) == 0 or m[4] != "monitor":
        fail("want 15 envs, faults, ended at the monitor: %s" % m[0])


@test("trace_pingpong", host=traced("pingpong"), timeout=900)
def _(out):
    """pingpong's 11 messages are 11 flow arrows."""
    m = trace_ok(out, "pingpong")
    if int(m[1]) != 2 or int(m[3]) != 11 or m[4] != "monitor":
        fail("want 2 envs, 11 flows, ended at the monitor: %s" % m[0])


@test("trace_primes", host=traced("primes", stop=r"CPU [0-9]: 97 "),
      timeout=900)
def _(out):
    """primes, stopped while it runs (after its 25th prime): the envs
    still alive are listed, and every message seen has its arrow."""
    m = trace_ok(out, "primes")
    if int(m[1]) < 25 or int(m[3]) == 0 or m[4] != "cut":
        fail("want 25 envs or more, flows, cut: %s" % m[0])


# --- forged traces -----------------------------------------------------------

# A correct trace of two CPUs, in TSC ticks at 1000 kHz: env 1000 makes
# 1001, faults and goes to its upcall, sends 1001 a message and hands it
# its CPU; 1001 exits; CPU 1 then runs 1000, which exits; CPU 1 keeps the
# lock, in the monitor.
GOOD = [
    [(100, LOCK_ACQUIRE, 0, 0), (110, ENV_CREATE, 0x1000, 0),
     (120, ENV_CREATE, 0x1001, 0x1000), (130, RUN_BEGIN, 0x1000, 0),
     (140, LOCK_RELEASE, 0, 0), (200, LOCK_ACQUIRE, 5, 0),
     (210, PGFAULT, 0x1000, 0x802000), (220, UPCALL, 0x1000, 0x802000),
     (230, LOCK_RELEASE, 0, 0), (300, LOCK_ACQUIRE, 5, 0),
     (310, SYSCALL_ENTER, 0x1000, 14), (320, IPC_SEND, 0x1000, 0x1001),
     (330, RUN_END, 0x1000, 0), (340, RUN_BEGIN, 0x1001, 0),
     (345, IPC_RECV, 0x1001, 0x1000), (350, LOCK_RELEASE, 0, 0),
     (400, LOCK_ACQUIRE, 5, 0), (410, SYSCALL_ENTER, 0x1001, 3),
     (420, RUN_END, 0x1001, 0), (425, ENV_DESTROY, 0x1001, 0),
     (430, LOCK_RELEASE, 0, 0)],
    [(150, LOCK_ACQUIRE, 40, 0), (160, TIMER, 0, 0),
     (170, LOCK_RELEASE, 0, 0), (500, LOCK_ACQUIRE, 60, 0),
     (510, RUN_BEGIN, 0x1000, 0), (520, LOCK_RELEASE, 0, 0),
     (600, LOCK_ACQUIRE, 5, 0), (610, SYSCALL_ENTER, 0x1000, 3),
     (620, RUN_END, 0x1000, 0), (625, ENV_DESTROY, 0x1000, 0)],
]


def forged(change=None, lost=0):
    """GOOD as a Trace, after change(records) edits its lists, and with
    CPU 0's oldest lost records gone (as when its ring is overwritten)."""
    records = [list(cpu) for cpu in GOOD]
    if change:
        change(records)
    records[0] = sorted(records[0])[lost:]
    return tracedata.Trace(
        [[tracedata.Record(c, *r) for r in sorted(recs)]
         for c, recs in enumerate(records)], [lost, 0], "monitor", 1000, [])


def replace(cpu, old_tsc, new):
    def change(records):
        i = next(i for i, r in enumerate(records[cpu]) if r[0] == old_tsc)
        if new is None:
            del records[cpu][i]
        else:
            records[cpu][i] = new
    return change


# Each forgery, and a sentence the checker must say about it.
FORGERIES = [
    ("lock overlap", replace(1, 150, (135, LOCK_ACQUIRE, 40, 0)),
     "CPUs 0 and 1 both hold the big lock"),
    ("env on two CPUs", replace(1, 510, (325, RUN_BEGIN, 0x1000, 0)),
     "env 00001000 runs on CPUs"),
    ("fault without upcall", replace(0, 220, None),
     "fault at 00802000 (0.110 ms) is followed by neither its upcall"),
    ("env never destroyed", replace(0, 425, None),
     "env 00001001 was created and never destroyed"),
    ("receive without send", replace(0, 320, None),
     "env 00001001 receives from 00001000"),
]


def checker_cases(deadline):
    # Losing the first 8 records of CPU 0 leaves a lock release, env
    # 1000's run end and the deaths of both envs with no beginning.
    lines = ["good: %s" % (tracecheck.check(forged()) or "OK"),
             "good, oldest lost: %s" % (tracecheck.check(forged(lost=8))
                                        or "OK")]
    for what, change, _ in FORGERIES:
        lines.append("%s: %s" % (what, tracecheck.check(forged(change))))
    return "\n".join(lines) + "\n"


@test("trace_checker_forged", host=checker_cases)
def _(out):
    """The checker passes a correct trace, whole or with its oldest
    records lost, and fails each forgery, saying what is wrong."""
    holds(out, r"^good: OK$")
    holds(out, r"^good, oldest lost: OK$")
    for what, _, says in FORGERIES:
        line = holds(out, r"^%s: " % what).string
        if says not in line:
            fail("%s: want %r, got %r" % (what, says, line))


# --- the Trace Event format --------------------------------------------------

def broken_docs():
    """Documents that break one rule each, with the rule."""
    good = tracejson.to_json(forged(), "good")
    evs = good["traceEvents"]
    x = next(e for e in evs if e["ph"] == "X" and e["name"] == "env 00001000")
    s = next(e for e in evs if e["ph"] == "s")

    def with_events(*extra, drop=None):
        return {"traceEvents": [e for e in evs if e is not drop] +
                list(extra)}
    return good, [
        ("unknown phase", with_events(dict(x, ph="Q")), "unknown phase"),
        ("slice without dur", with_events({k: v for k, v in x.items()
                                           if k != "dur"}), "without a dur"),
        ("slices not nested", with_events(dict(x, ts=x["ts"] + x["dur"] / 2,
                                               name="half")), "not nested"),
        ("flow without finish", with_events(dict(s, id=999)),
         "want one s and one f"),
        ("flow finishing first", with_events(dict(s, id=998, ts=x["ts"]),
                                             dict(s, id=998, ph="f",
                                                  ts=x["ts"] - 0.05)),
         "finishes before it starts"),
        ("flow outside slices", with_events(dict(s, id=997, ts=0.0),
                                            dict(s, id=997, ph="f",
                                                 ts=0.01)),
         "in no slice"),
        ("not a trace", [], "not an object"),
    ]


def format_cases(deadline):
    good, broken = broken_docs()
    lines = ["good: %s" % (tracejson.validate(good) or "OK")]
    for what, doc, _ in broken:
        lines.append("%s: %s" % (what, tracejson.validate(doc)))
    return "\n".join(lines) + "\n"


@test("trace_json_rules", host=format_cases)
def _(out):
    """The JSON of a correct trace keeps the Trace Event format's rules;
    documents that break one are refused, saying which."""
    holds(out, r"^good: OK$")
    for what, _, says in broken_docs()[1]:
        line = holds(out, r"^%s: " % what).string
        if says not in line:
            fail("%s: want %r, got %r" % (what, says, line))


def hooks_free(deadline):
    return subprocess.run([sys.executable, "tools/tracehooks.py"],
                          stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True,
                          timeout=max(1, deadline - time.monotonic())).stdout


@test("trace_hooks_free", host=hooks_free, timeout=300)
def _(out):
    """With tracing compiled out, every kernel file compiles to the same
    machine code as without its trace hooks."""
    holds(out, r"^hooks free: yes \(\d+ hook lines, \d+ files compared\)$")


def hook_lines():
    """(path, line number, text, inside a LAB region) of every hook."""
    out = []
    for path in sorted(glob.glob("kern/*.[ch]")):
        if os.path.basename(path).startswith("trace."):
            continue
        inside = False
        with open(path) as f:
            for n, line in enumerate(f, 1):
                if re.search(r"/\* LAB \d", line):
                    inside = True
                elif re.search(r"END LAB \d", line):
                    inside = False
                if HOOK.match(line):
                    out.append((path, n, line.strip(), inside))
    return out


HOOK = re.compile(r"^\s*(trace_\w+\(.*\);|uint64_t since = trace_now\(\);)")


@test("trace_hooks_outside_labs", host=lambda deadline: "".join(
    "%s:%d: %s: %s\n" % (p, n, "in a LAB region" if inside else "outside", t)
    for p, n, t, inside in hook_lines()))
def _(out):
    """Every trace hook is in the kernel's own code, none in a LAB region
    (a handout cuts those; a student's code must not need them)."""
    if not out.grep(r": outside: "):
        fail("no trace hooks found in kern/")
    inside = out.grep(r": in a LAB region: ")
    if inside:
        fail("hooks inside LAB regions:\n" +
             "\n".join(m.string for m in inside))


# --- the timelines of docs/ --------------------------------------------------

FIGURES = os.path.join("docs", "figures")
DOC_TRACES = ["forktree", "pingpong"]
# Runs of each that make docs draws from (see write_figures).
DOC_RUNS = 3


def cpus_running_envs(name):
    """How many CPUs ran an env in obj/trace/NAME.records."""
    trace = tracedata.read(os.path.join("obj", "trace", name + ".records"))
    return sum(any(r.kind == RUN_BEGIN for r in recs)
               for recs in trace.records)


def write_figures():
    """Trace each of DOC_TRACES on 4 CPUs at lab 4, DOC_RUNS times, and
    keep as docs/figures/trace-NAME.svg the timeline of the run in which
    the most CPUs ran envs: on a busy host, virtual CPUs the host does
    not run can miss a whole run (make docs)."""
    for name in DOC_TRACES:
        best = -1
        for _ in range(DOC_RUNS):
            subprocess.run(["make", "--no-print-directory", "trace-" + name,
                            "CPUS=4", "LAB=%d" % LAB], check=True,
                           stdout=subprocess.DEVNULL)
            if cpus_running_envs(name) > best:
                best = cpus_running_envs(name)
                shutil.copy(os.path.join("obj", "trace", name + ".svg"),
                            os.path.join(FIGURES, "trace-%s.svg" % name))
        print("make docs: trace-%s -> %s/trace-%s.svg (%d CPUs ran envs)"
              % (name, FIGURES, name, best))


def figure_versions(deadline):
    lines = []
    for name in DOC_TRACES:
        path = os.path.join(FIGURES, "trace-%s.svg" % name)
        try:
            with open(path) as f:
                m = re.search(r"drawn by tools/tracesvg\.py, version (\w+)",
                              f.read())
        except OSError:
            m = None
        lines.append("%s: %s" % (path, m[1] if m else "no version"))
    return "now: %s\n%s\n" % (tracesvg.version(), "\n".join(lines))


@test("trace_doc_figures", host=figure_versions)
def _(out):
    """The committed timelines were drawn by tools/tracesvg.py as it is
    now (a trace differs from run to run, so only the script is
    compared)."""
    now = holds(out, r"^now: (\w+)$")[1]
    for name in DOC_TRACES:
        m = holds(out, r"^docs/figures/trace-%s\.svg: (.*)$" % name)
        if m[1] != now:
            fail("%s: drawn by another tools/tracesvg.py (run `make docs` "
                 "and commit)" % m.string.split(":")[0])
