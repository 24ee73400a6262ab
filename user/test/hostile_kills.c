/*
 * hostile_kills: bad pointers and bad fault setups, each of which the
 * kernel must answer by destroying the env that tried it, with the
 * classic "[ENVID] user_mem_check assertion failure for va VA" line (or
 * a trap frame, for a forbidden interrupt), and never by a panic.  Each
 * action runs in a forked child; the parent checks that the child is gone
 * and prints "ok   WHAT" (see user/test/lib/hostile.h).  The grader matches the
 * kernel's line for each, in this order.
 */
#include <inc/lib.h>
#include <user/test/lib/hostile.h>

/* A page the children allocate; the page after it stays unmapped. */
#define SCRATCH		0x10000000
/* Addresses with nothing mapped in any of these children. */
#define UNMAPPED	0x30000000

/* A system call by sysenter with %ebp (the user stack the kernel reads
 * the return address from) set to stack. */
static void
sysenter_with_stack(uint32_t stack)
{
	asm volatile("pushl %%ebp\n\t"
		     "movl %0, %%ebp\n\t"
		     "sysenter\n\t"
		     "popl %%ebp"
		     : : "r" (stack), "a" (SYS_getenvid)
		     : "ecx", "edx", "cc", "memory");
}

static void
cputs_kernel(void)
{
	sys_cputs((const char *) 0xf0100000, 16);
}

static void
cputs_ulim(void)
{
	sys_cputs((const char *) (ULIM - 8), 16);
}

static void
cputs_null(void)
{
	sys_cputs(NULL, 1);
}

/* From the top of the stack, a length that wraps around the address
 * space: the first bad page is the one above the stack. */
static void
cputs_wrap(void)
{
	sys_cputs((const char *) (USTACKTOP - 16), (size_t) -8);
}

/* From a mapped page into the unmapped one after it. */
static void
cputs_straddle(void)
{
	if (sys_page_alloc(0, (void *) SCRATCH, PTE_P | PTE_U | PTE_W) < 0)
		return;
	sys_cputs((const char *) (SCRATCH + PGSIZE - 8), 16);
}

/* Write to an unmapped page (not to NULL: the compiler may drop a store
 * it can prove faults). */
static void
batch_kernel(void)
{
	jos_sys_page_map_batch((const struct PageMapOp *) 0xf0100000, 1);
}

/* Operations running from a mapped page into the unmapped one after. */
static void
batch_straddle(void)
{
	if (sys_page_alloc(0, (void *) SCRATCH, PTE_P | PTE_U | PTE_W) < 0)
		return;
	jos_sys_page_map_batch((const struct PageMapOp *) (SCRATCH + PGSIZE - 8),
			   2);
}

static void
fault(void)
{
	*(volatile int *) UNMAPPED = 0;
}

static void
upcall_kernel(void)
{
	sys_env_set_pgfault_upcall(0, (void *) 0xf0100000);
	fault();
}

static void
upcall_unmapped(void)
{
	sys_env_set_pgfault_upcall(0, (void *) UNMAPPED);
	fault();
}

/* fork gave the child an exception stack and the upcall: take the stack
 * away. */
static void
no_exception_stack(void)
{
	sys_page_unmap(0, (void *) (UXSTACKTOP - PGSIZE));
	fault();
}

static void
readonly_exception_stack(void)
{
	void *xstack = (void *) (UXSTACKTOP - PGSIZE);

	sys_page_map(0, xstack, 0, xstack, PTE_P | PTE_U);
	fault();
}

/* A handler that faults again, nesting until the exception stack runs
 * out. */
static void
fault_again(struct UTrapframe *utf)
{
	fault();
}

static void
exception_stack_overflow(void)
{
	set_pgfault_handler(fault_again);
	fault();
}

/* The timer's vector may not be raised by user code: a general
 * protection fault. */
static void
int_timer(void)
{
	asm volatile("int %0" : : "i" (IRQ_OFFSET + IRQ_TIMER));
}

static void
sysenter_kernel_stack(void)
{
	sysenter_with_stack(KERNBASE);
}

static void
sysenter_unmapped_stack(void)
{
	sysenter_with_stack(UNMAPPED);
}

/* The return address would straddle the top of the stack. */
static void
sysenter_straddling_stack(void)
{
	sysenter_with_stack(USTACKTOP - 2);
}

void
umain(int argc, char **argv)
{
	expect_destroyed("cputs from a kernel address", cputs_kernel);
	expect_destroyed("cputs across ULIM", cputs_ulim);
	expect_destroyed("cputs from NULL", cputs_null);
	expect_destroyed("cputs with a length that wraps", cputs_wrap);
	expect_destroyed("cputs into an unmapped page", cputs_straddle);
	expect_destroyed("page_map_batch from a kernel address", batch_kernel);
	expect_destroyed("page_map_batch into an unmapped page",
			 batch_straddle);
	expect_destroyed("fault upcall in the kernel", upcall_kernel);
	expect_destroyed("fault upcall unmapped", upcall_unmapped);
	expect_destroyed("fault with no exception stack", no_exception_stack);
	expect_destroyed("fault with a read-only exception stack",
			 readonly_exception_stack);
	expect_destroyed("exception stack overflow", exception_stack_overflow);
	expect_destroyed("int $IRQ_TIMER from user mode", int_timer);
	expect_destroyed("sysenter with a kernel stack pointer",
			 sysenter_kernel_stack);
	expect_destroyed("sysenter with an unmapped stack pointer",
			 sysenter_unmapped_stack);
	expect_destroyed("sysenter with a stack straddling its top",
			 sysenter_straddling_stack);
	hostile_summary("hostile_kills");
}
