/*
 * lwIP's view of the platform (its src/include/lwip/arch.h asks for this
 * file): JOS user space, 32-bit x86, compiled -nostdinc, so every type
 * and limit lwIP would take from a C library's headers is given here.
 */
#ifndef JOS_NET_ARCH_CC_H
#define JOS_NET_ARCH_CC_H

#include <inc/types.h>
#include <inc/assert.h>
#include <inc/stdio.h>

#define LWIP_NO_STDDEF_H	1
#define LWIP_NO_STDINT_H	1
#define LWIP_NO_INTTYPES_H	1
#define LWIP_NO_LIMITS_H	1
#define LWIP_NO_CTYPE_H		1
#define LWIP_NO_UNISTD_H	1

typedef uint8_t u8_t;
typedef int8_t s8_t;
typedef uint16_t u16_t;
typedef int16_t s16_t;
typedef uint32_t u32_t;
typedef int32_t s32_t;
typedef uint64_t u64_t;
typedef int64_t s64_t;
typedef uintptr_t mem_ptr_t;
typedef int32_t ptrdiff_t;

#define X8_F	"02x"
#define U16_F	"u"
#define S16_F	"d"
#define X16_F	"x"
#define U32_F	"u"
#define S32_F	"d"
#define X32_F	"x"
#define SZT_F	"u"

#define INT_MAX		0x7fffffff
#define SSIZE_MAX	INT_MAX	/* lwIP then takes ssize_t from inc/types.h */

#define LITTLE_ENDIAN	1234
#define BIG_ENDIAN	4321
#define BYTE_ORDER	LITTLE_ENDIAN

#define LWIP_PLATFORM_DIAG(x)	do { cprintf x; } while (0)
#define LWIP_PLATFORM_ASSERT(x)	panic("lwIP assertion failed: %s", x)

#endif
