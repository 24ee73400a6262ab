"""Tests of the network card (lab 6): the clock, the PCI scan, the e1000
driver's transmit and receive paths through the helper envs
(net/testoutput.c, net/testinput.c), the packet system calls' answers to
bad input, and a grade script on the classic gradelib API.

Every test here runs at lab 6.  A run's frames are in out.pcap, as QEMU
captured them on the wire (both directions, in order).
"""

import re
import socket
import struct
import sys

from grade.runner import fail, test
from grade.compat import classic_grader, expect_in_order, section
from grade.lab6ns import NS_BUILT

PCAP_MAGIC = 0xa1b2c3d4
ETHERNET_MIN = 60               # QEMU pads received frames to this


def pcap_frames(data):
    """The frames of a pcap file's bytes, in order; fails the test if the
    file is not one."""
    if len(data) < 24:
        fail("no pcap capture (%d bytes)" % len(data))
    magic, major, minor = struct.unpack("<IHH", data[:8])
    if magic != PCAP_MAGIC or (major, minor) != (2, 4):
        fail("not a pcap 2.4 file: magic %#x, version %d.%d"
             % (magic, major, minor))
    frames, at = [], 24
    while at + 16 <= len(data):
        length = struct.unpack("<I", data[at + 8:at + 12])[0]
        frames.append(data[at + 16:at + 16 + length])
        at += 16 + length
    return frames


# --- the clock and the bus ---------------------------------------------

test("testtime", prog="testtime", lab=6, timeout=60,
     expect=[r"^starting count down: 5 4 3 2 1 0 $"])

# With the network server running (and its timer helper polling), a lab-6
# system never goes idle: these runs end at their program's last line.
test("pci_attach", prog="hello", lab=6, stop=r"^i am environment",
     expect=[r"^PCI: 00:03\.0: 8086:100e: class: 2\.0 \(Network controller\)",
             r"^PCI function 00:03\.0 \(8086:100e\) enabled$",
             r"^e1000: status [0-9a-f]{8}$", r"^hello, world$"])


# --- transmit: net/testoutput.c through the output helper ---------------

TESTOUTPUT_COUNT = 10           # net/testoutput.c's default


def check_testoutput(out):
    """The capture holds testoutput's frames, each once, in order, and
    nothing else: the driver neither loses, repeats nor reorders."""
    frames = pcap_frames(out.pcap)
    want = [b"Packet %02d" % i for i in range(TESTOUTPUT_COUNT)]
    if frames != want:
        fail("captured %d frames %r, want %r"
             % (len(frames), frames[:12], want))


for cpus in (1, 4):
    test("testoutput" + ("" if cpus == 1 else "-smp%d" % cpus),
         prog="net_testoutput", lab=6, cpus=cpus,
         expect=[r"^Transmitting packet %d$" % i
                 for i in range(TESTOUTPUT_COUNT)] +
         [r"^No runnable environments in the system!$"],
         forbid=[r"user panic", r"not sent"])(check_testoutput)


# --- receive: net/testinput.c through the input helper ------------------

INPUT_ROW = re.compile(r"^input: ([0-9a-f]{4})   ([0-9a-f ]*)$")


def datagram(i):
    return b"Packet %04d" % i


# Sent after the datagrams until the run ends, to end it: the last
# datagram may be dropped.
MARKER = b"Packet last"


def dumped_frames(out):
    """The frames testinput dumped, as bytes, in order."""
    frames = []
    for line in out.lines:
        m = INPUT_ROW.match(line)
        if not m:
            continue
        offset = int(m[1], 16)
        if offset == 0:
            frames.append(b"")
        if not frames or len(frames[-1]) != offset:
            fail("dump row at %#x out of place: %r" % (offset, line))
        frames[-1] += bytes.fromhex(m[2])
    return frames


def sender(count, marker):
    """A net action: send count UDP datagrams to the guest's echo port,
    as fast as the host can; then, if marker, MARKER twice a second until
    the run ends."""
    def send(net):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            for i in range(count):
                s.sendto(datagram(i), ("127.0.0.1", net.echo))
            while marker and not net.ended.wait(0.5):
                s.sendto(MARKER, ("127.0.0.1", net.echo))
    return send


def last_row(payload):
    """The dump row at offset 0x30 of the frame of a datagram carrying
    payload: the payload starts at byte 42 (after the Ethernet, IP and
    UDP headers)."""
    tail = payload[6:]
    pairs = [tail[i:i + 2].hex() for i in range(0, len(tail), 2)]
    return r"^input: 0030   %s" % " ".join(pairs)


def payload(frame):
    return frame[42:42 + len(MARKER)]


def check_first_frames(frames, dumped):
    """The first captured frame is testinput's 42-byte ARP broadcast, the
    second QEMU's reply, dumped first."""
    if not frames or frames[0][:6] != b"\xff" * 6 or \
            frames[0][12:14] != b"\x08\x06" or len(frames[0]) != 42:
        fail("the first frame is not the 42-byte ARP broadcast: %r"
             % frames[:1])
    if len(frames) < 2 or frames[1][12:14] != b"\x08\x06" or \
            not dumped or dumped[0] != frames[1].ljust(ETHERNET_MIN, b"\0"):
        fail("QEMU's ARP reply was not captured and dumped first")


def check_all_input(count):
    def check(out):
        """The capture holds the ARP request, QEMU's reply and the
        datagrams, nothing else; testinput dumped every frame after the
        request exactly as captured (padded to 60 bytes), each once and
        in order."""
        frames = pcap_frames(out.pcap)
        dumped = dumped_frames(out)
        check_first_frames(frames, dumped)
        wire = [f.ljust(ETHERNET_MIN, b"\0") for f in frames[1:]]
        if [payload(f) for f in wire[1:]] != \
                [datagram(i) for i in range(count)]:
            fail("captured %d frames after the ARP reply, want the %d "
                 "datagrams" % (len(wire) - 1, count))
        for i, (got, want) in enumerate(zip(dumped, wire)):
            if got != want:
                fail("frame %d dumped as %s, captured as %s"
                     % (i, got.hex(), want.hex()))
        if len(dumped) != len(wire):
            fail("dumped %d frames, captured %d" % (len(dumped), len(wire)))
    return check


def check_flood(count):
    def check(out):
        """Every frame testinput dumped is one captured on the wire, as
        captured, once, and in order, up to the first marker; the
        datagrams the card dropped while its ring was full (captured,
        not dumped) are the only ones missing, and the card took frames
        again after dropping some (the marker came through)."""
        frames = pcap_frames(out.pcap)
        dumped = dumped_frames(out)
        check_first_frames(frames, dumped)
        wire = [f.ljust(ETHERNET_MIN, b"\0") for f in frames[2:]]
        sent = {datagram(i) for i in range(count)} | {MARKER}
        at = 0
        for i, got in enumerate(dumped[1:]):
            if payload(got) not in sent:
                fail("frame %d dumped is no datagram of ours: %s"
                     % (i + 1, got.hex()))
            while at < len(wire) and wire[at] != got:
                at += 1
            if at == len(wire):
                fail("frame %d dumped (%r) is corrupt, repeated or out of "
                     "order" % (i + 1, payload(got)))
            at += 1
            if payload(got) == MARKER:
                break
        else:
            fail("the marker was never dumped")
    return check


TESTINPUT_START = [r"^Sending ARP announcement\.\.\.$",
                   r"^input: 0000   5254 0012 3456 5255  0a00 0202 0806 "
                   r"0001$", r"^Waiting for packets\.\.\.$"]

# 100 datagrams fit the receive ring: none may be lost.
test("testinput-100", prog="net_testinput", lab=6, cpus=2, timeout=60,
     stop=last_row(datagram(99)),
     net=[(r"^Waiting for packets", sender(100, False))],
     expect=TESTINPUT_START, forbid=[r"user panic"])(check_all_input(100))

# 2,000 do not, while testinput dumps each on the serial console.
test("testinput-2000", prog="net_testinput", lab=6, timeout=120,
     stop=last_row(MARKER),
     net=[(r"^Waiting for packets", sender(2000, True))],
     expect=TESTINPUT_START, forbid=[r"user panic"])(check_flood(2000))


# --- bad input ----------------------------------------------------------------

test("hostile_net", prog="hostile_net", lab=6,
     stop=r"^hostile_net: \d+ checks",
     expect=[r"^hostile_net: \d+ checks, 0 failed$"],
     forbid=[r"^FAIL ", r"user panic", r"user fault va"])


# --- the classic library's lab-6 signatures --------------------------------

# Lab 6's additions to the library, declared again as classic code
# declares them (user/classiclib6.c); the sockets need the network server.
test("classiclib6", prog="classiclib6", lab=6, timeout=60,
     stop=r"^classiclib6: done$",
     expect=[r"^classiclib6: clock ok$", r"^classiclib6: heap ok$",
             r"^classiclib6: names ok$",
             r"^classiclib6: sockets ok$" if NS_BUILT else
             r"^classiclib6: no network server",
             r"^classiclib6: done$"],
     forbid=[r"check failed", r"user panic"])


# --- a grade script on the classic API --------------------------------------

@test("classic_grade_script_lab6", timeout=900,
      host=classic_grader(6, classic_files="tests/classic-lab6"))
def _(out):
    """A lab-6 grade script on the classic gradelib API (tests/
    classic-grade-lab6: time, PCI, testoutput with 5 and 100 frames
    rebuilt through NET_CFLAGS, testinput with 5 and 100 datagrams
    talked to through the forwarded port, echosrv and httpd) scores
    everything; without lwIP, everything but echosrv and httpd.  The
    testinput it runs is tests/classic-lab6/net/testinput.c, written as
    classic trees have it (lwIP 1.x's ARP header from <netif/etharp.h>)."""
    whole = section(out, sys.executable + " tests/classic-grade-lab6")
    want = [r"^testtime: OK", r"^pci attach: OK",
            r"^testoutput \[5 packets\]: OK",
            r"^testoutput \[100 packets\]: OK", r"^Part A score: 35/35$",
            r"^testinput \[5 packets\]: OK",
            r"^testinput \[100 packets\]: OK"]
    if NS_BUILT:
        want += [r"^tcp echo server \[echosrv\]: OK",
                 r"^web server \[httpd\]: OK",
                 r"^Part B score: 70/70$", r"^Score: 105/105$"]
    else:
        want += [r"^Part B score: 25/70$", r"^Score: 60/105$"]
    expect_in_order(whole, want, "classic lab-6 grade")


# --- net/bench.c runs to the end (its figures are for `make bench`) ---------

NET_BENCH_FIGURES = ["send, system call alone",
                     "send, through the output helper",
                     "ARP round trips, system calls alone",
                     "ARP round trips, through the input helper"]

test("net_bench", prog="net_bench", lab=6, timeout=120, stop=r"^bench: done",
     expect=[r"^bench: %s\s+\d+ frames/s" % f for f in NET_BENCH_FIGURES])
