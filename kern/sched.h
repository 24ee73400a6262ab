/* The round-robin scheduler (kern/sched.c). */
#ifndef JOS_KERN_SCHED_H
#define JOS_KERN_SCHED_H

struct Env;

/* Pick an env and run it; never returns.  Caller holds the kernel lock. */
void sched_yield(void) __attribute__((noreturn));
void sched_halt(void) __attribute__((noreturn));
void sched_return_to_user(void) __attribute__((noreturn));

/* Change e's env_status.  Every status change goes through here, so the
 * scheduler always knows which envs are runnable.  Kernel lock held. */
void sched_set_status(struct Env *e, unsigned status);

#endif
