"""Tests of the lab-3 programs: user environments, traps, system calls."""

from grade.runner import test


# One test per lab-3 program, each booting a kernel that starts it on one
# CPU.  A destroyed env must leave the kernel running: every test but
# "breakpoint" ends with the kernel finding nothing left to run.

NEW_ENV = r"^\[00000000\] new env 00001000$"
FREED = r"^\[00001000\] free env 00001000$"
GRACEFUL = r"^\[00001000\] exiting gracefully$"
IDLE = r"^No runnable environments in the system!$"
WELCOME = r"^Welcome to the JOS kernel monitor!$"
USER_PANIC = r"user panic"
# The trap frame of an exception taken in user mode on CPU 0.
USER_EIP = r"^  eip  0x008[0-9a-f]{5}$"
USER_SS = r"^  ss   0x----0023$"
FRAME_CPU0 = r"^TRAP frame at 0x[0-9a-f]{8} from CPU 0$"
# What only a lab-3 kernel prints (LAB <= 3): where a trap from user mode
# comes in, the frame on CPU 0's kernel stack, and the end of its one env.
INCOMING = r"^Incoming TRAP frame at 0xefffffbc$"
ALONE = r"^Destroyed the only environment - nothing more to do!$"


def user_mem_check(va):
    """The line the kernel prints as it destroys env 1000 for a bad
    pointer; va is a regular expression."""
    return r"^\[00001000\] user_mem_check assertion failure for va %s$" % va


def user_fault(va):
    """The line the kernel prints for a page fault env 1000 cannot
    handle; va is a regular expression."""
    return r"^\[00001000\] user fault va %s ip 008[0-9a-f]{5}$" % va


def destroyed_by_kernel(*lines):
    """Expect the env to start, print lines, be freed without exiting on
    its own, and leave the kernel idle."""
    return [NEW_ENV] + list(lines) + [FREED, IDLE, WELCOME]


test("hello", prog="hello",
     expect=[NEW_ENV, r"^hello, world$", r"^i am environment 00001000$",
             GRACEFUL, FREED, IDLE, WELCOME],
     forbid=[USER_PANIC, ALONE])

# Every call by "int $0x30", the way into the kernel lab 3 has students
# write (trap_dispatch's T_SYSCALL case): the library's own calls take
# sysenter, which never passes through trap_dispatch.
test("inthello", prog="inthello",
     expect=[NEW_ENV, r"^inthello: hello by int \$0x30$",
             r"^inthello: i am 00001000, thisenv says 00001000$",
             r"^inthello: call 9999 returns %d$" % -3,
             GRACEFUL, FREED, IDLE, WELCOME],
     forbid=[USER_PANIC, r"still here"])

test("buggyhello", prog="buggyhello",
     expect=destroyed_by_kernel(user_mem_check("00000001")),
     forbid=[GRACEFUL, USER_PANIC])

# The range starts in the program's read-only data and runs 1 MiB on: the
# first address found bad is the start of the first unmapped page.
test("buggyhello2", prog="buggyhello2",
     expect=destroyed_by_kernel(user_mem_check("00[89a-f][0-9a-f]{2}000")),
     forbid=[r"hello, world", GRACEFUL, USER_PANIC])

test("evilhello", prog="evilhello",
     expect=destroyed_by_kernel(user_mem_check("f010000c")),
     forbid=[GRACEFUL, USER_PANIC])

test("divzero", prog="divzero",
     expect=destroyed_by_kernel(FRAME_CPU0,
                                r"^  trap 0x00000000 Divide error$",
                                USER_EIP, USER_SS),
     forbid=[r"1/0 is", GRACEFUL, USER_PANIC, INCOMING])

# int $14 from user mode is refused by the gate's privilege level.
test("softint", prog="softint",
     expect=destroyed_by_kernel(FRAME_CPU0,
                                r"^  trap 0x0000000d General Protection$",
                                USER_EIP, USER_SS),
     forbid=[r"Page Fault", GRACEFUL, USER_PANIC])

test("badsegment", prog="badsegment",
     expect=destroyed_by_kernel(FRAME_CPU0,
                                r"^  trap 0x0000000d General Protection$",
                                USER_EIP, USER_SS),
     forbid=[GRACEFUL, USER_PANIC])

# The monitor takes over with the env still alive: nothing is freed.
test("breakpoint", prog="breakpoint",
     expect=[NEW_ENV, FRAME_CPU0, r"^  trap 0x00000003 Breakpoint$",
             USER_EIP, USER_SS, WELCOME],
     forbid=[FREED, IDLE, USER_PANIC])

test("testbss", prog="testbss",
     expect=destroyed_by_kernel(
         r"^Making sure bss works right\.\.\.$",
         r"^Yes, good\.  Now doing a wild write off the end\.\.\.$",
         user_fault("00c[0-9a-f]{5}"),
         r"^  trap 0x0000000e Page Fault$"),
     forbid=[USER_PANIC, GRACEFUL])

for prog, va, err in [
        ("faultread", "00000000", r"0x00000004 \[user, read, not-present\]"),
        ("faultreadkernel", "f0100000",
         r"0x00000005 \[user, read, protection\]"),
        ("faultwrite", "00000000", r"0x00000006 \[user, write, not-present\]"),
        ("faultwritekernel", "f0100000",
         r"0x00000007 \[user, write, protection\]")]:
    test(prog, prog=prog,
         expect=destroyed_by_kernel(user_fault(va), FRAME_CPU0,
                                    r"^  trap 0x0000000e Page Fault$",
                                    r"^  cr2  0x%s$" % va,
                                    r"^  err  %s$" % err,
                                    USER_EIP, USER_SS),
         forbid=[r"I read", GRACEFUL, USER_PANIC])


# The same programs on a lab-3 kernel, as classic lab-3 graders see them:
# the incoming frame before the env's copy, and the last env's end.
test("lab3_kernel_divzero", prog="divzero", lab=3,
     expect=[NEW_ENV, INCOMING, r"^TRAP frame at 0xf[0-9a-f]{7}",
             r"^  trap 0x00000000 Divide error$", USER_EIP, USER_SS, FREED,
             ALONE, WELCOME],
     forbid=[r"1/0 is", IDLE, USER_PANIC])

test("lab3_kernel_hello", prog="hello", lab=3,
     expect=[NEW_ENV, r"^hello, world$", GRACEFUL, FREED, ALONE, WELCOME],
     forbid=[IDLE, USER_PANIC])
