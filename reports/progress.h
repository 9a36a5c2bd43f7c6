/*
 * progress.h - a progress line on stderr while TAP goes to stdout: tests
 * done of the total, failures so far, time elapsed. Only for a person
 * watching (stderr a terminal); a TAP consumer sees the same bytes.
 *
 * sf_progress_open wraps the TAP stream: everything written to the new
 * stream goes on to `out` unchanged, and each top-level test point
 * ("ok N" or "not ok N" at the start of a line) moves the line on.
 */
#ifndef SYNFIN_PROGRESS_H
#define SYNFIN_PROGRESS_H

#include <stdio.h>

/* Whether a progress line is wanted: stderr is a terminal. */
int sf_progress_wanted(void);

/* A stream that writes through to out and counts the points of `total`;
 * NULL when it cannot be made (then write to out). fclose() it at the end:
 * that clears the line and leaves out open. */
FILE *sf_progress_open(FILE *out, int total);

#endif
