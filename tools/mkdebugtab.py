#!/usr/bin/env python3
"""Generate the kernel's debug table from its ELF symbols and DWARF lines.

    mkdebugtab.py --empty OUT.S      write a valid table with no entries
    mkdebugtab.py KERNEL_ELF OUT.S   write the table for KERNEL_ELF

OUT.S is GNU assembler source whose data all lives in section .kdebug.
kern/kdebug.c reads it through these global symbols:

    kdebug_nfuncs, kdebug_funcs   functions sorted by address:
                                  {u32 addr, u32 size, u32 name}
    kdebug_nlines, kdebug_lines   line rows sorted by address:
                                  {u32 addr, u16 file, u16 line}
    kdebug_nfiles, kdebug_files   u32 string offset of each file name
    kdebug_strings                NUL-terminated names (offsets above)

An assembly label, which has no size of its own, gets one that extends
to the next symbol or the end of its section.
A line row covers addresses up to the next row; line 0 marks a gap with
no source (the end of a DWARF sequence).  File names are made relative to
the current directory when they lie under it.

Only the Python 3 standard library is used: the ELF symbol table and the
DWARF .debug_line program (versions 2 to 5) are decoded here directly.
"""

import os
import struct
import sys
import zlib

SHT_SYMTAB = 2
SHF_EXECINSTR = 0x4
SHF_COMPRESSED = 0x800
STT_NOTYPE, STT_FUNC = 0, 2
STB_LOCAL = 0


class Elf:
    """The sections of a little-endian ELF file (32- or 64-bit)."""

    def __init__(self, data):
        if data[:4] != b"\x7fELF" or data[5] != 1:
            raise ValueError("not a little-endian ELF file")
        self.data = data
        self.is64 = data[4] == 2
        if self.is64:
            shoff, = struct.unpack_from("<Q", data, 0x28)
            shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3A)
            fmt = "<IIQQQQIIQQ"
        else:
            shoff, = struct.unpack_from("<I", data, 0x20)
            shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x2E)
            fmt = "<IIIIIIIIII"
        self.sections = [struct.unpack_from(fmt, data, shoff + i * shentsize)
                         for i in range(shnum)]
        names = self.sections[shstrndx]
        self.names = [self._cstr(names[4], names[5], s[0])
                      for s in self.sections]

    def _cstr(self, off, size, pos):
        end = self.data.index(b"\0", off + pos, off + size)
        return self.data[off + pos:end].decode("utf-8", "replace")

    def contents(self, index):
        """Bytes of section index, decompressed if need be."""
        sh = self.sections[index]
        raw = self.data[sh[4]:sh[4] + sh[5]]
        if sh[2] & SHF_COMPRESSED:
            hdr = 24 if self.is64 else 12
            raw = zlib.decompress(raw[hdr:])
        return raw

    def code_ranges(self):
        """[(lo, hi)] address ranges of the loaded executable sections."""
        return [(sh[3], sh[3] + sh[5]) for sh in self.sections
                if sh[2] & SHF_EXECINSTR and sh[5] > 0]

    def section(self, name):
        """Contents of the named section, or None."""
        if name in self.names:
            return self.contents(self.names.index(name))
        return None

    def functions(self):
        """[(addr, size, name)] for code symbols, one per address."""
        best = {}
        for i, sh in enumerate(self.sections):
            if sh[1] != SHT_SYMTAB:
                continue
            syms = self.contents(i)
            strtab = self.contents(sh[6])
            entsize = 24 if self.is64 else 16
            for off in range(entsize, len(syms), entsize):
                if self.is64:
                    name, info, _, shndx, value, size = \
                        struct.unpack_from("<IBBHQQ", syms, off)
                else:
                    name, value, size, info, _, shndx = \
                        struct.unpack_from("<IIIBBH", syms, off)
                kind, bind = info & 0xF, info >> 4
                if kind not in (STT_NOTYPE, STT_FUNC):
                    continue
                if shndx == 0 or shndx >= len(self.sections):
                    continue
                sec = self.sections[shndx]
                if not sec[2] & SHF_EXECINSTR:
                    continue
                # Skip symbols defined outside their section's addresses,
                # such as the kernel's physical entry point _start.
                if not sec[3] <= value < sec[3] + sec[5]:
                    continue
                text = strtab[name:strtab.index(b"\0", name)].decode()
                if not text or text.startswith((".L", "$")):
                    continue
                # Prefer a real function over a label, a global over a
                # local, at the same address.
                rank = (kind == STT_FUNC, bind != STB_LOCAL)
                if value not in best or rank > best[value][0]:
                    best[value] = (rank, size, text, sec[3] + sec[5])
        return self._sized(sorted((a, s, n, end) for a, (_, s, n, end)
                                  in best.items()))

    @staticmethod
    def _sized(syms):
        """Give each sizeless label (an assembly symbol) the size up to
        the next symbol or the end of its section."""
        out = []
        for i, (addr, size, name, end) in enumerate(syms):
            if size == 0:
                nxt = syms[i + 1][0] if i + 1 < len(syms) else end
                size = min(nxt, end) - addr
            out.append((addr, size, name))
        return out


class Reader:
    """A cursor over DWARF data."""

    def __init__(self, data, pos=0):
        self.data, self.pos = data, pos

    def fixed(self, fmt):
        vals = struct.unpack_from("<" + fmt, self.data, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return vals[0] if len(vals) == 1 else vals

    def uleb(self):
        val = shift = 0
        while True:
            b = self.data[self.pos]
            self.pos += 1
            val |= (b & 0x7F) << shift
            shift += 7
            if b < 0x80:
                return val

    def sleb(self):
        val = shift = 0
        while True:
            b = self.data[self.pos]
            self.pos += 1
            val |= (b & 0x7F) << shift
            shift += 7
            if b < 0x80:
                return val - (1 << shift) if b & 0x40 else val

    def cstr(self):
        end = self.data.index(b"\0", self.pos)
        s = self.data[self.pos:end].decode("utf-8", "replace")
        self.pos = end + 1
        return s


def strx(section, off):
    """The NUL-terminated string at off in a string section."""
    return section[off:section.index(b"\0", off)].decode("utf-8", "replace")


# DWARF 5 forms that can appear in a line table's directory and file lists.
DW_FORM_block, DW_FORM_block1, DW_FORM_block2, DW_FORM_block4 = 0x09, 0x0A, 0x03, 0x04
DW_FORM_data1, DW_FORM_data2, DW_FORM_data4, DW_FORM_data8 = 0x0B, 0x05, 0x06, 0x07
DW_FORM_data16, DW_FORM_string, DW_FORM_strp = 0x1E, 0x08, 0x0E
DW_FORM_udata, DW_FORM_line_strp = 0x0F, 0x1F
DW_LNCT_path, DW_LNCT_directory_index = 1, 2


def read_form(r, form, offsize, strs):
    """Read one attribute value of the given form."""
    if form == DW_FORM_string:
        return r.cstr()
    if form in (DW_FORM_strp, DW_FORM_line_strp):
        off = r.fixed("Q" if offsize == 8 else "I")
        table = strs[".debug_line_str" if form == DW_FORM_line_strp
                     else ".debug_str"]
        return strx(table, off)
    if form == DW_FORM_udata:
        return r.uleb()
    sizes = {DW_FORM_data1: 1, DW_FORM_data2: 2, DW_FORM_data4: 4,
             DW_FORM_data8: 8, DW_FORM_data16: 16}
    if form in sizes:
        r.pos += sizes[form]
        return None
    blocks = {DW_FORM_block: None, DW_FORM_block1: "B",
              DW_FORM_block2: "H", DW_FORM_block4: "I"}
    if form in blocks:
        r.pos += r.uleb() if blocks[form] is None else r.fixed(blocks[form])
        return None
    raise ValueError("unsupported DWARF form 0x%x in .debug_line" % form)


def read_entry_list(r, offsize, strs):
    """A DWARF 5 directory or file list: [{content type: value}]."""
    formats = [(r.uleb(), r.uleb()) for _ in range(r.fixed("B"))]
    return [{kind: read_form(r, form, offsize, strs) for kind, form in formats}
            for _ in range(r.uleb())]


def line_header(r, version, offsize, strs):
    """Read the file list of a line program header: [path]."""
    if version >= 5:
        dirs = [e.get(DW_LNCT_path, "")
                for e in read_entry_list(r, offsize, strs)]
        files = read_entry_list(r, offsize, strs)
        return [os.path.join(dirs[f.get(DW_LNCT_directory_index, 0)],
                             f.get(DW_LNCT_path, "")) for f in files]
    dirs = [strs["comp_dir"]]
    while True:
        d = r.cstr()
        if not d:
            break
        dirs.append(d)
    files = [None]          # before DWARF 5, file numbers start at 1
    while True:
        name = r.cstr()
        if not name:
            break
        d = r.uleb()
        r.uleb()
        r.uleb()
        files.append(os.path.join(dirs[d], name))
    return files


def run_program(r, end, hdr, files, rows):
    """Run one line number program, appending (addr, path, line) to rows.
    The end of each sequence is recorded with line 0."""
    min_inst, default_stmt, line_base, line_range, opcode_base, lengths = hdr
    addr, file, line = 0, 1, 1

    def emit(ln):
        path = files[file] if 0 <= file < len(files) else None
        rows.append((addr, path or "<unknown>", ln))

    while r.pos < end:
        op = r.fixed("B")
        if op >= opcode_base:                   # special opcode
            adj = op - opcode_base
            addr += (adj // line_range) * min_inst
            line += line_base + adj % line_range
            emit(line)
        elif op == 0:                           # extended opcode
            size = r.uleb()
            start = r.pos
            sub = r.fixed("B")
            if sub == 1:                        # end_sequence
                emit(0)
                addr, file, line = 0, 1, 1
            elif sub == 2:                      # set_address
                addr = r.fixed("I" if size == 5 else "Q")
            r.pos = start + size
        elif op == 1:                           # copy
            emit(line)
        elif op == 2:                           # advance_pc
            addr += r.uleb() * min_inst
        elif op == 3:                           # advance_line
            line += r.sleb()
        elif op == 4:                           # set_file
            file = r.uleb()
        elif op == 8:                           # const_add_pc
            addr += ((255 - opcode_base) // line_range) * min_inst
        elif op == 9:                           # fixed_advance_pc
            addr += r.fixed("H")
        else:                                   # skip its operands
            for _ in range(lengths[op - 1]):
                r.uleb()


def line_rows(elf):
    """All (addr, path, line) rows of every line program in the file."""
    data = elf.section(".debug_line")
    if data is None:
        return []
    strs = {".debug_str": elf.section(".debug_str") or b"",
            ".debug_line_str": elf.section(".debug_line_str") or b"",
            "comp_dir": ""}
    rows = []
    r = Reader(data)
    while r.pos < len(data):
        length, offsize = r.fixed("I"), 4
        if length == 0xFFFFFFFF:
            length, offsize = r.fixed("Q"), 8
        end = r.pos + length
        version = r.fixed("H")
        if version >= 5:
            r.fixed("BB")                       # address, selector sizes
        hdr_len = r.fixed("Q" if offsize == 8 else "I")
        prog = r.pos + hdr_len
        min_inst = r.fixed("B")
        if version >= 4:
            r.fixed("B")                        # max ops per instruction
        default_stmt, line_base, line_range, opcode_base = r.fixed("BbBB")
        lengths = [r.fixed("B") for _ in range(opcode_base - 1)]
        files = line_header(r, version, offsize, strs)
        r.pos = prog
        run_program(r, end, (min_inst, default_stmt, line_base, line_range,
                             opcode_base, lengths), files, rows)
        r.pos = end
    return rows


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
    """path relative to the current directory when it lies under it."""
    path = os.path.normpath(path)
    if os.path.isabs(path):
        rel = os.path.relpath(path)
        if not rel.startswith(".."):
            return rel
    return path


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


def write_table(out, funcs, lines):
    """Write the assembler source for funcs [(addr, size, name)] and lines
    [(addr, path, line)]."""
    strings = Strings()
    func_rows = [(a, s, strings.add(n)) for a, s, n in funcs]
    files = []
    file_index = {}
    line_rows_out = []
    for addr, path, line in lines:
        if path not in file_index:
            file_index[path] = len(files)
            files.append(strings.add(path))
        line_rows_out.append((addr, file_index[path], min(line, 0xFFFF)))

    w = out.write
    w("/* Generated by tools/mkdebugtab.py: do not edit. */\n")
    w('\t.section .kdebug,"a"\n\t.p2align 2\n')
    for sym in ("kdebug_nfuncs", "kdebug_funcs", "kdebug_nlines",
                "kdebug_lines", "kdebug_nfiles", "kdebug_files",
                "kdebug_strings"):
        w("\t.globl %s\n" % sym)
    w("kdebug_nfuncs:\n\t.long %d\n" % len(func_rows))
    w("kdebug_nlines:\n\t.long %d\n" % len(line_rows_out))
    w("kdebug_nfiles:\n\t.long %d\n" % len(files))
    w("kdebug_funcs:\n")
    for row in func_rows:
        w("\t.long 0x%x, %d, %d\n" % row)
    w("kdebug_lines:\n")
    for row in line_rows_out:
        w("\t.long 0x%x\n\t.short %d, %d\n" % row)
    w("kdebug_files:\n")
    for off in files:
        w("\t.long %d\n" % off)
    w("kdebug_strings:\n")
    for s in strings.parts:
        w("\t.asciz %s\n" % asm_string(s))
    # Keep the table's size a multiple of 4 so whatever follows stays aligned.
    w("\t.p2align 2\n")
    # Data only: the object needs no executable stack.
    w('\t.section .note.GNU-stack,"",@progbits\n')


def main(argv):
    if len(argv) == 3 and argv[1] == "--empty":
        with open(argv[2], "w") as out:
            write_table(out, [], [])
        return 0
    if len(argv) != 3:
        sys.stderr.write("usage: mkdebugtab.py --empty OUT.S\n"
                         "       mkdebugtab.py KERNEL_ELF OUT.S\n")
        return 2
    with open(argv[1], "rb") as f:
        elf = Elf(f.read())
    funcs = elf.functions()
    if not funcs:
        sys.stderr.write("mkdebugtab: %s has no function symbols\n" % argv[1])
        return 1
    rows = [(a, relpath(p), ln) for a, p, ln in line_rows(elf)]
    lines = compact_rows(rows, elf.code_ranges())
    with open(argv[2], "w") as out:
        write_table(out, funcs, lines)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
