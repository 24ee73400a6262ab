/* The round-robin scheduler (kern/sched.c). */
#ifndef JOS_KERN_SCHED_H
#define JOS_KERN_SCHED_H

struct Env;

/* Pick an env and run it; never returns.  Caller holds the kernel lock. */
void sched_yield(void) __attribute__((noreturn));
void sched_halt(void) __attribute__((noreturn));
void sched_return_to_user(void) __attribute__((noreturn));
void sched_run_begins(void);
bool sched_tick_ends_run(void);

#endif
