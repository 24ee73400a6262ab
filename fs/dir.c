/*
 * Directories and paths.  A directory is a file whose blocks are arrays
 * of BLKFILES struct File; a slot whose name is empty is free.  Paths are
 * resolved from the root; slashes may lead and repeat.
 */
#include "fs.h"

/* Whether a name read from the disk equals name (the disk's may lack its
 * NUL). */
static bool
name_is(const struct File *f, const char *name)
{
	return strncmp(f->f_name, name, MAXNAMELEN) == 0;
}

/* The struct File slot i of directory dir, or NULL if dir is too short
 * or its block is missing. */
static struct File *
dir_slot(struct File *dir, uint32_t i)
{
	char *blk;

	if ((off_t) (i / BLKFILES) >= dir->f_size / BLKSIZE ||
	    file_get_block(dir, i / BLKFILES, &blk) < 0)
		return NULL;
	return (struct File *) blk + i % BLKFILES;
}

/* Find name in dir.  Stores its struct File in *file.  Returns 0 or
 * -E_NOT_FOUND. */
static int
dir_lookup(struct File *dir, const char *name, struct File **file)
{
	struct File *f;

	for (uint32_t i = 0; (f = dir_slot(dir, i)) != NULL; i++) {
		if (f->f_name[0] != '\0' && name_is(f, name)) {
			*file = f;
			return 0;
		}
	}
	return -E_NOT_FOUND;
}

/* Find a free slot in dir, growing dir by a zeroed block if it has none.
 * Stores it in *file.  Returns 0 or -E_NO_DISK. */
static int
dir_alloc_file(struct File *dir, struct File **file)
{
	struct File *f;
	uint32_t i;
	char *blk;
	int r;

	for (i = 0; (f = dir_slot(dir, i)) != NULL; i++) {
		if (f->f_name[0] == '\0') {
			*file = f;
			return 0;
		}
	}
	if ((r = file_get_block(dir, dir->f_size / BLKSIZE, &blk)) < 0)
		return r;
	dir->f_size += BLKSIZE;
	file_flush_holder(dir);
	*file = (struct File *) blk;
	return 0;
}

/* Is dir (a directory) without entries? */
static bool
dir_is_empty(struct File *dir)
{
	struct File *f;

	for (uint32_t i = 0; (f = dir_slot(dir, i)) != NULL; i++)
		if (f->f_name[0] != '\0')
			return false;
	return true;
}

static const char *
skip_slash(const char *p)
{
	while (*p == '/')
		p++;
	return p;
}

/*
 * Walk path from the root.  On success stores the file in *pf and its
 * directory in *pdir (NULL for the root itself) and returns 0.  If only
 * the last component is missing, stores its directory in *pdir, NULL in
 * *pf, the component in lastelem (MAXNAMELEN bytes) and returns
 * -E_NOT_FOUND.  Returns -E_NOT_FOUND for a missing directory or one
 * that is a regular file, -E_BAD_PATH for a component of MAXNAMELEN
 * characters or more.
 */
static int
walk_path(const char *path, struct File **pdir, struct File **pf,
	  char *lastelem)
{
	struct File *dir = NULL, *f = &super->s_root;
	char name[MAXNAMELEN];

	path = skip_slash(path);
	*pdir = NULL;
	*pf = NULL;
	while (*path != '\0') {
		const char *end = strchr(path, '/');
		size_t len = end ? (size_t) (end - path) : strlen(path);
		int r;

		if (len >= MAXNAMELEN)
			return -E_BAD_PATH;
		memmove(name, path, len);
		name[len] = '\0';
		path = skip_slash(path + len);

		if (f->f_type != FTYPE_DIR)
			return -E_NOT_FOUND;
		dir = f;
		if ((r = dir_lookup(dir, name, &f)) < 0) {
			if (*path == '\0') {
				*pdir = dir;
				if (lastelem)
					strcpy(lastelem, name);
			}
			return r;
		}
	}
	*pdir = dir;
	*pf = f;
	return 0;
}

/* Find the file at path and store it in *pf.  Returns 0, -E_NOT_FOUND or
 * -E_BAD_PATH. */
int
file_open(const char *path, struct File **pf)
{
	struct File *dir;

	return walk_path(path, &dir, pf, NULL);
}

/*
 * Create an empty file of type (FTYPE_REG or FTYPE_DIR) at path, whose
 * directory must exist, and store it in *pf.  Returns 0, -E_FILE_EXISTS,
 * -E_NOT_FOUND, -E_BAD_PATH or -E_NO_DISK.
 */
int
file_create(const char *path, struct File **pf, uint32_t type)
{
	char name[MAXNAMELEN];
	struct File *dir, *f;
	int r;

	if ((r = walk_path(path, &dir, &f, name)) == 0)
		return -E_FILE_EXISTS;
	if (r != -E_NOT_FOUND || dir == NULL)
		return r;
	if ((r = dir_alloc_file(dir, &f)) < 0)
		return r;
	memset(f, 0, sizeof *f);
	strcpy(f->f_name, name);
	f->f_type = type;
	file_flush_holder(f);
	*pf = f;
	return 0;
}

/*
 * Remove the file or empty directory at path: its blocks are freed and
 * its slot emptied.  Stores the slot in *removed (so that the caller can
 * forget opens of it).  Returns 0, -E_NOT_FOUND, -E_BAD_PATH, or -E_INVAL
 * for the root or a directory that is not empty.
 */
int
file_remove(const char *path, struct File **removed)
{
	struct File *dir, *f;
	int r;

	if ((r = walk_path(path, &dir, &f, NULL)) < 0)
		return r;
	if (dir == NULL || (f->f_type == FTYPE_DIR && !dir_is_empty(f)))
		return -E_INVAL;
	if ((r = file_set_size(f, 0)) < 0)
		return r;
	memset(f, 0, sizeof *f);
	file_flush_holder(f);
	*removed = f;
	return 0;
}
