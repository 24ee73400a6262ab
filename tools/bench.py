#!/usr/bin/env python3
"""make bench: boot user/bench on 1 and on 2 CPUs and print its figures,
then net/bench.c (lab 6) on one, then the network server's throughput
as a client on the host sees it (lab 6, one CPU, when the tree builds
the network server): TCP echo in MB/s, HTTP requests per second (GET
/index.html, a connection each) and MB/s (GET of a 1 MB file).

The figures are medians of rdtsc cycles measured inside the guest; see
user/test/bench.c for the method and docs/performance.md for what they mean.
Set CPUS (e.g. make bench CPUS=4) to add a run on that many CPUs.  The
network figures are frames per second by the guest's clock (net/bench.c);
the server's are by the host's clock, medians of NET_ROUNDS runs.

Then the event trace's cost (docs/watching.md): compiled out, the kernel
is the same machine code as without its trace hooks (tools/tracehooks.py);
compiled in, the traced kernel says what one record costs, and its
figures on 1 CPU are printed beside the untraced kernel's.

QEMU runs here without its gdb stub: a gdb breakpoint slows QEMU's
handling of exceptions, page faults above all, several times over.
"""

import http.client
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.chdir(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from grade.ports import free_ports  # noqa: E402
from grade.runner import kernel_files  # noqa: E402

IMAGE = "obj/kern/kernel-bench.img"
NET_IMAGE = kernel_files("net_bench", 6)[0]
ECHO_IMAGE = kernel_files("echoserve", 6)[0]
WEB_IMAGE = kernel_files("webserve", 6)[0]
NET_ROUNDS = 5
TRACED_IMAGE = "obj/trace/kern/kernel-bench.img"
FS_IMAGE = "obj/fs/clean-fs.img"	# the lab-5 kernel starts the file server
TIMEOUT = 600
# The lab-6 machine's card on QEMU's user-mode network, as GNUmakefile's,
# without forwarded ports or a capture (which would cost time per frame).
NET = ["-netdev", "user,id=jnet,ipv6=off,restrict=on", "-device",
       "e1000,netdev=jnet,addr=03,mac=52:54:00:12:34:56,romfile="]


def run(qemu, cpus, image=IMAGE, extra=()):
    """Boot a bench kernel on cpus CPUs; return its "bench:" lines (and
    the traced kernel's "trace:" line)."""
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
            if line.startswith(("bench:", "trace:")) or "panic" in line:
                print(line, flush=True)
                lines.append(line)
            if line.startswith("bench: done") or "kernel monitor" in line:
                break
    finally:
        timer.cancel()
        proc.kill()
        proc.wait()
    return lines


def serve(qemu, image, ready, measure):
    """Boot image (a lab-6 kernel running a server) on one CPU with the
    echo and web ports forwarded; once a console line contains ready, run
    measure(echo_port, http_port), which must end the guest's run (its
    control connection's "done").  Returns what measure returned."""
    port = free_ports(2)
    fwd = ",".join("hostfwd=tcp:127.0.0.1:%d-:%d" % (p, g)
                   for p, g in ((port, 7), (port + 1, 80)))
    cmd = [qemu, "-display", "none", "-serial", "mon:stdio", "-no-reboot",
           "-snapshot", "-drive",
           "file=%s,index=0,media=disk,format=raw" % image,
           "-drive", "file=%s,index=1,media=disk,format=raw" % FS_IMAGE,
           "-netdev", "user,id=jnet,ipv6=off,restrict=on," + fwd,
           "-device", NET[3]]
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    timer = threading.Timer(TIMEOUT, proc.kill)
    timer.start()
    try:
        for raw in proc.stdout:
            line = raw.decode("utf-8", "replace")
            if "panic" in line or "kernel monitor" in line:
                print("bench: " + line.strip(), flush=True)
                return None
            if ready in line:
                return measure(port, port + 1)
        return None
    finally:
        timer.cancel()
        proc.kill()
        proc.wait()


def done(port):
    """Order the guest's netctl (user/test/lib/netctl.c) to stop."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
        s.sendall(b"done\n")
        s.recv(16)


def echo_rate(echo_port, ctl_port):
    """MB/s of 4 MB sent through echosrv and read back, median of rounds."""
    data = os.urandom(4 << 20)
    rates = []
    for _ in range(NET_ROUNDS):
        with socket.create_connection(("127.0.0.1", echo_port),
                                      timeout=60) as s:
            got = [0]

            def reader():
                while got[0] < len(data):
                    n = len(s.recv(1 << 16))
                    if n == 0:
                        break
                    got[0] += n
            start = time.monotonic()
            t = threading.Thread(target=reader)
            t.start()
            s.sendall(data)
            t.join(TIMEOUT)
            rates.append(len(data) / (time.monotonic() - start) / 1e6)
    done(ctl_port)
    return statistics.median(rates)


def get(port, path):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("GET", path)
        return conn.getresponse().read()
    finally:
        conn.close()


def http_rates(ctl_port, http_port):
    """Requests per second for /index.html (50 in a row) and MB/s for
    /web/1m, medians of rounds."""
    per_second, mb = [], []
    for _ in range(NET_ROUNDS):
        start = time.monotonic()
        for _ in range(50):
            get(http_port, "/index.html")
        per_second.append(50 / (time.monotonic() - start))
        start = time.monotonic()
        size = len(get(http_port, "/web/1m"))
        mb.append(size / (time.monotonic() - start) / 1e6)
    done(ctl_port)
    return statistics.median(per_second), statistics.median(mb)


def server_figures(qemu, make):
    """Print the network server's figures (lab 6), or why there are none."""
    have_ns = subprocess.run([make, "-s", "print-lwip"], text=True,
                             stdout=subprocess.PIPE).stdout.strip()
    print("== the network server, 1 CPU ==", flush=True)
    if have_ns != "yes":
        print("bench: skipped: lwIP not available")
        return 0
    subprocess.run([make, "-s", ECHO_IMAGE, WEB_IMAGE], check=True)
    echo = serve(qemu, ECHO_IMAGE, "bound", echo_rate)
    web = serve(qemu, WEB_IMAGE, "Waiting for http connections",
                lambda ctl, web: http_rates(ctl, web))
    if echo is None or web is None:
        print("bench: the network server did not finish")
        return 1
    print("bench: TCP echo through echosrv     %8.2f MB/s" % echo)
    print("bench: HTTP GET /index.html         %8.1f requests/s" % web[0])
    print("bench: HTTP GET of a 1 MB file      %8.2f MB/s" % web[1])
    return 0


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
    runs = {}
    for n in counts:
        print("== %d CPU%s ==" % (n, "" if n == 1 else "s"), flush=True)
        runs[n] = lines = run(qemu, n, extra=["-nic", "none"])
        if not any(l.startswith("bench: done") for l in lines):
            print("bench: did not finish")
            missed += 1
        missed += sum("MISSED" in l for l in lines)
    print("== the network card, 1 CPU ==", flush=True)
    lines = run(qemu, 1, NET_IMAGE, NET)
    if not any(l.startswith("bench: done") for l in lines):
        print("bench: did not finish")
        missed += 1
    missed += server_figures(qemu, make)
    missed += trace_cost(make, qemu, runs[1])
    sys.exit(1 if missed else 0)


def figures(lines):
    """Figure name -> our cycles, from bench lines."""
    out = {}
    for line in lines:
        m = re.match(r"bench: (.{30}) (?:classic +\d+ +ours +(\d+)|(\d+) "
                     r"cycles)", line)
        if m:
            out[m[1].strip()] = int(m[2] or m[3])
    return out


def trace_cost(make, qemu, untraced):
    """Print what the event trace costs (see above); return 1 if the
    traced run or the hooks check failed, else 0."""
    print("== the event trace ==", flush=True)
    hooks = subprocess.run([sys.executable, "tools/tracehooks.py"])
    subprocess.run([make, "-s", TRACED_IMAGE], check=True)
    print("== 1 CPU, tracing on ==", flush=True)
    traced = run(qemu, 1, TRACED_IMAGE, ["-nic", "none"])
    off, on = figures(untraced), figures(traced)
    print("bench: %-30s %10s %10s  %s" % ("tracing off vs on, 1 CPU", "off",
                                          "on", "on/off"))
    for name in off:
        if name in on and off[name]:
            print("bench: %-30s %10u %10u  %.2fx" % (
                name, off[name], on[name], on[name] / off[name]))
    done = any(l.startswith("bench: done") for l in traced)
    if not done:
        print("bench: the traced kernel did not finish")
    return int(hooks.returncode != 0 or not done)


if __name__ == "__main__":
    main()
