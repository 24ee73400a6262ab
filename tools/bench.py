#!/usr/bin/env python3
"""make bench: boot user/bench on 1 and on 2 CPUs and print its figures,
then net/bench.c (lab 6) on one.

The figures are medians of rdtsc cycles measured inside the guest; see
user/test/bench.c for the method and docs/performance.md for what they mean.
Set CPUS (e.g. make bench CPUS=4) to add a run on that many CPUs.  The
network figures are frames per second by the guest's clock (net/bench.c).

QEMU runs here without its gdb stub: a gdb breakpoint slows QEMU's
handling of exceptions, page faults above all, several times over.
"""

import os
import subprocess
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.chdir(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from gradelib import kernel_files  # noqa: E402

IMAGE = "obj/kern/kernel-bench.img"
NET_IMAGE = kernel_files("net_bench", 6)[0]
FS_IMAGE = "obj/fs/clean-fs.img"	# the lab-5 kernel starts the file server
TIMEOUT = 600
# The lab-6 machine's card on QEMU's user-mode network, as GNUmakefile's,
# without forwarded ports or a capture (which would cost time per frame).
NET = ["-netdev", "user,id=jnet,ipv6=off,restrict=on", "-device",
       "e1000,netdev=jnet,addr=03,mac=52:54:00:12:34:56,romfile="]


def run(qemu, cpus, image=IMAGE, extra=()):
    """Boot a bench kernel on cpus CPUs; return its "bench:" lines."""
    cmd = [qemu, "-display", "none", "-serial", "mon:stdio", "-no-reboot",
           "-snapshot", "-drive",
           "file=%s,index=0,media=disk,format=raw" % image,
           "-drive", "file=%s,index=1,media=disk,format=raw" % FS_IMAGE,
           "-smp", "cpus=%d,sockets=%d,cores=1,threads=1" % (cpus, cpus)] \
        + list(extra)
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    # A kernel that stops without printing (a hang, or the monitor after
    # a panic) is killed by the timer; the monitor's banner ends it at once.
    timer = threading.Timer(TIMEOUT, proc.kill)
    timer.start()
    lines = []
    try:
        for raw in proc.stdout:
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            if line.startswith("bench:") or "panic" in line:
                print(line, flush=True)
                lines.append(line)
            if line.startswith("bench: done") or "kernel monitor" in line:
                break
    finally:
        timer.cancel()
        proc.kill()
        proc.wait()
    return lines


def main():
    counts = [1, 2]
    extra = os.environ.get("CPUS", "")
    if extra.isdigit() and int(extra) not in counts:
        counts.append(int(extra))
    make = os.environ.get("MAKE", "make")
    subprocess.run([make, "-s", IMAGE, NET_IMAGE, FS_IMAGE], check=True)
    qemu = subprocess.run([make, "-s", "print-qemu"], check=True, text=True,
                          stdout=subprocess.PIPE).stdout.strip()
    missed = 0
    for n in counts:
        print("== %d CPU%s ==" % (n, "" if n == 1 else "s"), flush=True)
        lines = run(qemu, n)
        if not any(l.startswith("bench: done") for l in lines):
            print("bench: did not finish")
            missed += 1
        missed += sum("MISSED" in l for l in lines)
    print("== the network card, 1 CPU ==", flush=True)
    lines = run(qemu, 1, NET_IMAGE, NET)
    if not any(l.startswith("bench: done") for l in lines):
        print("bench: did not finish")
        missed += 1
    sys.exit(1 if missed else 0)


if __name__ == "__main__":
    main()
