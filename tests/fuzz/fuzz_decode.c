/*
 * fuzz_decode.c - libFuzzer harness for the packet decoder: any bytes at
 * all go to sf_decode() and, when they decode, to sf_packet_summary(). Run
 * by tests/fuzz/decode.sh. Besides the sanitizers' own checks it aborts
 * when the decoder breaks its contract: an error without a reason, a
 * payload outside the input, a summary that is not what it says.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "decode.h"
#include "summary.h"

static void check_summary(const struct sf_packet *pkt)
{
	char line[512], tiny[16];
	int n = sf_packet_summary(pkt, line, sizeof(line));

	if (n < 0 || strlen(line) != ((size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1))
		abort();
	if (sf_packet_summary(pkt, tiny, sizeof(tiny)) != n || strlen(tiny) >= sizeof(tiny))
		abort();
}

static void check_tcp(const struct sf_packet *pkt, const uint8_t *data, size_t size)
{
	const struct sf_tcp *t = &pkt->tcp;

	if (pkt->l4 != SF_L4_TCP)
		return;
	if (t->doff < 5 || t->option_count > SF_TCP_MAX_OPTIONS)
		abort();
	if (t->payload < data || t->payload_len > size || t->payload > data + size - t->payload_len)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sf_packet pkt;
	struct sf_err err;
	struct sf_tcp tcp;

	err.msg[0] = '\0';
	if (sf_decode(data, size, &pkt, &err) == 0) {
		check_tcp(&pkt, data, size);
		check_summary(&pkt);
	} else if (err.msg[0] == '\0') {
		abort();
	}
	/* The option parser on its own, on at most one header's worth. */
	err.msg[0] = '\0';
	if (sf_decode_tcp_options(data, size < 40 ? size : 40, &tcp, &err) < 0 && err.msg[0] == '\0')
		abort();
	return 0;
}
