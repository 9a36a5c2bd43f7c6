/*
 * error.h - an error status that gathers context on its way up.
 *
 * Engine functions return 0 on success or -1 and fill a struct sf_err.
 * Callers that know more (which test, which packet, which command) prefix
 * their context with sf_err_prefix(); only the top level prints.
 */
#ifndef SYNFIN_ERROR_H
#define SYNFIN_ERROR_H

#include <stddef.h>

#define SF_ERR_MAX 1024

struct sf_err {
	char msg[SF_ERR_MAX];
};

/* Replace the message. Always returns -1 so callers can `return sf_err_set(...)`. */
int sf_err_set(struct sf_err *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Like sf_err_set(), appending ": strerror(errno)" for the current errno. */
int sf_err_errno(struct sf_err *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Put "context: " in front of the current message. Returns -1. */
int sf_err_prefix(struct sf_err *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
