/* Environment management (kern/env.c). */
#ifndef JOS_KERN_ENV_H
#define JOS_KERN_ENV_H

#include <inc/env.h>
#include <kern/cpu.h>

extern struct Env *envs;		/* all envs */
#define curenv (thiscpu->cpu_env)	/* the env running on this CPU */
extern struct Segdesc gdt[];
/* The lab this kernel is built for (kern/init.c): up to lab 3 a trap
 * prints and the last env's end reads as a lab-3 kernel's did. */
extern const int kernel_lab;

void env_init(void);
void env_init_percpu(void);
int env_alloc(struct Env **e, envid_t parent_id);
void env_free(struct Env *e);
void env_create(uint8_t *binary, enum EnvType type);
void env_destroy(struct Env *e);
bool env_on_other_cpu(struct Env *e);
void env_stop(struct Env *e, unsigned status);
void env_copy_registers(struct Env *child, struct Env *parent);
void env_save_user_segs(struct Env *e);

int envid2env(envid_t envid, struct Env **env_store, bool checkperm);
void env_run(struct Env *e) __attribute__((noreturn));
void env_pop_tf(struct Trapframe *tf) __attribute__((noreturn));

/* Create an env running the embedded program x, named user_NAME for
 * user/NAME.c.  x may itself be a macro (TEST): expand it first. */
#define ENV_CREATE(x, type)	ENV_CREATE_EXPANDED(x, type)
#define ENV_CREATE_EXPANDED(x, type)					\
	do {								\
		extern uint8_t _binary_obj_##x##_start[];		\
		env_create(_binary_obj_##x##_start, type);		\
	} while (0)

#endif
