/*
 * fuzz: the short fuzzer run that make grade does: 4 envs of 20000
 * random system calls each, from a fixed seed (see user/test/lib/fuzz.h).
 */
#include <inc/lib.h>
#include <user/test/lib/fuzz.h>

void
umain(int argc, char **argv)
{
	fuzz_main(12345, 20000, 4);
}
