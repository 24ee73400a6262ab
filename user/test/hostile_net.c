/*
 * hostile_net: the network card's system calls (lab 6) fed lengths and
 * buffers they must refuse.  Lengths of 0 or over 1518 get -E_INVAL
 * before the buffer is looked at; a buffer in the kernel, unmapped,
 * running into an unmapped page, or (to receive into) read-only
 * destroys the env with the user_mem_check line.  With nothing sent to
 * us, receiving finds nothing (-E_AGAIN); a good frame goes out (0).
 * Both ways into the kernel (sysenter and int $0x30) are tried, and no
 * call may cost a page.  Runs at lab 6, beside the file server.
 */
#include <inc/lib.h>
#include <user/test/lib/hostile.h>

#define RW_VA		((void *) 0x10000000)
#define RO_VA		((void *) 0x10001000)
#define FREE_VA		((void *) 0x10003000)	/* and 0x10002000 */

#define FRAME		60	/* a minimal Ethernet frame */

static const uint32_t bad_lens[] = { 0, 1519, 65535, 0x80000000, 0xffffffff };

static int
send_int(const void *buf, size_t len)
{
	return jos_syscall_int(SYS_net_try_send, (uint32_t) buf, len, 0, 0, 0);
}

static int
recv_int(void *buf, size_t size)
{
	return jos_syscall_int(SYS_net_try_recv, (uint32_t) buf, size, 0, 0, 0);
}

static void send_kernel(void) { sys_net_try_send((void *) KERNBASE, FRAME); }
static void send_unmapped(void) { sys_net_try_send(FREE_VA, FRAME); }
static void send_straddling(void)
{
	sys_net_try_send((char *) RO_VA + PGSIZE - FRAME / 2, FRAME);
}
static void send_int_kernel(void) { send_int((void *) (ULIM - 8), FRAME); }
static void recv_kernel(void) { sys_net_try_recv((void *) KERNBASE, 2048); }
static void recv_unmapped(void) { sys_net_try_recv(FREE_VA, 2048); }
static void recv_readonly(void) { sys_net_try_recv(RO_VA, 2048); }
static void recv_int_readonly(void) { recv_int(RO_VA, FRAME); }

/* A broadcast frame of our own, harmless on QEMU's network. */
static void
fill_frame(uint8_t *f)
{
	memset(f, 0xff, 6);
	memcpy(f + 6, "\x52\x54\x00\x12\x34\x56", 6);
	f[12] = 0x88, f[13] = 0xb5;	/* an experimental ethertype */
	memset(f + 14, 'x', FRAME - 14);
}

/* The free page count once the servers started with us are quiet: the
 * file server allocates its block cache while it tests itself, and the
 * network server forks its helpers, which allocate their pages.  Waits
 * for both to wait for requests, then for the count to hold still over
 * 100 yields. */
static size_t
settled_free_count(void)
{
	size_t now, before;
	int i;

	wait_receiving(ipc_find_env(ENV_TYPE_FS));
	if (ipc_find_env(ENV_TYPE_NS))
		wait_receiving(ipc_find_env(ENV_TYPE_NS));
	now = jos_sys_page_free_count();
	do {
		before = now;
		for (i = 0; i < 100; i++)
			sys_yield();
		now = jos_sys_page_free_count();
	} while (now != before);
	return now;
}

void
umain(int argc, char **argv)
{
	size_t free;
	char what[80];
	int i, r;

	if ((r = sys_page_alloc(0, RW_VA, PTE_P | PTE_U | PTE_W)) < 0 ||
	    (r = sys_page_alloc(0, RO_VA, PTE_P | PTE_U)) < 0)
		panic("sys_page_alloc: %e", r);
	fill_frame(RW_VA);
	free = settled_free_count();

	for (i = 0; i < ARRAY_SIZE(bad_lens); i++) {
		snprintf(what, sizeof(what), "send of %u bytes", bad_lens[i]);
		expect(what, sys_net_try_send(RW_VA, bad_lens[i]), -E_INVAL);
		snprintf(what, sizeof(what), "send of %u bytes (int)",
			 bad_lens[i]);
		expect(what, send_int(RW_VA, bad_lens[i]), -E_INVAL);
		snprintf(what, sizeof(what), "send of %u bytes from the kernel",
			 bad_lens[i]);
		expect(what, sys_net_try_send((void *) KERNBASE, bad_lens[i]),
		       -E_INVAL);
	}
	expect("receive into 0 bytes", sys_net_try_recv(RW_VA, 0), -E_INVAL);
	expect("receive into 0 bytes (int)", recv_int(RW_VA, 0), -E_INVAL);
	expect("receive with nothing sent", sys_net_try_recv(RW_VA, 2048),
	       -E_AGAIN);
	expect("receive with nothing sent (int)", recv_int(RW_VA, 1), -E_AGAIN);
	expect("send a frame", sys_net_try_send(RW_VA, FRAME), 0);
	expect("send a frame (int)", send_int(RW_VA, FRAME), 0);
	expect("send a frame from read-only memory",
	       sys_net_try_send(RO_VA, FRAME), 0);
	expect("send 1518 bytes", sys_net_try_send(RW_VA, 1518), 0);
	expect("no page lost to refused calls", jos_sys_page_free_count(),
	       free);

	/* Forking makes our pages copy-on-write, which costs pages at our
	 * next writes: count from after the first child. */
	expect_destroyed("send from the kernel", send_kernel);
	free = jos_sys_page_free_count();
	expect_destroyed("send from an unmapped page", send_unmapped);
	expect_destroyed("send running into an unmapped page", send_straddling);
	expect_destroyed("send from below ULIM into the kernel (int)",
			 send_int_kernel);
	expect_destroyed("receive into the kernel", recv_kernel);
	expect_destroyed("receive into an unmapped page", recv_unmapped);
	expect_destroyed("receive into a read-only page", recv_readonly);
	expect_destroyed("receive into a read-only page (int)",
			 recv_int_readonly);

	expect("no page lost to destroyed envs", jos_sys_page_free_count(),
	       free);
	hostile_summary("hostile_net");
}
