/* link.c - see link.h. */
#include "link.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/if_packet.h>
#include <poll.h>
#include <sys/socket.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "build.h"
#include "capture_pool.h"
#include "decode.h"
#include "neighbour.h"
#include "netns.h"
#include "wait.h"

#define SNAPLEN 65535
/* The kernel's ring (libpcap rounds it up to 4 MiB of blocks): thousands
 * of small frames, more than any test's burst between two reads. Every
 * page of it is mapped when a test starts, so a larger one costs each test
 * memory (it was 32 MiB) and the time to map it. */
/* The capture ring: some 320 frames at MTU 1500, 56 at 9000, between two
 * reads of the link (every t:send, wait and agent call reads it). A test
 * process's largest piece of memory (2 MiB of its 4 at first), and a run
 * at -j N has 2N of them (bench/). The suite, the matrix, lwIP's and
 * gVisor's runs never fill it; a test that outran it is told
 * (sf_link_drops). */
#define CAPTURE_BUFFER (512 * 1024)
#define RECORD_BUFFER (64 * 1024)
#define ND_NEIGHBOR_SOLICIT_TYPE 135
#define ND_NEIGHBOR_ADVERT_TYPE 136 /* RFC 4861 4.4 */

static int open_pcap(struct sf_link *lk, const char *ifname, struct sf_err *err)
{
	char errbuf[PCAP_ERRBUF_SIZE] = "";

	lk->pcap = pcap_create(ifname, errbuf);
	if (!lk->pcap)
		return sf_err_set(err, "pcap_create %s: %s", ifname, errbuf);
	/* Immediate mode: a segment is seen when it arrives, not when a
	 * buffer fills; timing checks depend on it. */
	if (pcap_set_immediate_mode(lk->pcap, 1) || pcap_set_snaplen(lk->pcap, SNAPLEN) ||
	    pcap_set_buffer_size(lk->pcap, CAPTURE_BUFFER) ||
	    pcap_set_promisc(lk->pcap, 1) || pcap_activate(lk->pcap) < 0)
		return sf_err_set(err, "pcap on %s: %s", ifname, pcap_geterr(lk->pcap));
	if (pcap_setdirection(lk->pcap, PCAP_D_IN) < 0 || pcap_setnonblock(lk->pcap, 1, errbuf) < 0)
		return sf_err_set(err, "pcap on %s: %s", ifname, pcap_geterr(lk->pcap));
	lk->fd = pcap_get_selectable_fd(lk->pcap);
	if (lk->fd < 0)
		return sf_err_set(err, "pcap on %s: no selectable descriptor", ifname);
	/* Kept between tests (capture_pool.h): no agent or setup shell may hold it. */
	fcntl(lk->fd, F_SETFD, FD_CLOEXEC);
	/* What we send is recorded as sent: the kernel need not copy each of
	 * our frames into the ring for libpcap to drop (PCAP_D_IN). */
	setsockopt(lk->fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, &(int){ 1 }, sizeof(int));
	return 0;
}

/* libnet only builds frames; they go out through pcap's own socket. A
 * second AF_PACKET socket (libnet's) would cost a test another RCU grace
 * period when it is closed: the kernel's packet_release() waits for one
 * (synchronize_net), some 15 ms per socket, most of a test's teardown. */
static int open_in_netns(struct sf_link *lk, const char *ifname, const struct sf_ns_id *ns, struct sf_err *err)
{
	lk->pcap = ns ? sf_capture_pool_take(ifname, ns, &lk->ring_mtu) : NULL;
	if (lk->pcap) {
		lk->fd = pcap_get_selectable_fd(lk->pcap);
	} else {
		lk->ring_mtu = sf_if_mtu(ifname); /* what libpcap sizes the ring's slots for */
		if (open_pcap(lk, ifname, err) < 0)
			return -1;
	}
	lk->net = sf_build_context(err);
	if (!lk->net)
		return sf_err_prefix(err, "link %s", ifname);
	return 0;
}

/* Frames the kernel could not put in the capture ring (it was full) since
 * the handle was made: libpcap sums PACKET_STATISTICS' tp_drops. */
static long ring_drops(const struct sf_link *lk)
{
	struct pcap_stat st;

	return lk->pcap && pcap_stats(lk->pcap, &st) == 0 ? (long)st.ps_drop : 0;
}

int sf_link_open(struct sf_link *lk, const char *ifname, int netns_fd, const uint8_t mac[SF_ETH_ALEN],
		 const struct sf_addr *addr, struct sf_err *err)
{
	int home = -1, rc = -1, have_ns = 0;

	memset(lk, 0, sizeof(*lk));
	lk->fd = -1;
	snprintf(lk->ifname, sizeof(lk->ifname), "%s", ifname);
	memcpy(lk->mac, mac, SF_ETH_ALEN);
	lk->addr = *addr;
	if (netns_fd >= 0) {
		home = sf_netns_current(err);
		if (home < 0 || sf_netns_enter(netns_fd, err) < 0)
			goto cleanup; /* still at home: nothing to go back to */
		have_ns = sf_ns_id_of(netns_fd, &lk->ns) == 0;
	}
	rc = open_in_netns(lk, ifname, have_ns ? &lk->ns : NULL, err);
	/* Back home whatever happened; an open error is the one reported. */
	if (home >= 0 && sf_netns_enter(home, rc < 0 ? NULL : err) < 0)
		rc = -1;
cleanup:
	if (home >= 0)
		close(home);
	if (rc < 0)
		sf_link_close(lk);
	else
		lk->pooled = have_ns; /* only a handle that opened is worth keeping */
	if (rc == 0)
		lk->drops_before = ring_drops(lk); /* a pooled handle counts since it was made */
	return rc;
}

long sf_link_drops(const struct sf_link *lk)
{
	return ring_drops(lk) - lk->drops_before;
}

void sf_link_close(struct sf_link *lk)
{
	if (lk->dump)
		pcap_dump_close(lk->dump);
	if (lk->dead)
		pcap_close(lk->dead);
	if (lk->pcap && lk->pooled)
		sf_capture_pool_park(lk->pcap, lk->ifname, &lk->ns, lk->ring_mtu);
	else if (lk->pcap)
		pcap_close(lk->pcap);
	if (lk->net)
		libnet_destroy(lk->net);
	lk->dump = NULL;
	lk->dead = NULL;
	lk->pcap = NULL;
	lk->net = NULL;
	lk->fd = -1;
}

int sf_link_set_filter(struct sf_link *lk, const char *filter, struct sf_err *err)
{
	struct bpf_program prog;
	int rc = 0;

	if (pcap_compile(lk->pcap, &prog, filter, 1, PCAP_NETMASK_UNKNOWN) < 0)
		return sf_err_set(err, "BPF filter '%s': %s", filter, pcap_geterr(lk->pcap));
	if (pcap_setfilter(lk->pcap, &prog) < 0)
		rc = sf_err_set(err, "BPF filter '%s': %s", filter, pcap_geterr(lk->pcap));
	pcap_freecode(&prog);
	return rc;
}

int sf_link_record(struct sf_link *lk, const char *path, struct sf_err *err)
{
	FILE *file;

	lk->dead = pcap_open_dead(DLT_EN10MB, SNAPLEN);
	if (!lk->dead)
		return sf_err_set(err, "pcap_open_dead failed");
	/* A buffer of RECORD_BUFFER: written about once per thousand frames
	 * (and before each wait, engine/wait.h), not once per 4 KiB, which was
	 * one exchange in twenty of the round-trip bench. */
	file = fopen(path, "wb");
	if (!file)
		return sf_err_errno(err, "cannot write pcap %s", path);
	setvbuf(file, NULL, _IOFBF, RECORD_BUFFER);
	lk->dump = pcap_dump_fopen(lk->dead, file);
	if (!lk->dump) {
		fclose(file);
		return sf_err_set(err, "cannot write pcap %s: %s", path, pcap_geterr(lk->dead));
	}
	return 0;
}

static void record(struct sf_link *lk, const uint8_t *frame, size_t len, const struct timeval *ts)
{
	struct pcap_pkthdr h;

	if (!lk->dump)
		return;
	memset(&h, 0, sizeof(h));
	h.ts = *ts;
	h.caplen = (bpf_u_int32)len;
	h.len = (bpf_u_int32)len;
	pcap_dump((u_char *)lk->dump, &h, frame);
	/* On disk at least every 100 ms of frames, not after each: a write
	 * per frame would cost every segment a system call. */
	if (ts->tv_sec * 10 + ts->tv_usec / 100000 != lk->flushed_at) {
		pcap_dump_flush(lk->dump);
		lk->flushed_at = ts->tv_sec * 10 + ts->tv_usec / 100000;
	}
}

/* pcap's socket is non-blocking: a full send buffer (a flood outrunning
 * the peer) waits for room, as libnet's blocking socket did. */
static int inject(struct sf_link *lk, const uint8_t *frame, size_t len)
{
	int tries;

	for (tries = 0; tries < 100; tries++) {
		struct pollfd p = { .fd = lk->fd, .events = POLLOUT };

		if (pcap_inject(lk->pcap, frame, len) == (int)len)
			return 0;
		if (errno != EAGAIN && errno != EWOULDBLOCK && errno != ENOBUFS)
			return -1;
		poll(&p, 1, 10);
	}
	return -1;
}

int sf_link_send(struct sf_link *lk, const uint8_t *frame, size_t len, struct sf_err *err)
{
	struct timeval now;

	/* Stamped before it leaves, so in the pcap it precedes the answers it
	 * causes (their capture stamps come later). */
	gettimeofday(&now, NULL);
	if (inject(lk, frame, len) < 0)
		return sf_err_set(err, "send on %s: %s", lk->ifname, pcap_geterr(lk->pcap));
	record(lk, frame, len, &now);
	return 0;
}

/* Up to n frames to the kernel in one sendmmsg; waits for room as inject()
 * does. Returns how many went, or -1. */
static int inject_many(struct sf_link *lk, uint8_t *const frames[], const uint32_t lens[], int n)
{
	struct mmsghdr msgs[SF_LINK_BATCH];
	struct iovec iov[SF_LINK_BATCH];
	int i, tries, sent;

	if (n > SF_LINK_BATCH)
		n = SF_LINK_BATCH;
	memset(msgs, 0, sizeof(msgs));
	for (i = 0; i < n; i++) {
		iov[i] = (struct iovec){ .iov_base = frames[i], .iov_len = lens[i] };
		msgs[i].msg_hdr.msg_iov = &iov[i];
		msgs[i].msg_hdr.msg_iovlen = 1;
	}
	for (tries = 0; tries < 100; tries++) {
		struct pollfd p = { .fd = lk->fd, .events = POLLOUT };

		sent = sendmmsg(lk->fd, msgs, (unsigned)n, 0);
		if (sent > 0)
			return sent;
		if (errno != EAGAIN && errno != EWOULDBLOCK && errno != ENOBUFS)
			return -1;
		poll(&p, 1, 10);
	}
	return -1;
}

int sf_link_send_many(struct sf_link *lk, uint8_t *const frames[], const uint32_t lens[], int n, struct sf_err *err)
{
	struct timeval now;
	int done = 0, i, r;

	gettimeofday(&now, NULL);
	while (done < n) {
		r = inject_many(lk, frames + done, lens + done, n - done);
		if (r < 0)
			return sf_err_errno(err, "send on %s", lk->ifname);
		done += r;
	}
	for (i = 0; i < n; i++)
		record(lk, frames[i], lens[i], &now);
	return 0;
}

/* Send what a builder made, then free it. */
static int send_built(struct sf_link *lk, int built, uint8_t *frame, uint32_t len, struct sf_err *err)
{
	int rc = built < 0 ? -1 : sf_link_send(lk, frame, len, err);

	sf_build_free(lk->net, frame);
	return rc;
}

static int answer_arp(struct sf_link *lk, const struct sf_packet *p, struct sf_err *err)
{
	uint8_t *frame = NULL;
	uint32_t len = 0;
	int rc;

	rc = sf_build_arp_reply(lk->net, lk->mac, &lk->addr, p->arp.sha, &p->arp.spa, &frame, &len, err);
	return send_built(lk, rc, frame, len, err);
}

static int answer_ns(struct sf_link *lk, const struct sf_packet *p, struct sf_err *err)
{
	static const uint8_t all_nodes[16] = { 0xff, 0x02, [15] = 1 };
	static const uint8_t all_nodes_mac[SF_ETH_ALEN] = { 0x33, 0x33, 0, 0, 0, 1 };
	static const uint8_t unspecified[16];
	struct sf_l2l3 net = { .src = lk->addr, .dst = p->ip.src };
	uint8_t *frame = NULL;
	uint32_t len = 0;
	int rc;

	memcpy(net.eth_src, lk->mac, SF_ETH_ALEN);
	memcpy(net.eth_dst, p->eth_src, SF_ETH_ALEN);
	if (!memcmp(p->ip.src.bytes, unspecified, 16)) { /* RFC 4861 7.2.4: from DAD, answer all-nodes */
		memcpy(net.dst.bytes, all_nodes, 16);
		memcpy(net.eth_dst, all_nodes_mac, SF_ETH_ALEN);
	}
	rc = sf_build_neighbor_adv(lk->net, &net, &lk->addr, &frame, &len, err);
	return send_built(lk, rc, frame, len, err);
}

/* 1: answered here (ARP/ND for our address); 0: for the caller; -1: error. */
static int handle_neighbour(struct sf_link *lk, const struct sf_packet *p, struct sf_err *err)
{
	if (p->l3 == SF_L3_ARP && p->arp.op == 1 && sf_addr_equal(&p->arp.tpa, &lk->addr))
		return answer_arp(lk, p, err) < 0 ? -1 : 1;
	/* The tester asks nothing by ARP or ND but in sf_link_probe(): a
	 * reply to us after it succeeded answers one of its earlier requests. */
	if (lk->probed && p->l3 == SF_L3_ARP && p->arp.op == 2 && !memcmp(p->arp.tha, lk->mac, SF_ETH_ALEN))
		return 1;
	if (lk->probed && p->l4 == SF_L4_ICMP && p->icmp.v6 && p->icmp.type == ND_NEIGHBOR_ADVERT_TYPE &&
	    !memcmp(p->eth_dst, lk->mac, SF_ETH_ALEN))
		return 1;
	if (p->l4 == SF_L4_ICMP && p->icmp.v6 && p->icmp.type == ND_NEIGHBOR_SOLICIT_TYPE &&
	    sf_addr_equal(&p->icmp.nd_target, &lk->addr))
		return answer_ns(lk, p, err) < 0 ? -1 : 1;
	return 0;
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

/* Copy a captured frame into out and decode it, once, for everyone above. */
/* Decode a captured frame, once, for everyone above. It is not copied:
 * out->data is libpcap's, in the capture ring, until the link's next read
 * (a copy per frame was a malloc, a memcpy and a free on every frame's way). */
static void take_frame(struct sf_frame *out, const u_char *data, const struct pcap_pkthdr *h)
{
	out->data = data;
	out->len = h->caplen;
	out->ts = h->ts;
	out->decoded = sf_decode(out->data, out->len, &out->pkt, &out->decode_err) == 0;
}

/*
 * One frame off pcap, if any: 1 a frame for the caller in *out; 2 an
 * ARP/ND frame for our address, answered here (read on); 0 nothing
 * waiting; -1 error. Only 1 leaves out->data to the caller.
 */
static int take_one(struct sf_link *lk, struct sf_frame *out, struct sf_err *err)
{
	struct pcap_pkthdr *h;
	const u_char *data;
	int r = pcap_next_ex(lk->pcap, &h, &data), mine = 0;

	if (r == 0)
		return 0;
	if (r < 0)
		return sf_err_set(err, "capture on %s: %s", lk->ifname, pcap_geterr(lk->pcap));
	record(lk, data, h->caplen, &h->ts);
	take_frame(out, data, h);
	mine = out->decoded ? handle_neighbour(lk, &out->pkt, err) : 0;
	r = mine < 0 ? -1 : mine ? 2 : 1;
	if (r != 1)
		sf_frame_free(out);
	return r;
}

int sf_link_recv(struct sf_link *lk, int timeout_ms, struct sf_frame *out, struct sf_err *err)
{
	double deadline = now_ms() + (timeout_ms > 0 ? timeout_ms : 0);

	sf_frame_free(out); /* what the caller reads of *out when none came; the rest is written on a take */
	for (;;) {
		struct pollfd p = { .fd = lk->fd, .events = POLLIN };
		int r = take_one(lk, out, err), left;

		if (r == 1 || r < 0)
			return r;
		if (r == 2)
			continue;
		left = (int)(deadline - now_ms());
		if (left <= 0)
			return 0;
		sf_before_wait();
		if (poll(&p, 1, left) < 0 && errno != EINTR)
			return sf_err_errno(err, "poll on %s", lk->ifname);
	}
}

void sf_frame_free(struct sf_frame *f)
{
	f->data = NULL; /* libpcap's: nothing to free */
	f->len = 0;
	f->decoded = 0;
}

int sf_link_probe(struct sf_link *lk, const struct sf_addr *tester, const struct sf_addr *target, int timeout_ms,
		  struct sf_err *err)
{
	uint8_t mac[SF_ETH_ALEN];

	if (sf_neigh_resolve(lk, tester, target, timeout_ms, mac, err) < 0)
		return sf_err_prefix(err, "link check");
	lk->probed = 1; /* late answers to the requests before are dropped from now on */
	return 0;
}
