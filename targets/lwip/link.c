/*
 * link.c - lwIP's netifs on the interface synfin gives the agent.
 *
 * link=veth: an AF_PACKET socket bound to $SYNFIN_IF (sf-target); frames
 * the kernel loops back to us as PACKET_OUTGOING are our own and skipped.
 * link=tap: the tap $SYNFIN_IF (sf-tap), opened by name. One reader thread
 * hands each frame to lwIP itself, under the core lock (ethernet_input, not
 * tcpip_input's post to the tcpip thread), so that link_settle() can tell
 * when every frame that reached the link has been through lwIP: a request
 * then sees the state the tester's last segment left, as with a kernel.
 *
 * lwIP keeps one IPv4 address per netif, so the second IPv4 address
 * ($SYNFIN_ADDR4_2) is a second netif with the same MAC on the same link:
 * ARP and IPv4 frames for that address go to it, all else to the first.
 * Both IPv6 addresses sit on the first netif, made PREFERRED at once
 * (no DAD: synfin owns the link, and DAD would delay every test by 1 s).
 *
 * The fault switch ($SYNFIN_FAULT, targets/AGENT.md) is here, in the link:
 * drop-rst drops every outgoing TCP segment with RST, drop-fin-after-first
 * every outgoing segment with FIN after the first one, so that synfin's
 * self-tests can show which scripts catch a stack that loses them.
 */
#include "lwip_agent.h"
#include "frame.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if_packet.h>
#include <linux/if_tun.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "lwip/etharp.h"
#include "lwip/ethip6.h"
#include "lwip/netif.h"
#include "lwip/tcpip.h"
#include "lwip/prot/tcp.h"
#include "netif/ethernet.h"

#define FRAME_MAX 9216
/* How long a request waits for the reader to drain the link: a burst of
 * the tester's frames takes microseconds; this only bounds a flood. */
#define LINK_SETTLE_MS 50

enum fault { FAULT_NONE, FAULT_DROP_RST, FAULT_DROP_FIN_AFTER_FIRST };

static struct link {
	int fd;
	bool tap;
	unsigned mtu;
	uint8_t mac[6];
	enum fault fault;
	unsigned fins_sent;
	atomic_bool busy; /* the reader holds a frame it has not handed to lwIP yet */
	ip4_addr_t addr4_2;
	struct netif netif[2];
} lk = { .fd = -1 };

static const char *env(const char *name)
{
	const char *v = getenv(name);

	if (!v || !*v) {
		fprintf(stderr, LWIP_AGENT_NAME ": %s is not set (synfin sets it; see targets/AGENT.md)\n", name);
		return NULL;
	}
	return v;
}

/* Whether the fault switch eats this outgoing frame. */
static bool fault_drops(const uint8_t *f, size_t len)
{
	int flags = lk.fault == FAULT_NONE ? -1 : frame_tcp_flags(f, len);

	if (flags < 0)
		return false;
	if (lk.fault == FAULT_DROP_RST)
		return flags & TCP_RST;
	if (!(flags & TCP_FIN))
		return false;
	return lk.fins_sent++ > 0;
}

static err_t link_output(struct netif *netif, struct pbuf *p)
{
	static uint8_t frame[FRAME_MAX];
	u16_t len;
	ssize_t n;

	(void)netif;
	if (p->tot_len > sizeof(frame))
		return ERR_BUF;
	len = pbuf_copy_partial(p, frame, p->tot_len, 0);
	if (fault_drops(frame, len))
		return ERR_OK;
	n = write(lk.fd, frame, len);
	if (n != (ssize_t)len)
		fprintf(stderr, LWIP_AGENT_NAME ": write to %s: %s\n", getenv("SYNFIN_IF"),
			n < 0 ? strerror(errno) : "short write");
	return ERR_OK;
}

static err_t netif_setup(struct netif *netif)
{
	netif->name[0] = 's';
	netif->name[1] = 'f';
	netif->output = etharp_output;
	netif->output_ip6 = ethip6_output;
	netif->linkoutput = link_output;
	netif->mtu = (u16_t)lk.mtu;
	netif->mtu6 = (u16_t)lk.mtu;
	netif->hwaddr_len = 6;
	memcpy(netif->hwaddr, lk.mac, 6);
	netif->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP | NETIF_FLAG_ETHERNET | NETIF_FLAG_MLD6;
	return ERR_OK;
}

/* The netif a received frame belongs to: the second one for ARP about,
 * and IPv4 to, the second IPv4 address. */
static struct netif *frame_netif(const uint8_t *f, size_t len)
{
	return frame_is_for_ipv4(f, len, (const uint8_t *)&lk.addr4_2.addr) ? &lk.netif[1] : &lk.netif[0];
}

/* One received frame into lwIP, in this thread, under the core lock. */
static void take_frame(const uint8_t *frame, size_t n)
{
	struct netif *netif = frame_netif(frame, n);
	struct pbuf *p;

	core_lock();
	p = pbuf_alloc(PBUF_RAW, (u16_t)n, PBUF_POOL);
	if (p) {
		pbuf_take(p, frame, (u16_t)n);
		if (netif->input(p, netif) != ERR_OK)
			pbuf_free(p);
	}
	core_unlock();
}

static void *reader(void *arg)
{
	static uint8_t frame[FRAME_MAX];

	(void)arg;
	for (;;) {
		struct sockaddr_ll from = { 0 };
		socklen_t fl = sizeof(from);
		ssize_t n = lk.tap ? read(lk.fd, frame, sizeof(frame))
				   : recvfrom(lk.fd, frame, sizeof(frame), 0, (struct sockaddr *)&from, &fl);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			fprintf(stderr, LWIP_AGENT_NAME ": read from the link: %s\n", strerror(errno));
			return NULL;
		}
		atomic_store(&lk.busy, true);
		/* AF_PACKET also shows us the frames we sent. */
		if (lk.tap || from.sll_pkttype != PACKET_OUTGOING)
			take_frame(frame, (size_t)n);
		atomic_store(&lk.busy, false);
	}
}

static int open_packet(const char *ifname)
{
	struct sockaddr_ll sll = { .sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_ALL) };

	lk.fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons(ETH_P_ALL));
	sll.sll_ifindex = (int)if_nametoindex(ifname);
	if (lk.fd < 0 || !sll.sll_ifindex || bind(lk.fd, (struct sockaddr *)&sll, sizeof(sll)) < 0) {
		fprintf(stderr, LWIP_AGENT_NAME ": AF_PACKET socket on %s: %s\n", ifname, strerror(errno));
		return -1;
	}
	return 0;
}

static int open_tap(const char *ifname)
{
	struct ifreq ifr = { .ifr_flags = IFF_TAP | IFF_NO_PI };

	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	lk.fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
	if (lk.fd < 0 || ioctl(lk.fd, TUNSETIFF, &ifr) < 0) {
		fprintf(stderr, LWIP_AGENT_NAME ": tap %s: %s\n", ifname, strerror(errno));
		return -1;
	}
	return 0;
}

static int parse_fault(void)
{
	const char *f = getenv("SYNFIN_FAULT");

	if (!f || !*f)
		lk.fault = FAULT_NONE;
	else if (!strcmp(f, "drop-rst"))
		lk.fault = FAULT_DROP_RST;
	else if (!strcmp(f, "drop-fin-after-first"))
		lk.fault = FAULT_DROP_FIN_AFTER_FIRST;
	else {
		fprintf(stderr, LWIP_AGENT_NAME ": SYNFIN_FAULT=%s: want drop-rst or drop-fin-after-first\n", f);
		return -1;
	}
	return 0;
}

/* The link's parameters from synfin's variables. */
static int read_env(const char **ifname, ip4_addr_t a4[2], ip6_addr_t a6[2], ip4_addr_t *mask)
{
	const char *v[8] = { env("SYNFIN_IF"), env("SYNFIN_MAC"), env("SYNFIN_MTU"), env("SYNFIN_ADDR4"),
			     env("SYNFIN_ADDR4_2"), env("SYNFIN_PREFIX4"), env("SYNFIN_ADDR6"), env("SYNFIN_ADDR6_2") };
	unsigned m[6];
	int prefix;

	for (int i = 0; i < 8; i++)
		if (!v[i])
			return -1;
	*ifname = v[0];
	if (sscanf(v[1], "%x:%x:%x:%x:%x:%x", &m[0], &m[1], &m[2], &m[3], &m[4], &m[5]) != 6)
		goto bad;
	for (int i = 0; i < 6; i++)
		lk.mac[i] = (uint8_t)m[i];
	lk.mtu = (unsigned)atoi(v[2]);
	prefix = atoi(v[5]);
	if (lk.mtu < 576 || lk.mtu > 9000 || prefix < 1 || prefix > 32 || !ip4addr_aton(v[3], &a4[0]) ||
	    !ip4addr_aton(v[4], &a4[1]) || !ip6addr_aton(v[6], &a6[0]) || !ip6addr_aton(v[7], &a6[1]))
		goto bad;
	ip4_addr_set_u32(mask, htonl(0xffffffffu << (32 - prefix)));
	lk.addr4_2 = a4[1];
	return parse_fault();
bad:
	fprintf(stderr, LWIP_AGENT_NAME ": bad SYNFIN_* link variables (MAC %s, MTU %s, addresses %s %s %s %s)\n",
		v[1], v[2], v[3], v[4], v[6], v[7]);
	return -1;
}

static void netifs_up(const ip4_addr_t a4[2], const ip6_addr_t a6[2], const ip4_addr_t *mask)
{
	/* netif_add() puts a netif at the head of netif_list, where ip4_route()
	 * looks first: the first address's netif goes in last, so that it is the
	 * one a connection to the tester leaves from. */
	for (int i = 1; i >= 0; i--) {
		netif_add(&lk.netif[i], &a4[i], mask, IP4_ADDR_ANY4, NULL, netif_setup, ethernet_input);
		netif_set_up(&lk.netif[i]);
		netif_set_link_up(&lk.netif[i]);
	}
	netif_set_default(&lk.netif[0]);
	netif_create_ip6_linklocal_address(&lk.netif[0], 1);
	netif_ip6_addr_set_state(&lk.netif[0], 0, IP6_ADDR_PREFERRED);
	for (int i = 0; i < 2; i++) {
		s8_t idx;
		if (netif_add_ip6_address(&lk.netif[0], &a6[i], &idx) == ERR_OK && idx >= 0)
			netif_ip6_addr_set_state(&lk.netif[0], idx, IP6_ADDR_PREFERRED);
	}
	/* No router solicitations: there is no router on synfin's link. */
	lk.netif[0].rs_count = 0;
	lk.netif[1].rs_count = 0;
}

int link_start(void)
{
	const char *ifname;
	ip4_addr_t a4[2], mask;
	ip6_addr_t a6[2];
	pthread_t t;
	const char *link = getenv("SYNFIN_LINK");

	if (read_env(&ifname, a4, a6, &mask) < 0)
		return -1;
	lk.tap = link && !strcmp(link, "tap");
	if ((lk.tap ? open_tap(ifname) : open_packet(ifname)) < 0)
		return -1;
	core_lock();
	netifs_up(a4, a6, &mask);
	core_unlock();
	if (pthread_create(&t, NULL, reader, NULL) != 0) {
		fprintf(stderr, LWIP_AGENT_NAME ": cannot start the link reader thread\n");
		return -1;
	}
	pthread_detach(t);
	return 0;
}

void link_settle(void)
{
	long long deadline = now_ms() + LINK_SETTLE_MS;
	struct pollfd p = { .fd = lk.fd, .events = POLLIN };

	while ((atomic_load(&lk.busy) || poll(&p, 1, 0) > 0) && core_wait(deadline))
		;
}
