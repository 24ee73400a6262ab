/* Ending a user program. */

#include <inc/lib.h>

/* Destroy the calling env.  The kernel does not return from this. */
void
exit(void)
{
	sys_env_destroy(0);
	for (;;)
		sys_yield();
}
