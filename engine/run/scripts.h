/*
 * scripts.h - finding the test scripts: files named on the command line,
 * and every *.lua below a directory, in a stable (sorted) order.
 */
#ifndef SYNFIN_SCRIPTS_H
#define SYNFIN_SCRIPTS_H

#include <stddef.h>

#include "error.h"

struct sf_script {
	char *path;   /* as opened */
	char *id;     /* short name for reports: "handshake/passive-open", the
		       * path below the suite's root without ".lua". The root is
		       * the nearest directory named scripts at or above the path
		       * given; without one, the directory given (for a single
		       * file, its parent's parent). So scripts/close and
		       * scripts/close/orderly-close.lua both give
		       * "close/orderly-close". */
};

struct sf_script_list {
	struct sf_script *items;
	size_t n, cap;
};

/* Add a file, or every *.lua under a directory (recursively, sorted). */
int sf_scripts_add(struct sf_script_list *list, const char *path, struct sf_err *err);
void sf_scripts_free(struct sf_script_list *list);

#endif
