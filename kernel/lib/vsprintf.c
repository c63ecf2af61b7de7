/*
 * printf-style formatting: C99's integer, character and string conversions
 * with all their flags, widths, precisions and length modifiers, plus %p and
 * Linux's %pS. There is no floating point: the kernel does not save FPU
 * state, and nothing it prints needs it.
 *
 * Each conversion is parsed into a struct spec, then printed through a
 * struct out, which stores what fits in the buffer but counts everything,
 * so the return value is the length the whole output would have had.
 */
#include "kernel/kallsyms.h"
#include "kernel/lib/string.h"

struct out {
	char *buf;
	size_t size;
	size_t len;	/* bytes produced so far, stored or not */
};

enum {
	F_LEFT = 1 << 0,	/* '-': pad on the right */
	F_ZERO = 1 << 1,	/* '0': pad numbers with zeros */
	F_PLUS = 1 << 2,	/* '+': always print a sign */
	F_SPACE = 1 << 3,	/* ' ': a space where a '+' would go */
	F_ALT = 1 << 4,		/* '#': 0x on hex, a leading 0 on octal */
};

/* Which type an integer argument was passed as. */
enum length { L_INT, L_CHAR, L_SHORT, L_LONG, L_LLONG, L_SIZE, L_MAX };

/* One parsed conversion, such as %-08.3lx. */
struct spec {
	unsigned int flags;
	size_t width;		/* minimum field width, 0 for none */
	bool has_precision;
	size_t precision;
	enum length length;
	char conv;		/* the conversion letter: 'd', 'x', ... */
	bool symbol;		/* %pS */
};

static void put(struct out *o, char c)
{
	/* The last byte of the buffer is kept for the terminator. */
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void put_repeat(struct out *o, char c, size_t n)
{
	while (n-- > 0)
		put(o, c);
}

/* The spaces before a field of len bytes, if it is right-aligned. */
static void pad_before(struct out *o, const struct spec *sp, size_t len)
{
	if (!(sp->flags & F_LEFT) && sp->width > len)
		put_repeat(o, ' ', sp->width - len);
}

/* The spaces after a field of len bytes, if it is left-aligned. */
static void pad_after(struct out *o, const struct spec *sp, size_t len)
{
	if ((sp->flags & F_LEFT) && sp->width > len)
		put_repeat(o, ' ', sp->width - len);
}

/* len bytes of s (which may include NULs, for %c) padded to the width. */
static void put_field(struct out *o, const struct spec *sp, const char *s,
		      size_t len)
{
	size_t i;

	pad_before(o, sp, len);
	for (i = 0; i < len; i++)
		put(o, s[i]);
	pad_after(o, sp, len);
}

/* For %s the precision is the most bytes of s to print. */
static void put_string(struct out *o, const struct spec *sp, const char *s)
{
	if (s == NULL)
		s = "(null)";
	put_field(o, sp, s,
		  sp->has_precision ? strnlen(s, sp->precision) : strlen(s));
}

static unsigned int base_of(char conv)
{
	if (conv == 'o')
		return 8;
	if (conv == 'x' || conv == 'X' || conv == 'p')
		return 16;
	return 10;
}

/* C gives a zero no 0x prefix, even with '#'. */
static const char *prefix_of(const struct spec *sp, unsigned long long v)
{
	if (sp->conv == 'p')
		return "0x";
	if (!(sp->flags & F_ALT) || v == 0)
		return "";
	return sp->conv == 'x' ? "0x" : sp->conv == 'X' ? "0X" : "";
}

/*
 * A number is laid out as [spaces][sign][prefix][zeros][digits][spaces].
 * The precision is the least number of digits, so a zero with precision 0
 * prints no digits at all; the '0' flag widens the zeros to fill the field,
 * but C ignores it when '-' or a precision is given.
 */
static void put_number(struct out *o, const struct spec *sp,
		       unsigned long long v, char sign)
{
	const char *digits = sp->conv == 'X' ? "0123456789ABCDEF"
					     : "0123456789abcdef";
	const char *prefix = prefix_of(sp, v);
	unsigned int base = base_of(sp->conv);
	char buf[22];	/* 2^64 - 1 has 22 octal digits */
	size_t n = 0, min_digits, zeros, len;

	for (; v != 0; v /= base)
		buf[n++] = digits[v % base];
	min_digits = sp->has_precision ? sp->precision : 1;
	/* '#' on %o raises the precision just enough to start with a 0. */
	if (sp->conv == 'o' && (sp->flags & F_ALT) && min_digits <= n)
		min_digits = n + 1;
	zeros = min_digits > n ? min_digits - n : 0;
	len = (sign != 0) + strlen(prefix) + zeros + n;
	if ((sp->flags & (F_ZERO | F_LEFT)) == F_ZERO && !sp->has_precision &&
	    sp->width > len) {
		zeros += sp->width - len;
		len = sp->width;
	}

	pad_before(o, sp, len);
	if (sign != 0)
		put(o, sign);
	while (*prefix != '\0')
		put(o, *prefix++);
	put_repeat(o, '0', zeros);
	while (n > 0)
		put(o, buf[--n]);
	pad_after(o, sp, len);
}

static void put_signed(struct out *o, const struct spec *sp, long long v)
{
	/* Negate as unsigned: -LLONG_MIN does not fit in a long long. */
	unsigned long long magnitude = v < 0 ? 0 - (unsigned long long)v
					     : (unsigned long long)v;
	char sign = 0;

	if (v < 0)
		sign = '-';
	else if (sp->flags & F_PLUS)
		sign = '+';
	else if (sp->flags & F_SPACE)
		sign = ' ';
	put_number(o, sp, magnitude, sign);
}

/* %p always prints all 16 digits, so that addresses line up in columns. */
static void put_pointer(struct out *o, const struct spec *sp, void *p)
{
	struct spec hex = *sp;

	if (sp->symbol) {
		char name[160];	/* a symbol name, "+0x" and an offset */

		sprint_symbol(name, sizeof(name), (unsigned long)p);
		put_string(o, sp, name);
		return;
	}
	hex.flags &= F_LEFT;	/* the other flags mean nothing for %p */
	hex.has_precision = true;
	hex.precision = 16;
	put_number(o, &hex, (unsigned long)p, 0);
}

/* Arguments narrower than int arrive promoted to int: narrow them back. */
static long long fetch_signed(enum length len, va_list *ap)
{
	switch (len) {
	case L_CHAR:
		return (signed char)va_arg(*ap, int);
	case L_SHORT:
		return (short)va_arg(*ap, int);
	case L_LONG:
		return va_arg(*ap, long);
	case L_LLONG:
		return va_arg(*ap, long long);
	case L_SIZE:
		return va_arg(*ap, ptrdiff_t);
	case L_MAX:
		return va_arg(*ap, intmax_t);
	default:
		return va_arg(*ap, int);
	}
}

static unsigned long long fetch_unsigned(enum length len, va_list *ap)
{
	switch (len) {
	case L_CHAR:
		return (unsigned char)va_arg(*ap, unsigned int);
	case L_SHORT:
		return (unsigned short)va_arg(*ap, unsigned int);
	case L_LONG:
		return va_arg(*ap, unsigned long);
	case L_LLONG:
		return va_arg(*ap, unsigned long long);
	case L_SIZE:
		return va_arg(*ap, size_t);
	case L_MAX:
		return va_arg(*ap, uintmax_t);
	default:
		return va_arg(*ap, unsigned int);
	}
}

static const char *parse_flags(const char *fmt, unsigned int *flags)
{
	for (;; fmt++) {
		switch (*fmt) {
		case '-': *flags |= F_LEFT; break;
		case '0': *flags |= F_ZERO; break;
		case '+': *flags |= F_PLUS; break;
		case ' ': *flags |= F_SPACE; break;
		case '#': *flags |= F_ALT; break;
		default: return fmt;
		}
	}
}

static const char *parse_decimal(const char *fmt, size_t *n)
{
	for (*n = 0; *fmt >= '0' && *fmt <= '9'; fmt++)
		*n = *n * 10 + (*fmt - '0');
	return fmt;
}

/* A '*' width is an int argument; a negative one means '-' and its size. */
static const char *parse_width(const char *fmt, struct spec *sp, va_list *ap)
{
	int w;

	if (*fmt != '*')
		return parse_decimal(fmt, &sp->width);
	w = va_arg(*ap, int);
	if (w < 0)
		sp->flags |= F_LEFT;
	/* In unsigned arithmetic, so that INT_MIN negates too. */
	sp->width = w < 0 ? 0u - (unsigned int)w : (unsigned int)w;
	return fmt + 1;
}

/* A '*' precision that is negative counts as no precision at all. */
static const char *parse_precision(const char *fmt, struct spec *sp,
				   va_list *ap)
{
	int p;

	if (*fmt != '.')
		return fmt;
	fmt++;
	if (*fmt != '*') {
		sp->has_precision = true;
		return parse_decimal(fmt, &sp->precision);
	}
	p = va_arg(*ap, int);
	sp->has_precision = p >= 0;
	sp->precision = p >= 0 ? (size_t)p : 0;
	return fmt + 1;
}

static const char *parse_length(const char *fmt, enum length *len)
{
	switch (*fmt) {
	case 'h':
		*len = fmt[1] == 'h' ? L_CHAR : L_SHORT;
		return fmt[1] == 'h' ? fmt + 2 : fmt + 1;
	case 'l':
		*len = fmt[1] == 'l' ? L_LLONG : L_LONG;
		return fmt[1] == 'l' ? fmt + 2 : fmt + 1;
	case 'z':	/* size_t and ptrdiff_t are the same size */
	case 't':
		*len = L_SIZE;
		return fmt + 1;
	case 'j':
		*len = L_MAX;
		return fmt + 1;
	default:
		*len = L_INT;
		return fmt;
	}
}

/* Parse the conversion after a '%' into sp; returns where the rest begins. */
static const char *parse_spec(const char *fmt, struct spec *sp, va_list *ap)
{
	*sp = (struct spec){ .flags = 0 };
	fmt = parse_flags(fmt, &sp->flags);
	fmt = parse_width(fmt, sp, ap);
	fmt = parse_precision(fmt, sp, ap);
	fmt = parse_length(fmt, &sp->length);
	sp->conv = *fmt;
	if (*fmt == '\0')
		return fmt;
	fmt++;
	/* As in Linux, so a literal 'S' cannot directly follow a %p. */
	if (sp->conv == 'p' && *fmt == 'S') {
		sp->symbol = true;
		fmt++;
	}
	return fmt;
}

/* Print one conversion; false if sp->conv is not one we know. */
static bool put_conversion(struct out *o, const struct spec *sp, va_list *ap)
{
	char c;

	switch (sp->conv) {
	case 'd':
	case 'i':
		put_signed(o, sp, fetch_signed(sp->length, ap));
		return true;
	case 'u':
	case 'o':
	case 'x':
	case 'X':
		put_number(o, sp, fetch_unsigned(sp->length, ap), 0);
		return true;
	case 'p':
		put_pointer(o, sp, va_arg(*ap, void *));
		return true;
	case 'c':
		c = (char)va_arg(*ap, int);
		put_field(o, sp, &c, 1);
		return true;
	case 's':
		put_string(o, sp, va_arg(*ap, const char *));
		return true;
	case '%':
		put(o, '%');
		return true;
	default:
		return false;
	}
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { .buf = buf, .size = size, .len = 0 };
	struct spec sp;
	va_list args;

	/* The helpers take a va_list pointer; &ap would have the wrong type,
	 * as va_list is an array type on x86-64. So they get a copy's. */
	va_copy(args, ap);
	while (*fmt != '\0') {
		const char *start = fmt;

		if (*fmt != '%') {
			put(&o, *fmt++);
			continue;
		}
		fmt = parse_spec(fmt + 1, &sp, &args);
		/* An unknown conversion is printed as written, to be noticed. */
		if (!put_conversion(&o, &sp, &args))
			while (start < fmt)
				put(&o, *start++);
	}
	va_end(args);
	if (size > 0)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
