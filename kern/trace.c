/*
 * The kernel event trace: a ring of records per CPU (kern/trace.h says
 * what each kind holds).  Nothing here exists unless the kernel is built
 * with JOS_TRACE (`make trace-NAME`).
 *
 * tools/trace.py reads the rings through QEMU's gdb stub, with the
 * machine stopped: trace_rings, trace_tsc_khz and trace_layout are
 * what it looks at, by their symbols.  A CPU publishes a record by
 * advancing its ring's head after writing it, so a reader that stops the
 * CPU anywhere sees only whole records.
 */
#ifdef JOS_TRACE

#include <inc/env.h>
#include <inc/stdio.h>
#include <inc/trap.h>
#include <inc/x86.h>

#include <kern/cpu.h>
#include <kern/env.h>
#include <kern/trace.h>

_Static_assert((TRACE_NREC & (TRACE_NREC - 1)) == 0,
	       "TRACE_NREC is a power of two");
_Static_assert(sizeof(struct TraceRecord) == 20,
	       "a record is 20 bytes, as kern/trace.h and docs/watching.md say");

struct TraceRing trace_rings[NCPU];

/* Time stamp counter ticks per millisecond, measured by trace_init. */
uint32_t trace_tsc_khz;

/* What tools/trace.py needs to know to read trace_rings and envs[]. */
const uint32_t trace_layout[6] = {
	TRACE_NREC, sizeof(struct TraceRecord),
	NENV, sizeof(struct Env), offsetof(struct Env, env_id),
	offsetof(struct Env, env_status),
};

/* For each env slot, the sender of a message the env has been given
 * while not running: its TR_IPC_RECV is recorded when it next runs.
 * The tracer's own bookkeeping, kept here with it rather than in struct
 * Env, whose fields are what user code may read (inc/env.h). */
static envid_t recv_pending[NENV];

/* The 8254 timer's channel 2, whose gate and output are in port 0x61,
 * counts down at PIT_HZ whatever the CPU does. */
#define PIT_HZ		1193182
#define PIT_CH2		0x42
#define PIT_MODE	0x43
#define PIT_CTRL	0x61
#define CALIBRATE_MS	10
#define CALIBRATE_TRIES	5

/* Samples record_cost takes. */
#define COST_SAMPLES	31

/* Count TSC ticks over CALIBRATE_MS of the 8254's channel 2 (one shot,
 * gate on, speaker off). */
static uint32_t
tsc_khz(void)
{
	uint32_t count = PIT_HZ / 1000 * CALIBRATE_MS;
	uint64_t start;

	outb(PIT_CTRL, (inb(PIT_CTRL) & ~0x02) | 0x01);
	outb(PIT_MODE, 0xb0);		/* channel 2, both bytes, mode 0 */
	outb(PIT_CH2, count & 0xff);
	outb(PIT_CH2, count >> 8);
	start = read_tsc();
	while (!(inb(PIT_CTRL) & 0x20))	/* output goes high at zero */
		;
	return (read_tsc() - start) / CALIBRATE_MS;
}

/* What a record costs, in cycles: the least time a trace_record call
 * took in COST_SAMPLES tries, less the least time reading the TSC took
 * (the least: what the emulator's or the host's interruptions leave
 * out).  Leaves this CPU's ring empty. */
static uint32_t
record_cost(void)
{
	uint32_t with = ~0u, without = ~0u;
	int i;

	for (i = 0; i < COST_SAMPLES; i++) {
		uint64_t t0 = read_tsc(), t1, t2;

		t1 = read_tsc();
		trace_record(0, 0, 0);
		t2 = read_tsc();
		without = MIN(without, (uint32_t) (t1 - t0));
		with = MIN(with, (uint32_t) (t2 - t1));
	}
	trace_rings[cpunum()].head = 0;
	return with - without;
}

/* Measure the TSC's rate and a record's cost, and say so.  Boot CPU,
 * before the others start.  The rate is the least of CALIBRATE_TRIES
 * measurements: when the host stops the emulator during one, the end of
 * the 8254's count is seen late, and the rate comes out too high. */
void
trace_init(void)
{
	uint32_t cost = record_cost();
	int i;

	trace_tsc_khz = ~0u;
	for (i = 0; i < CALIBRATE_TRIES; i++)
		trace_tsc_khz = MIN(trace_tsc_khz, tsc_khz());
	cprintf("trace: on, the TSC counts %u kHz, a record costs %u cycles\n",
		trace_tsc_khz, cost);
}

/* Append a record stamped tsc to this CPU's ring.  Interrupts are off. */
static void
append(uint64_t tsc, uint32_t type, uint32_t a, uint32_t b)
{
	struct TraceRing *ring = &trace_rings[cpunum()];
	struct TraceRecord *r = &ring->rec[ring->head % TRACE_NREC];

	r->tsc = tsc;
	r->type = type;
	r->a = a;
	r->b = b;
	/* The record is whole before the head says it is there. */
	asm volatile("" : : : "memory");
	ring->head++;
}

/* Append a record of kind type (TR_*), stamped now. */
void
trace_record(uint32_t type, uint32_t a, uint32_t b)
{
	append(read_tsc(), type, a, b);
}

/* The big lock was just taken, after waiting since the TSC read since. */
void
trace_lock_acquired(uint64_t since)
{
	uint64_t now = read_tsc();

	append(now, TR_LOCK_ACQUIRE, (uint32_t) (now - since),
	       (uint32_t) ((now - since) >> 32));
}

static uint32_t
idof(const struct Env *e)
{
	return e ? e->env_id : 0;
}

/* This CPU stops running from and starts running to (either may be
 * NULL); a message to received while away is recorded as it runs. */
void
trace_switch(struct Env *from, struct Env *to)
{
	if (from == to)
		return;
	if (from)
		trace_record(TR_RUN_END, from->env_id, 0);
	if (to) {
		envid_t *sender = &recv_pending[ENVX(to->env_id)];

		trace_record(TR_RUN_BEGIN, to->env_id, 0);
		if (*sender) {
			trace_record(TR_IPC_RECV, to->env_id, *sender);
			*sender = 0;
		}
	}
}

/* e is being freed (on this CPU, if it is curenv: its run ends). */
void
trace_env_free(struct Env *e)
{
	if (e == curenv)
		trace_record(TR_RUN_END, e->env_id, 0);
	recv_pending[ENVX(e->env_id)] = 0;
	trace_record(TR_ENV_DESTROY, e->env_id, 0);
}

/* from's try to send to env id to ended with result: a message it
 * delivered (result 0) is traced as trace_ipc traces it. */
void
trace_ipc_tried(struct Env *from, envid_t to, int result)
{
	struct Env *e;

	if (result == 0 && envid2env(to, &e, 0) == 0)
		trace_ipc(from, e);
}

/* A message from from has been put into to: the receive happens now if
 * to is running here, else when it next runs. */
void
trace_ipc(struct Env *from, struct Env *to)
{
	trace_record(TR_IPC_SEND, from->env_id, to->env_id);
	if (to == curenv)
		trace_record(TR_IPC_RECV, to->env_id, from->env_id);
	else
		recv_pending[ENVX(to->env_id)] = from->env_id;
}

/* A trap is about to be dispatched: record faults and interrupts (system
 * calls are recorded where they run). */
void
trace_trap(struct Trapframe *tf)
{
	uint32_t trapno = tf->tf_trapno;

	if (trapno == T_PGFLT && (tf->tf_cs & 3) == 3)
		trace_record(TR_PGFAULT, idof(curenv), rcr2());
	else if (trapno == IRQ_OFFSET + IRQ_TIMER)
		trace_record(TR_TIMER, idof(curenv), 0);
	else if (trapno >= IRQ_OFFSET && trapno < IRQ_OFFSET + 16)
		trace_record(TR_IRQ, idof(curenv), trapno - IRQ_OFFSET);
}

/* The trap in tf was handled and its env goes on: after a page fault,
 * at its upcall (a fault that killed the env does not come back here). */
void
trace_trap_done(struct Trapframe *tf)
{
	if (tf->tf_trapno == T_PGFLT && (tf->tf_cs & 3) == 3 && curenv)
		trace_record(TR_UPCALL, curenv->env_id, rcr2());
}

#endif
