/*
 * Each env's floating-point and SIMD registers (x87, MMX, SSE: the 512
 * bytes fxsave stores), kept apart from every other env's.
 *
 * Switching them costs an fxsave and an fxrstor, and most envs never use
 * them, so it is done lazily.  While a CPU runs an env that has not used
 * them since it got the CPU, CR0.TS is set, and the env's first such
 * instruction traps (#NM, T_DEVICE): fpu_trap loads the env's saved
 * registers and clears TS.  When the env leaves the CPU, its registers
 * are saved again only if it loaded them.  An env's save area is thus
 * always up to date while it is off every CPU, and may run next on any.
 */
#include <inc/assert.h>
#include <inc/mmu.h>
#include <inc/x86.h>

#include <kern/cpu.h>
#include <kern/env.h>
#include <kern/fpu.h>
#include <kern/spinlock.h>

#define CPUID_FXSR	(1u << 24)
#define CPUID_SSE2	(1u << 26)

struct FpuArea {
	uint8_t bytes[512];
} __attribute__((aligned(16)));

/* Saved registers of envs[i], for every slot.  Not in struct Env, which
 * every env can read at UENVS (inc/env.h): they are the env's secrets. */
static struct FpuArea env_fpu[NENV];
/* The registers right after fninit, a new env's first state. */
static struct FpuArea clean_fpu;
/* live[c]: CPU c's registers are its curenv's, and TS is clear. */
static bool live[NCPU];

bool fpu_sse2;

static inline void
fxsave(struct FpuArea *a)
{
	asm volatile("fxsave %0" : "=m" (*a));
}

static inline void
fxrstor(const struct FpuArea *a)
{
	asm volatile("fxrstor %0" : : "m" (*a));
}

static struct FpuArea *
area_of(struct Env *e)
{
	return &env_fpu[e - envs];
}

/*
 * Set up this CPU's floating point: fxsave/fxrstor (and SSE, if there is
 * SSE2) on, and TS set so that the first env to use it traps.  The boot
 * CPU, which runs this first, also records the clean state.  Panics on a
 * CPU without fxsave, older than the Pentium II that sysenter needs too.
 */
void
fpu_init_percpu(void)
{
	static bool probed;
	uint32_t edx;

	if (!probed) {
		cpuid(1, NULL, NULL, NULL, &edx);
		if (!(edx & CPUID_FXSR))
			panic("this kernel needs a CPU with fxsave");
		fpu_sse2 = edx & CPUID_SSE2;
	}
	lcr4(rcr4() | CR4_OSFXSR | (fpu_sse2 ? CR4_OSXMMEXCPT : 0));
	lcr0((rcr0() | CR0_MP | CR0_NE) & ~(CR0_EM | CR0_TS));
	if (!probed) {
		asm volatile("fninit");
		fxsave(&clean_fpu);
		probed = true;
	}
	lcr0(rcr0() | CR0_TS);
}

/* Give the new env e clean registers (parent NULL), or a copy of those of
 * parent, which is curenv (sys_exofork copies the rest of its registers
 * too).  Caller holds the kernel lock. */
void
fpu_env_init(struct Env *e, struct Env *parent)
{
	assert(kernel_lock_held());
	if (!parent)
		*area_of(e) = clean_fpu;
	else if (live[cpunum()])
		fxsave(area_of(e));
	else
		*area_of(e) = *area_of(parent);
}

/* curenv (or what is left of it, if it was freed and curenv is NULL) is
 * leaving this CPU: save its registers if it loaded them, and set TS for
 * the next env.  Caller holds the kernel lock. */
void
fpu_switch_out(void)
{
	int c = cpunum();

	assert(kernel_lock_held());
	if (!live[c])
		return;
	if (curenv)
		fxsave(area_of(curenv));
	live[c] = false;
	lcr0(rcr0() | CR0_TS);
}

/* curenv used the FPU with TS set (#NM from user mode): load its
 * registers.  Caller holds the kernel lock. */
void
fpu_trap(void)
{
	assert(kernel_lock_held());
	clts();
	fxrstor(area_of(curenv));
	live[cpunum()] = true;
}
