/* error.c - see error.h. */
#include "error.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int sf_err_set(struct sf_err *err, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return -1;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return -1;
}

int sf_err_errno(struct sf_err *err, const char *fmt, ...)
{
	int saved = errno;
	char head[SF_ERR_MAX];
	va_list ap;

	if (!err)
		return -1;
	va_start(ap, fmt);
	vsnprintf(head, sizeof(head), fmt, ap);
	va_end(ap);
	snprintf(err->msg, sizeof(err->msg), "%s: %s", head, strerror(saved));
	errno = saved;
	return -1;
}

int sf_err_prefix(struct sf_err *err, const char *fmt, ...)
{
	char head[SF_ERR_MAX], tail[SF_ERR_MAX];
	va_list ap;

	if (!err)
		return -1;
	va_start(ap, fmt);
	vsnprintf(head, sizeof(head), fmt, ap);
	va_end(ap);
	memcpy(tail, err->msg, sizeof(tail));
	snprintf(err->msg, sizeof(err->msg), "%s: %s", head, tail);
	return -1;
}
