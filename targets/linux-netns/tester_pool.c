/* tester_pool.c - see tester_pool.h. */
#include "tester_pool.h"

#include <stdio.h>
#include <unistd.h>

#include "netlink.h"
#include "netns.h"

static struct {
	int fd;
	pid_t owner;
	unsigned retired; /* links renamed so far: a unique name for each */
} parked = { .fd = -1 };

/* Keep the tester's kernel silent: no IPv6 on its links at all, so it
 * neither answers nor solicits for the addresses synfin plays. */
static int fresh(struct sf_err *err)
{
	int fd = sf_netns_new(err);

	if (fd < 0)
		return -1;
	if (sf_sysctl_write("net.ipv6.conf.all.disable_ipv6", "1", err) < 0 ||
	    sf_sysctl_write("net.ipv6.conf.default.disable_ipv6", "1", err) < 0) {
		close(fd);
		return sf_err_prefix(err, "tester namespace");
	}
	return fd;
}

int sf_tester_ns_take(struct sf_err *err)
{
	int fd = parked.fd;

	parked.fd = -1;
	/* A forked job inherits the parent's: it is not its own to use. */
	if (fd >= 0 && parked.owner == getpid() && sf_netns_enter(fd, NULL) == 0)
		return fd;
	if (fd >= 0)
		close(fd);
	return fresh(err);
}

/* Retire ifname inside the namespace held by fd; 0 on success. */
static int retire_in(int fd, const char *ifname)
{
	char name[16];
	int home = sf_netns_current(NULL), rc = -1;

	if (home < 0)
		return -1;
	snprintf(name, sizeof(name), "sf-gone-%u", parked.retired++ % 10000000u);
	if (sf_netns_enter(fd, NULL) == 0)
		rc = sf_nl_link_retire(ifname, name, NULL);
	if (sf_netns_enter(home, NULL) < 0)
		rc = -1;
	close(home);
	return rc;
}

void sf_tester_ns_park(int fd, const char *ifname)
{
	if (parked.fd >= 0)
		close(parked.fd);
	parked.fd = -1;
	if (fd < 0)
		return;
	if (retire_in(fd, ifname) < 0) {
		close(fd);
		return;
	}
	parked.fd = fd;
	parked.owner = getpid();
}
