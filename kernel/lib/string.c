/*
 * The C string and memory functions, a byte at a time. The kernel moves
 * little enough data through these that plain loops are fast enough, and
 * they are easy to check.
 */
#include "kernel/lib/string.h"

/* The compiler may turn these loops into calls to memset/memcpy/strlen:
 * here, into calls to themselves. Each compiler has its own way to say no. */
#ifdef __clang__
#define no_libcall __attribute__((no_builtin))
#else
#define no_libcall __attribute__((optimize("no-tree-loop-distribute-patterns")))
#endif

no_libcall void *memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;

	while (n-- > 0)
		*d++ = (unsigned char)c;
	return dst;
}

no_libcall void *memcpy(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	while (n-- > 0)
		*d++ = *s++;
	return dst;
}

/*
 * When dst overlaps the end of src, a forward copy would overwrite source
 * bytes before reading them, so copy from the end instead.
 */
no_libcall void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d <= s || d >= s + n)
		return memcpy(dst, src, n);
	while (n-- > 0)
		d[n] = s[n];
	return dst;
}

/* Bytes compare as unsigned char, as C requires. */
int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n > 0; n--, x++, y++) {
		if (*x != *y)
			return *x - *y;
	}
	return 0;
}

void *memchr(const void *s, int c, size_t n)
{
	const unsigned char *p = s;

	for (; n > 0; n--, p++)
		if (*p == (unsigned char)c)
			return (void *)p;
	return NULL;
}

no_libcall size_t strlen(const char *s)
{
	size_t n = 0;

	while (s[n] != '\0')
		n++;
	return n;
}

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n] != '\0')
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	return strncmp(a, b, (size_t)-1);
}

int strncmp(const char *a, const char *b, size_t n)
{
	const unsigned char *x = (const unsigned char *)a;
	const unsigned char *y = (const unsigned char *)b;

	for (; n > 0; n--, x++, y++) {
		if (*x != *y)
			return *x - *y;
		if (*x == '\0')
			break;
	}
	return 0;
}

/* Like C's strchr, searching for '\0' finds the terminator. */
char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (*s == '\0')
			return NULL;
	}
}

size_t strlcpy(char *dst, const char *src, size_t size)
{
	size_t len = strlen(src);

	if (size > 0) {
		size_t n = len < size ? len : size - 1;
		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}

/* The value of digit c in base 16, or 16 if c is not a hex digit. */
static unsigned int hex_value(char c)
{
	int d = hex_to_bin(c);

	return d < 0 ? 16 : (unsigned int)d;
}

size_t parse_ulong(const char *s, unsigned long *out)
{
	unsigned int base = 10, d;
	unsigned long v = 0;
	size_t n = 0;

	/* A "0x" with no hex digit after it is the number 0 followed by 'x'. */
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && hex_value(s[2]) < 16) {
		base = 16;
		n = 2;
	}
	for (; (d = hex_value(s[n])) < base; n++) {
		if (v > (~0UL - d) / base)
			return 0;	/* a wrapped value would be silently wrong */
		v = v * base + d;
	}
	if (n > 0)
		*out = v;
	return n;
}
