/*
 * rss_peak.c - the peak memory of a process tree: run COMMAND and, every
 * 2 ms until it exits, add up the proportional set size (Pss) of it and of
 * every process below it (per-test children, agents). getrusage's ru_maxrss
 * cannot do this: for children it reports the largest one, not the sum at
 * one time; and a sum of plain RSS would count the pages a forked test
 * shares with its parent once per process. Pss divides each shared page
 * among the processes that map it, so the sum is the memory the tree holds.
 *
 *   bench_rss_peak COMMAND [ARG]...   runs it (its output is its own) and
 *       prints "peak_pss_kib N" (summed Pss) on stderr; exits with its status
 */
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_PROCS 65536

static pid_t ppid_of[MAX_PROCS];

static long pss_kib(int pid)
{
	char path[64], line[256];
	long kib = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/smaps_rollup", pid);
	if (!(f = fopen(path, "r")))
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "Pss: %ld kB", &kib) == 1)
			break;
	fclose(f);
	return kib;
}

/* Read every process's parent; returns the highest pid seen. */
static int scan(void)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	int top = 0;

	memset(ppid_of, 0, sizeof(ppid_of));
	while (d && (e = readdir(d))) {
		int pid = atoi(e->d_name), ppid = 0;
		char path[64];
		FILE *f;

		if (pid <= 0 || pid >= MAX_PROCS)
			continue;
		snprintf(path, sizeof(path), "/proc/%d/stat", pid);
		if (!(f = fopen(path, "r")))
			continue;
		if (fscanf(f, "%*d (%*[^)]) %*c %d", &ppid) != 1)
			ppid = 0;
		fclose(f);
		ppid_of[pid] = ppid;
		top = pid > top ? pid : top;
	}
	if (d)
		closedir(d);
	return top;
}

static int below(int pid, pid_t root)
{
	int hops;

	for (hops = 0; pid > 0 && hops < 64; hops++, pid = ppid_of[pid])
		if (pid == root)
			return 1;
	return 0;
}

static long tree_kib(pid_t root)
{
	int top = scan(), pid;
	long kib = 0;

	for (pid = 1; pid <= top; pid++)
		if (ppid_of[pid] && below(pid, root))
			kib += pss_kib(pid);
	return kib;
}

int main(int argc, char **argv)
{
	pid_t child;
	long peak = 0, now;
	int status;

	if (argc < 2) {
		fprintf(stderr, "usage: bench_rss_peak COMMAND [ARG]...\n");
		return 2;
	}
	child = fork();
	if (child == 0) {
		execvp(argv[1], argv + 1);
		perror(argv[1]);
		_exit(127);
	}
	for (;;) {
		if (waitpid(child, &status, WNOHANG) == child)
			break;
		now = tree_kib(child);
		peak = now > peak ? now : peak;
		nanosleep(&(struct timespec){ .tv_nsec = 2 * 1000 * 1000 }, NULL);
	}
	fprintf(stderr, "peak_pss_kib %ld\n", peak);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
