/*
 * hostile_eflags: the flags and data segment registers a user program
 * controls, at every way into the kernel.  Every return to user mode must
 * give an env exactly its own EFLAGS, whatever another env left in the
 * kernel's: a child runs with AC and ID set while the parent runs with
 * them clear, both entering the kernel by "int $0x30" and by sysenter in
 * turn and switching to each other each time; each checks, after every
 * call, that its flags are its own.  The page-fault upcall must see the
 * env's own flags too.  DF and NT set at entry must not trouble the
 * kernel, and come back; IOPL cannot be raised by popf; %ds and %es
 * loaded with the null selector or the user code segment come back from
 * int, sysenter and timer interrupts.  Prints "ok   WHAT" or "FAIL WHAT"
 * per check.
 */
#include <inc/lib.h>
#include <inc/x86.h>
#include <user/hostile.h>

#define PUW		(PTE_P | PTE_U | PTE_W)
#define NSWITCH		3000
#define NFAULT		200
#define FAULT_VA	0x10000000
/* The flags a program may set with popf and gets back. */
#define OWN_FLAGS	(FL_AC | FL_ID | FL_DF | FL_NT)

struct result {
	int32_t ret;		/* the system call's result */
	uint32_t flags;		/* EFLAGS right after it returned */
};

/* System call num by "int $0x30" with set or-ed into EFLAGS for the
 * call; the flags are restored afterwards. */
static struct result
int_with_flags(int num, uint32_t set)
{
	struct result r;

	asm volatile("pushfl\n\t"
		     "pushfl\n\t"
		     "orl %3, (%%esp)\n\t"
		     "popfl\n\t"
		     "int %4\n\t"
		     "pushfl\n\t"
		     "popl %1\n\t"
		     "popfl"
		     : "=a" (r.ret), "=&r" (r.flags)
		     : "0" (num), "r" (set), "i" (T_SYSCALL)
		     : "cc", "memory");
	return r;
}

/* The same by sysenter, entered as lib/syscall.c does. */
static struct result
sysenter_with_flags(int num, uint32_t set)
{
	struct result r;

	asm volatile("pushfl\n\t"
		     "pushl %%ebp\n\t"
		     "pushl $1f\n\t"
		     "movl %%esp, %%ebp\n\t"
		     "pushfl\n\t"
		     "orl %3, (%%esp)\n\t"
		     "popfl\n\t"
		     "sysenter\n"
		     "1:\tpushfl\n\t"
		     "popl %1\n\t"
		     "addl $4, %%esp\n\t"
		     "popl %%ebp\n\t"
		     "popfl"
		     : "=a" (r.ret), "=&r" (r.flags)
		     : "0" (num), "r" (set)
		     : "ecx", "edx", "cc", "memory");
	return r;
}

static struct result
call_with_flags(bool by_sysenter, int num, uint32_t set)
{
	return by_sysenter ? sysenter_with_flags(num, set)
			   : int_with_flags(num, set);
}

/* Yield NSWITCH times with own set in EFLAGS, by int and sysenter in
 * turn; return how many times the flags that came back were not own. */
static int
yield_with_flags(uint32_t own)
{
	int i, bad = 0;

	for (i = 0; i < NSWITCH; i++) {
		struct result r = call_with_flags(i % 2, SYS_yield, own);

		if ((r.flags & (FL_AC | FL_ID)) != own)
			bad++;
	}
	return bad;
}

/* Two envs with different AC and ID switch to each other. */
static void
check_no_leak(void)
{
	envid_t child = fork();
	int bad;

	if (child < 0)
		panic("fork: %e", child);
	if (child == 0) {
		bad = yield_with_flags(FL_AC | FL_ID);
		expect("the env with AC and ID set kept them", bad, 0);
		exit();
	}
	bad = yield_with_flags(0);
	expect("the env with AC and ID clear never got the other's", bad, 0);
	wait_gone(child);
}

static uint32_t upcall_flags, fault_flags;
/* The handler fork installed, for the copy-on-write faults of our own
 * pages (lib/pgfault.c keeps the one in use in _pgfault_handler). */
extern void (*_pgfault_handler)(struct UTrapframe *utf);
static void (*cow_handler)(struct UTrapframe *utf);

/* Note the flags the upcall runs with and those of the faulting code,
 * for a fault at FAULT_VA's page; pass any other to fork's handler. */
static void
note_flags(struct UTrapframe *utf)
{
	uint32_t flags = read_eflags();
	int r;

	if (ROUNDDOWN(utf->utf_fault_va, PGSIZE) != FAULT_VA) {
		cow_handler(utf);
		return;
	}
	upcall_flags = flags;
	fault_flags = utf->utf_eflags;
	if ((r = sys_page_alloc(0, (void *) ROUNDDOWN(utf->utf_fault_va,
						       PGSIZE), PUW)) < 0)
		panic("sys_page_alloc: %e", r);
}

/* Fault on a fresh page with set or-ed into EFLAGS, flags restored
 * after; false if the upcall's flags or the faulting code's recorded
 * ones have a different AC or ID from set's. */
static bool
fault_with_flags(volatile uint32_t *va, uint32_t set)
{
	asm volatile("pushfl\n\t"
		     "pushfl\n\t"
		     "orl %1, (%%esp)\n\t"
		     "popfl\n\t"
		     "movl $1, (%0)\n\t"
		     "popfl"
		     : : "r" (va), "r" (set) : "cc", "memory");
	sys_page_unmap(0, (void *) va);
	return (upcall_flags & (FL_AC | FL_ID)) == set &&
	       (fault_flags & (FL_AC | FL_ID)) == set;
}

/* Upcalls while another env switches in and out with AC and ID set. */
static void
check_upcall_flags(void)
{
	envid_t child = fork();
	int i, bad = 0;

	if (child < 0)
		panic("fork: %e", child);
	if (child == 0) {
		yield_with_flags(FL_AC | FL_ID);
		exit();
	}
	cow_handler = _pgfault_handler;
	set_pgfault_handler(note_flags);
	for (i = 0; i < NFAULT; i++) {
		volatile uint32_t *va = (uint32_t *) FAULT_VA;

		if (!fault_with_flags(va, i % 2 ? FL_ID : 0))
			bad++;
		sys_yield();
	}
	expect("the upcall ran with the faulting env's own AC and ID", bad, 0);
	set_pgfault_handler(cow_handler);
	wait_gone(child);
}

/* DF and NT set at entry: the calls work and the flags come back. */
static void
check_entry_flags(void)
{
	envid_t self = sys_getenvid();
	static const uint32_t sets[] = { FL_DF, FL_NT, FL_DF | FL_NT | FL_AC };
	unsigned i;
	int how, bad = 0;

	for (i = 0; i < ARRAY_SIZE(sets); i++)
		for (how = 0; how < 2; how++) {
			struct result r = call_with_flags(how, SYS_getenvid,
							  sets[i]);

			if (r.ret != self || (r.flags & OWN_FLAGS) != sets[i])
				bad++;
		}
	expect("getenvid with DF, NT, AC set, by int and sysenter", bad, 0);
}

/* Raise IOPL by popf (the CPU ignores it at CPL 3), enter the kernel,
 * then touch an I/O port: the env must die of a protection fault. */
static void
port_after_iopl(void)
{
	sys_yield();
	int_with_flags(SYS_yield, FL_IOPL_3);
	asm volatile("pushfl\n\t"
		     "orl %0, (%%esp)\n\t"
		     "popfl\n\t"
		     "inb $0x80, %%al"
		     : : "i" (FL_IOPL_3) : "eax", "cc");
}

static void
check_iopl(void)
{
	int how, bad = 0;

	for (how = 0; how < 2; how++)
		if (call_with_flags(how, SYS_getenvid,
				    FL_IOPL_3).flags & FL_IOPL_MASK)
			bad++;
	expect("IOPL stays 0 when popf asks for 3", bad, 0);
	expect_destroyed("an env reaching for an I/O port is destroyed",
			 port_after_iopl);
}

/* Load sel into %ds and %es, make system call num (by sysenter or int)
 * or, for num < 0, spin until the env has been rescheduled by the
 * timer; return %ds and %es as they came back, %ds in the low half. */
static uint32_t
data_segs_across(uint16_t sel, bool by_sysenter, int num)
{
	const volatile uint32_t *runs = &thisenv->env_runs;
	uint32_t segs;

	if (num < 0)
		asm volatile("pushl %%ds\n\t"
			     "pushl %%es\n\t"
			     "movl %%ss:(%2), %%ecx\n\t"
			     "movw %w1, %%ds\n\t"
			     "movw %w1, %%es\n\t"
			     "1:\tcmpl %%ss:(%2), %%ecx\n\t"
			     "je 1b\n\t"
			     "movw %%es, %%ax\n\t"
			     "shll $16, %%eax\n\t"
			     "movw %%ds, %%ax\n\t"
			     "popl %%es\n\t"
			     "popl %%ds"
			     : "=&a" (segs) : "r" (sel), "r" (runs)
			     : "ecx", "cc", "memory");
	else if (by_sysenter)
		asm volatile("pushl %%ds\n\t"
			     "pushl %%es\n\t"
			     "pushl %%ebp\n\t"
			     "movw %w1, %%ds\n\t"
			     "movw %w1, %%es\n\t"
			     "pushl $1f\n\t"
			     "movl %%esp, %%ebp\n\t"
			     "sysenter\n"
			     "1:\taddl $4, %%esp\n\t"
			     "popl %%ebp\n\t"
			     "movw %%es, %%ax\n\t"
			     "shll $16, %%eax\n\t"
			     "movw %%ds, %%ax\n\t"
			     "popl %%es\n\t"
			     "popl %%ds"
			     : "=a" (segs) : "r" (sel), "0" (num)
			     : "ecx", "edx", "cc", "memory");
	else
		asm volatile("pushl %%ds\n\t"
			     "pushl %%es\n\t"
			     "movw %w1, %%ds\n\t"
			     "movw %w1, %%es\n\t"
			     "int %3\n\t"
			     "movw %%es, %%ax\n\t"
			     "shll $16, %%eax\n\t"
			     "movw %%ds, %%ax\n\t"
			     "popl %%es\n\t"
			     "popl %%ds"
			     : "=a" (segs) : "r" (sel), "0" (num),
			       "i" (T_SYSCALL)
			     : "cc", "memory");
	return segs;
}

static void
check_data_segs(void)
{
	static const uint16_t sels[] = { 0, GD_UT | 3 };
	unsigned i;
	int bad = 0;

	for (i = 0; i < ARRAY_SIZE(sels); i++) {
		uint32_t want = sels[i] | (uint32_t) sels[i] << 16;

		bad += data_segs_across(sels[i], false, SYS_yield) != want;
		bad += data_segs_across(sels[i], true, SYS_yield) != want;
		bad += data_segs_across(sels[i], false, -1) != want;
	}
	expect("%ds and %es null or user code across int, sysenter, timer",
	       bad, 0);
}

void
umain(int argc, char **argv)
{
	check_no_leak();
	check_upcall_flags();
	check_entry_flags();
	check_iopl();
	check_data_segs();
	hostile_summary("hostile_eflags");
}
