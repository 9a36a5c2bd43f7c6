/*
 * hex.c - payload bytes to and from hex text.
 */
#include "hex.h"

#include <string.h>

static int nibble(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

long hex_decode(const char *text, unsigned char *out, size_t *bad_at)
{
	size_t len = strlen(text);

	for (size_t i = 0; i < len; i += 2) {
		int hi = nibble(text[i]);
		int lo = i + 1 < len ? nibble(text[i + 1]) : -1;

		if (hi < 0 || lo < 0) {
			*bad_at = hi < 0 ? i : i + 1;
			return -1;
		}
		out[i / 2] = (unsigned char)(hi << 4 | lo);
	}
	return (long)(len / 2);
}

void hex_encode(const unsigned char *in, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 0xf];
	}
	out[2 * n] = '\0';
}
