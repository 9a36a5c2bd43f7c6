/*
 * test_golden.c - golden decode tests in the tcpdump tradition: every line
 * of tests/golden/cases.txt is a frame and the one line it must print (or
 * the decode error it must give). All mismatches are reported, then the
 * test fails if there was any.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "decode.h"
#include "summary.h"
#include "golden.h"

struct tally {
	int cases, failures, errors;
};

/* What the decoder says about a frame, in the golden file's terms. */
static void render(const struct golden_case *gc, char *got, size_t len)
{
	struct sf_packet pkt;
	struct sf_err err = { "" };
	uint8_t *copy = malloc(gc->len ? gc->len : 1);

	/* An exact-size heap copy, so ASan sees any read past the end. */
	assert_non_null(copy);
	memcpy(copy, gc->frame, gc->len);
	if (sf_decode(copy, gc->len, &pkt, &err) < 0) {
		snprintf(got, len, "error: ");
		strncat(got, err.msg, len - strlen(got) - 1);
	} else
		sf_packet_summary(&pkt, got, len);
	free(copy);
}

static void check_case(const struct golden_case *gc, void *arg)
{
	struct tally *t = arg;
	char got[1024];

	render(gc, got, sizeof(got));
	t->cases++;
	if (strncmp(gc->expect, "error: ", 7) == 0)
		t->errors++;
	if (strcmp(got, gc->expect) != 0) {
		t->failures++;
		print_error("%s:%d: %s\n  expected: %s\n       got: %s\n",
			    GOLDEN_FILE, gc->line, gc->name, gc->expect, got);
	}
}

static void test_every_golden_line(void **state)
{
	struct tally t = { 0, 0, 0 };

	(void)state;
	assert_true(golden_each(check_case, &t) >= 0);
	assert_int_equal(t.failures, 0);
	/* The file must keep covering both outcomes. */
	assert_true(t.cases >= 15);
	assert_true(t.errors >= 5);
	assert_true(t.cases - t.errors >= 15);
}

/* The reader itself: a case must round-trip, junk must be refused. */
static void test_golden_line_parser(void **state)
{
	struct golden_case gc;

	(void)state;
	assert_int_equal(golden_parse_line("x 0a 0B ff => hello there\n", &gc), 1);
	assert_string_equal(gc.name, "x");
	assert_int_equal(gc.len, 3);
	assert_int_equal(gc.frame[0], 0x0a);
	assert_int_equal(gc.frame[1], 0x0b);
	assert_int_equal(gc.frame[2], 0xff);
	assert_string_equal(gc.expect, "hello there");
	assert_int_equal(golden_parse_line("# comment\n", &gc), 0);
	assert_int_equal(golden_parse_line("   \n", &gc), 0);
	assert_int_equal(golden_parse_line("x 0a0 => odd digits\n", &gc), -1);
	assert_int_equal(golden_parse_line("x 0g => bad digit\n", &gc), -1);
	assert_int_equal(golden_parse_line("x 0a no arrow\n", &gc), -1);
}

/* A truncated summary buffer still gets a terminated prefix and the
 * full length back, as with snprintf. */
static void test_summary_truncates(void **state)
{
	struct golden_case gc;
	struct sf_packet pkt;
	struct sf_err err;
	char full[512], small[10];
	int n;

	(void)state;
	assert_int_equal(golden_find("arp_reply", &gc), 0);
	assert_int_equal(sf_decode(gc.frame, gc.len, &pkt, &err), 0);
	n = sf_packet_summary(&pkt, full, sizeof(full));
	assert_string_equal(full, "ARP, Reply 198.18.0.2 is-at 02:00:00:00:00:02");
	assert_int_equal(n, (int)strlen(full));
	assert_int_equal(sf_packet_summary(&pkt, small, sizeof(small)), n);
	assert_string_equal(small, "ARP, Repl");
	assert_int_equal(sf_packet_summary(&pkt, NULL, 0), n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden_line_parser),
		cmocka_unit_test(test_every_golden_line),
		cmocka_unit_test(test_summary_truncates),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
