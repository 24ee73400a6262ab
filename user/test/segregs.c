/*
 * segregs: each env's %fs and %gs are its own.  The parent loads its own
 * selectors into them and forks two children: each must start with the
 * parent's (a child is a copy), then loads its own.  All three yield to
 * each other many times, checking after every switch that %fs and %gs
 * still hold their own.  Output, per env: "segregs N: %fs and %gs kept
 * across 100 switches: OK" (N = 0 for the parent), and "segregs child:
 * started with the parent's %fs and %gs: OK" per child; otherwise a
 * MISMATCH line.
 */
#include <inc/lib.h>

#define NYIELDS	100

/* Selectors user code may load: null, user code (readable), user data. */
static const uint16_t choices[3][2] = {
	{ 0, GD_UT | 3 },		/* the parent's %fs, %gs */
	{ GD_UT | 3, 0 },		/* the first child's */
	{ GD_UD | 3, GD_UT | 3 },	/* the second child's */
};

static void
load_segs(const uint16_t segs[2])
{
	asm volatile("movw %0,%%fs\n\tmovw %1,%%gs"
		     : : "r" (segs[0]), "r" (segs[1]));
}

/* Whether %fs and %gs hold segs; says what they hold if not. */
static bool
segs_are(const uint16_t segs[2], const char *who)
{
	uint16_t fs, gs;

	asm volatile("movw %%fs,%0\n\tmovw %%gs,%1" : "=r" (fs), "=r" (gs));
	if (fs == segs[0] && gs == segs[1])
		return true;
	cprintf("segregs %s: %%fs %04x %%gs %04x, want %04x %04x: MISMATCH\n",
		who, fs, gs, segs[0], segs[1]);
	return false;
}

void
umain(int argc, char **argv)
{
	char who[16];
	int n = 0, i;

	load_segs(choices[0]);
	for (i = 1; i <= 2; i++) {
		envid_t id = fork();

		if (id < 0)
			panic("fork: %e", id);
		if (id == 0) {
			if (segs_are(choices[0], "child"))
				cprintf("segregs child: started with the "
					"parent's %%fs and %%gs: OK\n");
			n = i;
			load_segs(choices[n]);
			break;
		}
	}

	snprintf(who, sizeof(who), "%d", n);
	for (i = 0; i < NYIELDS; i++) {
		sys_yield();
		if (!segs_are(choices[n], who))
			return;
	}
	cprintf("segregs %d: %%fs and %%gs kept across %d switches: OK\n", n,
		NYIELDS);
}
