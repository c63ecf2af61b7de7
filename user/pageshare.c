/*
 * pageshare: a program for the page-sharing tests (usertests, sharing.c).
 * It counts the pages of its file mappings (its own program, and the C
 * library when linked dynamically: pageshare-dyn), reports
 * "mapped PAGES", waits for a line on standard input, reads a byte of
 * each of those pages, reports "touched", and waits until its input
 * closes. The tests count free frames around each step: a process that
 * reads its program's text must not add frames for it, whoever else runs
 * the same program.
 *
 * The text is padded with 256 KiB of unreachable int3 instructions,
 * so that text copied per process, rather than shared, would show.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

__asm__(".pushsection .text.pageshare_filler, \"ax\", @progbits\n"
	".fill 1 << 18, 1, 0xcc\n"
	".popsection");

/* The file mappings, as /proc/self/maps lists them. */
struct area {
	unsigned long start, end;
};
static struct area areas[64];
static int nr_areas;

static int read_maps(void)
{
	FILE *maps = fopen("/proc/self/maps", "r");
	char line[512];

	if (!maps)
		return -1;
	while (fgets(line, sizeof(line), maps) && nr_areas < 64) {
		struct area a;

		if (sscanf(line, "%lx-%lx", &a.start, &a.end) == 2 &&
		    strchr(line, '/'))
			areas[nr_areas++] = a;
	}
	fclose(maps);
	return 0;
}

static unsigned long touch_pages(void)
{
	const long page = sysconf(_SC_PAGESIZE);
	unsigned long sum = 0;

	for (int i = 0; i < nr_areas; i++)
		for (unsigned long a = areas[i].start; a < areas[i].end;
		     a += page)
			sum += *(volatile unsigned char *)a;
	return sum;
}

static void wait_for_line(void)
{
	char c;

	while (read(0, &c, 1) == 1 && c != '\n')
		;
}

int main(void)
{
	const long page = sysconf(_SC_PAGESIZE);
	unsigned long pages = 0;
	char c;

	if (read_maps())
		return 1;
	for (int i = 0; i < nr_areas; i++)
		pages += (areas[i].end - areas[i].start) / page;
	printf("mapped %lu\n", pages);
	fflush(stdout);
	wait_for_line();
	touch_pages();
	printf("touched\n");
	fflush(stdout);
	while (read(0, &c, 1) > 0)
		;
	return 0;
}
