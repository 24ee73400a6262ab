/*
 * fsformat: make a JOS file-system image on the build machine.
 *
 *     fsformat IMAGE NBLOCKS FILE...
 *
 * writes an NBLOCKS-block image holding each FILE, by its last path
 * component, in the root directory, in the on-disk format of inc/fs.h:
 * block 0 empty, block 1 the superblock, then the bitmap, then each
 * file's data from a block boundary (followed by its indirect block if
 * it needs one), then the root directory's blocks; the rest is free.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

/* inc/fs.h is written for JOS; give it what it needs from the host. */
#define JOS_INC_TYPES_H
#define JOS_INC_MMU_H
#define PGSIZE 4096
#include <inc/fs.h>

static uint8_t *disk;		/* the image being built */
static uint32_t nblocks;
static uint32_t next_block;	/* first block not handed out yet */

static void
die(const char *fmt, const char *arg)
{
	fprintf(stderr, "fsformat: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n");
	exit(1);
}

/* Hand out n consecutive blocks; returns the first. */
static uint32_t
take_blocks(uint32_t n)
{
	uint32_t first = next_block;

	if (n > nblocks - next_block)
		die("%s: the disk is full", "image");
	next_block += n;
	return first;
}

static uint8_t *
block(uint32_t n)
{
	return disk + (size_t) n * BLKSIZE;
}

/* Give file f (size already set) its blocks, starting at first. */
static void
set_blocks(struct File *f, uint32_t first, uint32_t n)
{
	for (uint32_t i = 0; i < n && i < NDIRECT; i++)
		f->f_direct[i] = first + i;
	if (n > NDIRECT) {
		uint32_t *ind = (uint32_t *) block(take_blocks(1));

		f->f_indirect = (uint32_t) ((uint8_t *) ind - disk) / BLKSIZE;
		for (uint32_t i = NDIRECT; i < n; i++)
			ind[i - NDIRECT] = first + i;
	}
}

/* Read path into the image as a regular file; fill in *f. */
static void
add_file(struct File *f, const char *path)
{
	const char *name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	FILE *in = fopen(path, "rb");
	long size;
	uint32_t n, first;

	if (!in)
		die("cannot open %s", path);
	if (strlen(name) == 0 || strlen(name) >= MAXNAMELEN)
		die("bad file name %s", path);
	if (fseek(in, 0, SEEK_END) < 0 || (size = ftell(in)) < 0 ||
	    fseek(in, 0, SEEK_SET) < 0)
		die("cannot read %s", path);
	if (size >= MAXFILESIZE)
		die("%s is too large", path);
	n = (size + BLKSIZE - 1) / BLKSIZE;
	first = take_blocks(n);
	if (fread(block(first), 1, size, in) != (size_t) size)
		die("cannot read %s", path);
	fclose(in);

	memset(f, 0, sizeof *f);
	strcpy(f->f_name, name);
	f->f_size = size;
	f->f_type = FTYPE_REG;
	set_blocks(f, first, n);
}

int
main(int argc, char **argv)
{
	struct Super *super;
	struct File *files;
	uint32_t nbitmap, nfiles, dirblocks, root;
	char *end;
	FILE *out;

	if (argc < 3) {
		fprintf(stderr, "usage: fsformat IMAGE NBLOCKS FILE...\n");
		return 2;
	}
	errno = 0;
	nblocks = strtoul(argv[2], &end, 0);
	if (errno || *end || nblocks < 2 || nblocks > 1024)
		die("bad block count %s (2 to 1024)", argv[2]);
	if (!(disk = calloc(nblocks, BLKSIZE)))
		die("%s", strerror(errno));

	nbitmap = (nblocks + BLKBITSIZE - 1) / BLKBITSIZE;
	next_block = 2 + nbitmap;

	/* The directory entries, gathered first: the root's blocks come
	 * after every file's. */
	nfiles = argc - 3;
	if (!(files = calloc(nfiles ? nfiles : 1, sizeof *files)))
		die("%s", strerror(errno));
	for (uint32_t i = 0; i < nfiles; i++)
		add_file(&files[i], argv[3 + i]);

	dirblocks = (nfiles + BLKFILES - 1) / BLKFILES;
	root = take_blocks(dirblocks);
	memcpy(block(root), files, nfiles * sizeof *files);

	super = (struct Super *) block(1);
	super->s_magic = FS_MAGIC;
	super->s_nblocks = nblocks;
	strcpy(super->s_root.f_name, "/");
	super->s_root.f_size = dirblocks * BLKSIZE;
	super->s_root.f_type = FTYPE_DIR;
	set_blocks(&super->s_root, root, dirblocks);

	/* Free: every block from next_block on, including the bits past
	 * nblocks (the server never uses those). */
	for (uint32_t b = next_block; b < nbitmap * BLKBITSIZE; b++)
		((uint32_t *) block(2))[b / 32] |= 1U << (b % 32);

	if (!(out = fopen(argv[1], "wb")) ||
	    fwrite(disk, BLKSIZE, nblocks, out) != nblocks || fclose(out) != 0)
		die("cannot write %s", argv[1]);
	return 0;
}
