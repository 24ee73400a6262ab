"""A kernel event trace in Chrome's Trace Event format, which Perfetto's
UI (https://ui.perfetto.dev) and chrome://tracing open; and a validator
for the rules of that format this file relies on.

Each CPU is a process ("CPU n") with two threads (tracks): "envs", where
each env's run is a slice named by its id, with its system calls as
slices inside it and faults, upcalls, interrupts and env births and
deaths as instant events; and "big lock", with a slice for each time the
CPU held the kernel lock and one for each wait for it.  Each IPC message
is a flow arrow from the send to the receive.  Times are microseconds
from the first record.

Python 3 standard library only.
"""

import bisect
import os
import re

from tracedata import (ENV_CREATE, ENV_DESTROY, IPC_RECV, IPC_SEND, IRQ,
                       LOCK_ACQUIRE, LOCK_RELEASE, PGFAULT, RUN_BEGIN,
                       RUN_END, SYSCALL_ENTER, SYSCALL_EXIT, TIMER, UPCALL)

ENVS, LOCK = 0, 1               # the thread ids of a CPU's two tracks
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def syscall_names():
    """System call number -> name, from inc/syscall.h's enum."""
    with open(os.path.join(ROOT, "inc", "syscall.h")) as f:
        body = re.search(r"enum\s*{(.*?)}", f.read(), re.S)[1]
    names = re.findall(r"^\s*SYS_(\w+)", body, re.M)
    return {i: "sys_" + n for i, n in enumerate(names)}


def envname(envid):
    return "env %08x" % envid


def to_json(trace, title):
    """The Trace Event document (a dict) for trace."""
    khz = trace.tsc_khz or 1
    zero = min((recs[0].tsc for recs in trace.records if recs), default=0)
    end = trace.end()

    def us(tsc):
        return round((tsc - zero) * 1000 / khz, 3)

    def span(name, cpu, tid, start, stop, **args):
        e = {"name": name, "ph": "X", "pid": cpu, "tid": tid, "ts": us(start),
             "dur": round(us(stop) - us(start), 3)}
        if args:
            e["args"] = args
        return e

    def instant(name, r, **args):
        return {"name": name, "ph": "i", "s": "t", "pid": r.cpu, "tid": ENVS,
                "ts": us(r.tsc), "args": args}

    events = []
    for cpu, recs in enumerate(trace.records):
        events += [meta("process_name", cpu, None, name="CPU %d" % cpu),
                   meta("process_sort_index", cpu, None, sort_index=cpu),
                   meta("thread_name", cpu, ENVS, name="envs"),
                   meta("thread_name", cpu, LOCK, name="big lock")]
        events += cpu_events(recs, end, span, instant)
    events += flows(trace.merged(), us)
    return {"traceEvents": events, "displayTimeUnit": "ns",
            "otherData": {"title": title, "ended": trace.ended,
                          "tsc_khz": trace.tsc_khz}}


def meta(what, pid, tid, **args):
    e = {"name": what, "ph": "M", "pid": pid, "args": args}
    if tid is not None:
        e["tid"] = tid
    return e


def cpu_events(recs, end, span, instant):
    """The slices and instants of one CPU's records."""
    names = syscall_names()
    out = []
    first = recs[0].tsc if recs else 0
    run = None                  # (envid, start) of the env running
    call = None                 # (number, start) of its system call
    held = None                 # when the big lock was taken
    for r in recs:
        if r.kind == RUN_BEGIN:
            run, call = (r.a, r.tsc), None
        elif r.kind == RUN_END:
            start = run[1] if run else first
            if call:
                out.append(span(names.get(call[0], "sys %d" % call[0]),
                                r.cpu, ENVS, call[1], r.tsc, returns="later"))
            out.append(span(envname(r.a), r.cpu, ENVS, start, r.tsc))
            run = call = None
        elif r.kind == SYSCALL_ENTER and run:
            call = (r.b, r.tsc)
        elif r.kind == SYSCALL_EXIT and call:
            out.append(span(names.get(call[0], "sys %d" % call[0]), r.cpu,
                            ENVS, call[1], r.tsc, result=to_int32(r.b)))
            call = None
        elif r.kind == PGFAULT:
            out.append(instant("page fault", r, env=envname(r.a),
                               va="%08x" % r.b))
        elif r.kind == UPCALL:
            out.append(instant("upcall", r, env=envname(r.a),
                               va="%08x" % r.b))
        elif r.kind == TIMER:
            out.append(instant("timer", r))
        elif r.kind == IRQ:
            out.append(instant("irq %d" % r.b, r))
        elif r.kind == ENV_CREATE:
            out.append(instant("create " + envname(r.a), r,
                               parent=envname(r.b)))
        elif r.kind == ENV_DESTROY:
            out.append(instant("destroy " + envname(r.a), r))
        elif r.kind == LOCK_ACQUIRE:
            if r.waited():
                out.append(span("wait", r.cpu, LOCK,
                                max(r.tsc - r.waited(), first), r.tsc,
                                cycles=r.waited()))
            held = r.tsc
        elif r.kind == LOCK_RELEASE:
            out.append(span("held", r.cpu, LOCK,
                            first if held is None else held, r.tsc))
            held = None
    if run:
        if call:
            out.append(span(names.get(call[0], "sys %d" % call[0]),
                            recs[0].cpu, ENVS, call[1], end, returns="later"))
        out.append(span(envname(run[0]), recs[0].cpu, ENVS, run[1], end))
    if held is not None:
        out.append(span("held", recs[0].cpu, LOCK, held, end))
    return out


def to_int32(v):
    return v - (1 << 32) if v & 0x80000000 else v


def flows(records, us):
    """A flow arrow (an "s" and an "f" event) from each IPC send to its
    receive, matched in order for each pair of envs."""
    out, waiting, next_id = [], {}, 1
    for r in records:
        if r.kind == IPC_SEND:
            waiting.setdefault((r.a, r.b), []).append(r)
        elif r.kind == IPC_RECV and waiting.get((r.b, r.a)):
            s = waiting[r.b, r.a].pop(0)
            name = "ipc %08x -> %08x" % (r.b, r.a)
            out.append({"name": name, "cat": "ipc", "ph": "s", "id": next_id,
                        "pid": s.cpu, "tid": ENVS, "ts": us(s.tsc)})
            out.append({"name": name, "cat": "ipc", "ph": "f", "bp": "e",
                        "id": next_id, "pid": r.cpu, "tid": ENVS,
                        "ts": us(r.tsc)})
            next_id += 1
    return out


# --- the format's rules ------------------------------------------------------

PHASES = set("BEXiIsftMCbenOND")
METADATA = {"process_name", "process_labels", "process_sort_index",
            "thread_name", "thread_sort_index"}
SLACK = 0.0015                  # rounding of microseconds to 3 decimals


def validate(doc):
    """The ways doc breaks the Trace Event format's rules (empty: none):
    the document's shape, each event's phase and required fields, slices
    properly nested on each track (pid, tid), begin and end events
    paired, and each flow's start and finish paired (same id, category
    and name, finish not before start) and inside a slice of their
    tracks."""
    if not isinstance(doc, dict) or not isinstance(doc.get("traceEvents"),
                                                    list):
        return ["not an object with a traceEvents list"]
    problems, tracks, flow = [], {}, {}
    for i, e in enumerate(doc["traceEvents"]):
        where = "event %d (%s)" % (i, e.get("name") if isinstance(e, dict)
                                   else e)
        bad = event_problems(e)
        problems += ["%s: %s" % (where, p) for p in bad]
        if bad:
            continue
        if e["ph"] in "XBE":
            tracks.setdefault((e["pid"], e["tid"]), []).append(e)
        elif e["ph"] in "sf":
            flow.setdefault(e["id"], []).append(e)
    for track, evs in sorted(tracks.items()):
        problems += ["track %s: %s" % (track, p) for p in nesting(evs)]
    covers = {track: Coverage(evs) for track, evs in tracks.items()}
    for fid, evs in sorted(flow.items()):
        problems += ["flow %s: %s" % (fid, p)
                     for p in flow_problems(evs, covers)]
    return problems


class Coverage:
    """The times a track's complete slices cover, for quick lookups."""

    def __init__(self, evs):
        slices = sorted((e["ts"], e["ts"] + e["dur"]) for e in evs
                        if e["ph"] == "X")
        self.starts = [a for a, _ in slices]
        self.reach = []         # the latest end of the slices so far
        for _, b in slices:
            self.reach.append(max(b, self.reach[-1] if self.reach else b))

    def covers(self, t):
        """Whether some slice holds time t."""
        i = bisect.bisect_right(self.starts, t + SLACK) - 1
        return i >= 0 and self.reach[i] >= t - SLACK


def event_problems(e):
    if not isinstance(e, dict):
        return ["not an object"]
    ph = e.get("ph")
    if ph not in PHASES:
        return ["unknown phase %r" % ph]
    need = {"name": str, "pid": int}
    if ph != "M":
        need.update(ts=(int, float), tid=int)
    out = ["%s missing or not a %s" % (k, t) for k, t in need.items()
           if not isinstance(e.get(k), t)]
    if ph != "M" and not out and e["ts"] < 0:
        out.append("negative ts")
    if ph == "X" and not (isinstance(e.get("dur"), (int, float))
                          and e["dur"] >= 0):
        out.append("complete event without a dur >= 0")
    if ph in "iI" and e.get("s", "t") not in ("g", "p", "t"):
        out.append("instant scope %r" % e.get("s"))
    if ph in "stf" and ("id" not in e or not isinstance(e.get("cat"), str)):
        out.append("flow event without id and cat")
    if ph == "M" and (e.get("name") not in METADATA or
                      not isinstance(e.get("args"), dict)):
        out.append("bad metadata event")
    return out


def nesting(evs):
    """Problems with the slices of one track: each must lie inside or
    wholly after every slice that began before it; E must close B."""
    out, stack = [], []         # stack of [name, end] of open slices
    evs = sorted(evs, key=lambda e: (e["ts"], -e.get("dur", 0),
                                     e["ph"] != "E"))
    for e in evs:
        if e["ph"] == "E":
            if not stack or stack[-1][1] is not None:
                out.append("E at %s closes nothing" % e["ts"])
            else:
                stack.pop()
            continue
        while stack and stack[-1][1] is not None and \
                stack[-1][1] <= e["ts"] + SLACK:
            stack.pop()
        end = e["ts"] + e["dur"] if e["ph"] == "X" else None
        if stack and stack[-1][1] is not None and end is not None and \
                end > stack[-1][1] + SLACK:
            out.append("%s at %s overlaps %s, not nested" % (
                e["name"], e["ts"], stack[-1][0]))
        stack.append([e["name"], end])
    if any(s[1] is None for s in stack):
        out.append("a B event is never closed")
    return out


def flow_problems(evs, covers):
    phases = sorted(e["ph"] for e in evs)
    if phases != ["f", "s"]:
        return ["phases %s, want one s and one f" % "".join(phases)]
    s, f = (next(e for e in evs if e["ph"] == p) for p in "sf")
    out = []
    if (s["cat"], s["name"]) != (f["cat"], f["name"]):
        out.append("start and finish differ in cat or name")
    if f["ts"] < s["ts"]:
        out.append("finishes before it starts")
    for e in (s, f):
        cover = covers.get((e["pid"], e["tid"]))
        if not cover or not cover.covers(e["ts"]):
            out.append("%s at %s is in no slice of its track" % (e["ph"],
                                                                 e["ts"]))
    return out
