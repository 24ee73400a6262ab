/*
 * malloc and free for user programs.
 *
 * The heap is a run of pages from HEAP_START up, mapped on demand, cut
 * into blocks that lie end to end.  Each block starts with a header
 * giving its size (header included) and whether it is free.  malloc takes
 * the first free block big enough, merging free neighbours as it goes and
 * splitting off what it does not need; when none fits it maps more pages
 * at the end.  free marks a block free.  Pages are never returned.
 *
 * A fork()ed child gets a copy-on-write copy of the heap, like the rest of
 * its memory.  Not safe to call from envs that share memory (sfork).
 */
#include <inc/lib.h>

#define HEAP_START	0x08000000
#define HEAP_LIMIT	0x10000000	/* 128 MB of address space */
#define ALIGN		8

struct block {
	size_t size;		/* bytes, this header included */
	bool free;
	uint32_t magic;		/* catches frees of wild pointers */
};

#define BLOCK_MAGIC	0x6d616c6c
#define HEADER		ROUNDUP(sizeof(struct block), ALIGN)

static uintptr_t heap_end = HEAP_START;	/* first unmapped heap byte */

static struct block *
next_block(struct block *b)
{
	return (struct block *) ((char *) b + b->size);
}

/* Map pages so the heap ends at or past new_end.  Returns 0, or
 * -E_NO_MEM (the heap is left as it was). */
static int
heap_grow(uintptr_t new_end)
{
	uintptr_t va, old_end = heap_end;
	int r;

	if (new_end > HEAP_LIMIT || new_end < heap_end)
		return -E_NO_MEM;
	for (va = heap_end; va < new_end; va += PGSIZE) {
		if ((r = sys_page_alloc(0, (void *) va, PTE_P | PTE_U | PTE_W)) < 0) {
			while (va > old_end) {
				va -= PGSIZE;
				sys_page_unmap(0, (void *) va);
			}
			return r;
		}
	}
	heap_end = va;
	return 0;
}

/* Cut b down to size bytes if what remains can hold a block. */
static void
split(struct block *b, size_t size)
{
	struct block *rest;

	if (b->size - size < HEADER + ALIGN)
		return;
	rest = (struct block *) ((char *) b + size);
	rest->size = b->size - size;
	rest->free = true;
	rest->magic = BLOCK_MAGIC;
	b->size = size;
}

/* n bytes, 8-byte aligned, or NULL if n is 0 or there is no room. */
void *
malloc(size_t n)
{
	struct block *b, *last = NULL;
	size_t size;

	if (n == 0 || n > HEAP_LIMIT - HEAP_START)
		return NULL;
	size = HEADER + ROUNDUP(n, ALIGN);

	for (b = (struct block *) HEAP_START; (uintptr_t) b < heap_end;
	     b = next_block(b)) {
		if (b->free) {
			while ((uintptr_t) next_block(b) < heap_end &&
			       next_block(b)->free)
				b->size += next_block(b)->size;
			if (b->size >= size)
				goto found;
		}
		last = b;
	}

	/* Nothing fits: grow the heap, extending its last block if free. */
	b = (last && last->free) ? last : (struct block *) heap_end;
	if (heap_grow(ROUNDUP((uintptr_t) b + size, PGSIZE)) < 0)
		return NULL;
	b->size = heap_end - (uintptr_t) b;
	b->magic = BLOCK_MAGIC;
found:
	split(b, size);
	b->free = false;
	return (char *) b + HEADER;
}

/* Give back a block malloc returned; NULL is ignored.  Freeing anything
 * else, or freeing twice, panics. */
void
free(void *p)
{
	struct block *b;

	if (p == NULL)
		return;
	b = (struct block *) ((char *) p - HEADER);
	if ((uintptr_t) p < HEAP_START + HEADER || (uintptr_t) p >= heap_end ||
	    b->magic != BLOCK_MAGIC || b->free)
		panic("free: %p was not returned by malloc", p);
	b->free = true;
}
