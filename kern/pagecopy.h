/* Copying a whole physical page, fast (kern/pagecopy.c). */
#ifndef JOS_KERN_PAGECOPY_H
#define JOS_KERN_PAGECOPY_H

void page_copy(void *dst, const void *src);

#endif
