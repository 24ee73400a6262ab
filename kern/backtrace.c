/*
 * The monitor's backtrace: walk the chain of saved frame pointers and name
 * each return address.  The kernel is built with frame pointers, so each
 * frame starts with the caller's %ebp, then the return address, then the
 * arguments.  kern/entry.S starts the chain with %ebp = 0.
 */

#include <inc/stdio.h>
#include <inc/memlayout.h>
#include <inc/x86.h>
#include <kern/monitor.h>
#include <kern/kdebug.h>
#include <kern/pmap.h>
#include <kern/cpu.h>
#include <kern/env.h>
#include <kern/trap.h>

/* Arguments shown per frame. */
#define NARGS 5

/*
 * The top of the kernel stack that holds the frame at ebp (its saved
 * %ebp and return address), or 0 when ebp is on no kernel stack: then the
 * chain is corrupt (each entry from user mode ends it with a zero, so it
 * never reaches the user's %ebp).
 */
uintptr_t
kstack_top(uintptr_t ebp)
{
	const uintptr_t need = 2 * sizeof(uint32_t);

	if (ebp >= (uintptr_t) bootstack && ebp + need <= (uintptr_t) bootstacktop)
		return (uintptr_t) bootstacktop;
	for (int i = 0; i < NCPU; i++) {
		/* The stack a CPU starts on, and its alias below KSTACKTOP
		 * that traps use. */
		uintptr_t base = (uintptr_t) percpu_kstacks[i];
		uintptr_t top = percpu_kstacktop(i);

		if (ebp >= base && ebp + need <= base + KSTKSIZE)
			return base + KSTKSIZE;
		if (ebp >= top - KSTKSIZE && ebp + need <= top)
			return top;
	}
	return 0;
}

/*
 * Print one frame: its addresses and argument words, then where eip is.
 * eip is a return address unless exact is set.  With user set, eip is an
 * address in curenv's program.
 */
static void
print_frame(uintptr_t ebp, uintptr_t eip, const uint32_t args[NARGS],
	    bool exact, bool user)
{
	/* A return address follows the call: name the call's line. */
	uintptr_t where = exact ? eip : eip - 1;
	struct Eipdebuginfo info;
	bool known;

	cprintf("  ebp %08x  eip %08x  args", ebp, eip);
	for (int i = 0; i < NARGS; i++)
		cprintf(" %08x", args[i]);
	cprintf("\n");

	if (user)
		known = debuginfo_user_eip(curenv, where, &info) == 0;
	else
		known = debuginfo_eip(where, &info) == 0;
	cprintf("         %s:%d: %.*s+%d\n", info.eip_file, info.eip_line,
		info.eip_fn_namelen, info.eip_fn_name,
		known ? eip - info.eip_fn_addr : 0);
}

/* Walk the kernel frames from ebp.  Argument slots at or above the top
 * of the stack were never pushed: they show as zero. */
static void
kernel_frames(uintptr_t ebp)
{
	uintptr_t top;

	while (ebp != 0 && (top = kstack_top(ebp)) != 0) {
		const uint32_t *frame = (const uint32_t *) ebp;
		uint32_t args[NARGS];

		for (int i = 0; i < NARGS; i++) {
			uintptr_t slot = ebp + (2 + i) * sizeof(uint32_t);

			args[i] = slot + sizeof(uint32_t) <= top ? frame[2 + i] : 0;
		}
		print_frame(ebp, frame[1], args, false, false);
		/* Callers' frames lie higher up; anything else is garbage. */
		if (frame[0] <= ebp)
			break;
		ebp = frame[0];
	}
}

/* Read the user word at va into *word; false if curenv may not read it. */
static bool
read_user_word(uintptr_t va, uint32_t *word)
{
	if (user_mem_check(curenv, (void *) va, sizeof(uint32_t), PTE_U) < 0)
		return false;
	*word = *(const uint32_t *) va;
	return true;
}

/* Fill args with the user words above the frame at ebp; zero where
 * curenv may not read. */
static void
read_user_args(uintptr_t ebp, uint32_t args[NARGS])
{
	for (int i = 0; i < NARGS; i++)
		if (!read_user_word(ebp + (2 + i) * sizeof(uint32_t), &args[i]))
			args[i] = 0;
}

/*
 * The return address of the user function that trapped at tf's eip, when
 * %ebp is still its caller's: the trap came at the function's first
 * instruction, right after its "push %ebp", at its final "ret", or in a
 * function without a frame (gcc makes none for a function that uses no
 * stack).  Returns false when %ebp is the function's own frame, or when
 * the word found is not the return address of a direct call to the
 * function: better one frame missing than a wrong one.
 */
static bool
frameless_return(const struct Trapframe *tf, uint32_t *ret)
{
	struct Eipdebuginfo info;
	uintptr_t fn, sp = tf->tf_esp;
	uint32_t prologue, insn, call, target;

	if (debuginfo_user_eip(curenv, tf->tf_eip, &info) < 0)
		return false;
	fn = info.eip_fn_addr;
	if (!read_user_word(fn, &prologue) || !read_user_word(tf->tf_eip, &insn))
		return false;
	/* 55 89 e5 is "push %ebp; mov %esp,%ebp"; c3 is "ret". */
	if ((prologue & 0xFFFFFF) == 0xE58955 && (insn & 0xFF) != 0xC3) {
		if (tf->tf_eip == fn + 1)
			sp += sizeof(uint32_t);
		else if (tf->tf_eip != fn)
			return false;
	}
	/* A direct call is e8 and a displacement from the return address. */
	return read_user_word(sp, ret) &&
	       read_user_word(*ret - 5, &call) && (call & 0xFF) == 0xE8 &&
	       read_user_word(*ret - 4, &target) && *ret + target == fn;
}

/*
 * Show where the env that trapped into the monitor was: first its
 * trap-time eip, then its frames from the trap-time %ebp, as for the
 * kernel.  Reads user memory only through curenv's page directory, and
 * only where user_mem_check allows.
 */
static void
user_frames(const struct Trapframe *tf)
{
	uintptr_t ebp = tf->tf_regs.reg_ebp;
	uint32_t args[NARGS], next, ret;

	if (curenv == NULL || rcr3() != PADDR(curenv->env_pgdir))
		return;
	cprintf("User frames of env %08x:\n", curenv->env_id);
	read_user_args(ebp, args);
	if (frameless_return(tf, &ret)) {
		/* Its arguments sit above the return address. */
		uint32_t fargs[NARGS];

		read_user_args(tf->tf_esp - sizeof(uint32_t), fargs);
		print_frame(ebp, tf->tf_eip, fargs, true, true);
		print_frame(ebp, ret, args, false, true);
	} else {
		print_frame(ebp, tf->tf_eip, args, true, true);
	}
	while (ebp != 0 && read_user_word(ebp, &next) &&
	       read_user_word(ebp + sizeof(uint32_t), &ret)) {
		print_frame(ebp, ret, args, false, true);
		if (next <= ebp)
			break;
		ebp = next;
		read_user_args(ebp, args);
	}
}

/*
 * Print the kernel's call chain from this function's own frame outwards,
 * as JOS users know it; after a user trap (tf from user mode), the user's
 * frames follow.
 */
int
mon_backtrace(int argc, char **argv, struct Trapframe *tf)
{
	cprintf("Stack backtrace:\n");
	kernel_frames(read_ebp());
	if (tf != NULL && (tf->tf_cs & 3) == 3)
		user_frames(tf);
	return 0;
}
