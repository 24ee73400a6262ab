/*
 * bench: frames per second through the network card (lab 6), by the
 * system calls alone and through the helper envs, as the network server
 * would move them.
 *
 * Send: 60-byte frames, each sys_net_try_send'ed (retrying while the
 * ring is full); then each sent as an NSREQ_OUTPUT page to the output
 * helper, which transmits it.
 * Receive: QEMU's user-mode network answers each ARP request for its
 * address (10.0.2.2) with a reply, so a burst of BURST requests brings
 * BURST frames back.  Round trips per second, requests sent and replies
 * taken with sys_net_try_recv; then with the replies taken from the
 * input helper, one NSREQ_INPUT page each.
 *
 * Time is wall time by sys_time_msec (10 ms ticks), each figure over
 * batches of BATCH frames until at least PERIOD ms have passed; under
 * QEMU (TCG) compare the figures with each other, not with a real
 * card's.
 */
#include "ns.h"

#define PERIOD		2000	/* ms per figure, at least */
#define BATCH		100	/* frames sent between two looks at the clock */
#define BURST		32	/* ARP requests per burst: fits the RX ring */
#define FRAME_LEN	60

static const uint8_t our_mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };

/* A 60-byte ARP request for 10.0.2.2 from 10.0.2.15, broadcast. */
static void
arp_request(uint8_t *f)
{
	static const uint8_t arp[] = {
		0x08, 0x06, 0x00, 0x01, 0x08, 0x00, 6, 4, 0x00, 0x01,
	};

	memset(f, 0, FRAME_LEN);
	memset(f, 0xff, 6);
	memcpy(f + 6, our_mac, 6);
	memcpy(f + 12, arp, sizeof(arp));
	memcpy(f + 22, our_mac, 6);
	memcpy(f + 28, "\x0a\x00\x02\x0f", 4);
	memcpy(f + 38, "\x0a\x00\x02\x02", 4);
}

static void
send_frame(const void *f)
{
	int r;

	while ((r = sys_net_try_send(f, FRAME_LEN)) == -E_AGAIN)
		sys_yield();
	if (r < 0)
		panic("sys_net_try_send: %e", r);
}

/* Frames per second, count frames over ms milliseconds. */
static void
report(const char *what, int count, uint32_t ms)
{
	cprintf("bench: %-42s %6u frames/s  (%d in %u ms)\n", what,
		ms ? count * 1000 / ms : 0, count, ms);
}

/* A page at va to send a frame in (the frame goes in jp_data). */
static struct jif_pkt *
fresh_page(void *va)
{
	int r;

	if ((r = sys_page_alloc(0, va, PTE_P | PTE_U | PTE_W)) < 0)
		panic("sys_page_alloc: %e", r);
	return va;
}

/* Wait until env id blocks receiving: it has dealt with what it got. */
static void
wait_receiving(envid_t id)
{
	while (envs[ENVX(id)].env_status != ENV_NOT_RUNNABLE)
		sys_yield();
}

/* Milliseconds since start. */
static uint32_t
since(uint32_t start)
{
	return sys_time_msec() - start;
}

static void
bench_send(envid_t out)
{
	uint8_t frame[FRAME_LEN];
	struct jif_pkt *pkt;
	uint32_t start;
	int n, i;

	arp_request(frame);
	frame[12] = 0x88, frame[13] = 0xb5;	/* an experimental type */
	start = sys_time_msec();
	for (n = 0; since(start) < PERIOD; n += BATCH)
		for (i = 0; i < BATCH; i++)
			send_frame(frame);
	report("send, system call alone", n, since(start));

	start = sys_time_msec();
	for (n = 0; since(start) < PERIOD; n += BATCH)
		for (i = 0; i < BATCH; i++) {
			pkt = fresh_page((void *) REQVA);
			memcpy(pkt->jp_data, frame, FRAME_LEN);
			pkt->jp_len = FRAME_LEN;
			ipc_send(out, NSREQ_OUTPUT, pkt,
				 PTE_P | PTE_U | PTE_W);
		}
	wait_receiving(out);
	report("send, through the output helper", n, since(start));
	sys_page_unmap(0, (void *) REQVA);
}

/* Take one frame: from the card, or from the input helper if in. */
static int
take_frame(envid_t in, uint8_t *buf)
{
	struct jif_pkt *pkt = (struct jif_pkt *) (REQVA + PGSIZE);
	envid_t whom;
	int r;

	if (!in) {
		while ((r = sys_net_try_recv(buf, PGSIZE)) == -E_AGAIN)
			sys_yield();
		if (r < 0)
			panic("sys_net_try_recv: %e", r);
		return r;
	}
	if ((r = ipc_recv(&whom, pkt, 0)) != NSREQ_INPUT || whom != in)
		panic("unexpected IPC %d from %08x", r, whom);
	return pkt->jp_len;
}

static void
bench_recv(envid_t in, const char *what)
{
	static uint8_t buf[PGSIZE];
	uint8_t request[FRAME_LEN];
	uint32_t start;
	int n, i;

	/* Written once, so that it is ours and not copy-on-write: the
	 * kernel writes only into pages the env may write. */
	memset(buf, 0, sizeof(buf));
	arp_request(request);
	start = sys_time_msec();
	for (n = 0; since(start) < PERIOD; n += BURST) {
		for (i = 0; i < BURST; i++)
			send_frame(request);
		for (i = 0; i < BURST; i++)
			if (take_frame(in, buf) < 42)
				panic("a runt frame");
	}
	report(what, n, since(start));
}

void
umain(int argc, char **argv)
{
	envid_t self = sys_getenvid(), out, in;

	binaryname = "bench";
	if ((out = fork()) < 0)
		panic("fork: %e", out);
	if (out == 0) {
		output(self);
		return;
	}
	cprintf("bench: frames of %d bytes, wall time by sys_time_msec\n",
		FRAME_LEN);
	bench_send(out);
	bench_recv(0, "ARP round trips, system calls alone");
	if ((in = fork()) < 0)
		panic("fork: %e", in);
	if (in == 0) {
		input(self);
		return;
	}
	bench_recv(in, "ARP round trips, through the input helper");
	cprintf("bench: done\n");
	sys_env_destroy(in);
	sys_env_destroy(out);
}
