"""Tests of the lab-4 programs: SMP, fork, page faults, preemption, IPC."""

import re

from grade.runner import fail, test
from grade.lab3 import (FREED, GRACEFUL, IDLE, NEW_ENV, USER_PANIC, WELCOME,
                        user_mem_check)


# The lab-4 programs: SMP scheduling and exokernel fork (part A), user
# page faults and copy-on-write fork (part B, each on 1 and 4 CPUs), and
# preemption and IPC (part C).  Lines whose order depends on scheduling
# are checked by lines_present() and per-env sequences instead of in order.


def lines_present(*regexes):
    """A check that each of regexes matches some line, in any order."""
    def check(out):
        missing = [r for r in regexes if not out.grep(r)]
        if missing:
            fail("missing: " + ", ".join("/%s/" % r for r in missing))
    return check


def in_sequence(name, regexes):
    """A check that the lines matching any of regexes are exactly one
    match of each, in the order given: one env's own output, however
    other envs' lines interleave with it."""
    def check(out):
        rxs = [re.compile(r) for r in regexes]
        got = [line for line in out.lines
               if any(rx.search(line) for rx in rxs)]
        if len(got) != len(rxs) or not all(
                rx.search(line) for rx, line in zip(rxs, got)):
            fail("%s: lines %r, expected one each of %r in order"
                 % (name, got, regexes))
    return check


def exits(*envids):
    """A check that each env in envids exited on its own and was freed."""
    return lines_present(*[r for e in envids for r in (
        r"^\[%s\] exiting gracefully$" % e,
        r"^\[[0-9a-f]{8}\] free env %s$" % e)])


def on_1_and_4_cpus(name, **kw):
    """Register test name (1 CPU) and name-smp4 (4 CPUs), both running
    program name; the returned decorator adds a check to both."""
    adders = [test(name, prog=name, **kw),
              test(name + "-smp4", prog=name, cpus=4, **kw)]

    def add_check(fn):
        for add in adders:
            add(fn)
        return fn
    return add_check


# Part A.  yield forks two copies of itself; each of the three prints its
# greeting, five iterations and a farewell, interleaved by the scheduler.
# On one CPU the children are 00001001 and 00001002.  On several, the
# first child may run to its end and free its slot before the second
# fork, which then reuses the slot with the next generation (00002001):
# the children are whatever env 00001000 made.


def yield_envs_behave(out):
    """Env 00001000 made two children, and each of the three printed its
    own lines in order, exited and was freed."""
    children = [m[1] for m in
                out.grep(r"^\[00001000\] new env ([0-9a-f]{8})$")]
    if len(children) != 2:
        fail("env 00001000 made %d envs, want 2" % len(children))
    for envid in ["00001000"] + children:
        in_sequence(envid, [r"^Hello, I am environment %s\.$" % envid] +
                    [r"^Back in environment %s, iteration %d\.$"
                     % (envid, i) for i in range(5)] +
                    [r"^All done in environment %s\.$" % envid])(out)
        exits(envid)(out)


yield_tests = {}
for cpus in (1, 2, 4):
    expect = [NEW_ENV, IDLE, WELCOME]
    if cpus == 1:
        expect[1:1] = [r"^\[00001000\] new env 00001001$",
                       r"^\[00001000\] new env 00001002$"]
    add = test("yield" if cpus == 1 else "yield-smp%d" % cpus, prog="yield",
               cpus=cpus, expect=expect, forbid=[USER_PANIC])
    add(yield_envs_behave)
    yield_tests[cpus] = add


# Two packages of two cores: the BIOS lists one CPU per package, with
# APIC ids 0 and 2, so cpus[1] is the CPU whose APIC id is 2.  The AP
# must start (the kernel sends its INIT to APIC id 2), know itself as
# CPU 1, and run yield's envs beside CPU 0.
@test("smp-apicids", prog="yield", cpus=4, sockets=2, commands=["cpus"],
      expect=[r"^SMP: CPU 0 found 2 CPU\(s\)$", r"^SMP: CPU 1 starting$",
              IDLE, r"^  cpu 0: apic 0 ", r"^  cpu 1: apic 2 "],
      forbid=[USER_PANIC])
def smp_apicids(out):
    yield_envs_behave(out)


@yield_tests[1]
def yield_takes_turns(out):
    """On one CPU each yield lets the others run, so all three greet
    before any finishes."""
    hello = [i for i, line in enumerate(out.lines)
             if line.startswith("Hello, I am environment")]
    done = [i for i, line in enumerate(out.lines)
            if line.startswith("All done in environment")]
    if len(hello) != 3 or not done or max(hello) > min(done):
        fail("an env finished before all three had started")


@test("dumbfork", prog="dumbfork",
      expect=[NEW_ENV, r"^\[00001000\] new env 00001001$", IDLE, WELCOME],
      forbid=[USER_PANIC, r"^10: I am the parent!$"])
def dumbfork_output(out):
    in_sequence("parent", [r"^%d: I am the parent!$" % i
                           for i in range(10)])(out)
    in_sequence("child", [r"^%d: I am the child!$" % i
                          for i in range(20)])(out)
    exits("00001000", "00001001")(out)


# Part B.
on_1_and_4_cpus("faultdie",
                expect=[NEW_ENV, r"^i faulted at va deadbeef, err 6$",
                        GRACEFUL, FREED, IDLE],
                forbid=[USER_PANIC, r"user fault va"])

on_1_and_4_cpus("faultregs",
                expect=[NEW_ENV, r"^Registers in UTrapframe OK$",
                        r"^Registers after page-fault OK$",
                        GRACEFUL, FREED, IDLE],
                forbid=[USER_PANIC, r"MISMATCH", r"expected [0-9a-f]{8} got"])

# The kernel copies pages with SSE registers that belong to the env that
# took the fault: they must come back unchanged.
on_1_and_4_cpus("sseregs",
                expect=[NEW_ENV,
                        r"^SSE registers after a copy-on-write fault: OK$",
                        IDLE],
                forbid=[USER_PANIC, r"MISMATCH", r"user fault va"])


def registers_kept(prog, what):
    """Tests of prog, on 1 and 4 CPUs: three envs (a parent and two
    children) load their own values into the registers what names and
    yield to each other a hundred times; after every switch each must
    find its own, and each child must start with a copy of its parent's."""
    @on_1_and_4_cpus(prog, ordered=False,
                     expect=[NEW_ENV] +
                     [r"^%s %d: %s kept across 100 switches: OK$"
                      % (prog, n, what) for n in range(3)] + [IDLE],
                     forbid=[USER_PANIC, r"MISMATCH", r"user fault va"])
    def children_started_as_copies(out):
        child = r"^%s child: started with the parent's %s: OK$" % (prog, what)
        if len(out.grep(child)) != 2:
            fail("not 2 'child: started with the parent's %s' lines" % what)


# The x87 and SSE registers, and %fs and %gs, which user code may load
# with selectors of its own.
registers_kept("fpuswitch", "registers")
registers_kept("segregs", "%fs and %gs")


on_1_and_4_cpus("faultalloc",
                expect=[NEW_ENV, r"^fault deadbeef$",
                        r"^this string was faulted in at deadbeef$",
                        r"^fault cafebffe$", r"^fault cafec000$",
                        r"^this string was faulted in at cafebffe$",
                        GRACEFUL, FREED, IDLE],
                forbid=[USER_PANIC])

# The handler must never run: the kernel, not the env, touched the page.
on_1_and_4_cpus("faultallocbad",
                expect=[NEW_ENV, user_mem_check("deadbeef"), FREED, IDLE],
                forbid=[USER_PANIC, r"^fault ", GRACEFUL])

on_1_and_4_cpus("faultnostack",
                expect=[NEW_ENV, user_mem_check("eebfff[0-9a-f]{2}"), FREED,
                        IDLE],
                forbid=[USER_PANIC, GRACEFUL])

# Either the upcall address is refused at once, or jumping to it faults
# until the exception stack overflows.
XSTACK_OVERFLOW = "eebfef[0-9a-f]{2}"
on_1_and_4_cpus("faultbadhandler",
                expect=[NEW_ENV,
                        user_mem_check("(deadbeef|%s)" % XSTACK_OVERFLOW),
                        FREED, IDLE],
                forbid=[USER_PANIC, GRACEFUL])

on_1_and_4_cpus("faultevilhandler",
                expect=[NEW_ENV,
                        user_mem_check("(f0100020|%s)" % XSTACK_OVERFLOW),
                        FREED, IDLE],
                forbid=[USER_PANIC, GRACEFUL])

FORKTREE_NAMES = ["", "0", "1", "00", "01", "10", "11", "000", "001", "010",
                  "011", "100", "101", "110", "111"]


@on_1_and_4_cpus("forktree",
                 expect=[NEW_ENV, r"^1000: I am ''$", IDLE, WELCOME],
                 forbid=[USER_PANIC], ordered=False)
def forktree_names(out):
    """All 15 envs of the tree, each once, each exiting; exited envs'
    slots are reused with the next generation (ids 0000200x)."""
    names = [m[1] for m in out.grep(r"^[0-9a-f]{4}: I am '([01]*)'$")]
    if sorted(names) != sorted(FORKTREE_NAMES):
        fail("names %s, expected each of %s once"
             % (sorted(names), FORKTREE_NAMES))
    if len(out.grep(r"^\[[0-9a-f]{8}\] exiting gracefully$")) != 15:
        fail("not 15 'exiting gracefully' lines")
    lines_present(r"^\[0000200[0-9a-f]\] exiting gracefully$",
                  r"^\[0000200[0-9a-f]\] free env 0000200[0-9a-f]$")(out)


def ok_lines(*steps):
    """Regular expressions for the lines "STEP: OK" of fork tests."""
    return [r"^%s: OK$" % re.escape(step) for step in steps]


# Each step waits for the previous env to be gone, so the order is fixed.
on_1_and_4_cpus("forkcow",
                expect=[NEW_ENV] + ok_lines(
                    "child: every page made before the fork was copied",
                    "child: the read-only page is still read-only",
                    "grandchild: writing the read-only page faulted",
                    "child: its own writes took effect",
                    "parent: the child's writes did not reach the parent",
                    "parent: its own writes took effect",
                    "child: the parent's writes did not reach the child") +
                [IDLE],
                forbid=[USER_PANIC, r"FAILED", r"user fault va"])

on_1_and_4_cpus("sforktest",
                expect=[NEW_ENV] + ok_lines(
                    "parent: thisenv is the parent",
                    "child: thisenv is the child",
                    "parent: the child's write to a global is shared",
                    "parent: the child's write to its stack is private") +
                [IDLE],
                forbid=[USER_PANIC, r"FAILED", r"user fault va"],
                ordered=False)


# Part C.  spin's child never enters the kernel: only preemption lets the
# parent run again to kill it.
@test("spin", prog="spin",
      expect=[NEW_ENV, r"^I am the parent\.  Forking the child\.\.\.$",
              r"^\[00001000\] new env 00001001$",
              r"^I am the parent\.  Running the child\.\.\.$",
              r"^I am the parent\.  Killing the child\.\.\.$",
              r"^\[00001000\] destroying 00001001$",
              r"^\[00001000\] free env 00001001$",
              GRACEFUL, FREED, IDLE, WELCOME],
      forbid=[USER_PANIC], timeout=60)
def spin_child_ran(out):
    """The child printed before the parent killed it."""
    spun = [i for i, line in enumerate(out.lines)
            if line == "I am the child.  Spinning..."]
    killing = [i for i, line in enumerate(out.lines)
               if line.startswith("I am the parent.  Killing")]
    if not spun or not killing or spun[0] > killing[0]:
        fail("the child's 'Spinning...' line is not before 'Killing'")


@test("stresssched", prog="stresssched", cpus=4, timeout=90,
      expect=[NEW_ENV, IDLE, WELCOME],
      forbid=[USER_PANIC, r"ran on two CPUs at once"])
def stresssched_children(out):
    """Each of the 20 children finished its count on some CPU, and
    between them they used more than one CPU."""
    done = out.grep(r"^\[([0-9a-f]{8})\] stresssched on CPU ([0-3])$")
    envids = {m[1] for m in done}
    if len(done) != 20 or len(envids) != 20:
        fail("%d 'stresssched on CPU' lines from %d envs, want 20 from 20"
             % (len(done), len(envids)))
    if len({m[2] for m in done}) < 2:
        fail("every child finished on the same CPU")


@test("sendpage", prog="sendpage", cpus=2,
      expect=[NEW_ENV, r"^\[00001000\] new env 00001001$",
              r"^1000 got message: hello child environment! how are you\?$",
              r"^child received correct message$",
              r"^1001 got message: hello parent environment! I'm good\.$",
              r"^parent received correct message$",
              IDLE, WELCOME],
      forbid=[USER_PANIC])
def sendpage_exits(out):
    exits("00001000", "00001001")(out)


def pingpong_lines(extra=""):
    """pingpong's exchange, in order; extra matches the rest of each
    'got' line, given the receiving env's id."""
    lines = [r"^send 0 from 1000 to 1001$"]
    for i in range(11):
        me, other = ("1001", "1000") if i % 2 == 0 else ("1000", "1001")
        lines.append(r"^%s got %d from %s%s$"
                     % (me, i, other, extra.replace("ME", me)))
    return lines


@test("pingpong", prog="pingpong", cpus=4,
      expect=[NEW_ENV, r"^\[00001000\] new env 00001001$"] +
      pingpong_lines() + [IDLE, WELCOME],
      forbid=[USER_PANIC, r" got 11 "])
def pingpong_exits(out):
    exits("00001000", "00001001")(out)


# Both envs share the counter through sfork, but each has its own thisenv:
# envs[0] at UENVS for 1000, another entry for 1001.
@test("pingpongs", prog="pingpongs", cpus=4,
      expect=[NEW_ENV, r"^\[00001000\] new env 00001001$",
              r"^i am 00001000; thisenv is 0xeec00000$"] +
      pingpong_lines(r" \(thisenv is 0xeec[0-9a-f]{5} ME\)") + [IDLE, WELCOME],
      forbid=[USER_PANIC, r" got 11 "])
def pingpongs_exits(out):
    exits("00001000", "00001001")(out)


def primes_up_to(n):
    return [p for p in range(2, n + 1)
            if all(p % d for d in range(2, int(p ** 0.5) + 1))]


# Each sieve env prints its prime without a newline; the kernel's line for
# the fork that follows completes it.
@test("primes", prog="primes", cpus=4, timeout=90, stop=r"^CPU \d: 1877 ",
      expect=[NEW_ENV, r"^\[00001000\] new env 00001001$"] +
      [r"^CPU \d: %d \[0000%x\] new env 0000%x$" % (p, 0x1001 + i, 0x1002 + i)
       for i, p in enumerate(primes_up_to(19))] + [r"^CPU \d: 1877 "],
      forbid=[USER_PANIC])
def primes_in_order(out):
    """The primes, exactly and in order, up to 1877."""
    got = [int(n) for line in out.lines
           for n in re.findall(r"CPU \d: (\d+) ", line)]
    for i, p in enumerate(primes_up_to(1877)):
        if i >= len(got) or got[i] != p:
            fail("prime #%d is %s, expected %d"
                 % (i + 1, got[i] if i < len(got) else "missing", p))


# The sender retries without yielding: on one CPU the receiver gets each
# message only because the timer preempts the sender.
@test("fairness", prog="fairness", timeout=60,
      expect=[NEW_ENV, r"^\[00001000\] new env 00001001$",
              r"^1000 loop sending to 1001$", IDLE, WELCOME],
      forbid=[USER_PANIC])
def fairness_received(out):
    n = len(out.grep(r"^1001 recv from 1000$"))
    if n != 10:
        fail("%d 'recv from' lines, want 10" % n)
    exits("00001000", "00001001")(out)
