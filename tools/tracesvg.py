"""A kernel event trace drawn as a timeline, in SVG: a row per CPU with
the env running there (one colour per env, its id written in when there
is room), the big lock held and waited for under it, page faults as red
marks and IPC messages as blue dots where they are received, with an
arrow from where they were sent unless that is the same place.  Time runs left
to right from the first env's creation to the end of the trace.

Python 3 standard library only.
"""

import hashlib
from xml.sax.saxutils import escape

from tracedata import (ENV_CREATE, IPC_RECV, IPC_SEND, LOCK_ACQUIRE,
                       LOCK_RELEASE, PGFAULT, RUN_BEGIN, RUN_END)

WIDTH, LEFT, RIGHT = 1000, 64, 16
TOP, ROW, LANE, LOCKLANE = 44, 50, 24, 7
INK, FAINT = "#202124", "#5f6368"
HELD, WAIT, FAULT, IPC = "#5f6368", "#f29900", "#d93025", "#1a73e8"
MERGE = 0.6                     # bars closer than this (px) are drawn as one


def version():
    """A hash of this script, written into each picture, so that a
    committed picture drawn by an older script can be told apart."""
    with open(__file__, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()[:12]


def env_colour(envid):
    """Envs in neighbouring slots, or of successive generations in one
    slot, get hues far apart (the golden angle)."""
    hue = ((envid & 0x3ff) * 137.5 + (envid >> 12) * 59) % 360
    return "hsl(%d,65%%,72%%)" % hue


class Timeline:
    """Maps TSC values of the window [t0, t1] to x."""

    def __init__(self, t0, t1):
        self.t0, self.t1 = t0, max(t1, t0 + 1)

    def x(self, tsc):
        tsc = min(max(tsc, self.t0), self.t1)
        return LEFT + (tsc - self.t0) * (WIDTH - LEFT - RIGHT) / \
            (self.t1 - self.t0)


def bars(spans):
    """spans (x0, x1, key) of one lane, sorted, with neighbours of the
    same key closer than MERGE pixels joined."""
    out = []
    for x0, x1, key in sorted(spans):
        if out and out[-1][2] == key and x0 - out[-1][1] < MERGE:
            out[-1][1] = max(out[-1][1], x1)
        else:
            out.append([x0, x1, key])
    return out


def lanes(trace, tl):
    """Per CPU: env bars (x0, x1, envid), lock bars (x0, x1, colour),
    fault x positions."""
    envs, locks, faults = [], [], []
    end = trace.end()
    for recs in trace.records:
        env_spans, lock_spans, marks = [], [], []
        run = held = None
        for r in recs:
            if r.kind == RUN_BEGIN:
                run = r
            elif r.kind == RUN_END and run:
                env_spans.append((tl.x(run.tsc), tl.x(r.tsc), r.a))
                run = None
            elif r.kind == LOCK_ACQUIRE:
                lock_spans.append((tl.x(r.tsc - r.waited()), tl.x(r.tsc),
                                   WAIT))
                held = r.tsc
            elif r.kind == LOCK_RELEASE and held is not None:
                lock_spans.append((tl.x(held), tl.x(r.tsc), HELD))
                held = None
            elif r.kind == PGFAULT:
                marks.append(tl.x(r.tsc))
        if run:
            env_spans.append((tl.x(run.tsc), tl.x(end), run.a))
        if held is not None:
            lock_spans.append((tl.x(held), tl.x(end), HELD))
        envs.append(bars(env_spans))
        locks.append(bars(lock_spans))
        faults.append(marks)
    return envs, locks, faults


def arrows(trace, tl):
    """(x0, cpu0, x1, cpu1) for each IPC message, send to receive."""
    out, waiting = [], {}
    for r in trace.merged():
        if r.kind == IPC_SEND:
            waiting.setdefault((r.a, r.b), []).append(r)
        elif r.kind == IPC_RECV and waiting.get((r.b, r.a)):
            s = waiting[r.b, r.a].pop(0)
            out.append((tl.x(s.tsc), s.cpu, tl.x(r.tsc), r.cpu))
    return out


def ticks(tl, khz):
    """Axis ticks: (x, label) at a round number of milliseconds."""
    span_ms = (tl.t1 - tl.t0) / khz
    step = next(s for s in (0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10,
                            20, 50, 100, 200, 500, 1000, 2000, 5000)
                if span_ms / s <= 10)
    out, t = [], 0.0
    while t <= span_ms + 1e-9:
        out.append((tl.x(tl.t0 + t * khz), "%g ms" % round(t, 3)))
        t += step
    return out


def draw(trace, title, path):
    """Write the timeline of trace to path."""
    creates = [r.tsc for r in trace.merged() if r.kind == ENV_CREATE]
    tl = Timeline(min(creates, default=trace.start()), trace.end())
    ncpu = len(trace.records)
    envs, locks, faults = lanes(trace, tl)
    axis = TOP + ncpu * ROW
    height = axis + 70
    p = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" '
         'viewBox="0 0 %d %d" font-family="DejaVu Sans, Arial, sans-serif">'
         % (WIDTH, height, WIDTH, height),
         "<!-- drawn by tools/tracesvg.py, version %s -->" % version(),
         '<defs><marker id="head" viewBox="0 0 10 10" refX="10" refY="5" '
         'markerWidth="5" markerHeight="5" orient="auto"><path '
         'd="M0,0 L10,5 L0,10 z" fill="%s"/></marker></defs>' % IPC,
         '<rect width="100%" height="100%" fill="white"/>',
         text(LEFT, 24, title, 15, bold=True)]
    for cpu in range(ncpu):
        y = TOP + cpu * ROW
        p.append(text(8, y + 16, "CPU %d" % cpu, 13))
        p.append(rect(LEFT, y, WIDTH - LEFT - RIGHT, LANE, "#f8f9fa"))
        for x0, x1, envid in envs[cpu]:
            p.append(rect(x0, y, x1 - x0, LANE, env_colour(envid)))
            if x1 - x0 >= 34:
                p.append(text((x0 + x1) / 2, y + 16, "%04x" % (envid & 0xffff),
                              10, anchor="middle", mono=True))
        for x0, x1, colour in locks[cpu]:
            p.append(rect(x0, y + LANE + 3, x1 - x0, LOCKLANE, colour))
        for x in faults[cpu]:
            p.append('<path d="M%.1f,%d l-3,-6 h6 z" fill="%s"/>'
                     % (x, y, FAULT))
    for x0, c0, x1, c1 in arrows(trace, tl):
        y0 = TOP + c0 * ROW + LANE / 2
        y1 = TOP + c1 * ROW + LANE / 2
        p.append('<circle cx="%.1f" cy="%.1f" r="2" fill="%s"/>'
                 % (x1, y1, IPC))
        if c0 != c1 or x1 - x0 >= 4:    # else handed over on the spot
            p.append('<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" '
                     'stroke="%s" stroke-width="1" marker-end="url(#head)"/>'
                     % (x0, y0, x1, y1, IPC))
    p.append('<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s"/>'
             % (LEFT, axis, WIDTH - RIGHT, axis, FAINT))
    for x, label in ticks(tl, trace.tsc_khz or 1):
        p.append('<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="%s"/>'
                 % (x, axis, x, axis + 5, FAINT))
        p.append(text(x, axis + 18, label, 10, anchor="middle"))
    p += legend(axis + 44)
    p.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(p) + "\n")


def legend(y):
    items = [(rect(LEFT, y - 9, 14, 10, env_colour(0x1001)),
              "env running (one colour per env)"),
             (rect(LEFT + 250, y - 6, 14, 5, HELD), "big lock held"),
             (rect(LEFT + 380, y - 6, 14, 5, WAIT), "waiting for it"),
             ('<path d="M%d,%d l-3,-6 h6 z" fill="%s"/>'
              % (LEFT + 507, y, FAULT), "page fault"),
             ('<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s" '
              'marker-end="url(#head)"/><circle cx="%d" cy="%d" r="2" '
              'fill="%s"/>' % (LEFT + 600, y - 4, LEFT + 620, y - 4, IPC,
                               LEFT + 620, y - 4, IPC),
              "IPC message, sent and received")]
    offsets = [20, 270, 400, 515, 628]
    return [shape + text(LEFT + dx, y, label, 11)
            for (shape, label), dx in zip(items, offsets)]


def rect(x, y, w, h, fill):
    return '<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"/>' \
        % (x, y, max(w, 0.4), h, fill)


def text(x, y, s, size, anchor="start", mono=False, bold=False):
    family = ' font-family="DejaVu Sans Mono, monospace"' if mono else ""
    weight = ' font-weight="bold"' if bold else ""
    return '<text x="%.1f" y="%.1f" font-size="%d" text-anchor="%s" ' \
        'fill="%s"%s%s>%s</text>' % (x, y, size, anchor, INK, family, weight,
                                      escape(s))
