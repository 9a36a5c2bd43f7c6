/*
 * waitfd.c - poll-bounded waits against a monotonic deadline.
 */
#include "waitfd.h"

#include <errno.h>
#include <poll.h>

void deadline_start(struct deadline *d, int timeout_ms)
{
	clock_gettime(CLOCK_MONOTONIC, &d->end);
	d->end.tv_sec += timeout_ms / 1000;
	d->end.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
	if (d->end.tv_nsec >= 1000000000L) {
		d->end.tv_sec++;
		d->end.tv_nsec -= 1000000000L;
	}
}

int deadline_left(const struct deadline *d)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	long long ns = (long long)(d->end.tv_sec - now.tv_sec) * 1000000000LL
		+ (d->end.tv_nsec - now.tv_nsec);
	if (ns <= 0)
		return 0;
	/* Round up so that a wait never ends a fraction of a ms early. */
	return (int)((ns + 999999) / 1000000);
}

int wait_until(int fd, short events, const struct deadline *d)
{
	struct pollfd pfd = { .fd = fd, .events = events };

	for (;;) {
		int left = deadline_left(d);
		if (left == 0)
			return 0;
		int n = poll(&pfd, 1, left);
		if (n > 0)
			return 1;
		if (n < 0 && errno != EINTR)
			return -1;
	}
}
