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

/* err->msg = "<fmt, ap>: tail"; tail may be err->msg itself. */
static void vjoin(struct sf_err *err, const char *tail, const char *fmt, va_list ap)
{
	char head[SF_ERR_MAX], copy[SF_ERR_MAX];

	vsnprintf(head, sizeof(head), fmt, ap);
	snprintf(copy, sizeof(copy), "%s", tail);
	snprintf(err->msg, sizeof(err->msg), "%s: %s", head, copy);
}

int sf_err_errno(struct sf_err *err, const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	if (!err)
		return -1;
	va_start(ap, fmt);
	vjoin(err, strerror(saved), fmt, ap);
	va_end(ap);
	errno = saved;
	return -1;
}

int sf_err_prefix(struct sf_err *err, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return -1;
	va_start(ap, fmt);
	vjoin(err, err->msg, fmt, ap);
	va_end(ap);
	return -1;
}
