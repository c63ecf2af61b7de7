/*
 * Host-only tests of the kernel's vsnprintf. The differential tests run it
 * and glibc's side by side over every combination of flags, width,
 * precision and length modifier that C defines the result of, with edge
 * values and pseudo-random ones (fixed seed, so a failure repeats), and
 * across buffer sizes that truncate. %p is left out, as the kernel prints it
 * its own way; %pS is tested against a stub sprint_symbol.
 *
 * lib.mk compiles this file with the kernel's functions renamed to kernel_*
 * (see there). It needs glibc's snprintf too, so it takes that name back
 * before <stdio.h> declares it.
 */
#include "kernel/kallsyms.h"
#include "kernel/ktest.h"
#include "kernel/lib/string.h"

#undef snprintf
#undef vsnprintf
#include <stdio.h>

#define BUF_SIZE 128
#define VALUES_PER_FORMAT 32
/* One bug fails thousands of cases; a few are enough to see it. */
#define MAX_REPORTS 10

/* How an argument is passed, which must match the length modifier. */
enum argtype {
	A_INT, A_UINT, A_LONG, A_ULONG, A_LLONG, A_ULLONG,
	A_PTRDIFF, A_SIZE, A_INTMAX, A_UINTMAX, A_STRING,
};

/* One formatting to do with both implementations. */
struct call {
	char fmt[32];
	size_t size;		/* of the buffer, to exercise truncation */
	int nstars;		/* how many '*' in fmt */
	int star[2];		/* their arguments */
	enum argtype type;
	unsigned long long value;
	const char *string;	/* the argument for A_STRING */
};

static unsigned long long rng_state = 0x2545f4914f6cdd1dULL;

/* xorshift64: a fixed sequence, good enough to spread test values. */
static unsigned long long rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* Format with both, into buffers filled alike beforehand so that a byte
 * written past the terminator would show as a difference too. */
static bool compare(struct ktest_state *kt, const struct call *c, ...)
{
	char kbuf[BUF_SIZE], gbuf[BUF_SIZE];
	va_list ap, ap2;
	int kn, gn;

	memset(kbuf, '#', sizeof(kbuf));
	memset(gbuf, '#', sizeof(gbuf));
	va_start(ap, c);
	va_copy(ap2, ap);
	kn = kernel_vsnprintf(kbuf, c->size, c->fmt, ap);
	gn = vsnprintf(gbuf, c->size, c->fmt, ap2);
	va_end(ap2);
	va_end(ap);
	if (kn == gn && memcmp(kbuf, gbuf, sizeof(kbuf)) == 0)
		return true;
	kbuf[BUF_SIZE - 1] = gbuf[BUF_SIZE - 1] = '\0';
	ktest_fail(kt, __FILE__, __LINE__,
		   "\"%s\" (stars %d %d, value %#llx, size %zu): "
		   "kernel \"%s\" (%d), glibc \"%s\" (%d)",
		   c->fmt, c->star[0], c->star[1], c->value, c->size,
		   kbuf, kn, gbuf, gn);
	return false;
}

/* The '*' arguments, if any, come before the value. */
#define COMPARE(kt, c, v)                                                \
	((c)->nstars == 0 ? compare(kt, c, v)                            \
	 : (c)->nstars == 1 ? compare(kt, c, (c)->star[0], v)            \
			    : compare(kt, c, (c)->star[0], (c)->star[1], v))

/* Narrowing to the argument's type is what the call being tested does. */
static bool compare_call(struct ktest_state *kt, const struct call *c)
{
	unsigned long long v = c->value;

	switch (c->type) {
	case A_INT: return COMPARE(kt, c, (int)v);
	case A_UINT: return COMPARE(kt, c, (unsigned int)v);
	case A_LONG: return COMPARE(kt, c, (long)v);
	case A_ULONG: return COMPARE(kt, c, (unsigned long)v);
	case A_LLONG: return COMPARE(kt, c, (long long)v);
	case A_ULLONG: return COMPARE(kt, c, v);
	case A_PTRDIFF: return COMPARE(kt, c, (ptrdiff_t)v);
	case A_SIZE: return COMPARE(kt, c, (size_t)v);
	case A_INTMAX: return COMPARE(kt, c, (intmax_t)v);
	case A_UINTMAX: return COMPARE(kt, c, (uintmax_t)v);
	default: return COMPARE(kt, c, c->string);	/* A_STRING */
	}
}

/* Mostly a buffer that fits, sometimes one that truncates or is empty. */
static void pick_size_and_stars(struct call *c)
{
	c->size = rng() % 4 == 0 ? rng() % 30 : BUF_SIZE;
	/* A negative '*' width means '-', a negative precision none. */
	c->star[0] = (int)(rng() % 61) - 30;
	c->star[1] = (int)(rng() % 61) - 30;
}

static const unsigned long long edge_values[] = {
	0, 1, 7, 8, 9, 10, 15, 16, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000,
	0xffff, 0x7fffffff, 0x80000000, 0xffffffff, 0x7fffffffffffffff,
	0x8000000000000000, 0xffffffffffffffff, -2ULL, -0x80000000ULL,
};

/* Edge values first, then random ones of every magnitude and sign. */
static unsigned long long pick_value(int i)
{
	unsigned long long v;

	if (i < (int)ARRAY_SIZE(edge_values))
		return edge_values[i];
	v = rng() >> (rng() % 64);
	return rng() % 2 ? v : -v;
}

static const struct {
	const char *modifier;
	enum argtype signed_type, unsigned_type;
} lengths[] = {
	{ "hh", A_INT, A_UINT },	/* promoted to int by the call */
	{ "h", A_INT, A_UINT },
	{ "", A_INT, A_UINT },
	{ "l", A_LONG, A_ULONG },
	{ "ll", A_LLONG, A_ULLONG },
	{ "z", A_PTRDIFF, A_SIZE },	/* ptrdiff_t: the signed size_t here */
	{ "t", A_PTRDIFF, A_SIZE },
	{ "j", A_INTMAX, A_UINTMAX },
};

static const char *const widths[] = { "", "1", "6", "23", "*" };
static const char *const precisions[] = { "", ".", ".0", ".1", ".7", ".25",
					  ".*" };

/* The subset of flags "-0+ #" that the bits of mask select. */
static void flags_of(unsigned int mask, char *out)
{
	const char *all = "-0+ #";
	int i;

	for (i = 0; all[i] != '\0'; i++) {
		if (mask & (1u << i))
			*out++ = all[i];
	}
	*out = '\0';
}

static int count_stars(const char *s)
{
	int n = 0;

	for (; *s != '\0'; s++)
		n += *s == '*';
	return n;
}

/* Every flag, width, precision and length for one integer conversion. */
static void diff_integer(struct ktest_state *kt, char conv)
{
	/* C leaves '#' undefined for d, i and u. */
	unsigned int nflags = strchr("diu", conv) ? 16 : 32;
	bool is_signed = conv == 'd' || conv == 'i';
	unsigned int f;
	size_t w, p, l;
	struct call c;
	char flags[8];
	int i;

	for (f = 0; f < nflags; f++)
	for (w = 0; w < ARRAY_SIZE(widths); w++)
	for (p = 0; p < ARRAY_SIZE(precisions); p++)
	for (l = 0; l < ARRAY_SIZE(lengths); l++) {
		flags_of(f, flags);
		snprintf(c.fmt, sizeof(c.fmt), "<%%%s%s%s%s%c>", flags,
			 widths[w], precisions[p], lengths[l].modifier, conv);
		c.nstars = count_stars(c.fmt);
		c.type = is_signed ? lengths[l].signed_type
				   : lengths[l].unsigned_type;
		for (i = 0; i < VALUES_PER_FORMAT; i++) {
			pick_size_and_stars(&c);
			c.value = pick_value(i);
			if (!compare_call(kt, &c) && kt->failures >= MAX_REPORTS)
				return;
		}
	}
}

KTEST(printf_diff_signed)
{
	diff_integer(kt, 'd');
	diff_integer(kt, 'i');
}

KTEST(printf_diff_unsigned)
{
	diff_integer(kt, 'u');
}

KTEST(printf_diff_octal_hex)
{
	diff_integer(kt, 'o');
	diff_integer(kt, 'x');
	diff_integer(kt, 'X');
}

/* %c and %s take only '-' of the flags, and %c no precision. */
KTEST(printf_diff_char_string)
{
	static const char *const strings[] = { "", "a", "hello",
					       "a longer string of text" };
	static const int chars[] = { 'a', ' ', 0, 255, 'a' + 256 };
	size_t f, w, p, i;
	struct call c = { .type = A_STRING };

	for (f = 0; f < 2; f++)
	for (w = 0; w < ARRAY_SIZE(widths); w++)
	for (p = 0; p < ARRAY_SIZE(precisions); p++)
	for (i = 0; i < ARRAY_SIZE(strings); i++) {
		snprintf(c.fmt, sizeof(c.fmt), "<%s%s%ss>", f ? "%-" : "%",
			 widths[w], precisions[p]);
		c.nstars = count_stars(c.fmt);
		pick_size_and_stars(&c);
		c.string = strings[i];
		compare_call(kt, &c);
	}

	c.type = A_INT;
	for (f = 0; f < 2; f++)
	for (w = 0; w < ARRAY_SIZE(widths); w++)
	for (i = 0; i < ARRAY_SIZE(chars); i++) {
		snprintf(c.fmt, sizeof(c.fmt), "<%s%sc>", f ? "%-" : "%",
			 widths[w]);
		c.nstars = count_stars(c.fmt);
		pick_size_and_stars(&c);
		c.value = chars[i];
		compare_call(kt, &c);
	}
}

#define STUB_START 0x1000UL
#define STUB_END 0x1100UL

/* Stands in for kernel/kallsyms.c: one function, stub_fn, and no other. */
size_t sprint_symbol(char *buf, size_t size, unsigned long addr)
{
	int n;

	if (addr >= STUB_START && addr < STUB_END)
		n = snprintf(buf, size, "stub_fn+0x%lx", addr - STUB_START);
	else
		n = snprintf(buf, size, "0x%lx", addr);
	return (size_t)n < size ? (size_t)n : size - 1;
}

KTEST(printf_symbol_stub)
{
	char buf[BUF_SIZE];

	KT_EXPECT_EQ(kernel_snprintf(buf, sizeof(buf), "%pS", (void *)0x1010),
		     12);
	KT_EXPECT_EQ(strcmp(buf, "stub_fn+0x10"), 0);
	kernel_snprintf(buf, sizeof(buf), "[%-14pS][%14pS]", (void *)0x1000,
			(void *)0x1000);
	KT_EXPECT_EQ(strcmp(buf, "[stub_fn+0x0   ][   stub_fn+0x0]"), 0);
	/* Where sprint_symbol finds no symbol its text still goes through. */
	kernel_snprintf(buf, sizeof(buf), "%pS %d", (void *)0x2000, 7);
	KT_EXPECT_EQ(strcmp(buf, "0x2000 7"), 0);
	/* Only an 'S' makes a %p into a %pS. */
	kernel_snprintf(buf, sizeof(buf), "%ps", (void *)0x1000);
	KT_EXPECT_EQ(strcmp(buf, "0x0000000000001000s"), 0);
	KT_EXPECT_EQ(kernel_snprintf(buf, 5, "%pS", (void *)0x1010), 12);
	KT_EXPECT_EQ(strcmp(buf, "stub"), 0);
}
