/*
 * fuzzlong: the long fuzzer run that make stress does: 4 envs of 250000
 * random system calls each, a million in all, from a fixed seed (see
 * user/test/lib/fuzz.h).
 */
#include <inc/lib.h>
#include <user/test/lib/fuzz.h>

void
umain(int argc, char **argv)
{
	fuzz_main(271828, 250000, 4);
}
