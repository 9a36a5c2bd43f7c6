/*
 * checksum.c - the Internet checksum (RFC 1071) and the TCP/UDP/ICMPv6
 * pseudo-headers. See checksum.h.
 *
 * The buffers summed here are spans whose length the caller has already
 * checked (decode.c takes them from a bytes.h cursor, the builder owns its
 * own buffers), so this module reads exactly `len` bytes and no more.
 */
#include "checksum.h"

/*
 * RFC 1071 2(A),(B): add 16-bit big-endian words in a wider accumulator and
 * fold the carries back in at the end; an odd final byte is the high half
 * of a word whose low half is zero. Chained calls must pass even lengths
 * except for the last one, as in RFC 1071 4.1.
 */
uint32_t sf_csum_add(uint32_t sum, const uint8_t *data, size_t len)
{
	uint64_t acc = sum;
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		acc += (uint32_t)data[i] << 8 | data[i + 1];
	if (len & 1)
		acc += (uint32_t)data[len - 1] << 8;
	while (acc >> 16)
		acc = (acc & 0xffff) + (acc >> 16);
	return (uint32_t)acc;
}

/* RFC 1071 2(C): end-around carry until the sum fits in 16 bits. */
uint16_t sf_csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)sum;
}

static uint32_t add_u16(uint32_t sum, uint16_t v)
{
	uint8_t b[2] = { (uint8_t)(v >> 8), (uint8_t)v };

	return sf_csum_add(sum, b, sizeof(b));
}

/* RFC 9293 3.1: source, destination, zero, PTCL, TCP length (16 bits). */
static uint32_t pseudo_v4(const struct sf_addr *src, const struct sf_addr *dst,
			  uint8_t proto, size_t len)
{
	uint32_t sum = 0;

	sum = sf_csum_add(sum, src->bytes, 4);
	sum = sf_csum_add(sum, dst->bytes, 4);
	sum = add_u16(sum, proto);
	return add_u16(sum, (uint16_t)len);
}

/*
 * RFC 8200 8.1: source, destination, upper-layer packet length (32 bits),
 * three zero bytes, next header. The destination is the final one; with a
 * routing header that is not the one in the IPv6 header, and the caller
 * must pass it.
 */
static uint32_t pseudo_v6(const struct sf_addr *src, const struct sf_addr *dst,
			  uint8_t proto, size_t len)
{
	uint32_t sum = 0;

	sum = sf_csum_add(sum, src->bytes, 16);
	sum = sf_csum_add(sum, dst->bytes, 16);
	sum = add_u16(sum, (uint16_t)((uint32_t)len >> 16));
	sum = add_u16(sum, (uint16_t)len);
	return add_u16(sum, proto);
}

/* Family 6 takes the IPv6 pseudo-header, anything else the IPv4 one. */
uint16_t sf_csum_l4(const struct sf_addr *src, const struct sf_addr *dst,
		    uint8_t proto, const uint8_t *seg, size_t len)
{
	uint32_t sum;

	if (src->family == 6)
		sum = pseudo_v6(src, dst, proto, len);
	else
		sum = pseudo_v4(src, dst, proto, len);
	sum = sf_csum_add(sum, seg, len);
	return (uint16_t)~sf_csum_fold(sum);
}
