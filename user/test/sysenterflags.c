/*
 * sysenterflags: sysenter, unlike an interrupt gate, keeps most of the
 * caller's eflags, so the kernel must not trust them.  Enter the kernel
 * by sysenter with, in turn, the direction flag, alignment check, nested
 * task and trap (single-step) flags set: each call must work as usual and
 * the kernel must neither panic nor stop in its monitor.  The nested task
 * flag is tried with a call that switches to another env, resumed by iret
 * (a child yielding by "int $0x30"), where it would turn iret into a
 * task switch.  Prints "ok   WHAT" or "FAIL WHAT" per check.
 */
#include <inc/lib.h>
#include <user/test/lib/hostile.h>

/* System call num by sysenter, as lib/syscall.c makes it, with flags
 * or-ed into eflags just before. */
static int32_t
sysenter_with_flags(int num, uint32_t flags)
{
	int32_t ret;

	asm volatile("pushl %%ebp\n\t"
		     "pushl $1f\n\t"
		     "movl %%esp, %%ebp\n\t"
		     "pushfl\n\t"
		     "orl %2, (%%esp)\n\t"
		     "popfl\n\t"
		     "sysenter\n"
		     "1:\taddl $4, %%esp\n\t"
		     "popl %%ebp\n\t"
		     "cld"
		     : "=a" (ret)
		     : "0" (num), "r" (flags)
		     : "ecx", "edx", "cc", "memory");
	return ret;
}

/* A child that yields by int $0x30 for a while, so that the kernel
 * resumes it with iret. */
static envid_t
fork_int_yielder(void)
{
	envid_t id = fork();
	int i;

	if (id < 0)
		panic("fork: %e", id);
	if (id == 0) {
		for (i = 0; i < 50; i++)
			asm volatile("int %0" : : "i" (T_SYSCALL),
				     "a" (SYS_yield) : "memory");
		exit();
	}
	return id;
}

void
umain(int argc, char **argv)
{
	envid_t self = sys_getenvid();
	envid_t child;
	int i;

	expect("getenvid by sysenter with DF set",
	       sysenter_with_flags(SYS_getenvid, FL_DF), self);
	expect("getenvid by sysenter with AC set",
	       sysenter_with_flags(SYS_getenvid, FL_AC), self);

	child = fork_int_yielder();
	for (i = 0; i < 20; i++)
		sysenter_with_flags(SYS_yield, FL_NT);
	expect_true("yield by sysenter with NT set, to an env resumed by iret",
		    true);
	wait_gone(child);

	expect("getenvid by sysenter with TF set",
	       sysenter_with_flags(SYS_getenvid, FL_TF), self);
	hostile_summary("sysenterflags");
}
