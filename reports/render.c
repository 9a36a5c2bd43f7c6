/* render.c - see render.h. */
#include "render.h"

#include <lauxlib.h>
#include <stdio.h>

#include "lua_state.h"

/* synfin.report[fn] on the stack of a new state, or NULL. */
static lua_State *report_function(const char *fn, struct sf_err *err)
{
	lua_State *L = sf_lua_new_state(err);

	if (!L)
		return NULL;
	lua_getglobal(L, "require");
	lua_pushliteral(L, "synfin.report");
	if (sf_lua_pcall(L, 1, 1, err) < 0) {
		lua_close(L);
		return NULL;
	}
	lua_getfield(L, -1, fn);
	lua_remove(L, -2);
	return L;
}

int sf_render(const char *dir, struct sf_err *err)
{
	lua_State *L = report_function("render_dir", err);
	int rc = -1;

	if (!L)
		return -1;
	lua_pushstring(L, dir);
	if (sf_lua_pcall(L, 1, 2, err) < 0)
		goto cleanup;
	if (!lua_toboolean(L, -2)) {
		sf_err_set(err, "%s", lua_tostring(L, -1) ? lua_tostring(L, -1) : "rendering the report failed");
		goto cleanup;
	}
	rc = 0;
cleanup:
	lua_close(L);
	return rc;
}

int sf_report_cli(int argc, char **argv)
{
	struct sf_err err;
	lua_State *L = report_function("cli", &err);
	int i, rc = 2;

	if (!L) {
		fprintf(stderr, "synfin: %s\n", err.msg);
		return 2;
	}
	lua_createtable(L, argc, 0);
	for (i = 1; i < argc; i++) {
		lua_pushstring(L, argv[i]);
		lua_rawseti(L, -2, i);
	}
	if (sf_lua_pcall(L, 1, 1, &err) < 0)
		fprintf(stderr, "synfin: report: %s\n", err.msg);
	else
		rc = (int)luaL_optinteger(L, -1, 2);
	lua_close(L);
	return rc;
}
