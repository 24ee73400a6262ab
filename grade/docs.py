"""The docs show what the code does: figures and transcripts are generated.

`make docs` (python3 -m grade.docs --write) redraws the figures of
docs/figures/ with docs/figures/figures.py, and reruns each session of
SESSIONS below, a real run of a kernel under QEMU, driven by gdb in batch
mode or typed at the monitor, writing what it printed into the Markdown
files between the lines

    <!-- make docs: NAME -->
    <!-- end make docs -->

The tests here fail when the committed files differ from what the code
produces now: docs_figures byte for byte, docs_NAME up to what changes
with every kernel edit or every run (hex numbers, source line numbers,
an env's run count), so that the calls, frames and the shape of each
session stay true.  The sessions are gcc's: a build with another
compiler (make CC=clang) checks only that each session still runs.  When one fails: run `make docs`, read the
diff, fix the prose around it if need be, and commit.
"""

import difflib
import glob
import os
import re
import subprocess
import sys
import tempfile

from grade import runner
from grade.runner import fail, test
from grade.debugging import command_output, gdb_driver

ECHO_START = "@@@ transcript @@@"

# Each session: where its transcript goes, and how it is made.  A gdb
# session is (setup, [(command, max output lines or None), ...]); a monitor
# session is a list of monitor commands.
SESSIONS = [
    dict(name="readme-gdb", files=["README.md"], prog="forktree", cpus=1,
         gdb=(["usersym forktree"],
              [("break fork", None), ("break sys_exofork", None),
               ("continue", None), ("bt", None), ("continue", None),
               ("continue", None), ("bt", None), ("envs", None)])),
    dict(name="cowfork-gdb", files=["docs/cow-fork.md"], prog="forktree",
         cpus=1,
         gdb=(["usersym forktree"],
              [("break pgfault", None), ("continue", None),
               ("p/x *utf", None), ("vmmap", 6), ("envs", None)])),
    dict(name="cowfork-monitor", files=["docs/cow-fork.md"],
         prog="breakfork", cpus=1,
         monitor=["showmappings 0x800000 0x803fff"]),
]


def gdb_script(setup, commands):
    """The gdb -ex lines of a session: setup, a marker, then each command
    echoed after a prompt so that the output reads like a session."""
    script = list(setup) + ["echo %s\\n" % ECHO_START]
    for command, _ in commands:
        script += ["echo (gdb) %s\\n" % command, command]
    return script


def trim_gdb(text, commands):
    """The transcript part of gdb's output, each command's output cut to
    its line limit (with "..." where lines were left out)."""
    lines = text.splitlines()
    if ECHO_START not in lines:
        return None
    lines = lines[lines.index(ECHO_START) + 1:]
    limits = dict(commands)
    out, limit, shown = [], None, 0
    for line in lines:
        if line.startswith("(gdb) ") and line[6:] in limits:
            limit, shown = limits[line[6:]], 0
            out.append(line)
            continue
        if not line.strip() or line.startswith("[Inferior "):
            continue  # gdb detaching as batch mode ends
        shown += 1
        if limit is None or shown <= limit:
            out.append(line)
        elif shown == limit + 1:
            out.append("...")
    return "\n".join(out)


def monitor_transcript(out, commands):
    """What the monitor printed for commands, each after its prompt."""
    text = []
    for command in commands:
        text.append("K> " + command)
        text += command_output(out, command).lines
    return "\n".join(text)


def transcript(session, out):
    """The transcript of session from a run's Output, or None."""
    if "gdb" in session:
        return trim_gdb(out.transcript, session["gdb"][1])
    return monitor_transcript(out, session["monitor"])


def register(session):
    """Register the session's run as test docs_NAME; return the test."""
    kw = dict(prog=session["prog"], cpus=session["cpus"], timeout=60)
    if "gdb" in session:
        kw["driver"] = gdb_driver(session["prog"],
                                  gdb_script(*session["gdb"]))
    else:
        kw["commands"] = session["monitor"]
    name = "docs_" + session["name"]
    add = test(name, **kw)

    @add
    def _(out):
        now = transcript(session, out)
        if now is None:
            fail("the session produced no transcript")
        if not built_with_gcc():
            return  # line numbers and inlining are gcc's in the docs
        for path in session["files"]:
            committed = read_block(path, session["name"])
            if committed is None:
                fail("%s has no block '%s'" % (path, session["name"]))
            if masked(committed) != masked(now):
                fail("%s is out of date (run `make docs`):\n%s" % (
                    path, "\n".join(difflib.unified_diff(
                        committed.splitlines(), now.splitlines(),
                        "committed", "now", lineterm=""))))
    return name


def built_with_gcc():
    """Whether obj/ was built by gcc, the compiler `make docs` uses: clang
    places breakpoints and inlines differently, so its sessions show other
    line numbers and frames, and are checked only for having run."""
    try:
        with open(os.path.join(runner.OBJDIR, ".tools")) as f:
            compiler = f.read().split()[0]
    except (OSError, IndexError):
        return True
    return os.path.basename(compiler).endswith("gcc")


# --- blocks in the Markdown files ------------------------------------------

def block_re(name):
    return re.compile(r"(<!-- make docs: %s -->\n)(.*?)(<!-- end make docs -->)"
                      % re.escape(name), re.S)


def read_block(path, name):
    """The transcript in path's block NAME, unindented, or None."""
    with open(path) as f:
        m = block_re(name).search(f.read())
    if not m:
        return None
    return "\n".join(line[4:] for line in m[2].strip("\n").splitlines())


def write_block(path, name, text):
    """Put text, as an indented code block, into path's block NAME."""
    with open(path) as f:
        doc = f.read()
    body = "\n" + "\n".join(("    " + line).rstrip()
                            for line in text.splitlines()) + "\n\n"
    new, n = block_re(name).subn(lambda m: m[1] + body + m[3], doc)
    if n != 1:
        sys.exit("%s: want exactly one block '%s', found %d" % (path, name, n))
    with open(path, "w") as f:
        f.write(new)


def masked(text):
    """text without what changes from run to run or with any kernel edit:
    an env's run count in `envs` rows, hex addresses and values, source
    line numbers (a line added above a function moves them; the calls
    and frames are what a transcript shows), and lines that are blank or
    end in whitespace."""
    text = re.sub(r"(?m)^(\s+[0-9a-f]{8}\s+[0-9a-f]{8}\s+[\w-]+\s+-?\d+)\s+\d+",
                  r"\1 N", text)
    text = re.sub(r"(\.[chS]:|, line )\d+", r"\1N", text)
    text = re.sub(r"(?m)^\d+\t", "N\t", text)
    text = re.sub(r"0x[0-9a-f]+", "0x?", text)
    text = re.sub(r"\b[0-9a-f]{8}\b", "?", text)
    return "\n".join(line.rstrip() for line in text.splitlines()
                     if line.strip())


# --- figures -----------------------------------------------------------------

FIGURES = os.path.join("docs", "figures")


def figures_diff(deadline):
    """Draw the figures into a scratch directory and return the names of
    those that differ from the committed ones (empty if none)."""
    with tempfile.TemporaryDirectory() as tmp:
        run = subprocess.run([sys.executable,
                              os.path.join(FIGURES, "figures.py"), tmp],
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             text=True)
        if run.returncode != 0:
            return "figures.py failed:\n" + run.stdout
        stale = []
        for name in sorted(os.listdir(tmp)):
            with open(os.path.join(tmp, name)) as f:
                drawn = f.read()
            path = os.path.join(FIGURES, name)
            if not os.path.exists(path) or open(path).read() != drawn:
                stale.append(path)
        return "".join("%s differs from what figures.py draws\n" % p
                       for p in stale)


@test("docs_figures", host=figures_diff)
def _(out):
    """The committed figures are what docs/figures/figures.py draws from
    the code now."""
    if out.text:
        fail(out.text.rstrip() + " (run `make docs` and commit)")


TEST_NAMES = {register(s): s for s in SESSIONS}


# --- make docs ---------------------------------------------------------------

def write_all():
    """Redraw the figures and rerun every session into its files."""
    subprocess.run([sys.executable, os.path.join(FIGURES, "figures.py"),
                    FIGURES], check=True)
    tests = [t for t in runner.TESTS if t.name in TEST_NAMES]
    if not runner.build(tests, os.cpu_count() or 1):
        sys.exit("make docs: the build failed")
    qemu = runner.run_make(["-s", "print-qemu"], stdout=subprocess.PIPE,
                         text=True, check=True).stdout.strip()
    try:
        for t in tests:
            session = TEST_NAMES[t.name]
            result = runner.Run(t.run_key, qemu, False).execute()
            text = None if result.error else transcript(session,
                                                         result.output)
            if not text:
                sys.exit("make docs: session %s failed: %s"
                         % (session["name"], result.error or "no transcript"))
            for path in session["files"]:
                write_block(path, session["name"], text)
            print("make docs: %s -> %s" % (session["name"],
                                           ", ".join(session["files"])))
    finally:
        runner._kill_all()


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        sys.exit("usage: python3 -m grade.docs --write   (make docs)")
    os.chdir(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    write_all()


# --- names the pages give ----------------------------------------------------

# A name in backquotes that a page gives: a path in one of the tree's
# directories, or an identifier that has an underscore or ends in "()"
# (a function, macro, type or variable of the code; plain words are prose).
DIRS = "kern|lib|inc|user|fs|boot|net|tools|grade|docs|conf|tests"
PATH = re.compile(r"(?<![\w./-])((?:%s)/[\w./*-]*[\w*])" % DIRS)
IDENT = re.compile(r"([A-Za-z_]\w*)(\(\))?")
PLACEHOLDER = re.compile(r"\b[A-Z]+\b|\*")   # user/NAME.c, user/test/*
FENCE = re.compile(r"```.*?```", re.S)
SOURCE_GLOBS = ("*", "*/*", "*/*/*", "*/*/*/*", ".ci/*")


def split_code(text):
    """(prose, code) of a Markdown page: fenced blocks, and runs of lines
    indented by four or more that begin after a blank line, are code."""
    code = FENCE.findall(text)
    prose, previous, in_code = [], "", False
    for line in FENCE.sub("", text).splitlines():
        indented = line.startswith(("    ", "\t"))
        in_code = indented and (in_code or not previous.strip())
        (code if in_code else prose).append(line)
        previous = line
    return "\n".join(prose), "\n".join(code)


def page_names(text):
    """(paths, identifiers) a page names in backquotes outside its code
    blocks; identifiers in its code blocks are its own examples (a new
    system call in docs/howto.md) and are left out."""
    prose, code = split_code(text)
    own = set(re.findall(r"\w+", code))
    paths, idents = set(), set()
    for quoted in re.findall(r"`([^`\n]+)`", prose):
        paths.update(p for p in PATH.findall(quoted)
                     if not PLACEHOLDER.search(p))
        m = IDENT.fullmatch(quoted.strip())
        if m and ("_" in m[1] or m[2]) and m[1] not in own:
            idents.add(m[1])
    return paths, idents


def source_words():
    """Every word of the tree's files but the pages themselves."""
    words = set()
    for pattern in SOURCE_GLOBS:
        for path in glob.glob(pattern):
            if path.startswith("obj/") or path.endswith(".md") or \
                    not os.path.isfile(path):
                continue
            with open(path, errors="replace") as f:
                words.update(re.findall(r"\w+", f.read()))
    return words


def missing_names(deadline):
    """One "PAGE: NAME" line per file or identifier a page of docs/ or
    the README names that the tree does not have."""
    words = source_words()
    missing = []
    for page in ["README.md"] + sorted(glob.glob("docs/*.md")):
        with open(page) as f:
            paths, idents = page_names(f.read())
        missing += ["%s: %s" % (page, p) for p in sorted(paths)
                    if not os.path.exists(p)]
        missing += ["%s: %s" % (page, i) for i in sorted(idents)
                    if i not in words]
    return "\n".join(missing)


@test("docs_names", host=missing_names)
def _(out):
    """Every file and identifier the docs name exists in the tree: a
    renamed file or function fails here until its pages follow."""
    if out.text:
        fail("named in the docs, not in the tree:\n" + out.text)
