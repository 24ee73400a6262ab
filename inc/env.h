/* User environments: ids, states and the per-env kernel record that user
 * programs can also read through envs[]. */
#ifndef JOS_INC_ENV_H
#define JOS_INC_ENV_H

#include <inc/types.h>
#include <inc/trap.h>
#include <inc/memlayout.h>

typedef int32_t envid_t;

/*
 * An env id is positive and holds the env's slot in envs[] in its low
 * LOG2NENV bits and a generation count above them, so that a stale id of a
 * freed and reused slot no longer matches.  Id 0 means "the calling env".
 */
#define LOG2NENV		10
#define NENV			(1 << LOG2NENV)
#define ENVX(envid)		((envid) & (NENV - 1))

/* env_status values. */
enum {
	ENV_FREE = 0,		/* slot unused */
	ENV_DYING,		/* destroyed while running on another CPU */
	ENV_RUNNABLE,		/* waiting for a CPU */
	ENV_RUNNING,		/* on a CPU now */
	ENV_NOT_RUNNABLE	/* blocked: not yet started, or in ipc_recv */
};

/* Kinds of env that programs look each other up by. */
enum EnvType {
	ENV_TYPE_USER = 0,
	ENV_TYPE_FS,		/* the file server (lab 5): has I/O privilege */
	ENV_TYPE_NS,		/* the network server (lab 6) */
};

/*
 * The kernel's record of an env, in envs[].  The kernel maps envs[]
 * read-only into every env at UENVS, so everything here is readable by
 * every env: it holds what classic user code reads (docs/compatibility.md: the
 * library's thisenv->env_ipc_value, a parent watching env_status, ...)
 * and nothing else.  State one env must not learn of another lives in
 * kernel-only arrays indexed like envs[]: the x87/SSE registers
 * (kern/fpu.c), %fs and %gs (kern/env.c), and a blocked sender's message
 * (kern/ipc.c); the tracer keeps its own (kern/trace.c).  What stays
 * public is public in classic JOS too: the registers saved in env_tf and
 * the last message an env received.
 */
struct Env {
	struct Trapframe env_tf;	/* registers while not running */
	struct Env *env_link;		/* next free env */
	envid_t env_id;
	envid_t env_parent_id;		/* creator, or 0 */
	enum EnvType env_type;
	unsigned env_status;
	uint32_t env_runs;		/* times scheduled */
	int env_cpunum;			/* CPU it last ran on */

	pde_t *env_pgdir;		/* kernel virtual address of its pgdir */

	void *env_pgfault_upcall;	/* user page fault entry point */

	/* Inter-process communication. */
	bool env_ipc_recving;		/* blocked in sys_ipc_recv */
	void *env_ipc_dstva;		/* where a sent page should go */
	uint32_t env_ipc_value;		/* last value received */
	envid_t env_ipc_from;		/* sender of that value */
	int env_ipc_perm;		/* perm of the page received, or 0 */
};

#endif
