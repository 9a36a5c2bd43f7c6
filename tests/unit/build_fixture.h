/*
 * build_fixture.h - shared by the builder tests (test_build*.c): a libnet
 * context without a device per test, and address parsing that fails the
 * test on a typo. Include after cmocka.h.
 */
#ifndef SYNFIN_TEST_BUILD_FIXTURE_H
#define SYNFIN_TEST_BUILD_FIXTURE_H

#include <string.h>

#include "build.h"
#include "decode.h"

/* The context exactly as sf_build_context() makes it: no device. */
static int setup(void **state)
{
	struct sf_err err = { "" };

	*state = sf_build_context(&err);
	if (!*state)
		print_error("sf_build_context: %s\n", err.msg);
	return *state ? 0 : -1;
}

static int teardown(void **state)
{
	libnet_destroy(*state);
	return 0;
}

static struct sf_addr addr(const char *s)
{
	struct sf_addr a;

	memset(&a, 0, sizeof(a));
	assert_int_equal(sf_addr_parse(s, &a), 0);
	return a;
}

#endif
