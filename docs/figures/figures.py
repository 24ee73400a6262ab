#!/usr/bin/env python3
"""Draw the figures of docs/ as SVG files.

    python3 docs/figures/figures.py [OUTDIR]     (`make docs` runs this)

writes into OUTDIR (default: this file's directory):

    vm-map.svg     the virtual memory map, with the addresses computed
                   from inc/memlayout.h and inc/mmu.h
    uxstack.svg    the user exception stack during a nested page fault,
                   with struct UTrapframe's layout (see lib/pfentry.S)
    fork.svg       the system calls of a copy-on-write fork (lib/fork.c)
                   and of a copy-on-write fault, as a sequence diagram
    pipeline.svg   the envs of the shell command "cat lorem | num" and
                   the PTE_SHARE pages their file descriptors map

and those of kernel_figures.py (the trap frame, physical memory, a system
call, TLB shootdown, interrupts) and fs_figures.py (the disk, a file
read); svg.py has what they share.

Python 3 standard library only.  Each figure is a list of shapes built by
a function below; edit the data there and rerun.
"""

import os
import re
import sys

from svg import (EMPTY, FAINT, INK, KERNEL, USER_RO, USER_RW, Svg,
                 header_constants, sequence, source)
import fs_figures
import kernel_figures

# --- checks that keep the figures true to the code --------------------------

def pftemp_note():
    """What PFTEMP is for, according to the user library."""
    users = [p for p in ("lib/fork.c", "lib/pgfault.c")
             if re.search(r"\bPFTEMP\b", source(p))]
    if users:
        return "scratch page of the fault handler (%s)" % ", ".join(users)
    return "classic fault handlers' scratch page; our fork needs none"


def check_fork_calls():
    """Every system call lib/fork.c and lib/pgfault.c make is in
    FORK_STEPS, and the figure names none they do not make (except the
    error path's sys_env_destroy), so the figure cannot drift from them.
    Our own calls' stubs are jos_sys_NAME; the figure names them sys_NAME,
    as the kernel does."""
    made = set(re.findall(r"\b(?:jos_)?(sys_\w+)\(", source("lib/fork.c") +
                          source("lib/pgfault.c")))
    made -= {"sys_env_destroy"}
    drawn = set(re.findall(r"\b(sys_\w+)\b",
                           " ".join(s[2] + " " + s[3] for s in FORK_STEPS)))
    if made != drawn:
        raise SystemExit("figures.py: fork.svg is out of date: lib/fork.c "
                         "and lib/pgfault.c make %s; the figure shows %s"
                         % (sorted(made), sorted(drawn)))


# --- vm-map.svg -------------------------------------------------------------------

def vm_map(out):
    """The virtual memory map, top of memory first.  Not to scale: each
    region gets the height that shows it best."""
    c = header_constants("inc/mmu.h", "inc/memlayout.h")
    pg = c("PGSIZE")
    # (low, high, height, fill, title, note, permissions)
    regions = [
        (c("KERNBASE"), 1 << 32, 70, KERNEL,
         "All physical memory", "physical address pa is at KERNBASE + pa",
         "kernel RW"),
        (c("KSTACKTOP") - c("PTSIZE"), c("KSTACKTOP"), 70, KERNEL,
         "Kernel stacks, one per CPU",
         "KSTKSIZE each, CPU 0 on top; KSTKGAP unmapped below each",
         "kernel RW"),
        (c("MMIOBASE"), c("MMIOLIM"), 40, KERNEL,
         "Memory-mapped I/O", "the local APIC (uncached)", "kernel RW"),
        (c("UVPT"), c("ULIM"), 45, USER_RO,
         "UVPT: the env's own page tables",
         "the page directory maps itself here", "user R"),
        (c("UPAGES"), c("UVPT"), 40, USER_RO,
         "UPAGES: pages[]", "one struct PageInfo per physical page",
         "user R"),
        (c("UENVS"), c("UPAGES"), 40, USER_RO,
         "UENVS: envs[]", "every env's struct Env", "user R"),
        (c("UXSTACKTOP") - pg, c("UXSTACKTOP"), 40, USER_RW,
         "User exception stack", "page fault upcalls run here (one page)",
         "user RW"),
        (c("USTACKTOP"), c("UXSTACKTOP") - pg, 40, EMPTY,
         "Guard page", "unmapped: an exception stack overflow faults", ""),
        (c("USTACKTOP") - pg, c("USTACKTOP"), 40, USER_RW,
         "User stack", "one page at start, grows down", "user RW"),
        (None, None, 34, EMPTY, "", "(free for the program to map)", ""),
        (c("UTEXT"), None, 50, USER_RW,
         "The program: .text .rodata .data .bss",
         "linked at UTEXT + 0x20; code read-only, data writable",
         "user R / RW"),
        (c("PFTEMP"), c("PFTEMP") + pg, 40, EMPTY,
         "PFTEMP", pftemp_note(), ""),
        (c("UTEMP"), c("PFTEMP"), 40, EMPTY, "UTEMP",
         "scratch addresses for programs (dumbfork, faultregs)", ""),
        (0, c("UTEMP"), 40, EMPTY, "Unmapped",
         "null pointers fault", ""),
    ]
    x, w, top = 300, 420, 60
    svg = Svg(1010, top + sum(r[2] for r in regions) + 80)
    svg.text(505, 30, "The virtual address space of every env", 18,
             "middle", bold=True)
    y = top
    for low, high, h, fill, title, note, perm in regions:
        svg.rect(x, y, w, h, fill, dashed=fill == EMPTY and not title)
        if title:
            svg.text(x + 10, y + h / 2 - 2, title, 13, bold=True)
            svg.text(x + 10, y + h / 2 + 14, note, 11, color=FAINT)
        else:
            svg.text(x + w / 2, y + h / 2 + 4, note, 11, "middle",
                     color=FAINT)
        if perm:
            svg.text(x + w + 12, y + h / 2 + 4, perm, 12)
        if high is not None and high < (1 << 32):
            svg.text(x - 10, y + 4, "%08x" % high, 12, "end", mono=True)
        if low is not None:
            svg.text(x - 10, y + h + 4, "%08x" % low, 12, "end", mono=True)
        y += h
    # The names of the boundaries classic code relies on.
    names = {c("KERNBASE"): "KERNBASE, KSTACKTOP", c("ULIM"): "ULIM, MMIOBASE",
             c("MMIOLIM"): "MMIOLIM", c("UVPT"): "UVPT",
             c("UPAGES"): "UPAGES",
             c("UTOP"): "UTOP, UENVS, UXSTACKTOP",
             c("USTACKTOP"): "USTACKTOP", c("UTEXT"): "UTEXT",
             c("UTEMP"): "UTEMP", c("PFTEMP"): "PFTEMP"}
    y = top
    for low, high, h, *_ in regions:
        for addr, at in ((high, y), (low, y + h)):
            if addr in names:
                svg.text(x - 90, at + 4, names.pop(addr), 11, "end",
                         color=FAINT)
        y += h
    # ULIM: the line user pointers may not cross.
    ulim_y = top + sum(r[2] for r in regions[:3])
    svg.line(x - 5, ulim_y, x + w + 120, ulim_y, dashed=True, color="#d93025")
    svg.text(x + w + 125, ulim_y + 4, "ULIM: user pointers end", 11,
             color="#d93025")
    legend_y = y + 30
    for i, (fill, label) in enumerate([(KERNEL, "kernel only"),
                                       (USER_RO, "user read-only"),
                                       (USER_RW, "user read-write"),
                                       (EMPTY, "not mapped")]):
        svg.rect(x + i * 160, legend_y, 18, 14, fill)
        svg.text(x + 24 + i * 160, legend_y + 12, label, 12)
    svg.write(os.path.join(out, "vm-map.svg"))


# --- uxstack.svg ------------------------------------------------------------------

# struct UTrapframe, top of memory first: (field, words).
UTRAPFRAME = [("utf_esp", 1), ("utf_eflags", 1), ("utf_eip", 1),
              ("utf_regs (pushal order)", 8), ("utf_err", 1),
              ("utf_fault_va", 1)]


def utrapframe(svg, x, y, w, label, esp_note, fill):
    """Draw one UTrapframe from y downwards; return the y of its bottom
    and the y of its utf_esp slot's middle."""
    # Beside utf_regs, clear of the arrows that leave utf_esp.
    svg.text(x + w + 12, y + 84, label, 12, bold=True)
    esp_mid = None
    for field, words in UTRAPFRAME:
        h = 18 if words == 1 else 44
        svg.rect(x, y, w, h, fill)
        svg.text(x + 8, y + h / 2 + 4, field, 12, mono=True)
        if field == "utf_esp":
            esp_mid = y + h / 2
            svg.text(x + w - 8, y + h / 2 + 4, esp_note, 11, "end",
                     color=FAINT)
        y += h
    return y, esp_mid


def uxstack(out):
    """The exception stack after a fault in normal code whose handler
    faults again: two UTrapframes, the empty word between them, and where
    each upcall leaves its return eip."""
    svg = Svg(900, 580)
    svg.text(450, 30, "The user exception stack during a nested page fault",
             18, "middle", bold=True)
    x, w = 150, 300
    y = 70
    svg.text(x - 10, y + 4, "UXSTACKTOP", 12, "end", mono=True)
    y, esp1 = utrapframe(svg, x, y, w, "1st fault (in normal code)",
                         "old user esp", USER_RW)
    svg.text(x - 10, y + 4, "upcall 1 starts: esp", 11, "end", color=FAINT)
    svg.rect(x, y, w, 70, "#fef7e0")
    svg.text(x + 8, y + 22, "frames of _pgfault_upcall and", 12)
    svg.text(x + 8, y + 40, "the handler it calls, running...", 12)
    fault2 = y + 70
    svg.text(x + 8, y + 60, "...until the handler faults", 12)
    y = fault2
    svg.text(x - 10, y + 4, "trap-time esp", 11, "end", color=FAINT)
    svg.rect(x, y, w, 18, EMPTY, dashed=True)
    svg.text(x + 8, y + 13, "empty word: upcall 2's return eip", 12)
    gap_mid = y + 9
    y += 18
    y, esp2 = utrapframe(svg, x, y, w, "2nd fault (in the handler)",
                         "trap-time esp", USER_RW)
    svg.text(x - 10, y + 4, "upcall 2 starts: esp", 11, "end", color=FAINT)
    svg.rect(x, y, w, 40, EMPTY, dashed=True)
    svg.text(x + 8, y + 24, "free (more nesting goes here)", 12,
             color=FAINT)
    y += 40
    svg.text(x - 10, y + 4, "UXSTACKTOP - PGSIZE", 12, "end", mono=True)
    # utf_esp of the 2nd frame points at the trap-time esp on this stack.
    svg.path("M%g,%g C%g,%g %g,%g %g,%g" % (x + w, esp2, x + w + 60, esp2,
                                            x + w + 60, fault2, x + w + 2,
                                            fault2))
    # The normal user stack, where upcall 1 leaves its return eip.
    ux = 640
    svg.text(ux + 90, 70, "The user stack", 13, "middle", bold=True)
    svg.rect(ux, 85, 180, 40, USER_RW)
    svg.text(ux + 8, 110, "caller's frames", 12)
    svg.rect(ux, 125, 180, 18, EMPTY, dashed=True)
    svg.text(ux + 8, 138, "upcall 1's return eip", 12)
    svg.text(ux + 90, 165, "(below the old esp)", 11, "middle",
             color=FAINT)
    svg.path("M%g,%g C%g,%g %g,%g %g,%g" % (x + w, esp1, x + w + 120, esp1,
                                            ux - 80, 125, ux - 2, 125))
    notes = [
        "The kernel (page_fault_handler, kern/trap.c) builds each frame "
        "below the trap-time esp",
        "if that is already on the exception stack, else at UXSTACKTOP, "
        "and leaves one empty word",
        "between nested frames.  _pgfault_upcall (lib/pfentry.S) calls the "
        "handler, stores utf_eip",
        "at utf_esp - 4, restores the registers and eflags, switches to "
        "utf_esp - 4 and returns with ret.",
    ]
    for i, note in enumerate(notes):
        svg.text(60, 505 + i * 18, note, 12)
    svg.write(os.path.join(out, "uxstack.svg"))


# --- fork.svg ---------------------------------------------------------------------

# Lifelines of the sequence diagram.
PARENT, KERNEL_LANE, CHILD = 0, 1, 2
LANES = ["parent env  (lib/fork.c)", "kernel  (kern/syscall.c, kern/trap.c)",
         "child env"]

# (from, to, label, note); from == to draws a note on that lifeline;
# None as from starts a section heading.
FORK_STEPS = [
    (None, None, "fork()", ""),
    (PARENT, KERNEL_LANE, "sys_page_alloc + sys_env_set_pgfault_upcall",
     "set_pgfault_handler(pgfault): exception stack, upcall (once)"),
    (PARENT, KERNEL_LANE, "sys_exofork()", "inline int $0x30 (inc/lib.h)"),
    (KERNEL_LANE, KERNEL_LANE, "env_alloc; ENV_NOT_RUNNABLE; parent's "
     "registers, eax = 0", ""),
    (KERNEL_LANE, PARENT, "child's envid", ""),
    (PARENT, PARENT, "copy_address_space: duppage queues map ops",
     ""),
    (PARENT, KERNEL_LANE, "sys_page_map_batch(ops, n)", "64 ops per call"),
    (KERNEL_LANE, KERNEL_LANE, "each op: the child's mapping COW; with "
     "PAGE_MAP_SRC_TOO the parent's too", ""),
    (PARENT, KERNEL_LANE, "sys_page_alloc(child, UXSTACKTOP-PGSIZE)",
     "the child's own exception stack"),
    (PARENT, KERNEL_LANE, "sys_env_set_pgfault_upcall(child, "
     "_pgfault_upcall)", ""),
    (PARENT, KERNEL_LANE, "sys_env_set_status(child, ENV_RUNNABLE)", ""),
    (PARENT, PARENT, "fork returns the child's id", ""),
    (KERNEL_LANE, CHILD, "sched_yield -> env_run(child)",
     "resumes after sys_exofork with eax = 0"),
    (CHILD, CHILD, "thisenv = &envs[ENVX(sys_getenvid())]; fork returns 0",
     ""),
    (None, None, "the first write to a copy-on-write page (either env)", ""),
    (CHILD, KERNEL_LANE, "page fault: write, protection",
     "T_PGFLT -> trap -> page_fault_handler"),
    (KERNEL_LANE, CHILD, "esp = UTrapframe, eip = _pgfault_upcall",
     "the frame is on the exception stack"),
    (CHILD, CHILD, "_pgfault_upcall -> pgfault: FEC_WR and PTE_COW, "
     "or panic", ""),
    (CHILD, KERNEL_LANE, "sys_page_copy(0, va, va, PTE_P|PTE_U|PTE_W)",
     "make_page_private: one call, no scratch page"),
    (KERNEL_LANE, KERNEL_LANE, "page_alloc; page_copy from the page at va; "
     "page_insert at va", ""),
    (KERNEL_LANE, CHILD, "0: va is a private writable copy",
     "the shared page's pp_ref drops by one"),
    (CHILD, CHILD, "_pgfault_upcall restores registers; ret to the write",
     ""),
]


def fork_sequence(out):
    """fork and a copy-on-write fault as a sequence diagram."""
    sequence(os.path.join(out, "fork.svg"),
             "A copy-on-write fork, then a copy-on-write fault", LANES,
             FORK_STEPS)


# --- a pipeline's envs and shared pages ---------------------------------------

# The envs of "cat lorem | num" typed at the shell, once both programs run,
# each with its open fds: (fd, what the fd's page is).  The shell's
# helpers (the line's child and each command's runner) wait in wait() and
# hold the same pages as the shell; they are left out.
PIPELINE_ENVS = [
    ("sh", [(0, "cons"), (1, "cons")]),
    ("cat lorem", [(0, "cons"), (1, "wend"), (2, "file")]),
    ("num", [(0, "rend"), (1, "cons")]),
    ("file server", [("0xD0000000+", "file")]),
]

# The shared physical pages: key, label, note, colour.
PIPELINE_PAGES = [
    ("cons", "console Fd page", "dev 'c', O_RDWR", USER_RW),
    ("wend", "pipe write end: Fd page", "dev 'p', O_WRONLY", USER_RW),
    ("rend", "pipe read end: Fd page", "dev 'p', O_RDONLY", USER_RW),
    ("pipe", "struct Pipe: 32-byte buffer", "rpos, wpos, buf[32]", USER_RO),
    ("file", "lorem's Fd page", "dev 'f', offset, file id", USER_RW),
]


def pipeline(out):
    """The envs of a two-command pipeline and the pages they share."""
    svg = Svg(1000, 580)
    svg.text(500, 30, 'The envs of  cat lorem | num  and the pages they share',
             18, "middle", bold=True)
    page_x = {key: 40 + i * 190 for i, (key, _, _, _) in
              enumerate(PIPELINE_PAGES)}
    page_y = 380
    for key, label, note, fill in PIPELINE_PAGES:
        x = page_x[key]
        svg.rect(x, page_y, 175, 60, fill)
        svg.text(x + 87, page_y + 25, label, 11, "middle", bold=True)
        svg.text(x + 87, page_y + 45, note, 10, "middle", mono=True,
                 color=FAINT)
    # Both ends' data pages (FILEDATA + fd * PGSIZE) are this one page.
    pipe_x = page_x["pipe"] + 87
    for key in ("wend", "rend"):
        svg.path("M%g,%g C%g,%g %g,%g %g,%g" % (
            page_x[key] + 87, page_y + 60, page_x[key] + 87, page_y + 100,
            pipe_x, page_y + 100, pipe_x, page_y + 62), color=FAINT)
    svg.text(pipe_x, page_y + 118, "each end's data page (FILEDATA slot) "
             "is the pipe's one page", 10, "middle", color=FAINT)

    for i, (name, fds) in enumerate(PIPELINE_ENVS):
        x, y = 40 + i * 240, 60
        h = 40 + 24 * len(fds)
        svg.rect(x, y, 200, h, "#e8eaed")
        svg.text(x + 100, y + 22, name, 13, "middle", bold=True)
        for j, (fd, key) in enumerate(fds):
            fy = y + 40 + 24 * j
            label = "fd %s" % fd if isinstance(fd, int) else "open file %s" % fd
            svg.text(x + 12, fy + 4, label, 11, mono=True)
            svg.line(x + 200, fy, page_x[key] + 87, page_y - 2, arrow=True,
                     color=INK if key != "cons" else FAINT)
    svg.text(500, 535, "every arrow is a PTE_SHARE mapping of the same "
             "physical page: fork and spawn copy these mappings, "
             "never the pages", 11, "middle", color=FAINT)
    svg.text(500, 553, "pageref(read end's Fd) == pageref(struct Pipe) "
             "means no writer is left: the reader's end of file", 11,
             "middle", color=FAINT)
    svg.write(os.path.join(out, "pipeline.svg"))


def main(argv):
    out = argv[1] if len(argv) > 1 else os.path.dirname(os.path.abspath(
        __file__))
    os.makedirs(out, exist_ok=True)
    check_fork_calls()
    vm_map(out)
    uxstack(out)
    fork_sequence(out)
    pipeline(out)
    kernel_figures.draw(out)
    fs_figures.draw(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
