/*
 * Files: the blocks of a struct File (NDIRECT direct, then NINDIRECT
 * through the indirect block), and reading, writing, resizing and
 * flushing them.  Bytes past f_size in a file's blocks are always zero
 * (new blocks are zeroed, shrinking zeroes the tail), so growing a file
 * never exposes old data.  A missing block (0) reads as zeros.
 */
#include "fs.h"

/* Blocks a file of size bytes has. */
static uint32_t
size_blocks(off_t size)
{
	return ((uint32_t) size + BLKSIZE - 1) / BLKSIZE;
}

/* A freshly allocated, zeroed block.  Returns its number or -E_NO_DISK. */
static int
alloc_zeroed_block(void)
{
	int b = alloc_block();

	if (b >= 0)
		memset(diskaddr(b), 0, BLKSIZE);
	return b;
}

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
}

/*
 * Store in *blk the cache address of f's block filebno, allocating a
 * zeroed block (and the indirect block) if it has none.  Returns 0,
 * -E_NO_DISK or -E_INVAL.
 */
int
file_get_block(struct File *f, uint32_t filebno, char **blk)
{
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
	while (done < count) {
		uint32_t pos = offset + done;
		size_t n = MIN(count - done, BLKSIZE - pos % BLKSIZE);
		char *blk;
		int r;

		if ((r = file_get_block(f, pos / BLKSIZE, &blk)) < 0)
			return done > 0 ? (ssize_t) done : r;
		memmove(blk + pos % BLKSIZE, (const char *) buf + done, n);
		done += n;
		if ((off_t) (pos + n) > f->f_size)
			f->f_size = pos + n;
	}
	return done;
}

/* Free f's blocks from filebno on, and the indirect block if no block
 * needs it any more. */
static void
file_free_blocks(struct File *f, uint32_t filebno)
{
	uint32_t old = size_blocks(f->f_size);

	for (uint32_t i = filebno; i < old; i++) {
		uint32_t *slot;

		if (file_block_walk(f, i, &slot, false) < 0 || *slot == 0)
			continue;
		free_block(*slot);
		*slot = 0;
	}
	if (filebno <= NDIRECT && f->f_indirect) {
		free_block(f->f_indirect);
		f->f_indirect = 0;
	}
}

/*
 * Make f newsize bytes long: shrinking frees the blocks past the end
 * and zeroes the rest of the last one; growing adds no blocks (the new
 * bytes read as zeros).  The struct File goes to the disk.  Returns 0 or
 * -E_INVAL for a size outside 0..MAXFILESIZE.
 */
int
file_set_size(struct File *f, off_t newsize)
{
	if (newsize < 0 || newsize > MAXFILESIZE)
		return -E_INVAL;
	if (newsize < f->f_size) {
		char *blk = file_peek_block(f, newsize / BLKSIZE);

		file_free_blocks(f, size_blocks(newsize));
		if (newsize % BLKSIZE && blk)
			memset(blk + newsize % BLKSIZE, 0,
			       BLKSIZE - newsize % BLKSIZE);
	}
	f->f_size = newsize;
	flush_block(f);
	return 0;
}

/* Write f's dirty blocks, its indirect block and its struct File to the
 * disk. */
void
file_flush(struct File *f)
{
	for (uint32_t i = 0; i < size_blocks(f->f_size); i++) {
		char *blk = file_peek_block(f, i);

		if (blk)
			flush_block(blk);
	}
	flush_block(f);
	if (f->f_indirect)
		flush_block(diskaddr(f->f_indirect));
}
