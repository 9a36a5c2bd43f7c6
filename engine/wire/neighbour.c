/* neighbour.c - see neighbour.h. */
#include "neighbour.h"

#include <string.h>

#include "build.h"
#include "decode.h"

#define ASK_EVERY_MS 100 /* at most; sooner at first */
#define ND_NEIGHBOR_ADVERT_TYPE 136 /* RFC 4861 4.4 */

/* Is f the answer about target: an ARP reply from it, or a neighbour
 * advertisement for it? Its MAC into mac when so. */
static int is_answer(const struct sf_frame *f, const struct sf_addr *target, uint8_t mac[SF_ETH_ALEN])
{
	const struct sf_packet *p = &f->pkt;

	if (!f->decoded)
		return 0;
	if (p->l3 == SF_L3_ARP && p->arp.op == 2 && sf_addr_equal(&p->arp.spa, target)) {
		memcpy(mac, p->arp.sha, SF_ETH_ALEN);
		return 1;
	}
	if (p->l4 == SF_L4_ICMP && p->icmp.v6 && p->icmp.type == ND_NEIGHBOR_ADVERT_TYPE &&
	    sf_addr_equal(&p->icmp.nd_target, target)) {
		/* RFC 4861 4.4: the option may be left out of a solicited
		 * advertisement sent to a unicast address. */
		memcpy(mac, p->icmp.has_nd_lladdr ? p->icmp.nd_lladdr : p->eth_src, SF_ETH_ALEN);
		return 1;
	}
	return 0;
}

/* 1: the answer came within wait_ms; 0: not; -1: error. */
static int wait_answer(struct sf_link *lk, const struct sf_addr *target, uint8_t mac[SF_ETH_ALEN], int wait_ms,
		       struct sf_err *err)
{
	struct sf_frame f;
	int r, found = 0;

	while (!found && (r = sf_link_recv(lk, wait_ms, &f, err)) == 1) {
		found = is_answer(&f, target, mac);
		sf_frame_free(&f);
	}
	return r < 0 ? -1 : found;
}

static int ask(struct sf_link *lk, const struct sf_addr *tester, const struct sf_addr *target, struct sf_err *err)
{
	uint8_t *frame = NULL;
	uint32_t len = 0;
	int r = target->family == 6 ? sf_build_neighbor_solicit(lk->net, lk->mac, tester, target, &frame, &len, err)
				    : sf_build_arp_request(lk->net, lk->mac, tester, target, &frame, &len, err);

	if (r == 0)
		r = sf_link_send(lk, frame, len, err);
	sf_build_free(lk->net, frame);
	return r;
}

int sf_neigh_resolve(struct sf_link *lk, const struct sf_addr *tester, const struct sf_addr *target,
		     int timeout_ms, uint8_t mac[SF_ETH_ALEN], struct sf_err *err)
{
	const char *how = target->family == 6 ? "neighbour solicitations" : "ARP";
	char text[64];
	int waited, wait, r = 0;

	if (tester->family != target->family)
		return sf_err_set(err, "neighbour lookup: the tester's and the target's address differ in family");
	/* Asked again after 1, 2, 4 ... ms, at most every 100 ms: a fresh
	 * link often drops the first frame, and the answer to the second
	 * comes within a millisecond. */
	for (waited = 0, wait = 1; waited < timeout_ms && r == 0;
	     waited += wait, wait = wait < ASK_EVERY_MS / 2 ? 2 * wait : ASK_EVERY_MS) {
		r = ask(lk, tester, target, err);
		if (r == 0)
			r = wait_answer(lk, target, mac, wait, err);
	}
	if (r == 0)
		sf_err_set(err, "%s did not answer %s within %d ms", sf_addr_str(target, text, sizeof(text)), how,
			   timeout_ms);
	return r == 1 ? 0 : -1;
}
