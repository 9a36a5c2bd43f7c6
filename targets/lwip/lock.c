/*
 * lock.c - the tcpip core lock, and bounded waits with it released.
 *
 * The agent's thread calls lwIP's raw API holding the core lock, as
 * LWIP_TCPIP_CORE_LOCKING allows; a wait (accept, recv, wait_connected)
 * releases it between looks so the tcpip thread can run, and ends at a
 * deadline, never later than AGENT_MAX_TIMEOUT_MS.
 */
#include "lwip_agent.h"

#include <time.h>

#include "lwip/tcpip.h"

void core_lock(void)
{
	LOCK_TCPIP_CORE();
}

void core_unlock(void)
{
	UNLOCK_TCPIP_CORE();
}

long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

bool core_wait(long long deadline_ms)
{
	if (now_ms() >= deadline_ms)
		return false;
	core_unlock();
	nanosleep(&(struct timespec){ .tv_nsec = 1000 * 1000 }, NULL);
	core_lock();
	return true;
}
