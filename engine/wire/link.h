/*
 * link.h - the tester's wire: libpcap in (immediate mode, inbound only, a
 * BPF filter per test) and libnet out, on one interface.
 *
 * The link plays the tester's addresses at the link layer: it answers ARP
 * requests and IPv6 neighbour solicitations for them itself, so the target
 * needs no static neighbour entries. Everything else that arrives is handed
 * up, decoded (sf_decode(), checksums verified there). Every frame in either direction can be recorded
 * to a pcap file.
 */
#ifndef SYNFIN_LINK_H
#define SYNFIN_LINK_H

#include <libnet.h>
#include <pcap/pcap.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/time.h>

#include "capture_pool.h"
#include "error.h"
#include "packet.h"

/* A captured frame, decoded once: everyone above reads pkt (or
 * decode_err), nobody decodes the bytes again. */
struct sf_frame {
	const uint8_t *data;     /* in the capture ring: valid until the link's next read */
	size_t len;
	struct timeval ts;
	int decoded;             /* 1: pkt holds it (pkt.tcp.payload points into data); 0: malformed */
	struct sf_packet pkt;
	struct sf_err decode_err; /* why it did not decode, when decoded is 0 */
};

struct sf_link {
	pcap_t *pcap;
	libnet_t *net;
	int fd;                        /* pcap's selectable descriptor */
	uint8_t mac[SF_ETH_ALEN];
	struct sf_addr addr;           /* the tester's address (ARP/ND answered for it) */
	pcap_t *dead;                  /* for the recording */
	pcap_dumper_t *dump;
	int probed;                    /* sf_link_probe() succeeded: ARP replies to us are its stragglers */
	long flushed_at;               /* the recording's last flush, in tenths of a second */
	char ifname[32];
	int pooled;                    /* in a namespace given by fd: parked, not closed (capture_pool.h) */
	unsigned ring_mtu;             /* the interface's MTU when pcap was activated: what its ring takes */
	struct sf_ns_id ns;
	long drops_before;             /* the ring's drops when the link opened (sf_link_drops) */
};

/*
 * Open capture and injection on ifname inside the namespace held by
 * netns_fd (-1: the current one). The descriptors stay bound to that
 * namespace; the calling thread is back where it was on return. In a
 * namespace given by fd, the capture socket of the last link closed there
 * on the same interface name is taken again, made fresh
 * (capture_pool.h), and sf_link_close() parks it rather than closing it.
 */
int sf_link_open(struct sf_link *lk, const char *ifname, int netns_fd, const uint8_t mac[SF_ETH_ALEN],
		 const struct sf_addr *addr, struct sf_err *err);
/* Frames the target sent that the capture ring had no room for since the
 * link opened: a test that sees them missing saw less than was sent. */
long sf_link_drops(const struct sf_link *lk);

void sf_link_close(struct sf_link *lk);

/* Capture only what matches (BPF syntax, see pcap-filter(7)). */
int sf_link_set_filter(struct sf_link *lk, const char *filter, struct sf_err *err);

/* Record every frame sent and received from now on into path (pcap). */
int sf_link_record(struct sf_link *lk, const char *path, struct sf_err *err);

/* Put a frame on the wire (and in the recording). */
int sf_link_send(struct sf_link *lk, const uint8_t *frame, size_t len, struct sf_err *err);

/* Frames per system call of sf_link_send_many(). */
#define SF_LINK_BATCH 64

/* Put n frames on the wire in order, SF_LINK_BATCH per system call
 * (sendmmsg), waiting for room when the socket's buffer is full; all go
 * in the recording, stamped with the time of the call. */
int sf_link_send_many(struct sf_link *lk, uint8_t *const frames[], const uint32_t lens[], int n, struct sf_err *err);

/*
 * Wait up to timeout_ms for the next frame that is not ARP/ND for our own
 * address (those are answered here). Returns 1 with *out filled and
 * decoded, its bytes in the capture ring until the next read on lk (done
 * with it: sf_frame_free()), 0 on timeout, -1 on error.
 */
int sf_link_recv(struct sf_link *lk, int timeout_ms, struct sf_frame *out, struct sf_err *err);

/*
 * Check the link end to end before a test: ARP for an IPv4 `target`, a
 * neighbour solicitation for an IPv6 one (from `tester`, the same family),
 * until it answers: again after 1, 2, 4 ... ms and at most every 100 ms, for
 * at most timeout_ms (sf_neigh_resolve()); later replies to the tester are
 * dropped, not handed up. Proves that frames cross both ways, which a link that is
 * administratively and operationally up does not yet guarantee.
 */
int sf_link_probe(struct sf_link *lk, const struct sf_addr *tester, const struct sf_addr *target, int timeout_ms,
		  struct sf_err *err);

void sf_frame_free(struct sf_frame *f);

#endif
