/* cat [FILE...]: copy each file, or standard input for - or for none, to
 * standard output. A file that cannot be read is reported and skipped;
 * the status is then 1. */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static char buf[8192];

/* write() may take less than it was given, as a pipe that fills up does:
 * write the rest until all of it is out. */
static bool write_all(const char *p, size_t n)
{
	while (n > 0) {
		ssize_t done = write(1, p, n);

		if (done < 0)
			return false;
		p += done;
		n -= done;
	}
	return true;
}

/* Copies fd to standard output. Returns 0, or 1 if name cannot be read;
 * a failed write ends cat, as nothing after it could be written either. */
static int copy(int fd, const char *name)
{
	ssize_t n;

	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		if (!write_all(buf, n)) {
			fprintf(stderr, "cat: write error: %s\n",
				strerror(errno));
			_exit(1);
		}
	}
	if (n < 0) {
		fprintf(stderr, "cat: %s: %s\n", name, strerror(errno));
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	int status = 0;

	if (argc == 1)
		return copy(0, "-");
	for (int i = 1; i < argc; i++) {
		int fd = strcmp(argv[i], "-") == 0 ? 0 : open(argv[i], O_RDONLY);

		if (fd < 0) {
			fprintf(stderr, "cat: %s: %s\n", argv[i],
				strerror(errno));
			status = 1;
			continue;
		}
		status |= copy(fd, argv[i]);
		if (fd != 0)
			close(fd);
	}
	return status;
}
