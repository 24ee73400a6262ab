/*
 * String and memory functions for the kernel and the user library.
 * The bulk copy and fill routines use the x86 string instructions on whole
 * words when the pointers and length allow it.
 */

#include <inc/string.h>

int
strlen(const char *s)
{
	int n = 0;

	while (s[n] != '\0')
		n++;
	return n;
}

/* Length of s, but look at no more than size bytes. */
int
strnlen(const char *s, size_t size)
{
	int n = 0;

	while ((size_t) n < size && s[n] != '\0')
		n++;
	return n;
}

char *
strcpy(char *dst, const char *src)
{
	char *d = dst;

	while ((*d++ = *src++) != '\0')
		;
	return dst;
}

/*
 * Copy at most size bytes of src; if src is shorter, fill the rest of the
 * size bytes with NULs.  dst is not NUL-terminated when src is too long.
 */
char *
strncpy(char *dst, const char *src, size_t size)
{
	size_t i;

	for (i = 0; i < size && src[i] != '\0'; i++)
		dst[i] = src[i];
	for (; i < size; i++)
		dst[i] = '\0';
	return dst;
}

char *
strcat(char *dst, const char *src)
{
	strcpy(dst + strlen(dst), src);
	return dst;
}

/*
 * Copy src into the size-byte buffer dst, always NUL-terminating when size
 * is at least 1.  Returns the number of characters copied.
 */
size_t
strlcpy(char *dst, const char *src, size_t size)
{
	size_t n = 0;

	if (size == 0)
		return 0;
	while (n + 1 < size && src[n] != '\0') {
		dst[n] = src[n];
		n++;
	}
	dst[n] = '\0';
	return n;
}

/* Compare as unsigned chars, the way C orders strings. */
int
strcmp(const char *s1, const char *s2)
{
	while (*s1 != '\0' && *s1 == *s2)
		s1++, s2++;
	return (unsigned char) *s1 - (unsigned char) *s2;
}

int
strncmp(const char *s1, const char *s2, size_t size)
{
	for (; size > 0; size--, s1++, s2++) {
		if (*s1 != *s2)
			return (unsigned char) *s1 - (unsigned char) *s2;
		if (*s1 == '\0')
			return 0;
	}
	return 0;
}

/* First occurrence of c in s, or NULL (c may not be NUL). */
char *
strchr(const char *s, char c)
{
	for (; *s != '\0'; s++)
		if (*s == c)
			return (char *) s;
	return NULL;
}

/* First occurrence of c in s, or the terminating NUL if there is none. */
char *
strfind(const char *s, char c)
{
	while (*s != '\0' && *s != c)
		s++;
	return (char *) s;
}

/* True when all three values are multiples of 4. */
static inline bool
word_aligned(uintptr_t a, uintptr_t b, size_t len)
{
	return ((a | b | len) & 3) == 0;
}

void *
memset(void *dst, int c, size_t len)
{
	uint32_t byte = (uint8_t) c;
	void *d = dst;
	size_t n;

	if (word_aligned((uintptr_t) dst, 0, len)) {
		n = len / 4;
		asm volatile("cld; rep stosl"
			     : "+D" (d), "+c" (n)
			     : "a" (byte * 0x01010101u)
			     : "cc", "memory");
	} else {
		n = len;
		asm volatile("cld; rep stosb"
			     : "+D" (d), "+c" (n)
			     : "a" (byte)
			     : "cc", "memory");
	}
	return dst;
}

/*
 * Copy len bytes, correct even when the ranges overlap: an overlapping
 * copy to a higher address runs backwards (std) so that no source byte is
 * overwritten before it is read.
 */
void *
memmove(void *dst, const void *src, size_t len)
{
	const char *s = src;
	char *d = dst;
	size_t unit = word_aligned((uintptr_t) s, (uintptr_t) d, len) ? 4 : 1;
	size_t n = len / unit;

	if (len == 0)
		return dst;
	if (s < d && s + len > d) {
		s += len - unit;
		d += len - unit;
		if (unit == 4)
			asm volatile("std; rep movsl; cld"
				     : "+S" (s), "+D" (d), "+c" (n)
				     : : "cc", "memory");
		else
			asm volatile("std; rep movsb; cld"
				     : "+S" (s), "+D" (d), "+c" (n)
				     : : "cc", "memory");
	} else {
		if (unit == 4)
			asm volatile("cld; rep movsl"
				     : "+S" (s), "+D" (d), "+c" (n)
				     : : "cc", "memory");
		else
			asm volatile("cld; rep movsb"
				     : "+S" (s), "+D" (d), "+c" (n)
				     : : "cc", "memory");
	}
	return dst;
}

/* memcpy is memmove: the overlap check costs next to nothing. */
void *
memcpy(void *dst, const void *src, size_t len)
{
	return memmove(dst, src, len);
}

int
memcmp(const void *v1, const void *v2, size_t len)
{
	const uint8_t *s1 = v1, *s2 = v2;

	for (; len > 0; len--, s1++, s2++)
		if (*s1 != *s2)
			return (int) *s1 - (int) *s2;
	return 0;
}

/* First byte equal to (unsigned char) c in s[0..len), or s + len. */
void *
memfind(const void *s, int c, size_t len)
{
	const uint8_t *p = s, *end = p + len;

	for (; p < end; p++)
		if (*p == (uint8_t) c)
			break;
	return (void *) p;
}

/* Value of digit character c in any base up to 36, or 36 if not a digit. */
static int
digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	return 36;
}

/*
 * Parse an integer: optional spaces, an optional sign, then digits in base
 * (2..36).  Base 0 means decimal, or octal after "0", or hex after "0x".
 * A "0x" prefix is also accepted with base 16.  Sets *endptr (if not NULL)
 * just past the last digit used.  Overflow is not detected.
 */
long
strtol(const char *s, char **endptr, int base)
{
	bool neg = false;
	long val = 0;
	int d;

	while (*s == ' ' || *s == '\t')
		s++;
	if (*s == '+' || *s == '-')
		neg = *s++ == '-';

	if ((base == 0 || base == 16) && s[0] == '0' &&
	    (s[1] == 'x' || s[1] == 'X') && digit_value(s[2]) < 16) {
		s += 2;
		base = 16;
	} else if (base == 0) {
		base = s[0] == '0' ? 8 : 10;
	}

	while ((d = digit_value(*s)) < base) {
		val = val * base + d;
		s++;
	}

	if (endptr != NULL)
		*endptr = (char *) s;
	return neg ? -val : val;
}
