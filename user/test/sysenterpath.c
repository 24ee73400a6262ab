/*
 * sysenterpath: the sysenter fast path (kern/sysenter.c) must give back
 * exactly what a system call by int gives back, whichever way the kernel
 * returns.  Checks, each printing "ok   WHAT" or "FAIL WHAT":
 *  - a fast call keeps %ebx, %esi, %edi, %ebp and every user flag
 *    (carry, direction, alignment check, nested task, ID) as they were;
 *  - data segments other than the usual (null, RPL 0, the code segment)
 *    come back as they were, by the slow return;
 *  - an env that stops itself by sysenter (sys_env_set_status) resumes,
 *    when its parent restarts it, with the call's result;
 *  - on four CPUs, with a spinning env taking the timer's turns, three
 *    envs making fast and slow calls in turn (getenvid, page_alloc and
 *    page_unmap, which shoot down TLBs, yield) each keep their own
 *    registers, %fs and %gs and SSE registers all along.
 */
#include <inc/lib.h>
#include <inc/x86.h>
#include <user/test/lib/hostile.h>

#define CANARY_EBX	0x11111111
#define CANARY_ESI	0x22222222
#define CANARY_EDI	0x33333333
#define ROUNDS		3000
#define SCRATCH		0x10000000

/* What sysenter_probe saw after its call (global: the assembly names
 * it). */
struct {
	uint32_t eax, ebx, esi, edi;
	uint32_t ebp_minus_esp;	/* 0: %ebp came back as it went */
	uint32_t eflags_after;
	uint32_t eflags_before;
} probe_out;

/*
 * void sysenter_probe(uint32_t flags): sys_getenvid by sysenter, the
 * way lib/syscall.c makes it, with canaries in %ebx, %esi, %edi and
 * flags or-ed into EFLAGS; records in probe_out what came back.
 */
asm(".text\n"
    "sysenter_probe:\n"
    "	pushl %ebp\n"
    "	pushl %ebx\n"
    "	pushl %esi\n"
    "	pushl %edi\n"
    "	movl 20(%esp), %edx\n"
    "	movl $0x11111111, %ebx\n"
    "	movl $0x22222222, %esi\n"
    "	movl $0x33333333, %edi\n"
    "	pushfl\n"
    "	orl %edx, (%esp)\n"
    "	movl (%esp), %edx\n"
    "	movl %edx, probe_out+24\n"
    "	movl $2, %eax\n"			/* SYS_getenvid */
    "	popfl\n"
    "	pushl $1f\n"
    "	movl %esp, %ebp\n"
    "	sysenter\n"
    "1:	pushfl\n"
    "	popl probe_out+20\n"
    "	pushl $2\n"
    "	popfl\n"
    "	movl %eax, probe_out\n"
    "	movl %ebx, probe_out+4\n"
    "	movl %esi, probe_out+8\n"
    "	movl %edi, probe_out+12\n"
    "	movl %ebp, %ecx\n"
    "	subl %esp, %ecx\n"
    "	movl %ecx, probe_out+16\n"
    "	addl $4, %esp\n"
    "	popl %edi\n"
    "	popl %esi\n"
    "	popl %ebx\n"
    "	popl %ebp\n"
    "	ret\n");
void sysenter_probe(uint32_t flags);

/*
 * int sysenter_segs(uint32_t ds, uint32_t es, uint16_t seen[2]):
 * sys_getenvid by sysenter with ds and es loaded into %ds and %es (no
 * memory is touched through them meanwhile); stores what they hold
 * after the call in seen, and returns the call's result.
 */
asm(".text\n"
    "sysenter_segs:\n"
    "	pushl %ebp\n"
    "	pushl %ebx\n"
    "	movl 12(%esp), %ebx\n"
    "	movl 16(%esp), %ecx\n"
    "	movl $2, %eax\n"			/* SYS_getenvid */
    "	pushl $1f\n"
    "	movl %esp, %ebp\n"
    "	movw %cx, %es\n"
    "	movw %bx, %ds\n"
    "	sysenter\n"
    "1:	movl %ds, %ebx\n"
    "	movl %es, %ecx\n"
    "	movl $0x23, %edx\n"			/* GD_UD | 3 */
    "	movw %dx, %ds\n"
    "	movw %dx, %es\n"
    "	addl $4, %esp\n"
    "	movl 20(%esp), %edx\n"
    "	movw %bx, (%edx)\n"
    "	movw %cx, 2(%edx)\n"
    "	popl %ebx\n"
    "	popl %ebp\n"
    "	ret\n");
int sysenter_segs(uint32_t ds, uint32_t es, uint16_t seen[2]);

/* The flags a user program may set for itself and must get back. */
#define USER_FLAGS	(FL_CF | FL_PF | FL_AF | FL_ZF | FL_SF | FL_DF | \
			 FL_OF | FL_NT | FL_AC | FL_ID)

static bool
probe_ok(uint32_t flags)
{
	envid_t self = sys_getenvid();

	sysenter_probe(flags);
	return probe_out.eax == (uint32_t) self &&
	       probe_out.ebx == CANARY_EBX && probe_out.esi == CANARY_ESI &&
	       probe_out.edi == CANARY_EDI && probe_out.ebp_minus_esp == 0 &&
	       (probe_out.eflags_after & USER_FLAGS) ==
	       (probe_out.eflags_before & USER_FLAGS) &&
	       (probe_out.eflags_after & FL_IF);
}

static void
check_registers(void)
{
	expect_true("a fast call keeps %ebx, %esi, %edi, %ebp", probe_ok(0));
	expect_true("a fast call keeps CF, DF, AC, NT and ID",
		    probe_ok(FL_CF | FL_DF | FL_AC | FL_NT | FL_ID));
}

static void
check_segs(const char *what, uint16_t ds, uint16_t es)
{
	uint16_t seen[2];
	int r = sysenter_segs(ds, es, seen);

	expect_true(what, r == sys_getenvid() && seen[0] == ds && seen[1] == es);
}

/* A child stops itself by sysenter; the parent restarts it. */
static void
check_stop_self(void)
{
	envid_t id = fork();
	int32_t r;

	if (id < 0)
		panic("fork: %e", id);
	if (id == 0) {
		r = sys_env_set_status(0, ENV_NOT_RUNNABLE);
		ipc_send(thisenv->env_parent_id, r == 0, NULL, 0);
		exit();
	}
	while (env_alive(id) && envs[ENVX(id)].env_status != ENV_NOT_RUNNABLE)
		sys_yield();
	sys_env_set_status(id, ENV_RUNNABLE);
	expect("stopping oneself by sysenter returns 0 on restart",
	       ipc_recv(NULL, NULL, NULL), 1);
	wait_gone(id);
}

/* Selectors a child loads into %fs and %gs: its own, per child. */
static const uint16_t child_segs[3][2] = {
	{ GD_UD | 3, 0 }, { 0, GD_UT | 3 }, { GD_UT | 3, GD_UD | 3 },
};

static uint32_t
xmm1(void)
{
	uint32_t v;

	asm volatile("movd %%xmm1, %0" : "=r" (v));
	return v;
}

/* A child of check_mixed: loads its own %fs, %gs and %xmm1, then makes
 * fast and slow calls in turn, checking them all after each; sends 1
 * to the parent if all held. */
static void
mixed_child(int n)
{
	const uint16_t *segs = child_segs[n];
	uint32_t mark = 0x5eed0000 + n;
	envid_t self = sys_getenvid();
	bool good = true;
	int i;

	asm volatile("movw %0, %%fs\n\tmovw %1, %%gs\n\tmovd %2, %%xmm1"
		     : : "r" (segs[0]), "r" (segs[1]), "r" (mark));
	for (i = 0; i < ROUNDS && good; i++) {
		uint16_t fs, gs;
		void *va = (void *) (SCRATCH + n * PGSIZE);

		good &= sys_getenvid() == self && probe_ok(i & 1 ? FL_DF : 0);
		if (i % 16 == 0)
			good &= sys_page_alloc(0, va, PTE_P | PTE_U | PTE_W) == 0 &&
				sys_page_unmap(0, va) == 0;
		if (i % 64 == 0)
			sys_yield();
		asm volatile("movw %%fs, %0\n\tmovw %%gs, %1"
			     : "=r" (fs), "=r" (gs));
		good &= fs == segs[0] && gs == segs[1] && xmm1() == mark;
	}
	if (!good)
		cprintf("sysenterpath child %d: round %d went wrong\n", n, i);
	ipc_send(thisenv->env_parent_id, good, NULL, 0);
	exit();
}

static void
check_mixed(void)
{
	envid_t spinner, kids[3];
	int k, good = 0;

	if ((spinner = fork()) == 0)
		for (;;)
			;
	for (k = 0; k < 3; k++)
		if ((kids[k] = fork()) == 0)
			mixed_child(k);
	for (k = 0; k < 3; k++)
		good += ipc_recv(NULL, NULL, NULL);
	expect("fast and slow calls keep registers, %fs, %gs, %xmm1 "
	       "(3 envs)", good, 3);
	sys_env_destroy(spinner);
	for (k = 0; k < 3; k++)
		wait_gone(kids[k]);
	wait_gone(spinner);
}

void
umain(int argc, char **argv)
{
	/* The numbers the assembly above spells out. */
	static_assert(SYS_getenvid == 2);
	static_assert((GD_UD | 3) == 0x23);

	check_registers();
	check_segs("a null %ds comes back", 0, GD_UD | 3);
	check_segs("a null %es comes back", GD_UD | 3, 0);
	check_segs("%ds and %es with RPL 0 come back", GD_UD, GD_UD);
	check_segs("the code segment in %ds comes back", GD_UT | 3, GD_UD | 3);
	check_stop_self();
	check_mixed();
	hostile_summary("sysenterpath");
}
