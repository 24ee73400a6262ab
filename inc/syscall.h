/* System call numbers, passed in %eax.  The library enters the kernel with
 * sysenter (lib/syscall.c); classic programs' int $0x30 works the same. */
#ifndef JOS_INC_SYSCALL_H
#define JOS_INC_SYSCALL_H

enum {
	SYS_cputs = 0,
	SYS_cgetc,
	SYS_getenvid,
	SYS_env_destroy,
	SYS_page_alloc,
	SYS_page_map,
	SYS_page_unmap,
	SYS_exofork,
	SYS_env_set_status,
	SYS_env_set_pgfault_upcall,
	SYS_yield,
	SYS_ipc_try_send,
	SYS_ipc_recv,
	/* Ours, after the classic ones. */
	SYS_page_free_count,
	SYS_ipc_send,
	SYS_page_map_batch,
	SYS_page_copy,
	SYS_env_set_trapframe,
	/* Lab 6: the clock (classic name) and the network card. */
	SYS_time_msec,
	SYS_net_try_send,
	SYS_net_try_recv,
	NSYSCALLS
};

#include <inc/types.h>

/* One operation of sys_page_map_batch: sys_page_map's arguments, and
 * PAGE_MAP_SRC_TOO in flags to give the source mapping perm as well
 * (fork's "map into the child, then make mine copy-on-write" in one). */
struct PageMapOp {
	int32_t srcenv;
	void *srcva;
	int32_t dstenv;
	void *dstva;
	int perm;
	unsigned flags;
};

#define PAGE_MAP_SRC_TOO	0x1

/* The most operations one sys_page_map_batch call takes. */
#define PAGE_MAP_BATCH_MAX	1024

#endif
