/*
 * Tests of kernel/lib: the string functions, parse_ulong and vsnprintf.
 * tests/host/lib_printf_diff.c also compares vsnprintf against glibc over
 * many more formats and values on the host.
 */
#include "kernel/ktest.h"
#include "kernel/lib/string.h"

/* Format into a buffer and check both the text and the returned length. */
static __printf(4, 5) void expect_fmt(struct ktest_state *kt, int line,
				      const char *want, const char *fmt, ...)
{
	char buf[128];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (strcmp(buf, want) != 0 || n != (int)strlen(want))
		ktest_fail(kt, __FILE__, line,
			   "\"%s\" gave \"%s\" (%d), expected \"%s\" (%d)",
			   fmt, buf, n, want, (int)strlen(want));
}

#define EXPECT_FMT(want, ...) expect_fmt(kt, __LINE__, want, __VA_ARGS__)

KTEST(string_memset)
{
	char buf[8] = "abcdefg";

	KT_EXPECT_EQ(memset(buf + 1, 'x', 5), buf + 1);
	KT_EXPECT_EQ(memcmp(buf, "axxxxxg", 8), 0);
	memset(buf, 0x1ff, 1);	/* c is converted to unsigned char */
	KT_EXPECT_EQ((unsigned char)buf[0], 0xff);
	size_t none = 0;	/* a literal 0 looks like swapped arguments */
	memset(buf, 'y', none);
	KT_EXPECT_EQ((unsigned char)buf[0], 0xff);
}

KTEST(string_memcpy)
{
	char dst[8] = "-------";

	KT_EXPECT_EQ(memcpy(dst + 1, "abcd", 4), dst + 1);
	KT_EXPECT_EQ(memcmp(dst, "-abcd--", 8), 0);
	memcpy(dst, "zz", 0);
	KT_EXPECT_EQ(dst[0], '-');
}

KTEST(string_memmove_overlap)
{
	char buf[11] = "0123456789";

	/* dst after src: must copy from the end. */
	KT_EXPECT_EQ(memmove(buf + 2, buf, 6), buf + 2);
	KT_EXPECT_EQ(memcmp(buf, "0101234589", 10), 0);
	/* dst before src. */
	memcpy(buf, "0123456789", 10);
	memmove(buf, buf + 3, 7);
	KT_EXPECT_EQ(memcmp(buf, "3456789789", 10), 0);
	memmove(buf, buf, 10);
	KT_EXPECT_EQ(memcmp(buf, "3456789789", 10), 0);
}

KTEST(string_memcmp)
{
	KT_EXPECT_EQ(memcmp("abc", "abd", 2), 0);
	KT_EXPECT(memcmp("abc", "abd", 3) < 0);
	KT_EXPECT(memcmp("abd", "abc", 3) > 0);
	/* Bytes compare as unsigned: 0x80 is greater than 0x01. */
	KT_EXPECT(memcmp("\x80", "\x01", 1) > 0);
	KT_EXPECT_EQ(memcmp("a", "b", 0), 0);
}

KTEST(string_strlen_strnlen)
{
	KT_EXPECT_EQ(strlen(""), 0);
	KT_EXPECT_EQ(strlen("hello"), 5);
	KT_EXPECT_EQ(strnlen("hello", 3), 3);
	KT_EXPECT_EQ(strnlen("hello", 10), 5);
	KT_EXPECT_EQ(strnlen("hello", 0), 0);
}

KTEST(string_strcmp_strncmp)
{
	KT_EXPECT_EQ(strcmp("abc", "abc"), 0);
	KT_EXPECT(strcmp("abc", "abd") < 0);
	KT_EXPECT(strcmp("abd", "abc") > 0);
	KT_EXPECT(strcmp("ab", "abc") < 0);
	KT_EXPECT(strcmp("abc", "ab") > 0);
	KT_EXPECT(strcmp("\xff", "a") > 0);
	KT_EXPECT_EQ(strncmp("abcX", "abcY", 3), 0);
	KT_EXPECT(strncmp("abcX", "abcY", 4) < 0);
	KT_EXPECT_EQ(strncmp("ab", "ab", 10), 0);
	KT_EXPECT_EQ(strncmp("a", "b", 0), 0);
}

KTEST(string_strchr)
{
	const char *s = "hello";

	KT_EXPECT_EQ(strchr(s, 'l'), s + 2);
	KT_EXPECT_EQ(strchr(s, 'h'), s);
	KT_EXPECT_NULL(strchr(s, 'z'));
	KT_EXPECT_EQ(strchr(s, '\0'), s + 5);
}

KTEST(string_strlcpy)
{
	char buf[6];

	KT_EXPECT_EQ(strlcpy(buf, "abc", sizeof(buf)), 3);
	KT_EXPECT_EQ(strcmp(buf, "abc"), 0);
	KT_EXPECT_EQ(strlcpy(buf, "abcdefgh", sizeof(buf)), 8);
	KT_EXPECT_EQ(strcmp(buf, "abcde"), 0);
	KT_EXPECT_EQ(strlcpy(buf, "xyz", 1), 3);
	KT_EXPECT_EQ(buf[0], '\0');
	KT_EXPECT_EQ(strlcpy(buf, "xyz", 0), 3);
	KT_EXPECT_EQ(buf[0], '\0');
}

KTEST(parse_ulong_decimal)
{
	unsigned long v = 0;

	KT_EXPECT_EQ(parse_ulong("0", &v), 1);
	KT_EXPECT_EQ(v, 0);
	KT_EXPECT_EQ(parse_ulong("1234abc", &v), 4);
	KT_EXPECT_EQ(v, 1234);
	KT_EXPECT_EQ(parse_ulong("18446744073709551615", &v), 20);
	KT_EXPECT_EQ(v, 18446744073709551615UL);
}

KTEST(parse_ulong_hex)
{
	unsigned long v = 0;

	KT_EXPECT_EQ(parse_ulong("0x1f", &v), 4);
	KT_EXPECT_EQ(v, 0x1f);
	KT_EXPECT_EQ(parse_ulong("0XdeadBEEF,", &v), 10);
	KT_EXPECT_EQ(v, 0xdeadbeef);
	KT_EXPECT_EQ(parse_ulong("0xffffffffffffffff", &v), 18);
	KT_EXPECT_EQ(v, ~0UL);
	/* "0x" alone is a 0 followed by an 'x'. */
	KT_EXPECT_EQ(parse_ulong("0xg", &v), 1);
	KT_EXPECT_EQ(v, 0);
}

KTEST(parse_ulong_no_number)
{
	unsigned long v = 42;

	KT_EXPECT_EQ(parse_ulong("", &v), 0);
	KT_EXPECT_EQ(parse_ulong("abc", &v), 0);
	KT_EXPECT_EQ(parse_ulong("-1", &v), 0);
	KT_EXPECT_EQ(parse_ulong(" 1", &v), 0);
	KT_EXPECT_EQ(parse_ulong("18446744073709551616", &v), 0);
	KT_EXPECT_EQ(parse_ulong("0x10000000000000000", &v), 0);
	KT_EXPECT_EQ(v, 42);
}

KTEST(vsnprintf_decimal)
{
	EXPECT_FMT("0 -1 42", "%d %i %u", 0, -1, 42u);
	EXPECT_FMT("-2147483648", "%d", INT32_MIN);
	EXPECT_FMT("2147483647", "%i", INT32_MAX);
	EXPECT_FMT("4294967295", "%u", UINT32_MAX);
	EXPECT_FMT("-9223372036854775808", "%lld", (long long)INT64_MIN);
	EXPECT_FMT("-9223372036854775808", "%ld", (long)INT64_MIN);
	EXPECT_FMT("18446744073709551615", "%llu", (unsigned long long)UINT64_MAX);
	EXPECT_FMT("x=7 y=-3.", "x=%d y=%d.", 7, -3);
}

KTEST(vsnprintf_hex_octal)
{
	EXPECT_FMT("ff FF 377", "%x %X %o", 255u, 255u, 255u);
	EXPECT_FMT("0xff 0XFF 0377", "%#x %#X %#o", 255u, 255u, 255u);
	/* '#' adds no prefix to a zero. */
	EXPECT_FMT("0 0 0", "%#x %#X %#o", 0u, 0u, 0u);
	EXPECT_FMT("ffffffffffffffff", "%lx", ~0UL);
	EXPECT_FMT("1777777777777777777777", "%llo", ~0ULL);
	/* '#' on %o only adds a 0 when the precision does not already. */
	EXPECT_FMT("00010 010", "%#.5o %#o", 8u, 8u);
	EXPECT_FMT("0", "%#.0o", 0u);
}

KTEST(vsnprintf_flags)
{
	EXPECT_FMT("[42   ]", "[%-5d]", 42);
	EXPECT_FMT("[00042]", "[%05d]", 42);
	EXPECT_FMT("[-0042]", "[%05d]", -42);
	EXPECT_FMT("[+42] [-42]", "[%+d] [%+d]", 42, -42);
	EXPECT_FMT("[ 42] [-42]", "[% d] [% d]", 42, -42);
	EXPECT_FMT("[+0042]", "[%+05d]", 42);
	EXPECT_FMT("[ 0042]", "[% 05d]", 42);
	EXPECT_FMT("[0x002a]", "[%#06x]", 42u);
	EXPECT_FMT("[0x2a  ]", "[%-#6x]", 42u);
	EXPECT_FMT("[+0]", "[%+d]", 0);
}

KTEST(vsnprintf_width_precision)
{
	/* Not literals: gcc warns of a '0' flag that a precision overrides. */
	const char *zero_and_precision = "[%05.3d]";
	const char *zero_and_star_precision = "[%0*.*d]";

	EXPECT_FMT("[   42]", "[%5d]", 42);
	EXPECT_FMT("[42]", "[%1d]", 42);
	EXPECT_FMT("[00042]", "[%.5d]", 42);
	EXPECT_FMT("[   -00042]", "[%9.5d]", -42);
	/* With a precision the '0' flag is ignored. */
	EXPECT_FMT("[  042]", zero_and_precision, 42);
	/* Precision 0 prints no digits for a zero. */
	EXPECT_FMT("[] [  ] []", "[%.0d] [%2.0x] [%.d]", 0, 0u, 0);
	EXPECT_FMT("[   42]", "[%*d]", 5, 42);
	EXPECT_FMT("[42   ]", "[%*d]", -5, 42);
	EXPECT_FMT("[  00042]", "[%*.*d]", 7, 5, 42);
	/* A negative '*' precision counts as none: the '0' flag applies. */
	EXPECT_FMT("[00042]", zero_and_star_precision, 5, -1, 42);
	EXPECT_FMT("[abc]", "[%.*s]", 3, "abcdef");
}

/* Passing int for %hh and %h is what is tested: the conversion narrows. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat"
KTEST(vsnprintf_length_modifiers)
{
	EXPECT_FMT("-1 255", "%hhd %hhu", 255, 255);
	EXPECT_FMT("-32768 65535", "%hd %hu", 32768, 65535);
	EXPECT_FMT("ff ffff", "%hhx %hx", 0x1ff, 0x1ffff);
	EXPECT_FMT("-1 4294967296", "%ld %lu", -1L, 4294967296UL);
	EXPECT_FMT("-1 123456789012", "%lld %llu", -1LL, 123456789012ULL);
	EXPECT_FMT("18446744073709551615 -5", "%zu %zd", (size_t)-1,
		   (ptrdiff_t)-5);
	EXPECT_FMT("-7 fffffffffffffff9", "%td %tx", (ptrdiff_t)-7,
		   (size_t)-7);
	EXPECT_FMT("-9223372036854775808 18446744073709551615", "%jd %ju",
		   (intmax_t)INT64_MIN, (uintmax_t)UINT64_MAX);
}
#pragma GCC diagnostic pop

KTEST(vsnprintf_char_string)
{
	/* volatile: gcc rejects a %s argument that it can see is NULL. */
	const char *volatile null = NULL;

	EXPECT_FMT("a[  b][c  ]", "%c[%3c][%-3c]", 'a', 'b', 'c');
	EXPECT_FMT("hello [   hi] [hi   ] [hel]", "%s [%5s] [%-5s] [%.3s]",
		   "hello", "hi", "hi", "hello");
	EXPECT_FMT("(null)", "%s", null);
	EXPECT_FMT("100% [%]", "100%% [%%]");
}

KTEST(vsnprintf_char_nul)
{
	char buf[8];

	/* A %c of '\0' is output like any other byte. */
	KT_EXPECT_EQ(snprintf(buf, sizeof(buf), "a%cb", 0), 3);
	KT_EXPECT_EQ(memcmp(buf, "a\0b", 4), 0);
}

KTEST(vsnprintf_pointer)
{
	EXPECT_FMT("0x00000000deadbeef", "%p", (void *)0xdeadbeefUL);
	EXPECT_FMT("0xffffffff80001000", "%p", (void *)0xffffffff80001000UL);
	EXPECT_FMT("0x0000000000000000", "%p", NULL);
	EXPECT_FMT("[  0x0000000000000001]", "[%20p]", (void *)1);
	EXPECT_FMT("[0x0000000000000001  ]", "[%-20p]", (void *)1);
}

KTEST(vsnprintf_truncation)
{
	char buf[8];

	memset(buf, 'x', sizeof(buf));
	KT_EXPECT_EQ(snprintf(buf, 4, "%d", 123456), 6);
	KT_EXPECT_EQ(memcmp(buf, "123\0xxxx", 8), 0);
	memset(buf, 'x', sizeof(buf));
	KT_EXPECT_EQ(snprintf(buf, 1, "abc"), 3);
	KT_EXPECT_EQ(memcmp(buf, "\0xxxxxxx", 8), 0);
	memset(buf, 'x', sizeof(buf));
	KT_EXPECT_EQ(snprintf(buf, 0, "abc%s", "def"), 6);
	KT_EXPECT_EQ(buf[0], 'x');
	/* Size 0 is how to measure, so buf may be NULL. */
	KT_EXPECT_EQ(snprintf(NULL, 0, "%08d", 1), 8);
	KT_EXPECT_EQ(snprintf(buf, sizeof(buf), "1234567"), 7);
	KT_EXPECT_EQ(strcmp(buf, "1234567"), 0);
	KT_EXPECT_EQ(snprintf(buf, sizeof(buf), "12345678"), 8);
	KT_EXPECT_EQ(strcmp(buf, "1234567"), 0);
}

KTEST(vsnprintf_unknown_conversion)
{
	/* Not literals, so the compiler does not reject them first. */
	const char *unknown = "a%-5yb %d", *trailing = "a%";
	char buf[16];

	KT_EXPECT_EQ(snprintf(buf, sizeof(buf), unknown, 3), 8);
	KT_EXPECT_EQ(strcmp(buf, "a%-5yb 3"), 0);
	KT_EXPECT_EQ(snprintf(buf, sizeof(buf), trailing, 0), 2);
	KT_EXPECT_EQ(strcmp(buf, "a%"), 0);
}

KTEST(vsnprintf_symbol_takes_one_argument)
{
	char buf[200];

	/* The text depends on the symbols, but it is there and %d follows. */
	snprintf(buf, sizeof(buf), "%pS|%d", (void *)expect_fmt, 42);
	KT_EXPECT(buf[0] != '|');
	KT_EXPECT(strchr(buf, '|') != NULL);
	KT_EXPECT_EQ(strcmp(strchr(buf, '|'), "|42"), 0);
}
