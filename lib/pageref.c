/* How many mappings a physical page has, read from the kernel's pages[]. */
#include <inc/lib.h>

/* The number of page-table entries, in every env, that map the physical
 * page mapped at va here; 0 if va is not mapped. */
int
pageref(void *va)
{
	uintptr_t a = (uintptr_t) va;
	pte_t pte;

	if (!(uvpd[PDX(a)] & PTE_P))
		return 0;
	pte = uvpt[PGNUM(a)];
	if (!(pte & PTE_P))
		return 0;
	return pages[PGNUM(pte)].pp_ref;
}
