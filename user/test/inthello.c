/*
 * inthello: hello, entering the kernel only by "int $0x30", as classic
 * JOS programs do (the library itself uses sysenter), so that the
 * T_SYSCALL case of trap_dispatch is what runs each call.  Prints its
 * greeting and its id (from sys_getenvid, which must agree with
 * thisenv), checks that an unknown call number is refused, and destroys
 * itself with sys_env_destroy.
 */
#include <inc/lib.h>

#define INT_CALL(num, a1, a2) jos_syscall_int(num, (uint32_t) (a1), \
					      (uint32_t) (a2), 0, 0, 0)

static void
say(const char *s)
{
	INT_CALL(SYS_cputs, s, strlen(s));
}

void
umain(int argc, char **argv)
{
	char line[64];
	envid_t me = INT_CALL(SYS_getenvid, 0, 0);

	say("inthello: hello by int $0x30\n");
	snprintf(line, sizeof(line), "inthello: i am %08x, thisenv says %08x\n",
		 me, thisenv->env_id);
	say(line);
	snprintf(line, sizeof(line), "inthello: call 9999 returns %d\n",
		 INT_CALL(9999, 0, 0));
	say(line);
	INT_CALL(SYS_env_destroy, 0, 0);
	say("inthello: still here after sys_env_destroy\n");
}
