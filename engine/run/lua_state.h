/*
 * lua_state.h - a Lua state for one script file: the standard libraries,
 * synfin's Lua library on package.path, synfin.core preloaded, the script
 * loaded and run so that its tests are registered.
 */
#ifndef SYNFIN_LUA_STATE_H
#define SYNFIN_LUA_STATE_H

#include <lua.h>

#include "error.h"

/* Directory of lua/ (the library): $SYNFIN_LUA_DIR or the source tree's. */
const char *sf_lua_dir(void);

/* New state with the library available. NULL on out-of-memory. */
lua_State *sf_lua_new_state(struct sf_err *err);

/*
 * Load and run a script file. A syntax or runtime error is returned in err
 * as "file:line: message" (with a traceback for runtime errors).
 */
int sf_lua_load_script(lua_State *L, const char *path, struct sf_err *err);

/* Push the list of registered tests (require("synfin")._tests). */
int sf_lua_push_tests(lua_State *L, struct sf_err *err);

/* What target `can` (the backend's capabilities, "a,b,c") lacks for test
 * `def` (a stack index) in address family `family`: 1 with the reason in
 * why (the test is SKIP), 0 when it can run (synfin._unmet in Lua). */
int sf_lua_unmet_need(lua_State *L, int def, const char *can, int family, char *why, size_t len);

/* pcall with a traceback handler; on error err holds the message. */
int sf_lua_pcall(lua_State *L, int nargs, int nresults, struct sf_err *err);

/* Bound the run time of Lua code: an error is raised inside Lua once
 * `seconds` have passed (0 removes the bound). */
void sf_lua_set_deadline(lua_State *L, double seconds);

#endif
