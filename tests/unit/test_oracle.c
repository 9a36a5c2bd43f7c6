/*
 * test_oracle.c - the oracle judging a target's segments: conformant
 * exchanges from both sides (with retransmissions and ISNs of the
 * target's choosing) give no findings; each finding class is flagged with
 * its numbers; the other side of a policy choice is named and followed;
 * a profile turns a code into a documented deviation.
 *
 * The target's ISN is 5000 as a client and 7000 as a server, the peer's
 * (the harness's) 300; the peer advertises 10000.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "oracle.h"

#define SYN SF_TCP_SYN
#define ACK SF_TCP_ACK
#define FIN SF_TCP_FIN
#define RST SF_TCP_RST
#define PSH SF_TCP_PSH

static struct sf_tcp_seg seg(uint32_t seq, uint32_t ack, uint8_t flags, uint32_t len)
{
	struct sf_tcp_seg s;

	memset(&s, 0, sizeof(s));
	s.seq = seq;
	s.ack = ack;
	s.flags = flags;
	s.wnd = 10000;
	s.len = len;
	return s;
}

static void rx(struct sf_oracle *o, struct sf_tcp_seg s)
{
	sf_oracle_target_received(o, &s, NULL);
}

static void show(const struct sf_findings *f)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		print_message("  %s: %s (%s)\n", sf_finding_code_name(f->f[i].code), f->f[i].message,
			f->f[i].rfc);
}

/* The target sends s; nothing may be found. */
static void ok(struct sf_oracle *o, struct sf_tcp_seg s)
{
	struct sf_findings f;

	sf_oracle_target_sent(o, &s, &f);
	show(&f);
	assert_int_equal(f.n, 0);
}

/* The findings are exactly one, of this code: an extra finding is a
 * failure too, or a rule that fires where it should not would go unseen. */
static struct sf_finding expect_code(const struct sf_findings *f, enum sf_finding_code code)
{
	show(f);
	if (f->n != 1 || f->f[0].code != code)
		fail_msg("expected exactly one %s finding, got %zu (listed above)", sf_finding_code_name(code), f->n);
	return f->f[0];
}

/* The target sends s; the one finding must have this code. */
static struct sf_finding bad(struct sf_oracle *o, struct sf_tcp_seg s, enum sf_finding_code code)
{
	struct sf_findings f;

	sf_oracle_target_sent(o, &s, &f);
	return expect_code(&f, code);
}

static struct sf_finding settle_bad(struct sf_oracle *o, enum sf_finding_code code)
{
	struct sf_findings f;

	sf_oracle_settle(o, &f);
	return expect_code(&f, code);
}

static void says(const struct sf_finding *f, const char *text)
{
	if (!strstr(f->message, text))
		fail_msg("message \"%s\" lacks \"%s\"", f->message, text);
}

/* Target as client, ESTABLISHED: SND.NXT 5001, RCV.NXT 301. */
static void client_established(struct sf_oracle *o, const struct sf_fsm_policy *p, uint16_t peer_wnd)
{
	struct sf_tcp_seg s = seg(300, 5001, SYN | ACK, 0);

	assert_int_equal(sf_oracle_init(o, SF_TCPS_CLOSED, p), 0);
	ok(o, seg(5000, 0, SYN, 0));
	s.wnd = peer_wnd;
	rx(o, s);
	ok(o, seg(5001, 301, ACK, 0));
	assert_int_equal(sf_oracle_state(o), SF_TCPS_ESTABLISHED);
}

/* Target as server, ESTABLISHED: SND.NXT 7001, RCV.NXT 301. */
static void server_established(struct sf_oracle *o)
{
	assert_int_equal(sf_oracle_init(o, SF_TCPS_LISTEN, NULL), 0);
	rx(o, seg(300, 0, SYN, 0));
	ok(o, seg(7000, 301, SYN | ACK, 0));
	rx(o, seg(301, 7001, ACK, 0));
	assert_int_equal(sf_oracle_state(o), SF_TCPS_ESTABLISHED);
}

/* ---- conformant exchanges --------------------------------------------------- */

static void test_conformant_server(void **state)
{
	struct sf_oracle o;
	struct sf_findings f;

	(void)state;
	assert_int_equal(sf_oracle_init(&o, SF_TCPS_LISTEN, NULL), 0);
	rx(&o, seg(300, 0, SYN, 0));
	assert_int_equal(sf_oracle_state(&o), SF_TCPS_SYN_RECEIVED);
	ok(&o, seg(7000, 301, SYN | ACK, 0));
	ok(&o, seg(7000, 301, SYN | ACK, 0));   /* retransmitted */
	assert_int_equal(sf_oracle_tcb(&o)->iss, 7000);
	rx(&o, seg(301, 7001, ACK, 0));
	rx(&o, seg(301, 7001, ACK | PSH, 10));
	ok(&o, seg(7001, 311, ACK | PSH, 5));   /* the ACK rides on text */
	rx(&o, seg(311, 7006, ACK, 0));
	rx(&o, seg(311, 7006, FIN | ACK, 0));
	assert_int_equal(sf_oracle_state(&o), SF_TCPS_CLOSE_WAIT);
	ok(&o, seg(7006, 312, ACK, 0));
	sf_oracle_target_call(&o, SF_CALL_CLOSE, 0);
	assert_int_equal(sf_oracle_state(&o), SF_TCPS_LAST_ACK);
	ok(&o, seg(7006, 312, FIN | ACK, 0));
	ok(&o, seg(7006, 312, FIN | ACK, 0));   /* retransmitted */
	rx(&o, seg(312, 7007, ACK, 0));
	assert_int_equal(sf_oracle_state(&o), SF_TCPS_CLOSED);
	sf_oracle_settle(&o, &f);
	assert_int_equal(f.n, 0);
	assert_int_equal(sf_oracle_verdict(&o), SF_ORACLE_CONFORMANT);
}

/* No calls reported: the SYN and the FIN show the target's OPEN and CLOSE. */
static void test_conformant_client(void **state)
{
	struct sf_oracle o;
	struct sf_findings f;
	struct sf_fsm_result r;
	struct sf_tcp_seg s = seg(301, 5002, FIN | ACK, 0);

	(void)state;
	assert_int_equal(sf_oracle_init(&o, SF_TCPS_CLOSED, NULL), 0);
	ok(&o, seg(5000, 0, SYN, 0));
	ok(&o, seg(5000, 0, SYN, 0));           /* retransmitted */
	assert_int_equal(sf_oracle_state(&o), SF_TCPS_SYN_SENT);
	rx(&o, seg(300, 5001, SYN | ACK, 0));
	ok(&o, seg(5001, 301, ACK, 0));
	ok(&o, seg(5001, 301, FIN | ACK, 0));
	assert_int_equal(sf_oracle_state(&o), SF_TCPS_FIN_WAIT_1);
	rx(&o, seg(301, 5002, ACK, 0));
	sf_oracle_target_received(&o, &s, &r);
	assert_int_equal(r.verdict, SF_FSM_ACCEPTED);
	assert_int_equal(sf_oracle_state(&o), SF_TCPS_TIME_WAIT);
	ok(&o, seg(5002, 302, ACK, 0));
	rx(&o, seg(301, 5002, FIN | ACK, 0));   /* the peer retransmits its FIN */
	ok(&o, seg(5002, 302, ACK, 0));
	sf_oracle_target_timeout(&o, SF_TIMEOUT_TIME_WAIT);
	assert_int_equal(sf_oracle_state(&o), SF_TCPS_CLOSED);
	sf_oracle_settle(&o, &f);
	assert_int_equal(f.n, 0);
	assert_int_equal(sf_oracle_verdict(&o), SF_ORACLE_CONFORMANT);
}

/* A conformant closed port: both RST forms of RFC 9293 3.10.7.1. */
static void test_conformant_closed_port(void **state)
{
	struct sf_oracle o;
	struct sf_findings f;

	(void)state;
	sf_oracle_init(&o, SF_TCPS_CLOSED, NULL);
	rx(&o, seg(1000, 0, SYN, 0));
	ok(&o, seg(0, 1001, RST | ACK, 0));
	rx(&o, seg(5, 777, ACK, 20));
	ok(&o, seg(777, 0, RST, 0));
	rx(&o, seg(5, 777, RST, 0));
	sf_oracle_settle(&o, &f);
	assert_int_equal(f.n, 0);
	assert_int_equal(sf_oracle_verdict(&o), SF_ORACLE_CONFORMANT);
}

/* ---- one test per finding class ------------------------------------------- */

static void test_synack_bad_ack(void **state)
{
	struct sf_oracle o;
	struct sf_finding f;

	(void)state;
	sf_oracle_init(&o, SF_TCPS_LISTEN, NULL);
	rx(&o, seg(300, 0, SYN, 0));
	f = bad(&o, seg(7000, 300, SYN | ACK, 0), SF_FIND_SYNACK_BAD_ACK);
	says(&f, "acknowledges 300");
	says(&f, "must acknowledge 301");
	assert_string_equal(f.rfc, "RFC 9293 3.10.7.2");
	assert_int_equal(f.severity, SF_SEV_VIOLATION);
	assert_int_equal(sf_oracle_verdict(&o), SF_ORACLE_DEVIATES);
}

static void test_isn_changed(void **state)
{
	struct sf_oracle o;
	struct sf_finding f;

	(void)state;
	sf_oracle_init(&o, SF_TCPS_CLOSED, NULL);
	ok(&o, seg(5000, 0, SYN, 0));
	f = bad(&o, seg(5100, 0, SYN, 0), SF_FIND_ISN_CHANGED);
	says(&f, "ISN 5100; the first one had 5000");
	sf_oracle_init(&o, SF_TCPS_LISTEN, NULL);
	rx(&o, seg(300, 0, SYN, 0));
	ok(&o, seg(7000, 301, SYN | ACK, 0));
	f = bad(&o, seg(7001, 301, SYN | ACK, 0), SF_FIND_ISN_CHANGED);
	says(&f, "SYN-ACK carries ISN 7001");
}

static void test_syn_not_counted(void **state)
{
	struct sf_oracle o;
	struct sf_finding f;

	(void)state;
	sf_oracle_init(&o, SF_TCPS_CLOSED, NULL);
	ok(&o, seg(5000, 0, SYN, 0));
	rx(&o, seg(300, 5001, SYN | ACK, 0));
	f = bad(&o, seg(5000, 301, ACK, 0), SF_FIND_SYN_NOT_COUNTED);
	says(&f, "SEQ=5000");
	says(&f, "must be 5001");
	/* RFC 1122 4.2.3.6: a keep-alive "generally contains SEG.SEQ =
	 * SND.NXT-1": at the ISN of an idle passive side, answering nothing. */
	server_established(&o);
	ok(&o, seg(7000, 301, ACK, 0));
	ok(&o, seg(7000, 301, ACK, 1));
}

static void test_fin_not_counted(void **state)
{
	struct sf_oracle o;
	struct sf_finding f;

	(void)state;
	client_established(&o, NULL, 10000);
	ok(&o, seg(5001, 301, FIN | ACK, 0));
	f = bad(&o, seg(5001, 301, ACK, 0), SF_FIND_FIN_NOT_COUNTED);
	says(&f, "FIN occupies 5001, so it must be 5002");
}

static void test_fin_ack_not_counted(void **state)
{
	struct sf_oracle o;
	struct sf_finding f;

	(void)state;
	server_established(&o);
	rx(&o, seg(301, 7001, FIN | ACK, 0));
	f = bad(&o, seg(7001, 301, ACK, 0), SF_FIND_FIN_ACK_NOT_COUNTED);
	says(&f, "must be ACK=302, target sent ACK=301");
	/* The same mistake on the target's own FIN. */
	sf_oracle_target_call(&o, SF_CALL_CLOSE, 0);
	f = bad(&o, seg(7001, 301, FIN | ACK, 0), SF_FIND_FIN_ACK_NOT_COUNTED);
	says(&f, "FIN carries ACK=301");
}

static void test_data_after_fin(void **state)
{
	struct sf_oracle o;
	struct sf_finding f;

	(void)state;
	client_established(&o, NULL, 10000);
	ok(&o, seg(5001, 301, FIN | ACK, 0));
	f = bad(&o, seg(5002, 301, ACK, 10), SF_FIND_DATA_AFTER_FIN);
	says(&f, "up to 5012 sent after the FIN at 5001");
}

static void test_rst_answered(void **state)
{
	struct sf_oracle o;
	struct sf_finding f;

	(void)state;
	client_established(&o, NULL, 10000);
	rx(&o, seg(50301, 0, RST, 0));
	f = bad(&o, seg(5001, 0, RST, 0), SF_FIND_RST_ANSWERED);
	says(&f, "<SEQ=5001><CTL=RST>");
	assert_string_equal(f.rfc, "RFC 9293 3.5.2");
	/* A closed port does not answer a RST either. */
	sf_oracle_init(&o, SF_TCPS_CLOSED, NULL);
	rx(&o, seg(5, 777, RST | ACK, 0));
	bad(&o, seg(777, 0, RST, 0), SF_FIND_RST_ANSWERED);
}

static void test_rst_answered_ack(void **state)
{
	struct sf_oracle o;
	struct sf_finding f;

	(void)state;
	client_established(&o, NULL, 10000);
	rx(&o, seg(50301, 0, RST, 0));
	f = bad(&o, seg(5001, 301, ACK, 0), SF_FIND_RST_ANSWERED_ACK);
	says(&f, "<SEQ=5001><ACK=301><CTL=ACK>");
}

static void test_rst_bad_seq(void **state)
{
	struct sf_oracle o;
	struct sf_finding f;

	(void)state;
	sf_oracle_init(&o, SF_TCPS_CLOSED, NULL);
	rx(&o, seg(5, 777, ACK, 20));
	f = bad(&o, seg(778, 0, RST, 0), SF_FIND_RST_BAD_SEQ);
	says(&f, "must carry SEQ=777");
	rx(&o, seg(1000, 0, SYN, 0));
	f = bad(&o, seg(0, 1000, RST | ACK, 0), SF_FIND_RST_BAD_SEQ);
	says(&f, "<SEQ=0><ACK=1001><CTL=RST,ACK>");
	/* An ABORT outside [SND.UNA, SND.NXT]. */
	client_established(&o, NULL, 10000);
	f = bad(&o, seg(9000, 0, RST, 0), SF_FIND_RST_BAD_SEQ);
	says(&f, "SEQ=9000 is outside [SND.UNA 5001, SND.NXT 5001]");
	assert_int_equal(sf_oracle_state(&o), SF_TCPS_CLOSED);
	client_established(&o, NULL, 10000);
	ok(&o, seg(5001, 0, RST, 0));
	assert_int_equal(sf_oracle_state(&o), SF_TCPS_CLOSED);
}

static void test_data_beyond_window(void **state)
{
	struct sf_oracle o;
	struct sf_finding f;

	(void)state;
	client_established(&o, NULL, 100);
	ok(&o, seg(5001, 301, ACK, 100));
	f = bad(&o, seg(5101, 301, ACK, 1), SF_FIND_DATA_BEYOND_WINDOW);
	says(&f, "SND.UNA 5001 + SND.WND 100 = 5101");
	/* One octet into a zero window is a probe; two are not. */
	client_established(&o, NULL, 0);
	ok(&o, seg(5001, 301, ACK, 1));
	ok(&o, seg(5001, 301, ACK, 1));
	bad(&o, seg(5002, 301, ACK, 2), SF_FIND_DATA_BEYOND_WINDOW);
}

static void test_sent_when_closed(void **state)
{
	struct sf_oracle o;
	struct sf_finding f;

	(void)state;
	server_established(&o);
	rx(&o, seg(301, 7001, FIN | ACK, 0));
	ok(&o, seg(7001, 302, FIN | ACK, 0));
	rx(&o, seg(302, 7002, ACK, 0));
	assert_int_equal(sf_oracle_state(&o), SF_TCPS_CLOSED);
	f = bad(&o, seg(7002, 302, ACK, 10), SF_FIND_SENT_WHEN_CLOSED);
	says(&f, "SEQ=7002 LEN=10 sent in CLOSED");
	sf_oracle_init(&o, SF_TCPS_LISTEN, NULL);
	bad(&o, seg(1, 2, ACK, 0), SF_FIND_SENT_WHEN_CLOSED);
}

static void test_sent_in_time_wait(void **state)
{
	struct sf_oracle o;
	struct sf_finding f;

	(void)state;
	client_established(&o, NULL, 10000);
	ok(&o, seg(5001, 301, FIN | ACK, 0));
	rx(&o, seg(301, 5002, FIN | ACK, 0));
	assert_int_equal(sf_oracle_state(&o), SF_TCPS_TIME_WAIT);
	ok(&o, seg(5002, 302, ACK, 0));
	f = bad(&o, seg(5002, 302, ACK, 10), SF_FIND_SENT_IN_TIME_WAIT);
	says(&f, "10 octets at SEQ=5002");
}

static void test_ack_unsent(void **state)
{
	struct sf_oracle o;
	struct sf_finding f;

	(void)state;
	server_established(&o);
	f = bad(&o, seg(7001, 400, ACK, 0), SF_FIND_ACK_UNSENT);
	says(&f, "ACK=400, but the peer has sent only up to 301");
}

static void test_no_ack_flag(void **state)
{
	struct sf_oracle o;
	struct sf_finding f;

	(void)state;
	client_established(&o, NULL, 10000);
	f = bad(&o, seg(5001, 0, PSH, 10), SF_FIND_NO_ACK_FLAG);
	says(&f, "SEQ=5001 sent in ESTABLISHED");
}

static void test_answer_mismatch(void **state)
{
	struct sf_oracle o;
	struct sf_finding f;

	(void)state;
	sf_oracle_init(&o, SF_TCPS_LISTEN, NULL);
	rx(&o, seg(300, 4242, ACK, 0));
	f = bad(&o, seg(1, 301, ACK, 0), SF_FIND_ANSWER_MISMATCH);
	says(&f, "owed RST: ACK in LISTEN <SEQ=4242><CTL=RST>");
}

static void test_missing_answer(void **state)
{
	struct sf_oracle o;
	struct sf_finding f;

	(void)state;
	sf_oracle_init(&o, SF_TCPS_CLOSED, NULL);
	rx(&o, seg(1000, 0, SYN, 0));
	f = settle_bad(&o, SF_FIND_MISSING_ANSWER);
	says(&f, "<SEQ=0><ACK=1001><CTL=RST,ACK>");
	/* A FIN owed after close(). */
	client_established(&o, NULL, 10000);
	sf_oracle_target_call(&o, SF_CALL_CLOSE, 0);
	f = settle_bad(&o, SF_FIND_MISSING_ANSWER);
	says(&f, "owed FIN <SEQ=5001><ACK=301><CTL=FIN,ACK>");
}

/* ---- policy choices ---------------------------------------------------------- */

/* The profile says no RFC 5961; the target challenges an in-window RST.
 * Allowed by the profile it is a documented deviation. */
static void test_rst_challenge_ack_choice(void **state)
{
	struct sf_fsm_policy p;
	struct sf_oracle o;
	struct sf_finding f;

	(void)state;
	sf_fsm_policy_default(&p);
	p.rfc5961_rst = false;
	client_established(&o, &p, 10000);
	assert_int_equal(sf_oracle_allow_name(&o, "RST_CHALLENGE_ACK"), 0);
	rx(&o, seg(401, 0, RST, 0));
	assert_int_equal(sf_oracle_state(&o), SF_TCPS_CLOSED);
	f = bad(&o, seg(5001, 301, ACK, 0), SF_FIND_RST_CHALLENGE_ACK);
	assert_int_equal(f.severity, SF_SEV_DEVIATION);
	assert_string_equal(f.rfc, "RFC 5961 3.2");
	assert_int_equal(sf_oracle_state(&o), SF_TCPS_ESTABLISHED);
	assert_int_equal(sf_oracle_verdict(&o), SF_ORACLE_DEVIATES_AS_DOCUMENTED);

	client_established(&o, &p, 10000);
	rx(&o, seg(401, 0, RST, 0));
	f = bad(&o, seg(5001, 301, ACK, 0), SF_FIND_RST_CHALLENGE_ACK);
	assert_int_equal(f.severity, SF_SEV_VIOLATION);
	assert_int_equal(sf_oracle_verdict(&o), SF_ORACLE_DEVIATES);
}

/* The default profile has RFC 5961: a conformant target challenges; one
 * that stays silent and resets is named at settle time. */
static void test_rst_no_challenge_ack_choice(void **state)
{
	struct sf_oracle o;
	struct sf_findings none;

	(void)state;
	client_established(&o, NULL, 10000);
	rx(&o, seg(401, 0, RST, 0));
	ok(&o, seg(5001, 301, ACK, 0));
	sf_oracle_settle(&o, &none);
	assert_int_equal(none.n, 0);
	assert_int_equal(sf_oracle_verdict(&o), SF_ORACLE_CONFORMANT);

	client_established(&o, NULL, 10000);
	rx(&o, seg(401, 0, RST, 0));
	settle_bad(&o, SF_FIND_RST_NO_CHALLENGE_ACK);
	assert_int_equal(sf_oracle_state(&o), SF_TCPS_CLOSED);
}

static void test_syn_choices(void **state)
{
	struct sf_fsm_policy p;
	struct sf_oracle o;
	struct sf_finding f;

	(void)state;
	client_established(&o, NULL, 10000);
	rx(&o, seg(310, 0, SYN, 0));
	f = bad(&o, seg(0, 311, RST | ACK, 0), SF_FIND_SYN_RESET);
	assert_int_equal(sf_oracle_state(&o), SF_TCPS_CLOSED);

	sf_fsm_policy_default(&p);
	p.rfc5961_syn = false;
	client_established(&o, &p, 10000);
	rx(&o, seg(310, 0, SYN, 0));
	f = bad(&o, seg(5001, 301, ACK, 0), SF_FIND_SYN_CHALLENGE_ACK);
	assert_string_equal(f.rfc, "RFC 5961 4.2");
	assert_int_equal(sf_oracle_state(&o), SF_TCPS_ESTABLISHED);
}

/* RFC 9293 3.10.7.4 fourth step without RFC 5961: "If the SYN is in the
 * window it is an error, send a reset" -- no format given. The 3.5.2
 * numbers (<SEQ=0><ACK=SEG.SEQ+SEG.LEN>) and the connection's own
 * <SEQ=SND.NXT><ACK=RCV.NXT> are both accepted; other numbers are not. */
static void test_syn_reset_formats(void **state)
{
	struct sf_fsm_policy p;
	struct sf_oracle o;
	struct sf_finding f;

	(void)state;
	sf_fsm_policy_default(&p);
	p.rfc5961_syn = false;
	client_established(&o, &p, 10000);
	rx(&o, seg(310, 0, SYN, 0));
	ok(&o, seg(0, 311, RST | ACK, 0));
	assert_int_equal(sf_oracle_state(&o), SF_TCPS_CLOSED);
	client_established(&o, &p, 10000);
	rx(&o, seg(310, 0, SYN, 0));
	ok(&o, seg(5001, 301, RST | ACK, 0));
	client_established(&o, &p, 10000);
	rx(&o, seg(310, 0, SYN, 0));
	ok(&o, seg(5001, 0, RST, 0));
	client_established(&o, &p, 10000);
	rx(&o, seg(310, 0, SYN, 0));
	f = bad(&o, seg(5001, 999, RST | ACK, 0), SF_FIND_RST_BAD_SEQ);
	says(&f, "<SEQ=0><ACK=311><CTL=RST,ACK>");
}

/* The target's RCV.WND is a range. A stack may keep it above what the
 * 16-bit field can say (RCV.WND 65700, advertised 65535 without window
 * scaling): a RST inside the larger window but beyond the advertised edge
 * gets a correct RFC 5961 3.2 challenge ACK, not RST_ANSWERED_ACK. With the
 * buffer limit in the profile (rcv_wnd_max), a RST beyond it must still be
 * dropped silently. */
static void test_receive_window_range(void **state)
{
	struct sf_fsm_policy p;
	struct sf_tcp_seg adv = seg(5001, 301, ACK, 0);
	struct sf_oracle o;

	(void)state;
	sf_fsm_policy_default(&p);
	p.rcv_wnd_max = 65700;
	adv.wnd = 65535;
	client_established(&o, &p, 10000);
	ok(&o, adv);
	rx(&o, seg(301 + 65535 + 100, 0, RST, 0));   /* inside 65700 */
	ok(&o, seg(5001, 301, ACK, 0));
	assert_int_equal(sf_oracle_verdict(&o), SF_ORACLE_CONFORMANT);
	rx(&o, seg(301 + 65535 + 100, 0, RST, 0));   /* or dropped: also conformant */
	sf_oracle_settle(&o, NULL);
	assert_int_equal(sf_oracle_verdict(&o), SF_ORACLE_CONFORMANT);
	rx(&o, seg(301 + 65700, 0, RST, 0));         /* beyond the buffer */
	bad(&o, seg(5001, 301, ACK, 0), SF_FIND_RST_ANSWERED_ACK);
	/* A window that is not saturated is taken as it is said. */
	client_established(&o, NULL, 10000);
	rx(&o, seg(301 + 10000, 0, RST, 0));
	bad(&o, seg(5001, 301, ACK, 0), SF_FIND_RST_ANSWERED_ACK);
}

/* ---- obligations, timed ------------------------------------------------------ */

static void clock_ok(struct sf_oracle *o, double now)
{
	struct sf_findings f;

	sf_oracle_clock(o, now, &f);
	show(&f);
	assert_int_equal(f.n, 0);
}

static struct sf_finding clock_bad(struct sf_oracle *o, double now, enum sf_finding_code code)
{
	struct sf_findings f;

	sf_oracle_clock(o, now, &f);
	return expect_code(&f, code);
}

/* RFC 9293 3.10.4, CLOSE in ESTABLISHED: "Queue this until all preceding
 * SENDs have been segmentized, then form a FIN segment and send it." A FIN
 * that never comes is found once the RTO window (1.5 s) has passed. */
static void test_owed_fin(void **state)
{
	struct sf_oracle o;
	struct sf_finding f;

	(void)state;
	client_established(&o, NULL, 10000);
	clock_ok(&o, 10.0);
	sf_oracle_target_call(&o, SF_CALL_CLOSE, 0);
	clock_ok(&o, 11.4);
	f = clock_bad(&o, 11.6, SF_FIND_FIN_NOT_SENT);
	says(&f, "owed its FIN (SEQ=5001)");
	assert_string_equal(f.rfc, "RFC 9293 3.10.4");
	clock_ok(&o, 30.0);  /* found once */
	/* A FIN in time owes nothing; a RST (ABORT) ends the connection and
	 * every obligation with it. */
	client_established(&o, NULL, 10000);
	clock_ok(&o, 10.0);
	sf_oracle_target_call(&o, SF_CALL_CLOSE, 0);
	clock_ok(&o, 10.1);
	ok(&o, seg(5001, 301, FIN | ACK, 0));
	rx(&o, seg(301, 5002, ACK, 0));
	clock_ok(&o, 30.0);
	client_established(&o, NULL, 10000);
	sf_oracle_target_call(&o, SF_CALL_CLOSE, 0);
	bad(&o, seg(5001, 0, RST, 0), SF_FIND_ANSWER_MISMATCH);
	clock_ok(&o, 30.0);
}

/* 3.10.4, CLOSE in SYN-RECEIVED: "If no SENDs have been issued and there
 * is no pending data to send, then form a FIN segment and send it, and
 * enter FIN-WAIT-1 state". Its own code, so a profile can document a stack
 * that waits for ESTABLISHED. */
static void test_owed_fin_syn_received(void **state)
{
	struct sf_oracle o;

	(void)state;
	sf_oracle_init(&o, SF_TCPS_CLOSED, NULL);
	clock_ok(&o, 1.0);
	sf_oracle_target_call(&o, SF_CALL_OPEN_ACTIVE, 0);
	ok(&o, seg(5000, 0, SYN, 0));
	rx(&o, seg(300, 0, SYN, 0));                 /* crossed SYNs */
	ok(&o, seg(5000, 301, SYN | ACK, 0));
	assert_int_equal(sf_oracle_state(&o), SF_TCPS_SYN_RECEIVED);
	sf_oracle_target_call(&o, SF_CALL_CLOSE, 0);
	assert_int_equal(sf_oracle_state(&o), SF_TCPS_FIN_WAIT_1);
	clock_ok(&o, 2.0);
	ok(&o, seg(5000, 301, SYN | ACK, 0));        /* its SYN-ACK resent, no FIN */
	clock_bad(&o, 2.6, SF_FIND_FIN_NOT_SENT_SYN_RECEIVED);
	sf_oracle_allow(&o, SF_FIND_FIN_NOT_SENT_SYN_RECEIVED);
	assert_int_equal(sf_oracle_verdict(&o), SF_ORACLE_DEVIATES);
}

/* 3.10.8 RETRANSMISSION TIMEOUT: "For any state if the retransmission
 * timeout expires on a segment in the retransmission queue, send the
 * segment at the front of the retransmission queue again, reinitialize
 * the retransmission timer"; RFC 6298 5.5 doubles the RTO each time. The
 * window is 1.5 s for the first resend, 3 s after it, ... */
static void test_owed_retransmission(void **state)
{
	struct sf_oracle o;
	struct sf_finding f;

	(void)state;
	sf_oracle_init(&o, SF_TCPS_LISTEN, NULL);
	clock_ok(&o, 0.0);
	rx(&o, seg(300, 0, SYN, 0));
	clock_ok(&o, 0.01);
	ok(&o, seg(7000, 301, SYN | ACK, 0));
	clock_ok(&o, 1.2);
	ok(&o, seg(7000, 301, SYN | ACK, 0));        /* resent within 1.5 s */
	clock_ok(&o, 4.1);
	f = clock_bad(&o, 4.3, SF_FIND_NO_RETRANSMISSION);   /* not within 3 s of 1.2 */
	says(&f, "SYN-ACK at SEQ=7000");
	clock_ok(&o, 60.0);                           /* found once */
	/* Data: acknowledged in time, nothing owed. */
	server_established(&o);
	clock_ok(&o, 1.0);
	ok(&o, seg(7001, 301, ACK | PSH, 10));
	clock_ok(&o, 2.0);
	rx(&o, seg(301, 7011, ACK, 0));
	clock_ok(&o, 60.0);
	/* A FIN left unacknowledged and never resent. */
	server_established(&o);
	clock_ok(&o, 1.0);
	ok(&o, seg(7001, 301, FIN | ACK, 0));
	f = clock_bad(&o, 2.6, SF_FIND_NO_RETRANSMISSION);
	says(&f, "FIN at SEQ=7001");
}

/* 3.8.6.3: "an ACK should not be excessively delayed; in particular, the
 * delay MUST be less than 0.5 seconds" (MUST-40); found after 0.7 s. */
static void test_owed_ack(void **state)
{
	struct sf_oracle o;
	struct sf_finding f;

	(void)state;
	server_established(&o);
	clock_ok(&o, 1.0);
	rx(&o, seg(301, 7001, ACK | PSH, 10));
	clock_ok(&o, 1.6);
	f = clock_bad(&o, 1.8, SF_FIND_ACK_NOT_SENT);
	says(&f, "up to 311");
	server_established(&o);
	clock_ok(&o, 1.0);
	rx(&o, seg(301, 7001, ACK | PSH, 10));
	clock_ok(&o, 1.2);
	ok(&o, seg(7001, 311, ACK, 0));
	clock_ok(&o, 10.0);
	/* The end of the test: not yet due is not found. */
	server_established(&o);
	clock_ok(&o, 1.0);
	rx(&o, seg(301, 7001, ACK | FIN, 0));
	sf_oracle_finish(&o, 1.1, NULL);
	clock_ok(&o, 10.0);
	assert_int_equal(sf_oracle_verdict(&o), SF_ORACLE_CONFORMANT);
}

/* The profile widens the windows (obligation_rto, obligation_ack). */
static void test_owed_profile_window(void **state)
{
	struct sf_fsm_policy p;
	struct sf_oracle o;

	(void)state;
	sf_fsm_policy_default(&p);
	p.obligation_rto = 5.0;
	client_established(&o, &p, 10000);
	clock_ok(&o, 10.0);
	sf_oracle_target_call(&o, SF_CALL_CLOSE, 0);
	clock_ok(&o, 14.9);
	clock_bad(&o, 15.1, SF_FIND_FIN_NOT_SENT);
}

/* SEG.ACK older than SND.UNA - MAX.SND.WND (5001 - 10000). */
static void test_ack_choices(void **state)
{
	struct sf_fsm_policy p;
	struct sf_oracle o;

	(void)state;
	sf_fsm_policy_default(&p);
	p.rfc5961_ack = false;
	client_established(&o, &p, 10000);
	rx(&o, seg(301, 5001 - 10001, ACK, 0));
	bad(&o, seg(5001, 301, ACK, 0), SF_FIND_ACK_CHALLENGE_ACK);

	client_established(&o, NULL, 10000);
	rx(&o, seg(301, 5001 - 10001, ACK, 0));
	settle_bad(&o, SF_FIND_ACK_NO_CHALLENGE_ACK);
	assert_int_equal(sf_oracle_state(&o), SF_TCPS_ESTABLISHED);
}

/* ---- names and profile plumbing ------------------------------------------- */

static void test_names_and_profiles(void **state)
{
	enum sf_finding_code c;
	struct sf_oracle o;
	int i;

	(void)state;
	for (i = 0; i < SF_FIND_COUNT; i++) {
		assert_int_equal(sf_finding_code_parse(sf_finding_code_name((enum sf_finding_code)i), &c), 0);
		assert_int_equal(c, i);
	}
	assert_int_equal(sf_finding_code_parse("NOPE", &c), -1);
	assert_int_equal(sf_oracle_init(&o, SF_TCPS_ESTABLISHED, NULL), -1);
	sf_oracle_init(&o, SF_TCPS_CLOSED, NULL);
	assert_int_equal(sf_oracle_allow_name(&o, "NOPE"), -1);
	assert_string_equal(sf_oracle_verdict_name(SF_ORACLE_DEVIATES_AS_DOCUMENTED),
		"deviates as documented");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_conformant_server),
		cmocka_unit_test(test_conformant_client),
		cmocka_unit_test(test_conformant_closed_port),
		cmocka_unit_test(test_synack_bad_ack),
		cmocka_unit_test(test_isn_changed),
		cmocka_unit_test(test_syn_not_counted),
		cmocka_unit_test(test_fin_not_counted),
		cmocka_unit_test(test_fin_ack_not_counted),
		cmocka_unit_test(test_data_after_fin),
		cmocka_unit_test(test_rst_answered),
		cmocka_unit_test(test_rst_answered_ack),
		cmocka_unit_test(test_rst_bad_seq),
		cmocka_unit_test(test_data_beyond_window),
		cmocka_unit_test(test_sent_when_closed),
		cmocka_unit_test(test_sent_in_time_wait),
		cmocka_unit_test(test_ack_unsent),
		cmocka_unit_test(test_no_ack_flag),
		cmocka_unit_test(test_answer_mismatch),
		cmocka_unit_test(test_missing_answer),
		cmocka_unit_test(test_rst_challenge_ack_choice),
		cmocka_unit_test(test_rst_no_challenge_ack_choice),
		cmocka_unit_test(test_syn_choices),
		cmocka_unit_test(test_ack_choices),
		cmocka_unit_test(test_syn_reset_formats),
		cmocka_unit_test(test_receive_window_range),
		cmocka_unit_test(test_owed_fin),
		cmocka_unit_test(test_owed_fin_syn_received),
		cmocka_unit_test(test_owed_retransmission),
		cmocka_unit_test(test_owed_ack),
		cmocka_unit_test(test_owed_profile_window),
		cmocka_unit_test(test_names_and_profiles),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
