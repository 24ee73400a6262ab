"""The figures of the kernel pages of docs/ (see figures.py):

    trapframe.svg   struct Trapframe on a CPU's kernel stack, its fields
                    and offsets read from inc/trap.h (docs/trapframe.md)
    physmem.svg     physical memory at boot, from inc/memlayout.h and
                    kern/entry.h (docs/physical-memory.md)
    syscall.svg     sys_cputs through int $0x30 (docs/syscall.md)
    shootdown.svg   a TLB shootdown between two CPUs (docs/tlb-shootdown.md)
    interrupts.svg  where interrupts come from (docs/interrupts.md)
"""

import os
import re

from svg import (EMPTY, FAINT, KERNEL, USER_RW, Svg, header_constants,
                 sequence, source)

FIELD_SIZES = {"uint16_t": 2, "uint32_t": 4, "uintptr_t": 4}


def struct_fields(header, name):
    """(field, type) of struct name in header, in declaration order."""
    body = re.search(r"struct %s \{(.*?)\}" % name, source(header), re.S)[1]
    body = re.sub(r"/\*.*?\*/", "", body, flags=re.S)
    return re.findall(r"^\s*((?:struct )?\w+)\s+(\w+);", body, re.M)


# --- trapframe.svg ------------------------------------------------------------

# Who put each field there, by field name.
PUSHED_BY = {
    "tf_ss": "the CPU, from user mode only", "tf_esp": "the CPU, from user mode only",
    "tf_eflags": "the CPU", "tf_cs": "the CPU", "tf_eip": "the CPU",
    "tf_err": "the CPU, or the stub's 0", "tf_trapno": "the vector's stub",
    "tf_ds": "alltraps", "tf_es": "alltraps", "tf_regs": "alltraps: pushal",
}


def trapframe_words():
    """The Trapframe as 4-byte words from its start: (offset, label,
    pushed by); a 16-bit field and its padding share a word, and
    tf_regs is one word per register of struct PushRegs."""
    regs = [f for t, f in struct_fields("inc/trap.h", "PushRegs")]
    words, offset = [], 0
    for ftype, field in struct_fields("inc/trap.h", "Trapframe"):
        if ftype == "struct PushRegs":
            for r in regs:
                words.append((offset, "tf_regs.%s" % r, PUSHED_BY[field]))
                offset += 4
        elif field.startswith("tf_padding"):
            offset += FIELD_SIZES[ftype]
        else:
            label = field + (" (16 bits + pad)" if ftype == "uint16_t" else "")
            words.append((offset, label, PUSHED_BY[field]))
            offset += FIELD_SIZES[ftype]
    return words, offset


def trapframe(out):
    words, size = trapframe_words()
    row, x, w, top = 22, 330, 300, 90
    svg = Svg(1000, top + row * (len(words) + 3) + 70)
    svg.text(500, 30, "struct Trapframe on CPU i's kernel stack", 18,
             "middle", bold=True)
    svg.text(500, 52, "sizeof = %d bytes; highest address on top" % size,
             12, "middle", color=FAINT)
    svg.text(x - 12, top + 4, "percpu_kstacktop(i) = TSS esp0", 12, "end",
             mono=True)
    y = top
    last_by = None
    for offset, label, by in reversed(words):
        fill = USER_RW if by.startswith("the CPU") else KERNEL
        svg.rect(x, y, w, row, fill)
        svg.text(x + 8, y + 15, label, 12, mono=True)
        svg.text(x - 12, y + 15, "+0x%02x" % offset, 11, "end", mono=True,
                 color=FAINT)
        if by != last_by:
            svg.text(x + w + 14, y + 15, "pushed by " + by, 12)
            last_by = by
        y += row
    svg.text(x - 12, y + 4, "tf (the argument of trap)", 12, "end",
             mono=True)
    for label in ["&frame: alltraps' pushl %esp", "return address into alltraps"]:
        svg.rect(x, y, w, row, EMPTY, dashed=True)
        svg.text(x + 8, y + 15, label, 12, color=FAINT)
        y += row
    svg.text(x + w / 2, y + 20, "trap()'s own frame, growing down", 12,
             "middle", color=FAINT)
    svg.write(os.path.join(out, "trapframe.svg"))


# --- physmem.svg ----------------------------------------------------------------

def physmem(out):
    c = header_constants("inc/mmu.h", "inc/memlayout.h", "kern/entry.h")
    # (low address label, height, fill, title, note), top of memory first.
    regions = [
        ("", 60, EMPTY, "general memory: page tables, user pages",
         "on the free list; up to npages * PGSIZE (at most 256 MiB)"),
        ("boot_alloc(0)", 0, None, None, None),
        ("", 60, KERNEL, "boot_alloc: kern_pgdir, pages[], envs[]",
         "taken by mem_init before the page allocator exists"),
        ("end", 0, None, None, None),
        ("", 80, KERNEL, "the kernel image",
         ".text .rodata .kdebug .data (user programs) .bss"),
        ("%08x EXTPHYSMEM" % c("EXTPHYSMEM"), 0, None, None, None),
        ("", 50, "#e8eaed", "I/O hole: VGA (text at 000b8000), ROMs, BIOS",
         "not RAM"),
        ("%08x IOPHYSMEM" % c("IOPHYSMEM"), 0, None, None, None),
        ("", 40, EMPTY, "base memory", "free"),
        ("%08x" % (c("MPENTRY_PADDR") + c("PGSIZE")), 0, None, None, None),
        ("", 30, KERNEL, "AP start-up code (kern/mpentry.S)", "kept"),
        ("%08x MPENTRY_PADDR" % c("MPENTRY_PADDR"), 0, None, None, None),
        ("", 30, EMPTY, "low memory", "free"),
        ("%08x" % c("PGSIZE"), 0, None, None, None),
        ("", 30, KERNEL, "real-mode IDT, BIOS data area", "kept"),
        ("00000000", 0, None, None, None),
    ]
    x, w, top = 300, 420, 60
    svg = Svg(1000, top + sum(r[1] for r in regions) + 60)
    svg.text(500, 30, "Physical memory at boot (not to scale)", 18, "middle",
             bold=True)
    y = top
    for label, h, fill, title, note in regions:
        if fill is None:
            svg.text(x - 10, y + 4, label, 12, "end", mono=True)
            continue
        svg.rect(x, y, w, h, fill)
        svg.text(x + 10, y + h / 2 - 2, title, 13, bold=True)
        svg.text(x + 10, y + h / 2 + 14, note, 11, color=FAINT)
        y += h
    # The reach of the entry page tables, somewhere in general memory.
    line_y = top + 30
    svg.line(x - 5, line_y, x + w + 40, line_y, dashed=True, color="#d93025")
    svg.text(x + w + 45, line_y - 4, "%d MiB: entry_pgdir maps up to here"
             % (c("ENTRY_MAPPED") >> 20), 11, color="#d93025")
    svg.text(x + w + 45, line_y + 10, "(everything before mem_init must be"
             " below)", 11, color="#d93025")
    svg.write(os.path.join(out, "physmem.svg"))


# --- syscall.svg ----------------------------------------------------------------

USER, CPU, KERN = 0, 1, 2

SYSCALL_STEPS = [
    (None, None, "enter", ""),
    (USER, USER, "eax = SYS_cputs, edx = s, ecx = len", ""),
    (USER, CPU, "int $0x30", "IDT[48]: interrupt gate, DPL 3"),
    (CPU, CPU, "stack = TSS esp0; push ss esp eflags cs eip; IF = 0", ""),
    (CPU, KERN, "vector 48's stub: push 0, push 48", "kern/trapentry.S"),
    (KERN, KERN, "alltraps: push ds es, pushal; call trap(tf)", ""),
    (None, None, "in the kernel, holding the big lock", ""),
    (KERN, KERN, "trap: lock_kernel; curenv->env_tf = *tf", ""),
    (KERN, KERN, "syscall(eax, edx, ecx, ebx, edi, esi)", ""),
    (KERN, KERN, "sys_cputs: user_mem_assert(s, len); cprintf", ""),
    (KERN, KERN, "env_tf's eax = 0", ""),
    (None, None, "return", ""),
    (KERN, KERN, "env_run: unlock_kernel; env_pop_tf", ""),
    (KERN, CPU, "popal; pop es ds; skip trapno err; iret", ""),
    (CPU, USER, "pop eip cs eflags esp ss", "after the int, eax = 0"),
]


def syscall_figure(out):
    sequence(os.path.join(out, "syscall.svg"),
             "sys_cputs(s, len) by int $0x30",
             ["user program", "CPU", "kernel (trap.c, syscall.c)"],
             SYSCALL_STEPS)


# --- shootdown.svg --------------------------------------------------------------

ASKER, TARGET = 0, 1

SHOOTDOWN_STEPS = [
    (None, None, "CPU 0 (holding the kernel lock) unmaps a page of the env "
     "CPU 1 runs in user mode", ""),
    (ASKER, ASKER, "page_remove -> tlb_invalidate: invlpg here", ""),
    (ASKER, ASKER, "tlb_shootdown: xchg(flush_asked[1], 1); read in_user[1] "
     "= 1", ""),
    (ASKER, TARGET, "IPI T_TLBSHOOT", "lapic_ipi"),
    (ASKER, ASKER, "spin while flush_asked[1]", ""),
    (TARGET, TARGET, "trap: tlb_enter_kernel: xchg(in_user[1], 0)", ""),
    (TARGET, TARGET, "flush_asked[1] set: reload cr3, xchg(flush_asked[1], "
     "0)", ""),
    (TARGET, ASKER, "flush_asked[1] == 0", "the requester stops waiting"),
    (ASKER, ASKER, "page_decref: the page may be reused", ""),
    (TARGET, TARGET, "lock_kernel (waits for CPU 0), then back to the env",
     ""),
    (None, None, "or: CPU 1 was already entering the kernel (in_user[1] "
     "read as 0)", ""),
    (ASKER, ASKER, "no IPI, no wait", ""),
    (TARGET, TARGET, "lock_kernel; tlb_flush_if_asked: sees the flag, "
     "flushes", ""),
]


def shootdown(out):
    sequence(os.path.join(out, "shootdown.svg"),
             "TLB shootdown (kern/tlbshoot.c)",
             ["CPU 0: the requester", "CPU 1: runs the env"],
             SHOOTDOWN_STEPS, width=1000)


# --- interrupts.svg -------------------------------------------------------------

def box(svg, x, y, w, h, title, lines, fill="#e8eaed"):
    svg.rect(x, y, w, h, fill)
    svg.text(x + w / 2, y + 20, title, 13, "middle", bold=True)
    for i, line in enumerate(lines):
        svg.text(x + w / 2, y + 38 + 15 * i, line, 11, "middle", color=FAINT)


def interrupts(out):
    c = header_constants("inc/trap.h", "kern/tlbshoot.h")
    svg = Svg(1000, 470)
    svg.text(500, 30, "Where interrupts come from", 18, "middle", bold=True)
    box(svg, 40, 70, 150, 50, "keyboard", ["IRQ %d" % c("IRQ_KBD")])
    box(svg, 40, 150, 150, 50, "COM1", ["IRQ %d" % c("IRQ_SERIAL")])
    box(svg, 280, 80, 200, 110, "8259A PICs", [
        "vectors %d-%d" % (c("IRQ_OFFSET"), c("IRQ_OFFSET") + 15),
        "auto-EOI: never acknowledged", "all lines masked but 1, 2, 4"])
    svg.line(190, 95, 280, 110, arrow=True)
    svg.line(190, 175, 280, 160, arrow=True)
    cpus = [("boot CPU", "LINT0: ExtINT"), ("CPU 1", "LINT0: masked"),
            ("CPU 2 ...", "LINT0: masked")]
    for i, (name, lint0) in enumerate(cpus):
        x = 560 + i * 145
        box(svg, x, 70, 130, 130, name, [
            "local APIC", lint0,
            "timer: vector %d" % (c("IRQ_OFFSET") + c("IRQ_TIMER")),
            "error: vector %d" % (c("IRQ_OFFSET") + c("IRQ_ERROR")),
            "EOI: lapic_eoi"], "#c6dafc")
    svg.line(480, 135, 560, 135, arrow=True)
    svg.text(520, 128, "INTR", 11, "middle", color=FAINT)
    # The APIC bus: IPIs between the CPUs.
    svg.line(560, 260, 980, 260)
    for i in range(3):
        svg.line(625 + i * 145, 200, 625 + i * 145, 260)
    svg.text(770, 285, "inter-processor interrupts: INIT and STARTUP (boot_aps),"
             , 12, "middle")
    svg.text(770, 302, "T_TLBSHOOT = vector %d (tlb_shootdown)"
             % c("T_TLBSHOOT"), 12, "middle")
    notes = [
        "Each CPU's LAPIC timer preempts that CPU; the PIT (IRQ 0) stays "
        "masked.  Device interrupts reach the boot CPU only.",
        "trap() sends the LAPIC its EOI first thing for the timer, error "
        "and shootdown vectors; spurious interrupts",
        "(vector %d, from either controller) get none.  Interrupts arrive "
        "only in user mode and in the idle hlt loop." % (c("IRQ_OFFSET") +
                                                          c("IRQ_SPURIOUS")),
    ]
    for i, note in enumerate(notes):
        svg.text(40, 370 + 20 * i, note, 12)
    svg.write(os.path.join(out, "interrupts.svg"))


def draw(out):
    """Draw every figure of this module into out."""
    trapframe(out)
    physmem(out)
    syscall_figure(out)
    shootdown(out)
    interrupts(out)
