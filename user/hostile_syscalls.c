/*
 * hostile_syscalls: every system call fed arguments it must refuse with a
 * documented error: addresses at or above UTOP, in the kernel, straddling
 * UTOP or unaligned; permissions outside PTE_SYSCALL or without PTE_U|P;
 * writable mappings of read-only pages; bad statuses; unknown call
 * numbers; and the ids of envs we may not touch: our parent, a sibling, a
 * freed child, a stale id whose slot now holds a newer child, and ids
 * that never existed.  Each call prints "ok   WHAT" or "FAIL WHAT: ..."
 * (user/hostile.h).  Refused calls must not change anything: no page is
 * lost, no mapping appears, and the envs they named live on unharmed.
 */
#include <inc/lib.h>
#include <user/hostile.h>

#define PU	(PTE_P | PTE_U)
#define PUW	(PTE_P | PTE_U | PTE_W)

/* Our scratch pages: a writable one, a read-only one, a copy-on-write
 * one, and addresses left unmapped. */
#define RW_VA		((void *) 0x10000000)
#define RO_VA		((void *) 0x10001000)
#define COW_VA		((void *) 0x10002000)
#define FREE_VA		((void *) 0x10003000)
#define RECV_VA		((void *) 0x10004000)

/* Messages from the parent to its children. */
#define GO_ON		1
#define FINISH		2

static const uintptr_t bad_vas[] = {
	UTOP, UTOP - 1, UTOP - PGSIZE + 1, ULIM, UVPT, UPAGES, KERNBASE,
	KERNBASE + 0x100000, 0xfffff000, 0xffffffff, 0x10000001, 0x10000800,
};

static const char *const bad_va_names[] = {
	"UTOP", "UTOP-1", "UTOP-PGSIZE+1", "ULIM", "UVPT", "UPAGES",
	"KERNBASE", "kernel text", "0xfffff000", "0xffffffff",
	"unaligned 0x10000001", "unaligned 0x10000800",
};

static const int bad_perms[] = {
	0, PTE_P, PTE_U, PTE_W, PTE_U | PTE_W, PU | PTE_PWT, PU | PTE_PCD,
	PU | PTE_A, PU | PTE_D, PU | PTE_PS, PU | PTE_G, PU | 0x1000,
	PU | 0x80000000, -1,
};

static const char *
name(const char *fmt, ...)
{
	static char buf[120];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return buf;
}

static void
setup_pages(void)
{
	int r;

	if ((r = sys_page_alloc(0, RW_VA, PUW)) < 0 ||
	    (r = sys_page_alloc(0, RO_VA, PU)) < 0 ||
	    (r = sys_page_alloc(0, COW_VA, PU | PTE_COW)) < 0)
		panic("sys_page_alloc: %e", r);
	*(volatile int *) RW_VA = 0x5a5a;
}

/* Bad addresses and permissions, on our own address space. */
static void
check_addresses(void)
{
	size_t free = jos_sys_page_free_count();
	int i;

	for (i = 0; i < ARRAY_SIZE(bad_vas); i++) {
		void *va = (void *) bad_vas[i];
		const char *n = bad_va_names[i];

		expect(name("page_alloc at %s", n),
		       sys_page_alloc(0, va, PUW), -E_INVAL);
		expect(name("page_map from %s", n),
		       sys_page_map(0, va, 0, FREE_VA, PU), -E_INVAL);
		expect(name("page_map to %s", n),
		       sys_page_map(0, RW_VA, 0, va, PU), -E_INVAL);
		expect(name("page_unmap at %s", n),
		       sys_page_unmap(0, va), -E_INVAL);
		expect(name("page_copy from %s", n),
		       jos_sys_page_copy(0, va, FREE_VA, PUW), -E_INVAL);
		expect(name("page_copy to %s", n),
		       jos_sys_page_copy(0, RW_VA, va, PUW), -E_INVAL);
	}
	for (i = 0; i < ARRAY_SIZE(bad_perms); i++) {
		expect(name("page_alloc with perm %x", bad_perms[i]),
		       sys_page_alloc(0, FREE_VA, bad_perms[i]), -E_INVAL);
		expect(name("page_map with perm %x", bad_perms[i]),
		       sys_page_map(0, RW_VA, 0, FREE_VA, bad_perms[i]),
		       -E_INVAL);
		expect(name("page_copy with perm %x", bad_perms[i]),
		       jos_sys_page_copy(0, RW_VA, FREE_VA, bad_perms[i]),
		       -E_INVAL);
	}
	expect("page_map from an unmapped page",
	       sys_page_map(0, FREE_VA, 0, RECV_VA, PU), -E_INVAL);
	expect("page_copy from an unmapped page",
	       jos_sys_page_copy(0, FREE_VA, RECV_VA, PUW), -E_INVAL);
	expect("page_map of a read-only page, writable",
	       sys_page_map(0, RO_VA, 0, FREE_VA, PUW), -E_INVAL);
	expect("page_map of a copy-on-write page, writable",
	       sys_page_map(0, COW_VA, 0, FREE_VA, PUW), -E_INVAL);
	expect("page_map of our program text, writable",
	       sys_page_map(0, (void *) UTEXT, 0, FREE_VA, PUW), -E_INVAL);
	expect("page_map of a read-only page over itself, writable",
	       sys_page_map(0, RO_VA, 0, RO_VA, PUW), -E_INVAL);
	expect_true("no refused call mapped anything",
		    !(uvpt[PGNUM(FREE_VA)] & PTE_P) &&
		    (uvpt[PGNUM(RO_VA)] & PTE_SYSCALL) == PU);
	expect_true("no refused call lost a page",
		    jos_sys_page_free_count() == free);

	expect("page_alloc with every PTE_SYSCALL bit",
	       sys_page_alloc(0, FREE_VA, PTE_SYSCALL), 0);
	expect("page_map of a writable page, read-only",
	       sys_page_map(0, RW_VA, 0, FREE_VA, PU), 0);
	expect_true("and the mapping is read-only and shared",
		    (uvpt[PGNUM(FREE_VA)] & PTE_SYSCALL) == PU &&
		    *(volatile int *) FREE_VA == 0x5a5a);
	expect("page_unmap of a page", sys_page_unmap(0, FREE_VA), 0);
	expect("page_copy of a read-only page, writable",
	       jos_sys_page_copy(0, RO_VA, FREE_VA, PUW), 0);
	expect_true("and the copy is a new writable page",
		    (uvpt[PGNUM(FREE_VA)] & PTE_SYSCALL) == PUW &&
		    PTE_ADDR(uvpt[PGNUM(FREE_VA)]) !=
		    PTE_ADDR(uvpt[PGNUM(RO_VA)]));
	expect("page_unmap of the copy", sys_page_unmap(0, FREE_VA), 0);
	expect("page_unmap of nothing", sys_page_unmap(0, FREE_VA), 0);
	expect_true("cputs of 0 bytes at a kernel address is harmless",
		    (sys_cputs((const char *) KERNBASE, 0), true));
}

/* jos_sys_page_map_batch: too many operations, none, one refused. */
static void
check_batch(void)
{
	struct PageMapOp ops[2] = {
		{ .srcenv = 0, .srcva = RW_VA, .dstenv = 0, .dstva = FREE_VA,
		  .perm = PU },
		{ .srcenv = 0, .srcva = RW_VA, .dstenv = 0,
		  .dstva = (void *) UTOP, .perm = PU },
	};

	expect("page_map_batch of too many operations",
	       jos_sys_page_map_batch(ops, PAGE_MAP_BATCH_MAX + 1), -E_INVAL);
	expect("page_map_batch of 0 operations at a kernel address",
	       jos_sys_page_map_batch((const struct PageMapOp *) KERNBASE, 0), 0);
	expect("page_map_batch with its second operation bad",
	       jos_sys_page_map_batch(ops, 2), -E_INVAL);
	expect_true("and the first took effect",
		    (uvpt[PGNUM(FREE_VA)] & PTE_SYSCALL) == PU);
	sys_page_unmap(0, FREE_VA);
}

/* Statuses, upcalls, IPC and call numbers that need no other env. */
static void
check_misc(void)
{
	static const int bad_status[] = {
		ENV_FREE, ENV_DYING, ENV_RUNNING, ENV_NOT_RUNNABLE + 1, -1,
		0x7fffffff,
	};
	static const uint32_t bad_calls[] = {
		NSYSCALLS, NSYSCALLS + 1, 1000, 0x7fffffff, 0x80000000,
		0xffffffff,
	};
	int i;

	for (i = 0; i < ARRAY_SIZE(bad_status); i++)
		expect(name("env_set_status(self, %d)", bad_status[i]),
		       sys_env_set_status(0, bad_status[i]), -E_INVAL);
	expect("ipc_recv at an unaligned address",
	       sys_ipc_recv((void *) 0x10000001), -E_INVAL);
	expect("ipc_recv at UTOP-1", sys_ipc_recv((void *) (UTOP - 1)),
	       -E_INVAL);
	expect("ipc_try_send to ourselves (not receiving)",
	       sys_ipc_try_send(0, 1, RW_VA, PU), -E_IPC_NOT_RECV);
	expect("ipc_send to ourselves", jos_sys_ipc_send(0, 1, (void *) UTOP, 0),
	       -E_INVAL);
	expect("ipc_send of an unaligned page",
	       jos_sys_ipc_send(0, 1, (void *) 0x10000010, PU), -E_INVAL);
	for (i = 0; i < ARRAY_SIZE(bad_calls); i++) {
		int32_t r = jos_syscall_int(bad_calls[i], 0, 0, 0, 0, 0);

		expect(name("system call number %u", bad_calls[i]), r,
		       -E_INVAL);
	}
}

/*
 * Every call that names another env, on an env id we may not use: each
 * must fail with -E_BAD_ENV (the ipc sends with -E_BAD_ENV or, if the env
 * lives, -E_IPC_NOT_RECV) and change nothing.
 */
static void
check_env_calls(envid_t id, const char *who, bool alive)
{
	expect(name("page_alloc in %s", who),
	       sys_page_alloc(id, RW_VA, PUW), -E_BAD_ENV);
	expect(name("page_map from %s", who),
	       sys_page_map(id, RW_VA, 0, FREE_VA, PU), -E_BAD_ENV);
	expect(name("page_map to %s", who),
	       sys_page_map(0, RW_VA, id, RW_VA, PU), -E_BAD_ENV);
	expect(name("page_unmap in %s", who),
	       sys_page_unmap(id, RW_VA), -E_BAD_ENV);
	expect(name("page_copy in %s", who),
	       jos_sys_page_copy(id, RW_VA, FREE_VA, PUW), -E_BAD_ENV);
	expect(name("env_set_status(%s, RUNNABLE)", who),
	       sys_env_set_status(id, ENV_RUNNABLE), -E_BAD_ENV);
	expect(name("env_set_status(%s, NOT_RUNNABLE)", who),
	       sys_env_set_status(id, ENV_NOT_RUNNABLE), -E_BAD_ENV);
	expect(name("env_set_pgfault_upcall(%s)", who),
	       sys_env_set_pgfault_upcall(id, (void *) UTEXT), -E_BAD_ENV);
	expect(name("env_destroy(%s)", who), sys_env_destroy(id), -E_BAD_ENV);
	if (!alive)
		expect(name("ipc_try_send to %s", who),
		       sys_ipc_try_send(id, 1, (void *) UTOP, 0), -E_BAD_ENV);
}

/* A child that waits for messages: on GO_ON it waits again, on FINISH it
 * checks that nobody mapped a page at RW_VA or FREE_VA in it, and exits. */
static void
waiter(void)
{
	envid_t from;
	int perm;

	while (ipc_recv(&from, RECV_VA, &perm) == GO_ON)
		;
	expect_true(name("env %08x: nothing was mapped into it",
			 thisenv->env_id),
		    !(uvpt[PGNUM(FREE_VA)] & PTE_P) &&
		    *(volatile int *) RW_VA == 0x5a5a);
	exit();
}

static envid_t
fork_waiter(void)
{
	envid_t id = fork();

	if (id < 0)
		panic("fork: %e", id);
	if (id == 0)
		waiter();
	wait_receiving(id);
	return id;
}

/* In a child: our parent and a sibling are not ours to touch. */
static void
attack_relatives(envid_t sibling)
{
	envid_t parent = thisenv->env_parent_id;

	/* Count this child's checks apart from the parent's. */
	hostile_checks = hostile_failures = 0;
	check_env_calls(parent, "our parent", true);
	check_env_calls(sibling, "a sibling", true);
	wait_receiving(sibling);
	expect("ipc_try_send of an unaligned page to a receiver",
	       sys_ipc_try_send(sibling, GO_ON, (void *) 0x10000010, PU),
	       -E_INVAL);
	wait_receiving(sibling);
	expect("ipc_try_send of an unmapped page to a receiver",
	       sys_ipc_try_send(sibling, GO_ON, FREE_VA, PU), -E_INVAL);
	wait_receiving(sibling);
	expect("ipc_try_send of a read-only page, writable",
	       sys_ipc_try_send(sibling, GO_ON, RO_VA, PUW), -E_INVAL);
	wait_receiving(sibling);
	expect("ipc_try_send of a copy-on-write page, writable",
	       sys_ipc_try_send(sibling, GO_ON, COW_VA, PUW), -E_INVAL);
	wait_receiving(sibling);
	expect("ipc_try_send with perm PTE_P only",
	       sys_ipc_try_send(sibling, GO_ON, RW_VA, PTE_P), -E_INVAL);
	wait_receiving(sibling);
	expect("ipc_try_send with perm PTE_PCD",
	       sys_ipc_try_send(sibling, GO_ON, RW_VA, PU | PTE_PCD),
	       -E_INVAL);
	expect_true("the sibling still waits, untouched",
		    envs[ENVX(sibling)].env_ipc_recving);
	hostile_summary("hostile_syscalls attacker");
	exit();
}

/* Ids of freed children, stale ids of reused slots, ids never made. */
static void
check_dead_ids(void)
{
	envid_t dead, newer;
	char who[60];

	if ((dead = fork()) < 0)
		panic("fork: %e", dead);
	if (dead == 0)
		exit();
	wait_gone(dead);
	snprintf(who, sizeof(who), "a freed child %08x", dead);
	check_env_calls(dead, who, false);

	/* A freed slot is the next one handed out, with a new generation. */
	newer = fork_waiter();
	expect_true(name("child %08x reuses the slot of %08x", newer, dead),
		    ENVX(newer) == ENVX(dead) && newer != dead);
	snprintf(who, sizeof(who), "stale id %08x", dead);
	check_env_calls(dead, who, false);
	check_env_calls(newer + 0x1000, "a future generation", false);
	check_env_calls(ENVX(newer), "generation 0", false);
	check_env_calls(-1, "id -1", false);
	check_env_calls(0x7ffff3ff, "a never-made id", false);
	expect_true("the reused slot's env is unharmed",
		    env_alive(newer) && envs[ENVX(newer)].env_ipc_recving);
	ipc_send(newer, FINISH, 0, 0);
	wait_gone(newer);
}

void
umain(int argc, char **argv)
{
	envid_t sibling, attacker;

	setup_pages();
	check_addresses();
	check_batch();
	check_misc();

	sibling = fork_waiter();
	if ((attacker = fork()) < 0)
		panic("fork: %e", attacker);
	if (attacker == 0)
		attack_relatives(sibling);
	wait_gone(attacker);
	expect_true("we and our sibling outlived the attacker",
		    env_alive(sibling));
	ipc_send(sibling, FINISH, 0, 0);
	wait_gone(sibling);

	check_dead_ids();
	hostile_summary("hostile_syscalls");
}
