/*
 * frame.c - bounds-checked looks into Ethernet frames for the lwIP agent's
 * link (frame.h).
 */
#include "frame.h"

#include <string.h>

#define ETH_HLEN 14
#define ETHERTYPE_IPV4 0x0800
#define ETHERTYPE_ARP 0x0806
#define ETHERTYPE_IPV6 0x86dd
#define IPPROTO_TCP_ 6
#define TCP_MIN 20

static uint16_t ethertype(const uint8_t *f, size_t len)
{
	return len >= ETH_HLEN ? (uint16_t)(f[12] << 8 | f[13]) : 0;
}

size_t frame_tcp_offset(const uint8_t *f, size_t len)
{
	uint16_t type = ethertype(f, len);

	if (type == ETHERTYPE_IPV4 && len >= ETH_HLEN + 20 && f[ETH_HLEN + 9] == IPPROTO_TCP_) {
		size_t off = ETH_HLEN + (size_t)(f[ETH_HLEN] & 0x0f) * 4;
		return off >= ETH_HLEN + 20 && len >= off + TCP_MIN ? off : 0;
	}
	if (type == ETHERTYPE_IPV6 && len >= ETH_HLEN + 40 + TCP_MIN && f[ETH_HLEN + 6] == IPPROTO_TCP_)
		return ETH_HLEN + 40;
	return 0;
}

int frame_tcp_flags(const uint8_t *f, size_t len)
{
	size_t off = frame_tcp_offset(f, len);

	return off ? f[off + 13] : -1;
}

bool frame_is_for_ipv4(const uint8_t *f, size_t len, const uint8_t a4[4])
{
	uint16_t type = ethertype(f, len);

	/* ARP (RFC 826) for IPv4 over Ethernet: the target protocol address at 24. */
	if (type == ETHERTYPE_ARP)
		return len >= ETH_HLEN + 28 && !memcmp(f + ETH_HLEN + 24, a4, 4);
	/* IPv4: the destination address at 16. */
	if (type == ETHERTYPE_IPV4)
		return len >= ETH_HLEN + 20 && !memcmp(f + ETH_HLEN + 16, a4, 4);
	return false;
}
