/* Kernel start-up on the boot CPU. */
#include <inc/stdio.h>
#include <inc/string.h>
#include <inc/assert.h>

#include <kern/monitor.h>
#include <kern/console.h>
#include <kern/pmap.h>
#include <kern/kclock.h>
#include <kern/env.h>
#include <kern/trap.h>
#include <kern/sched.h>
#include <kern/picirq.h>
#include <kern/cpu.h>
#include <kern/spinlock.h>
#include <kern/audit.h>
#include <kern/fpu.h>
#include <kern/time.h>
#include <kern/pci.h>
#include <kern/trace.h>

/*
 * The backtrace self-test: x nested calls, then the monitor's backtrace
 * from the innermost.  It lives here, at the top of the kernel's first
 * object after entry.S, where classic lab-1 graders look for its frames:
 * return addresses in the first 4 KB of text, on lines 5 to 50 of this
 * file.  kern/monitor.h keeps every level a real frame.
 */
void
test_backtrace(int x)
{
	cprintf("entering test_backtrace %d\n", x);
	if (x > 0)
		test_backtrace(x - 1);
	else
		mon_backtrace(0, 0, 0);
	cprintf("leaving test_backtrace %d\n", x);
}

/* JOS_LAB is the lab the kernel is built for (conf/lab.mk's LAB, passed
 * by kern/Makefrag).  A lab-1 kernel stops at the monitor after its boot
 * self-tests, a lab-2 kernel after setting up memory too: so each lab's
 * tests run without the code of the labs after it (see docs/teaching.md).
 * From lab 5 on, the file server runs beside the program; from lab 6 on,
 * the network server too, unless the kernel is built with TEST_NO_NS or
 * without a network server to embed (JOS_NET_NS, set by the build). */
#ifndef JOS_LAB
#define JOS_LAB 4
#endif

/* The same for the rest of the kernel, whose objects every lab's kernel
 * shares. */
const int kernel_lab = JOS_LAB;

/* The program `make qemu` runs when no TEST is given. */
#ifndef TEST
#if JOS_LAB >= 5
#define TEST user_icode
#else
#define TEST user_forktree
#endif
#endif

/*
 * Entered from kern/entry.S with paging on and a zeroed BSS.  Brings up
 * the console, memory, envs, traps and the other CPUs, creates the first
 * env and schedules it.  Never returns.
 */
void
i386_init(void)
{
	cons_init();
#if JOS_LAB == 1
	/* Lab 1's self-tests, whose output its graders read; the monitor's
	 * selftest command runs them in any kernel. */
	printf_selftest();
	test_backtrace(5);
#endif

#if JOS_LAB >= 2
	mem_init();
#endif
#if JOS_LAB >= 3
	fpu_init_percpu();
	env_init();
	trap_init();

	mp_init();
	lapic_init();
#if JOS_LAB >= 5
	cons_intr_enable();
#endif
	pic_init();
#if JOS_LAB >= 6
	time_init();
	pci_init();
#endif
	trace_init();

	/* LAB 4: take the big kernel lock before waking the other CPUs:
	 * they wait for it before touching any shared state. */
	lock_kernel();
	/* HANDOUT: one CPU runs the kernel until then. */
	/* END LAB 4 */
	boot_aps();

	leak_check_baseline();
#if JOS_LAB >= 5
	/* First, so that it is env 0x1000 and the program 0x1001. */
	ENV_CREATE(fs_fs, ENV_TYPE_FS);
#endif
#if JOS_LAB >= 6 && defined(JOS_NET_NS) && !defined(TEST_NO_NS)
	/* Second: env 0x1001, the program 0x1002. */
	ENV_CREATE(net_ns, ENV_TYPE_NS);
#endif
	ENV_CREATE(TEST, ENV_TYPE_USER);
#if JOS_LAB >= 5
	/* Drop keystrokes typed during boot, before the shell reads. */
	kbd_intr();
#endif
	sched_yield();
#else
	for (;;)
		monitor(NULL);
#endif
}
