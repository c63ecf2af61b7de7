/* sleep SECONDS: wait that long; SECONDS may have a fraction. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int main(int argc, char **argv)
{
	char *end = NULL;
	double seconds = argc == 2 ? strtod(argv[1], &end) : -1;
	struct timespec ts;

	if (argc != 2 || *end || end == argv[1] || seconds < 0) {
		fprintf(stderr, "usage: sleep SECONDS\n");
		return 2;
	}
	ts.tv_sec = (time_t)seconds;
	ts.tv_nsec = (long)((seconds - (double)ts.tv_sec) * 1e9);
	while (nanosleep(&ts, &ts) != 0)
		if (errno != EINTR) {
			perror("sleep: nanosleep");
			return 1;
		}
	return 0;
}
