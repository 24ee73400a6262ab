/* Console character I/O for user programs, through system calls. */

#include <inc/lib.h>

void
cputchar(int ch)
{
	char c = ch;

	sys_cputs(&c, 1);
}

/* Wait for a console character, giving up the CPU while there is none. */
int
getchar(void)
{
	int c;

	while ((c = sys_cgetc()) == 0)
		sys_yield();
	return c;
}
