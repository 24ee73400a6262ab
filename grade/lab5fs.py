"""Tests of the file system (lab 5, part A): the server's start-up checks,
the file protocol and the fd layer, I/O privilege, and the server's
answers to bad requests, a full disk, many clients and a reboot.

Every test here runs at lab 5: the kernel starts the file server as env
00001000, then the program as 00001001.  What the data files of fs/ hold
is read from them here, never written into a regular expression.
"""

import os
import re
import select
import shutil
import subprocess
import time

from grade.runner import fail, kernel_files, make, test

SERVER = "00001000"
PROGRAM = "00001001"
GP_FAULT = r"^  trap 0x0000000d General Protection$"


def file_lines(path):
    """The lines of a data file of fs/, as regexps matching them whole."""
    with open(path) as f:
        return [r"^%s$" % re.escape(line) for line in f.read().splitlines()]


# --- the server's start-up checks (fs/*.c), on hello's boot ------------------

FS_STARTUP = [
    ("fs_io", "FS can do I/O"),
    ("fs_block_cache", "block cache is good"),
    ("fs_superblock", "superblock is good"),
    ("fs_bitmap", "bitmap is good"),
    ("fs_alloc_block", "alloc_block is good"),
    ("fs_file_open", "file_open is good"),
    ("fs_file_get_block", "file_get_block is good"),
    ("fs_file_flush", "file_flush is good"),
    ("fs_file_truncate", "file_truncate is good"),
    ("fs_file_rewrite", "file rewrite is good"),
]

test("fs_envs", prog="hello", lab=5,
     expect=[r"^\[00000000\] new env %s$" % SERVER,
             r"^\[00000000\] new env %s$" % PROGRAM,
             r"^FS is running$",
             r"^i am environment %s$" % PROGRAM,
             r"^No runnable environments in the system!$"],
     ordered=False, forbid=[r"user panic", GP_FAULT])

for name, line in FS_STARTUP:
    test(name, prog="hello", lab=5, expect=[r"^%s$" % re.escape(line)],
         forbid=[r"user panic", GP_FAULT])


@test("fs_startup_order", prog="hello", lab=5)
def _(out):
    """The server's lines come in the classic order (the program's own
    lines may come between them)."""
    want = ["FS is running"] + [line for _, line in FS_STARTUP]
    got = [line for line in out.lines if line in want]
    if got != want:
        fail("server start-up lines %r, want %r" % (got, want))


# --- the file protocol and the fd layer: user/testfile.c ------------------

TESTFILE = [
    ("testfile_serve_open", ["serve_open is good", "file_stat is good"]),
    ("testfile_read", ["file_read is good"]),
    ("testfile_close_stale", ["file_close is good", "stale fileid is good"]),
    ("testfile_write", ["file_write is good"]),
    ("testfile_read_after_write", ["file_read after file_write is good"]),
    ("testfile_open", ["open is good"]),
    ("testfile_large_file", ["large file is good"]),
]

for name, lines in TESTFILE:
    test(name, prog="testfile", lab=5,
         expect=[r"^%s$" % re.escape(line) for line in lines],
         forbid=[r"user panic"])


# --- I/O privilege: only the server has it --------------------------------

for lab in (4, 5):
    test("faultio_lab%d" % lab, prog="faultio", lab=lab,
         expect=[r"^TRAP frame at", GP_FAULT,
                 r"^\[0000100[01]\] free env 0000100[01]$"],
         forbid=[r"eflags wrong", r"made it here", r"user panic"])


# --- writemotd: truncate a file and copy another into it --------------

test("writemotd", prog="writemotd", lab=5,
     expect=[r"^file descriptors \d+ \d+$", r"^OLD MOTD$", r"^===$"]
     + file_lines("fs/motd")
     + [r"^===$", r"^NEW MOTD$", r"^===$"]
     + file_lines("fs/newmotd") + [r"^===$",
                                   r"^\[%s\] exiting gracefully$" % PROGRAM],
     forbid=[r"user panic"])


# --- bad requests: user/fsbadreq.c ------------------------------------

BADREQ_CHECKS = ["unknown request code", "bad file ids",
                 "huge sizes and offsets", "bad paths and modes",
                 "read-only and unmapped request pages",
                 "clients that send no page, vanish or never receive"]

test("fsbadreq", prog="fsbadreq", lab=5,
     expect=[r"^Invalid request code 99 from %s$" % PROGRAM]
     + [r"^fsbadreq: %s ok$" % re.escape(c) for c in BADREQ_CHECKS]
     + [r"^Invalid request from 00001002: no argument page$",
        r"^fsbadreq: the server survived$",
        r"^\[%s\] exiting gracefully$" % PROGRAM],
     ordered=False, forbid=[r"user panic", r"user fault"])


@test("fsbadreq_order", prog="fsbadreq", lab=5)
def _(out):
    """The checks ran in order, each after the one before passed."""
    got = [m[1] for m in out.grep(r"^fsbadreq: (.*) ok$")]
    if got != BADREQ_CHECKS:
        fail("checks passed: %r, want %r" % (got, BADREQ_CHECKS))


# --- a full disk, many clients, directories and the fd layer ---------------

test("fsfull", prog="fsfull", lab=5, timeout=60,
     expect=[r"^fsfull: disk full after \d+ blocks: no free space on disk$",
             r"^fsfull: nothing corrupted$",
             r"^fsfull: space is back after remove$",
             r"^\[%s\] exiting gracefully$" % PROGRAM],
     forbid=[r"user panic", r"user fault"])

test("fsconcurrent", prog="fsconcurrent", lab=5, cpus=4, timeout=60,
     expect=[r"^fsconcurrent: client %d ok$" % k for k in range(6)]
     + [r"^fsconcurrent: all 6 clients ok$"],
     ordered=False, forbid=[r"user panic", r"user fault"])

FSDIRS_CHECKS = ["mkdir", "create and exclusive create", "truncate",
                 "dup and seek", "bad modes", "paths", "remove",
                 "removed while open", "raw directory reads",
                 "fd exhaustion"]

test("fsdirs", prog="fsdirs", lab=5,
     expect=[r"^fsdirs: %s ok$" % re.escape(c) for c in FSDIRS_CHECKS]
     + [r"^fsdirs: done$"],
     forbid=[r"user panic", r"user fault"])


# --- where data used to be lost: user/fsedges.c -----------------------------

FSEDGES_CHECKS = [("fsedges_dup_self", "dup onto itself"),
                  ("fsedges_failed_write", "failed write frees"),
                  ("fsedges_refused_open", "refused opens")]

for name, check in FSEDGES_CHECKS:
    test(name, prog="fsedges", lab=5, timeout=120,
         expect=[r"^fsedges: %s ok$" % re.escape(check)],
         forbid=[r"user panic", r"user fault"])


# --- no memory left: user/fsnomem.c -------------------------------------

test("fsnomem", prog="fsnomem", lab=5, timeout=120,
     expect=[r"^fsnomem: \d+ calls refused, the server lives on$",
             r"^fsnomem: done$"],
     forbid=[r"user panic", r"user fault"])


# --- persistence: the same disk, booted twice without -snapshot ---------

PERSIST_IMAGE = "obj/fs/persist.img"


def boot_until(kernel_img, line, deadline, fs_disk=PERSIST_IMAGE):
    """Boot kernel_img with fs_disk (writable; None: no second disk) until
    a whole line matching line appears (or the kernel's monitor prompt, or
    deadline); return the console output.  QEMU is killed by its pid."""
    qemu = make(["-s", "print-qemu"], stdout=subprocess.PIPE,
                text=True).stdout.strip()
    disk = []
    if fs_disk:
        disk = ["-drive", "file=%s,index=1,media=disk,format=raw" % fs_disk]
    proc = subprocess.Popen(
        [qemu, "-display", "none", "-serial", "mon:stdio", "-no-reboot",
         "-nic", "none",
         # The boot disk is shared with other runs: never written.
         "-drive", "file=%s,index=0,media=disk,format=raw,snapshot=on"
         % kernel_img] + disk,
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT)
    out = b""
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([proc.stdout], [], [], 0.1)
            if ready:
                data = os.read(proc.stdout.fileno(), 65536)
                if not data:
                    break
                out += data
            text = out.decode("utf-8", "replace").replace("\r\n", "\n")
            complete = text[:text.rfind("\n") + 1]
            if re.search(line, complete, re.M) or "\nK> " in text:
                return text
        if proc.poll() is not None:
            return out.decode("utf-8", "replace") + \
                "\nQEMU exited with status %d" % proc.returncode
        raise subprocess.TimeoutExpired("qemu", 0, out)
    finally:
        proc.terminate()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def persist_driver(port, deadline):
    """Write /persist on a fresh copy of the clean disk, reboot, read it
    back: a transcript of both boots' consoles."""
    shutil.copyfile("obj/fs/clean-fs.img", PERSIST_IMAGE)
    image, _ = kernel_files("fspersist", 5)
    # Whole lines: the console may stop in the middle of one.
    first = boot_until(image, r"^fspersist: wrote.*\n", deadline)
    second = boot_until(image, r"^fspersist: /persist survived.*\n",
                        deadline)
    return "--- first boot ---\n%s\n--- second boot ---\n%s" % (first, second)


@test("fspersist", prog="fspersist", lab=5, timeout=60,
      driver=persist_driver)
def _(out):
    """A file written and synced on one boot reads back on the next."""
    first, _, second = out.transcript.partition("--- second boot ---")
    if not re.search(r"^fspersist: wrote /persist$", first, re.M):
        fail("the first boot did not write /persist")
    if not re.search(r"^fspersist: /persist survived the reboot$", second,
                     re.M):
        fail("the second boot did not find /persist as written")
    if re.search(r"user panic", out.transcript):
        fail("a user panic: %s" % re.search(r".*user panic.*",
                                            out.transcript)[0])


# --- no file-system disk: a clear error, no hang -------------------------

def no_disk_driver(port, deadline):
    """Boot hello's lab-5 kernel without the second disk."""
    image, _ = kernel_files("hello", 5)
    return boot_until(image, r"^No runnable environments", deadline,
                      fs_disk=None)


@test("fs_no_disk", prog="hello", lab=5, driver=no_disk_driver)
def _(out):
    """Without disk 1 the server says so, tries disk 0 (the kernel's),
    finds no file system there and stops with a panic line, promptly,
    which leaves the kernel in its monitor.  (Whether hello ran first
    depends on when the first timer tick takes the CPU from the server.)"""
    text = out.transcript
    for line in [r"^Device 1 presence: 0$",
                 r"^\[%s\] user panic in fs at fs/fs\.c:\d+: "
                 r"bad file system magic number [0-9a-f]{8}$" % SERVER,
                 r"^Welcome to the JOS kernel monitor!$"]:
        if not re.search(line, text, re.M):
            fail("missing: /%s/" % line)
