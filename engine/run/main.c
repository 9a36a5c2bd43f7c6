/*
 * main.c - the synfin command line: a subcommand table (as wireguard-tools'
 * wg.c), each subcommand parsing its own options.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "listing.h"
#include "lua_state.h"
#include "render.h"
#include "runner.h"
#include "scripts.h"
#include "target.h"
#include "userns.h"

static const char *prog = "synfin";

static void usage(FILE *f)
{
	size_t i;

	fprintf(f,
		"Usage: %s run [OPTIONS] [SCRIPT|DIR]...\n"
		"       %s list [--target NAME] [SCRIPT|DIR]...\n"
		"       %s lua FILE [ARG]...\n"
		"       %s report DIR | --compare A B | --check-profile NAME|FILE DIR | --claims DIR...\n"
		"       %s --help | --version\n"
		"\n"
		"synfin checks a TCP stack against RFC 9293 (and 793, 1122, 5961, 6191, 6528,\n"
		"879/6691) by putting raw segments on the wire and judging what comes back.\n"
		"\n"
		"run   runs the tests of each script (default: scripts/) and prints TAP version 13\n"
		"      on stdout, one test point per test. Exit status: 0 all passed, 1 some\n"
		"      failed, 2 usage or setup error. As a normal user (no sudo) it runs in a\n"
		"      user namespace of its own (unprivileged user namespaces must be on).\n"
		"  --target NAME          the target backend (default linux-netns)\n"
		"  --target-opt KEY=VALUE a target option; repeatable (see below)\n"
		"  --family 4|6|all       address family of the tests; all (the default) runs\n"
		"                         each test over IPv4 and then IPv6\n"
		"  --report DIR           write DIR/synfin.tap, one pcap per test in DIR/pcap/,\n"
		"                         DIR/results.json, DIR/junit.xml and DIR/index.html\n"
		"  --filter PATTERN       run tests whose id ('script: test name') contains PATTERN,\n"
		"                         or matches it as a glob when it has * ? or [; a PATTERN\n"
		"                         that selects no test is an error (exit 2)\n"
		"  --slow                 also run tests marked slow (long kernel timers)\n"
		"  --profile NAME|FILE    judge every test by this target profile: a name in\n"
		"                         lua/synfin/profiles.lua or a .lua file of your own\n"
		"                         returning a table of the same shape (sets SYNFIN_PROFILE)\n"
		"  --timeout SECONDS      time limit of one test (default 60)\n"
		"  -j, --jobs N           run N tests at once, each in its own process and\n"
		"                         namespaces (default 4; the output is the same); tests\n"
		"                         that wait on kernel timers (`waits`) start first, in\n"
		"                         up to N more slots beside them\n"
		"      A test's id is its script's path below the suite's root without .lua: the\n"
		"      root is the nearest directory named scripts above the path given, else\n"
		"      the directory given (a single file: its parent's parent).\n"
		"      A directory holding a file .opt-in (scripts/matrix) runs only when named\n"
		"      itself. A filter may also name a test's cells (matrix/ESTABLISHED/RST/inside).\n"
		"      While stderr is a terminal, a progress line is shown there.\n"
		"list  prints every test with the claim IDs (SEED-CLAIMS.md) and RFC sections it checks,\n"
		"      and the cells it names; with --target NAME, also whether it will run there or\n"
		"      skip, and why (what the test needs that the backend cannot do: docs/LUA-API.md).\n"
		"lua   runs a Lua file with synfin's library and synfin.core but no target: no\n"
		"      namespace, no packet, no root. The file gets its ARGs in the global `arg`\n"
		"      (arg[0] is FILE). Exit status: 0; 1 when FILE cannot be read or raised an\n"
		"      error (printed with a traceback); or what it passes to os.exit(). For\n"
		"      offline work: the model (core.tcb, core.oracle), match, options, yaml.\n"
		"report DIR renders DIR/index.html and DIR/junit.xml again from DIR/results.json.\n"
		"  --compare A B          list the tests whose verdict changed between runs A and B\n"
		"                         (report directories or results.json files) and the claims\n"
		"                         whose coverage changed; exit 1 when anything changed\n"
		"  --check-profile NAME|FILE DIR\n"
		"                         do run DIR's verdicts agree with the profile? every\n"
		"                         failure documented, every documented deviation seen;\n"
		"                         exit 1 when they disagree\n"
		"  --claims DIR...        the claims side by side over runs (one per target), a\n"
		"                         Markdown table: conformant / deviates as documented /\n"
		"                         deviates / skipped (why)\n"
		"\n"
		"Targets:\n", prog, prog, prog, prog, prog);
	for (i = 0; sf_targets[i]; i++)
		fprintf(f, "  %-12s %s\n               options: %s\n", sf_targets[i]->name, sf_targets[i]->summary,
			sf_targets[i]->options);
	fprintf(f, "  every target also takes: profile=NAME|FILE (as --profile); setting.KEY=VALUE (use\n"
		   "               VALUE for the stack's setting KEY instead of what its agent reports:\n"
		   "               targets/AGENT.md, The stack's settings)\n");
	fprintf(f, "\nEnvironment: SYNFIN_AGENT (agent binary), SYNFIN_LUA_DIR (Lua library directory).\n"
		   "Writing tests: docs/LUA-API.md. Agent protocol: targets/AGENT.md.\n");
}

static int collect(int argc, char **argv, struct sf_script_list *list)
{
	struct sf_err err;
	int i;

	if (argc == 0 && sf_scripts_add(list, "scripts", &err) < 0) {
		fprintf(stderr, "%s: %s (name the scripts to run)\n", prog, err.msg);
		return -1;
	}
	for (i = 0; i < argc; i++)
		if (sf_scripts_add(list, argv[i], &err) < 0) {
			fprintf(stderr, "%s: %s\n", prog, err.msg);
			return -1;
		}
	return 0;
}

static int parse_family(const char *s, int *family)
{
	if (!strcmp(s, "4") || !strcmp(s, "6")) {
		*family = s[0] - '0';
		return 0;
	}
	if (!strcmp(s, "all")) {
		*family = 0;
		return 0;
	}
	fprintf(stderr, "%s: --family takes 4, 6 or all, not '%s'\n", prog, s);
	return -1;
}


/* Is name a profile: a table of synfin.profiles or lua/synfin/profiles/NAME.lua? */
static int profile_known(const char *name)
{
	struct sf_err err;
	lua_State *L = sf_lua_new_state(&err);
	int known;

	if (!L)
		return 0;
	lua_getglobal(L, "require");
	lua_pushliteral(L, "synfin.profiles");
	known = sf_lua_pcall(L, 1, 1, &err) == 0 && lua_getfield(L, -1, "known") == LUA_TFUNCTION;
	if (known) {
		lua_pushstring(L, name);
		known = sf_lua_pcall(L, 1, 1, &err) == 0 && lua_toboolean(L, -1);
	}
	lua_close(L);
	return known;
}

/* --profile: a profile name, or a file of the user's (read here, so a typo
 * is a usage error before anything runs); the tests read SYNFIN_PROFILE,
 * which every per-test child inherits. A file is made absolute because
 * the tests load it wherever they run. */
static int set_profile(const char *arg)
{
	char path[PATH_MAX];
	size_t n = strlen(arg);

	if (n > 4 && strcmp(arg + n - 4, ".lua") == 0) {
		if (!realpath(arg, path) || access(path, R_OK) < 0) {
			fprintf(stderr, "%s: --profile: cannot read '%s': %s\n", prog, arg, strerror(errno));
			return -1;
		}
		arg = path;
	} else if (!profile_known(arg)) {
		fprintf(stderr, "%s: --profile: '%s' is neither a profile of lua/synfin/profiles.lua (or lua/synfin/profiles/NAME.lua) nor a .lua file\n",
			prog, arg);
		return -1;
	}
	return setenv("SYNFIN_PROFILE", arg, 1);
}

/* setting.KEY=VALUE, for every target: the tests read SYNFIN_SETTINGS
 * ("KEY=VALUE,KEY=VALUE"), which every per-test child inherits, on top of
 * what the agent's `settings` reports (lua/synfin/settings.lua). */
static int add_setting(const char *kv)
{
	const char *old = getenv("SYNFIN_SETTINGS"), *eq = strchr(kv, '=');
	char buf[2048];

	if (!eq || eq == kv || !eq[1] || strchr(kv, ',')) {
		fprintf(stderr, "%s: --target-opt setting.%s: want setting.KEY=VALUE\n", prog, kv);
		return -1;
	}
	if ((size_t)snprintf(buf, sizeof(buf), "%s%s%s", old ? old : "", old ? "," : "", kv) >= sizeof(buf)) {
		fprintf(stderr, "%s: --target-opt setting.%s: too many settings\n", prog, kv);
		return -1;
	}
	return setenv("SYNFIN_SETTINGS", buf, 1);
}

static int parse_run_option(int c, struct sf_run_config *cfg)
{
	struct sf_err err;
	char *end;

	switch (c) {
	case 't':
		cfg->target = sf_target_find(optarg);
		if (!cfg->target)
			fprintf(stderr, "%s: unknown target '%s' (see %s --help)\n", prog, optarg, prog);
		return cfg->target ? 0 : -1;
	case 'o':
		if (!strncmp(optarg, "profile=", 8))
			return set_profile(optarg + 8);
		if (!strncmp(optarg, "setting.", 8))
			return add_setting(optarg + 8);
		if (sf_target_opts_add(&cfg->opts, optarg, &err) == 0)
			return 0;
		fprintf(stderr, "%s: %s\n", prog, err.msg);
		return -1;
	case 'f':
		return parse_family(optarg, &cfg->family);
	case 'r':
		cfg->report_dir = optarg;
		return 0;
	case 'F':
		cfg->filter = optarg;
		return 0;
	case 's':
		cfg->slow = 1;
		return 0;
	case 'P':
		return set_profile(optarg);
	case 'j':
		cfg->jobs = (int)strtol(optarg, &end, 10);
		if (*end || cfg->jobs < 1 || cfg->jobs > 64) {
			fprintf(stderr, "%s: --jobs takes a number from 1 to 64, not '%s'\n", prog, optarg);
			return -1;
		}
		return 0;
	case 'T':
		cfg->test_timeout = strtod(optarg, &end);
		if (*end || cfg->test_timeout <= 0 || cfg->test_timeout > 3600) {
			fprintf(stderr, "%s: --timeout takes seconds from 1 to 3600, not '%s'\n", prog, optarg);
			return -1;
		}
		return 0;
	default:
		return -1;
	}
}

static int cmd_run(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "target", required_argument, NULL, 't' },  { "target-opt", required_argument, NULL, 'o' },
		{ "family", required_argument, NULL, 'f' },  { "report", required_argument, NULL, 'r' },
		{ "filter", required_argument, NULL, 'F' },  { "slow", no_argument, NULL, 's' },
		{ "timeout", required_argument, NULL, 'T' }, { "help", no_argument, NULL, 'h' },
		{ "jobs", required_argument, NULL, 'j' },    { "profile", required_argument, NULL, 'P' },
		{ NULL, 0, NULL, 0 },
	};
	struct sf_run_config cfg = { .target = sf_targets[0], .family = 0, .test_timeout = 60, .jobs = 4, .out = stdout };
	struct sf_script_list list = { 0 };
	struct sf_err err;
	int c, rc = 2;

	while ((c = getopt_long(argc, argv, "+j:", longopts, NULL)) != -1) {
		if (c == 'h') {
			usage(stdout);
			return 0;
		}
		if (parse_run_option(c, &cfg) < 0) {
			fprintf(stderr, "Try '%s --help'.\n", prog);
			return 2;
		}
	}
	if (cfg.target->check_opts(&cfg.opts, &err) < 0) {
		fprintf(stderr, "%s: %s\nTry '%s --help'.\n", prog, err.msg, prog);
		return 2;
	}
	if (cfg.target->serial)
		cfg.jobs = 1;
	if (collect(argc - optind, argv + optind, &list) < 0)
		goto cleanup;
	/* As a normal user, a user namespace of synfin's own first (see
	 * userns.h); a target on the machine's own interfaces needs root. */
	if (!cfg.target->host_network && sf_userns_enter(1, &err) < 0) {
		fprintf(stderr, "%s: %s\n", prog, err.msg);
		goto cleanup;
	}
	if (sf_run_preflight(&err) < 0) {
		fprintf(stderr, "%s: %s\n", prog, err.msg);
		goto cleanup;
	}
	rc = sf_run(&cfg, &list, &err);
	if (rc == 2)
		fprintf(stderr, "%s: %s\n", prog, err.msg);
cleanup:
	sf_scripts_free(&list);
	return rc;
}

static int cmd_list(int argc, char **argv)
{
	struct sf_script_list list = { 0 };
	const struct sf_target_ops *target = NULL;
	int rc, first = 1;

	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		usage(stdout);
		return 0;
	}
	if (argc > 1 && (!strcmp(argv[1], "--target") || !strncmp(argv[1], "--target=", 9))) {
		const char *name = argv[1][8] == '=' ? argv[1] + 9 : argc > 2 ? argv[2] : "";

		first = argv[1][8] == '=' ? 2 : 3;
		target = sf_target_find(name);
		if (!target) {
			fprintf(stderr, "%s: unknown target '%s' (see %s --help)\n", prog, name, prog);
			return 2;
		}
	}
	if (collect(argc - first, argv + first, &list) < 0)
		return 2;
	rc = sf_list(&list, target, stdout);
	sf_scripts_free(&list);
	return rc;
}

/* `synfin lua FILE [ARG]...`: the library without a target. */
static int cmd_lua(int argc, char **argv)
{
	struct sf_err err;
	lua_State *L;
	int i, rc = 1;

	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		usage(stdout);
		return 0;
	}
	if (argc < 2) {
		fprintf(stderr, "%s: lua needs a FILE to run\nTry '%s --help'.\n", prog, prog);
		return 2;
	}
	L = sf_lua_new_state(&err);
	if (!L) {
		fprintf(stderr, "%s: %s\n", prog, err.msg);
		return 2;
	}
	lua_createtable(L, argc - 2, 1); /* arg, as the lua interpreter sets it */
	for (i = 1; i < argc; i++) {
		lua_pushstring(L, argv[i]);
		lua_rawseti(L, -2, i - 1);
	}
	lua_setglobal(L, "arg");
	if (sf_lua_load_script(L, argv[1], &err) < 0) {
		fprintf(stderr, "%s: %s\n", prog, err.msg);
		goto cleanup;
	}
	rc = 0;
cleanup:
	lua_close(L);
	return rc;
}

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
} subcommands[] = {
	{ "run", cmd_run },
	{ "list", cmd_list },
	{ "lua", cmd_lua },
	{ "report", sf_report_cli },
};

int main(int argc, char **argv)
{
	size_t i;

	signal(SIGPIPE, SIG_IGN);
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("synfin %s\n", SYNFIN_VERSION);
		return 0;
	}
	for (i = 0; i < sizeof(subcommands) / sizeof(subcommands[0]); i++)
		if (!strcmp(argv[1], subcommands[i].name))
			return subcommands[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "%s: unknown command '%s'\nTry '%s --help'.\n", prog, argv[1], prog);
	return 2;
}
