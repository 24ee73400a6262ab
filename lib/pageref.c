/* How many mappings a physical page has, read from the kernel's pages[]. */
#include <inc/lib.h>

/* The number of page-table entries, in every env, that map the physical
 * page mapped at va here; 0 if va is not mapped. */
int
pageref(void *va)
{
	if (!va_is_mapped(va))
		return 0;
	return pages[PGNUM(uvpt[PGNUM(va)])].pp_ref;
}
