/* scripts.c - see scripts.h. */
#include "scripts.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_DEPTH 8

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

/* id = path without the directory prefix and without ".lua" */
static char *make_id(const char *path, size_t prefix_len)
{
	const char *rel = path + prefix_len;
	size_t n;
	char *id;

	while (*rel == '/' || (rel[0] == '.' && rel[1] == '/'))
		rel += *rel == '/' ? 1 : 2;
	n = strlen(rel);
	if (ends_with(rel, ".lua"))
		n -= 4;
	id = malloc(n + 1);
	if (id) {
		memcpy(id, rel, n);
		id[n] = 0;
	}
	return id;
}

static int push(struct sf_script_list *l, const char *path, size_t prefix_len, struct sf_err *err)
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
	s->id = make_id(path, prefix_len);
	if (!s->path || !s->id)
		return sf_err_set(err, "out of memory");
	l->n++;
	return 0;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int walk(struct sf_script_list *l, const char *dir, size_t prefix_len, int depth, struct sf_err *err)
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
			if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
				rc = walk(l, path, prefix_len, depth + 1, err);
			else if (ends_with(path, ".lua"))
				rc = push(l, path, prefix_len, err);
		}
		free(names[i]);
	}
	free(names);
	return rc;
}

int sf_scripts_add(struct sf_script_list *l, const char *path, struct sf_err *err)
{
	struct stat st;
	char dir[4096];
	const char *slash;
	size_t len = strlen(path);

	if (stat(path, &st) < 0)
		return sf_err_errno(err, "script '%s'", path);
	while (len > 1 && path[len - 1] == '/')
		len--;
	if (S_ISDIR(st.st_mode)) {
		snprintf(dir, sizeof(dir), "%.*s", (int)len, path);
		return walk(l, dir, strlen(dir), 0, err);
	}
	/* A single file keeps its parent directory in its id: "reset/closed-port". */
	slash = strrchr(path, '/');
	if (slash) {
		const char *p = slash;
		while (p > path && p[-1] != '/')
			p--;
		return push(l, path, (size_t)(p - path), err);
	}
	return push(l, path, 0, err);
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
