/*
 * The kernel event trace (docs/watching.md): what each CPU did, when,
 * in a ring buffer per CPU, read out by tools/trace.py.
 *
 * Only a kernel built with JOS_TRACE records (`make trace-NAME` builds
 * one, under obj/trace/); in every other build each hook below is an
 * empty statement that evaluates none of its arguments, so the kernel
 * is the same code as without the hooks.
 */
#ifndef JOS_KERN_TRACE_H
#define JOS_KERN_TRACE_H

#include <inc/types.h>

struct Env;
struct Trapframe;

/* The kinds of record, with what their a and b hold.  tools/tracedata.py
 * knows these numbers: add new kinds at the end. */
enum {
	TR_RUN_BEGIN = 1,	/* env a starts running on this CPU */
	TR_RUN_END,		/* env a stops running on this CPU */
	TR_SYSCALL_ENTER,	/* env a calls system call b */
	TR_SYSCALL_EXIT,	/* env a's system call returns b */
	TR_PGFAULT,		/* env a faults at address b */
	TR_UPCALL,		/* env a goes to its fault upcall, for address b */
	TR_IPC_SEND,		/* env a's message is delivered to env b */
	TR_IPC_RECV,		/* env a runs with env b's message */
	TR_ENV_CREATE,		/* env a is made by env b (0: the kernel) */
	TR_ENV_DESTROY,		/* env a is freed */
	TR_TIMER,		/* the timer interrupts env a (0: none) */
	TR_IRQ,			/* device interrupt b interrupts env a */
	TR_LOCK_ACQUIRE,	/* the big lock taken after (b << 32) + a cycles */
	TR_LOCK_RELEASE,	/* the big lock released */
};

/* One record: 20 bytes, the same for every kind. */
struct TraceRecord {
	uint64_t tsc;		/* time stamp counter when it happened */
	uint32_t type;		/* TR_* */
	uint32_t a, b;
};

/* Records each CPU keeps: its latest TRACE_NREC (a power of two). */
#define TRACE_NREC	32768

#ifdef JOS_TRACE

#include <inc/x86.h>

/* A CPU's ring: record i is rec[i % TRACE_NREC]; head counts every
 * record ever written, so head - TRACE_NREC of them are lost when it is
 * larger.  Written only by its own CPU, with interrupts off. */
struct TraceRing {
	uint32_t head;
	struct TraceRecord rec[TRACE_NREC];
};

void trace_init(void);
void trace_record(uint32_t type, uint32_t a, uint32_t b);
void trace_lock_acquired(uint64_t since);
void trace_switch(struct Env *from, struct Env *to);
void trace_env_free(struct Env *e);
void trace_ipc(struct Env *from, struct Env *to);
void trace_ipc_tried(struct Env *from, envid_t to, int result);
void trace_trap(struct Trapframe *tf);
void trace_trap_done(struct Trapframe *tf);

#define trace_event(type, a, b)	trace_record((type), (a), (b))
#define trace_now()		read_tsc()

#else

/* Empty statements.  The `if (0)` keeps each argument "used" without
 * evaluating it, so that no variable is left set but unused. */
#define trace_unused1(x)	do { if (0) (void) (x); } while (0)
#define trace_unused2(x, y)	do { if (0) { (void) (x); (void) (y); } } while (0)
#define trace_init()		do { } while (0)
#define trace_event(type, a, b)	trace_unused2((a), (b))
#define trace_now()		((uint64_t) 0)
#define trace_lock_acquired(since) trace_unused1(since)
#define trace_switch(from, to)	trace_unused2((from), (to))
#define trace_env_free(e)	trace_unused1(e)
#define trace_ipc(from, to)	trace_unused2((from), (to))
#define trace_ipc_tried(from, to, result) \
	do { trace_unused2((from), (to)); trace_unused1(result); } while (0)
#define trace_trap(tf)		trace_unused1(tf)
#define trace_trap_done(tf)	trace_unused1(tf)

#endif

#endif
