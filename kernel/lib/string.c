/*
 * The C string and memory functions, as plain loops that are easy to
 * check; only memset and memcpy, which move whole pages, go by words.
 */
#include "kernel/compiler.h"
#include "kernel/lib/string.h"

/* The compiler may turn these loops into calls to memset/memcpy/strlen:
 * here, into calls to themselves. Each compiler has its own way to say no. */
#ifdef __clang__
#define no_libcall __attribute__((no_builtin))
#else
#define no_libcall __attribute__((optimize("no-tree-loop-distribute-patterns")))
#endif

/* Pages are zeroed, poisoned and copied with these (a page fault, a
 * fork), so they move a word at a time once the destination is aligned.
 * Under QEMU's emulation that is several times faster than bytes. */
typedef u64 __attribute__((may_alias)) word_t;
#define WORD_SIZE sizeof(word_t)

no_libcall void *memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;
	const word_t word = 0x0101010101010101ull * (unsigned char)c;

	for (; n > 0 && !IS_ALIGNED((uintptr_t)d, WORD_SIZE); n--)
		*d++ = (unsigned char)c;
	for (; n >= WORD_SIZE; n -= WORD_SIZE, d += WORD_SIZE)
		*(word_t *)d = word;
	while (n-- > 0)
		*d++ = (unsigned char)c;
	return dst;
}

no_libcall void *memcpy(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	/* Words only if both ends can be aligned at once. */
	if (IS_ALIGNED((uintptr_t)d ^ (uintptr_t)s, WORD_SIZE)) {
		for (; n > 0 && !IS_ALIGNED((uintptr_t)d, WORD_SIZE); n--)
			*d++ = *s++;
		for (; n >= WORD_SIZE;
		     n -= WORD_SIZE, d += WORD_SIZE, s += WORD_SIZE)
			*(word_t *)d = *(const word_t *)s;
	}
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
