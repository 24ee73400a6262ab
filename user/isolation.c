/*
 * isolation: a victim env keeps canary pages (writable and read-only)
 * and waits for messages; three attackers, its siblings, on the other
 * CPUs, try every system call that names another env against it, over
 * and over, with its id and with stale and future generations of it.
 * They are not its parent, so every call must fail with -E_BAD_ENV,
 * except IPC, which any env may send, waiting or not (the victim takes
 * the pages sent and drops them).  At the end the victim checks its canaries, that nothing
 * was mapped where the attackers aimed, and that its fault upcall is
 * still its own.  Prints "ok   WHAT" or "FAIL WHAT" per check.
 */
#include <inc/lib.h>
#include <user/hostile.h>

#define PU		(PTE_P | PTE_U)
#define PUW		(PTE_P | PTE_U | PTE_W)
#define NCANARY		8
#define CANARY		0x20000000	/* NCANARY pages, the last read-only */
#define ATTACK_VA	0x28000000	/* where attackers try to map pages */
#define RECV_VA		((void *) 0x2c000000)
#define MY_PAGE		((void *) 0x30000000)	/* an attacker's own page */
#define NATTACKERS	3
#define ROUNDS		150
#define DONE		0xd0e

static uint32_t
canary_word(int page, int word)
{
	return 0xca000000 | (page << 12) | word;
}

static void
make_canaries(void)
{
	int i, j, r;

	for (i = 0; i < NCANARY; i++) {
		uint32_t *p = (uint32_t *) (CANARY + i * PGSIZE);

		if ((r = sys_page_alloc(0, p, PUW)) < 0)
			panic("sys_page_alloc: %e", r);
		for (j = 0; j < PGSIZE / 4; j++)
			p[j] = canary_word(i, j);
	}
	r = sys_page_map(0, (void *) (CANARY + (NCANARY - 1) * PGSIZE), 0,
			 (void *) (CANARY + (NCANARY - 1) * PGSIZE), PU);
	if (r < 0)
		panic("sys_page_map: %e", r);
}

/* Are all canaries present, with their permissions and every word? */
static bool
canaries_intact(void)
{
	int i, j;

	for (i = 0; i < NCANARY; i++) {
		uintptr_t va = CANARY + i * PGSIZE;
		int perm = i == NCANARY - 1 ? PU : PUW;
		const volatile uint32_t *p = (const volatile uint32_t *) va;

		if ((uvpt[PGNUM(va)] & PTE_SYSCALL) != perm)
			return false;
		for (j = 0; j < PGSIZE / 4; j++)
			if (p[j] != canary_word(i, j))
				return false;
	}
	return true;
}

static void __attribute__((noreturn))
victim(void)
{
	void *upcall = thisenv->env_pgfault_upcall;
	envid_t from;
	int n = 0, perm, spin;
	bool intact = true;

	make_canaries();
	while (ipc_recv(&from, RECV_VA, &perm) != DONE ||
	       from != thisenv->env_parent_id) {
		n++;
		if (perm)
			sys_page_unmap(0, RECV_VA);
		/* Run for a while too, so attacks also find us running. */
		for (spin = 0; spin < 4; spin++)
			intact &= canaries_intact();
	}
	expect_true("victim: canaries intact all along",
		    intact && canaries_intact());
	expect_true("victim: nothing mapped where the attackers aimed",
		    !(uvpd[PDX(ATTACK_VA)] & PTE_P) ||
		    !(uvpt[PGNUM(ATTACK_VA)] & PTE_P));
	expect_true("victim: fault upcall unchanged",
		    thisenv->env_pgfault_upcall == upcall);
	cprintf("victim: took %d messages from the attackers\n", n);
	hostile_summary("isolation victim");
	exit();
}

/* Count a refused call that was not refused as it should be. */
static int
refused(const char *what, envid_t target, int got)
{
	if (got == -E_BAD_ENV)
		return 0;
	cprintf("FAIL %s on %08x: got %d (%e), want -E_BAD_ENV\n", what,
		target, got, got);
	return 1;
}

/* One round of every call against target; returns the failures. */
static int
attack(envid_t target)
{
	void *canary = (void *) CANARY;
	struct PageMapOp op = { .srcenv = 0, .srcva = MY_PAGE,
				.dstenv = target, .dstva = canary, .perm = PUW };
	int bad = 0, r;

	bad += refused("page_alloc", target,
		       sys_page_alloc(target, (void *) ATTACK_VA, PUW));
	bad += refused("page_alloc over a canary", target,
		       sys_page_alloc(target, canary, PUW));
	bad += refused("page_map onto a canary", target,
		       sys_page_map(0, MY_PAGE, target, canary, PUW));
	bad += refused("page_map of a canary", target,
		       sys_page_map(target, canary, 0, (void *) ATTACK_VA, PUW));
	bad += refused("page_map within", target,
		       sys_page_map(target, canary, target,
				    (void *) ATTACK_VA, PUW));
	bad += refused("page_unmap of a canary", target,
		       sys_page_unmap(target, canary));
	bad += refused("page_copy over a canary", target,
		       jos_sys_page_copy(target, canary, canary, PUW));
	bad += refused("page_map_batch onto a canary", target,
		       jos_sys_page_map_batch(&op, 1));
	bad += refused("env_set_status NOT_RUNNABLE", target,
		       sys_env_set_status(target, ENV_NOT_RUNNABLE));
	bad += refused("env_set_status RUNNABLE", target,
		       sys_env_set_status(target, ENV_RUNNABLE));
	bad += refused("env_set_pgfault_upcall", target,
		       sys_env_set_pgfault_upcall(target, (void *) 0xf0100000));
	bad += refused("env_destroy", target, sys_env_destroy(target));
	r = sys_ipc_try_send(target, 1, MY_PAGE, PUW);
	if (r != 0 && r != -E_IPC_NOT_RECV && r != -E_BAD_ENV) {
		cprintf("FAIL ipc_try_send to %08x: %e\n", target, r);
		bad++;
	}
	return bad;
}

/* A message the victim must take in its stride (it is receiving in a
 * loop until its parent says it is done). */
static int
send_blocking(envid_t target)
{
	int r = jos_sys_ipc_send(target, 2, MY_PAGE, PUW);

	if (r == 0)
		return 0;
	cprintf("FAIL ipc_send to %08x: %e\n", target, r);
	return 1;
}

static void __attribute__((noreturn))
attacker(int n, envid_t victim_id)
{
	envid_t stale = victim_id - 0x1000, future = victim_id + 0x1000;
	int i, bad = 0, r;
	char what[40];

	if ((r = sys_page_alloc(0, MY_PAGE, PUW)) < 0)
		panic("sys_page_alloc: %e", r);
	for (i = 0; i < ROUNDS; i++) {
		bad += attack(victim_id);
		if (stale > 0)
			bad += attack(stale);
		bad += attack(future);
		if (i % 50 == 0)
			bad += send_blocking(victim_id);
	}
	cprintf("attacker %d: ran on CPU %d\n", n, thisenv->env_cpunum);
	snprintf(what, sizeof(what), "attacker %d: every call refused", n);
	expect_true(what, bad == 0);
	exit();
}

void
umain(int argc, char **argv)
{
	envid_t victim_id, attackers[NATTACKERS];
	int i;

	if ((victim_id = fork()) < 0)
		panic("fork: %e", victim_id);
	if (victim_id == 0)
		victim();
	wait_receiving(victim_id);

	for (i = 0; i < NATTACKERS; i++) {
		if ((attackers[i] = fork()) < 0)
			panic("fork: %e", attackers[i]);
		if (attackers[i] == 0)
			attacker(i + 1, victim_id);
	}
	for (i = 0; i < NATTACKERS; i++)
		wait_gone(attackers[i]);
	ipc_send(victim_id, DONE, 0, 0);
	wait_gone(victim_id);
	cprintf("isolation: done\n");
}
