/*
 * classicstyle: code written the way classic JOS student code is, which
 * must build (warnings allowed) and run as it did there: unused
 * variables and functions, a variable set but never used, %d for a
 * long, 64-bit division and modulo (libgcc), static_assert as a
 * statement, thisenv declared by hand, helpers of its own with names
 * our library once used, the '#' printf flag, %e, a warning longer than
 * 199 characters, strtol of "0X1f".  Prints, among others:
 *   classicstyle: 1000000000000 / 7 = 142857142857 rem 1
 *   classicstyle: %#x: ff 000000ff str
 *   classicstyle: done
 */
#include <inc/lib.h>

/* Declared the classic way, by hand, next to lib.h's own declaration. */
extern const volatile struct Env *thisenv;

/* Student code defines PTE_COW itself, as classic lib/fork.c did. */
#define PTE_COW		0x800

/* Helpers with names of ours that used to be in the library. */
int
sys_page_copy(void *dst, const void *src, size_t len)
{
	memmove(dst, src, len);
	return len;
}

static void
duppage_unused(envid_t envid, unsigned pn)
{
	int r;
}

void
umain(int argc, char **argv)
{
	int unused_counter;
	int i;
	long big = 123456789L;
	uint64_t num = 1000000000000ULL, den = 7;
	int64_t neg = -1000000000000LL;
	uint64_t wide = 0xfedcba9876543210ULL;
	char msg[300];
	char *end;
	long hex;

	for (i = 0; i < 3; i++)
		;
	if (argc > 1000)
		static_assert(sizeof(uint64_t) == 8);
	switch (argc) {
	case 0:
		static_assert(PTE_COW == 0x800);
		break;
	}
	static_assert(PGSIZE == 4096);

	cprintf("classicstyle: i am %08x\n", thisenv->env_id);
	cprintf("classicstyle: long as %%d: %d\n", big);
	cprintf("classicstyle: %llu / %llu = %llu rem %llu\n",
		num, den, num / den, num % den);
	cprintf("classicstyle: %lld / 7 = %lld rem %lld\n",
		neg, neg / 7, neg % 7);
	cprintf("classicstyle: %llx / 1000 = %llx rem %llu\n",
		wide, wide / 1000, wide % 1000);
	cprintf("classicstyle: %%#x: %#x %08x %s\n", 255, 255, "str");
	cprintf("classicstyle: %%e: %e\n", -E_IPC_NOT_RECV);
	hex = strtol("0X1f", &end, 0);
	cprintf("classicstyle: strtol(\"0X1f\") = %ld, rest \"%s\"\n",
		hex, end);
	cprintf("classicstyle: own sys_page_copy: %d\n",
		sys_page_copy(msg, "copied", 7));

	memset(msg, 'x', 260);
	msg[260] = '\0';
	warn("long: %s END", msg);
	cprintf("classicstyle: done\n");
}
