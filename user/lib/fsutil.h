/*
 * Helpers shared by the file-system test programs of user/ (fsdirs,
 * fsedges, fscrash): the user library for lesson programs,
 * obj/user/lib/libuser.a, built from the C files of user/lib
 * (user/Makefrag).
 */
#ifndef JOS_USER_LIB_FSUTIL_H
#define JOS_USER_LIB_FSUTIL_H

#include <inc/lib.h>

/* Open path with mode, as open() does; panics, naming path and the
 * error, if it fails.  Returns the fd. */
int xopen(const char *path, int mode);

#endif
