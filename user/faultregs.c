/*
 * faultregs: a page fault must be invisible to the code that took it.  An
 * assembly sequence loads distinctive values into every general register
 * and the arithmetic flags, records them, writes to the unmapped page UTEMP
 * (the handler maps it), and records the registers again.  The UTrapframe
 * the handler sees and the registers after the upcall returns must both
 * equal the values just before the faulting write.  Output: "Registers in
 * UTrapframe OK" and "Registers after page-fault OK"; otherwise a line per
 * differing register and "... MISMATCH".
 */
#include <inc/lib.h>

/* A full user register set, laid out as the asm below stores it. */
struct regs {
	struct PushRegs r;	/* offsets 0..31, the pushal image */
	uint32_t eip;		/* 32 */
	uint32_t eflags;	/* 36 */
	uint32_t esp;		/* 40 */
};
_Static_assert(offsetof(struct regs, eip) == 32, "eip at 32");
_Static_assert(offsetof(struct regs, esp) == 40, "esp at 40");

/* Referenced by name from the asm, hence "used" and not on the stack. */
static struct regs before __attribute__((used));
static struct regs after __attribute__((used));
static struct regs during;
static uint32_t fault_va, fault_err;

/* Flags we flip to make eflags distinctive; DF stays clear for C code. */
#define FLIP_FLAGS	(FL_CF | FL_PF | FL_AF | FL_ZF | FL_SF | FL_OF)

/* Store the registers, eflags and esp into the struct regs named sym
 * (not eip, and not the meaningless oesp slot). */
#define SAVE_REGS(sym)					\
	"movl %%edi, " sym "+0\n\t"			\
	"movl %%esi, " sym "+4\n\t"			\
	"movl %%ebp, " sym "+8\n\t"			\
	"movl %%ebx, " sym "+16\n\t"			\
	"movl %%edx, " sym "+20\n\t"			\
	"movl %%ecx, " sym "+24\n\t"			\
	"movl %%eax, " sym "+28\n\t"			\
	"pushfl\n\t"					\
	"popl " sym "+36\n\t"				\
	"movl %%esp, " sym "+40\n\t"

/*
 * Run the faulting write between two register snapshots.  Every register
 * is clobbered on purpose, so the compiler's own are kept on the stack.
 */
static void
fault_between_snapshots(void)
{
	asm volatile(
		"pushal\n\t"
		"pushfl\n\t"
		"movl $0x11111111, %%edi\n\t"
		"movl $0x22222222, %%esi\n\t"
		"movl $0x33333333, %%ebp\n\t"
		"movl $0x44444444, %%ebx\n\t"
		"movl $0x55555555, %%edx\n\t"
		"movl $0x66666666, %%ecx\n\t"
		"movl $0x77777777, %%eax\n\t"
		"pushfl\n\t"
		"xorl %[flip], (%%esp)\n\t"
		"popfl\n\t"
		SAVE_REGS("before")
		"movl $1f, before+32\n\t"
		"1: movl $0x42, %[utemp]\n\t"
		SAVE_REGS("after")
		"popfl\n\t"
		"popal"
		: [utemp] "=m" (*(int *) UTEMP)
		: [flip] "i" (FLIP_FLAGS)
		: "memory", "cc");
}

/*
 * Map UTEMP so the write can complete, and keep what the kernel reported.
 * Runs on the exception stack, so it must not touch UTEMP itself.
 */
static void
handler(struct UTrapframe *utf)
{
	int r;

	fault_va = utf->utf_fault_va;
	fault_err = utf->utf_err;
	during.r = utf->utf_regs;
	during.eip = utf->utf_eip;
	during.eflags = utf->utf_eflags;
	during.esp = utf->utf_esp;
	if ((r = sys_page_alloc(0, UTEMP, PTE_P | PTE_U | PTE_W)) < 0)
		panic("sys_page_alloc: %e", r);
}

/* Compare one register; print a line and return false if it differs. */
static bool
same(const char *name, uint32_t want, uint32_t got)
{
	if (want == got)
		return true;
	cprintf("  %-6s expected %08x got %08x\n", name, want, got);
	return false;
}

/*
 * Compare got against want and print "Registers <what> OK" or "MISMATCH".
 * ignore_flags are eflags bits the hardware may set in got on its own.
 */
static void
check_regs(const char *what, const struct regs *want, const struct regs *got,
	   bool with_eip, uint32_t ignore_flags)
{
	bool ok = true;

	ok &= same("edi", want->r.reg_edi, got->r.reg_edi);
	ok &= same("esi", want->r.reg_esi, got->r.reg_esi);
	ok &= same("ebp", want->r.reg_ebp, got->r.reg_ebp);
	ok &= same("ebx", want->r.reg_ebx, got->r.reg_ebx);
	ok &= same("edx", want->r.reg_edx, got->r.reg_edx);
	ok &= same("ecx", want->r.reg_ecx, got->r.reg_ecx);
	ok &= same("eax", want->r.reg_eax, got->r.reg_eax);
	if (with_eip)
		ok &= same("eip", want->eip, got->eip);
	ok &= same("eflags", want->eflags, got->eflags & ~ignore_flags);
	ok &= same("esp", want->esp, got->esp);
	cprintf("Registers %s %s\n", what, ok ? "OK" : "MISMATCH");
}

void
umain(int argc, char **argv)
{
	set_pgfault_handler(handler);
	fault_between_snapshots();

	if (fault_va != (uint32_t) UTEMP || !(fault_err & FEC_WR))
		panic("expected a write fault at %08x, got va %08x err %x",
		      (uint32_t) UTEMP, fault_va, fault_err);
	if (*(volatile int *) UTEMP != 0x42)
		panic("the faulting write did not complete");

	/* A fault sets RF in the pushed eflags on some processors. */
	check_regs("in UTrapframe", &before, &during, true, FL_RF);
	check_regs("after page-fault", &before, &after, false, 0);
}
