/* Fixed-width integer types and small arithmetic helpers shared by the
 * kernel, the boot loader and user programs.  Freestanding: no libc. */
#ifndef JOS_INC_TYPES_H
#define JOS_INC_TYPES_H

#ifndef NULL
#define NULL ((void *) 0)
#endif

typedef _Bool bool;
enum { false, true };

typedef signed char int8_t;
typedef unsigned char uint8_t;
typedef short int16_t;
typedef unsigned short uint16_t;
typedef int int32_t;
typedef unsigned int uint32_t;
typedef long long int64_t;
typedef unsigned long long uint64_t;

/* Pointers are 32 bits wide on this machine. */
typedef int32_t intptr_t;
typedef uint32_t uintptr_t;
typedef uint32_t physaddr_t;

/* Page numbers are counted in 32-bit words. */
typedef uint32_t ppn_t;

typedef uint32_t size_t;
typedef int32_t ssize_t;
typedef int32_t off_t;

/* Round down to a multiple of n (n need not be a power of two). */
#define ROUNDDOWN(a, n)						\
({								\
	uint32_t __a = (uint32_t) (a);				\
	(typeof(a)) (__a - __a % (n));				\
})

/* Round up to a multiple of n. */
#define ROUNDUP(a, n)						\
({								\
	uint32_t __n = (uint32_t) (n);				\
	(typeof(a)) (ROUNDDOWN((uint32_t) (a) + __n - 1, __n));	\
})

#define MIN(_a, _b)						\
({								\
	typeof(_a) __a = (_a);					\
	typeof(_b) __b = (_b);					\
	__a <= __b ? __a : __b;					\
})

#define MAX(_a, _b)						\
({								\
	typeof(_a) __a = (_a);					\
	typeof(_b) __b = (_b);					\
	__a >= __b ? __a : __b;					\
})

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* Byte offset of a member inside its struct. */
#define offsetof(type, member)  __builtin_offsetof(type, member)

#endif
