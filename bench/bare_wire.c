/*
 * bare_wire.c - the floor for synfin's hot path: the same SYNs, on the same
 * kind of veth pair against the same kernel target, sent and received with
 * plain AF_PACKET sockets from C (no libnet, no pcap, no Lua).
 *
 *   bench_bare_wire flood N   N SYNs to a closed port in a sendto loop:
 *                             prints inject_rate (frames per second)
 *   bench_bare_wire rtt N     N times: SYN to a listener, wait for its
 *                             SYN-ACK, answer RST: prints the round trip
 *                             (send -> SYN-ACK read) and the reply latency
 *                             (SYN-ACK's kernel timestamp -> RST built),
 *                             p50/p99 in microseconds, and the peak RSS
 *   bench_bare_wire reply N   the same, answering the SYN-ACK with the ACK
 *                             that completes the handshake (reply latency
 *                             to it), then RST: the exchange of t:tcp's
 *                             connect() and abort()
 *
 * Output is "name value" lines for bench/run to read.
 */
#include <arpa/inet.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "bare_pair.h"
#include "checksum.h"
#include "decode.h"

#define FRAME_LEN 54 /* Ethernet 14 + IPv4 20 + TCP 20, as t:send{flags = "S"} builds */

/* One TCP segment 198.18.0.1:sport -> 198.18.0.2:dport, checksums done. */
static void build_segment_ack(uint8_t f[FRAME_LEN], uint16_t sport, uint16_t dport, uint32_t seq, uint32_t ack,
			      uint8_t flags)
{
	static const uint8_t src[4] = { 198, 18, 0, 1 }, dst[4] = { 198, 18, 0, 2 };
	struct sf_addr s = { .family = 4 }, d = { .family = 4 };
	uint8_t *ip = f + 14, *tcp = f + 34;
	uint16_t c;

	memset(f, 0, FRAME_LEN);
	memcpy(f, bare_target_mac, 6);
	memcpy(f + 6, bare_tester_mac, 6);
	f[12] = 0x08;
	ip[0] = 0x45, ip[3] = 40, ip[6] = 0x40, ip[8] = 64, ip[9] = 6;
	memcpy(ip + 12, src, 4);
	memcpy(ip + 16, dst, 4);
	c = (uint16_t)~sf_csum_fold(sf_csum_add(0, ip, 20));
	ip[10] = (uint8_t)(c >> 8), ip[11] = (uint8_t)c;
	tcp[0] = (uint8_t)(sport >> 8), tcp[1] = (uint8_t)sport;
	tcp[2] = (uint8_t)(dport >> 8), tcp[3] = (uint8_t)dport;
	tcp[4] = (uint8_t)(seq >> 24), tcp[5] = (uint8_t)(seq >> 16), tcp[6] = (uint8_t)(seq >> 8), tcp[7] = (uint8_t)seq;
	tcp[8] = (uint8_t)(ack >> 24), tcp[9] = (uint8_t)(ack >> 16), tcp[10] = (uint8_t)(ack >> 8), tcp[11] = (uint8_t)ack;
	tcp[12] = 0x50, tcp[13] = flags, tcp[14] = 0xfa, tcp[15] = 0xf0; /* window 64240 */
	memcpy(s.bytes, src, 4);
	memcpy(d.bytes, dst, 4);
	c = sf_csum_l4(&s, &d, 6, tcp, 20);
	tcp[16] = (uint8_t)(c >> 8), tcp[17] = (uint8_t)c;
}

static void build_segment(uint8_t f[FRAME_LEN], uint16_t sport, uint16_t dport, uint32_t seq, uint8_t flags)
{
	build_segment_ack(f, sport, dport, seq, 0, flags);
}

static int packet_socket(int proto)
{
	struct sockaddr_ll sll = { .sll_family = AF_PACKET, .sll_protocol = htons((uint16_t)proto) };
	int one = 1, s = socket(AF_PACKET, SOCK_RAW, htons((uint16_t)proto));

	sll.sll_ifindex = (int)if_nametoindex(BARE_TESTER_IF);
	if (s < 0 || bind(s, (struct sockaddr *)&sll, sizeof(sll)) < 0) {
		perror("bench: AF_PACKET socket");
		exit(2);
	}
	if (proto) {
		setsockopt(s, SOL_PACKET, PACKET_IGNORE_OUTGOING, &one, sizeof(one));
		setsockopt(s, SOL_SOCKET, SO_TIMESTAMPNS, &one, sizeof(one));
	}
	return s;
}

static void flood(long n)
{
	uint8_t f[FRAME_LEN];
	int s = packet_socket(0);
	double t0;
	long i;

	t0 = bare_now();
	for (i = 0; i < n; i++) {
		/* seq i, as the synfin loop sends, with its checksum: a segment
		 * whose checksum is wrong costs the target less (it is dropped
		 * before any lookup, and answered by no RST) */
		build_segment(f, 40001, 81, (uint32_t)i, 0x02);
		if (send(s, f, FRAME_LEN, 0) != FRAME_LEN) {
			perror("bench: send");
			exit(2);
		}
	}
	printf("inject_rate %.0f\n", (double)n / (bare_now() - t0));
	close(s);
}

static void listen_80(void *arg)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(80) };
	int *fd = arg, one = 1;

	inet_pton(AF_INET, "198.18.0.2", &a.sin_addr);
	*fd = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(*fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (*fd < 0 || bind(*fd, (struct sockaddr *)&a, sizeof(a)) < 0 || listen(*fd, 4096) < 0) {
		perror("bench: listen");
		exit(2);
	}
}

/* Read until the SYN-ACK to sport; its kernel timestamp in *ts, its
 * sequence number in *seq. 0 on timeout. */
static int await_synack(int s, uint16_t sport, struct timespec *ts, uint32_t *seq)
{
	uint8_t f[2048];
	char ctl[256];

	for (;;) {
		struct iovec iov = { f, sizeof(f) };
		struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl, .msg_controllen = sizeof(ctl) };
		struct pollfd p = { .fd = s, .events = POLLIN };
		struct cmsghdr *c;
		ssize_t r;

		if (poll(&p, 1, 1000) <= 0)
			return 0;
		r = recvmsg(s, &m, 0);
		if (r < 54 || f[12] != 0x08 || f[23] != 6 || f[47] != 0x12 || ((f[36] << 8) | f[37]) != sport)
			continue;
		for (c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c))
			if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SO_TIMESTAMPNS)
				memcpy(ts, CMSG_DATA(c), sizeof(*ts));
		*seq = (uint32_t)f[38] << 24 | (uint32_t)f[39] << 16 | (uint32_t)f[40] << 8 | f[41];
		return 1;
	}
}

static double since_us(const struct timespec *ts)
{
	struct timespec now;

	clock_gettime(CLOCK_REALTIME, &now);
	return (double)(now.tv_sec - ts->tv_sec) * 1e6 + (double)(now.tv_nsec - ts->tv_nsec) / 1e3;
}

/* The round trip (SYN sent -> SYN-ACK read) and the reply latency (the
 * SYN-ACK's kernel timestamp -> our answer built and about to be sent),
 * n times. The answer is
 * the RST (mode "rtt", as bench/scripts/exchange.lua's round trip sends
 * one), or the ACK that completes the handshake, then the RST (mode
 * "reply", as t:tcp's c:connect() and c:abort() do): then the target
 * makes and frees a whole connection each time, and its kernel's work
 * for that (RCU callbacks, timer ticks) falls into later waits, ours and
 * the bare loop's alike. */
static void rtt(struct bare_pair *pair, int n, int with_ack)
{
	double *rt = calloc((size_t)n, sizeof(double)), *reply = calloc((size_t)n, sizeof(double)), t0;
	int lfd, s, i, got = 0, warm = 50;
	struct rusage ru;
	uint8_t f[FRAME_LEN];

	bare_in_target(pair, listen_80, &lfd);
	s = packet_socket(ETH_P_IP);
	for (i = -warm; i < n; i++) {
		uint16_t sport = (uint16_t)(20000 + warm + i);
		struct timespec ts = { 0, 0 };
		uint32_t isn = 0;

		build_segment(f, sport, 80, 1000, 0x02);
		t0 = bare_now();
		if (send(s, f, FRAME_LEN, 0) != FRAME_LEN || !await_synack(s, sport, &ts, &isn))
			continue;
		if (i >= 0)
			rt[got] = (bare_now() - t0) * 1e6;
		/* Timed as the engine stamps what it sends: the frame built, just
		 * before it goes to the kernel. */
		if (with_ack) {
			build_segment_ack(f, sport, 80, 1001, isn + 1, 0x10);
			if (i >= 0)
				reply[got] = since_us(&ts);
			send(s, f, FRAME_LEN, 0);
		}
		build_segment(f, sport, 80, 1001, 0x04);
		if (i >= 0 && !with_ack)
			reply[got] = since_us(&ts);
		send(s, f, FRAME_LEN, 0);
		if (i >= 0)
			got++;
	}
	getrusage(RUSAGE_SELF, &ru);
	printf("rtt_count %d\nrtt_p50_us %.1f\nrtt_p99_us %.1f\n", got, bare_quantile(rt, got, 0.5),
	       bare_quantile(rt, got, 0.99));
	printf("reply_p50_us %.1f\nreply_p99_us %.1f\nmaxrss_kib %ld\n", bare_quantile(reply, got, 0.5),
	       bare_quantile(reply, got, 0.99), ru.ru_maxrss);
	free(rt);
	free(reply);
	close(s);
	close(lfd);
}

int main(int argc, char **argv)
{
	struct bare_pair p;
	long n = argc > 2 ? atol(argv[2]) : 0;

	if (argc != 3 || n <= 0 || (strcmp(argv[1], "flood") && strcmp(argv[1], "rtt") && strcmp(argv[1], "reply"))) {
		fprintf(stderr, "usage: bench_bare_wire flood|rtt|reply N\n");
		return 2;
	}
	bare_pair_open(&p, 1);
	if (!strcmp(argv[1], "flood"))
		flood(n);
	else
		rtt(&p, (int)n, !strcmp(argv[1], "reply"));
	bare_pair_close(&p);
	return 0;
}
