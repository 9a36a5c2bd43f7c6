/* lua_state.c - see lua_state.h. */
#include "lua_state.h"

#include <lauxlib.h>
#include <lualib.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include "lua_core.h"

/* One test runs at a time in this process: the state its deadline stops. */
static lua_State *deadline_L;
static volatile sig_atomic_t deadline_armed;

const char *sf_lua_dir(void)
{
	const char *env = getenv("SYNFIN_LUA_DIR");

	return env && *env ? env : SYNFIN_SOURCE_DIR "/lua";
}

static int traceback(lua_State *L)
{
	const char *msg = lua_tostring(L, 1);

	if (!msg) { /* an error object that is not a string: keep it as is */
		if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING)
			return 1;
		msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
	}
	luaL_traceback(L, L, msg, 1);
	return 1;
}

int sf_lua_pcall(lua_State *L, int nargs, int nresults, struct sf_err *err)
{
	int base = lua_gettop(L) - nargs, rc;

	lua_pushcfunction(L, traceback);
	lua_insert(L, base);
	rc = lua_pcall(L, nargs, nresults, base);
	lua_remove(L, base);
	if (rc != LUA_OK) {
		sf_err_set(err, "%s", lua_tostring(L, -1) ? lua_tostring(L, -1) : "(error without a message)");
		lua_pop(L, 1);
		return -1;
	}
	return 0;
}

lua_State *sf_lua_new_state(struct sf_err *err)
{
	lua_State *L = luaL_newstate();
	const char *dir = sf_lua_dir();

	if (!L) {
		sf_err_set(err, "cannot create a Lua state (out of memory)");
		return NULL;
	}
	/* Generational: a test's garbage is mostly the packet tables of frames
	 * just handled, which die young. Against the incremental collector's
	 * cycles over everything live: round trip p99 5-40 % lower, peak
	 * memory 10 % lower. A minor collection once the heap has grown by
	 * its own size (100 %), not by a fifth (the default 20): at 3 KiB of
	 * garbage per exchange, one exchange in a hundred paid for a minor
	 * collection, which was the round trip's and the reply's 99th
	 * percentile; peak memory the same within 1 % (bench/, 2026-12-02). */
	lua_gc(L, LUA_GCGEN, 100, 0);
	luaL_openlibs(L);
	luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_PRELOAD_TABLE);
	lua_pushcfunction(L, luaopen_synfin_core);
	lua_setfield(L, -2, "synfin.core");
	lua_pop(L, 1);
	lua_getglobal(L, "package");
	lua_pushfstring(L, "%s/?.lua;%s/?/init.lua", dir, dir);
	lua_setfield(L, -2, "path");
	lua_pop(L, 1);
	return L;
}

/* The name errors show: the path relative to the working directory when
 * the script is below it, so "file:line" is short enough for Lua's 60
 * characters of chunk name and can be opened as printed. */
static void display_name(const char *path, char *out, size_t len)
{
	char cwd[4096];
	size_t n;

	if (path[0] == '/' && getcwd(cwd, sizeof(cwd))) {
		n = strlen(cwd);
		if (!strncmp(path, cwd, n) && path[n] == '/') {
			snprintf(out, len, "@%s", path + n + 1);
			return;
		}
	}
	snprintf(out, len, "@%s", path);
}

/* Read a whole script; a first line starting with '#' (a shebang) is
 * blanked, as luaL_loadfile does, keeping the line numbers. */
static char *read_script(const char *path, size_t *len, struct sf_err *err)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	long n;

	if (!f)
		return sf_err_errno(err, "cannot open %s", path), NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && n < (1L << 24) && fseek(f, 0, SEEK_SET) == 0 &&
	    (buf = malloc((size_t)n + 1)) && fread(buf, 1, (size_t)n, f) == (size_t)n) {
		*len = (size_t)n;
		for (size_t i = 0; buf[0] == '#' && i < *len && buf[i] != '\n'; i++)
			buf[i] = ' ';
	} else {
		free(buf);
		buf = NULL;
		sf_err_set(err, "cannot read %s (or it is larger than 16 MiB)", path);
	}
	fclose(f);
	return buf;
}

int sf_lua_load_script(lua_State *L, const char *path, struct sf_err *err)
{
	char name[4200];
	size_t len = 0;
	char *buf = read_script(path, &len, err);
	int rc;

	if (!buf)
		return -1;
	display_name(path, name, sizeof(name));
	rc = luaL_loadbufferx(L, buf, len, name, "t"); /* text only: no precompiled chunks */
	free(buf);
	if (rc != LUA_OK) {
		/* The message is already "path:line: what" for a syntax error. */
		sf_err_set(err, "%s", lua_tostring(L, -1));
		lua_pop(L, 1);
		return -1;
	}
	return sf_lua_pcall(L, 0, 0, err);
}

int sf_lua_push_tests(lua_State *L, struct sf_err *err)
{
	lua_getglobal(L, "require");
	lua_pushliteral(L, "synfin");
	if (sf_lua_pcall(L, 1, 1, err) < 0)
		return sf_err_prefix(err, "loading the synfin Lua library from %s", sf_lua_dir());
	lua_getfield(L, -1, "_tests");
	lua_remove(L, -2);
	if (!lua_istable(L, -1)) {
		lua_pop(L, 1);
		return sf_err_set(err, "synfin._tests is not a table");
	}
	return 0;
}

int sf_lua_unmet_need(lua_State *L, int def, const char *can, int family, char *why, size_t len)
{
	struct sf_err err;
	int unmet = 0;

	def = lua_absindex(L, def);
	lua_getglobal(L, "require");
	lua_pushliteral(L, "synfin");
	if (sf_lua_pcall(L, 1, 1, &err) < 0) {
		snprintf(why, len, "%s", err.msg);
		return 1;
	}
	lua_getfield(L, -1, "_unmet");
	lua_remove(L, -2);
	lua_pushvalue(L, def);
	lua_pushstring(L, can ? can : "");
	lua_pushinteger(L, family);
	if (sf_lua_pcall(L, 3, 1, &err) < 0) {
		snprintf(why, len, "%s", err.msg);
		return 1;
	}
	if (lua_type(L, -1) == LUA_TSTRING) {
		snprintf(why, len, "%s", lua_tostring(L, -1));
		unmet = 1;
	}
	lua_pop(L, 1);
	return unmet;
}

static void deadline_hook(lua_State *L, lua_Debug *ar)
{
	(void)ar;
	lua_sethook(L, NULL, 0, 0); /* once: let the error handler run */
	if (deadline_armed)
		luaL_error(L, "test exceeded its time limit");
}

/* The timer's signal sets the hook that raises the error at the script's
 * next instruction, as lua.c's laction() does for SIGINT. Until then no
 * hook runs: a count hook, even a rare one, makes the VM trace every
 * instruction (luaG_traceexec), a tenth of a t:send loop's time. */
static void deadline_signal(int sig)
{
	(void)sig;
	if (deadline_armed && deadline_L)
		lua_sethook(deadline_L, deadline_hook, LUA_MASKCALL | LUA_MASKRET | LUA_MASKCOUNT, 1);
}

void sf_lua_set_deadline(lua_State *L, double seconds)
{
	struct itimerval when = { { 0, 0 }, { 0, 0 } };
	struct sigaction sa;

	deadline_armed = 0;
	setitimer(ITIMER_REAL, &when, NULL);
	lua_sethook(L, NULL, 0, 0);
	if (seconds <= 0)
		return;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = deadline_signal;
	sa.sa_flags = SA_RESTART; /* the agent's reads go on; a wait's poll() sees EINTR and goes on */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
	deadline_L = L;
	deadline_armed = 1;
	when.it_value.tv_sec = (time_t)seconds;
	when.it_value.tv_usec = (suseconds_t)((seconds - (double)(time_t)seconds) * 1e6);
	if (!when.it_value.tv_sec && !when.it_value.tv_usec)
		when.it_value.tv_usec = 1;
	setitimer(ITIMER_REAL, &when, NULL);
}
