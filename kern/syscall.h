/* System call dispatch (kern/syscall.c). */
#ifndef JOS_KERN_SYSCALL_H
#define JOS_KERN_SYSCALL_H

#include <inc/syscall.h>
#include <inc/trap.h>

int32_t syscall(uint32_t num, uint32_t a1, uint32_t a2, uint32_t a3,
		uint32_t a4, uint32_t a5);
void syscall_trapframe(struct Trapframe *tf);
bool syscall_run_if_fast(uint32_t num, uint32_t a1, uint32_t a2, uint32_t a3,
			 uint32_t a4, uint32_t a5, int32_t *result);

#endif
