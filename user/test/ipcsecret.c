/*
 * ipcsecret: a message waiting in the kernel is nobody else's business.
 *
 * A child sends a value and a page to its parent, which is not receiving
 * yet, so the sender blocks in sys_ipc_send with the message queued in
 * the kernel.  A second child, which is neither the sender, nor the
 * receiver, nor the sender's parent, then reads all of envs[] (mapped
 * into every env at UENVS) looking for the value and the page address:
 * it must find neither.  Then the parent receives and checks that the
 * message was really there, intact.
 */
#include <inc/lib.h>
#include <user/test/lib/hostile.h>

#define SECRET		0x5ec2e7ed
#define SECRET_VA	((void *) 0x5ec00000)
#define RECV_VA		((void *) 0x10000000)
#define PUW		(PTE_P | PTE_U | PTE_W)

/* Does the word w appear in envs[] outside slot skip?  Every field of
 * struct Env that could hold a message is a 32-bit word at an aligned
 * offset, so only those are read: read across two fields (a segment
 * register's zero padding, then the low half of a kernel pointer such as
 * env_link), the bytes can spell any page address. */
static bool
in_envs(uint32_t w, int skip)
{
	const volatile uint32_t *p = (const volatile uint32_t *) envs;
	size_t per_env = sizeof(struct Env) / sizeof(*p);
	size_t lo = skip * per_env, hi = lo + per_env;

	for (size_t i = 0; i < NENV * per_env; i++)
		if ((i < lo || i >= hi) && p[i] == w)
			return true;
	return false;
}

static void
sender(envid_t to)
{
	int r;

	if ((r = sys_page_alloc(0, SECRET_VA, PUW)) < 0)
		panic("sys_page_alloc: %e", r);
	*(uint32_t *) SECRET_VA = SECRET ^ 1;
	r = jos_sys_ipc_send(to, SECRET, SECRET_VA, PTE_P | PTE_U);
	if (r < 0)
		panic("sys_ipc_send: %e", r);
}

/* Look for the sender's pending message in envs[]; a control first: the
 * same scan finds the sender's id. */
static void
snooper(envid_t sender_id)
{
	int me = ENVX(sys_getenvid());

	expect_true("the scan of envs[] finds the sender's id",
		    in_envs(sender_id, me));
	expect_true("a pending message's value is not in envs[]",
		    !in_envs(SECRET, me));
	expect_true("a pending message's page address is not in envs[]",
		    !in_envs((uint32_t) SECRET_VA, me));
	hostile_summary("ipcsecret snooper");
}

static envid_t
start(void (*fn)(envid_t), envid_t arg)
{
	envid_t id = fork();

	if (id < 0)
		panic("fork: %e", id);
	if (id == 0) {
		fn(arg);
		exit();
	}
	return id;
}

void
umain(int argc, char **argv)
{
	envid_t s = start(sender, thisenv->env_id), from;
	const volatile struct Env *se = &envs[ENVX(s)];
	int perm;
	int32_t value;

	/* The sender blocks in sys_ipc_send: not runnable, not receiving. */
	while (env_alive(s) &&
	       (se->env_status != ENV_NOT_RUNNABLE || se->env_ipc_recving))
		sys_yield();
	wait_gone(start(snooper, s));

	value = ipc_recv(&from, RECV_VA, &perm);
	expect_true("the message was there all along, intact",
		    value == (int32_t) SECRET && from == s &&
		    perm == (PTE_P | PTE_U) &&
		    *(volatile uint32_t *) RECV_VA == (SECRET ^ 1));
	wait_gone(s);
	hostile_summary("ipcsecret");
}
