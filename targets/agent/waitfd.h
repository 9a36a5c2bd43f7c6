/*
 * waitfd.h - poll-bounded waits.
 *
 * Every blocking step of the agent goes through here, so that no request
 * can hang it: a deadline is fixed when the request starts and each poll()
 * only gets the time that is left.
 */
#ifndef SYNFIN_AGENT_WAITFD_H
#define SYNFIN_AGENT_WAITFD_H

#include <time.h>

struct deadline {
	struct timespec end;	/* CLOCK_MONOTONIC */
};

void deadline_start(struct deadline *d, int timeout_ms);

/* Milliseconds left before the deadline, 0 once it has passed. */
int deadline_left(const struct deadline *d);

/*
 * Wait until fd reports one of events (POLLERR and POLLHUP always count) or
 * the deadline passes. Returns 1 when ready, 0 on timeout (immediately if
 * the deadline has already passed), -1 with errno set if poll() failed.
 */
int wait_until(int fd, short events, const struct deadline *d);

#endif
