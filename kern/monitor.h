/* The kernel monitor: an interactive prompt for looking into the kernel. */
#ifndef JOS_KERN_MONITOR_H
#define JOS_KERN_MONITOR_H

struct Trapframe;

/*
 * Run the monitor's read-eval loop.  tf is the trap frame of the user
 * breakpoint that led here, or NULL.  Returns only when a command (such as
 * "continue") resumes the trapped environment.
 */
void monitor(struct Trapframe *tf);

int mon_help(int argc, char **argv, struct Trapframe *tf);
int mon_kerninfo(int argc, char **argv, struct Trapframe *tf);
int mon_backtrace(int argc, char **argv, struct Trapframe *tf);

#endif
