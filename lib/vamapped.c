/*
 * Is a page mapped here?  Read from uvpd and uvpt, without a system call.
 * Alone in its file: a classic fs/bc.c that defines its own va_is_mapped
 * then links without a clash.
 */
#include <inc/lib.h>

/* True if the page at va is mapped in this env: its page table and its
 * page-table entry are both present. */
bool
va_is_mapped(void *va)
{
	uintptr_t a = (uintptr_t) va;

	return (uvpd[PDX(a)] & PTE_P) && (uvpt[PGNUM(a)] & PTE_P);
}
