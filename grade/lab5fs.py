"""Tests of the file system (lab 5, part A): the server's start-up checks,
the file protocol and the fd layer, I/O privilege, and the server's
answers to bad requests, a full disk, many clients and a reboot.

Every test here runs at lab 5: the kernel starts the file server as env
00001000, then the program as 00001001.  What the data files of fs/ hold
is read from them here, never written into a regular expression.
"""

import re

from gradelib import fail, test

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
    """The server's lines come in the contract's order (the program's own
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
