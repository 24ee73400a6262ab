/* The timer helper env: wakes the network server with NSREQ_TIMER as
 * often as it asks. */
#include "ns.h"

/*
 * Send ns_envid an NSREQ_TIMER after initial_to ms, then each time after
 * the number of ms the server's reply asks for.  Replies from any other
 * env are reported and ignored.  Never returns.
 */
void
timer(envid_t ns_envid, uint32_t initial_to)
{
	uint32_t stop = sys_time_msec() + initial_to;
	envid_t whom;

	binaryname = "ns_timer";
	for (;;) {
		/* Wrap-safe: the difference is what counts. */
		while ((int32_t) (sys_time_msec() - stop) < 0)
			sys_yield();
		ipc_send(ns_envid, NSREQ_TIMER, 0, 0);
		for (;;) {
			uint32_t to = ipc_recv(&whom, 0, 0);

			if (whom == ns_envid) {
				stop = sys_time_msec() + to;
				break;
			}
			cprintf("NS TIMER: timer thread got IPC message from "
				"env %x not NS\n", whom);
		}
	}
}
