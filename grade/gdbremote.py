"""grade.gdbremote: the client side of gdb's remote serial protocol, just
enough for the grader to stop a kernel under QEMU at a breakpoint and go
on.  The packet layer (connect, frame, take_packet) serves both our
runner's GDBClient here and the classic one in grade/classic_qemu.py."""

import select
import socket
import time

# Single steps step_over tries before it gives up on leaving a breakpoint.
STEP_TRIES = 100


def connect(port, deadline):
    """A blocking socket to QEMU's gdb stub on localhost:port, retrying
    until deadline (a time.monotonic() value) while QEMU starts up."""
    while True:
        try:
            sock = socket.create_connection(("127.0.0.1", port), timeout=1)
            break
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)
    sock.settimeout(None)
    return sock


def frame(payload):
    """The bytes of a packet carrying payload (a str)."""
    data = payload.encode()
    return b"$%s#%02x" % (data, sum(data) % 256)


def take_packet(buf):
    """Split the first whole packet off buf (bytes): return (its payload
    as a str, the rest of buf), or (None, what to keep) if buf holds no
    whole packet yet.  Acks and noise before the packet are dropped; the
    caller acks the packet."""
    start = buf.find(b"$")
    if start < 0:
        return None, b""
    end = buf.find(b"#", start)
    if end < 0 or len(buf) < end + 3:
        return None, buf[start:]
    return buf[start + 1:end].decode("latin-1"), buf[end + 3:]


class GDBClient:
    """Just enough of the gdb remote serial protocol to set a hardware
    breakpoint, continue, and notice that the target stopped."""

    def __init__(self, port, deadline):
        """Connect to localhost:port, retrying until deadline (a
        time.monotonic() value) while QEMU starts up."""
        self.sock = connect(port, deadline)
        self.buf = b""
        self.closed = False

    def close(self):
        self.sock.close()

    def send(self, payload):
        """Send one packet; the stub's '+' ack is skipped by poll()."""
        self.sock.sendall(frame(payload))

    def poll(self, timeout):
        """Return the next packet's payload, or None if none arrives
        within timeout seconds or the connection closed (see closed)."""
        end = time.monotonic() + timeout
        while True:
            packet = self._take_packet()
            if packet is not None:
                return packet
            left = end - time.monotonic()
            if self.closed or left <= 0:
                return None
            if select.select([self.sock], [], [], left)[0]:
                data = self.sock.recv(4096)
                if not data:
                    self.closed = True
                self.buf += data

    def _take_packet(self):
        """Remove one whole packet from the buffer, ack it and return its
        payload, or None."""
        payload, self.buf = take_packet(self.buf)
        if payload is not None:
            self.sock.sendall(b"+")
        return payload

    def request(self, payload, timeout=5):
        """Send a packet and return the reply's payload."""
        self.send(payload)
        reply = self.poll(timeout)
        if reply is None:
            raise OSError("no reply from QEMU's gdb stub to %s" % payload)
        return reply

    def hw_break(self, addr, on=True):
        """Set (or, if not on, clear) a hardware breakpoint at addr."""
        reply = self.request("%s1,%x,1" % ("Z" if on else "z", addr))
        if reply != "OK":
            raise OSError("QEMU refused a breakpoint at %#x: %r"
                          % (addr, reply))

    def eip(self):
        """The stopped CPU's eip: the ninth 32-bit register of the "g"
        reply (after eax ... edi), in target byte order."""
        regs = self.request("g")
        return int.from_bytes(bytes.fromhex(regs[64:72]), "little")

    def step_over(self, addr):
        """From a stop at the breakpoint at addr, execute one instruction
        with the breakpoint lifted (else continuing would stop again at
        once), then set it again.  QEMU's single step now and then stops
        before executing anything (when something, such as console input
        just typed, wakes the CPU), so it steps until eip has moved."""
        self.hw_break(addr, on=False)
        for _ in range(STEP_TRIES):
            reply = self.request("s")
            if reply[0] not in "TS":
                raise OSError("single step failed: %r" % reply)
            if self.eip() != addr:
                break
        else:
            raise OSError("%d single steps did not leave %#x"
                          % (STEP_TRIES, addr))
        self.hw_break(addr)
