/* Decoding page-table entries for humans (tests, reports, gdb helpers). */
#include <asm/pgtable.h>
#include "kernel/compiler.h"
#include "kernel/lib/string.h"

void pteval_describe(pteval_t v, char *buf, unsigned long size)
{
	static const struct {
		pteval_t bit;
		const char *name;
	} bits[] = {
		{ _PAGE_PRESENT, "P" }, { _PAGE_RW, "RW" }, { _PAGE_USER, "US" },
		{ _PAGE_PWT, "PWT" }, { _PAGE_PCD, "PCD" },
		{ _PAGE_ACCESSED, "A" }, { _PAGE_DIRTY, "D" },
		{ _PAGE_PSE, "PS" }, { _PAGE_GLOBAL, "G" }, { _PAGE_NX, "NX" },
	};
	size_t len = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < ARRAY_SIZE(bits) && len < size; i++)
		if (v & bits[i].bit)
			len += snprintf(buf + len, size - len, "%s%s",
					len ? " " : "", bits[i].name);
}
