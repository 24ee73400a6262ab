"""Read symbols, segments and DWARF line rows out of an ELF file.

Python 3 standard library only.  Used by tools/mkdebugtab.py.  Handles
little-endian ELF32 and ELF64, compressed debug sections, and DWARF line
programs of versions 2 to 5 (what gcc 12 and binutils 2.40 write).
"""

import os
import struct
import zlib

SHT_SYMTAB, SHT_NOBITS = 2, 8
SHF_EXECINSTR = 0x4
SHF_COMPRESSED = 0x800
STT_NOTYPE, STT_FUNC = 0, 2
STB_LOCAL = 0
PT_LOAD, PF_X = 1, 1


class Elf:
    """The sections, segments and symbols of a little-endian ELF file."""

    def __init__(self, data):
        if data[:4] != b"\x7fELF" or data[5] != 1:
            raise ValueError("not a little-endian ELF file")
        self.data = data
        self.is64 = data[4] == 2
        if self.is64:
            phoff, shoff = struct.unpack_from("<QQ", data, 0x20)
            phent, phnum, shent, shnum, shstrndx = \
                struct.unpack_from("<HHHHH", data, 0x36)
            shfmt, phfmt = "<IIQQQQIIQQ", "<IIQQQQQQ"
        else:
            phoff, shoff = struct.unpack_from("<II", data, 0x1C)
            phent, phnum, shent, shnum, shstrndx = \
                struct.unpack_from("<HHHHH", data, 0x2A)
            shfmt, phfmt = "<IIIIIIIIII", "<IIIIIIII"
        # Section: (name, type, flags, addr, offset, size, link, ...).
        self.sections = [struct.unpack_from(shfmt, data, shoff + i * shent)
                         for i in range(shnum)]
        # Segment, normalized: (type, flags, offset, vaddr, filesz).
        self.segments = []
        for i in range(phnum):
            ph = struct.unpack_from(phfmt, data, phoff + i * phent)
            if self.is64:
                self.segments.append((ph[0], ph[1], ph[2], ph[3], ph[5]))
            else:
                self.segments.append((ph[0], ph[6], ph[1], ph[2], ph[4]))
        strsec = self.sections[shstrndx]
        self.names = [cstring(data, strsec[4] + s[0]) for s in self.sections]

    def contents(self, index):
        """Bytes of section index, decompressed if need be."""
        sh = self.sections[index]
        raw = self.data[sh[4]:sh[4] + sh[5]]
        if sh[2] & SHF_COMPRESSED:
            raw = zlib.decompress(raw[24 if self.is64 else 12:])
        return raw

    def section(self, name):
        """Contents of the named section, or None."""
        if name in self.names:
            return self.contents(self.names.index(name))
        return None

    def code_ranges(self):
        """[(lo, hi)] address ranges of the executable sections."""
        return [(sh[3], sh[3] + sh[5]) for sh in self.sections
                if sh[2] & SHF_EXECINSTR and sh[5] > 0]

    def code_segment(self):
        """(vaddr, bytes) of the first loadable executable segment."""
        for kind, flags, off, vaddr, filesz in self.segments:
            if kind == PT_LOAD and flags & PF_X:
                return vaddr, self.data[off:off + filesz]
        return None

    def bytes_at(self, addr, size):
        """The file's bytes for addresses [addr, addr + size)."""
        for sh in self.sections:
            if sh[1] != SHT_NOBITS and sh[3] <= addr and \
                    addr + size <= sh[3] + sh[5]:
                return self.data[sh[4] + addr - sh[3]:
                                 sh[4] + addr - sh[3] + size]
        raise ValueError("no file data at 0x%x" % addr)

    def symbols(self):
        """Yield (name, value, size, kind, bind, section index)."""
        for i, sh in enumerate(self.sections):
            if sh[1] != SHT_SYMTAB:
                continue
            syms, strtab = self.contents(i), self.contents(sh[6])
            entsize = 24 if self.is64 else 16
            for off in range(entsize, len(syms), entsize):
                if self.is64:
                    name, info, _, shndx, value, size = \
                        struct.unpack_from("<IBBHQQ", syms, off)
                else:
                    name, value, size, info, _, shndx = \
                        struct.unpack_from("<IIIBBH", syms, off)
                yield (cstring(strtab, name), value, size, info & 0xF,
                       info >> 4, shndx)

    def functions(self):
        """[(addr, size, name)] of the code symbols, one per address,
        sorted.  An assembly label, which has no size, gets the size up
        to the next symbol or the end of its section."""
        best = {}
        for name, value, size, kind, bind, shndx in self.symbols():
            if kind not in (STT_NOTYPE, STT_FUNC) or not name or \
                    name.startswith((".L", "$")):
                continue
            if shndx == 0 or shndx >= len(self.sections):
                continue
            sec = self.sections[shndx]
            # Code only, and only inside its section: this drops symbols
            # such as the kernel's physical entry point _start.
            if not sec[2] & SHF_EXECINSTR or \
                    not sec[3] <= value < sec[3] + sec[5]:
                continue
            # Prefer a function to a label, a global to a local.
            rank = (kind == STT_FUNC, bind != STB_LOCAL)
            if value not in best or rank > best[value][0]:
                best[value] = (rank, size, name, sec[3] + sec[5])
        syms = sorted((a, s, n, end) for a, (_, s, n, end) in best.items())
        out = []
        for i, (addr, size, name, end) in enumerate(syms):
            if size == 0:
                nxt = syms[i + 1][0] if i + 1 < len(syms) else end
                size = min(nxt, end) - addr
            out.append((addr, size, name))
        return out


def cstring(data, off):
    """The NUL-terminated string at data[off]."""
    return data[off:data.index(b"\0", off)].decode("utf-8", "replace")


class Reader:
    """A cursor over DWARF data."""

    def __init__(self, data, pos=0):
        self.data, self.pos = data, pos

    def fixed(self, fmt):
        vals = struct.unpack_from("<" + fmt, self.data, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return vals[0] if len(vals) == 1 else vals

    def _leb(self):
        """Read a LEB128 number: its bits, how many, and its last byte."""
        val = shift = 0
        while True:
            b = self.data[self.pos]
            self.pos += 1
            val |= (b & 0x7F) << shift
            shift += 7
            if b < 0x80:
                return val, shift, b

    def uleb(self):
        return self._leb()[0]

    def sleb(self):
        val, shift, last = self._leb()
        return val - (1 << shift) if last & 0x40 else val

    def cstr(self):
        s = cstring(self.data, self.pos)
        self.pos = self.data.index(b"\0", self.pos) + 1
        return s


# DWARF forms that can appear in a version 5 line table header.
DW_FORM_block2, DW_FORM_block4, DW_FORM_data2, DW_FORM_data4 = 3, 4, 5, 6
DW_FORM_data8, DW_FORM_string, DW_FORM_block, DW_FORM_block1 = 7, 8, 9, 10
DW_FORM_data1, DW_FORM_strp, DW_FORM_udata = 11, 14, 15
DW_FORM_data16, DW_FORM_line_strp = 30, 31
FIXED_FORMS = {DW_FORM_data1: 1, DW_FORM_data2: 2, DW_FORM_data4: 4,
               DW_FORM_data8: 8, DW_FORM_data16: 16}
BLOCK_FORMS = {DW_FORM_block1: "B", DW_FORM_block2: "H",
               DW_FORM_block4: "I"}
DW_LNCT_path, DW_LNCT_directory_index = 1, 2


def read_form(r, form, offsize, strs):
    """One attribute value; None for those a line table doesn't need."""
    if form == DW_FORM_string:
        return r.cstr()
    if form in (DW_FORM_strp, DW_FORM_line_strp):
        off = r.fixed("Q" if offsize == 8 else "I")
        return cstring(strs[form], off)
    if form == DW_FORM_udata:
        return r.uleb()
    if form in FIXED_FORMS:
        r.pos += FIXED_FORMS[form]
        return None
    if form == DW_FORM_block:
        r.pos += r.uleb()
        return None
    if form in BLOCK_FORMS:
        r.pos += r.fixed(BLOCK_FORMS[form])
        return None
    raise ValueError("unsupported DWARF form 0x%x in .debug_line" % form)


def read_entry_list(r, offsize, strs):
    """A DWARF 5 directory or file list: [{content type: value}]."""
    formats = [(r.uleb(), r.uleb()) for _ in range(r.fixed("B"))]
    return [{kind: read_form(r, form, offsize, strs) for kind, form in formats}
            for _ in range(r.uleb())]


def file_list(r, version, offsize, strs):
    """The file names of a line program header, indexed by file number."""
    if version >= 5:
        dirs = [e.get(DW_LNCT_path, "")
                for e in read_entry_list(r, offsize, strs)]
        return [os.path.join(dirs[f.get(DW_LNCT_directory_index, 0)],
                             f.get(DW_LNCT_path, ""))
                for f in read_entry_list(r, offsize, strs)]
    # Before DWARF 5: directory 0 is the compilation directory (where the
    # build ran) and file numbers start at 1.
    dirs = [""]
    while True:
        d = r.cstr()
        if not d:
            break
        dirs.append(d)
    files = [None]
    while True:
        name = r.cstr()
        if not name:
            return files
        d = r.uleb()
        r.uleb()                                # modification time
        r.uleb()                                # length
        files.append(os.path.join(dirs[d], name))


def run_program(r, end, hdr, files, rows):
    """Run one line number program, appending (addr, path, line) to rows.
    The end of each sequence is recorded with line 0."""
    min_inst, line_base, line_range, opcode_base, lengths = hdr
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
        else:                                   # skip the operands
            for _ in range(lengths[op - 1]):
                r.uleb()


def line_rows(elf):
    """All (addr, path, line) rows of every line program in the file."""
    data = elf.section(".debug_line")
    if data is None:
        return []
    strs = {DW_FORM_strp: elf.section(".debug_str") or b"",
            DW_FORM_line_strp: elf.section(".debug_line_str") or b""}
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
        _, line_base, line_range, opcode_base = r.fixed("BbBB")
        lengths = [r.fixed("B") for _ in range(opcode_base - 1)]
        files = file_list(r, version, offsize, strs)
        r.pos = prog
        run_program(r, end, (min_inst, line_base, line_range, opcode_base,
                             lengths), files, rows)
        r.pos = end
    return rows
