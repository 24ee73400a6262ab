"""gdb commands for looking into a running JOS kernel.

.gdbinit (made from .gdbinit.tmpl) sources this file after loading the
kernel's symbols.  It adds:

    usersym [NAME]   load obj/user/NAME.debug's symbols beside the kernel's,
                     replacing the user program loaded before; with no
                     NAME, the program the kernel under test starts
    envs             the live environments, read from the kernel's envs[]
    vmmap [ENVID]    the user half of an address space (below ULIM), as
                     runs of pages: the current CPU's, or env ENVID's

Every user program is linked at the same address, so only one program's
symbols can be loaded at a time; `usersym` switches between them.  The
commands read memory through QEMU's gdb stub with the selected CPU's page
tables, which map all physical memory at KERNBASE once paging is on.
"""

import os
import re
import struct

import gdb

# Classic JOS's constants (inc/memlayout.h, inc/env.h, inc/mmu.h;
# docs/compatibility.md).
KERNBASE = 0xF0000000
ULIM = 0xEF800000
UVPT = 0xEF400000
NENV = 1024
PGSIZE = 4096
PTSIZE = 4096 * 1024
PTE_P, PTE_W, PTE_U, PTE_PS, PTE_COW = 0x1, 0x2, 0x4, 0x80, 0x800
ENV_STATUS = ["free", "dying", "runnable", "running", "not-runnable"]

# The user program whose symbols are loaded now, if any.
_user_file = None


def _quiet(command):
    """Run a gdb command without its confirmation question or output."""
    confirm = gdb.parameter("confirm")
    gdb.execute("set confirm off")
    try:
        gdb.execute(command, to_string=True)
    finally:
        gdb.execute("set confirm %s" % ("on" if confirm else "off"))


def program_under_test():
    """The user program obj/kern/kernel starts: the TEST it was last built
    with (obj/kern/init.test, written by the build: "[user_NAME] LAB=N"),
    else kern/init.c's default for that lab."""
    try:
        with open("obj/kern/init.test") as f:
            words = f.read().split()
    except OSError:
        words = []
    for word in words:
        if word.startswith("user_"):
            return word[len("user_"):]
    lab = next((int(w[4:]) for w in words if re.match(r"LAB=\d+$", w)), 4)
    return "icode" if lab >= 5 else "forktree"


class UserSym(gdb.Command):
    """Load a user program's symbols: usersym [NAME].

Loads obj/user/NAME.debug beside the kernel's symbols, replacing the user
program loaded before.  Without NAME, loads the program that the kernel
under test (obj/kern/kernel) starts."""

    def __init__(self):
        super().__init__("usersym", gdb.COMMAND_FILES, gdb.COMPLETE_FILENAME)

    def invoke(self, arg, from_tty):
        global _user_file
        name = arg.strip() or program_under_test()
        if not name:
            raise gdb.GdbError("usersym: which program? usersym NAME")
        # NAME.debug has the symbols and lines; NAME, embedded in the
        # kernel and on the disk, has no debug information.
        path = os.path.join("obj/user", os.path.basename(name) + ".debug")
        if not os.path.exists(path):
            raise gdb.GdbError("usersym: no %s (run make first?)" % path)
        # gdb names a symbol file by its absolute path.
        loaded = [o.filename for o in gdb.objfiles()]
        if _user_file in loaded:
            _quiet("remove-symbol-file %s" % _user_file)
        _quiet("add-symbol-file %s" % path)
        _user_file = os.path.abspath(path)
        print("+ user symbols: %s" % path)


def _kernel_value(name):
    """The value of the kernel's global variable name.  User programs
    have globals of the same names (envs, for one), so look in the
    kernel's symbol file only."""
    for objfile in gdb.objfiles():
        if "/obj/user/" in objfile.filename:
            continue
        sym = objfile.lookup_global_symbol(name)
        if sym is not None:
            return sym.value()
    raise gdb.GdbError("no kernel symbol %s: load the kernel's symbols "
                       "(symbol-file obj/kern/kernel)" % name)


def _env_layout():
    """(size, {field: offset}) of struct Env, from the kernel's debug
    information."""
    t = gdb.lookup_type("struct Env")
    offsets = {f.name: f.bitpos // 8 for f in t.fields()}
    tf = gdb.lookup_type("struct Trapframe")
    eip = next(f for f in tf.fields() if f.name == "tf_eip").bitpos // 8
    offsets["tf_eip"] = offsets["env_tf"] + eip
    return t.sizeof, offsets


def _word(data, off):
    return struct.unpack_from("<I", data, off)[0]


class Envs(gdb.Command):
    """List the live environments: envs.

One line per slot of the kernel's envs[] that is not free: id, parent,
status, the CPU it last ran on, how many times it ran, the eip it will
resume at, and its page fault upcall."""

    def __init__(self):
        super().__init__("envs", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        size, off = _env_layout()
        base = int(_kernel_value("envs"))
        if base == 0:
            print("envs[] is not allocated yet")
            return
        data = bytes(gdb.selected_inferior().read_memory(base, NENV * size))
        print("  id        parent    status        cpu  runs        "
              "eip       upcall")
        live = 0
        for i in range(NENV):
            e = i * size
            status = _word(data, e + off["env_status"])
            if status == 0:
                continue
            live += 1
            name = ENV_STATUS[status] if status < len(ENV_STATUS) else "?"
            print("  %08x  %08x  %-12s  %3d  %10d  %08x  %08x" % (
                _word(data, e + off["env_id"]),
                _word(data, e + off["env_parent_id"]), name,
                struct.unpack_from("<i", data, e + off["env_cpunum"])[0],
                _word(data, e + off["env_runs"]),
                _word(data, e + off["tf_eip"]),
                _word(data, e + off["env_pgfault_upcall"])))
        print("%d live env%s" % (live, "" if live == 1 else "s"))


def _perm(entry):
    """The flags of a PDE or PTE that matter here, as letters."""
    bits = [(PTE_P, "P"), (PTE_W, "W"), (PTE_U, "U"), (PTE_COW, "C")]
    return "".join(ch if entry & bit else "-" for bit, ch in bits)


def _read_table(pa):
    """The 1024 entries of the page table (or directory) at physical
    address pa, read through the kernel's mapping of physical memory."""
    data = gdb.selected_inferior().read_memory(KERNBASE + pa, PGSIZE)
    return struct.unpack("<1024I", bytes(data))


def _mappings(pgdir_pa):
    """Yield (va, pa, flags, size) for each present page below ULIM."""
    pgdir = _read_table(pgdir_pa)
    for pdx in range(ULIM // PTSIZE):
        pde = pgdir[pdx]
        if not pde & PTE_P:
            continue
        if pde & PTE_PS:
            yield pdx * PTSIZE, pde & ~(PTSIZE - 1), pde, PTSIZE
            continue
        table = _read_table(pde & ~0xFFF)
        for ptx, pte in enumerate(table):
            if pte & PTE_P:
                yield pdx * PTSIZE + ptx * PGSIZE, pte & ~0xFFF, pte, PGSIZE


def _runs(mappings):
    """Merge pages that are contiguous in both virtual and physical memory
    and have the same flags: [(va, pa, flags, size)]."""
    out = []
    for va, pa, flags, size in mappings:
        if out:
            pva, ppa, pflags, psize = out[-1]
            if (pva + psize == va and ppa + psize == pa and
                    _perm(pflags) == _perm(flags)):
                out[-1] = (pva, ppa, pflags, psize + size)
                continue
        out.append((va, pa, flags, size))
    return out


def _pgdir_of(arg):
    """The physical address of the page directory to show, and what it
    belongs to."""
    if arg:
        envid = int(arg, 0)
        size, off = _env_layout()
        base = int(_kernel_value("envs"))
        slot = base + (envid % NENV) * size
        data = bytes(gdb.selected_inferior().read_memory(slot, size))
        if _word(data, off["env_id"]) != envid or \
                _word(data, off["env_status"]) == 0:
            raise gdb.GdbError("vmmap: no live env %08x" % envid)
        return _word(data, off["env_pgdir"]) - KERNBASE, "env %08x" % envid
    cpu = gdb.selected_thread().num - 1
    cr3 = int(gdb.parse_and_eval("$cr3")) & ~0xFFF
    return cr3, "CPU %d (cr3 %08x)" % (cpu, cr3)


class VmMap(gdb.Command):
    """Show an address space's user half: vmmap [ENVID].

Lists the present pages below ULIM as runs of pages contiguous in
virtual and physical memory with the same flags: P(resent), W(ritable),
U(ser), C(opy-on-write).  Without ENVID, the address space the selected
CPU is in (its cr3); with ENVID, that env's.  The range at UVPT
(ef400000) shows the page tables themselves."""

    def __init__(self):
        super().__init__("vmmap", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        pgdir, whose = _pgdir_of(arg.strip())
        try:
            runs = _runs(_mappings(pgdir))
        except gdb.MemoryError:
            raise gdb.GdbError("vmmap: cannot read the page tables "
                               "(is paging on yet?)")
        print("Address space of %s, below ULIM:" % whose)
        print("  va                 pa                 flags  pages")
        for va, pa, flags, size in runs:
            print("  %08x-%08x  %08x-%08x  %s   %d" % (
                va, va + size - 1, pa, pa + size - 1, _perm(flags),
                size // PGSIZE))


UserSym()
Envs()
VmMap()
