/* malloc and free (lib/malloc.c), under the classic header name. */
#ifndef JOS_INC_MALLOC_H
#define JOS_INC_MALLOC_H

#include <inc/types.h>

void *malloc(size_t n);
void free(void *p);

#endif
