/* The clock behind sys_time_msec: one CPU's timer interrupts, counted. */
#include <inc/types.h>
#include <inc/assert.h>

#include <kern/time.h>
#include <kern/spinlock.h>

/* Ticks since time_init.  Written only by the boot CPU's timer interrupt
 * (trap_dispatch), read by any CPU under the kernel lock. */
static unsigned int ticks;
static bool started;

/* Start the clock at 0 (lab 6 on; before that, nothing counts ticks). */
void
time_init(void)
{
	ticks = 0;
	started = true;
}

/* Whether time_init has run: the timer interrupt counts ticks then. */
bool
time_started(void)
{
	return started;
}

/* One more tick: called on every timer interrupt of one CPU only, since
 * every CPU's timer interrupts at the same rate.  Kernel lock held. */
void
time_tick(void)
{
	assert(kernel_lock_held());
	ticks++;
	/* A wrapped clock would run backwards (after 49 days). */
	if (ticks > 0xffffffffu / TICK_MS)
		panic("time_tick: time overflowed");
}

/* Milliseconds since boot, to the tick (10 ms). */
unsigned int
time_msec(void)
{
	return ticks * TICK_MS;
}
