/* What lwIP needs from the platform when it runs without an operating
 * system layer (NO_SYS): a clock, and atoi. */
#include <inc/lib.h>
#include <lwip/sys.h>

/* Milliseconds since boot, for lwIP's timers. */
u32_t
sys_now(void)
{
	return sys_time_msec();
}

/* netif.c parses interface numbers with it. */
int
atoi(const char *s)
{
	return strtol(s, NULL, 10);
}
