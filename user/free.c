/* free: how much memory there is and how much is free, from sysinfo. On
 * aspace the free count is exact: watch it move as programs run. */
#include <stdio.h>
#include <sys/sysinfo.h>

int main(void)
{
	struct sysinfo si;

	if (sysinfo(&si) != 0) {
		perror("free: sysinfo");
		return 1;
	}
	printf("%lu KiB total, %lu KiB free (%lu free pages)\n",
	       si.totalram * si.mem_unit / 1024, si.freeram * si.mem_unit / 1024,
	       si.freeram * si.mem_unit / 4096);
	return 0;
}
