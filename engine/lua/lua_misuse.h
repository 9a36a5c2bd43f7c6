/*
 * lua_misuse.h - a script's mistake reported at the script's own line.
 *
 * A bad field, flag letter, target key or claim ID is found deep inside the
 * library (a lua/synfin module calling synfin.core), but the mistake is in the
 * script that passed it. As luaL_argerror names the caller's argument, these
 * name the first Lua frame outside the library directory (sf_lua_dir()), so
 * the message reads "scripts/x.lua:12: segment field 'win' ...".
 */
#ifndef SYNFIN_LUA_MISUSE_H
#define SYNFIN_LUA_MISUSE_H

#include <lua.h>

/* Push "file:line" of the first Lua frame outside the library ("?" if the
 * whole stack is the library's). */
void sf_lua_push_script_where(lua_State *L);

/* Raise a Lua error "file:line: message" at the script's line; never returns.
 * The message is formatted as lua_pushfstring does (%s %d %I %f %p %c %U %%). */
int sf_lua_misuse(lua_State *L, const char *fmt, ...);

/* luaL_checkoption, with the mistake at the script's line: the index of the
 * string at arg in names (NULL-terminated); otherwise an error naming what
 * it is ("call", "timeout"), the bad value and the names it could be. */
int sf_lua_check_option(lua_State *L, int arg, const char *const names[], const char *what);

/* The bad value quoted for a message: strings in quotes, tables shown by
 * their contents one level deep ({1, 2, mss = 1460}), others as tostring().
 * Pushed on the stack; the pointer stays valid while it is there. */
const char *sf_lua_quote(lua_State *L, int idx);

#endif
