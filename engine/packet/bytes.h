/*
 * bytes.h - checked big-endian reads of captured bytes, after tcpdump's
 * extract.h.
 *
 * A decoder never indexes a capture buffer itself: it walks a cursor, and
 * every read says whether the bytes were there. A read past the end
 * returns false, reads nothing, and leaves the cursor where it was, so a
 * truncated packet is an ordinary outcome and not an out-of-bounds read.
 */
#ifndef SYNFIN_BYTES_H
#define SYNFIN_BYTES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct sf_cursor {
	const uint8_t *p; /* start of the bytes this cursor may read */
	size_t len;       /* how many there are */
	size_t off;       /* next byte to read, 0 <= off <= len */
};

/* A NULL buffer becomes an empty one, so no pointer arithmetic on NULL. */
static inline void sf_cursor_init(struct sf_cursor *c, const uint8_t *p, size_t len)
{
	static const uint8_t none[1];

	c->p = p ? p : none;
	c->len = p ? len : 0;
	c->off = 0;
}

static inline size_t sf_left(const struct sf_cursor *c)
{
	return c->len - c->off;
}

static inline bool sf_has(const struct sf_cursor *c, size_t n)
{
	return n <= sf_left(c);
}

static inline bool sf_skip(struct sf_cursor *c, size_t n)
{
	if (!sf_has(c, n))
		return false;
	c->off += n;
	return true;
}

static inline bool sf_get_u8(struct sf_cursor *c, uint8_t *v)
{
	if (!sf_has(c, 1))
		return false;
	*v = c->p[c->off];
	c->off += 1;
	return true;
}

static inline bool sf_get_u16(struct sf_cursor *c, uint16_t *v)
{
	if (!sf_has(c, 2))
		return false;
	*v = (uint16_t)((unsigned)c->p[c->off] << 8 | c->p[c->off + 1]);
	c->off += 2;
	return true;
}

static inline bool sf_get_u32(struct sf_cursor *c, uint32_t *v)
{
	if (!sf_has(c, 4))
		return false;
	*v = (uint32_t)c->p[c->off] << 24 | (uint32_t)c->p[c->off + 1] << 16 |
	     (uint32_t)c->p[c->off + 2] << 8 | c->p[c->off + 3];
	c->off += 4;
	return true;
}

static inline bool sf_get_bytes(struct sf_cursor *c, void *dst, size_t n)
{
	if (!sf_has(c, n))
		return false;
	if (n)
		memcpy(dst, c->p + c->off, n);
	c->off += n;
	return true;
}

/* Read the byte `at` bytes ahead without moving. */
static inline bool sf_peek_u8(const struct sf_cursor *c, size_t at, uint8_t *v)
{
	if (at >= sf_left(c))
		return false;
	*v = c->p[c->off + at];
	return true;
}

/*
 * Hand out the next n bytes as a span (pointer + the n it was checked
 * for) and move past them. For consumers that take a (pointer, length)
 * pair whose length has been checked here: the checksum, the payload.
 */
static inline bool sf_get_span(struct sf_cursor *c, size_t n, const uint8_t **span)
{
	if (!sf_has(c, n))
		return false;
	*span = c->p + c->off;
	c->off += n;
	return true;
}

/* Carve the next n bytes off into their own cursor and move past them. */
static inline bool sf_get_sub(struct sf_cursor *c, size_t n, struct sf_cursor *sub)
{
	const uint8_t *span;

	if (!sf_get_span(c, n, &span))
		return false;
	sf_cursor_init(sub, span, n);
	return true;
}

/* What is left, as its own cursor; c is not moved. */
static inline void sf_rest(const struct sf_cursor *c, struct sf_cursor *rest)
{
	sf_cursor_init(rest, c->p + c->off, sf_left(c));
}

#endif
