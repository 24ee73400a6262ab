"""The classic gradelib's QEMU side (see grade/classic.py): Runner,
QEMU, GDBClient and the monitors save, stop_breakpoint, stop_on_line and
call_on_line."""

import os
import re
import select
import shutil
import signal
import subprocess
import time

from grade import gdbremote, ports, symbols

from grade.classic import (TerminateTest, assert_lines_match,
                              get_current_test, maybe_unlink, show_command)

__all__ = ["QEMU", "GDBClient", "Runner", "save", "stop_breakpoint",
           "stop_on_line", "call_on_line"]

# How long a run may take to build its kernel and start QEMU.  Not the
# test's timeout: classic timeouts count from the kernel's start.
START_TIMEOUT = 300


# --- QEMU and its gdb stub ------------------------------------------------

class QEMU:
    """`make TARGET... GDBPORT=N` running QEMU (a *-gdb target), in a
    process group of its own.  output is everything it printed so far
    (CR LF as LF); each function in on_output gets each new chunk."""

    def __init__(self, *make_args):
        args = list(make_args)
        if not any(a.startswith("GDBPORT=") for a in args):
            args.append("GDBPORT=%d" % ports.free_port())
        self.port = int(next(a for a in args
                             if a.startswith("GDBPORT="))[len("GDBPORT="):])
        cmd = ["make", "-s", "--no-print-directory"] + args
        show_command(cmd)
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT,
                                     stdin=subprocess.PIPE,
                                     start_new_session=True)
        self.raw = b""
        self.output = ""
        self.on_output = []

    @staticmethod
    def get_gdb_port():
        """The gdb port `make print-gdbport` names (the tree's default)."""
        out = subprocess.check_output(
            ["make", "-s", "--no-print-directory", "print-gdbport"])
        return int(out.decode().strip())

    def fileno(self):
        return self.proc.stdout.fileno() if self.proc.stdout else None

    def handle_read(self):
        data = os.read(self.proc.stdout.fileno(), 4096)
        if not data:
            self.proc.stdout.close()
            self.proc.stdout = None
            return
        self.raw += data
        self.output = self.raw.decode("utf-8", "replace").replace("\r\n",
                                                                  "\n")
        for callback in self.on_output:
            callback(data)

    def write(self, data):
        """Type data (str or bytes) on QEMU's console."""
        if isinstance(data, str):
            data = data.encode()
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def wait(self):
        self.proc.wait()

    def kill(self):
        """Kill make and QEMU (its process group), then reap make."""
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait()


class GDBClient:
    """A connection to QEMU's gdb stub on localhost:port, read from a
    Runner's event loop.  A stop of the kernel (breakpoint) raises
    TerminateTest from handle_read."""

    def __init__(self, port, timeout=15):
        self.sock = gdbremote.connect(port, time.monotonic() + timeout)
        self.buf = b""

    def fileno(self):
        return self.sock.fileno() if self.sock else None

    def handle_read(self):
        try:
            data = self.sock.recv(4096)
        except OSError:
            data = b""
        if not data:
            self.close()
            return
        self.buf += data
        while self.sock:
            packet = self._take_packet()
            if packet is None:
                break
            if packet[:1] in ("T", "S"):
                raise TerminateTest()
            if packet[:1] in ("W", "X"):
                self.close()

    def _take_packet(self):
        """Remove the first whole packet from buf, ack it and return its
        payload, or None if there is none yet."""
        payload, self.buf = gdbremote.take_packet(self.buf)
        if payload is not None:
            self.sock.sendall(b"+")
        return payload

    def _request(self, payload, timeout=10):
        """Send a packet and return the reply's payload.  Only while the
        kernel is stopped: QEMU takes any byte that comes while it runs
        (a late ack, say) as a request to stop."""
        self._send(payload)
        deadline = time.time() + timeout
        while True:
            packet = self._take_packet()
            if packet is not None:
                return packet
            left = deadline - time.time()
            if left <= 0 or not select.select([self.sock], [], [], left)[0]:
                raise OSError("no reply from QEMU's gdb stub to " + payload)
            data = self.sock.recv(4096)
            if not data:
                raise OSError("QEMU's gdb stub closed the connection")
            self.buf += data

    def _send(self, payload):
        self.sock.sendall(gdbremote.frame(payload))

    def close(self):
        if self.sock:
            self.sock.close()
            self.sock = None

    def cont(self):
        """Let the kernel run."""
        self._send("c")

    def breakpoint(self, addr):
        """Set a hardware breakpoint at addr (the kernel is stopped)."""
        reply = self._request("Z1,%x,1" % addr)
        if reply != "OK":
            raise OSError("QEMU refused a breakpoint at %#x: %r"
                          % (addr, reply))

    def kill(self):
        """Ask QEMU to quit."""
        if self.sock:
            try:
                self._send("k")
            except OSError:
                pass


class Runner:
    """Runs QEMU for tests; default_monitors apply to every run."""

    def __init__(self, *default_monitors):
        self.default_monitors = default_monitors
        self.qemu = None
        self.gdb = None

    def run_qemu(self, *monitors, target_base="qemu", make_args=(),
                 timeout=30):
        """Build and start `make TARGET_BASE-nox-gdb MAKE_ARGS`, attach to
        its gdb stub, install the monitors and let the kernel run until
        a monitor or a breakpoint ends the run, or timeout seconds."""
        self.qemu = QEMU(target_base + "-nox-gdb", *make_args)
        self.gdb = None
        try:
            self.qemu.on_output = [self._attach_when_up]
            self._react([self.qemu], START_TIMEOUT)
            self.qemu.on_output = []
            if self.gdb is None:
                tail = self.qemu.output.splitlines()[-15:]
                raise AssertionError("QEMU did not start; make said:\n" +
                                     "\n".join("  | " + l for l in tail))
            for monitor in self.default_monitors + monitors:
                monitor(self)
            self.gdb.cont()
            self._react([self.qemu, self.gdb], timeout)
        finally:
            if self.gdb:
                self.gdb.kill()
                self.gdb.close()
            self.qemu.kill()
            # The run is over: monitors see no more output.
            self.qemu.on_output = []
            self._drain()

    def _attach_when_up(self, data):
        # make prints this right before it starts QEMU, halted.
        if "Now run 'make gdb'" in self.qemu.output:
            self.gdb = GDBClient(self.qemu.port, timeout=15)
            raise TerminateTest()

    def _react(self, reactors, timeout):
        """Feed each reactor's input to it until one raises TerminateTest,
        all have closed, or timeout seconds pass."""
        deadline = time.time() + timeout
        try:
            while True:
                live = [r for r in reactors if r.fileno() is not None]
                left = deadline - time.time()
                if not live or left <= 0:
                    return
                ready = select.select(live, [], [], left)[0]
                for r in ready:
                    r.handle_read()
        except TerminateTest:
            return

    def _drain(self):
        """Read what make printed after QEMU was killed."""
        while self.qemu.fileno() is not None:
            self.qemu.handle_read()

    def user_test(self, binary, *monitors, make_args=(), snapshot=True,
                  timeout=30):
        """Run the kernel that starts user program binary, as
        `make run-BINARY-nox-gdb`, rebuilding its kernel first."""
        maybe_unlink("obj/kern/init.o", "obj/kern/kernel")
        args = list(make_args) + (["QEMUEXTRA+=-snapshot"] if snapshot
                                  else [])
        self.run_qemu(*monitors, target_base="run-%s" % binary,
                      make_args=args, timeout=timeout)

    def match(self, *regexps, **kw):
        """assert_lines_match on the last run's output."""
        assert_lines_match(self.qemu.output, *regexps, **kw)


# --- monitors: functions of a Runner, installed when QEMU is up ---------

def on_lines(callback):
    """An on_output function that calls callback(line) for each whole
    line of output (CR LF as LF)."""
    pending = [b""]

    def feed(data):
        pending[0] += data
        *lines, pending[0] = pending[0].split(b"\n")
        for line in lines:
            callback(line.decode("utf-8", "replace").rstrip("\r"))
    return feed


def save(path):
    """Monitor: write each run's output to path; when the test fails,
    keep it as path.TEST too."""
    def monitor(runner):
        f = open(path, "wb")
        runner.qemu.on_output.append(f.write)
        test = get_current_test()

        def finish(failure):
            f.close()
            kept = "%s.%s" % (path, test.__name__.replace("test_", "", 1))
            if failure:
                shutil.copyfile(path, kept)
                print("    QEMU output saved to %s" % kept)
            else:
                maybe_unlink(kept)
        test.on_finish.append(finish)
    return monitor


def stop_breakpoint(addr):
    """Monitor: end the run when the kernel reaches addr, an address or
    a symbol of obj/kern/kernel.sym."""
    def monitor(runner):
        target = (symbols.kernel_symbol(addr) if isinstance(addr, str)
                  else addr)
        runner.gdb.breakpoint(target)
    return monitor


def call_on_line(regexp, callback):
    """Monitor: call callback(line) for each output line matching
    regexp (re.match)."""
    def monitor(runner):
        def check(line):
            if re.match(regexp, line):
                callback(line)
        runner.qemu.on_output.append(on_lines(check))
    return monitor


def stop_on_line(regexp):
    """Monitor: end the run at the first output line matching regexp."""
    def stop(line):
        raise TerminateTest()
    return call_on_line(regexp, stop)
