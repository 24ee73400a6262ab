/* Boot-time self-checks of the memory system (kern/pmap_check.c). */
#ifndef JOS_KERN_PMAP_CHECK_H
#define JOS_KERN_PMAP_CHECK_H

#include <inc/types.h>

/* The allocator's free list, which the checks inspect and borrow. */
extern struct PageInfo *page_free_list;

void check_page_free_list(bool before_paging);
void check_page_alloc(void);
void check_page(void);
void check_kern_pgdir(void);
void check_percpu_kstack(int c);
void check_page_installed_pgdir(void);

#endif
