"""Free TCP ports on localhost, for QEMU's gdb stub and, from lab 6 on,
the guest's forwarded echo and web ports."""

import random
import socket
import threading

_given = set()                  # ports handed out by this process
_lock = threading.Lock()
LOWEST_PORT = 10000
_classic_port = []


def ephemeral_low():
    """The first port of the kernel's ephemeral range, from which it picks
    the source ports of outgoing connections."""
    try:
        with open("/proc/sys/net/ipv4/ip_local_port_range") as f:
            return int(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768


def _bindable(port, kind):
    with socket.socket(socket.AF_INET, kind) as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_ports(count=1):
    """The first of count consecutive ports on 127.0.0.1 that nothing uses
    now (TCP, and UDP for the second: a lab-6 run forwards the echo port's
    TCP and UDP) and that this process handed out to no one else (runs
    start in parallel, and a port is only taken once QEMU is up).  Below
    the ephemeral range: a gdb client retrying a connection to a port in
    it may be given that very port as its source and connect to itself."""
    top = ephemeral_low() - count
    with _lock:
        while True:
            base = random.randrange(LOWEST_PORT, top)
            block = range(base, base + count)
            if _given.intersection(block):
                continue
            if all(_bindable(p, socket.SOCK_STREAM) for p in block) and \
                    (count < 2 or _bindable(base + 1, socket.SOCK_DGRAM)):
                _given.update(block)
                return base


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    return free_ports(1)


def classic_gdb_port():
    """The one gdb port of this grader process's classic runs (they run
    one at a time), its next two free too (the forwarded echo and web
    ports of lab 6)."""
    if not _classic_port:
        _classic_port.append(free_ports(3))
    return _classic_port[0]
