/*
 * wait.h - what a test wrote is on disk before it blocks.
 *
 * A test's TAP lines (its job buffer) and its pcap are written through
 * stdio buffers and not flushed line by line: a write per assertion and
 * per frame would cost each a system call on the path from a captured
 * segment to the tester's answer. They are flushed here instead, before
 * every wait that may be long (a capture poll, a sleep, an agent's
 * answer), so a test killed while it waits (its time limit, the run's
 * death) leaves all it did in its buffer and its pcap.
 */
#ifndef SYNFIN_WAIT_H
#define SYNFIN_WAIT_H

#include <stdio.h>

static inline void sf_before_wait(void)
{
	fflush(NULL);
}

#endif
