/*
 * hello: the C library at work. The same static binary runs on aspace and
 * on Linux: printf, malloc, fork and wait, each a few system calls away.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct utsname u;
	char *greeting;
	int status;
	pid_t pid;

	uname(&u);
	printf("hello from %s, pid %d, with %d argument%s\n", u.sysname,
	       getpid(), argc - 1, argc == 2 ? "" : "s");
	for (int i = 1; i < argc; i++)
		printf("  argv[%d] = \"%s\"\n", i, argv[i]);

	greeting = malloc(64);		/* brk: the heap grows */
	if (!greeting)
		return 1;
	snprintf(greeting, 64, "%s says %s", argv[0], "hi");
	puts(greeting);
	free(greeting);

	fflush(stdout);		/* or the child would print it again */
	pid = fork();
	if (pid < 0) {
		perror("fork");
		return 1;
	}
	if (pid == 0) {
		printf("child: pid %d, parent %d; exiting 7\n", getpid(),
		       getppid());
		exit(7);
	}
	waitpid(pid, &status, 0);
	printf("parent: child %d exited %d\n", pid, WEXITSTATUS(status));
	return 0;
}
