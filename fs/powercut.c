/*
 * A test-only power cut: the crash tests (grade/fscrash.py) write
 * "POWERCUT N" at the start of block 0 of the file-system disk, which
 * the file system never uses.  Such a disk stops taking writes after the
 * N-th one the server makes once it serves requests: the server prints
 * "fs: power cut after disk write N" and spins, and the grader stops the
 * machine there.  What is on the disk then is what a power cut at that
 * instant leaves.  Each sync then also prints "fs: sync done after disk
 * write N".  On any other disk this costs one sector read at start-up
 * and a compare per write and per sync.
 */
#include "fs.h"

#define TAG	"POWERCUT "

static uint32_t cut_at;		/* 0: never */
static bool armed;
static uint32_t writes;

/* Read block 0's tag.  Counting starts at powercut_arm(). */
void
powercut_init(void)
{
	char sector[SECTSIZE];

	if (ide_read(0, sector, 1) < 0 ||
	    strncmp(sector, TAG, strlen(TAG)) != 0)
		return;
	cut_at = strtol(sector + strlen(TAG), NULL, 10);
	cprintf("fs: power cut armed at disk write %u\n", cut_at);
}

/* Start counting writes (the start-up checks are not counted). */
void
powercut_arm(void)
{
	armed = cut_at != 0;
}

/* A sync is done: say how many writes came before it, so that the
 * grader can choose its cut points. */
void
powercut_note_sync(void)
{
	if (armed)
		cprintf("fs: sync done after disk write %u\n", writes);
}

/* A write has reached the disk: cut the power if it was the one. */
void
powercut_count(void)
{
	if (armed && ++writes == cut_at) {
		cprintf("fs: power cut after disk write %u\n", writes);
		for (;;)
			sys_yield();
	}
}
