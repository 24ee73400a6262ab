/* The kernel monitor: an interactive prompt for looking into the kernel. */
#ifndef JOS_KERN_MONITOR_H
#define JOS_KERN_MONITOR_H

#include <inc/types.h>

struct Trapframe;

/*
 * Run the monitor's read-eval loop.  tf is the trap frame of the user
 * breakpoint that led here, or NULL.  Never returns: the only way out is
 * "continue" or "stepi", which resume the trapped env with env_run.
 */
void monitor(struct Trapframe *tf) __attribute__((noreturn));

/* The commands (kern/monitor.c, kern/moncmds.c).  Each returns 0: the
 * int result is the classic JOS signature, and the monitor ignores it. */

int mon_help(int argc, char **argv, struct Trapframe *tf);
int mon_kerninfo(int argc, char **argv, struct Trapframe *tf);
int mon_backtrace(int argc, char **argv, struct Trapframe *tf);
/* The top of the kernel stack holding the frame at ebp, or 0 if ebp is
 * on no kernel stack (kern/backtrace.c). */
uintptr_t kstack_top(uintptr_t ebp);
int mon_showmappings(int argc, char **argv, struct Trapframe *tf);
int mon_envs(int argc, char **argv, struct Trapframe *tf);
int mon_pages(int argc, char **argv, struct Trapframe *tf);
int mon_audit(int argc, char **argv, struct Trapframe *tf);
int mon_cpus(int argc, char **argv, struct Trapframe *tf);
int mon_continue(int argc, char **argv, struct Trapframe *tf);
int mon_stepi(int argc, char **argv, struct Trapframe *tf);
int mon_selftest(int argc, char **argv, struct Trapframe *tf);

/* Lab 1's self-tests: run at boot by a lab-1 kernel, and by the
 * monitor's selftest command. */
/* Recurse x levels deep and print a backtrace at the bottom
 * (kern/init.c).  GCC's noipa keeps it from cloning or specializing the
 * function, clang (which has no noipa) does neither to a noinline one: so
 * each level is a real frame taking its argument on the stack, as the
 * backtrace shows it. */
#ifdef __clang__
__attribute__((noinline))
#else
__attribute__((noipa))
#endif
void test_backtrace(int x);
/* Check the printf engine; prints "printf: ok" or one FAIL line per
 * mismatch, after the "6828 decimal is 15254 octal!" line. */
void printf_selftest(void);

#endif
