"""Tests of lab 5's second part: spawn, pipes, the console as a file
descriptor, and the shell.

Every test boots a lab-5 kernel: the file server is env 00001000 and the
program the kernel starts is 00001001.  The shell tests type at the
console (inputs=) and check what the commands print.
"""

import re

from grade.runner import fail, test
from grade.lab4 import lines_present

PARENT = r"^i am parent environment 00001001$"
IDLE = r"^No runnable environments in the system!$"
USER_PANIC = r"user panic"
PROMPT = r"\$ "
ENV_LINE = (r"\[[0-9a-f]{8}\] (new env [0-9a-f]{8}|free env [0-9a-f]{8}|"
            r"exiting gracefully|destroying [0-9a-f]{8})$")


def lab5(name, **kw):
    """Register lab-5 test name, running program name unless prog= says
    otherwise; returns its check decorator."""
    kw.setdefault("prog", name)
    kw.setdefault("forbid", [USER_PANIC])
    return test(name, lab=5, **kw)


def lab5_on_1_and_4_cpus(name, **kw):
    """lab5() on one CPU as name and on four as name-smp4."""
    kw.setdefault("prog", name)
    adders = [lab5(name, **kw), lab5(name + "-smp4", cpus=4, **kw)]

    def add_check(fn):
        for add in adders:
            add(fn)
        return fn
    return add_check


# --- spawn ---------------------------------------------------------------

lab5("spawnhello",
     expect=[PARENT, r"^hello, world$", r"^i am environment 00001002$", IDLE],
     ordered=False)

# spawn asks for IOPL 3; the kernel must refuse, so faultio's outb traps.
lab5("spawnfaultio",
     expect=[PARENT, r"^TRAP frame at", r"^  trap 0x0000000d General Protection$",
             r"^\[00001002\] free env 00001002$", IDLE],
     forbid=[r"eflags wrong", r"made it here", USER_PANIC])

lab5("spawninit",
     expect=[PARENT, r"^init: running$", r"^init: data seems okay$",
             r"^init: bss seems okay$", r"^init: args: 'init' 'one' 'two'$",
             r"^init: running sh$", r"^init: starting sh$", r"^spawninit ok$"],
     inputs=[(PROMPT, "echo spawninit ok")], stop=r"^spawninit ok$")

lab5("spawnerrors",
     expect=[r"^spawnerrors: missing file: file or block not found, "
             r"nothing left behind$",
             r"^elf magic [0-9a-f]{8} want 464c457f$",
             r"^spawnerrors: not a program: file is not a valid executable, "
             r"nothing left behind$",
             r"^spawnerrors: bad segment: file is not a valid executable, "
             r"nothing left behind$",
             r"^spawnerrors: arguments too long: out of memory, "
             r"nothing left behind$", IDLE],
     forbid=[r"^spawnerrors: .*(got|left over)", USER_PANIC])

# A frame asking for kernel mode, IOPL 3, vm86 and no interrupts runs in
# user mode with IOPL 0 and interrupts on; only children may be set, and
# a bad frame pointer kills the caller.
lab5("settrapframe",
     expect=[r"^settrapframe: cs user, IOPL 0, interrupts on, vm86 off$",
             r"^settrapframe: parent's frame: bad environment$",
             r"^\[0000[0-9a-f]{4}\] user_mem_check assertion failure for "
             r"va deadb000$", IDLE],
     forbid=[r"survived", USER_PANIC])

# The page is shared with a forked and a spawned child; ends at int3.
lab5("testpteshare",
     expect=[r"^fork handles PTE_SHARE right$",
             r"^spawn handles PTE_SHARE right$"],
     forbid=[r"PTE_SHARE wrong", USER_PANIC])

lab5("testfdsharing",
     expect=[r"^going to read in child \(might page fault if your sharing "
             r"is buggy\)$", r"^read in child succeeded$",
             r"^read in parent succeeded$"])

# icode reads /motd and spawns init, which starts the shell.
lab5("icode",
     expect=[r"^icode startup$", r"^icode: open /motd$", r"^icode: read /motd$",
             r"^This is /motd, the message of the day\.$",
             r"^icode: close /motd$", r"^icode: spawn /init$",
             r"^icode: exiting$", r"^init: running$",
             r"^init: data seems okay$", r"^init: bss seems okay$",
             r"^init: args: 'init' 'initarg1' 'initarg2'$",
             r"^init: running sh$", r"^init: starting sh$", r"^icode ok$"],
     ordered=False, inputs=[(PROMPT, "echo icode ok")], stop=r"^icode ok$")

lab5("initsh",
     expect=[r"^initsh: running sh$", r"^init: starting sh$", r"^initsh ok$"],
     inputs=[(PROMPT, "echo initsh ok")], stop=r"^initsh ok$")

# --- pipes ---------------------------------------------------------------

lab5("testpipe",
     expect=[r"^\[00001001\] pipereadeof close 0$",
             r"^\[00001001\] pipereadeof write 1$",
             r"^pipe read closed properly$", r"^pipe write closed properly$",
             r"^pipe tests passed$", IDLE],
     ordered=False)

lab5_on_1_and_4_cpus(
    "testpiperace",
    expect=[r"^testing for dup race\.\.\.$", r"^child done with loop$",
            r"^race didn't happen$", IDLE],
    forbid=[r"RACE", r"child detected race", USER_PANIC], timeout=60)

lab5_on_1_and_4_cpus(
    "testpiperace2",
    expect=[r"^testing for pipeisclosed race\.\.\.$", r"^child done with loop$",
            r"^race didn't happen$", IDLE],
    forbid=[r"RACE", USER_PANIC], timeout=60)

# Ends held by several envs, as forked children hold them (user/pipeshare.c).
lab5_on_1_and_4_cpus(
    "pipeshare",
    expect=[r"^pipeshare: last bytes ok$", r"^pipeshare: shared ends ok$",
            r"^pipeshare: whole records ok$", r"^pipeshare: done$", IDLE],
    forbid=[USER_PANIC, r"user fault"], timeout=240)


def primes_below(n):
    return [p for p in range(2, n)
            if all(p % d for d in range(2, int(p ** 0.5) + 1))]


@lab5("primespipe", stop=r"^[0-9]{4}$", timeout=120)
def primespipe_output(out):
    """Every prime below 1000 on a line of its own, and no other number
    below 1000.  The run is stopped as it goes on printing: a last line
    without its newline may be cut short, and is left out."""
    lines = out.text.split("\n")[:-1]
    got = {int(line) for line in lines if re.match(r"^\d+$", line)}
    missing = [p for p in primes_below(1000) if p not in got]
    extra = sorted(n for n in got if n < 1000 and n not in primes_below(1000))
    if missing:
        fail("primes missing: %s" % missing[:10])
    if extra:
        fail("not primes: %s" % extra[:10])


# --- the console ---------------------------------------------------------

# Lines typed at the serial port come back through fd 0 and fd 1: the
# echo as they are typed, then the line as read.  The file server's
# start-up lines may come between a prompt and its echo.
lab5("testkbd",
     expect=[r"first line typed$", r"^first line typed$",
             r"second\.$", r"^second\.$"],
     inputs=[(r"Type a line: ", "first line typed"),
             (r"Type a line: ", "second."), (r"Type a line: ", "third")],
     stop=r"^third$")

# --- the shell -----------------------------------------------------------

lab5("testshell", timeout=60, expect=[r"^running sh -x < testshell.sh \| cat$",
                                      r"^shell ran correctly$"],
     forbid=[r"incorrect output", USER_PANIC])

lab5("testmalloc",
     expect=[r"^small blocks are good$", r"^free is good$",
             r"^large blocks are good$", r"^malloc is good$", IDLE])

# Boot icode (init, then sh) and use the shell.  Each line is typed at
# the next prompt; the last one, once the background hello is done, marks
# the end.
SESSION = [
    "echo hello,   world | cat",
    "cat motd",
    "ls",
    "ls -l -F motd",
    "lsfd",
    "echo first line > /notes",
    "echo 'quoted  |  text' \"and; more\" >/notes2",
    "cat /notes /notes2 | num",
    "wc lorem",
    "grep -n -i FOX lorem",
    "cat lorem | grep -c the",
    "echo one ; echo two;echo three",
    "nosuchprogram",
    "mkdir /dir",
    "ls -d -F /dir",
    "rm /notes /dir",
    "cat /notes",
    "sh -x < script",
    "hello &",
]


@test("shell_session", prog="icode", lab=5, timeout=90,
      inputs=[(PROMPT, line) for line in SESSION] +
      [(r"i am environment [0-9a-f]{8}\n", "echo session done")],
      stop=r"^session done$",
      forbid=[USER_PANIC])
def shell_session(out):
    """What each command of SESSION printed, in order (the kernel's env
    lines, which come between, left out)."""
    text = "".join(line + "\n" for line in out.lines
                   if not re.match(ENV_LINE, line))
    motd = open("fs/motd").read()
    lorem = open("fs/lorem").read()
    want = [
        "$ echo hello,   world | cat\nhello, world\n",
        "$ cat motd\n" + motd,
        "$ ls\n",
        "$ ls -l -F motd\n%11d - motd\n" % len(motd),
        "$ lsfd\nfd 0: name <cons> isdir 0 size 0 dev cons\n"
        "fd 1: name <cons> isdir 0 size 0 dev cons\n",
        "$ cat /notes /notes2 | num\n    1 first line\n"
        "    2 quoted  |  text and; more\n",
        "$ wc lorem\n%7d %7d %7d lorem\n" % (lorem.count("\n"),
                                         len(lorem.split()), len(lorem)),
        "$ grep -n -i FOX lorem\n" + "".join(
            "%d:%s\n" % (i + 1, line)
            for i, line in enumerate(lorem.splitlines())
            if "fox" in line.lower()),
        "$ cat lorem | grep -c the\n%d\n" % sum(
            "the" in line for line in lorem.splitlines()),
        "$ echo one ; echo two;echo three\none\ntwo\nthree\n",
        "$ nosuchprogram\nspawn /nosuchprogram: file or block not found\n",
        "$ ls -d -F /dir\n/dir/\n",
        "$ cat /notes\ncan't open /notes: file or block not found\n",
    ]
    pos = 0
    for w in want:
        i = text.find(w, pos)
        if i < 0:
            fail("expected, after what came before:\n%s" % w)
        pos = i + len(w)
    for name in ["motd", "lorem", "sh", "cat", "init"]:
        if not re.search(r"^%s$" % name, text, re.M):
            fail("ls does not list %s" % name)
    if not re.search(r"hello, world$", text[pos:], re.M):
        fail("the background hello did not run")
    # readline drops control characters, tabs included.
    script = [re.sub(r"[\x00-\x1f]", "", line)
              for line in open("fs/script").read().splitlines()]
    if not all("# " + line + "\n" in text for line in script):
        fail("sh -x < script did not echo each line")
    lines_present(r"^fd 0: name script isdir 0 size %d dev file$"
                  % len(open("fs/script").read()))(out)
