/* Our blocking send, beside the lab's ipc_send (lib/ipc.c), for programs
 * that ask for it by name; make bench measures the two side by side.
 * Measured gain over the lab's path, one CPU: four senders to one
 * receiver 71% per message (38 k against 133 k cycles), where the lab's
 * senders spin through sys_yield; a round trip between two envs, none
 * (84 k and 88 k cycles, within the noise). */
#include <inc/lib.h>

/*
 * ipc_send, but the kernel blocks the sender until the receiver takes the
 * message (jos_sys_ipc_send) instead of the sender polling with
 * sys_ipc_try_send and sys_yield, and hands its CPU straight to a
 * receiver that is waiting.  Panics on any error, as ipc_send does.
 */
void
ipc_send_blocking(envid_t to_env, uint32_t val, void *pg, int perm)
{
	int r = jos_sys_ipc_send(to_env, val, pg ? pg : (void *) UTOP, perm);

	if (r < 0)
		panic("ipc_send_blocking to %08x: %e", to_env, r);
}
