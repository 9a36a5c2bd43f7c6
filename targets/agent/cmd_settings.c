/*
 * cmd_settings.c - `settings`: the stack's own TCP settings that the suite's
 * expectations depend on, read from /proc/sys/net of the agent's namespace.
 * A setting that cannot be read is left out, never guessed: readers treat
 * an absent key as unknown (targets/AGENT.md).
 */
#include "commands.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* The first number of a /proc/sys file, or -1. */
static long read_sysctl(const char *path)
{
	char buf[64];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	char *end;
	long v;

	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = 0;
	v = strtol(buf, &end, 10);
	return end == buf || v < 0 ? -1 : v;
}

int cmd_settings(char **argv, struct reply *r)
{
	static const struct { const char *key, *path; long scale; } settings[] = {
		{ "syncookies", "/proc/sys/net/ipv4/tcp_syncookies", 1 },
		{ "timestamps", "/proc/sys/net/ipv4/tcp_timestamps", 1 },
		{ "sack", "/proc/sys/net/ipv4/tcp_sack", 1 },
		{ "wscale", "/proc/sys/net/ipv4/tcp_window_scaling", 1 },
		{ "ecn", "/proc/sys/net/ipv4/tcp_ecn", 1 },
		{ "fin_timeout_ms", "/proc/sys/net/ipv4/tcp_fin_timeout", 1000 },
		{ "somaxconn", "/proc/sys/net/core/somaxconn", 1 },
		{ "max_syn_backlog", "/proc/sys/net/ipv4/tcp_max_syn_backlog", 1 },
		{ "abort_on_overflow", "/proc/sys/net/ipv4/tcp_abort_on_overflow", 1 },
		{ "syn_retries", "/proc/sys/net/ipv4/tcp_syn_retries", 1 },
		{ "synack_retries", "/proc/sys/net/ipv4/tcp_synack_retries", 1 },
		{ "rfc1337", "/proc/sys/net/ipv4/tcp_rfc1337", 1 },
		{ "min_snd_mss", "/proc/sys/net/ipv4/tcp_min_snd_mss", 1 },
		{ "min_adv_mss", "/proc/sys/net/ipv4/route/min_adv_mss", 1 },
		{ "min_pmtu", "/proc/sys/net/ipv4/route/min_pmtu", 1 },
	};
	size_t i;

	(void)argv;
	for (i = 0; i < sizeof(settings) / sizeof(settings[0]); i++) {
		long v = read_sysctl(settings[i].path);

		if (v >= 0)
			reply_kv(r, settings[i].key, "%ld", v * settings[i].scale);
	}
	return 0;
}
