/* panic, warn, assert and static_assert for kernel and user code alike. */
#ifndef JOS_INC_ASSERT_H
#define JOS_INC_ASSERT_H

#include <inc/stdio.h>

void _warn(const char *file, int line, const char *fmt, ...);
void _panic(const char *file, int line, const char *fmt, ...)
	__attribute__((noreturn));

#define warn(...) _warn(__FILE__, __LINE__, __VA_ARGS__)
#define panic(...) _panic(__FILE__, __LINE__, __VA_ARGS__)

#define assert(x)						\
	do {							\
		if (!(x))					\
			panic("assertion failed: %s", #x);	\
	} while (0)

/* A compile-time check, used as a statement as in classic JOS (in an if
 * or a loop body too).  At file scope, use C11's _Static_assert(x, msg). */
#define static_assert(x)					\
	do {							\
		_Static_assert(x, #x);				\
	} while (0)

#endif
