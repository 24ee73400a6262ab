#!/usr/bin/env python3
"""Generate the kernel's debug table from ELF symbols and DWARF lines.

    mkdebugtab.py --empty OUT.S      write a valid table with no entries
    mkdebugtab.py KERNEL_ELF OUT.S   write the table for KERNEL_ELF

The table describes the kernel and every user program embedded in it (the
ELF images between _binary_*_start and _binary_*_end symbols), so that a
backtrace can name user functions too.  Those images have no DWARF data:
their line tables come from obj/user/NAME.debug (obj/fs/fs.debug for the
file server), which the build links them from.

OUT.S is GNU assembler source whose data all lives in section .kdebug.
kern/kdebug.c reads it through these global symbols:

    kdebug_nmods, kdebug_mods     one module per program, the kernel first:
        {u32 name, u32 text_va, u32 text_len, u32 text_hash,
         u32 func_first, u32 nfuncs, u32 line_first, u32 nlines}
        A user program is recognized by the FNV-1a hash of its code
        segment's text_len bytes at text_va; the kernel has text_len 0.
    kdebug_funcs                  each module's functions, by address:
        {u32 addr, u32 size, u32 name}
    kdebug_lines                  each module's line rows, by address:
        {u32 addr, u16 file, u16 line}
        A row covers the addresses up to the next row; line 0 marks code
        with no source line (the end of a DWARF sequence).
    kdebug_nfiles, kdebug_files   u32 string offset of each file name
    kdebug_strings                NUL-terminated names (offsets above)

File names are made relative to the current directory (the top of the
tree, where make runs) when they lie under it.  The kernel's code
addresses do not depend on the table, which the kernel's linker script
places after all code: the table from a first link fits the final one.
"""

import os
import re
import sys

from elfinfo import Elf, line_rows


def compact_rows(rows, code):
    """Sort rows, keep those inside the code ranges [(lo, hi)] (an end mark
    may sit at hi), keep the last row at each address, and drop rows that
    repeat the previous location."""
    by_addr = {}
    for i, (addr, path, line) in enumerate(rows):
        if not any(lo <= addr <= hi for lo, hi in code):
            continue
        # A sequence that starts where another ends wins over the end mark.
        key = (line != 0, i)
        if addr not in by_addr or key > by_addr[addr][0]:
            by_addr[addr] = (key, path, line)
    out = []
    for addr in sorted(by_addr):
        _, path, line = by_addr[addr]
        if out and out[-1][1:] == (path, line):
            continue
        out.append((addr, path, line))
    return out


def relpath(path):
    """path, normalized, and relative to the current directory when it
    lies under it."""
    path = os.path.normpath(path)
    if os.path.isabs(path):
        rel = os.path.relpath(path)
        if not rel.startswith(".."):
            return rel
    return path


def fnv1a(data):
    """32-bit FNV-1a hash; kern/kdebug.c computes the same."""
    h = 0x811C9DC5
    for b in data:
        h = ((h ^ b) * 0x01000193) & 0xFFFFFFFF
    return h


def module(name, elf, recognize):
    """A module's (name, text_va, text_len, hash, funcs, lines).  With
    recognize, describe the code segment that identifies the program."""
    rows = [(a, relpath(p), ln) for a, p, ln in line_rows(elf)]
    va, text = elf.code_segment() if recognize else (0, b"")
    return (name, va, len(text), fnv1a(text) if recognize else 0,
            elf.functions(), compact_rows(rows, elf.code_ranges()))


# Where the build keeps the unstripped program of an embedded one: the
# symbol's path prefix, and the directory of NAME.debug.
DEBUG_DIRS = [("obj_user_", "obj/user"), ("obj_fs_", "obj/fs")]


def with_debug_info(path, data):
    """The ELF of an embedded program whose symbol path is path: the
    kernel embeds programs without their DWARF data, which the build
    keeps in DIR/NAME.debug; use that when its code is the same."""
    for prefix, directory in DEBUG_DIRS:
        if not path.startswith(prefix):
            continue
        debug = os.path.join(directory, path[len(prefix):] + ".debug")
        if os.path.exists(debug):
            with open(debug, "rb") as f:
                elf = Elf(f.read())
            if elf.code_segment() == Elf(data).code_segment():
                return elf
    return Elf(data)


def embedded_programs(kernel):
    """[(name, Elf)] for the ELF images embedded in the kernel."""
    syms = {name: value for name, value, _, _, _, _ in kernel.symbols()}
    progs = []
    for name in sorted(syms):
        m = re.match(r"_binary_(\w+)_start$", name)
        if not m or "_binary_%s_end" % m[1] not in syms:
            continue
        start, end = syms[name], syms["_binary_%s_end" % m[1]]
        data = kernel.bytes_at(start, end - start)
        if data[:4] == b"\x7fELF":
            short = re.sub(r"^obj_(user|fs)_", "", m[1])
            progs.append((short, with_debug_info(m[1], data)))
    return progs


class Strings:
    """A string table that stores each distinct string once."""

    def __init__(self):
        self.offsets, self.parts, self.size = {}, [], 0

    def add(self, s):
        if s not in self.offsets:
            self.offsets[s] = self.size
            self.parts.append(s)
            self.size += len(s.encode()) + 1
        return self.offsets[s]


def asm_string(s):
    """s as a GNU as string literal."""
    out = []
    for ch in s.encode():
        if ch in (0x22, 0x5C):
            out.append("\\" + chr(ch))
        elif 0x20 <= ch < 0x7F:
            out.append(chr(ch))
        else:
            out.append("\\%03o" % ch)
    return '"' + "".join(out) + '"'


def write_table(out, modules):
    """Write the assembler source for modules, as made by module()."""
    strings = Strings()
    files, file_index = [], {}
    mods, funcs, lines = [], [], []
    for name, va, length, hsh, mfuncs, mlines in modules:
        mods.append((strings.add(name), va, length, hsh,
                     len(funcs), len(mfuncs), len(lines), len(mlines)))
        funcs += [(a, s, strings.add(n)) for a, s, n in mfuncs]
        for addr, path, line in mlines:
            if path not in file_index:
                file_index[path] = len(files)
                files.append(strings.add(path))
            lines.append((addr, file_index[path], min(line, 0xFFFF)))

    w = out.write
    w("/* Generated by tools/mkdebugtab.py: do not edit. */\n")
    w('\t.section .kdebug,"a"\n\t.p2align 2\n')
    for sym in ("kdebug_nmods", "kdebug_mods", "kdebug_funcs",
                "kdebug_lines", "kdebug_nfiles", "kdebug_files",
                "kdebug_strings"):
        w("\t.globl %s\n" % sym)
    w("kdebug_nmods:\n\t.long %d\n" % len(mods))
    w("kdebug_nfiles:\n\t.long %d\n" % len(files))
    w("kdebug_mods:\n")
    for row in mods:
        w("\t.long %d, 0x%x, %d, 0x%x, %d, %d, %d, %d\n" % row)
    w("kdebug_funcs:\n")
    for row in funcs:
        w("\t.long 0x%x, %d, %d\n" % row)
    w("kdebug_lines:\n")
    for row in lines:
        w("\t.long 0x%x\n\t.short %d, %d\n" % row)
    w("kdebug_files:\n")
    for off in files:
        w("\t.long %d\n" % off)
    w("kdebug_strings:\n")
    for s in strings.parts:
        w("\t.asciz %s\n" % asm_string(s))
    # Keep the size a multiple of 4 so that whatever follows stays aligned.
    w("\t.p2align 2\n")
    # Data only: the object needs no executable stack.
    w('\t.section .note.GNU-stack,"",@progbits\n')


def main(argv):
    if len(argv) == 3 and argv[1] == "--empty":
        with open(argv[2], "w") as out:
            write_table(out, [])
        return 0
    if len(argv) != 3:
        sys.stderr.write("usage: mkdebugtab.py --empty OUT.S\n"
                         "       mkdebugtab.py KERNEL_ELF OUT.S\n")
        return 2
    with open(argv[1], "rb") as f:
        kernel = Elf(f.read())
    if not kernel.functions():
        sys.stderr.write("mkdebugtab: %s has no function symbols\n" % argv[1])
        return 1
    modules = [module("kernel", kernel, False)]
    modules += [module(name, elf, True)
                for name, elf in embedded_programs(kernel)]
    with open(argv[2], "w") as out:
        write_table(out, modules)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
