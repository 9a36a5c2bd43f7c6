/*
 * line.h - read one request line with a hard length limit.
 *
 * getline() would grow its buffer to whatever the peer sends; the agent
 * instead discards an over-long line and answers it with an error, so one
 * bad request costs neither memory nor the protocol's line sync.
 */
#ifndef SYNFIN_AGENT_LINE_H
#define SYNFIN_AGENT_LINE_H

#include <stddef.h>
#include <stdio.h>

enum line_status {
	LINE_OK,	/* buf holds the line, without '\n' and a trailing '\r' */
	LINE_EOF,	/* end of input before any byte of a new line */
	LINE_TOO_LONG,	/* longer than cap - 1 bytes; consumed and discarded */
	LINE_NUL,	/* contained a NUL byte; consumed and discarded */
	LINE_ERROR,	/* read error, errno set */
};

/* Read the next line of in into buf (cap bytes including the NUL). A last
 * line without a newline still counts as a line. */
enum line_status line_read(FILE *in, char *buf, size_t cap);

#endif
