"""The kernel event trace as tools/trace.py reads it (kern/trace.h):
record kinds, a Trace of records per CPU, and its text file form.

The file (obj/trace/NAME.records) is what was read out of the machine:

    jos-trace 1
    ended monitor          (or cut: the machine was stopped while running)
    tsc_khz 2994000
    alive 00001000 ...     (envs not free when it was read)
    cpu 0 lost 0
    TSC TYPE A B           (hex, one record a line, oldest first)
    ...

Python 3 standard library only.
"""

# The record kinds, numbered as in kern/trace.h's enum.
(RUN_BEGIN, RUN_END, SYSCALL_ENTER, SYSCALL_EXIT, PGFAULT, UPCALL, IPC_SEND,
 IPC_RECV, ENV_CREATE, ENV_DESTROY, TIMER, IRQ, LOCK_ACQUIRE,
 LOCK_RELEASE) = range(1, 15)
KINDS = ["RUN_BEGIN", "RUN_END", "SYSCALL_ENTER", "SYSCALL_EXIT", "PGFAULT",
         "UPCALL", "IPC_SEND", "IPC_RECV", "ENV_CREATE", "ENV_DESTROY",
         "TIMER", "IRQ", "LOCK_ACQUIRE", "LOCK_RELEASE"]

FORMAT = "jos-trace 1"


class Record:
    """One record: on cpu, at tsc, of kind kind (a KIND number)."""

    __slots__ = ("cpu", "tsc", "kind", "a", "b")

    def __init__(self, cpu, tsc, kind, a, b):
        self.cpu, self.tsc, self.kind, self.a, self.b = cpu, tsc, kind, a, b

    def waited(self):
        """A LOCK_ACQUIRE's cycles spent waiting for the lock."""
        return self.a | self.b << 32

    def __repr__(self):
        name = KINDS[self.kind - 1] if 0 < self.kind <= len(KINDS) else \
            "kind %d" % self.kind
        return "cpu %d tsc %d %s %08x %08x" % (self.cpu, self.tsc, name,
                                              self.a, self.b)


class Trace:
    """A trace: records[cpu] (oldest first), lost[cpu] (records that the
    ring overwrote before it was read), how it ended ("monitor": every
    env done or blocked, the kernel at its prompt; "cut": stopped while
    running), the TSC rate, and the envs alive when it was read."""

    def __init__(self, records, lost, ended, tsc_khz, alive):
        self.records = records
        self.lost = lost
        self.ended = ended
        self.tsc_khz = tsc_khz
        self.alive = set(alive)

    def merged(self):
        """Every record of every CPU, by time: those that all CPUs still
        hold.  When a ring lost its oldest records, the records of all
        CPUs from before its oldest kept one are left out too, so that
        what is returned is everything that happened from then on."""
        start = self.start()
        out = [r for recs in self.records for r in recs if r.tsc >= start]
        out.sort(key=lambda r: r.tsc)
        return out

    def start(self):
        """The time from which the trace is whole (see merged)."""
        firsts = [recs[0].tsc for recs, lost in zip(self.records, self.lost)
                  if lost and recs]
        return max(firsts, default=0)

    def truncated(self):
        """Whether any ring lost records."""
        return any(self.lost)

    def end(self):
        """The time of the last record."""
        return max((recs[-1].tsc for recs in self.records if recs), default=0)


def write(trace, path):
    """Write trace into path in the file form above."""
    with open(path, "w") as f:
        f.write("%s\nended %s\ntsc_khz %d\nalive%s\n" % (
            FORMAT, trace.ended, trace.tsc_khz,
            "".join(" %08x" % e for e in sorted(trace.alive))))
        for cpu, recs in enumerate(trace.records):
            f.write("cpu %d lost %d\n" % (cpu, trace.lost[cpu]))
            for r in recs:
                f.write("%x %x %x %x\n" % (r.tsc, r.kind, r.a, r.b))


def read(path):
    """The Trace in path (see write); ValueError if it is not one."""
    with open(path) as f:
        lines = f.read().splitlines()
    if not lines or lines[0] != FORMAT:
        raise ValueError("%s: not a %s file" % (path, FORMAT))
    fields = {}
    records, lost = [], []
    for line in lines[1:]:
        words = line.split()
        if words and words[0] == "cpu":
            records.append([])
            lost.append(int(words[3]))
        elif records:
            tsc, kind, a, b = (int(w, 16) for w in words)
            records[-1].append(Record(len(records) - 1, tsc, kind, a, b))
        else:
            fields[words[0]] = words[1:]
    return Trace(records, lost, fields["ended"][0],
                 int(fields["tsc_khz"][0]),
                 [int(e, 16) for e in fields["alive"]])
