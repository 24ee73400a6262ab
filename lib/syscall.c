/*
 * System call stubs.  Every wrapper returns the kernel's result, errors
 * included (as negative E_ codes), for the caller to check.
 */

#include <inc/lib.h>

/*
 * Enter the kernel with system call num and up to five arguments, by
 * sysenter: the number in %eax, arguments in %edx, %ecx, %ebx, %edi,
 * %esi, the result back in %eax.  sysenter saves no user state, so this
 * stub pushes its return address and hands the kernel its stack pointer
 * in %ebp (kern/sysenterentry.S); the kernel returns with sysexit, which
 * clobbers %edx and %ecx.  Classic programs' "int $0x30" works as well;
 * this path is just much cheaper.  The kernel may read and write any user
 * memory the arguments point to, hence the memory clobber.
 */
static inline int32_t
syscall(int num, uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4,
	uint32_t a5)
{
	int32_t ret;

	asm volatile("pushl %%ebp\n\t"
		     "pushl $1f\n\t"
		     "movl %%esp, %%ebp\n\t"
		     "sysenter\n"
		     "1:\taddl $4, %%esp\n\t"
		     "popl %%ebp"
		     : "=a" (ret), "+d" (a1), "+c" (a2)
		     : "0" (num), "b" (a3), "D" (a4), "S" (a5)
		     : "cc", "memory");
	return ret;
}

/* System call num by sysenter, for programs that test the kernel. */
int32_t
jos_syscall_sysenter(uint32_t num, uint32_t a1, uint32_t a2, uint32_t a3,
		 uint32_t a4, uint32_t a5)
{
	return syscall(num, a1, a2, a3, a4, a5);
}

/* System call num by "int $0x30", the classic way into the kernel. */
int32_t
jos_syscall_int(uint32_t num, uint32_t a1, uint32_t a2, uint32_t a3,
	    uint32_t a4, uint32_t a5)
{
	int32_t ret;

	asm volatile("int %1"
		     : "=a" (ret)
		     : "i" (T_SYSCALL), "0" (num), "d" (a1), "c" (a2),
		       "b" (a3), "D" (a4), "S" (a5)
		     : "cc", "memory");
	return ret;
}

void
sys_cputs(const char *s, size_t len)
{
	syscall(SYS_cputs, (uint32_t) s, len, 0, 0, 0);
}

/* A waiting console character, or 0 if there is none. */
int
sys_cgetc(void)
{
	return syscall(SYS_cgetc, 0, 0, 0, 0, 0);
}

envid_t
sys_getenvid(void)
{
	return syscall(SYS_getenvid, 0, 0, 0, 0, 0);
}

int
sys_env_destroy(envid_t envid)
{
	return syscall(SYS_env_destroy, envid, 0, 0, 0, 0);
}

void
sys_yield(void)
{
	syscall(SYS_yield, 0, 0, 0, 0, 0);
}

int
sys_env_set_status(envid_t envid, int status)
{
	return syscall(SYS_env_set_status, envid, status, 0, 0, 0);
}

int
sys_env_set_pgfault_upcall(envid_t envid, void *upcall)
{
	return syscall(SYS_env_set_pgfault_upcall, envid, (uint32_t) upcall,
		       0, 0, 0);
}

/* Replace a child's (or own) registers with *tf; the kernel keeps it in
 * user mode with interrupts on and no I/O privilege. */
int
sys_env_set_trapframe(envid_t envid, struct Trapframe *tf)
{
	return syscall(SYS_env_set_trapframe, envid, (uint32_t) tf, 0, 0, 0);
}

int
sys_page_alloc(envid_t envid, void *va, int perm)
{
	return syscall(SYS_page_alloc, envid, (uint32_t) va, perm, 0, 0);
}

int
sys_page_map(envid_t srcenv, void *srcva, envid_t dstenv, void *dstva,
	     int perm)
{
	return syscall(SYS_page_map, srcenv, (uint32_t) srcva, dstenv,
		       (uint32_t) dstva, perm);
}

int
sys_page_unmap(envid_t envid, void *va)
{
	return syscall(SYS_page_unmap, envid, (uint32_t) va, 0, 0, 0);
}

int
sys_ipc_try_send(envid_t to_env, uint32_t value, void *srcva, int perm)
{
	return syscall(SYS_ipc_try_send, to_env, value, (uint32_t) srcva, perm,
		       0);
}

int
sys_ipc_recv(void *dstva)
{
	return syscall(SYS_ipc_recv, (uint32_t) dstva, 0, 0, 0, 0);
}

/* Milliseconds since boot. */
unsigned int
sys_time_msec(void)
{
	return (unsigned int) syscall(SYS_time_msec, 0, 0, 0, 0, 0);
}

/* Transmit a frame: 0, or -E_AGAIN while the card's ring is full. */
int
sys_net_try_send(const void *frame, size_t len)
{
	return syscall(SYS_net_try_send, (uint32_t) frame, len, 0, 0, 0);
}

/* Receive a frame into buf: its length, or -E_AGAIN if none is here. */
int
sys_net_try_recv(void *buf, size_t size)
{
	return syscall(SYS_net_try_recv, (uint32_t) buf, size, 0, 0, 0);
}

/* How many physical pages are free, for leak checks in tests. */
size_t
jos_sys_page_free_count(void)
{
	return syscall(SYS_page_free_count, 0, 0, 0, 0, 0);
}

/* Send to to_env, blocking until it receives (see kern/ipc.c). */
int
jos_sys_ipc_send(envid_t to_env, uint32_t value, void *srcva, int perm)
{
	return syscall(SYS_ipc_send, to_env, value, (uint32_t) srcva, perm, 0);
}

/* Map at dstva a new page holding a copy of the page at srcva. */
int
jos_sys_page_copy(envid_t envid, void *srcva, void *dstva, int perm)
{
	return syscall(SYS_page_copy, envid, (uint32_t) srcva, (uint32_t) dstva,
		       perm, 0);
}

/* Apply n page-map operations in one kernel entry (see kern/syscall.c). */
int
jos_sys_page_map_batch(const struct PageMapOp *ops, unsigned n)
{
	return syscall(SYS_page_map_batch, (uint32_t) ops, n, 0, 0, 0);
}
