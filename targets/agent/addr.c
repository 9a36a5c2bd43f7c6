/*
 * addr.c - address text <-> socket structures.
 */
#include "addr.h"

#include <string.h>

int addr_to_sockaddr(int family, const char *text, uint16_t port,
		     struct sockaddr_storage *ss, socklen_t *len)
{
	int any = strcmp(text, "any") == 0;

	memset(ss, 0, sizeof(*ss));
	if (family == AF_INET) {
		struct sockaddr_in *sin = (struct sockaddr_in *)ss;
		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
		*len = sizeof(*sin);
		return any || inet_pton(AF_INET, text, &sin->sin_addr) == 1 ? 0 : -1;
	}
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;
	sin6->sin6_family = AF_INET6;
	sin6->sin6_port = htons(port);
	*len = sizeof(*sin6);
	return any || inet_pton(AF_INET6, text, &sin6->sin6_addr) == 1 ? 0 : -1;
}

uint16_t addr_from_sockaddr(const struct sockaddr_storage *ss, char *text)
{
	if (ss->ss_family == AF_INET) {
		const struct sockaddr_in *sin = (const struct sockaddr_in *)ss;
		inet_ntop(AF_INET, &sin->sin_addr, text, ADDR_TEXT_MAX);
		return ntohs(sin->sin_port);
	}
	if (ss->ss_family == AF_INET6) {
		const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)ss;
		inet_ntop(AF_INET6, &sin6->sin6_addr, text, ADDR_TEXT_MAX);
		return ntohs(sin6->sin6_port);
	}
	/* An unconnected socket's peer: show the IPv4 wildcard, port 0. */
	strcpy(text, "0.0.0.0");
	return 0;
}

int addr_parse_mapped(const char *text, struct in6_addr *out)
{
	struct in_addr v4;

	if (inet_pton(AF_INET6, text, out) == 1)
		return 0;
	if (inet_pton(AF_INET, text, &v4) != 1)
		return -1;
	memset(out, 0, sizeof(*out));
	out->s6_addr[10] = 0xff;
	out->s6_addr[11] = 0xff;
	memcpy(&out->s6_addr[12], &v4, 4);
	return 0;
}

void addr_format_mapped(int family, const struct in6_addr *a, char *text)
{
	if (family == AF_INET)
		inet_ntop(AF_INET, &a->s6_addr[12], text, ADDR_TEXT_MAX);
	else
		inet_ntop(AF_INET6, a, text, ADDR_TEXT_MAX);
}
