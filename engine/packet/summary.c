/*
 * summary.c - one line per decoded packet, in the style of `tcpdump -n`
 * (print-tcp.c and friends), for diagnostics, golden tests and reports.
 * See summary.h.
 */
#include <arpa/inet.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "summary.h"

#include "decode.h"

#define PROTO_TCP 6
#define PROTO_UDP 17

/* ---- one-line summary, tcpdump -n style ------------------------------- */

struct out {
	char *buf;
	size_t len;
	size_t n; /* what the whole line needs, as snprintf counts */
};

static void out_add(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void out_add(struct out *o, const char *fmt, ...)
{
	size_t room = o->n < o->len ? o->len - o->n : 0;
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vsnprintf(room ? o->buf + o->n : NULL, room, fmt, ap);
	va_end(ap);
	if (r > 0)
		o->n += (size_t)r;
}

static const char *mac_str(const uint8_t *m, char *buf, size_t len)
{
	snprintf(buf, len, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
	return buf;
}

static void sum_arp(struct out *o, const struct sf_arp *a)
{
	char s[INET6_ADDRSTRLEN], t[INET6_ADDRSTRLEN], mac[18];

	sf_addr_str(&a->spa, s, sizeof(s));
	sf_addr_str(&a->tpa, t, sizeof(t));
	if (a->op == 1)
		out_add(o, "ARP, Request who-has %s tell %s", t, s);
	else if (a->op == 2)
		out_add(o, "ARP, Reply %s is-at %s", s, mac_str(a->sha, mac, sizeof(mac)));
	else
		out_add(o, "ARP, op %u, %s > %s", a->op, s, t);
}

static void sum_tcp_option(struct out *o, const struct sf_tcp_option *op)
{
	unsigned i;

	switch (op->kind) {
	case SF_TCPOPT_EOL: out_add(o, "eol"); return;
	case SF_TCPOPT_NOP: out_add(o, "nop"); return;
	case SF_TCPOPT_MSS: out_add(o, "mss %u", op->v.mss); return;
	case SF_TCPOPT_WSCALE: out_add(o, "wscale %u", op->v.wscale); return;
	case SF_TCPOPT_SACK_PERM: out_add(o, "sackOK"); return;
	case SF_TCPOPT_TIMESTAMP:
		out_add(o, "TS val %u ecr %u", op->v.ts.val, op->v.ts.ecr);
		return;
	case SF_TCPOPT_SACK:
		out_add(o, "sack %u ", op->v.sack.count);
		for (i = 0; i < op->v.sack.count && i < 4; i++)
			out_add(o, "{%u:%u}", op->v.sack.left[i], op->v.sack.right[i]);
		return;
	}
	out_add(o, "unknown-%u", op->kind);
	if (op->len > 2)
		out_add(o, " 0x");
	for (i = 0; i + 2u < op->len && i < sizeof(op->data); i++)
		out_add(o, "%02x", op->data[i]);
}

static void sum_tcp(struct out *o, const struct sf_tcp *t)
{
	char flags[9];
	unsigned i;

	out_add(o, "Flags [%s]", sf_tcp_flags_str(t->flags, flags, sizeof(flags)));
	if (t->payload_len || (t->flags & (SF_TCP_SYN | SF_TCP_FIN | SF_TCP_RST)))
		out_add(o, ", seq %u", t->seq);
	if (t->payload_len)
		out_add(o, ":%u", (uint32_t)(t->seq + t->payload_len));
	if (t->flags & SF_TCP_ACK)
		out_add(o, ", ack %u", t->ack);
	out_add(o, ", win %u", t->window);
	if (t->flags & SF_TCP_URG)
		out_add(o, ", urg %u", t->urgent);
	if (t->option_count) {
		out_add(o, ", options [");
		for (i = 0; i < t->option_count && i < SF_TCP_MAX_OPTIONS; i++) {
			out_add(o, "%s", i ? "," : "");
			sum_tcp_option(o, &t->options[i]);
		}
		out_add(o, "]");
	}
	out_add(o, ", length %zu", t->payload_len);
}

static void sum_udp(struct out *o, const struct sf_udp *u)
{
	if (u->len < 8)
		out_add(o, "UDP, bad length %u", u->len);
	else
		out_add(o, "UDP, length %u", u->len - 8u);
}

static const char *proto_name(uint8_t proto, char *buf, size_t len)
{
	if (proto == PROTO_TCP)
		return "tcp";
	if (proto == PROTO_UDP)
		return "udp";
	snprintf(buf, len, "proto %u", proto);
	return buf;
}

/* The quoted datagram of an ICMP error, where there was one. */
static void sum_quoted(struct out *o, const struct sf_icmp *ic)
{
	char s[INET6_ADDRSTRLEN], d[INET6_ADDRSTRLEN], p[16];

	if (!ic->has_inner)
		return;
	sf_addr_str(&ic->inner_src, s, sizeof(s));
	sf_addr_str(&ic->inner_dst, d, sizeof(d));
	if (ic->inner_proto != PROTO_TCP && ic->inner_proto != PROTO_UDP) {
		out_add(o, ", original %s %s > %s", proto_name(ic->inner_proto, p, sizeof(p)), s, d);
		return;
	}
	out_add(o, ", original %s %s.%u > %s.%u", proto_name(ic->inner_proto, p, sizeof(p)),
		s, ic->inner_sport, d, ic->inner_dport);
	if (ic->inner_proto == PROTO_TCP)
		out_add(o, " seq %u", ic->inner_seq);
}

static void sum_unreach4(struct out *o, const struct sf_icmp *ic)
{
	char d[INET6_ADDRSTRLEN], p[16];
	const char *dst = ic->has_inner ? sf_addr_str(&ic->inner_dst, d, sizeof(d)) : "?";

	switch (ic->code) {
	case 0: out_add(o, "ICMP net %s unreachable", dst); return;
	case 1: out_add(o, "ICMP host %s unreachable", dst); return;
	case 2: out_add(o, "ICMP %s protocol %u unreachable", dst, ic->inner_proto); return;
	case 3:
		out_add(o, "ICMP %s %s port %u unreachable", dst,
			proto_name(ic->inner_proto, p, sizeof(p)), ic->inner_dport);
		return;
	case 4: out_add(o, "ICMP %s unreachable - need to frag (mtu %u)", dst, ic->mtu); return;
	}
	out_add(o, "ICMP %s unreachable - code %u", dst, ic->code);
}

static void sum_icmp4(struct out *o, const struct sf_icmp *ic)
{
	switch (ic->type) {
	case 0: out_add(o, "ICMP echo reply"); break;
	case 3: sum_unreach4(o, ic); break;
	case 8: out_add(o, "ICMP echo request"); break;
	case 11: out_add(o, "ICMP time exceeded, code %u", ic->code); break;
	default: out_add(o, "ICMP type %u, code %u", ic->type, ic->code);
	}
	sum_quoted(o, ic);
}

static void sum_nd(struct out *o, const struct sf_icmp *ic)
{
	char t[INET6_ADDRSTRLEN], mac[18];
	int ns = ic->type == 135;

	sf_addr_str(&ic->nd_target, t, sizeof(t));
	out_add(o, "ICMP6, neighbor %s, %s %s", ns ? "solicitation" : "advertisement",
		ns ? "who has" : "tgt is", t);
	if (ic->has_nd_lladdr)
		out_add(o, ", %s link-address %s", ns ? "source" : "target",
			mac_str(ic->nd_lladdr, mac, sizeof(mac)));
}

static void sum_icmp6(struct out *o, const struct sf_icmp *ic)
{
	char d[INET6_ADDRSTRLEN], p[16];

	switch (ic->type) {
	case 1:
		if (ic->code == 4 && ic->has_inner)
			out_add(o, "ICMP6, destination unreachable, unreachable port, %s %s port %u",
				sf_addr_str(&ic->inner_dst, d, sizeof(d)),
				proto_name(ic->inner_proto, p, sizeof(p)), ic->inner_dport);
		else
			out_add(o, "ICMP6, destination unreachable, code %u", ic->code);
		break;
	case 2: out_add(o, "ICMP6, packet too big, mtu %u", ic->mtu); break;
	case 3: out_add(o, "ICMP6, time exceeded, code %u", ic->code); break;
	case 4: out_add(o, "ICMP6, parameter problem, code %u", ic->code); break;
	case 128: out_add(o, "ICMP6, echo request"); break;
	case 129: out_add(o, "ICMP6, echo reply"); break;
	case 135: case 136: sum_nd(o, ic); break;
	default: out_add(o, "ICMP6, type %u, code %u", ic->type, ic->code);
	}
	sum_quoted(o, ic);
}

/* What tcpdump -vv would flag, as bracketed notes after the line. */
static void sum_marks(struct out *o, const struct sf_packet *pkt)
{
	const struct sf_ip *ip = &pkt->ip;

	if (ip->fragment && pkt->l3 == SF_L3_IPV4)
		out_add(o, " (frag id %u, offset %u%s)", ip->id, ip->frag_offset, ip->more_frags ? ", more" : "");
	else if (ip->fragment)
		out_add(o, " (frag offset %u%s)", ip->frag_offset, ip->more_frags ? ", more" : "");
	if (pkt->l4 == SF_L4_TCP && pkt->tcp.reserved)
		out_add(o, " [reserved bits 0x%x]", pkt->tcp.reserved);
	if (!ip->header_checksum_ok)
		out_add(o, " [bad ip cksum]");
	if (pkt->l4 == SF_L4_TCP && !pkt->tcp.checksum_ok)
		out_add(o, " [bad tcp cksum]");
	if (pkt->l4 == SF_L4_ICMP && !pkt->icmp.checksum_ok)
		out_add(o, " [bad %s cksum]", pkt->icmp.v6 ? "icmp6" : "icmp");
}

static void sum_ip(struct out *o, const struct sf_packet *pkt)
{
	char s[INET6_ADDRSTRLEN], d[INET6_ADDRSTRLEN];

	sf_addr_str(&pkt->ip.src, s, sizeof(s));
	sf_addr_str(&pkt->ip.dst, d, sizeof(d));
	out_add(o, "%s ", pkt->l3 == SF_L3_IPV6 ? "IP6" : "IP");
	switch (pkt->l4) {
	case SF_L4_TCP:
		out_add(o, "%s.%u > %s.%u: ", s, pkt->tcp.sport, d, pkt->tcp.dport);
		sum_tcp(o, &pkt->tcp);
		break;
	case SF_L4_UDP:
		out_add(o, "%s.%u > %s.%u: ", s, pkt->udp.sport, d, pkt->udp.dport);
		sum_udp(o, &pkt->udp);
		break;
	case SF_L4_ICMP:
		out_add(o, "%s > %s: ", s, d);
		if (pkt->icmp.v6)
			sum_icmp6(o, &pkt->icmp);
		else
			sum_icmp4(o, &pkt->icmp);
		break;
	default:
		out_add(o, "%s > %s: ip-proto-%u", s, d, pkt->ip.proto);
	}
	sum_marks(o, pkt);
}

int sf_packet_summary(const struct sf_packet *pkt, char *buf, size_t len)
{
	struct out o = { buf, buf ? len : 0, 0 };

	if (o.len)
		buf[0] = '\0';
	switch (pkt->l3) {
	case SF_L3_ARP:
		sum_arp(&o, &pkt->arp);
		break;
	case SF_L3_IPV4:
	case SF_L3_IPV6:
		sum_ip(&o, pkt);
		break;
	default:
		out_add(&o, "ethertype 0x%04x, length %zu", pkt->ethertype, pkt->frame_len);
	}
	return o.n > INT_MAX ? INT_MAX : (int)o.n;
}
