/*
 * fpuswitch: each env's x87 and SSE registers are its own.  The parent
 * loads distinctive values into %xmm0, %xmm7, the x87 stack top, the x87
 * control word and MXCSR, then forks two children: each must start with
 * the parent's values (a child is a copy), then loads its own.  All three
 * then yield to each other many times, checking after every switch that
 * their registers are still their own.  Output, per env: "fpuswitch N:
 * registers kept across 100 switches: OK" (N = 0 for the parent), and
 * "fpuswitch child: started with the parent's registers: OK" per child;
 * otherwise a MISMATCH line.
 */
#include <inc/lib.h>

#define NYIELDS	100

/* Everything checked, as stored to memory. */
struct fpregs {
	uint32_t xmm0[4];
	uint32_t xmm7[4];
	double st0;
	uint32_t mxcsr;
	uint16_t fcw;
};

/* Values for env n: distinct per env, and not what a fresh FPU holds. */
static void
make_regs(int n, struct fpregs *r)
{
	int i;

	memset(r, 0, sizeof(*r));
	for (i = 0; i < 4; i++) {
		r->xmm0[i] = 0x10203040u * (n + 1) + i;
		r->xmm7[i] = 0xa0b0c0d0u ^ (0x01010101u * (n + 1) + i);
	}
	r->st0 = 1.5 + n;
	r->mxcsr = 0x1f80 | ((n % 4) << 13);	/* rounding mode n */
	r->fcw = 0x027f | ((n % 4) << 10);	/* 53-bit precision, rounding n */
}

/* Built without -msse, the compiler uses no x87 or SSE register itself
 * between these asm statements (and will not accept them as clobbers). */
static void
load_regs(const struct fpregs *r)
{
	asm volatile("fninit\n\t"
		     "fldcw %4\n\t"
		     "fldl %3\n\t"
		     "ldmxcsr %2\n\t"
		     "movups %0, %%xmm0\n\t"
		     "movups %1, %%xmm7"
		     : : "m" (r->xmm0), "m" (r->xmm7), "m" (r->mxcsr),
		       "m" (r->st0), "m" (r->fcw));
}

static void
store_regs(struct fpregs *r)
{
	memset(r, 0, sizeof(*r));
	asm volatile("movups %%xmm0, %0\n\t"
		     "movups %%xmm7, %1\n\t"
		     "stmxcsr %2\n\t"
		     "fstl %3\n\t"
		     "fnstcw %4"
		     : "=m" (r->xmm0), "=m" (r->xmm7), "=m" (r->mxcsr),
		       "=m" (r->st0), "=m" (r->fcw));
}

/* Whether the registers now are exactly r; says what differs if not. */
static bool
regs_are(const struct fpregs *r, const char *who)
{
	struct fpregs now;

	store_regs(&now);
	if (memcmp(&now, r, sizeof(now)) == 0)
		return true;
	cprintf("fpuswitch %s: registers changed: xmm0 %08x (want %08x), "
		"mxcsr %04x (want %04x), fcw %04x (want %04x): MISMATCH\n", who,
		now.xmm0[0], r->xmm0[0], now.mxcsr, r->mxcsr, now.fcw, r->fcw);
	return false;
}

void
umain(int argc, char **argv)
{
	struct fpregs mine;
	char who[16];
	int n = 0, i;

	make_regs(0, &mine);
	load_regs(&mine);
	for (i = 1; i <= 2; i++) {
		envid_t id = fork();

		if (id < 0)
			panic("fork: %e", id);
		if (id == 0) {
			if (regs_are(&mine, "child"))
				cprintf("fpuswitch child: started with the "
					"parent's registers: OK\n");
			n = i;
			make_regs(n, &mine);
			load_regs(&mine);
			break;
		}
	}

	snprintf(who, sizeof(who), "%d", n);
	for (i = 0; i < NYIELDS; i++) {
		sys_yield();
		if (!regs_are(&mine, who))
			return;
	}
	cprintf("fpuswitch %d: registers kept across %d switches: OK\n", n,
		NYIELDS);
}
