/* Ending a user program. */

#include <inc/lib.h>

/* Close every fd (flushing open files), then destroy the calling env.
 * The kernel does not return from this. */
void
exit(void)
{
	close_all();
	sys_env_destroy(0);
	for (;;)
		sys_yield();
}
