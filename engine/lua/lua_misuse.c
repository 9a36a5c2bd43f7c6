/* lua_misuse.c - see lua_misuse.h. */
#include "lua_misuse.h"

#include <lauxlib.h>
#include <stdarg.h>
#include <string.h>

#include "lua_state.h"

#define MAX_FRAMES 64 /* deeper than any library call chain */
#define QUOTE_ITEMS 8 /* table entries shown before "..." */

/* Is this chunk name ("@path") a file of the library's directory? */
static int in_library(const char *source)
{
	const char *dir = sf_lua_dir();
	size_t n = strlen(dir);

	return source[0] == '@' && strncmp(source + 1, dir, n) == 0 && source[1 + n] == '/';
}

void sf_lua_push_script_where(lua_State *L)
{
	lua_Debug ar;

	for (int level = 1; level < MAX_FRAMES && lua_getstack(L, level, &ar); level++) {
		if (!lua_getinfo(L, "Sl", &ar) || ar.currentline <= 0)
			continue; /* a C function, or a line Lua does not know */
		if (!in_library(ar.source)) {
			lua_pushfstring(L, "%s:%d", ar.short_src, ar.currentline);
			return;
		}
	}
	lua_pushliteral(L, "?");
}

int sf_lua_misuse(lua_State *L, const char *fmt, ...)
{
	va_list ap;

	sf_lua_push_script_where(L);
	lua_pushliteral(L, ": ");
	va_start(ap, fmt);
	lua_pushvfstring(L, fmt, ap);
	va_end(ap);
	lua_concat(L, 3);
	return lua_error(L);
}

#define QUOTE_MAX 160 /* bytes of a quoted value; longer ones end in "..." */

struct quote { char text[QUOTE_MAX + 4]; size_t len; };

static void add(struct quote *q, const char *s)
{
	size_t n = strlen(s);

	if (q->len + n > QUOTE_MAX) {
		n = QUOTE_MAX > q->len ? QUOTE_MAX - q->len : 0;
		memcpy(q->text + q->len, s, n);
		q->len += n;
		memcpy(q->text + q->len, "...", 4);
		q->len = QUOTE_MAX + 3;
		return;
	}
	memcpy(q->text + q->len, s, n + 1);
	q->len += n;
}

int sf_lua_check_option(lua_State *L, int arg, const char *const names[], const char *what)
{
	const char *name = lua_tostring(L, arg);
	luaL_Buffer b;

	for (int i = 0; name && names[i]; i++)
		if (strcmp(names[i], name) == 0)
			return i;
	sf_lua_quote(L, arg);
	luaL_buffinit(L, &b);
	for (int i = 0; names[i]; i++) {
		if (i)
			luaL_addstring(&b, ", ");
		luaL_addstring(&b, names[i]);
	}
	luaL_pushresult(&b);
	return sf_lua_misuse(L, "unknown %s %s (%s)", what, lua_tostring(L, -2), lua_tostring(L, -1));
}

static void add_scalar(struct quote *q, lua_State *L, int idx)
{
	if (lua_type(L, idx) == LUA_TSTRING) {
		add(q, "\"");
		add(q, lua_tostring(L, idx));
		add(q, "\"");
	} else if (lua_type(L, idx) == LUA_TTABLE) {
		add(q, "{...}");
	} else {
		add(q, luaL_tolstring(L, idx, NULL));
		lua_pop(L, 1);
	}
}

const char *sf_lua_quote(lua_State *L, int idx)
{
	struct quote q = { .len = 0 };
	int shown = 0;

	q.text[0] = '\0';
	idx = lua_absindex(L, idx);
	if (lua_type(L, idx) != LUA_TTABLE) {
		add_scalar(&q, L, idx);
		return lua_pushstring(L, q.text);
	}
	add(&q, "{");
	lua_pushnil(L);
	while (lua_next(L, idx)) {
		if (shown++ == QUOTE_ITEMS) {
			lua_pop(L, 2);
			add(&q, ", ...");
			break;
		}
		if (shown > 1)
			add(&q, ", ");
		if (lua_type(L, -2) == LUA_TSTRING) {
			add(&q, lua_tostring(L, -2));
			add(&q, " = ");
		}
		add_scalar(&q, L, -1);
		lua_pop(L, 1);
	}
	add(&q, "}");
	return lua_pushstring(L, q.text);
}
