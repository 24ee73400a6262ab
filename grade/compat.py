"""Classic compatibility: student-style programs, the build's classic
variables and targets, a student's broken scratch program, student
warnings that never stop the build and our own strict build, the
grader's command line, .gdbinit, and classic-API grade scripts of labs
1, 3, 4 and 5."""

import glob
import os
import re
import shutil
import subprocess
import sys
import time

from grade.runner import OBJDIR, fail, test
from grade.lab3 import FREED, GRACEFUL, IDLE, NEW_ENV, WELCOME

# --- programs written the way classic student code is ------------------

test("classicstyle", prog="classicstyle", expect=[
    NEW_ENV, r"^classicstyle: i am 00001000$",
    r"^classicstyle: long as %d: 123456789$",
    r"^classicstyle: 1000000000000 / 7 = 142857142857 rem 1$",
    r"^classicstyle: -1000000000000 / 7 = -142857142857 rem -1$",
    r"^classicstyle: fedcba9876543210 / 1000 = 413ea68d6e2a08 rem 720$",
    r"^classicstyle: %#x: ff 000000ff str$",
    r"^classicstyle: %e: env is not recving$",
    r'^classicstyle: strtol\("0X1f"\) = 31, rest ""$',
    r"^classicstyle: own sys_page_copy: 7$",
    # The whole warning, not cut at 199 characters.
    r"^\[00001000\] user warning in <unknown> at user/classicstyle\.c:\d+: "
    r"long: x{260} END$",
    r"^classicstyle: done$", GRACEFUL, FREED, IDLE, WELCOME])

test("classiclib", prog="classiclib", expect=[
    NEW_ENV] + [r"^classiclib: %s ok$" % part for part in (
        "strings", "formatting", "pages", "exofork", "pgfault", "fork\\+ipc",
        "sfork")] + [
    r"^classiclib: not recving: env is not recving$",
    r"^\[00001000\] user warning in <unknown> at user/classiclib\.c:\d+: "
    r"classiclib: a warning$",
    r"^\[00001000\] user panic in <unknown> at user/classiclib\.c:\d+: "
    r"classiclib done$", WELCOME],
    forbid=[r"check failed"])

# Lab 5's additions to the library, in the same way, at lab 5 (the file
# server is env 00001000; spawn's children print into a pipe, and hello's
# lines to the console).
test("classiclib5", prog="classiclib5", lab=5, expect=[
    r"^\[00001001\] write 0 -- bad mode$",
    r"^classiclib5: files ok$",
    r"^\[00001001\] unknown device type -1$",
    r"^classiclib5: fd layer ok$",
    r"^classiclib5: pipes ok$",
    r"^classiclib5: written to the console fd$",
    r"^c$",
    r"^classiclib5: console ok$",
    r"^classiclib5: printf ok$",
    r"^classiclib5: args ok$",
    r"^classiclib5: readline ok$",
    r"^hello, world$",
    r"^i am environment 00001002$",
    r"^classiclib5: spawn ok$",
    r"^classiclib5: done$",
    r"^\[00001001\] exiting gracefully$", IDLE, WELCOME],
    forbid=[r"check failed", r"user panic"])

# --- the tree as a student's shell sees it ------------------------------


def host_env(**extra):
    """Our environment for commands run on the tree, without the make
    variables of the `make grade` that may be running us."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "CFLAGS", "V")}
    env.update(LC_ALL="C", **extra)
    return env


def sh(cmd, deadline, cwd=".", **env):
    """Run cmd (a shell command line) in cwd; return its exit status and
    output (stdout and stderr), headed by the command, as text."""
    proc = subprocess.run(cmd, shell=True, cwd=cwd, env=host_env(**env),
                          stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True,
                          timeout=max(1, deadline - time.monotonic()))
    return proc.returncode, "$ %s\n%s" % (cmd, proc.stdout)


def sections(out):
    """The output of each command of a host test, by command line."""
    parts = re.split(r"^\$ (.*)$", out.text, flags=re.M)
    return {parts[i]: parts[i + 1] for i in range(1, len(parts) - 1, 2)}


def section(out, prefix):
    """The output of the command that is prefix or, if none is, of the
    one command that starts with prefix."""
    found = sections(out)
    if prefix in found:
        return found[prefix]
    found = [v for k, v in found.items() if k.startswith(prefix)]
    if len(found) != 1:
        fail("no output of a command %r" % prefix)
    return found[0]


def compile_line(text, source):
    """The compiler command in text that compiles source."""
    lines = [l for l in text.splitlines()
             if re.search(r"-c -o \S+ %s( |$)" % re.escape(source), l)]
    if not lines:
        fail("no compile command for %s in:\n%s" % (source, text[-2000:]))
    return lines[0].split()


def make_dry_runs(deadline):
    """make -n of the classic variables and targets, in this tree."""
    force = "-W user/hello.c -W lib/printf.c -W kern/init.c -W kern/printf.c"
    outs = [sh("make -n V=1 %s DEFS=-DDEFS_FLAG LABDEFS=-DLAB_FLAG "
               "INIT_CFLAGS=-DINIT_FLAG obj/user/hello obj/kern/kernel"
               % force, deadline, CFLAGS="-DENV_FLAG")[1],
            sh("make -n V=1 -W user/hello.c CFLAGS+=-DPLUS_FLAG "
               "obj/user/hello.o", deadline)[1],
            sh("make -n grade", deadline)[1],
            sh("make -n grade V=1", deadline)[1],
            sh("make -n qemu-nox QEMUEXTRA='-d int'", deadline)[1],
            sh("make -n prep-hello", deadline)[1],
            sh("make -n realclean", deadline)[1],
            sh("make -n distclean", deadline)[1],
            sh("make -n tarball LAB=7", deadline)[1]]
    return "".join(outs)


@test("make_variables", host=make_dry_runs, timeout=120)
def _(out):
    """CFLAGS from the environment, DEFS, LABDEFS, INIT_CFLAGS and
    CFLAGS+= on the command line reach the compiles they should; code a
    student writes (user programs, the library, the kernel) builds as
    classic JOS built it, without -Werror and without the unused and format
    warnings; user programs keep their traps; libgcc is linked."""
    text = section(out, "make -n V=1 -W user/hello.c -W")
    user = compile_line(text, "user/hello.c")
    lib = compile_line(text, "lib/printf.c")
    init = compile_line(text, "kern/init.c")
    kern = compile_line(text, "kern/printf.c")
    for flags, name in ((user, "user"), (lib, "lib"), (init, "init"),
                        (kern, "kernel")):
        for flag in ("-DENV_FLAG", "-DDEFS_FLAG", "-DLAB_FLAG", "-m32",
                     "-Wall"):
            if flag not in flags:
                fail("%s compile lacks %s: %s" % (name, flag, " ".join(flags)))
    for flags, name in ((user, "user"), (lib, "lib"), (init, "init"),
                        (kern, "kernel")):
        for flag in ("-Wno-unused", "-Wno-format"):
            if flag not in flags:
                fail("%s compile lacks %s" % (name, flag))
        if "-Werror" in flags:
            fail("%s compile has -Werror" % name)
    if not {"-fnon-call-exceptions", "-mllvm"} & set(user):
        fail("user compile may rewrite a division into code that cannot "
             "trap: %s" % " ".join(user))
    if "-DINIT_FLAG" not in init or "-DINIT_FLAG" in kern:
        fail("INIT_CFLAGS must go to kern/init.c and only there")
    link = [l for l in text.splitlines() if " -o obj/user/hello.debug " in l]
    if not link or not re.search(r"/libgcc\.a( |;|$)", link[0]):
        fail("obj/user/hello is not linked with libgcc: %s" % link)
    plus = compile_line(section(out, "make -n V=1 -W user/hello.c CFLAGS+="),
                        "user/hello.c")
    if "-DPLUS_FLAG" not in plus or "-m32" not in plus:
        fail("make CFLAGS+=-DPLUS_FLAG: %s" % " ".join(plus))


@test("make_targets", host=make_dry_runs, timeout=120)
def _(out):
    """make -n grade prints the grade and runs nothing, V=1 makes it
    verbose; -D qemu.log; prep-NAME builds without booting; realclean,
    distclean and tarball (named after LAB) exist."""
    grade = section(out, "make -n grade")
    if not re.search(r"^\S*python\S* grade-all\s*$", grade, re.M) or \
            re.search(r"passed|OK|FAIL", grade):
        fail("make -n grade printed:\n" + grade)
    if not re.search(r"grade-all -v", section(out, "make -n grade V=1")):
        fail("make -n grade V=1 does not pass -v")
    qemu = section(out, "make -n qemu-nox")
    if not re.search(r"qemu-system-i386 .*-D qemu\.log -d int", qemu):
        fail("qemu-nox with QEMUEXTRA='-d int' lacks -D qemu.log:\n" + qemu)
    prep = section(out, "make -n prep-hello")
    if "-DTEST=user_hello" not in prep or \
            re.search(r"^\S*qemu-system\S* ", prep, re.M):
        fail("prep-hello:\n" + prep)
    if "rm -f lab*-handin.tar.gz" not in section(out, "make -n realclean"):
        fail("realclean does not remove the handin tarball")
    if "rm -rf obj" not in section(out, "make -n distclean"):
        fail("distclean does not remove obj")
    if "lab7-handin.tar.gz" not in section(out, "make -n tarball LAB=7"):
        fail("make tarball LAB=7 does not write lab7-handin.tar.gz")


def grader_list(deadline):
    """The tests grade-lab4 would run for a part of a name."""
    return sh("%s grade-lab4 --color=never --list alloc" % sys.executable,
              deadline)[1]


@test("grader_selects_by_part", host=grader_list)
def _(out):
    """./grade-lab4 alloc runs faultalloc and faultallocbad, and takes
    --color."""
    names = set(out.lines[1:])
    for want in ("faultalloc", "faultallocbad"):
        if want not in names:
            fail("`grade-lab4 alloc` does not choose %s: %s" % (want, names))
    if any("alloc" not in n for n in names):
        fail("`grade-lab4 alloc` chose other tests: %s" % names)


# --- in a copy of the tree ------------------------------------------------

def sandbox(name, lab=4, built=True):
    """A fresh copy of this tree, sources and, if built, obj/ (mtimes
    kept, so it is up to date), at obj/.sandbox-NAME, as a student's tree
    of that lab (conf/lab.mk says LAB=lab, as a classic grader of the lab
    expects); return its path."""
    root = os.path.join(OBJDIR, ".sandbox-" + name)
    shutil.rmtree(root, ignore_errors=True)
    skip = {".git", OBJDIR}
    for top, dirs, files in os.walk("."):
        dirs[:] = [d for d in dirs if not (top == "." and d in skip)]
        dest = os.path.join(root, top)
        os.makedirs(dest, exist_ok=True)
        for f in files:
            if top == "." and re.match(r"lab\d+-handin\.tar\.gz$|jos\.", f):
                continue
            shutil.copy2(os.path.join(top, f), dest, follow_symlinks=False)
    if built:
        shutil.copytree(OBJDIR, os.path.join(root, OBJDIR), symlinks=True,
                        ignore=shutil.ignore_patterns(
                            ".sandbox-*", "grade-logs", "region-check",
                            "handout"))
    lab_mk = os.path.join(root, "conf", "lab.mk")
    with open(lab_mk) as f:
        text = re.sub(r"(?m)^LAB=\d+$", "LAB=%d" % lab, f.read())
    with open(lab_mk, "w") as f:
        f.write(text)
    return root


BROKEN = """#include <inc/lib.h>
void umain(int argc, char **argv) { not_declared_anywhere = 1; }
"""


def broken_scratch(deadline):
    """A student's scratch user/scratch.c that does not compile: make,
    prep-hello, the grade of hello, then make tarball and realclean."""
    root = sandbox("broken")
    with open(os.path.join(root, "user", "scratch.c"), "w") as f:
        f.write(BROKEN)
    out = []
    for cmd in ("make", "make prep-hello",
                "%s grade-lab4 --color=always hello" % sys.executable,
                "make tarball && tar tzf lab4-handin.tar.gz",
                "make realclean && ls"):
        status, text = sh(cmd, deadline, cwd=root)
        out.append(text + "[exit %d]\n" % status)
    shutil.rmtree(root, ignore_errors=True)
    return "".join(out)


@test("broken_scratch_program", host=broken_scratch, timeout=300)
def _(out):
    """make fails, naming the program, with the compiler's error shown;
    prep-hello and hello's test still build and pass, and the grade
    fails naming the broken program."""
    made = section(out, "make")
    if not re.search(r"^user/scratch\.c:\d+:\d+: error: .*not_declared_anywhere",
                     made, re.M):
        fail("make does not show the compiler's error:\n" + made[-1500:])
    if not re.search(r"^\*\*\* user programs that did not build: scratch$",
                     made, re.M) or not made.rstrip().endswith("[exit 2]"):
        fail("make does not fail naming user/scratch.c:\n" + made[-1500:])
    prep = section(out, "make prep-hello")
    if not prep.rstrip().endswith("[exit 0]"):
        fail("make prep-hello fails:\n" + prep[-1500:])
    grade = section(out, sys.executable + " grade-lab4")
    if not re.search(r"^hello: \033\[32mOK\033\[0m", grade, re.M):
        fail("hello's test does not pass (in color):\n" + grade[-1500:])
    if not re.search(r"^build: .*FAIL.*\n +user programs that did not "
                     r"build: scratch$", grade, re.M) or \
            not grade.rstrip().endswith("[exit 1]"):
        fail("the grade does not fail naming scratch:\n" + grade[-1500:])


@test("tarball_and_realclean", host=broken_scratch, timeout=300)
def _(out):
    """make tarball packs the tree, without obj/, under lab4/; realclean
    removes obj/ and the tarball."""
    tar = section(out, "make tarball").splitlines()
    if "lab4/GNUmakefile" not in tar or "lab4/user/scratch.c" not in tar or \
            any(l.startswith("lab4/obj/") for l in tar):
        fail("lab4-handin.tar.gz holds:\n" + "\n".join(tar[:20]))
    left = section(out, "make realclean").splitlines()
    if "obj" in left or "lab4-handin.tar.gz" in left:
        fail("realclean left: %s" % left)


# Student code in the habits classic JOS let pass: an unused variable, a
# printf format that does not match its argument, an assignment used as a
# condition; in the kernel, the library and the file server.
SCRATCH = """#include <inc/stdio.h>

int
%s_scratch(int x)
{
	int r;
	long long big = x;

	if (x = x + 1)
		cprintf("%%d %%s\\n", big, x);
	return x;
}
"""


def student_warnings(deadline):
    """make, in a copy of the tree with student-style scratch code in
    kern/, lib/ and fs/."""
    root = sandbox("warnings")
    for path in ("kern/scratch.c", "lib/scratch.c"):
        with open(os.path.join(root, path), "w") as f:
            f.write(SCRATCH % path.split("/")[0])
    with open(os.path.join(root, "fs", "test.c"), "a") as f:
        f.write(SCRATCH.split("\n", 1)[1] % "fs")
    status, text = sh("make", deadline, cwd=root)
    shutil.rmtree(root, ignore_errors=True)
    return text + "[exit %d]\n" % status


@test("student_warnings_build", host=student_warnings, timeout=300)
def _(out):
    """Student code with an unused variable, a format mismatch and an
    assignment as a condition, in kern/, lib/ and fs/, builds: the
    warning is shown, nothing stops the build."""
    for src in ("kern/scratch.c", "lib/scratch.c", "fs/test.c"):
        if not re.search(r"^%s:\d+:\d+: warning: .*parentheses" %
                         re.escape(src), out.text, re.M):
            fail("no parentheses warning for %s:\n%s" % (src,
                                                         out.text[-1500:]))
    if re.search(r"warning: .*(unused|format)|-W(unused|format)", out.text) or \
            not out.text.rstrip().endswith("[exit 0]"):
        fail("make shows unused or format warnings, or fails:\n" +
             out.text[-1500:])


# Left out of the strict build: programs written in student habits on
# purpose (clang warns that faultread's and faultwrite's null pointer
# accesses "will be deleted", which the build's flags prevent), and
# fs/fsformat.c, a host program always built with -Werror.
NOT_STRICT = {"user/classicstyle.c", "user/faultread.c", "user/faultwrite.c",
              "fs/fsformat.c"}
# The network server's own sources, which build only with lwIP's headers
# (net/lwip.mk).
NS_SOURCES = {"net/serv.c", "net/tcpsock.c", "net/jif.c", "net/abi.c"}


def strict_objects():
    """Every object make compiles from our C and assembly sources."""
    objs = ["obj/kern/lib/%s.o" % n for n in ("printfmt", "string",
                                              "readline")]
    from grade.lab6ns import NS_BUILT
    patterns = ["kern/*.[cS]", "lib/*.[cS]", "user/*.c", "user/test/*.c",
                "user/test/lib/*.c", "user/lib/*.c", "fs/*.c", "net/*.c"]
    if NS_BUILT:
        patterns.append("net/port/*.c")
    for pattern in patterns:
        for src in sorted(glob.glob(pattern)):
            if src in NOT_STRICT or (not NS_BUILT and src in NS_SOURCES):
                continue
            objs.append("obj/" + os.path.splitext(src)[0] + ".o")
    return objs


def strict_build(deadline):
    """make STRICT=1 of every object, from scratch, in a copy of the tree."""
    root = sandbox("strict", built=False)
    status, text = sh("make -k -j2 STRICT=1 " + " ".join(strict_objects()),
                      deadline, cwd=root)
    shutil.rmtree(root, ignore_errors=True)
    return text + "[exit %d]\n" % status


@test("strict_build", host=strict_build, timeout=600)
def _(out):
    """Our own tree compiles under the strict flags (STRICT=1: -Wall,
    every warning fatal) without a single warning."""
    bad = [l for l in out.lines if re.search(r"warning:|error:|did not "
                                             r"build", l)]
    if bad or not out.text.rstrip().endswith("[exit 0]"):
        fail("the strict build:\n" + "\n".join(bad[:20] or out.lines[-20:]))


def expect_in_order(text, regexps, what):
    """Fail unless each of regexps matches a line of text (re.M), each
    after the one before, and text ends with "[exit 0]"."""
    pos = 0
    for rx in regexps:
        m = re.compile(rx, re.M).search(text, pos)
        if not m:
            fail("%s: no /%s/ (in order) in:\n%s" % (what, rx, text[-2500:]))
        pos = m.end()
    if not text.rstrip().endswith("[exit 0]"):
        fail("%s exits non-zero" % what)


def classic_grader(lab, *selections, classic_files=None):
    """A host test that runs tests/classic-grade-labLAB whole, then once
    with each of selections (parts of titles), in a copy of the tree at
    that lab (the script rebuilds the kernel per test).  classic_files,
    a directory laid out like the tree, holds classic versions of given
    files, copied over ours in that copy first."""
    def run(deadline):
        root = sandbox("classic%d" % lab, lab=lab)
        if classic_files:
            shutil.copytree(classic_files, root, dirs_exist_ok=True)
        out = []
        for args in ("",) + selections:
            cmd = "%s tests/classic-grade-lab%d --color=never%s" % (
                sys.executable, lab, args and " " + args)
            status, text = sh(cmd, deadline, cwd=root,
                              PYTHONPATH=os.path.abspath(root))
            out.append(text + "[exit %d]\n" % status)
        shutil.rmtree(root, ignore_errors=True)
        return "".join(out)
    return run


@test("classic_grade_script", host=classic_grader(4, "PINGP"), timeout=600)
def _(out):
    """A grade script using only the classic API scores everything and
    prints classic part and total scores; `... PINGP` runs pingpong only."""
    whole = section(out, sys.executable + " tests/classic-grade-lab4 "
                    "--color=never")
    want = [r"^hello: OK", r"^student-style code \[classicstyle\]: OK",
            r"^  64-bit division: OK$", r"^  printf flags and errors: OK$",
            r"^Part A score: 15/15$", r"^faultalloc: OK",
            r"^forktree, stopped at its last env: OK",
            r"^Part B score: 15/15$", r"^primes, counted as they come: OK",
            r"^pingpong: OK", r"^Part C score: 20/20$", r"^Score: 50/50$"]
    expect_in_order(whole, want, "classic grade")
    one = section(out, sys.executable + " tests/classic-grade-lab4 "
                  "--color=never PINGP")
    ran = re.findall(r"^(\S.*?): (?:OK|FAIL)", one, re.M)
    if ran != ["pingpong"] or "Score:" in one:
        fail("classic grade PINGP ran %s:\n%s" % (ran, one[-1500:]))


@test("classic_grade_script_lab5", host=classic_grader(5), timeout=600)
def _(out):
    """A lab-5 grade script on the classic API (parent rows, a run to its
    timeout, the shell, a stop at a line) scores everything."""
    whole = section(out, sys.executable + " tests/classic-grade-lab5")
    want = [r"^file server start-up: OK", r"^  disk and block cache: OK$",
            r"^  file operations: OK$", r"^testfile: OK",
            r"^  open, read and write: OK$", r"^  large file: OK$",
            r"^Part A score: 20/20$", r"^spawnhello: OK",
            r"^shared pages across fork and spawn: OK",
            r"^icode starts the shell: OK", r"^testshell: OK",
            r"^primespipe up to 1000: OK", r"^Part B score: 30/30$",
            r"^Score: 50/50$"]
    expect_in_order(whole, want, "classic lab-5 grade")


# A lab-4 solution of the library written the way a typical student writes
# it from the lab text (tests/student-lab4/: unused variables, panics on
# every error, fork panicking when sys_exofork fails, its own pgfault
# messages, an sfork that panics), with a sys_exofork and a
# sys_env_set_status that just assign env_status: dropped into a copy of
# the tree at lab 4, it must build and earn every point of the lab's score.
STUDENT_LAB4 = os.path.join("tests", "student-lab4")


def scored_parts(lab):
    """The parts of lab that count for its score."""
    from grade.labs import EXTRA_PARTS, PARTS
    return sorted(p for (l, p) in PARTS
                  if l == lab and (l, p) not in EXTRA_PARTS)


def handout_module():
    """tools/handout, imported (it has no .py name)."""
    import importlib.machinery
    import importlib.util
    loader = importlib.machinery.SourceFileLoader(
        "handout", os.path.join("tools", "handout"))
    module = importlib.util.module_from_spec(
        importlib.util.spec_from_loader("handout", loader))
    loader.exec_module(module)
    return module


def replace_region(root, path, function, body):
    """In root's copy of path, put body in place of the code of the
    marked region inside function (its marker comment stays)."""
    handout = handout_module()
    full = os.path.join(root, path)
    with open(full) as f:
        lines = f.read().split("\n")
    region = next(r for r in handout.parse(path, lines)
                  if r.function == function)
    lines[region.first + len(region.comment):region.last] = \
        body.rstrip("\n").split("\n")
    with open(full, "w") as f:
        f.write("\n".join(lines))


def student_solution(deadline):
    """Copy tests/student-lab4/'s files over the tree's in a sandbox at
    LAB=4 (regions/PATH@FUNCTION: the body of FUNCTION's region in PATH,
    the rest whole files), then grade each part of lab 4 that counts for
    the score."""
    root = sandbox("student4", lab=4)
    regions = os.path.join(STUDENT_LAB4, "regions")
    for top, _, files in os.walk(STUDENT_LAB4):
        for f in files:
            src = os.path.join(top, f)
            if src.startswith(regions + os.sep):
                path, function = os.path.relpath(src, regions).split("@")
                with open(src) as body:
                    replace_region(root, path, function, body.read())
                continue
            # A fresh mtime, newer than the copied obj/: make rebuilds.
            shutil.copy(src, os.path.join(
                root, os.path.relpath(src, STUDENT_LAB4)))
    out = []
    for part in scored_parts(4):
        cmd = "%s grade-lab4 --color=never -j1 --part %s" % (
            sys.executable, part)
        status, text = sh(cmd, deadline, cwd=root)
        out.append(text + "[exit %d]\n" % status)
    shutil.rmtree(root, ignore_errors=True)
    return "".join(out)


def student_solution_scores(out):
    """Each part of lab 4 scores full marks with the student's files."""
    from grade.labs import load_tests, points
    where = load_tests()
    for part in scored_parts(4):
        text = section(out, sys.executable + " grade-lab4 --color=never "
                       "-j1 --part " + part)
        top = sum(points(n) for n, w in where.items() if w == (4, part))
        want = r"^Score: %d/%d$" % (top, top)
        if not re.search(want, text, re.M):
            failed = re.findall(r"^(\S+): FAIL", text, re.M)
            errors = re.findall(r"^.*: error: .*$", text, re.M)
            fail("part %s: no /%s/; failed: %s\n%s"
                 % (part, want, " ".join(failed),
                    "\n".join(errors[:5]) or text[-2000:]))


# The solution is the instructor's (tools/handout leaves it out of every
# handout): the test is there only where the solution is.
if os.path.isdir(os.path.join(os.path.dirname(os.path.dirname(
        os.path.abspath(__file__))), STUDENT_LAB4)):
    test("student_solution_lab4", host=student_solution,
         timeout=900)(student_solution_scores)


@test("classic_grade_script_lab1", host=classic_grader(1), timeout=300)
def _(out):
    """A lab-1 grade script on the classic API, grading the backtrace by
    the classic regular expressions, scores everything at LAB=1."""
    whole = section(out, sys.executable + " tests/classic-grade-lab1")
    want = [r"^the kernel boots: OK", r"^  printf in octal: OK$",
            r"^  backtrace: eight frames: OK$", r"^  backtrace: arguments: OK$",
            r"^  backtrace: functions: OK$", r"^  backtrace: line numbers: OK$",
            r"^Score: 50/50$"]
    expect_in_order(whole, want, "classic lab-1 grade")


@test("classic_grade_script_lab3", host=classic_grader(3), timeout=600)
def _(out):
    """A lab-3 grade script on the classic API, matching a lab-3 kernel's
    lines (the incoming trap frame, the only env's end), scores
    everything at LAB=3."""
    whole = section(out, sys.executable + " tests/classic-grade-lab3")
    want = [r"^divzero: OK", r"^softint: OK", r"^badsegment: OK",
            r"^Part A score: 30/30$", r"^faultread: OK",
            r"^faultreadkernel: OK", r"^faultwrite: OK",
            r"^faultwritekernel: OK", r"^breakpoint: OK", r"^hello: OK",
            r"^buggyhello: OK", r"^Part B score: 50/50$", r"^Score: 80/80$"]
    expect_in_order(whole, want, "classic lab-3 grade")


# --- .gdbinit -------------------------------------------------------------

def gdbinit_session(port, deadline):
    """gdb with .gdbinit as `make gdb` writes it (for this port): attach
    at the BIOS's first instruction, step twice, run to i386_init."""
    path = os.path.join(OBJDIR, "gdbinit-%d" % port)
    with open(".gdbinit.tmpl") as f:
        text = f.read().replace("@GDBPORT@", str(port))
    with open(path, "w") as f:
        f.write(text)
    try:
        return subprocess.run(
            [os.environ.get("GDB", "gdb"), "-batch", "-n", "-x", path,
             "-ex", "si", "-ex", "si", "-ex", "break i386_init",
             "-ex", "continue"],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True,
            timeout=max(1, deadline - time.monotonic())).stdout
    finally:
        os.remove(path)


@test("gdbinit_shows_next_instruction", driver=gdbinit_session)
def _(out):
    """After each stop gdb shows the next instruction: decoded as 16-bit
    code in real mode ([f000:fff0] is the BIOS's far jump), and with
    `=> ADDRESS` in protected mode."""
    lines = out.transcript.splitlines()
    real = [l for l in lines if re.match(r"\[[ 0-9a-f]{4}:[ 0-9a-f]{4}\] ", l)]
    if not real or not re.match(r"\[f000:fff0\]\s+0xffff0:\s+ljmp\s+"
                                r"\$0xf000,\$0xe05b$", real[0]):
        fail("first stop shown as %r, want [f000:fff0] ... ljmp "
             "$0xf000,$0xe05b" % (real[:1],))
    if len(real) < 3:
        fail("the two si did not each show the next instruction: %s" % real)
    # gcc's breakpoint is at the function's first instruction, clang's
    # after its prologue (<i386_init+N>).
    if not any(re.match(r"=> 0xf01[0-9a-f]{5} <i386_init(\+\d+)?>:\s+\S", l)
               for l in lines):
        fail("no '=> ... <i386_init>:' line at the breakpoint")
