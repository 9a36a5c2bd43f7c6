/* capture_pool.c - see capture_pool.h. */
#include "capture_pool.h"

#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

/* More frames than the 4 MiB ring can hold: the drain is bounded. */
#define DRAIN_MAX 100000

static struct {
	pcap_t *pcap;
	pid_t owner;
	char ifname[32];
	struct sf_ns_id ns;
	unsigned mtu; /* ifname's when the handle was activated */
} parked;

int sf_ns_id_of(int fd, struct sf_ns_id *id)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return -1;
	id->dev = st.st_dev;
	id->ino = st.st_ino;
	return 0;
}

unsigned sf_if_mtu(const char *ifname)
{
	struct ifreq ifr;
	int sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), rc;

	if (sock < 0)
		return 0;
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	rc = ioctl(sock, SIOCGIFMTU, &ifr);
	close(sock);
	return rc < 0 || ifr.ifr_mtu < 0 ? 0 : (unsigned)ifr.ifr_mtu;
}

static void drop_frame(u_char *user, const struct pcap_pkthdr *h, const u_char *bytes)
{
	(void)user;
	(void)h;
	(void)bytes;
}

/* The socket as a fresh one on ifname: no pending error, nothing queued,
 * bound to the interface's index now, promiscuous there. 0 on success. */
static int make_fresh(pcap_t *p, const char *ifname)
{
	int fd = pcap_fileno(p), soerr, n;
	socklen_t len = sizeof(soerr);
	unsigned idx = if_nametoindex(ifname);
	struct sockaddr_ll sll = { .sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_ALL) };
	struct packet_mreq mr = { .mr_type = PACKET_MR_PROMISC };

	if (!idx || fd < 0)
		return -1;
	/* The old interface went down (ENETDOWN): reading that clears it, so
	 * libpcap does not take the socket for a dead one. */
	getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &len);
	for (n = 0; n < DRAIN_MAX; n++)
		if (pcap_dispatch(p, -1, drop_frame, NULL) <= 0)
			break;
	sll.sll_ifindex = (int)idx;
	mr.mr_ifindex = (int)idx;
	if (bind(fd, (struct sockaddr *)&sll, sizeof(sll)) < 0 ||
	    setsockopt(fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &mr, sizeof(mr)) < 0)
		return -1;
	len = sizeof(soerr);
	getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &len);
	return 0;
}

pcap_t *sf_capture_pool_take(const char *ifname, const struct sf_ns_id *ns, unsigned *ring_mtu)
{
	pcap_t *p = parked.pcap;
	unsigned mtu = p ? sf_if_mtu(ifname) : 0;
	int same = p && parked.owner == getpid() && !strcmp(parked.ifname, ifname) && parked.ns.dev == ns->dev &&
		   parked.ns.ino == ns->ino && mtu && mtu <= parked.mtu;

	if (!p)
		return NULL;
	parked.pcap = NULL;
	if (same && make_fresh(p, ifname) == 0) {
		*ring_mtu = parked.mtu;
		return p;
	}
	/* Not ours, or not for this link: in a forked job this only drops
	 * the inherited copy (the parent's socket stays open). */
	pcap_close(p);
	return NULL;
}

void sf_capture_pool_park(pcap_t *p, const char *ifname, const struct sf_ns_id *ns, unsigned mtu)
{
	sf_capture_pool_flush();
	parked.mtu = mtu;
	parked.pcap = p;
	parked.owner = getpid();
	snprintf(parked.ifname, sizeof(parked.ifname), "%s", ifname);
	parked.ns = *ns;
}

void sf_capture_pool_flush(void)
{
	if (parked.pcap)
		pcap_close(parked.pcap);
	parked.pcap = NULL;
}
