/*
 * line.c - bounded line reading.
 */
#include "line.h"

enum line_status line_read(FILE *in, char *buf, size_t cap)
{
	size_t len = 0;
	int c, too_long = 0, nul = 0;

	while ((c = getc(in)) != EOF && c != '\n') {
		if (c == '\0')
			nul = 1;
		else if (len + 1 < cap)
			buf[len++] = (char)c;
		else
			too_long = 1;
	}
	if (ferror(in))
		return LINE_ERROR;
	if (c == EOF && len == 0 && !too_long && !nul)
		return LINE_EOF;
	if (len > 0 && buf[len - 1] == '\r')
		len--;
	buf[len] = '\0';
	if (nul)
		return LINE_NUL;
	return too_long ? LINE_TOO_LONG : LINE_OK;
}
