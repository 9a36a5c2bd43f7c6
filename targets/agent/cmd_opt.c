/*
 * cmd_opt.c - setsockopt and getsockopt by short names.
 *
 * Scripts name options the same way whatever the target stack; the table
 * maps each name to Linux's level and option. Values are passed to the
 * kernel as given so that a script sees the kernel's own EINVAL.
 */
#include "commands.h"
#include "agent.h"
#include "args.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/socket.h>

enum opt_kind {
	OPT_BOOL,	/* 0 or 1 */
	OPT_INT,	/* 0..INT_MAX: seconds, counts, bytes, ms */
	OPT_LINGER,	/* "off" or seconds */
	OPT_ERROR,	/* read-only SO_ERROR, shown as an errno name */
};

struct sockopt_def {
	const char *name;
	int level;
	int optname;
	enum opt_kind kind;
};

static const struct sockopt_def sockopts[] = {
	{ "reuseaddr", SOL_SOCKET, SO_REUSEADDR, OPT_BOOL },
	{ "reuseport", SOL_SOCKET, SO_REUSEPORT, OPT_BOOL },
	{ "keepalive", SOL_SOCKET, SO_KEEPALIVE, OPT_BOOL },
	{ "keepidle", IPPROTO_TCP, TCP_KEEPIDLE, OPT_INT },
	{ "keepintvl", IPPROTO_TCP, TCP_KEEPINTVL, OPT_INT },
	{ "keepcnt", IPPROTO_TCP, TCP_KEEPCNT, OPT_INT },
	{ "maxseg", IPPROTO_TCP, TCP_MAXSEG, OPT_INT },
	{ "nodelay", IPPROTO_TCP, TCP_NODELAY, OPT_BOOL },
	{ "rcvbuf", SOL_SOCKET, SO_RCVBUF, OPT_INT },
	{ "sndbuf", SOL_SOCKET, SO_SNDBUF, OPT_INT },
	{ "linger", SOL_SOCKET, SO_LINGER, OPT_LINGER },
	{ "user_timeout", IPPROTO_TCP, TCP_USER_TIMEOUT, OPT_INT },
	{ "defer_accept", IPPROTO_TCP, TCP_DEFER_ACCEPT, OPT_INT },
	{ "syncnt", IPPROTO_TCP, TCP_SYNCNT, OPT_INT },
	{ "v6only", IPPROTO_IPV6, IPV6_V6ONLY, OPT_BOOL },
	{ "error", SOL_SOCKET, SO_ERROR, OPT_ERROR },
};

static const struct sockopt_def *find_opt(struct reply *r, const char *name)
{
	for (size_t i = 0; i < sizeof(sockopts) / sizeof(sockopts[0]); i++) {
		if (strcmp(sockopts[i].name, name) == 0)
			return &sockopts[i];
	}
	reply_usage(r, "unknown option %s", quote(name).s);
	return NULL;
}

/* "off", or N seconds meaning {on, N}; N is capped because close() would
 * block that long (see AGENT_MAX_LINGER_S). */
static int parse_linger(struct reply *r, const char *tok, struct linger *lg)
{
	long v;

	lg->l_onoff = strcmp(tok, "off") != 0;
	lg->l_linger = 0;
	if (!lg->l_onoff)
		return 0;
	if (arg_num(r, "VALUE", tok, 0, AGENT_MAX_LINGER_S, &v) < 0) {
		reply_usage(r, "bad linger VALUE %s (expected off or seconds from 0 to %d)",
			    quote(tok).s, AGENT_MAX_LINGER_S);
		return -1;
	}
	lg->l_linger = (int)v;
	return 0;
}

/* Parse VALUE for def into the bytes setsockopt() takes. */
static int parse_value(struct reply *r, const struct sockopt_def *def, const char *tok,
		       int *ival, struct linger *lg)
{
	long v;

	switch (def->kind) {
	case OPT_BOOL:
		if (arg_num(r, "VALUE", tok, 0, 1, &v) < 0)
			return -1;
		break;
	case OPT_INT:
		if (arg_num(r, "VALUE", tok, 0, 0x7fffffff, &v) < 0)
			return -1;
		break;
	case OPT_LINGER:
		return parse_linger(r, tok, lg);
	case OPT_ERROR:
	default:
		reply_usage(r, "option %s is read-only", quote(def->name).s);
		return -1;
	}
	*ival = (int)v;
	return 0;
}

int cmd_setsockopt(char **argv, struct reply *r)
{
	const struct sockopt_def *def;
	struct linger lg;
	int fd, ival = 0;

	if (arg_fd(r, argv[1], &fd) < 0 || !(def = find_opt(r, argv[2]))
	    || parse_value(r, def, argv[3], &ival, &lg) < 0)
		return -1;
	int rc = def->kind == OPT_LINGER
		? setsockopt(fd, def->level, def->optname, &lg, sizeof(lg))
		: setsockopt(fd, def->level, def->optname, &ival, sizeof(ival));
	if (rc < 0)
		return reply_errno(r, errno, "setsockopt fd %d %s %s", fd, argv[2], argv[3]);
	return 0;
}

int cmd_getsockopt(char **argv, struct reply *r)
{
	const struct sockopt_def *def;
	struct linger lg = { 0 };
	int fd, ival = 0;

	if (arg_fd(r, argv[1], &fd) < 0 || !(def = find_opt(r, argv[2])))
		return -1;
	void *val = def->kind == OPT_LINGER ? (void *)&lg : (void *)&ival;
	socklen_t len = def->kind == OPT_LINGER ? sizeof(lg) : sizeof(ival);
	if (getsockopt(fd, def->level, def->optname, val, &len) < 0)
		return reply_errno(r, errno, "getsockopt fd %d %s", fd, argv[2]);
	if (def->kind == OPT_LINGER && !lg.l_onoff)
		reply_kv(r, "value", "off");
	else if (def->kind == OPT_LINGER)
		reply_kv(r, "value", "%d", lg.l_linger);
	else if (def->kind == OPT_ERROR && ival)
		reply_kv(r, "value", "%s", reply_errname(ival));
	else
		reply_kv(r, "value", "%d", ival);
	return 0;
}
