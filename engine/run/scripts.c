/* scripts.c - see scripts.h. */
#include "scripts.h"

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_DEPTH 8

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

/* Where ids start: the directory a path was given relative to, as the
 * suite's root sees it ("close" for scripts/close, "" for scripts/). */
struct id_base {
	size_t prefix_len;   /* of the path as given: what the id leaves out */
	char dir[4096];      /* put in front of the rest; may be empty */
};

/* id = base + the path without the directory prefix and without ".lua" */
static char *make_id(const char *path, const struct id_base *b)
{
	const char *rel = path + b->prefix_len;
	size_t n, m = strlen(b->dir);
	char *id;

	while (*rel == '/' || (rel[0] == '.' && rel[1] == '/'))
		rel += *rel == '/' ? 1 : 2;
	n = strlen(rel);
	if (ends_with(rel, ".lua"))
		n -= 4;
	id = malloc(m + 1 + n + 1);
	if (id)
		snprintf(id, m + 1 + n + 1, "%s%s%.*s", b->dir, m ? "/" : "", (int)n, rel);
	return id;
}

/* The part of real directory `dir` below the nearest ancestor (or itself)
 * named "scripts": the suite's root. -1 when there is none. */
static int below_scripts(const char *dir, char *out, size_t len)
{
	const char *p = dir, *hit = NULL;

	for (p = strstr(p, "/scripts"); p; p = strstr(p + 1, "/scripts"))
		if (p[8] == '/' || p[8] == 0)
			hit = p + 8;
	if (!hit)
		return -1;
	snprintf(out, len, "%s", *hit == '/' ? hit + 1 : hit);
	return 0;
}

/* The id base of directory `given` (a prefix of every path below it):
 * relative to the suite's root when there is one, else `fallback`. */
static void id_base_of(const char *given, size_t prefix_len, const char *fallback, struct id_base *b)
{
	char real[PATH_MAX];

	b->prefix_len = prefix_len;
	if (realpath(*given ? given : ".", real) && below_scripts(real, b->dir, sizeof(b->dir)) == 0)
		return;
	snprintf(b->dir, sizeof(b->dir), "%s", fallback);
}

static int push(struct sf_script_list *l, const char *path, const struct id_base *base, struct sf_err *err)
{
	struct sf_script *s;

	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 32;
		s = realloc(l->items, cap * sizeof(*s));
		if (!s)
			return sf_err_set(err, "out of memory");
		l->items = s;
		l->cap = cap;
	}
	s = &l->items[l->n];
	s->path = strdup(path);
	s->id = make_id(path, base);
	if (!s->path || !s->id)
		return sf_err_set(err, "out of memory");
	l->n++;
	return 0;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

/* A directory holding a file named ".opt-in" (scripts/matrix/) runs only
 * when it is given itself, not as part of a parent directory: its tests
 * would take the default suite past its time. */
static int opt_in(const char *dir)
{
	char path[4200];

	snprintf(path, sizeof(path), "%s/.opt-in", dir);
	return access(path, F_OK) == 0;
}

static int walk(struct sf_script_list *l, const char *dir, const struct id_base *base, int depth, struct sf_err *err)
{
	struct dirent **names;
	int n, i, rc = 0;

	if (depth > MAX_DEPTH)
		return sf_err_set(err, "%s: directories nested deeper than %d", dir, MAX_DEPTH);
	n = scandir(dir, &names, NULL, by_name);
	if (n < 0)
		return sf_err_errno(err, "cannot read directory %s", dir);
	for (i = 0; i < n; i++) {
		char path[4096];
		struct stat st;

		if (rc == 0 && names[i]->d_name[0] != '.') {
			snprintf(path, sizeof(path), "%s/%s", dir, names[i]->d_name);
			if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
				if (!opt_in(path))
					rc = walk(l, path, base, depth + 1, err);
			} else if (ends_with(path, ".lua")) {
				rc = push(l, path, base, err);
			}
		}
		free(names[i]);
	}
	free(names);
	return rc;
}

int sf_scripts_add(struct sf_script_list *l, const char *path, struct sf_err *err)
{
	struct id_base base;
	struct stat st;
	char dir[4096], parent[4096];
	const char *slash, *p;
	size_t len = strlen(path);

	if (stat(path, &st) < 0)
		return sf_err_errno(err, "script '%s'", path);
	while (len > 1 && path[len - 1] == '/')
		len--;
	if (S_ISDIR(st.st_mode)) {
		snprintf(dir, sizeof(dir), "%.*s", (int)len, path);
		id_base_of(dir, strlen(dir), "", &base);
		return walk(l, dir, &base, 0, err);
	}
	/* A single file outside a suite keeps its parent directory in its
	 * id: "reset/closed-port". */
	slash = strrchr(path, '/');
	snprintf(parent, sizeof(parent), "%.*s", slash ? (int)(slash - path) : 0, path);
	for (p = slash; p && p > path && p[-1] != '/'; p--)
		;
	snprintf(dir, sizeof(dir), "%.*s", p ? (int)(slash - p) : 0, p ? p : "");
	id_base_of(parent, slash ? (size_t)(slash - path) : 0, dir, &base);
	return push(l, path, &base, err);
}

void sf_scripts_free(struct sf_script_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->items[i].path);
		free(l->items[i].id);
	}
	free(l->items);
	memset(l, 0, sizeof(*l));
}
