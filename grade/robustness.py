"""Robustness tests: page accounting after every test, hostile programs."""

from collections import Counter

from grade.runner import Output, every_test, fail, test


# No page lost and no reference count wrong, whatever a test runs; then
# hostile programs, memory and env exhaustion, isolation between envs on
# several CPUs, and a short seeded fuzz run of the system calls.

NO_ENVS = "No runnable environments in the system!"
MONITOR = "Welcome to the JOS kernel monitor!"


def envs_left(out):
    """The ids of the envs the console says were made and never freed."""
    made = Counter(m[1] for m in out.grep(r"\] new env ([0-9a-f]{8})$"))
    made.subtract(m[1] for m in out.grep(r"\] free env ([0-9a-f]{8})$"))
    return sorted(envid for envid, n in made.items() if n > 0)


@every_test
def page_accounting(out):
    """A run that ends with nothing left to run (the kernel then prints
    its free page count and audits every reference count before the
    monitor greets) must have a clean audit, and, if every env it made is
    gone, as many free pages as at boot.  Envs blocked forever (in
    ipc_recv, say) still own pages, so then only the audit counts."""
    end = next((i for i, line in enumerate(out.lines) if NO_ENVS in line),
               None)
    if end is None or not any(MONITOR in line for line in out.lines[end:]):
        return
    tail = Output("\n".join(out.lines[end:]), {})
    bad = tail.grep(r"audit: (page .*|\d+ mismatches)$")
    if bad:
        fail("page audit: " + "; ".join(m[1] for m in bad[:4]))
    if not tail.grep(r"audit: ok, \d+ pages checked$"):
        fail("no 'audit: ok' line after %r" % NO_ENVS)
    boot = out.grep(r"free pages at boot: (\d+)$")
    idle = tail.grep(r"free pages with no env left: (\d+)$")
    if not boot or not idle:
        fail("missing a 'free pages at boot' or 'with no env left' line")
    left = envs_left(out)
    if not left and int(boot[0][1]) != int(idle[0][1]):
        fail("%d pages leaked: %s free at boot, %s with no env left"
             % (int(boot[0][1]) - int(idle[0][1]), boot[0][1], idle[0][1]))


def checks_pass(name, summary=None, **kw):
    """Register test name running user/name.c, whose checks (see
    user/test/lib/hostile.h) print "ok   ..." or "FAIL ..." and then the summary
    line "SUMMARY: N checks, 0 failed" (SUMMARY: name unless given); the
    run must end with every env gone.  Returns test()'s decorator."""
    return test(name, prog=name,
                expect=[r"^%s: \d+ checks, 0 failed$" % (summary or name),
                        r"^No runnable environments in the system!$"],
                forbid=[r"^FAIL ", r"user panic", r"user fault va"], **kw)


def destroyed_for(va):
    """The kernel's line as it destroys some env for a bad pointer."""
    return r"^\[[0-9a-f]{8}\] user_mem_check assertion failure for va %s$" % va


checks_pass("hostile_syscalls", cpus=2)
checks_pass("sysenterflags")
checks_pass("sysenterpath", cpus=4, timeout=60)
checks_pass("destroyrunning", cpus=2, timeout=60)
checks_pass("tlbstale", cpus=2)
checks_pass("ipcqueue", cpus=2)
# A sender's message waiting in the kernel is not in envs[] for others to
# read (user/test/ipcsecret.c): the snooper's checks, then the receiver's.
test("ipcsecret", prog="ipcsecret", cpus=2,
     expect=[r"^ipcsecret snooper: \d+ checks, 0 failed$",
             r"^ipcsecret: \d+ checks, 0 failed$", "^" + NO_ENVS + "$"],
     forbid=[r"^FAIL ", r"user panic", r"user fault va"])
checks_pass("exhaustpages", timeout=60)


# A server kept busy by a client that blocks in sys_ipc_send still serves
# the clients that retry sys_ipc_try_send (user/test/ipcfair.c): each
# polling client makes at least half as many requests as the blocking one.
def ipcfair_shares(out):
    blocking = out.grep(r"^ipcfair: blocking client: (\d+) requests$")
    polling = out.grep(r"^ipcfair: polling client (\d+): (\d+) requests$")
    if not blocking or len(polling) != 4:
        fail("missing the clients' request counts")
    starved = ["client %s made %s" % (m[1], m[2]) for m in polling
               if 2 * int(m[2]) < int(blocking[0][1])]
    if starved:
        fail("polling clients starved while the blocking one made %s "
             "requests: %s" % (blocking[0][1], "; ".join(starved)))


for cpus in (1, 4):
    test("ipcfair" + ("" if cpus == 1 else "-smp%d" % cpus), prog="ipcfair",
         cpus=cpus, timeout=60 * cpus,
         expect=[r"^ipcfair: blocking client: \d+ requests$",
                 r"^No runnable environments in the system!$"],
         forbid=[r"user panic", r"user fault va"])(ipcfair_shares)
checks_pass("isolation", summary="isolation victim", cpus=4)

# The short fuzz run (user/test/fuzz.c, user/test/lib/fuzz.h): four fuzzers of 20000
# random system calls each, on four CPUs, every result as documented.
# make stress runs the long one (user/test/fuzzlong.c), a million calls.
test("fuzz", prog="fuzz", cpus=4, timeout=120,
     expect=[r"^fuzz: seed \d+, 20000 calls per env, 4 envs$",
             r"^fuzz: done, 4 envs x 20000 calls, 0 failures, "
             r"\d+ messages taken$",
             r"^No runnable environments in the system!$"],
     forbid=[r"^FAIL ", r"user panic"])

# Every env forks until the kernel runs out of env slots (or memory);
# then all of them exit, and the page check above finds every page back.
test("forkbomb", prog="forkbomb", cpus=4, timeout=90,
     expect=[r"^forkbomb: \d+ envs at the peak; fork said: "
             r"(out of environments|out of memory)$",
             r"^forkbomb: every other env is gone$",
             r"^No runnable environments in the system!$"],
     forbid=[r"^FAIL ", r"user panic"])

# Each child of hostile_kills must die with the kernel's line for the
# first bad address (or, for int $32, a general protection fault).
KILLED_FOR = [
    destroyed_for("f0100000"),          # cputs from the kernel
    destroyed_for("ef800000"),          # across ULIM: UVPT is readable
    destroyed_for("00000000"),          # cputs from NULL
    destroyed_for("eebfe000"),          # a length that wraps
    destroyed_for("10001000"),          # into an unmapped page
    destroyed_for("f0100000"),          # page_map_batch, kernel ops
    destroyed_for("10001000"),          # page_map_batch, straddling
    destroyed_for("f0100000"),          # fault upcall in the kernel
    destroyed_for("30000000"),          # fault upcall unmapped
    destroyed_for("eebfffcc"),          # no exception stack
    destroyed_for("eebfffcc"),          # read-only exception stack
    destroyed_for("eebfe[0-9a-f]{3}"),  # exception stack overflow
    r"^  trap 0x0000000d General Protection$",
    destroyed_for("f0000000"),          # sysenter, kernel stack
    destroyed_for("30000000"),          # sysenter, unmapped stack
    destroyed_for("eebfe000"),          # sysenter, straddling stack
]
test("hostile_kills", prog="hostile_kills", cpus=2,
     expect=KILLED_FOR + [r"^hostile_kills: 16 checks, 0 failed$",
                          r"^No runnable environments in the system!$"],
     forbid=[r"^FAIL ", r"user panic"])

# Faulting x87 and fxrstor instructions kill only the env that ran them,
# each with a trap frame; the parent's own x87 state is untouched.
test("fpufaults", prog="fpufaults", cpus=2,
     expect=[r"^  trap 0x00000010 x87 FPU Floating-Point Error$",
             r"^ok   x87 divide by zero, unmasked$",
             r"^  trap 0x0000000d General Protection$",
             r"^ok   fxrstor from a misaligned address$",
             r"^ok   the parent's x87 control word survived$",
             r"^fpufaults: 3 checks, 0 failed$",
             r"^No runnable environments in the system!$"],
     forbid=[r"^FAIL ", r"user panic"])

# The hostile suite: registers a user controls at every kernel entry,
# reference-count limits, flags leaking between envs through every return
# path, and stopping envs that run on other CPUs.  Each program repeats
# its attacks many times within its one boot.
checks_pass("hostile_ebp", cpus=2, timeout=60)
checks_pass("hostile_eflags", timeout=60)
checks_pass("hostile_refs", timeout=90)
checks_pass("hostile_stop", cpus=4, timeout=120)

# A breakpoint with %ebp in kernel memory, four times: "backtrace" then
# "continue" at each stop.  The kernel's frames end at trap() (the user's
# registers are not followed into the kernel), and every stop resumes.
BACKTRACE_EBPS = ["efff7ff0", "effffff8", "f0100000", "fffffffc"]


@test("hostile_backtrace", prog="hostile_backtrace",
      commands=["backtrace", "continue"] * len(BACKTRACE_EBPS),
      expect=[r"^hostile_backtrace: 4 stops survived$",
              r"^No runnable environments in the system!$"],
      forbid=[r"user panic"])
def hostile_backtrace(out):
    """Each backtrace's kernel frames (up to "User frames") end with
    trap() and never show the user's %ebp."""
    traces, current, started = [], None, False
    for line in out.lines:
        # The boot's own backtrace test comes first: skip it.
        started |= line.startswith("hostile_backtrace: breakpoint")
        if not started:
            continue
        if line.startswith("Stack backtrace:"):
            current = []
            traces.append(current)
        elif line.startswith("User frames of env") or "K>" in line:
            current = None
        elif current is not None:
            current.append(line)
    if len(traces) != len(BACKTRACE_EBPS):
        fail("%d backtraces, want %d" % (len(traces), len(BACKTRACE_EBPS)))
    for ebp, trace in zip(BACKTRACE_EBPS, traces):
        if any(("ebp " + ebp) in line for line in trace):
            fail("the kernel's frames followed the user's %%ebp %s" % ebp)
        names = [line.split()[-1] for line in trace
                 if not line.startswith("  ebp ")]
        if not names or not names[-1].startswith("alltraps+"):
            fail("the kernel's frames with %%ebp %s end in %s, not alltraps"
                 % (ebp, names[-1] if names else "nothing"))
