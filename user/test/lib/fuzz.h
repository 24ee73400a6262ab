/*
 * The system call fuzzer, shared by user/test/fuzz.c (a short run, part of
 * make grade) and user/test/fuzzlong.c (a long one, for make stress): each
 * calls fuzz_main() with its seed and counts.
 *
 * The first env forks the fuzzers (they spread over every CPU) and then
 * receives whatever they send it.  Each fuzzer makes its number of random
 * system calls, entering the kernel by sysenter or by int $0x30 at
 * random, with arguments drawn from valid and boundary values (see
 * user/test/lib/fuzzer.h): its own pages in the fuzz region and unmapped ones
 * there, unaligned addresses, UTOP, ULIM, the kernel; good and bad
 * permissions; itself, its exofork children (empty; now and then set
 * running, so that they fault and die), other envs, freed and stale ids,
 * garbage.  For every call it knows which results the documented checks
 * allow, and reports any other; after a call on its own pages it checks
 * them (a fresh page is zeroed, a map shares the page, a refused call
 * changed nothing); at the end every page in its fuzz region must be its
 * own.
 *
 * It never does what would rightly kill or stop it: bad pointers to
 * cputs, destroying or stopping itself, blocking in IPC with no sender or
 * receiver to come, changing its own fault upcall or exception stack, or
 * mapping over its program.
 *
 * Output: "fuzz: seed S, N calls per env, E envs" first; "FAIL ..." for
 * each unexpected result, with the fuzzer, the call's index and its
 * arguments; a line per fuzzer; "fuzz: done, ..." at the end.  A fuzzer's
 * calls are fixed by the seed; what other envs do meanwhile depends on
 * the scheduling.
 */
#ifndef JOS_USER_TEST_LIB_FUZZ_H
#define JOS_USER_TEST_LIB_FUZZ_H

#include <inc/lib.h>

/*
 * Run nenvs fuzzers of ncalls calls each, from seed, and collect their
 * reports.  Prints the summary line; returns when they are all gone.
 */
void fuzz_main(uint32_t seed, unsigned ncalls, int nenvs);

#endif
