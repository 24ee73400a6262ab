"""Tests of the boot: console, printf, backtrace, memory self-checks."""

import re

from grade.runner import fail, test


# The default kernels of labs 1 and 2, each booted once to its monitor:
# the boot lines, the self-tests they run on the way (lab 2's kernel also
# sets up memory), and the monitor's greeting.  Only "boot" fails on a
# kernel panic, so that the others tell which parts work.

test("boot", lab=1,
     expect=[r"^6828 decimal is 15254 octal!$",
             r"^Welcome to the JOS kernel monitor!$",
             r"^Type 'help' for a list of commands\.$"])

# QEMU's default machine has 128 MiB, 640K of it base memory.  How the
# rest is split around the hole below 1M is the kernel's business.
test("physical_memory", lab=2,
     expect=[r"^Physical memory: 131072K available, "
             r"base = 640K, extended = \d+K$"],
     panic=True)

for check in ["check_page_free_list", "check_page_alloc", "check_page",
              "check_kern_pgdir", "check_page_installed_pgdir"]:
    test(check, lab=2, expect=[r"^%s\(\) succeeded!$" % check], panic=True)

# The kernel's printf self-test prints lines starting "printf: ": one
# "printf: ok" line when every format came out right, a "printf: FAIL"
# line for each one that did not.
test("printf", lab=1, expect=[r"^printf: ok"], forbid=[r"^printf: FAIL"],
     panic=True)

FRAME = re.compile(r"^\s*ebp ([0-9a-f]{8})\s+eip ([0-9a-f]{8})"
                   r"\s+args(?: [0-9a-f]{8}){5}\s*$")
WHERE = re.compile(r"^\s*(kern/[\w.]+):(\d+): (\w+)\+(\d+)$")


def frames(out):
    """The backtrace frames in out: (ebp, eip, file, line, function,
    offset) for each frame line followed by its file:line line."""
    found = []
    for first, second in zip(out.lines, out.lines[1:]):
        frame, where = FRAME.match(first), WHERE.match(second)
        if frame and where:
            found.append((int(frame[1], 16), int(frame[2], 16), where[1],
                          int(where[2]), where[3], int(where[4])))
    return found


@test("backtrace", lab=1, panic=True)
def backtrace_frames(out):
    """The boot-time backtrace self-test: several frames in kernel
    sources, through test_backtrace, each eip inside the function it
    names."""
    found = frames(out)
    if len(found) < 3:
        fail("%d backtrace frames in kernel sources, want at least 3"
             % len(found))
    if not any(f[4] == "test_backtrace" for f in found):
        fail("no backtrace frame in test_backtrace")
    for ebp, eip, _, _, function, offset in found:
        start = out.symbols.get(function)
        if start is None or start + offset != eip:
            fail("frame eip %08x is not %s+%d" % (eip, function, offset))


# What classic lab-1 graders match in the same output, by their own
# regular expressions: a frame of the boot stack (below 0xf0200000) with
# its return address in the first 4 KB of text, and the function under it.
CLASSIC_FRAME = r"^ *ebp +f01[0-9a-z]{5} +eip +f0100[0-9a-z]{3} +args +([0-9a-z]+)"
CLASSIC_WHERE = r"kern/init.c:([0-9]+): +([^+]*)\+"


@test("backtrace_classic", lab=1, panic=True)
def _(out):
    """Classic lab-1 graders' view of the backtrace: exactly 8 frames, the
    first arguments 0 0 1 2 3 4 5 (mon_backtrace's, then test_backtrace
    from 0 up to 5), named test_backtrace six times then i386_init, on
    kern/init.c lines 5 to 50."""
    args = re.findall(CLASSIC_FRAME, out.text, re.M)
    if len(args) != 8:
        fail("%d frames match the classic regular expression, want 8"
             % len(args))
    if args[:7] != ["%08x" % n for n in (0, 0, 1, 2, 3, 4, 5)]:
        fail("first arguments %s, want 0 0 1 2 3 4 5" % args[:7])
    where = re.findall(CLASSIC_WHERE, out.text)
    names = [name for _, name in where[:7]]
    if names != ["test_backtrace"] * 6 + ["i386_init"]:
        fail("functions %s, want test_backtrace x6, i386_init" % names)
    far = [int(n) for n, name in where
           if name == "test_backtrace" and not 5 <= int(n) <= 50]
    if far:
        fail("test_backtrace at kern/init.c lines %s, not 5 to 50" % far)
