"""Check a kernel event trace (tracedata.Trace) for what must always hold:

  - no two CPUs hold the big kernel lock at once;
  - an env runs on at most one CPU at a time;
  - every env created is destroyed, or is still alive when the trace was
    read (then the kernel's envs[] lists it);
  - every user page fault is followed, on its CPU, by its upcall (same
    address) or by the env's death;
  - every IPC receive has its send.

check(trace) returns the problems found, as sentences (empty: none).
The times in them are milliseconds from the first record.  What a trace
does not show is not held against it: a CPU whose ring lost its oldest
records may release a lock or end a run it was not seen to begin, and
when the machine was stopped while running ("cut"), whatever was in
progress may stay so.

Python 3 standard library only.
"""

from tracedata import (ENV_CREATE, ENV_DESTROY, IPC_RECV, IPC_SEND,
                       LOCK_ACQUIRE, LOCK_RELEASE, PGFAULT, RUN_BEGIN,
                       RUN_END, SYSCALL_ENTER, UPCALL)

FOREVER = float("inf")


def check(trace):
    """The problems found in trace (a list of strings, empty if none)."""
    records = trace.merged()
    problems = []
    clock = Clock(trace)
    problems += check_lock(trace, records, clock)
    problems += check_runs(trace, records, clock)
    problems += check_lifetimes(trace, records)
    problems += check_faults(trace, clock)
    problems += check_ipc(trace, records, clock)
    return problems


class Clock:
    """Turns TSC values into milliseconds since the first record."""

    def __init__(self, trace):
        self.zero = min((recs[0].tsc for recs in trace.records if recs),
                        default=0)
        self.khz = trace.tsc_khz or 1

    def __call__(self, tsc):
        if tsc == FOREVER:
            return "the end"
        return "%.3f ms" % ((tsc - self.zero) / self.khz)


def intervals(trace, records, begin, end, key):
    """Per CPU, the (key, start, stop) intervals that records of kind
    begin open and records of kind end close, key(record) naming what is
    held; plus problems with their order on a CPU.  A close with no open
    starts at the beginning of the trace if it may have been lost; an
    open never closed lasts until FOREVER."""
    spans, problems = [], []
    start = trace.start()
    open_at = {}                # cpu -> (key, start)
    seen = set()                # CPUs that had a record of either kind
    for r in records:
        if r.kind == begin:
            if r.cpu in open_at:
                problems.append("CPU %d: %s begins while %s is held"
                                % (r.cpu, key(r), open_at[r.cpu][0]))
            open_at[r.cpu] = (key(r), r.tsc)
            seen.add(r.cpu)
        elif r.kind == end:
            held = open_at.pop(r.cpu, None)
            if held is None and (r.cpu in seen or not trace.truncated()):
                problems.append("CPU %d: %s ends, never begun"
                                % (r.cpu, key(r)))
            elif held is not None and held[0] != key(r):
                problems.append("CPU %d: %s ends while %s is held"
                                % (r.cpu, key(r), held[0]))
            else:
                spans.append((key(r), held[1] if held else start, r.tsc,
                              r.cpu))
            seen.add(r.cpu)
    for cpu, (k, t) in open_at.items():
        spans.append((k, t, FOREVER, cpu))
    return spans, problems


def overlaps(spans):
    """Pairs of spans of the same key on different CPUs that overlap."""
    out = []
    by_key = {}
    for s in spans:
        by_key.setdefault(s[0], []).append(s)
    for group in by_key.values():
        group.sort(key=lambda s: s[1])
        last = None             # the span that ends last so far
        for s in group:
            if last and s[1] < last[2] and s[3] != last[3]:
                out.append((last, s))
            if last is None or s[2] > last[2]:
                last = s
    return out


def check_lock(trace, records, clock):
    spans, problems = intervals(trace, records, LOCK_ACQUIRE, LOCK_RELEASE,
                                lambda r: "the big lock")
    for a, b in overlaps(spans):
        problems.append("CPUs %d and %d both hold the big lock: CPU %d from "
                        "%s to %s, CPU %d from %s" % (
                            a[3], b[3], a[3], clock(a[1]), clock(a[2]),
                            b[3], clock(b[1])))
    return problems


def check_runs(trace, records, clock):
    spans, problems = intervals(trace, records, RUN_BEGIN, RUN_END,
                                lambda r: "env %08x" % r.a)
    for a, b in overlaps(spans):
        problems.append("%s runs on CPUs %d and %d at once: from %s on CPU "
                        "%d, while on CPU %d from %s to %s" % (
                            a[0], a[3], b[3], clock(b[1]), b[3], a[3],
                            clock(a[1]), clock(a[2])))
    return problems


def check_lifetimes(trace, records):
    problems = []
    live = set()
    for r in records:
        if r.kind == ENV_CREATE:
            if r.a in live:
                problems.append("env %08x created twice" % r.a)
            live.add(r.a)
        elif r.kind == ENV_DESTROY:
            if r.a not in live and not trace.truncated():
                problems.append("env %08x destroyed, never created" % r.a)
            live.discard(r.a)
    for env in sorted(live - trace.alive):
        problems.append("env %08x was created and never destroyed, but is "
                        "not alive at the end" % env)
    return problems


def check_faults(trace, clock):
    """After each PGFAULT on a CPU, the next record there about the same
    env must be its UPCALL for the same address, or its end (RUN_END and
    ENV_DESTROY: the kernel killed it)."""
    problems = []
    start = trace.start()
    for recs in trace.records:
        recs = [r for r in recs if r.tsc >= start]
        for i, r in enumerate(recs):
            if r.kind != PGFAULT:
                continue
            nxt = next((n for n in recs[i + 1:] if n.a == r.a and n.kind in (
                UPCALL, RUN_END, ENV_DESTROY, RUN_BEGIN, PGFAULT,
                SYSCALL_ENTER)), None)
            if nxt is None:
                if trace.ended != "cut":
                    problems.append("env %08x: fault at %08x (%s) has no "
                                    "upcall" % (r.a, r.b, clock(r.tsc)))
            elif nxt.kind == UPCALL and nxt.b != r.b:
                problems.append("env %08x: fault at %08x (%s) goes to the "
                                "upcall for %08x" % (r.a, r.b, clock(r.tsc),
                                                     nxt.b))
            elif nxt.kind not in (UPCALL, RUN_END, ENV_DESTROY):
                problems.append("env %08x: fault at %08x (%s) is followed "
                                "by neither its upcall nor its death"
                                % (r.a, r.b, clock(r.tsc)))
            elif nxt.kind == RUN_END and not any(
                    n.kind == ENV_DESTROY and n.a == r.a
                    for n in recs[recs.index(nxt) + 1:][:1]):
                problems.append("env %08x: fault at %08x (%s): the env "
                                "stops running without its upcall"
                                % (r.a, r.b, clock(r.tsc)))
    return problems


def check_ipc(trace, records, clock):
    problems = []
    sent = {}                   # (from, to) -> messages not yet received
    for r in records:
        if r.kind == IPC_SEND:
            sent[r.a, r.b] = sent.get((r.a, r.b), 0) + 1
        elif r.kind == IPC_RECV:
            if sent.get((r.b, r.a)):
                sent[r.b, r.a] -= 1
            elif not trace.truncated():
                problems.append("env %08x receives from %08x (%s), which "
                                "sent nothing" % (r.a, r.b, clock(r.tsc)))
    return problems
