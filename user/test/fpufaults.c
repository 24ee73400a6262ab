/*
 * fpufaults: floating-point and SSE instructions that fault, each of
 * which the kernel must answer by destroying the env that ran it (with a
 * trap frame naming the exception), never by a panic; the other envs'
 * registers and the kernel's own use of SSE (page copies) go on working.
 * Each action runs in a forked child; the parent checks the child is gone
 * and prints "ok   WHAT" (see user/test/lib/hostile.h), then checks that its own
 * x87 control word survived the children's deaths.  (QEMU raises no SSE
 * exception, #XM, and accepts reserved MXCSR bits, so neither is tried.)
 */
#include <inc/lib.h>
#include <user/test/lib/hostile.h>

/* 1.0 / 0.0 on the x87 with the divide-by-zero exception unmasked: the
 * next x87 instruction raises #MF. */
static void
x87_divide_by_zero(void)
{
	uint16_t fcw = 0x037b;	/* 0x037f with ZM (bit 2) clear */

	asm volatile("fninit\n\t"
		     "fldcw %0\n\t"
		     "fld1\n\t"
		     "fldz\n\t"
		     "fdivrp\n\t"
		     "fwait" : : "m" (fcw));
}

/* fxrstor from an address that is not 16-byte aligned: #GP. */
static void
fxrstor_misaligned(void)
{
	static uint8_t area[512 + 16] __attribute__((aligned(16)));

	asm volatile("fxrstor %0" : : "m" (area[8]));
}

void
umain(int argc, char **argv)
{
	uint16_t fcw = 0x0e7f, now;	/* rounding toward zero, 53 bits */

	asm volatile("fninit\n\tfldcw %0" : : "m" (fcw));
	expect_destroyed("x87 divide by zero, unmasked", x87_divide_by_zero);
	expect_destroyed("fxrstor from a misaligned address",
			 fxrstor_misaligned);
	asm volatile("fnstcw %0" : "=m" (now));
	expect_true("the parent's x87 control word survived", now == fcw);
	hostile_summary("fpufaults");
}
