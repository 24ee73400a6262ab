/*
 * Files: the blocks of a struct File (NDIRECT direct, then NINDIRECT
 * through the indirect block), and reading, writing, resizing and
 * flushing them.  Bytes past f_size in a file's blocks are zero in the
 * cache (new blocks are zeroed, shrinking zeroes the tail, and growing
 * zeroes it again, for what a power cut left on the disk), so growing a
 * file never exposes old data; a file names no block past its size.  A
 * missing block (0) reads as zeros.
 *
 * Blocks go to the disk in an order that keeps it consistent at every
 * instant (docs/fs.md, "Crash consistency"): a block that holds pointers
 * (a directory block, an indirect block, the superblock) is written only
 * after the dirty blocks it names, and a block is freed only after the
 * pointers to it are cleared on the disk.
 */
#include "fs.h"

/* Blocks a file of size bytes has. */
static uint32_t
size_blocks(off_t size)
{
	return ((uint32_t) size + BLKSIZE - 1) / BLKSIZE;
}

/* LAB 5: helpers for file_block_walk and file_get_block, if you want
 * some. */
/* A freshly allocated, zeroed block.  Returns its number or -E_NO_DISK. */
static int
alloc_zeroed_block(void)
{
	int b = alloc_block();

	if (b >= 0)
		memset(diskaddr(b), 0, BLKSIZE);
	return b;
}
/* END LAB 5 */

/*
 * Find the slot that holds the disk block number of f's block filebno,
 * in f itself or in its indirect block, which is allocated if alloc is
 * set and it is missing.  Stores the slot's address in *slot.  Returns 0,
 * -E_NOT_FOUND (no indirect block and !alloc), -E_NO_DISK, or -E_INVAL
 * if filebno is past the largest file.
 */
static int
file_block_walk(struct File *f, uint32_t filebno, uint32_t **slot, bool alloc)
{
	/* LAB 5: find the slot for f's block filebno, direct or in the
	 * indirect block, as the comment above says. */
	int b;

	if (filebno < NDIRECT) {
		*slot = &f->f_direct[filebno];
		return 0;
	}
	if (filebno >= NDIRECT + NINDIRECT)
		return -E_INVAL;
	if (f->f_indirect == 0) {
		if (!alloc)
			return -E_NOT_FOUND;
		if ((b = alloc_zeroed_block()) < 0)
			return b;
		f->f_indirect = b;
	}
	*slot = (uint32_t *) diskaddr(f->f_indirect) + (filebno - NDIRECT);
	return 0;
	/* END LAB 5 */
}

/*
 * Store in *blk the cache address of f's block filebno, allocating a
 * zeroed block (and the indirect block) if it has none.  Returns 0,
 * -E_NO_DISK or -E_INVAL.
 */
int
file_get_block(struct File *f, uint32_t filebno, char **blk)
{
	/* LAB 5: find f's block filebno in the cache, allocating a
	 * zeroed block when it has none, as the comment above says. */
	uint32_t *slot;
	int r;

	if ((r = file_block_walk(f, filebno, &slot, true)) < 0)
		return r;
	if (*slot == 0) {
		if ((r = alloc_zeroed_block()) < 0)
			return r;
		*slot = r;
	}
	*blk = diskaddr(*slot);
	return 0;
	/* END LAB 5 */
}

/* The cache address of f's block filebno, or NULL if it has none.  Never
 * allocates. */
static char *
file_peek_block(struct File *f, uint32_t filebno)
{
	uint32_t *slot;

	if (file_block_walk(f, filebno, &slot, false) < 0 || *slot == 0)
		return NULL;
	return diskaddr(*slot);
}

/* Read up to count bytes of f from offset into buf.  Returns the count
 * read (0 at or past the end) or -E_INVAL for a negative offset. */
ssize_t
file_read(struct File *f, void *buf, size_t count, off_t offset)
{
	size_t done = 0;

	if (offset < 0)
		return -E_INVAL;
	if (offset >= f->f_size)
		return 0;
	count = MIN(count, (size_t) (f->f_size - offset));
	while (done < count) {
		uint32_t pos = offset + done;
		size_t n = MIN(count - done, BLKSIZE - pos % BLKSIZE);
		char *blk = file_peek_block(f, pos / BLKSIZE);

		if (blk)
			memmove((char *) buf + done, blk + pos % BLKSIZE, n);
		else
			memset((char *) buf + done, 0, n);
		done += n;
	}
	return done;
}

/* Zero the bytes of f's last block past f_size in the cache: done before
 * f grows, so that bytes a power cut left on the disk past its size
 * (written before the size that covered them) never show. */
static void
zero_tail(struct File *f)
{
	char *blk;

	if (f->f_size % BLKSIZE &&
	    (blk = file_peek_block(f, f->f_size / BLKSIZE)) != NULL)
		memset(blk + f->f_size % BLKSIZE, 0,
		       BLKSIZE - f->f_size % BLKSIZE);
}

/*
 * Write count bytes of buf to f at offset, growing f as the bytes go in.
 * Returns the count written: less than count only if the disk filled up
 * (-E_NO_DISK if not a byte fit).  -E_INVAL for an offset or end outside
 * 0..MAXFILESIZE.
 */
ssize_t
file_write(struct File *f, const void *buf, size_t count, off_t offset)
{
	size_t done = 0;

	if (offset < 0 || offset > MAXFILESIZE || count > MAXFILESIZE - offset)
		return -E_INVAL;
	if (offset + (off_t) count > f->f_size)
		zero_tail(f);
	while (done < count) {
		uint32_t pos = offset + done;
		size_t n = MIN(count - done, BLKSIZE - pos % BLKSIZE);
		char *blk;
		int r;

		if ((r = file_get_block(f, pos / BLKSIZE, &blk)) < 0) {
			/* An indirect block taken for nothing goes back. */
			file_set_size(f, f->f_size);
			return done > 0 ? (ssize_t) done : r;
		}
		memmove(blk + pos % BLKSIZE, (const char *) buf + done, n);
		done += n;
		if ((off_t) (pos + n) > f->f_size)
			f->f_size = pos + n;
	}
	return done;
}

/* Block numbers file_set_size frees, once nothing on the disk names
 * them. */
static uint32_t doomed[NDIRECT + NINDIRECT + 1];

/* Clear f's pointers to its blocks from filebno on, and to the indirect
 * block if no block needs it any more, looking at every slot (a failed
 * write may have left blocks past f_size).  Returns the number of blocks
 * whose numbers it put in doomed[]. */
static uint32_t
file_clear_blocks(struct File *f, uint32_t filebno)
{
	uint32_t n = 0;

	for (uint32_t i = filebno; i < NDIRECT + NINDIRECT; i++) {
		uint32_t *slot;

		if (file_block_walk(f, i, &slot, false) < 0)
			break;
		if (*slot) {
			doomed[n++] = *slot;
			*slot = 0;
		}
	}
	if (filebno <= NDIRECT && f->f_indirect) {
		doomed[n++] = f->f_indirect;
		f->f_indirect = 0;
	}
	return n;
}

/*
 * Make f newsize bytes long: shrinking frees the blocks past the end
 * and zeroes the rest of the last one; growing adds no blocks (the new
 * bytes read as zeros).  Blocks past the end that a failed write left are
 * freed too.  The struct File goes to the disk, after the blocks it still
 * names and before the bitmap frees the others.  Returns 0 or -E_INVAL
 * for a size outside 0..MAXFILESIZE.
 */
int
file_set_size(struct File *f, off_t newsize)
{
	uint32_t n;

	if (newsize < 0 || newsize > MAXFILESIZE)
		return -E_INVAL;
	if (newsize > f->f_size)
		zero_tail(f);
	if (newsize < f->f_size && newsize % BLKSIZE) {
		char *blk = file_peek_block(f, newsize / BLKSIZE);

		if (blk)
			memset(blk + newsize % BLKSIZE, 0,
			       BLKSIZE - newsize % BLKSIZE);
	}
	n = file_clear_blocks(f, size_blocks(newsize));
	f->f_size = newsize;
	file_flush(f);
	free_blocks(doomed, n);
	return 0;
}

/* Write block blk of a file to the disk, after, if it is a directory
 * block, what its entries name: all of it, or only what a dirty blk
 * needs first. */
static void
write_file_block(char *blk, bool is_dir, bool all)
{
	if (is_dir && (all || (va_is_mapped(blk) && va_is_dirty(blk)))) {
		struct File *g = (struct File *) blk;

		for (int i = 0; i < BLKFILES; i++)
			if (g[i].f_name[0] != '\0')
				file_write_back(&g[i], all);
	}
	flush_block(blk);
}

/* Write f's dirty blocks to the disk, each after what it names, then its
 * indirect block: everything below f, but not the block holding f.  all:
 * for a directory, everything below each entry too (sync), not only what
 * its dirty blocks need first. */
void
file_write_back(struct File *f, bool all)
{
	for (uint32_t i = 0; i < NDIRECT + NINDIRECT; i++) {
		uint32_t *slot;

		if (file_block_walk(f, i, &slot, false) < 0)
			break;
		if (*slot)
			write_file_block(diskaddr(*slot),
					 f->f_type == FTYPE_DIR, all);
	}
	if (f->f_indirect)
		flush_block(diskaddr(f->f_indirect));
}

/* Write the block holding f (a directory block, or the superblock for
 * the root), if dirty, after the dirty blocks of every struct File in
 * it. */
void
file_flush_holder(struct File *f)
{
	bool root = f == &super->s_root;
	struct File *first = root ? f : (struct File *) ROUNDDOWN(f, BLKSIZE);

	if (!va_is_dirty(f))
		return;
	for (int i = 0; i < (root ? 1 : BLKFILES); i++)
		if (first[i].f_name[0] != '\0')
			file_write_back(&first[i], false);
	flush_block(f);
}

/* Write f's dirty blocks, its indirect block and its struct File to the
 * disk, in the order above. */
void
file_flush(struct File *f)
{
	file_write_back(f, false);
	file_flush_holder(f);
}
