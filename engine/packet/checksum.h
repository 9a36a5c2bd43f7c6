/*
 * checksum.h - the Internet checksum (RFC 1071) and the pseudo-headers of
 * TCP/UDP over IPv4 (RFC 9293 3.1) and IPv6 (RFC 8200 8.1).
 */
#ifndef SYNFIN_CHECKSUM_H
#define SYNFIN_CHECKSUM_H

#include <stddef.h>
#include <stdint.h>

#include "packet.h"

/* Ones'-complement sum of `len` bytes folded to 16 bits, not inverted. */
uint32_t sf_csum_add(uint32_t sum, const uint8_t *data, size_t len);
uint16_t sf_csum_fold(uint32_t sum);

/* Checksum over pseudo-header + segment (`seg`, `len` bytes, with its own
 * checksum field included). Returns 0 when the checksum in it is right;
 * with the checksum field zeroed, returns the value to store there. */
uint16_t sf_csum_l4(const struct sf_addr *src, const struct sf_addr *dst,
		    uint8_t proto, const uint8_t *seg, size_t len);

#endif
