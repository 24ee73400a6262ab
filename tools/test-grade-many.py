#!/usr/bin/env python3
"""Test tools/grade-many on six copies of this tree, graded at lab 1.

    good.tar.gz      a tarball with the tree one directory down      ok
    good-repo        a git repository                                ok
    good-dir         a plain directory                               ok
    edited-graders   a repository whose grade/boot.py checks nothing graders-edited
    no-build         kern/init.c does not compile                    build-failed
    hangs            its build never ends                            timeout

Checks that the CSV has those six rows with those outcomes, full scores
for the good ones (and for edited-graders, graded by the real graders),
and that no submission took much longer than the time limit.  First, with
no grading, that grade-many restores and names every grader file a
submission edits, deletes or adds, one file at a time.  Run by
`make kit-check`; prints "grade-many: ok" or what is wrong.
"""

import csv
import filecmp
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from importlib.machinery import SourceFileLoader

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Seconds per submission: lab 1 builds and grades in 15 on an idle machine,
# 60 on a busy one.
LIMIT = 120
SLACK = 15          # for killing the group and reaping it


def export_tree(dest):
    """Write this tree's tracked files, as they are now, into the new
    directory dest."""
    os.makedirs(dest)
    stash = subprocess.run(["git", "-C", HERE, "stash", "create"],
                           check=True, capture_output=True, text=True)
    archive = subprocess.run(["git", "-C", HERE, "archive",
                              stash.stdout.strip() or "HEAD"],
                             check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", dest], input=archive, check=True)


def make_repo(path):
    git = ["git", "-C", path, "-c", "user.name=student",
           "-c", "user.email=student@example.org"]
    subprocess.run(git[:3] + ["init", "-q"], check=True)
    subprocess.run(git + ["add", "-A"], check=True)
    subprocess.run(git + ["commit", "-qm", "my lab"], check=True)


def edit(path, old, new):
    with open(path) as f:
        text = f.read()
    assert old in text, "%s has no %r" % (path, old)
    with open(path, "w") as f:
        f.write(text.replace(old, new, 1))


def make_submissions(folder, scratch):
    tree = os.path.join(scratch, "tree")
    export_tree(os.path.join(tree, "jos"))
    with tarfile.open(os.path.join(folder, "good.tar.gz"), "w:gz") as tar:
        tar.add(os.path.join(tree, "jos"), arcname="jos")

    export_tree(os.path.join(folder, "good-repo"))
    make_repo(os.path.join(folder, "good-repo"))

    export_tree(os.path.join(folder, "good-dir"))

    edited = os.path.join(folder, "edited-graders")
    export_tree(edited)
    edit(os.path.join(edited, "gradelib.py"),
         "    return problems\n\n\ndef report",
         "    return []\n\n\ndef report")
    # ... and breaks backtrace, which the edited grader would not notice.
    edit(os.path.join(edited, "kern", "init.c"), "test_backtrace(5);",
         "cprintf(\"no backtrace\\n\");")
    make_repo(edited)

    broken = os.path.join(folder, "no-build")
    export_tree(broken)
    edit(os.path.join(broken, "kern", "init.c"), "cons_init();",
         "cons_init()")
    make_repo(broken)

    # A kernel that hangs only fails tests: the grader times each run
    # out.  What the tool's own limit is for is a submission whose
    # grading never ends, here a build rule that waits forever.
    hangs = os.path.join(folder, "hangs")
    export_tree(hangs)
    edit(os.path.join(hangs, "GNUmakefile"), "\nall:\n",
         "\nall: forever\nforever:\n\twhile :; do sleep 1; done\n")
    make_repo(hangs)


WANT = {
    "edited-graders": "graders-edited",
    "good-dir": "ok",
    "good-repo": "ok",
    "good.tar.gz": "ok",
    "hangs": "timeout",
    "no-build": "build-failed",
}


def check(rows):
    problems = []
    got = {r["submission"]: r for r in rows}
    if sorted(got) != sorted(WANT) or len(rows) != len(WANT):
        return ["rows for %s, want %s" % ([r["submission"] for r in rows],
                                          sorted(WANT))]
    for name, outcome in WANT.items():
        r = got[name]
        if r["outcome"] != outcome:
            problems.append("%s: outcome %s (%s), want %s"
                            % (name, r["outcome"], r["note"], outcome))
        if int(r["seconds"]) > LIMIT + SLACK:
            problems.append("%s took %ss, the limit is %ds"
                            % (name, r["seconds"], LIMIT))
    for name in ("good.tar.gz", "good-repo", "good-dir"):
        r = got[name]
        if r["max_score"] in ("", "0") or r["score"] != r["max_score"]:
            problems.append("%s scored %s/%s" % (name, r["score"],
                                                 r["max_score"]))
    r = got["edited-graders"]
    if "gradelib.py" not in r["note"] or "backtrace" not in r["note"] or \
            r["score"] == r["max_score"]:
        problems.append("edited-graders: %s/%s, %r: want gradelib.py "
                        "restored and backtrace failed"
                        % (r["score"], r["max_score"], r["note"]))
    if "init.c" not in got["no-build"]["note"]:
        problems.append("no-build: note %r names no file"
                        % got["no-build"]["note"])
    return problems


def restore_problems(tree, grade_many, want):
    """What is wrong with restore_graders(tree), which should name exactly
    want and leave tree's grader files identical to this tree's."""
    edited = grade_many.restore_graders(tree)
    if edited != [want]:
        return ["%s: restore named %s" % (want, edited)]
    same = grade_many.grader_files(tree) == grade_many.grader_files(HERE)
    for name in grade_many.grader_files(HERE):
        same = same and filecmp.cmp(os.path.join(HERE, name),
                                    os.path.join(tree, name), False)
    return [] if same else ["%s: not restored" % want]


def check_restore(scratch):
    """Edit, then delete, each grader file of a copy of this tree's graders
    in turn, and add an extra one: restore_graders must name and undo
    each."""
    grade_many = SourceFileLoader(
        "grade_many", os.path.join(HERE, "tools", "grade-many")).load_module()
    tree = os.path.join(scratch, "graders")
    names = grade_many.grader_files(HERE)
    for name in names:
        os.makedirs(os.path.dirname(os.path.join(tree, name)), exist_ok=True)
        shutil.copy2(os.path.join(HERE, name), os.path.join(tree, name))
    problems = []
    for name in names:
        with open(os.path.join(tree, name), "a") as f:
            f.write("\n# edited\n")
        problems += restore_problems(tree, grade_many, name)
        os.remove(os.path.join(tree, name))
        problems += restore_problems(tree, grade_many, name)
    with open(os.path.join(tree, "grade", "extra.py"), "w") as f:
        f.write("# a test of the submission's own\n")
    problems += restore_problems(tree, grade_many, "grade/extra.py")
    for want in ("gradelib.py", "grade/classic.py", "grade/runner.py",
                 "tests/classic-grade-lab4", "grade/boot.py"):
        if want not in names:
            problems.append("%s is not a grader file" % want)
    return problems


def main():
    with tempfile.TemporaryDirectory(prefix="test-grade-many.") as scratch:
        problems = check_restore(scratch)
        for p in problems:
            print("grade-many: " + p)
        if problems:
            sys.exit(1)
        folder = os.path.join(scratch, "submissions")
        os.makedirs(folder)
        make_submissions(folder, scratch)
        out = os.path.join(scratch, "scores.csv")
        subprocess.run([sys.executable, os.path.join(HERE, "tools",
                                                     "grade-many"),
                        "--lab", "1", "--timeout", str(LIMIT),
                        "--out", out, folder], check=True)
        with open(out) as f:
            text = f.read()
        print(text, end="")
        rows = list(csv.DictReader(text.splitlines()))
    problems = check(rows)
    for p in problems:
        print("grade-many: " + p)
    if problems:
        sys.exit(1)
    print("grade-many: ok")


if __name__ == "__main__":
    main()
