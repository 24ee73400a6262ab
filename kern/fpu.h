/* Each env's x87/MMX/SSE registers, switched lazily (kern/fpu.c). */
#ifndef JOS_KERN_FPU_H
#define JOS_KERN_FPU_H

#include <inc/types.h>

struct Env;

/* Whether the CPUs have SSE2 (known after the boot CPU's fpu_init_percpu). */
extern bool fpu_sse2;

void fpu_init_percpu(void);
void fpu_env_init(struct Env *e, struct Env *parent);
void fpu_switch_out(void);
void fpu_trap(void);

#endif
