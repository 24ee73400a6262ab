/*
 * hostile_ebp: %ebp and %esp are the user's own at every way into the
 * kernel; nothing in the kernel may follow them.  For each of a list of
 * values pointing at unmapped kernel memory (just below CPU 0's kernel
 * stack), mapped kernel memory (the top of a kernel stack, kernel text,
 * the MMIO region), the very top of the address space and user memory,
 * enter the kernel with %ebp (then %esp) set to it: by "int $0x30", by
 * timer interrupts while spinning, by page faults with an upcall, and by
 * exceptions that kill the env.  The kernel must carry on every time.
 * Prints "ok   WHAT" or "FAIL WHAT" per check.
 */
#include <inc/lib.h>
#include <user/hostile.h>

#define PUW		(PTE_P | PTE_U | PTE_W)
#define NCALLS		50
#define FAULT_VA	0x10000000

static const uint32_t values[] = {
	0xefff7ff0,	/* unmapped, just below CPU 0's kernel stack */
	0xeffffff8,	/* the top of CPU 0's kernel stack */
	0xf0100000,	/* kernel text */
	0xef800000,	/* MMIO: the local APIC */
	0xef7ffffc,	/* a frame straddling ULIM */
	0xfffffffc,	/* a frame that wraps around */
	0xeebfdff0,	/* the user stack: a user frame */
	0x00000004,
};

/* The value under test, where the asm below can reach it without %ebp
 * (or %esp). */
static uint32_t value __attribute__((used));
static uint32_t saved_esp __attribute__((used));

/* getenvid by "int $0x30" with %ebp = value. */
static envid_t
int_with_ebp(void)
{
	envid_t id;

	asm volatile("pushl %%ebp\n\t"
		     "movl value, %%ebp\n\t"
		     "int %1\n\t"
		     "popl %%ebp"
		     : "=a" (id) : "i" (T_SYSCALL), "0" (SYS_getenvid)
		     : "cc", "memory");
	return id;
}

/* getenvid by "int $0x30" with %esp = value. */
static envid_t
int_with_esp(void)
{
	envid_t id;

	asm volatile("movl %%esp, saved_esp\n\t"
		     "movl value, %%esp\n\t"
		     "int %1\n\t"
		     "movl saved_esp, %%esp"
		     : "=a" (id) : "i" (T_SYSCALL), "0" (SYS_getenvid)
		     : "cc", "memory");
	return id;
}

/* Spin with %ebp (or, with esp, %esp) = value until the timer has taken
 * the CPU away and given it back twice. */
static void
spin_with(bool esp)
{
	const volatile uint32_t *runs = &thisenv->env_runs;
	uint32_t until = *runs + 2;

	if (esp)
		asm volatile("movl %%esp, saved_esp\n\t"
			     "movl value, %%esp\n\t"
			     "1:\tcmpl (%0), %1\n\t"
			     "ja 1b\n\t"
			     "movl saved_esp, %%esp"
			     : : "r" (runs), "r" (until) : "cc", "memory");
	else
		asm volatile("pushl %%ebp\n\t"
			     "movl value, %%ebp\n\t"
			     "1:\tcmpl (%0), %1\n\t"
			     "ja 1b\n\t"
			     "popl %%ebp"
			     : : "r" (runs), "r" (until) : "cc", "memory");
}

static void
map_fault_page(struct UTrapframe *utf)
{
	int r;

	if ((r = sys_page_alloc(0, (void *) ROUNDDOWN(utf->utf_fault_va,
						       PGSIZE), PUW)) < 0)
		panic("sys_page_alloc: %e", r);
}

/* Write to an unmapped page with %ebp = value; the upcall maps it. */
static bool
fault_with_ebp(void)
{
	volatile uint32_t *va = (volatile uint32_t *) FAULT_VA;

	asm volatile("pushl %%ebp\n\t"
		     "movl value, %%ebp\n\t"
		     "movl $7, (%0)\n\t"
		     "popl %%ebp"
		     : : "r" (va) : "memory");
	return *va == 7 && sys_page_unmap(0, (void *) va) == 0;
}

/* Divide by zero with %ebp and %esp = value: the kernel kills the env. */
static void
divide_with_both(void)
{
	asm volatile("movl value, %%ebp\n\t"
		     "movl value, %%esp\n\t"
		     "xorl %%edx, %%edx\n\t"
		     "divl %%edx"
		     : : : "eax", "edx", "memory");
}

void
umain(int argc, char **argv)
{
	envid_t self = sys_getenvid();
	char what[80];
	unsigned v;
	int i, bad;

	/* Page faults first: fork, below, installs its own handler. */
	set_pgfault_handler(map_fault_page);
	for (v = 0; v < ARRAY_SIZE(values); v++) {
		value = values[v];
		snprintf(what, sizeof(what), "a page fault upcall with "
			 "%%ebp %08x", value);
		expect_true(what, fault_with_ebp());
	}

	for (v = 0; v < ARRAY_SIZE(values); v++) {
		value = values[v];

		for (bad = i = 0; i < NCALLS; i++)
			bad += int_with_ebp() != self;
		snprintf(what, sizeof(what), "int $0x30 with %%ebp %08x",
			 value);
		expect(what, bad, 0);
		for (bad = i = 0; i < NCALLS; i++)
			bad += int_with_esp() != self;
		snprintf(what, sizeof(what), "int $0x30 with %%esp %08x",
			 value);
		expect(what, bad, 0);

		spin_with(false);
		spin_with(true);
		snprintf(what, sizeof(what), "timer interrupts with %%ebp, "
			 "then %%esp, %08x", value);
		expect_true(what, true);

		snprintf(what, sizeof(what), "a divide error with %%ebp and "
			 "%%esp %08x kills the env", value);
		expect_destroyed(what, divide_with_both);
	}
	hostile_summary("hostile_ebp");
}
