/*
 * pcap_stats.c - figures read from the pcaps of a synfin run.
 *
 *   bench_pcap_stats reply FILE     the engine's reply latency: for every
 *       TCP segment from the target that is followed directly by one from
 *       the tester, the time between the two timestamps (the target's is
 *       the kernel's capture time, the tester's is taken when it was sent):
 *       reply_count, reply_p50_us, reply_p99_us
 *   bench_pcap_stats span FILE...   how long each test spent on the wire
 *       (first to last frame): span_sum_s, span_max_s, span_count
 */
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bare_pair.h"

static double ts_of(const struct pcap_pkthdr *h)
{
	return (double)h->ts.tv_sec + (double)h->ts.tv_usec / 1e6;
}

static pcap_t *open_or_die(const char *path)
{
	char errbuf[PCAP_ERRBUF_SIZE];
	pcap_t *p = pcap_open_offline(path, errbuf);

	if (!p) {
		fprintf(stderr, "bench: %s\n", errbuf);
		exit(2);
	}
	return p;
}

/* 1 when the frame is IPv4/IPv6 TCP sent by `mac`. */
static int tcp_from(const struct pcap_pkthdr *h, const u_char *d, const uint8_t mac[6])
{
	if (h->caplen < 54 || memcmp(d + 6, mac, 6))
		return 0;
	if (d[12] == 0x08 && d[13] == 0x00)
		return d[23] == 6;
	return d[12] == 0x86 && d[13] == 0xdd && h->caplen >= 74 && d[20] == 6;
}

static int reply(const char *path)
{
	pcap_t *p = open_or_die(path);
	struct pcap_pkthdr *h;
	const u_char *d;
	double last_target = -1, *v = NULL;
	int n = 0, cap = 0;

	while (pcap_next_ex(p, &h, &d) == 1) {
		if (tcp_from(h, d, bare_target_mac)) {
			last_target = ts_of(h);
			continue;
		}
		if (last_target >= 0 && tcp_from(h, d, bare_tester_mac)) {
			if (n == cap && !(v = realloc(v, (size_t)(cap = cap ? cap * 2 : 1024) * sizeof(*v))))
				return 2;
			v[n++] = (ts_of(h) - last_target) * 1e6;
		}
		last_target = -1;
	}
	pcap_close(p);
	printf("reply_count %d\nreply_p50_us %.1f\nreply_p99_us %.1f\n", n, bare_quantile(v, n, 0.5),
	       bare_quantile(v, n, 0.99));
	free(v);
	return 0;
}

static int span(int n, char **paths)
{
	double sum = 0, max = 0;
	int i;

	for (i = 0; i < n; i++) {
		pcap_t *p = open_or_die(paths[i]);
		struct pcap_pkthdr *h;
		const u_char *d;
		double first = -1, last = -1;

		while (pcap_next_ex(p, &h, &d) == 1) {
			if (first < 0)
				first = ts_of(h);
			last = ts_of(h);
		}
		pcap_close(p);
		if (first >= 0) {
			sum += last - first;
			max = last - first > max ? last - first : max;
		}
	}
	printf("span_sum_s %.2f\nspan_max_s %.2f\nspan_count %d\n", sum, max, n);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "reply"))
		return reply(argv[2]);
	if (argc >= 3 && !strcmp(argv[1], "span"))
		return span(argc - 2, argv + 2);
	fprintf(stderr, "usage: bench_pcap_stats reply FILE | span FILE...\n");
	return 2;
}
