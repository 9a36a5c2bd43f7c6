/*
 * fuzz_lwip_frame.c - libFuzzer harness for the lwIP agent's looks into
 * frames (targets/lwip/frame.c): any bytes, as one Ethernet frame off the
 * link. Besides the sanitizers' checks it aborts when a result breaks
 * frame.h's contract: a TCP offset outside the frame or below the smallest
 * IP header, flags that are not the byte at that offset.
 */
#include <stdint.h>
#include <stdlib.h>

#include "frame.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t addr[4] = { 198, 18, 0, 3 };
	size_t off = frame_tcp_offset(data, size);
	int flags = frame_tcp_flags(data, size);

	if (off && (off < 34 || off + 20 > size))
		abort();
	if ((off == 0) != (flags < 0) || (off && flags != data[off + 13]))
		abort();
	(void)frame_is_for_ipv4(data, size, addr);
	return 0;
}
