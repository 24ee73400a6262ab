/*
 * testmalloc: malloc and free.  Blocks must be usable, aligned and
 * disjoint, freed space must be reused, large blocks must span pages,
 * and impossible requests must get NULL.  Prints "malloc is good".
 */
#include <inc/lib.h>

#define NBLOCKS	64

static char *blocks[NBLOCKS];

/* Fill a block with a pattern of its own. */
static void
fill(char *b, size_t n, int tag)
{
	size_t i;

	for (i = 0; i < n; i++)
		b[i] = tag + i;
}

static void
check(const char *b, size_t n, int tag)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (b[i] != (char) (tag + i))
			panic("block %d was overwritten at byte %d", tag, i);
}

static size_t
size_of(int i)
{
	return 1 + (i * 37) % 300;
}

void
umain(int argc, char **argv)
{
	char *big, *again;
	int i;

	for (i = 0; i < NBLOCKS; i++) {
		if (!(blocks[i] = malloc(size_of(i))))
			panic("malloc(%d) failed", size_of(i));
		if ((uintptr_t) blocks[i] % 8 != 0)
			panic("malloc returned %p, not 8-byte aligned", blocks[i]);
		fill(blocks[i], size_of(i), i);
	}
	for (i = 0; i < NBLOCKS; i++)
		check(blocks[i], size_of(i), i);
	cprintf("small blocks are good\n");

	/* Free every other block: the holes must be reused, and the rest
	 * must keep their contents. */
	for (i = 0; i < NBLOCKS; i += 2)
		free(blocks[i]);
	again = malloc(size_of(0));
	if (again != blocks[0])
		panic("freed block not reused: got %p, want %p", again, blocks[0]);
	for (i = 1; i < NBLOCKS; i += 2)
		check(blocks[i], size_of(i), i);
	cprintf("free is good\n");

	big = malloc(5 * PGSIZE + 3);
	if (!big)
		panic("malloc of 5 pages failed");
	fill(big, 5 * PGSIZE + 3, 99);
	check(big, 5 * PGSIZE + 3, 99);
	for (i = 1; i < NBLOCKS; i += 2)
		check(blocks[i], size_of(i), i);
	free(big);
	free(again);
	cprintf("large blocks are good\n");

	if (malloc(0) != NULL)
		panic("malloc(0) returned a block");
	if (malloc(0x40000000) != NULL)
		panic("malloc of 1 GB returned a block");
	free(NULL);
	cprintf("malloc is good\n");
}
