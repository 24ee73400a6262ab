/*
 * The free-block bitmap: blocks 2 .. 2 + ceil(nblocks / BLKBITSIZE) - 1,
 * bit b (bit b % 32 of word b / 32) set when block b is free.  A change
 * goes to the disk at once, so that the bitmap on disk never claims a
 * block is free that a file on disk uses: a block is marked used before
 * anything names it, and file.c frees a block only once no pointer on
 * the disk names it any more (docs/fs.md, "Crash consistency").
 */
#include "fs.h"

uint32_t *bitmap;

/* Blocks the bitmap takes. */
static uint32_t
bitmap_blocks(void)
{
	return (super->s_nblocks + BLKBITSIZE - 1) / BLKBITSIZE;
}

/* Is blockno free?  Blocks past the disk never are. */
bool
block_is_free(uint32_t blockno)
{
	if (super == NULL || blockno >= super->s_nblocks)
		return false;
	return (bitmap[blockno / 32] & (1U << (blockno % 32))) != 0;
}

/* Set or clear blockno's bit and write that bitmap block out. */
static void
set_free(uint32_t blockno, bool free)
{
	uint32_t *word = &bitmap[blockno / 32];

	if (free)
		*word |= 1U << (blockno % 32);
	else
		*word &= ~(1U << (blockno % 32));
	flush_block(word);
}

/* Panic unless blockno is a block that may be freed. */
static void
check_freeable(uint32_t blockno)
{
	if (blockno < 2 + bitmap_blocks() || blockno >= super->s_nblocks)
		panic("attempt to free block %08x", blockno);
}

/* Mark blockno free.  Panics on a block that cannot be freed. */
void
free_block(uint32_t blockno)
{
	check_freeable(blockno);
	set_free(blockno, true);
}

/* Mark the n blocks of blocks free, writing each bitmap block they touch
 * once. */
void
free_blocks(const uint32_t *blocks, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		check_freeable(blocks[i]);
		bitmap[blocks[i] / 32] |= 1U << (blocks[i] % 32);
	}
	for (uint32_t i = 0; i < n; i++)
		flush_block(&bitmap[blocks[i] / 32]);
}

/* Take a free block and mark it used.  Returns its number, or -E_NO_DISK
 * if every block is in use.  The block's contents are whatever was there. */
int
alloc_block(void)
{
	/* LAB 5: find a free block, mark it used, write the bitmap back
	 * and return the block's number; -E_NO_DISK when none is free. */
	for (uint32_t b = 2 + bitmap_blocks(); b < super->s_nblocks; b++) {
		if (block_is_free(b)) {
			set_free(b, false);
			return b;
		}
	}
	return -E_NO_DISK;
	/* END LAB 5 */
}

/* Check that the blocks that are always in use are marked so: block 0,
 * the superblock and the bitmap itself. */
void
check_bitmap(void)
{
	assert(!block_is_free(0));
	assert(!block_is_free(1));
	for (uint32_t i = 0; i < bitmap_blocks(); i++)
		assert(!block_is_free(2 + i));
	cprintf("bitmap is good\n");
}
