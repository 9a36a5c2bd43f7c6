/*
 * test_tap.c - TAP version 13 output (reports/tap.h), compared as exact
 * text: what prove and TAP::Parser read is only the bytes written.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"

/* A TAP writer into memory, with an optional copy stream into memory too. */
struct cap {
	struct sf_tap tap;
	FILE *out, *copy;
	char *out_buf, *copy_buf;
	size_t out_len, copy_len;
};

static int setup(void **state)
{
	struct cap *c = calloc(1, sizeof(*c));

	if (!c)
		return -1;
	c->out = open_memstream(&c->out_buf, &c->out_len);
	c->copy = open_memstream(&c->copy_buf, &c->copy_len);
	if (!c->out || !c->copy)
		return -1;
	sf_tap_init(&c->tap, c->out, NULL);
	*state = c;
	return 0;
}

static int teardown(void **state)
{
	struct cap *c = *state;

	fclose(c->out);
	fclose(c->copy);
	free(c->out_buf);
	free(c->copy_buf);
	free(c);
	return 0;
}

/* Everything written so far. */
static const char *text(struct cap *c)
{
	fflush(c->out);
	return c->out_buf;
}

static void test_init_and_version(void **state)
{
	struct cap *c = *state;

	assert_ptr_equal(c->tap.out, c->out);
	assert_null(c->tap.copy);
	assert_int_equal(c->tap.count, 0);
	assert_int_equal(c->tap.failed, 0);
	sf_tap_version(&c->tap);
	assert_string_equal(text(c), "TAP version 13\n");
}

/* sf_tap_init starts from zero whatever the struct held. */
static void test_init_clears(void **state)
{
	struct cap *c = *state;

	c->tap.count = 7;
	c->tap.failed = 3;
	sf_tap_init(&c->tap, c->out, c->copy);
	assert_int_equal(c->tap.count, 0);
	assert_int_equal(c->tap.failed, 0);
	assert_ptr_equal(c->tap.copy, c->copy);
}

static void test_points_and_depth(void **state)
{
	struct cap *c = *state;

	sf_tap_point(&c->tap, 0, 1, 1, "first", SF_TAP_NONE, NULL);
	sf_tap_point(&c->tap, 0, 0, 2, "second", SF_TAP_NONE, NULL);
	sf_tap_point(&c->tap, 1, 1, 1, "inner", SF_TAP_NONE, NULL);
	sf_tap_point(&c->tap, 1, 0, 2, "inner fails", SF_TAP_NONE, NULL);
	sf_tap_point(&c->tap, 2, 1, 10, "deeper", SF_TAP_NONE, NULL);
	sf_tap_point(&c->tap, 0, 1, 3, "", SF_TAP_NONE, NULL);
	sf_tap_point(&c->tap, 1, 0, 4, NULL, SF_TAP_NONE, NULL);
	assert_string_equal(text(c),
			    "ok 1 - first\n"
			    "not ok 2 - second\n"
			    "    ok 1 - inner\n"
			    "    not ok 2 - inner fails\n"
			    "        ok 10 - deeper\n"
			    "ok 3\n"
			    "    not ok 4\n");
	/* sf_tap_point neither numbers nor counts: that is sf_tap_test's job. */
	assert_int_equal(c->tap.count, 0);
	assert_int_equal(c->tap.failed, 0);
}

/* TAP 13: '#' starts a directive, so a description's '#' is "\#", and '\' is "\\". */
static void test_description_escaping(void **state)
{
	struct cap *c = *state;

	sf_tap_point(&c->tap, 0, 1, 1, "issue #42", SF_TAP_NONE, NULL);
	sf_tap_point(&c->tap, 0, 1, 2, "C:\\path", SF_TAP_NONE, NULL);
	sf_tap_point(&c->tap, 0, 1, 3, "a # SKIP not really", SF_TAP_NONE, NULL);
	sf_tap_point(&c->tap, 0, 1, 4, "\\#", SF_TAP_NONE, NULL);
	assert_string_equal(text(c),
			    "ok 1 - issue \\#42\n"
			    "ok 2 - C:\\\\path\n"
			    "ok 3 - a \\# SKIP not really\n"
			    "ok 4 - \\\\\\#\n");
}

/* A line break would end the test point early: each becomes a space. */
static void test_newlines_folded(void **state)
{
	struct cap *c = *state;

	sf_tap_point(&c->tap, 0, 0, 1, "two\nlines", SF_TAP_NONE, NULL);
	sf_tap_point(&c->tap, 1, 1, 2, "crlf\r\nend\n", SF_TAP_NONE, NULL);
	sf_tap_point(&c->tap, 0, 1, 3, "d", SF_TAP_SKIP, "why\nnot");
	assert_string_equal(text(c),
			    "not ok 1 - two lines\n"
			    "    ok 2 - crlf  end \n"
			    "ok 3 - d # SKIP why not\n");
}

static void test_directives(void **state)
{
	struct cap *c = *state;

	sf_tap_point(&c->tap, 0, 1, 1, "v6 only", SF_TAP_SKIP, "no IPv6 on target");
	sf_tap_point(&c->tap, 0, 1, 2, "bare skip", SF_TAP_SKIP, NULL);
	sf_tap_point(&c->tap, 0, 0, 3, "known bug", SF_TAP_TODO, "RFC 5961 not done");
	sf_tap_point(&c->tap, 0, 0, 4, "bare todo", SF_TAP_TODO, "");
	sf_tap_point(&c->tap, 1, 1, 5, "", SF_TAP_SKIP, "no desc");
	sf_tap_point(&c->tap, 0, 1, 6, "reason", SF_TAP_TODO, "see #12");
	/* A reason given without a directive is not printed. */
	sf_tap_point(&c->tap, 0, 1, 7, "plain", SF_TAP_NONE, "ignored");
	assert_string_equal(text(c),
			    "ok 1 - v6 only # SKIP no IPv6 on target\n"
			    "ok 2 - bare skip # SKIP\n"
			    "not ok 3 - known bug # TODO RFC 5961 not done\n"
			    "not ok 4 - bare todo # TODO\n"
			    "    ok 5 # SKIP no desc\n"
			    "ok 6 - reason # TODO see \\#12\n"
			    "ok 7 - plain\n");
}

static void test_numbering_and_failure_count(void **state)
{
	struct cap *c = *state;

	assert_int_equal(sf_tap_test(&c->tap, 1, "passes", SF_TAP_NONE, NULL), 1);
	assert_int_equal(c->tap.failed, 0);
	assert_int_equal(sf_tap_test(&c->tap, 0, "fails", SF_TAP_NONE, NULL), 2);
	assert_int_equal(c->tap.failed, 1);
	/* A failing TODO is expected to fail: not a failure of the run. */
	assert_int_equal(sf_tap_test(&c->tap, 0, "expected to fail", SF_TAP_TODO, "later"), 3);
	assert_int_equal(c->tap.failed, 1);
	/* A skip is an ok point. */
	assert_int_equal(sf_tap_test(&c->tap, 1, "not here", SF_TAP_SKIP, "no v6"), 4);
	assert_int_equal(c->tap.failed, 1);
	/* A TODO that passes is not a failure either. */
	assert_int_equal(sf_tap_test(&c->tap, 1, "fixed", SF_TAP_TODO, NULL), 5);
	assert_int_equal(sf_tap_test(&c->tap, 0, "fails again", SF_TAP_NONE, NULL), 6);
	assert_int_equal(c->tap.count, 6);
	assert_int_equal(c->tap.failed, 2);
	assert_string_equal(text(c),
			    "ok 1 - passes\n"
			    "not ok 2 - fails\n"
			    "not ok 3 - expected to fail # TODO later\n"
			    "ok 4 - not here # SKIP no v6\n"
			    "ok 5 - fixed # TODO\n"
			    "not ok 6 - fails again\n");
}

/* The YAML block is indented two spaces past its test point. */
static void test_yaml_block(void **state)
{
	struct cap *c = *state;

	sf_tap_yaml(&c->tap, 0, "message: wrong flags\nexpected: S.\ngot: R");
	sf_tap_yaml(&c->tap, 1, "at: handshake.lua:12\n");
	sf_tap_yaml(&c->tap, 0, "");
	assert_string_equal(text(c),
			    "  ---\n"
			    "  message: wrong flags\n"
			    "  expected: S.\n"
			    "  got: R\n"
			    "  ...\n"
			    "      ---\n"
			    "      at: handshake.lua:12\n"
			    "      ...\n"
			    "  ---\n"
			    "  ...\n");
}

static void test_diag(void **state)
{
	struct cap *c = *state;

	sf_tap_diag(&c->tap, 0, "target: linux");
	sf_tap_diag(&c->tap, 1, "line one\nline two\n");
	sf_tap_diag(&c->tap, 0, "a # b");
	sf_tap_diag(&c->tap, 0, "");
	assert_string_equal(text(c),
			    "# target: linux\n"
			    "    # line one\n"
			    "    # line two\n"
			    "# a # b\n");
}

static void test_subtest_header(void **state)
{
	struct cap *c = *state;

	sf_tap_subtest(&c->tap, 1, "handshake/passive-open");
	sf_tap_subtest(&c->tap, 0, "top");
	sf_tap_subtest(&c->tap, 1, "bug #3\nsecond line");
	assert_string_equal(text(c),
			    "    # Subtest: handshake/passive-open\n"
			    "# Subtest: top\n"
			    "    # Subtest: bug \\#3 second line\n");
}

static void test_plan(void **state)
{
	struct cap *c = *state;

	sf_tap_plan(&c->tap, 0, 12, NULL);
	sf_tap_plan(&c->tap, 1, 3, NULL);
	sf_tap_plan(&c->tap, 0, 0, "no tests selected");
	assert_string_equal(text(c),
			    "1..12\n"
			    "    1..3\n"
			    "1..0 # SKIP no tests selected\n");
}

/* A whole run as the runner writes it, to the stream and the copy alike. */
static void test_copy_gets_identical_text(void **state)
{
	static const char want[] =
		"TAP version 13\n"
		"    # Subtest: handshake\n"
		"    ok 1 - SYN-ACK\n"
		"    not ok 2 - ACK \\# 2\n"
		"      ---\n"
		"      expected: ack 1001\n"
		"      ...\n"
		"    1..2\n"
		"not ok 1 - handshake\n"
		"  ---\n"
		"  failed: 1\n"
		"  ...\n"
		"ok 2 - slow # SKIP slow test (run with --slow)\n"
		"# done\n"
		"1..2\n";
	struct cap *c = *state;
	struct sf_tap *t = &c->tap;

	sf_tap_init(t, c->out, c->copy);
	sf_tap_version(t);
	sf_tap_subtest(t, 1, "handshake");
	sf_tap_point(t, 1, 1, 1, "SYN-ACK", SF_TAP_NONE, NULL);
	sf_tap_point(t, 1, 0, 2, "ACK # 2", SF_TAP_NONE, NULL);
	sf_tap_yaml(t, 1, "expected: ack 1001");
	sf_tap_plan(t, 1, 2, NULL);
	sf_tap_test(t, 0, "handshake", SF_TAP_NONE, NULL);
	sf_tap_yaml(t, 0, "failed: 1");
	sf_tap_test(t, 1, "slow", SF_TAP_SKIP, "slow test (run with --slow)");
	sf_tap_diag(t, 0, "done");
	sf_tap_plan(t, 0, t->count, NULL);
	assert_string_equal(text(c), want);
	/* Each line is flushed as written: the copy is complete without a flush. */
	assert_non_null(c->copy_buf);
	assert_int_equal(c->copy_len, strlen(want));
	assert_string_equal(c->copy_buf, want);
	assert_int_equal(t->count, 2);
	assert_int_equal(t->failed, 1);
}

/* An overlong description is cut, never overflows, and stays one line. */
static void test_long_description(void **state)
{
	struct cap *c = *state;
	char desc[3001];
	const char *out;

	memset(desc, '#', sizeof(desc) - 1);
	desc[sizeof(desc) - 1] = 0;
	sf_tap_point(&c->tap, 0, 1, 1, desc, SF_TAP_SKIP, desc);
	out = text(c);
	assert_true(strncmp(out, "ok 1 - \\#\\#", 11) == 0);
	assert_non_null(strstr(out, " # SKIP \\#\\#"));
	assert_ptr_equal(strchr(out, '\n'), out + strlen(out) - 1);
	assert_true(strlen(out) < 2000);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_init_and_version),
		T(test_init_clears),
		T(test_points_and_depth),
		T(test_description_escaping),
		T(test_newlines_folded),
		T(test_directives),
		T(test_numbering_and_failure_count),
		T(test_yaml_block),
		T(test_diag),
		T(test_subtest_header),
		T(test_plan),
		T(test_copy_gets_identical_text),
		T(test_long_description),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
