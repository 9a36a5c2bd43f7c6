/*
 * addr.h - IPv4/IPv6 addresses between wire text and socket structures.
 *
 * The wire form is plain: "127.0.0.1", "::1" (no brackets; key=value tokens
 * already separate address from port), and "any" for the wildcard address
 * where a request allows it.
 */
#ifndef SYNFIN_AGENT_ADDR_H
#define SYNFIN_AGENT_ADDR_H

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <sys/socket.h>

/* Long enough for any address this module prints. */
#define ADDR_TEXT_MAX INET6_ADDRSTRLEN

/*
 * Fill *ss with text ("any" or a literal of exactly this family) and port.
 * Returns 0, or -1 when text is not an address of that family.
 */
int addr_to_sockaddr(int family, const char *text, uint16_t port,
		     struct sockaddr_storage *ss, socklen_t *len);

/* Print the address of *ss into text (ADDR_TEXT_MAX bytes) and return its
 * port in host order. */
uint16_t addr_from_sockaddr(const struct sockaddr_storage *ss, char *text);

/*
 * Parse an IPv4 or IPv6 literal into the 16-byte form used for matching
 * connections: IPv4 becomes IPv4-mapped IPv6 (::ffff:a.b.c.d), so that an
 * IPv4 tuple also matches a dual-stack IPv6 socket carrying that address.
 * Returns 0, or -1 when text is neither.
 */
int addr_parse_mapped(const char *text, struct in6_addr *out);

/* Print a 16-byte address as its family shows it: dotted IPv4 for AF_INET
 * (from the mapped form), RFC 5952 text for AF_INET6. */
void addr_format_mapped(int family, const struct in6_addr *a, char *text);

#endif
