"""Crash tests of the file system (lab 5): power cuts at chosen disk writes.

Each cut boots user/fscrash.c (seven stages of creating, writing past the
direct blocks, shrinking, removing and filling the disk, each ending with
a sync) on a fresh copy of the clean disk, with "POWERCUT N" in block 0
(fs/powercut.c): the server stops after its N-th disk write.  Then
tools/fsck.py checks the disk as the cut left it (blocks marked used that
nothing names allowed), and what was synced must be there.  Then the same
disk boots user/fscheck.c, which reads every file and writes and removes
one, and the disk must be exactly consistent (the server's start-up
repair freed any such block) with the synced data still there.

make grade cuts at two points in each stage; make stress
(tools/stress.py) at 200 spread over the whole workload.
"""

import os
import re
import shutil
import subprocess
import sys

from grade.runner import fail, kernel_files, make, test
from grade.lab5fs import boot_until

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))), "tools"))
import fsck  # noqa: E402

CLEAN = "obj/fs/clean-fs.img"
STAGES = 7
CUTS = 2 * STAGES - 1


def pattern(seed, n):
    """What user/fscrash.c writes: byte i is (seed*37 + i*7 + i/4096) % 251."""
    return bytes((seed * 37 + i * 7 + i // 4096) % 251 for i in range(n))


def synced_files(stage, fill):
    """The workload's files once stage is synced: {path: contents}."""
    files = {}
    if 1 <= stage < 4:
        files["/a"] = pattern(1, 20000 if stage < 3 else 30000)
    if 2 <= stage < 6:
        files["/b"] = pattern(2, 60000 if stage < 3 else 15001)
    if stage >= 6:
        files["/b"] = pattern(6, 45000)
    if stage >= 4:
        files["/c"] = pattern(4, 50000)
    if stage == 5:
        files["/fill"] = pattern(5, fill)
    if stage >= 7:
        files["/d/e"] = pattern(7, 12000)
    return files


# What each stage changes: after a cut during it, these may hold anything
# consistent.
TOUCHED = {1: {"/a"}, 2: {"/b"}, 3: {"/a", "/b"}, 4: {"/a", "/c"},
           5: {"/fill"}, 6: {"/fill", "/b"}, 7: {"/d/e"}, 8: set()}
WORKLOAD = {"/a", "/b", "/c", "/fill", "/d/e", "/after"}


def check_disk(path, leaks_ok, stage, fill, clean):
    """Problems of the disk at path after stage was synced."""
    with open(path, "rb") as f:
        problems, files = fsck.check(f.read(), leaks_ok)
    want = synced_files(stage, fill)
    for name in WORKLOAD - TOUCHED[stage + 1]:
        if name in want and files.get(name) != want[name]:
            problems.append("%s lost what stage %d synced (%s)" %
                            (name, stage, "missing" if name not in files
                             else "%d bytes" % len(files[name])))
        elif name not in want and name in files:
            problems.append("%s is there after stage %d" % (name, stage))
    for name, data in clean.items():
        if files.get(name) != data:
            problems.append("%s of the clean disk changed" % name)
    return problems


def mark(path, cut):
    """Write block 0's power-cut tag (cut None: clear it)."""
    with open(path, "r+b") as f:
        f.write(("POWERCUT %d\0" % cut).encode() if cut else bytes(512))


def census(deadline):
    """The disk writes of the whole workload: the count at each sync."""
    path = "obj/fs/crash-census.img"
    shutil.copyfile(CLEAN, path)
    mark(path, 4000000000)
    out = boot_until(kernel_files("fscrash", 5)[0], r"^fscrash: done$",
                     deadline, fs_disk=path)
    os.remove(path)
    return [int(n) for n in
            re.findall(r"^fs: sync done after disk write (\d+)$", out, re.M)]


def run_cut(cut, deadline, clean):
    """Cut the power at disk write cut; returns (transcript, problems)."""
    path = "obj/fs/crash-%d.img" % cut
    shutil.copyfile(CLEAN, path)
    mark(path, cut)
    first = boot_until(kernel_files("fscrash", 5)[0],
                       r"^(fs: power cut after disk write \d+|"
                       r"fscrash: done)$", deadline, fs_disk=path)
    stages = re.findall(r"^fscrash: synced (\d+)$", first, re.M)
    stage = int(stages[-1]) if stages else 0
    fill = re.search(r"^fscrash: /fill holds (\d+) bytes$", first, re.M)
    fill = int(fill[1]) if fill else 0
    problems = []
    if not re.search(r"^(fs: power cut after disk write %d|fscrash: done)$"
                     % cut, first, re.M):
        problems.append("boot 1 did not reach the cut")
    problems += ["after the cut: " + p for p in
                 check_disk(path, True, stage, fill, clean)]
    mark(path, None)
    second = boot_until(kernel_files("fscheck", 5)[0], r"^fscheck: done$",
                        deadline, fs_disk=path)
    if not re.search(r"^fscheck: done$", second, re.M):
        problems.append("boot 2 did not finish fscheck")
    problems += ["after boot 2: " + p for p in
                 check_disk(path, False, stage, fill, clean)]
    if re.search(r"user panic", first + second):
        problems.append(re.search(r".*user panic.*", first + second)[0])
    os.remove(path)
    return ("--- cut at %d, after stage %d ---\n%s\n--- boot 2 ---\n%s" %
            (cut, stage, first, second)), problems


def clean_files():
    with open(CLEAN, "rb") as f:
        return fsck.check(f.read())[1]


def cut_points(syncs, count):
    """count distinct writes to cut at: with count below 2 * STAGES, two
    in each stage, early and half-way; else spread evenly over the whole
    workload (all of its writes, if it makes fewer than count)."""
    if count < 2 * STAGES:
        bounds = [0] + syncs
        return sorted({p for a, b in zip(bounds, bounds[1:])
                       for p in (min(a + 2, b), (a + b + 1) // 2)})
    total = syncs[-1]
    count = min(count, total)
    return sorted({1 + k * (total - 1) // (count - 1) for k in range(count)})


def crash_driver(port, deadline, count=CUTS, progress=None):
    """Cut the power at count points; a transcript ending in the problems
    found, one "PROBLEM:" line each.  progress(cut, problems), if given,
    is called after each cut."""
    make(["-s", kernel_files("fscheck", 5)[0]])
    syncs = census(deadline)
    if len(syncs) != STAGES:
        return "census: %d syncs seen, want %d\nPROBLEM: no census" % (
            len(syncs), STAGES)
    clean = clean_files()
    text = ["census: syncs after writes %s" % syncs]
    for cut in cut_points(syncs, count):
        try:
            transcript, problems = run_cut(cut, deadline, clean)
        except subprocess.TimeoutExpired:
            transcript, problems = "", ["no end before the deadline"]
        text.append(transcript)
        text += ["PROBLEM: cut %d: %s" % (cut, p) for p in problems]
        if progress:
            progress(cut, problems)
    return "\n".join(text)


@test("fscrash", prog="fscrash", lab=5, timeout=900, driver=crash_driver)
def _(out):
    """The disk is consistent after a power cut at two points of each
    stage of the workload, and after the next boot; synced data is
    there."""
    problems = re.findall(r"^PROBLEM: (.*)$", out.transcript, re.M)
    if problems:
        fail("%d problems: %s" % (len(problems), "; ".join(problems[:5])))
