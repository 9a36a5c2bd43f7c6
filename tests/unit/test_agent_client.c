/*
 * test_agent_client.c - the engine's side of the agent protocol
 * (targets/agent_client.h, targets/AGENT.md): parsing answer lines, and
 * request/answer exchanges with a fake agent on a socketpair, played by a
 * thread that reads the request line and writes a canned answer.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "agent_client.h"

/* ---- parsing ------------------------------------------------------------ */

static void parse_ok(const char *line, struct sf_agent_reply *r)
{
	struct sf_err err = { "" };
	int rc = sf_agent_parse(line, r, &err);

	if (rc != 0)
		print_error("sf_agent_parse('%s'): %s\n", line, err.msg);
	assert_int_equal(rc, 0);
}

static void test_parse_bare_ok(void **state)
{
	struct sf_agent_reply r;

	(void)state;
	parse_ok("ok", &r);
	assert_int_equal(r.ok, 1);
	assert_int_equal(r.n, 0);
	assert_null(r.errname);
	assert_null(r.message);
	assert_string_equal(r.line, "ok");
	sf_agent_reply_free(&r);
	assert_null(r.line);
	assert_int_equal(r.n, 0);
}

static void test_parse_one_value(void **state)
{
	struct sf_agent_reply r;

	(void)state;
	parse_ok("ok fd=3", &r);
	assert_int_equal(r.ok, 1);
	assert_int_equal(r.n, 1);
	assert_string_equal(r.kv[0].key, "fd");
	assert_string_equal(r.kv[0].value, "3");
	/* The whole line stays whole: the split is done in a copy. */
	assert_string_equal(r.line, "ok fd=3");
	sf_agent_reply_free(&r);
}

static void test_parse_several_values(void **state)
{
	struct sf_agent_reply r;

	(void)state;
	parse_ok("ok state=ESTABLISHED laddr=2001:2::2 lport=80", &r);
	assert_int_equal(r.ok, 1);
	assert_int_equal(r.n, 3);
	assert_string_equal(r.kv[0].key, "state");
	assert_string_equal(r.kv[0].value, "ESTABLISHED");
	assert_string_equal(r.kv[1].key, "laddr");
	assert_string_equal(r.kv[1].value, "2001:2::2");
	assert_string_equal(r.kv[2].key, "lport");
	assert_string_equal(r.kv[2].value, "80");
	assert_string_equal(r.line, "ok state=ESTABLISHED laddr=2001:2::2 lport=80");
	sf_agent_reply_free(&r);
}

/* A bare word is word=true; only the first '=' splits; an empty value is empty. */
static void test_parse_bare_words_and_edges(void **state)
{
	struct sf_agent_reply r;

	(void)state;
	parse_ok("ok eof", &r);
	assert_int_equal(r.n, 1);
	assert_string_equal(r.kv[0].key, "eof");
	assert_string_equal(r.kv[0].value, "true");
	sf_agent_reply_free(&r);

	parse_ok("ok inprogress fd=5 data= opt=a=b", &r);
	assert_int_equal(r.n, 4);
	assert_string_equal(r.kv[0].key, "inprogress");
	assert_string_equal(r.kv[0].value, "true");
	assert_string_equal(r.kv[1].key, "fd");
	assert_string_equal(r.kv[1].value, "5");
	assert_string_equal(r.kv[2].key, "data");
	assert_string_equal(r.kv[2].value, "");
	assert_string_equal(r.kv[3].key, "opt");
	assert_string_equal(r.kv[3].value, "a=b");
	sf_agent_reply_free(&r);
}

static void test_parse_err(void **state)
{
	struct sf_agent_reply r;

	(void)state;
	parse_ok("err ECONNRESET Connection reset by peer", &r);
	assert_int_equal(r.ok, 0);
	assert_int_equal(r.n, 0);
	assert_string_equal(r.errname, "ECONNRESET");
	assert_string_equal(r.message, "Connection reset by peer");
	assert_string_equal(r.line, "err ECONNRESET Connection reset by peer");
	sf_agent_reply_free(&r);

	parse_ok("err ETIMEDOUT", &r);
	assert_int_equal(r.ok, 0);
	assert_string_equal(r.errname, "ETIMEDOUT");
	assert_string_equal(r.message, "");
	sf_agent_reply_free(&r);
}

/* Malformed answers: -1, with the line quoted in the message. */
static void check_malformed(const char *line, const char *quoted)
{
	struct sf_agent_reply r;
	struct sf_err err = { "" };

	assert_int_equal(sf_agent_parse(line, &r, &err), -1);
	if (!strstr(err.msg, quoted))
		print_error("line '%s': message '%s' does not quote %s\n", line, err.msg, quoted);
	assert_non_null(strstr(err.msg, quoted));
	sf_agent_reply_free(&r); /* whatever the failed parse kept */
}

static void test_parse_malformed(void **state)
{
	(void)state;
	check_malformed("", "''");
	check_malformed("maybe", "'maybe'");
	check_malformed("err", "'err'");
	check_malformed("okay fd=3", "'okay fd=3'");
	check_malformed("OK", "'OK'");
	check_malformed("error ENOENT x", "'error ENOENT x'");
}

static void test_parse_value_limit(void **state)
{
	char line[16 * (SF_AGENT_MAX_KV + 1) + 8];
	struct sf_agent_reply r;
	struct sf_err err = { "" };
	char key[16], value[16], want[64];
	size_t used;
	int i, n;

	(void)state;
	used = (size_t)snprintf(line, sizeof(line), "ok");
	for (i = 0; i < SF_AGENT_MAX_KV; i++)
		used += (size_t)snprintf(line + used, sizeof(line) - used, " k%d=%d", i, i);
	parse_ok(line, &r); /* exactly SF_AGENT_MAX_KV is fine */
	n = r.n;
	snprintf(key, sizeof(key), "%s", r.kv[SF_AGENT_MAX_KV - 1].key);
	snprintf(value, sizeof(value), "%s", r.kv[SF_AGENT_MAX_KV - 1].value);
	sf_agent_reply_free(&r);
	assert_int_equal(n, SF_AGENT_MAX_KV);
	snprintf(want, sizeof(want), "k%d", SF_AGENT_MAX_KV - 1);
	assert_string_equal(key, want);
	snprintf(want, sizeof(want), "%d", SF_AGENT_MAX_KV - 1);
	assert_string_equal(value, want);

	snprintf(line + used, sizeof(line) - used, " extra");
	assert_int_equal(sf_agent_parse(line, &r, &err), -1);
	sf_agent_reply_free(&r);
	snprintf(want, sizeof(want), "more than %d values", SF_AGENT_MAX_KV);
	assert_non_null(strstr(err.msg, want));
}

/* ---- a fake agent --------------------------------------------------------- */

enum fake_mode {
	FAKE_ANSWER,      /* read one request line, write `answer` */
	FAKE_SILENT,      /* read one request line, answer nothing until hung up on */
	FAKE_CLOSE,       /* read one request line, then close */
	FAKE_CLOSE_FIRST, /* close before reading anything */
	FAKE_CLOSE_LATE,  /* read one request line, answer nothing, close after 1.5 s */
};

struct fake {
	int fd;              /* the agent's end */
	enum fake_mode mode;
	const char *answer;  /* written in two parts, split at `split` */
	size_t split;
	char got[256];       /* the request bytes as received, newline included */
	size_t got_len;
	pthread_t thread;
};

/* Read up to and including the first '\n', one byte at a time. */
static void fake_read_request(struct fake *f)
{
	char c;

	while (f->got_len < sizeof(f->got) - 1 && read(f->fd, &c, 1) == 1) {
		f->got[f->got_len++] = c;
		if (c == '\n')
			break;
	}
	f->got[f->got_len] = 0;
}

/* send(MSG_NOSIGNAL): the client may hang up mid-answer. */
static void write_all(int fd, const char *s, size_t n)
{
	while (n) {
		ssize_t w = send(fd, s, n, MSG_NOSIGNAL);

		if (w <= 0)
			return;
		s += w;
		n -= (size_t)w;
	}
}

static void *fake_main(void *arg)
{
	struct fake *f = arg;
	char c;

	if (f->mode == FAKE_CLOSE_FIRST) {
		close(f->fd);
		return NULL;
	}
	fake_read_request(f);
	if (f->mode == FAKE_ANSWER && f->answer) {
		size_t n = strlen(f->answer);
		size_t first = f->split && f->split < n ? f->split : n;

		write_all(f->fd, f->answer, first);
		if (first < n) {
			usleep(20 * 1000); /* the rest arrives later: the client must wait for it */
			write_all(f->fd, f->answer + first, n - first);
		}
	}
	if (f->mode == FAKE_CLOSE_LATE)
		usleep(1500 * 1000);
	if (f->mode == FAKE_SILENT)
		while (read(f->fd, &c, 1) > 0) /* until the client hangs up */
			;
	close(f->fd);
	return NULL;
}

/* Start a fake agent; returns the client's end. A non-zero split writes
 * the answer in two parts, 20 ms apart. */
static int fake_start_split(struct fake *f, enum fake_mode mode, const char *answer, size_t split)
{
	sigset_t alrm, old;
	int sv[2];

	memset(f, 0, sizeof(*f));
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
	f->fd = sv[1];
	f->mode = mode;
	f->answer = answer;
	f->split = split;
	/* The fake never takes SIGALRM: it is meant for the client's wait. */
	sigemptyset(&alrm);
	sigaddset(&alrm, SIGALRM);
	pthread_sigmask(SIG_BLOCK, &alrm, &old);
	assert_int_equal(pthread_create(&f->thread, NULL, fake_main, f), 0);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return sv[0];
}

static int fake_start(struct fake *f, enum fake_mode mode, const char *answer)
{
	return fake_start_split(f, mode, answer, 0);
}

/* Hang up and wait for the fake agent. */
static void fake_stop(struct fake *f, int client_fd)
{
	close(client_fd);
	assert_int_equal(pthread_join(f->thread, NULL), 0);
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static void test_call_ok(void **state)
{
	struct fake f;
	struct sf_agent_reply r;
	struct sf_err err = { "" };
	int fd = fake_start(&f, FAKE_ANSWER, "ok fd=3 laddr=198.18.0.2\n");

	(void)state;
	assert_int_equal(sf_agent_call(fd, "socket tcp6", 2000, &r, &err), 0);
	fake_stop(&f, fd);
	assert_string_equal(f.got, "socket tcp6\n");
	assert_int_equal(f.got_len, strlen("socket tcp6\n"));
	assert_int_equal(r.ok, 1);
	assert_int_equal(r.n, 2);
	assert_string_equal(r.kv[0].key, "fd");
	assert_string_equal(r.kv[0].value, "3");
	assert_string_equal(r.kv[1].key, "laddr");
	assert_string_equal(r.kv[1].value, "198.18.0.2");
	assert_string_equal(r.line, "ok fd=3 laddr=198.18.0.2");
	sf_agent_reply_free(&r);
}

/* An answer split across writes is read whole. */
static void test_call_answer_in_pieces(void **state)
{
	struct fake f;
	struct sf_agent_reply r;
	struct sf_err err = { "" };
	int fd;

	(void)state;
	fd = fake_start_split(&f, FAKE_ANSWER, "ok state=ESTABLISHED\n", 8);
	assert_int_equal(sf_agent_call(fd, "state 3", 2000, &r, &err), 0);
	fake_stop(&f, fd);
	assert_int_equal(r.n, 1);
	assert_string_equal(r.kv[0].value, "ESTABLISHED");
	sf_agent_reply_free(&r);
}

/* An "err" answer is a protocol answer, not a call failure. */
static void test_call_err_answer(void **state)
{
	struct fake f;
	struct sf_agent_reply r;
	struct sf_err err = { "" };
	int fd = fake_start(&f, FAKE_ANSWER, "err ECONNREFUSED Connection refused\n");

	(void)state;
	assert_int_equal(sf_agent_call(fd, "connect 3 198.18.0.1 80", 2000, &r, &err), 0);
	fake_stop(&f, fd);
	assert_string_equal(f.got, "connect 3 198.18.0.1 80\n");
	assert_int_equal(r.ok, 0);
	assert_string_equal(r.errname, "ECONNREFUSED");
	assert_string_equal(r.message, "Connection refused");
	sf_agent_reply_free(&r);
}

/* Two answers in one write: the second is still there for the next call. */
static void test_call_reads_no_further_than_its_line(void **state)
{
	struct fake f;
	struct sf_agent_reply r;
	struct sf_err err = { "" };
	char c, rest[16] = "";
	int fd = fake_start(&f, FAKE_ANSWER, "ok a=1\nok b=2\n");

	(void)state;
	assert_int_equal(sf_agent_call(fd, "first", 2000, &r, &err), 0);
	assert_string_equal(r.kv[0].key, "a");
	sf_agent_reply_free(&r);
	assert_int_equal(pthread_join(f.thread, NULL), 0); /* the fake has hung up */
	/* The second line is still there, whole: the client did not read ahead. */
	assert_int_equal(recv(fd, &c, 1, MSG_PEEK), 1);
	assert_int_equal(c, 'o');
	assert_int_equal(read(fd, rest, sizeof(rest) - 1), 7);
	assert_string_equal(rest, "ok b=2\n");
	close(fd);
}

static void test_call_timeout(void **state)
{
	struct fake f;
	struct sf_agent_reply r;
	struct sf_err err = { "" };
	int fd = fake_start(&f, FAKE_SILENT, NULL);
	long t0, elapsed;

	(void)state;
	t0 = now_ms();
	assert_int_equal(sf_agent_call(fd, "recv 3", 200, &r, &err), -1);
	elapsed = now_ms() - t0;
	fake_stop(&f, fd);
	assert_string_equal(f.got, "recv 3\n");
	assert_non_null(strstr(err.msg, "no answer within 200 ms"));
	assert_non_null(strstr(err.msg, "'recv 3'"));
	if (elapsed < 190 || elapsed > 380)
		print_error("timed out after %ld ms, expected about 200\n", elapsed);
	assert_true(elapsed >= 190 && elapsed <= 380);
	assert_null(r.line); /* nothing to free */
	sf_agent_reply_free(&r);
}

static void on_alarm(int sig)
{
	(void)sig;
}

/*
 * A signal that interrupts the wait must not stretch it: the timeout is
 * still ~200 ms. (synfin installs no handler today, but a caller with one,
 * e.g. SIGINT to stop a run or SIGALRM, is entitled to the bound.) A signal
 * handler without SA_RESTART makes poll() fail with EINTR 50 ms in.
 */
static void test_call_timeout_survives_signal(void **state)
{
	struct fake f;
	struct sf_agent_reply r;
	struct sf_err err = { "" };
	struct sigaction sa, old;
	struct itimerval it = { { 0, 0 }, { 0, 50 * 1000 } }, off = { { 0, 0 }, { 0, 0 } };
	int fd = fake_start(&f, FAKE_CLOSE_LATE, NULL);
	long t0, elapsed;
	int rc;

	(void)state;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm; /* no SA_RESTART */
	sigemptyset(&sa.sa_mask);
	assert_int_equal(sigaction(SIGALRM, &sa, &old), 0);
	assert_int_equal(setitimer(ITIMER_REAL, &it, NULL), 0);
	t0 = now_ms();
	rc = sf_agent_call(fd, "recv 3", 200, &r, &err);
	elapsed = now_ms() - t0;
	setitimer(ITIMER_REAL, &off, NULL);
	sigaction(SIGALRM, &old, NULL);
	fake_stop(&f, fd);
	sf_agent_reply_free(&r);
	if (elapsed > 380 || !strstr(err.msg, "no answer within 200 ms"))
		print_error("interrupted wait: rc %d after %ld ms (timeout 200): %s\n", rc, elapsed, err.msg);
	assert_int_equal(rc, -1);
	assert_non_null(strstr(err.msg, "no answer within 200 ms"));
	assert_true(elapsed <= 380);
}

static void test_call_peer_closes(void **state)
{
	struct fake f;
	struct sf_agent_reply r;
	struct sf_err err = { "" };
	int fd = fake_start(&f, FAKE_CLOSE, NULL);
	long t0;

	(void)state;
	t0 = now_ms();
	assert_int_equal(sf_agent_call(fd, "close 3", 5000, &r, &err), -1);
	assert_true(now_ms() - t0 < 2000); /* noticed at once, not at the timeout */
	fake_stop(&f, fd);
	assert_string_equal(f.got, "close 3\n");
	assert_non_null(strstr(err.msg, "connection closed"));
	assert_non_null(strstr(err.msg, "'close 3'"));
	sf_agent_reply_free(&r);
}

/* The agent gone before the request: a write error, not a crash (synfin
 * ignores SIGPIPE, as this test does). */
static void test_call_peer_gone_before_request(void **state)
{
	struct fake f;
	struct sf_agent_reply r;
	struct sf_err err = { "" };
	void (*old)(int) = signal(SIGPIPE, SIG_IGN);
	int fd = fake_start(&f, FAKE_CLOSE_FIRST, NULL);

	(void)state;
	assert_int_equal(pthread_join(f.thread, NULL), 0);
	assert_int_equal(sf_agent_call(fd, "ping", 1000, &r, &err), -1);
	signal(SIGPIPE, old);
	close(fd);
	assert_non_null(strstr(err.msg, "'ping'"));
	assert_true(strstr(err.msg, "write") || strstr(err.msg, "connection closed"));
	sf_agent_reply_free(&r);
}

static void test_call_garbage_answer(void **state)
{
	struct fake f;
	struct sf_agent_reply r;
	struct sf_err err = { "" };
	int fd = fake_start(&f, FAKE_ANSWER, "hello there\n");

	(void)state;
	assert_int_equal(sf_agent_call(fd, "ping", 2000, &r, &err), -1);
	fake_stop(&f, fd);
	assert_non_null(strstr(err.msg, "'ping'"));
	assert_non_null(strstr(err.msg, "'hello there'"));
	assert_null(r.line); /* the call freed what the parse kept */
	sf_agent_reply_free(&r);
}

/* A newline would make two requests of one: refused, nothing sent. */
static void test_call_refuses_newline(void **state)
{
	struct sf_agent_reply r;
	struct sf_err err = { "" };
	int sv[2];
	char c;

	(void)state;
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
	assert_int_equal(sf_agent_call(sv[0], "send 3 x\nclose 3", 200, &r, &err), -1);
	assert_non_null(strstr(err.msg, "newline"));
	assert_null(r.line);
	assert_int_equal(recv(sv[1], &c, 1, MSG_DONTWAIT), -1);
	assert_int_equal(errno, EAGAIN);
	close(sv[0]);
	close(sv[1]);
	sf_agent_reply_free(&r);
}

/* recv data comes back as hex: a long line must come through whole. */
static void test_call_long_answer(void **state)
{
	const size_t hex = 2 * 60000;
	struct fake f;
	struct sf_agent_reply r;
	struct sf_err err = { "" };
	char *answer = malloc(hex + 16);
	size_t used;
	int fd;

	(void)state;
	assert_non_null(answer);
	used = (size_t)sprintf(answer, "ok data=");
	memset(answer + used, 'a', hex);
	strcpy(answer + used + hex, "\n");
	fd = fake_start(&f, FAKE_ANSWER, answer);
	assert_int_equal(sf_agent_call(fd, "recv 3 60000", 2000, &r, &err), 0);
	fake_stop(&f, fd);
	assert_int_equal(r.n, 1);
	assert_int_equal(strlen(r.kv[0].value), hex);
	sf_agent_reply_free(&r);
	free(answer);
}

static void test_call_overlong_answer(void **state)
{
	struct fake f;
	struct sf_agent_reply r;
	struct sf_err err = { "" };
	size_t n = SF_AGENT_MAX_LINE + 10;
	char *answer = malloc(n + 2);
	int fd;

	(void)state;
	assert_non_null(answer);
	memcpy(answer, "ok x=", 5);
	memset(answer + 5, 'f', n - 5);
	strcpy(answer + n, "\n");
	fd = fake_start(&f, FAKE_ANSWER, answer);
	assert_int_equal(sf_agent_call(fd, "recv 3", 2000, &r, &err), -1);
	fake_stop(&f, fd);
	assert_non_null(strstr(err.msg, "longer than"));
	sf_agent_reply_free(&r);
	free(answer);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_bare_ok),
		cmocka_unit_test(test_parse_one_value),
		cmocka_unit_test(test_parse_several_values),
		cmocka_unit_test(test_parse_bare_words_and_edges),
		cmocka_unit_test(test_parse_err),
		cmocka_unit_test(test_parse_malformed),
		cmocka_unit_test(test_parse_value_limit),
		cmocka_unit_test(test_call_ok),
		cmocka_unit_test(test_call_answer_in_pieces),
		cmocka_unit_test(test_call_err_answer),
		cmocka_unit_test(test_call_reads_no_further_than_its_line),
		cmocka_unit_test(test_call_timeout),
		cmocka_unit_test(test_call_timeout_survives_signal),
		cmocka_unit_test(test_call_peer_closes),
		cmocka_unit_test(test_call_peer_gone_before_request),
		cmocka_unit_test(test_call_garbage_answer),
		cmocka_unit_test(test_call_refuses_newline),
		cmocka_unit_test(test_call_long_answer),
		cmocka_unit_test(test_call_overlong_answer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
