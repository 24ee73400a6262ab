"""Checks of the source itself: no definition nobody uses.

A macro defined in a header of inc/ or kern/ must be used somewhere else
in the tree, or it is dead weight a reader has to understand for nothing
(T_DEFAULT, USED and MC_NVRAM_SIZE were).  Headers that transcribe the
hardware or a file format (inc/mmu.h, inc/elf.h, inc/x86.h, the vector
numbers of inc/trap.h) are complete tables on purpose and not checked.
"""

import glob
import os
import re

from grade.runner import fail, test

TABLES = {"inc/mmu.h", "inc/elf.h", "inc/x86.h"}
VECTOR = re.compile(r"^(T_|IRQ_)")
SOURCES = ("*.c", "*.h", "*.S", "*.ld", "*.py", "Makefrag", "GNUmakefile")


def tree_sources():
    """path -> text of every source file of the tree (not obj/)."""
    paths = set()
    for pattern in SOURCES:
        paths.update(p for p in glob.glob("**/" + pattern, recursive=True)
                     if not p.startswith("obj/"))
    texts = {}
    for path in sorted(paths):
        with open(path, errors="replace") as f:
            texts[path] = f.read()
    return texts


def unused_macros(deadline):
    """The header macros used nowhere but in their own #define line, one
    "HEADER: NAME" line each."""
    texts = tree_sources()
    unused = []
    for header in sorted(glob.glob("inc/*.h") + glob.glob("kern/*.h")):
        if header in TABLES:
            continue
        for m in re.finditer(r"^#\s*define\s+(\w+)", texts[header], re.M):
            name = m[1]
            if name.startswith("JOS_") or (header == "inc/trap.h" and
                                           VECTOR.match(name)):
                continue
            word = re.compile(r"\b%s\b" % re.escape(name))
            uses = sum(len(word.findall(t)) for t in texts.values())
            if uses <= 1:
                unused.append("%s: %s" % (header, name))
    return "\n".join(unused)


@test("unused_definitions", host=unused_macros)
def _(out):
    """Every macro of the kernel's and the library's headers is used."""
    if out.text:
        fail("defined and never used:\n" + out.text)
