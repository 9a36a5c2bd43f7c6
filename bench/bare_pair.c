/* bare_pair.c - see bare_pair.h. */
#include "bare_pair.h"

#include <net/if_arp.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "decode.h"
#include "netlink.h"
#include "netns.h"

const uint8_t bare_tester_mac[6] = { 0x02, 0x53, 0x46, 0x00, 0x00, 0x01 };
const uint8_t bare_target_mac[6] = { 0x02, 0x53, 0x46, 0x00, 0x00, 0x02 };

static void must(int rc, const struct sf_err *err)
{
	if (rc < 0) {
		fprintf(stderr, "bench: %s\n", err->msg);
		exit(2);
	}
}

/* The tester's MAC for 198.18.0.1 in the target's ARP table, permanent. */
static void static_arp(void)
{
	struct arpreq r;
	struct sockaddr_in *sin = (struct sockaddr_in *)&r.arp_pa;
	int s = socket(AF_INET, SOCK_DGRAM, 0);

	memset(&r, 0, sizeof(r));
	sin->sin_family = AF_INET;
	sin->sin_addr.s_addr = htonl(0xc6120001); /* 198.18.0.1 */
	r.arp_ha.sa_family = ARPHRD_ETHER;
	memcpy(r.arp_ha.sa_data, bare_tester_mac, 6);
	r.arp_flags = ATF_PERM | ATF_COM;
	snprintf(r.arp_dev, sizeof(r.arp_dev), "%s", BARE_TARGET_IF);
	if (s < 0 || ioctl(s, SIOCSARP, &r) < 0) {
		perror("bench: SIOCSARP");
		exit(2);
	}
	close(s);
}

void bare_pair_open(struct bare_pair *p, int neigh)
{
	struct sf_addr a, a2;
	struct sf_err err;

	sf_addr_parse("198.18.0.2", &a);
	sf_addr_parse("198.18.0.3", &a2);
	must(p->home_fd = sf_netns_current(&err), &err);
	must(p->tester_fd = sf_netns_new(&err), &err);
	must(sf_sysctl_write("net.ipv6.conf.all.disable_ipv6", "1", &err), &err);
	must(sf_sysctl_write("net.ipv6.conf.default.disable_ipv6", "1", &err), &err);
	must(p->target_fd = sf_netns_new(&err), &err);
	must(sf_sysctl_write("net.ipv6.conf.all.accept_dad", "0", &err), &err);
	must(sf_sysctl_write("net.ipv6.conf.default.accept_dad", "0", &err), &err);
	must(sf_netns_enter(p->tester_fd, &err), &err);
	must(sf_nl_veth_create(BARE_TESTER_IF, BARE_TARGET_IF, p->target_fd, &err), &err);
	must(sf_nl_link_up(BARE_TESTER_IF, bare_tester_mac, 1500, &err), &err);
	must(sf_netns_enter(p->target_fd, &err), &err);
	must(sf_nl_link_up("lo", NULL, 0, &err), &err);
	must(sf_offloads_off(BARE_TARGET_IF, &err), &err);
	must(sf_nl_link_up(BARE_TARGET_IF, bare_target_mac, 1500, &err), &err);
	must(sf_nl_addr_add(BARE_TARGET_IF, &a, 24, 0, &err), &err);
	must(sf_nl_addr_add(BARE_TARGET_IF, &a2, 24, 1, &err), &err);
	if (neigh)
		static_arp();
	must(sf_nl_wait_up(BARE_TARGET_IF, 3000, &err), &err);
	must(sf_netns_enter(p->tester_fd, &err), &err);
	must(sf_nl_wait_up(BARE_TESTER_IF, 3000, &err), &err);
}

void bare_pair_close(struct bare_pair *p)
{
	struct sf_err err;

	must(sf_netns_enter(p->home_fd, &err), &err);
	close(p->tester_fd);
	close(p->target_fd);
	close(p->home_fd);
}

void bare_in_target(struct bare_pair *p, void (*fn)(void *), void *arg)
{
	struct sf_err err;

	must(sf_netns_enter(p->target_fd, &err), &err);
	fn(arg);
	must(sf_netns_enter(p->tester_fd, &err), &err);
}

double bare_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

double bare_quantile(double *v, int n, double q)
{
	int i;

	if (n <= 0)
		return 0;
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	i = (int)(q * (n - 1) + 0.5);
	return v[i];
}
