/* The C string and memory functions the kernel uses (kernel/lib/string.c). */
#ifndef KERNEL_LIB_STRING_H
#define KERNEL_LIB_STRING_H

#include "kernel/types.h"

void *memset(void *dst, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
void *memchr(const void *s, int c, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
/* Copies at most size-1 bytes and terminates when size > 0; returns
 * strlen(src), so a result >= size means dst was truncated. */
size_t strlcpy(char *dst, const char *src, size_t size);

/*
 * C99 printf formatting into buf (kernel/lib/vsprintf.c): at most size bytes,
 * NUL-terminated whenever size > 0; returns the length the whole output
 * would have had. No floating point. %p prints "0x" and 16 hex digits, and
 * %pS prints a kernel text address as symbol+0xoff.
 */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
__attribute__((format(printf, 3, 4))) int snprintf(char *buf, size_t size,
						   const char *fmt, ...);

/* Parse an unsigned number in base 10, or 16 with a 0x prefix. Returns the
 * number of characters consumed, 0 if there is no number or it does not fit
 * in an unsigned long; *out is set only when a number was parsed. */
size_t parse_ulong(const char *s, unsigned long *out);
/* The value of hex digit c, or -1 if it is not one. */
static inline int hex_to_bin(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

#endif
