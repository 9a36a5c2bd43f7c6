/*
 * hex.h - payload bytes to and from the hex text used on the agent's wire.
 */
#ifndef SYNFIN_AGENT_HEX_H
#define SYNFIN_AGENT_HEX_H

#include <stddef.h>

/*
 * Decode the hex digits of text (either case, even length, no separators)
 * into out, which must hold strlen(text) / 2 bytes. Returns the byte count,
 * or -1 with *bad_at set to the offset of the first offending character
 * (strlen(text) when the length is odd).
 */
long hex_decode(const char *text, unsigned char *out, size_t *bad_at);

/* Encode n bytes as lowercase hex into out, which must hold 2 * n + 1 chars. */
void hex_encode(const unsigned char *in, size_t n, char *out);

#endif
