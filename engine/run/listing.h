/*
 * listing.h - `synfin list`: every test with the claim IDs and RFC sections
 * it checks, then every claim of SEED-CLAIMS.md with the tests that cover it.
 * Nothing is run: the scripts are only loaded to read their registrations.
 */
#ifndef SYNFIN_LISTING_H
#define SYNFIN_LISTING_H

#include <stdio.h>

#include "scripts.h"
#include "target.h"

/* Print every test (id, claims, RFC sections) without running anything;
 * with a target (non-NULL), whether each test runs there or skips, and why.
 * Returns 0, or 1 when a script failed to load (reported on the line). */
int sf_list(const struct sf_script_list *scripts, const struct sf_target_ops *target, FILE *out);

#endif
