#!/usr/bin/env python3
"""Watch the kernel run: trace a program and turn the trace into pictures.

    python3 tools/trace.py run NAME --qemu QEMU [--cpus N] [--lab N]
                           [--stop REGEX] [--seconds S]
    python3 tools/trace.py check FILE.records
    python3 tools/trace.py validate FILE.json

`run` (what `make trace-NAME` does, after building the traced kernel
obj/trace/kern/kernel-NAME) boots that kernel under QEMU, showing its
console, until it reaches the kernel monitor, or a console line matches
REGEX, or S seconds have passed (then the machine is stopped where it
is: the trace is "cut").  It then reads every CPU's ring of trace
records out of the stopped machine through QEMU's gdb stub, with the
envs still alive, and writes into obj/trace/:

    NAME.records   the records, as read (tracedata.py)
    NAME.json      Chrome's Trace Event format, for Perfetto (tracejson.py)
    NAME.svg       a timeline picture (tracesvg.py)

and checks the trace (tracecheck.py), exiting with status 1 if the
check fails.  `check` and `validate` check a file written before.
docs/watching.md explains what the pictures show.

Python 3 standard library only.
"""

import argparse
import json
import os
import re
import struct
import subprocess
import sys
import threading
import time

TOOLS = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(TOOLS)
sys.path.insert(0, ROOT)

from grade import gdbremote  # noqa: E402
from grade.ports import free_port  # noqa: E402
from grade.symbols import read_symbols  # noqa: E402
import tracecheck  # noqa: E402
import tracedata  # noqa: E402
import tracejson  # noqa: E402
import tracesvg  # noqa: E402

OUT = os.path.join("obj", "trace")
KERNELS = os.path.join(OUT, "kern")
ENV_FREE = 0


def words(gdb, addr, n):
    """n little-endian 32-bit words of the target's memory at addr."""
    return struct.unpack("<%dI" % n, gdb.read_memory(addr, 4 * n))


def read_trace(gdb, sym, ended):
    """The Trace held by the stopped machine (kern/trace.c)."""
    nrec, recsize, nenv, envsize, id_off, status_off = \
        words(gdb, sym["trace_layout"], 6)
    (khz,) = words(gdb, sym["trace_tsc_khz"], 1)
    (ncpu,) = words(gdb, sym["ncpu"], 1)
    ringsize = 4 + nrec * recsize
    records, lost = [], []
    for cpu in range(ncpu):
        base = sym["trace_rings"] + cpu * ringsize
        (head,) = words(gdb, base, 1)
        n = min(head, nrec)
        first = (head - n) % nrec
        raw = gdb.read_memory(base + 4, nrec * recsize if head > nrec
                              else n * recsize)
        order = [(first + i) % nrec for i in range(n)]
        recs = []
        for i in order:
            tsc, kind, a, b = struct.unpack_from("<QIII", raw, i * recsize)
            recs.append(tracedata.Record(cpu, tsc, kind, a, b))
        records.append(recs)
        lost.append(head - n)
    (envs,) = words(gdb, sym["envs"], 1)
    table = gdb.read_memory(envs, nenv * envsize)
    alive = []
    for i in range(nenv):
        envid, status = (struct.unpack_from("<I", table, i * envsize + off)[0]
                         for off in (id_off, status_off))
        if status != ENV_FREE:
            alive.append(envid)
    return tracedata.Trace(records, lost, ended, khz, alive)


def qemu_command(qemu, image, lab, cpus, port):
    """The machine of `make qemu-nox` (GNUmakefile's QEMUOPTS), halted."""
    disk = []
    if lab >= 5:
        disk = ["-drive", "file=%s,index=1,media=disk,format=raw"
                % os.path.join("obj", "fs", "fs.img")]
    return [qemu, "-display", "none",
            "-drive", "file=%s,index=0,media=disk,format=raw" % image,
            "-serial", "mon:stdio", "-gdb", "tcp:127.0.0.1:%d" % port,
            "-smp", "cpus=%d,sockets=%d,cores=1,threads=1" % (cpus, cpus)] \
        + disk + ["-no-reboot", "-snapshot", "-S"]


class Console:
    """QEMU's serial output: echoed to our stdout, and kept."""

    def __init__(self, proc):
        self.chunks = []
        self.thread = threading.Thread(target=self.read, args=(proc,),
                                       daemon=True)
        self.thread.start()

    def read(self, proc):
        while True:
            data = os.read(proc.stdout.fileno(), 65536)
            if not data:
                return
            self.chunks.append(data)
            sys.stdout.buffer.write(data)
            sys.stdout.flush()

    def text(self):
        return b"".join(self.chunks).decode("utf-8", "replace")


def boot_and_read(args):
    """Boot the traced kernel of args.name, run it to its end (see the
    module's comment) and return the Trace read out of it."""
    base = os.path.join(KERNELS, "kernel-" + args.name)
    sym = read_symbols(base + ".sym")
    port = free_port()
    proc = subprocess.Popen(qemu_command(args.qemu, base + ".img", args.lab,
                                         args.cpus, port),
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    try:
        console = Console(proc)
        deadline = time.monotonic() + args.seconds
        gdb = gdbremote.GDBClient(port, time.monotonic() + 10)
        gdb.hw_break(sym["readline"])
        gdb.send("c")
        stop = re.compile(args.stop, re.M) if args.stop else None
        while True:
            reply = gdb.poll(0.05)
            if reply and reply[0] in "TS":
                ended = "monitor"
                break
            if gdb.closed or proc.poll() is not None:
                sys.exit("trace: QEMU exited before the trace was read")
            if (stop and stop.search(console.text())) or \
                    time.monotonic() > deadline:
                gdb.interrupt()
                ended = "cut"
                break
        trace = read_trace(gdb, sym, ended)
        gdb.close()
        return trace
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()


def summary(trace):
    n = sum(len(r) for r in trace.records)
    lost = sum(trace.lost)
    return "%d records on %d CPUs%s, %s" % (
        n, len(trace.records), ", %d lost (rings full)" % lost if lost else "",
        "ended at the monitor" if trace.ended == "monitor"
        else "cut while running")


def report_check(trace, what):
    problems = tracecheck.check(trace)
    for p in problems:
        print("trace check: %s: %s" % (what, p))
    print("trace check: %s: %s" % (what, "FAIL" if problems else "OK"))
    return not problems


def run(args):
    trace = boot_and_read(args)
    os.makedirs(OUT, exist_ok=True)
    base = os.path.join(OUT, args.name)
    title = "%s on %d CPU%s" % (args.name, args.cpus,
                               "s" if args.cpus > 1 else "")
    tracedata.write(trace, base + ".records")
    with open(base + ".json", "w") as f:
        json.dump(tracejson.to_json(trace, title), f)
    tracesvg.draw(trace, title, base + ".svg")
    print("\ntrace: %s" % summary(trace))
    print("trace: wrote %s.records, %s.json (open it in "
          "https://ui.perfetto.dev) and %s.svg" % (base, base, base))
    return report_check(trace, base + ".records")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="command", required=True)
    r = sub.add_parser("run", help="trace a program (make trace-NAME)")
    r.add_argument("name")
    r.add_argument("--qemu", required=True)
    r.add_argument("--cpus", type=int, default=1)
    r.add_argument("--lab", type=int, default=5)
    r.add_argument("--stop", help="stop at a console line matching this")
    r.add_argument("--seconds", type=float, default=60,
                   help="stop after this long (default 60)")
    c = sub.add_parser("check", help="check a .records file")
    c.add_argument("file")
    v = sub.add_parser("validate", help="check a .json file's format")
    v.add_argument("file")
    args = ap.parse_args()
    if args.command == "run":
        ok = run(args)
    elif args.command == "check":
        ok = report_check(tracedata.read(args.file), args.file)
    else:
        with open(args.file) as f:
            problems = tracejson.validate(json.load(f))
        for p in problems:
            print("trace validate: %s: %s" % (args.file, p))
        print("trace validate: %s: %s" % (args.file,
                                          "FAIL" if problems else "OK"))
        ok = not problems
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
