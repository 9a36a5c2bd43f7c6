/*
 * bare_setup.c - the floor for synfin's per-test setup and teardown: create
 * and drop the namespaces and veth pair of one test, N times, with the same
 * netlink calls as the linux-netns target and nothing else (no agent, no
 * capture, no Lua, no fork per test).
 *
 *   bench_bare_setup N    prints per_test_ms (wall time / N)
 */
#include <stdio.h>
#include <stdlib.h>

#include "bare_pair.h"

int main(int argc, char **argv)
{
	int i, n = argc == 2 ? atoi(argv[1]) : 0;
	double t0;

	if (n <= 0) {
		fprintf(stderr, "usage: bench_bare_setup N\n");
		return 2;
	}
	t0 = bare_now();
	for (i = 0; i < n; i++) {
		struct bare_pair p;

		bare_pair_open(&p, 0);
		bare_pair_close(&p);
	}
	printf("per_test_ms %.2f\n", (bare_now() - t0) * 1e3 / n);
	return 0;
}
