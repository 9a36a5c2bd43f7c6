/*
 * fuzz_json.c - libFuzzer harness for reading results.json back
 * (`synfin report`): any bytes go to sf_json_push_text(). A results.json
 * may come from another machine or another synfin, so it is untrusted
 * input. Run by tests/fuzz/json.sh. Besides the sanitizers' checks it aborts
 * when the reader breaks its contract (json.h): an error without a reason,
 * a stack changed on error, or a success that pushes other than one value.
 */
#include <lauxlib.h>
#include <lualib.h>
#include <stdint.h>
#include <stdlib.h>

#include "json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static lua_State *L;
	struct sf_err err = { { 0 } };
	int top;

	if (!L)
		L = luaL_newstate();
	top = lua_gettop(L);
	if (sf_json_push_text(L, (const char *)data, size, &err) < 0) {
		if (!err.msg[0] || lua_gettop(L) != top)
			abort();
		return 0;
	}
	if (lua_gettop(L) != top + 1)
		abort();
	lua_settop(L, top);
	lua_gc(L, LUA_GCCOLLECT);
	return 0;
}
