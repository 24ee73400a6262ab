"""Tests of the debugging tools: the monitor, gdb, panic backtraces."""

import os
import re
import struct
import subprocess
import time

from grade.runner import Output, fail, kernel_files, test
from grade.symbols import read_symbols
from grade.boot import FRAME, frames


# The monitor's commands, typed at its prompt: on the default kernel once
# nothing is left to run, and at a user breakpoint in user/breakfork.c
# (backtrace through user frames, envs, copy-on-write mappings, si,
# continue).  Then gdb in batch mode, set up as `make gdb` sets it up,
# against a kernel under test: breakpoints in kernel and user code with
# their source lines, and our gdb commands (tools/jos-gdb.py).  Last, a
# kernel panic (gdb makes the kernel jump to address 0) must print a
# backtrace before the monitor.


PROMPT = "K> "
KERNBASE = 0xF0000000


def command_output(out, command, nth=0):
    """An Output of the lines the monitor printed the nth time (from 0)
    command was typed: from its prompt line to the next prompt."""
    starts = [i for i, line in enumerate(out.lines)
              if line == PROMPT + command]
    if len(starts) <= nth:
        fail("no output for monitor command %r (#%d)" % (command, nth + 1))
    lines = []
    for line in out.lines[starts[nth] + 1:]:
        if line.startswith(PROMPT):
            break
        lines.append(line)
    return Output("\n".join(lines), out.symbols)


def function_lines(path, name):
    """(first, last): the lines of the definition of function name in the
    C source file path, from the line its name starts (this tree's style)
    to its closing brace."""
    with open(path) as f:
        lines = f.read().split("\n")
    first = next((i for i, line in enumerate(lines)
                  if re.match(r"%s\(" % re.escape(name), line)), None)
    if first is None:
        fail("no function %s in %s" % (name, path))
    last = next(i for i in range(first, len(lines)) if lines[i] == "}")
    return first + 1, last + 1


def program_end(prog):
    """The address just past obj/user/PROG's last loaded byte (the end of
    its BSS), from its ELF program headers."""
    with open("obj/user/%s" % prog, "rb") as f:
        elf = f.read()
    phoff, = struct.unpack_from("<I", elf, 28)
    phentsize, phnum = struct.unpack_from("<HH", elf, 42)
    ends = []
    for i in range(phnum):
        ptype, _, vaddr, _, _, memsz = struct.unpack_from(
            "<6I", elf, phoff + i * phentsize)
        if ptype == 1:          # PT_LOAD
            ends.append(vaddr + memsz)
    return max(ends)


USER_WHERE = re.compile(r"^\s*((?:user|lib)/[\w.]+):(\d+): (\w+)\+(\d+)$")


def user_frames(out):
    """The user frames of a backtrace: (eip, file, line, function,
    offset) for each frame after its 'User frames of env' line."""
    start = next((i for i, line in enumerate(out.lines)
                  if line.startswith("User frames of env ")), None)
    if start is None:
        fail("no 'User frames of env' line")
    found = []
    lines = out.lines[start + 1:]
    for first, second in zip(lines, lines[1:]):
        frame, where = FRAME.match(first), USER_WHERE.match(second)
        if frame and where:
            found.append((int(frame[2], 16), where[1], int(where[2]),
                          where[3], int(where[4])))
    return found


# --- the monitor on the default kernels, two CPUs, nothing left to run:
# each lab's commands on the kernel of that lab (a lab-1 kernel has no
# page tables to show yet, a lab-2 kernel no envs and no other CPU)

IDLE_COMMANDS = {
    1: ["help", "kerninfo", "backtrace"],
    2: ["showmappings 0xef000000 0xef001fff",
        "showmappings 0xf0000000 0xf0001fff", "showmappings",
        "pages", "audit"],
    4: ["envs", "pages", "cpus", "selftest"],
}


def idle_test(name, lab):
    """Register test name on the run of lab's default kernel that types
    IDLE_COMMANDS[lab] at the monitor."""
    return test(name, cpus=2, lab=lab, commands=IDLE_COMMANDS[lab])


@idle_test("monitor_help", 1)
def _(out):
    """help lists every command with its description."""
    got = command_output(out, "help")
    for name in ["help", "kerninfo", "backtrace", "showmappings", "envs",
                 "pages", "cpus", "audit", "continue", "stepi",
                 "selftest"]:
        if not got.grep(r"^%s - \S" % name):
            fail("help does not list %s" % name)


@idle_test("monitor_kerninfo", 1)
def _(out):
    """kerninfo: the kernel's section symbols at their link and load
    addresses, and its footprint."""
    got = command_output(out, "kerninfo")
    if not got.grep(r"^Special kernel symbols:$"):
        fail("no 'Special kernel symbols:' line")
    for name in ["entry", "etext", "edata", "end"]:
        m = got.grep(r"^\s+%s\s+([0-9a-f]{8}) \(virt\)\s+([0-9a-f]{8}) "
                     r"\(phys\)$" % name)
        if not m:
            fail("no kerninfo line for %s" % name)
        virt, phys = int(m[0][1], 16), int(m[0][2], 16)
        if virt != out.symbols.get(name) or phys != virt - KERNBASE:
            fail("%s: %08x (virt) %08x (phys), but kernel.sym says %08x"
                 % (name, virt, phys, out.symbols.get(name, 0)))
    m = got.grep(r"^Kernel executable memory footprint: (\d+)KB$")
    size = out.symbols["end"] - out.symbols["entry"]
    if not m or int(m[0][1]) != (size + 1023) // 1024:
        fail("footprint line missing or not %dKB" % ((size + 1023) // 1024))


@idle_test("monitor_backtrace", 1)
def _(out):
    """backtrace typed at the monitor: kernel frames from the monitor
    outwards, each eip inside the function it names."""
    found = frames(command_output(out, "backtrace"))
    if len(found) < 2:
        fail("%d kernel frames, want at least 2" % len(found))
    if found[0][2] != "kern/monitor.c":
        fail("first frame in %s, not kern/monitor.c" % found[0][2])
    for _, eip, _, _, function, offset in found:
        start = out.symbols.get(function)
        if start is None or start + offset != eip:
            fail("frame eip %08x is not %s+%d" % (eip, function, offset))


@idle_test("monitor_showmappings", 2)
def _(out):
    """showmappings LO HI: UPAGES read-only to users, KERNBASE mapping
    physical 0 writable and kernel-only; a usage line without
    arguments."""
    upages = command_output(out, "showmappings 0xef000000 0xef001fff")
    kern = command_output(out, "showmappings 0xf0000000 0xf0001fff")
    for got, va, want in [(upages, "ef000000", r"P-U"),
                          (upages, "ef001000", r"P-U"),
                          (kern, "f0000000", r"PW-"),
                          (kern, "f0001000", r"PW-")]:
        lines = got.grep(r"^\s+%s\s+([0-9a-f]{8})\s+(\S+)" % va)
        if not lines or not re.match(want, lines[0][2]):
            fail("page %s: want flags %s, got %r" % (
                va, want, lines[0].string if lines else None))
    pa = [int(m[1], 16) for m in kern.grep(r"^\s+f000[01]000\s+([0-9a-f]{8})")]
    if pa != [0, 0x1000]:
        fail("KERNBASE pages map physical %s, not 00000000, 00001000" % pa)
    if not command_output(out, "showmappings").grep(r"^usage: showmappings"):
        fail("no usage line for showmappings without arguments")


@idle_test("monitor_envs_none", 4)
def _(out):
    """envs once every env is gone: a header and no env."""
    got = command_output(out, "envs")
    if not got.grep(r"^\s+id\s+parent\s+status\s+cpu\s+runs") or \
            not got.grep(r"^0 live envs$"):
        fail("envs: want its header and '0 live envs', got %r" % got.text)


def pages_counts(out):
    """free, used and total from the output of the pages command."""
    m = command_output(out, "pages").grep(
        r"^pages: (\d+) free, (\d+) used, (\d+) total$")
    if not m:
        fail("no 'pages: N free, N used, N total' line")
    return (int(m[0][i]) for i in (1, 2, 3))


@idle_test("monitor_pages", 2)
def _(out):
    """pages: free + used = total = 128 MiB of pages."""
    free, used, total = pages_counts(out)
    if free + used != total or total != 32768:
        fail("%d free + %d used != %d total (want 32768)"
             % (free, used, total))


@idle_test("monitor_pages_idle", 4)
def _(out):
    """pages once every env is gone: free matches the count the kernel
    printed on going idle."""
    free, _, _ = pages_counts(out)
    idle = out.grep(r"free pages with no env left: (\d+)$")
    if not idle or int(idle[0][1]) != free:
        fail("pages says %d free, the idle line %s"
             % (free, idle[0][1] if idle else "is missing"))


@idle_test("monitor_selftest", 4)
def _(out):
    """selftest: lab 1's self-tests, which only a lab-1 kernel runs at
    boot, run from the monitor of a later kernel: printf right, and a
    backtrace through six levels of test_backtrace."""
    got = command_output(out, "selftest")
    if not got.grep(r"^6828 decimal is 15254 octal!$") or \
            not got.grep(r"^printf: ok$") or got.grep(r"^printf: FAIL"):
        fail("selftest's printf lines are wrong: %r" % got.text[:500])
    names = [f[4] for f in frames(got)]
    if names.count("test_backtrace") != 6 or "mon_selftest" not in names:
        fail("selftest's backtrace names %s, want test_backtrace x6 "
             "under mon_selftest" % names)
    typed = out.lines.index(PROMPT + "selftest")
    if any("6828 decimal" in line for line in out.lines[:typed]):
        fail("a lab-4 kernel ran the printf self-test at boot")


@idle_test("monitor_cpus", 4)
def _(out):
    """cpus: both CPUs, the boot one marked, and the one running the
    monitor marked."""
    got = command_output(out, "cpus")
    ids = [int(m[1]) for m in got.grep(r"^\s+cpu (\d+): ")]
    if ids != [0, 1]:
        fail("cpus lists CPUs %s, want [0, 1]" % ids)
    if len(got.grep(r"\(boot\)")) != 1 or len(got.grep(r"\(this one\)")) != 1:
        fail("want one '(boot)' and one '(this one)' CPU: %r" % got.text)


@idle_test("monitor_audit", 2)
def _(out):
    """audit: every reference count checked and right."""
    if not command_output(out, "audit").grep(
            r"^audit: ok, 32768 pages checked$"):
        fail("audit did not print 'audit: ok, 32768 pages checked'")


# --- the monitor at a user breakpoint: user/breakfork.c -------------------

BREAK_COMMANDS = ["backtrace", "envs", "showmappings 0x800000 0x81ffff",
                  "si", "si", "si", "backtrace", "continue"]


def break_test(name, **kw):
    """Register test name on breakfork's run that types BREAK_COMMANDS at
    the monitor."""
    return test(name, prog="breakfork", cpus=2, commands=BREAK_COMMANDS,
                **kw)


def check_user_chain(out, nth):
    """The nth backtrace at breakfork's breakpoint names, in order,
    stop_here, descend three times, umain, libmain and _start, each eip
    inside the function named (obj/user/breakfork.sym) and, for
    breakfork.c, on a line inside that function's source."""
    found = user_frames(command_output(out, "backtrace", nth))
    names = [f[3] for f in found]
    want = ["stop_here", "descend", "descend", "descend", "umain",
            "libmain", "_start"]
    if names != want:
        fail("user frames %s, want %s" % (names, want))
    symbols = read_symbols("obj/user/breakfork.sym")
    for eip, path, line, function, offset in found:
        if symbols.get(function, -1) + offset != eip:
            fail("user frame eip %08x is not %s+%d" % (eip, function, offset))
        if path == "user/breakfork.c":
            first, last = function_lines(path, function)
            if not first <= line <= last:
                fail("%s:%d is outside %s (lines %d-%d)"
                     % (path, line, function, first, last))


@break_test("monitor_user_backtrace")
def _(out):
    """backtrace at a user breakpoint: the kernel frames, then the user
    frames with user function names and source lines."""
    got = command_output(out, "backtrace")
    if not any(f[4] == "trap" for f in frames(got)):
        fail("no kernel frame in trap before the user frames")
    check_user_chain(out, 0)


@break_test("monitor_user_backtrace_ret")
def _(out):
    """backtrace after stepping to stop_here's ret, where %ebp is already
    its caller's: still every frame, none twice."""
    check_user_chain(out, 1)


@break_test("monitor_envs")
def _(out):
    """envs at the breakpoint: the parent running on a CPU, its child
    blocked in ipc_recv, with ids, parents and the page fault upcall."""
    got = command_output(out, "envs")
    row = r"^\s+%s\s+%s\s+%s\s+\d+\s+\d+\s+([0-9a-f]{8})$"
    parent = got.grep(row % ("00001000", "00000000", "running"))
    child = got.grep(row % ("00001001", "00001000", "not-runnable"))
    if not parent or not child or not got.grep(r"^2 live envs$"):
        fail("envs: want 1000 running, 1001 not-runnable, 2 live envs; "
             "got %r" % got.text)
    if parent[0][1] == "00000000" or parent[0][1] != child[0][1]:
        fail("both envs should have fork's page fault upcall")


@break_test("monitor_user_showmappings")
def _(out):
    """showmappings in the env's address space: code read-only, the page
    of `shared` copy-on-write after the fork, and a gap unmapped."""
    got = command_output(out, "showmappings 0x800000 0x81ffff")
    if not got.grep(r"^Mappings in curenv's page directory:$"):
        fail("showmappings does not use the env's page directory")
    symbols = read_symbols("obj/user/breakfork.sym")
    page = symbols["shared"] & ~0xFFF
    for va, want in [(0x800000, r"P-U"), (page, r"P-U.*C$")]:
        m = got.grep(r"^\s+%08x\s+[0-9a-f]{8}\s+(\S+)$" % va)
        if not m or not re.match(want, m[0][1]):
            fail("page %08x: want flags /%s/, got %r"
                 % (va, want, m[0].string if m else None))
    gap = (program_end("breakfork") + 0xFFF) & ~0xFFF
    if not got.grep(r"^\s+%08x-[0-9a-f]{8}\s+not mapped$" % gap):
        fail("%08x, past the program's end, should show as not mapped"
             % gap)


@break_test("monitor_si")
def _(out):
    """si: each step runs exactly one instruction (two 1-byte nops, then
    the 1-byte pop %ebp after the int3) and traps back to the monitor with
    a Debug trap, TF set, at the next eip."""
    asm = open("obj/user/breakfork.asm").read()
    m = re.search(r"^\s+([0-9a-f]+):\s+cc\s+int3", asm, re.M)
    if not m:
        fail("no int3 in obj/user/breakfork.asm")
    eip = int(m[1], 16) + 1
    first = out.grep(r"^  eip  0x([0-9a-f]{8})$")
    if not first or int(first[0][1], 16) != eip:
        fail("the breakpoint's trap frame should show eip %08x" % eip)
    for n in range(3):
        got = command_output(out, "si", n)
        eip += 1
        if not got.grep(r"^  trap 0x00000001 Debug$"):
            fail("si #%d: no Debug trap" % (n + 1))
        step = got.grep(r"^  eip  0x([0-9a-f]{8})$")
        if not step or int(step[0][1], 16) != eip:
            fail("si #%d: eip %s, want %08x"
                 % (n + 1, step[0][1] if step else None, eip))
        flags = got.grep(r"^  flag 0x([0-9a-f]{8})$")
        if not flags or not int(flags[0][1], 16) & 0x100:
            fail("si #%d: trap flag (TF) not set" % (n + 1))


@break_test("monitor_continue", expect=[
        r"^%scontinue$" % PROMPT, r"^breakfork: resumed, shared = 2$",
        r"^No runnable environments in the system!$"])
def _(out):
    """continue: the env resumes without the trap flag (no more Debug
    traps), finishes, and its child too (in either order: they may run
    on two CPUs)."""
    after = command_output(out, "continue")
    if after.grep(r"trap 0x00000001 Debug"):
        fail("a Debug trap after continue: TF still set")
    for envid in ["00001000", "00001001"]:
        if not after.grep(r"^\[%s\] exiting gracefully$" % envid):
            fail("env %s did not exit after continue" % envid)


# --- gdb in batch mode ----------------------------------------------------

def gdb_driver(prog, script, lab=4):
    """A test driver that runs gdb in batch mode on QEMU's gdb stub, set up
    as .gdbinit.tmpl sets up `make gdb` (32-bit, the kernel's symbols, then
    tools/jos-gdb.py), with the symbols of the kernel that starts prog at
    lab (the one the test boots), then runs the gdb commands in script.
    Returns gdb's output."""
    def drive(port, deadline):
        kernel = os.path.splitext(kernel_files(prog, lab)[1])[0]
        cmd = [os.environ.get("GDB", "gdb"), "-batch", "-n",
               "-ex", "set pagination off", "-ex", "set confirm off",
               "-ex", "set architecture i386",
               "-ex", "target remote 127.0.0.1:%d" % port,
               "-ex", "symbol-file " + kernel,
               "-ex", "source tools/jos-gdb.py"]
        for line in script:
            cmd += ["-ex", line]
        return subprocess.run(
            cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True,
            timeout=max(1, deadline - time.monotonic())).stdout
    return drive


# forktree's first fork: the user breakpoint in fork, then (after the
# inline sys_exofork of inc/lib.h) the kernel's sys_exofork.
FORKTREE_GDB = gdb_driver("forktree", [
    "usersym forktree", "break fork", "break sys_exofork",
    "continue", "bt", "continue", "continue", "bt", "info threads",
    "envs", "vmmap", "usersym hello", "info line umain"])
HIT = re.compile(r"Breakpoint [\d.]+, (\w+) \(.*\) at (\S+):(\d+)$")


def gdb_hits(out):
    """(function, file, line) of each breakpoint hit gdb reported."""
    return [(m[1], m[2], int(m[3])) for m in
            map(HIT.search, out.transcript.splitlines()) if m]


def check_hit(out, function, path):
    """gdb stopped in function in source file path (sys_exofork also has
    a user inline copy elsewhere), at a line inside the function's
    definition."""
    hits = [h for h in gdb_hits(out) if h[:2] == (function, path)]
    if not hits:
        fail("gdb never stopped in %s at %s; hits: %s"
             % (function, path, gdb_hits(out)))
    first, last = function_lines(path, function)
    for _, _, line in hits:
        if not first <= line <= last:
            fail("gdb reports %s at %s:%d, outside its lines %d-%d"
                 % (function, path, line, first, last))


@test("gdb_user_breakpoint", prog="forktree", cpus=2, driver=FORKTREE_GDB)
def _(out):
    """`break fork` stops in user code at lib/fork.c, in fork, with the
    user call chain down from forktree.c's umain."""
    check_hit(out, "fork", "lib/fork.c")
    if not re.search(r"^#\d+ .* umain \(.*\) at user/forktree\.c:\d+$",
                     out.transcript, re.M):
        fail("the user backtrace does not reach umain in user/forktree.c")


@test("gdb_kernel_breakpoint", prog="forktree", cpus=2, driver=FORKTREE_GDB)
def _(out):
    """`break sys_exofork` stops in the kernel at kern/syscall.c, in
    sys_exofork, called from syscall and trap; two CPUs, two threads."""
    check_hit(out, "sys_exofork", "kern/syscall.c")
    for caller in ["syscall", "trap"]:
        if not re.search(r"^#\d+ .*\b%s \(.*\) at kern/\w+\.c:\d+$" % caller,
                         out.transcript, re.M):
            fail("no kernel frame for %s in gdb's backtrace" % caller)
    if len(re.findall(r"Thread 1\.\d+ \(CPU#\d", out.transcript)) != 2:
        fail("info threads should list one thread per CPU (2)")


@test("gdb_commands", prog="forktree", cpus=2, driver=FORKTREE_GDB)
def _(out):
    """Our gdb commands: envs lists forktree's first env running, vmmap
    shows its code page user read-only, usersym switches programs."""
    text = out.transcript
    if not re.search(r"^\s+00001000\s+00000000\s+running\s", text, re.M):
        fail("envs does not show env 00001000 running")
    if not re.search(r"^\s+00800000-00800fff\s+[0-9a-f-]+\s+P-U-\s", text,
                     re.M):
        fail("vmmap does not show the code page at 00800000 as P-U-")
    if not re.search(r'^Line \d+ of "user/hello\.c"', text, re.M):
        fail("after usersym hello, umain is not in user/hello.c")


# A kernel bug, simulated: at the kernel's syscall(), gdb sets eip to 0.
PANIC_GDB = gdb_driver("hello", [
    "break syscall", "continue", "set $eip = 0", "delete",
    "break readline", "continue"])


@test("panic_backtrace", prog="hello", driver=PANIC_GDB, panic=True, expect=[
        r"^kernel panic on CPU 0 at kern/trap\.c:\d+: "
        r"kernel page fault at va 00000000, ip 00000000$",
        r"^Stack backtrace:$", r"^\s+kern/trap\.c:\d+: page_fault_handler\+",
        r"^Welcome to the JOS kernel monitor!$"])
def _(out):
    """A kernel panic prints a backtrace from _panic out through the
    fault (page_fault_handler, trap) before the monitor."""
    start = next(i for i, line in enumerate(out.lines)
                 if line.startswith("kernel panic"))
    names = [f[4] for f in frames(Output("\n".join(out.lines[start:]), {}))]
    # gcc inlines trap_dispatch into trap; clang keeps it a frame.
    names = [n for n in names if n != "trap_dispatch"]
    if names[:3] != ["_panic", "page_fault_handler", "trap"]:
        fail("the panic's backtrace starts %s, want _panic, "
             "page_fault_handler, (trap_dispatch,) trap" % names[:3])
