/*
 * test_scripts.c - finding test scripts (engine/run/scripts.h) in a temporary
 * tree: every *.lua below a directory, sorted, hidden entries and other
 * files left out, and the short ids the reports use.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "scripts.h"

#define DEEP 10 /* nested directories, more than scripts.c walks */

struct tree {
	char dir[64];
};

/* Relative to the tree; directories first, in creation order. */
static const char *const dirs[] = { "b", ".hidden", "empty" };
static const char *const files[] = { "z.lua", "a.lua", "b/c.lua", "b/d.txt", ".hidden/e.lua", ".top.lua" };

static void path_in(const struct tree *t, const char *rel, char *out, size_t len)
{
	snprintf(out, len, "%s/%s", t->dir, rel);
}

static int setup(void **state)
{
	struct tree *t = calloc(1, sizeof(*t));
	char p[256];
	size_t i;

	if (!t)
		return -1;
	snprintf(t->dir, sizeof(t->dir), "/tmp/synfin-scripts-XXXXXX");
	if (!mkdtemp(t->dir))
		return -1;
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		path_in(t, dirs[i], p, sizeof(p));
		if (mkdir(p, 0700) < 0)
			return -1;
	}
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		FILE *f;

		path_in(t, files[i], p, sizeof(p));
		f = fopen(p, "w");
		if (!f)
			return -1;
		fputs("-- test\n", f);
		fclose(f);
	}
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	struct tree *t = *state;
	char p[256];
	size_t i;
	int d;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		path_in(t, files[i], p, sizeof(p));
		unlink(p);
	}
	/* test_too_deep's chain, if it made one: innermost first. */
	for (d = DEEP; d >= 1; d--) {
		int k, used = snprintf(p, sizeof(p), "%s", t->dir);

		for (k = 0; k < d; k++)
			used += snprintf(p + used, sizeof(p) - (size_t)used, "/deep");
		rmdir(p);
	}
	for (i = sizeof(dirs) / sizeof(dirs[0]); i-- > 0;) {
		path_in(t, dirs[i], p, sizeof(p));
		rmdir(p);
	}
	if (rmdir(t->dir) < 0)
		print_error("could not remove %s: %s\n", t->dir, strerror(errno));
	free(t);
	return 0;
}

static void add_ok(struct sf_script_list *l, const char *path)
{
	struct sf_err err = { "" };
	int rc = sf_scripts_add(l, path, &err);

	if (rc != 0)
		print_error("sf_scripts_add('%s'): %s\n", path, err.msg);
	assert_int_equal(rc, 0);
}

static void assert_script(const struct sf_script_list *l, size_t i, const struct tree *t, const char *rel,
			  const char *id)
{
	char want[256];

	path_in(t, rel, want, sizeof(want));
	assert_true(i < l->n);
	assert_string_equal(l->items[i].path, want);
	assert_string_equal(l->items[i].id, id);
}

/* Recursive, sorted, only *.lua, nothing hidden. */
static void test_directory(void **state)
{
	struct tree *t = *state;
	struct sf_script_list l = { 0 };

	add_ok(&l, t->dir);
	assert_int_equal(l.n, 3);
	assert_script(&l, 0, t, "a.lua", "a");
	assert_script(&l, 1, t, "b/c.lua", "b/c");
	assert_script(&l, 2, t, "z.lua", "z");
	sf_scripts_free(&l);
	assert_int_equal(l.n, 0);
	assert_null(l.items);
}

static void test_directory_trailing_slashes(void **state)
{
	struct tree *t = *state;
	struct sf_script_list l = { 0 };
	char p[256];

	snprintf(p, sizeof(p), "%s/", t->dir);
	add_ok(&l, p);
	snprintf(p, sizeof(p), "%s///", t->dir);
	add_ok(&l, p);
	assert_int_equal(l.n, 6);
	/* Same paths (no "//") and ids as without the slashes. */
	assert_script(&l, 0, t, "a.lua", "a");
	assert_script(&l, 1, t, "b/c.lua", "b/c");
	assert_script(&l, 2, t, "z.lua", "z");
	assert_script(&l, 3, t, "a.lua", "a");
	assert_script(&l, 4, t, "b/c.lua", "b/c");
	assert_script(&l, 5, t, "z.lua", "z");
	sf_scripts_free(&l);
}

/* A subdirectory's ids are relative to that subdirectory. */
static void test_subdirectory(void **state)
{
	struct tree *t = *state;
	struct sf_script_list l = { 0 };
	char p[256];

	path_in(t, "b", p, sizeof(p));
	add_ok(&l, p);
	assert_int_equal(l.n, 1);
	assert_script(&l, 0, t, "b/c.lua", "c");
	sf_scripts_free(&l);
}

/* A single file keeps its parent directory in its id. */
static void test_single_file(void **state)
{
	struct tree *t = *state;
	struct sf_script_list l = { 0 };
	char p[256];

	path_in(t, "b/c.lua", p, sizeof(p));
	add_ok(&l, p);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.items[0].path, p);
	assert_string_equal(l.items[0].id, "b/c");
	/* Named explicitly, a file is taken whatever its name. */
	path_in(t, "b/d.txt", p, sizeof(p));
	add_ok(&l, p);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.items[1].id, "b/d.txt");
	sf_scripts_free(&l);
}

/* Adding appends, in the order given: files first, then a directory. */
static void test_list_accumulates(void **state)
{
	struct tree *t = *state;
	struct sf_script_list l = { 0 };
	char p[256], id[128];

	path_in(t, "z.lua", p, sizeof(p));
	add_ok(&l, p);
	add_ok(&l, t->dir);
	assert_int_equal(l.n, 4);
	/* The file's parent is the tree itself: "synfin-scripts-XXXXXX/z". */
	snprintf(id, sizeof(id), "%s/z", strrchr(t->dir, '/') + 1);
	assert_string_equal(l.items[0].path, p);
	assert_string_equal(l.items[0].id, id);
	assert_script(&l, 1, t, "a.lua", "a");
	assert_script(&l, 2, t, "b/c.lua", "b/c");
	assert_script(&l, 3, t, "z.lua", "z");
	sf_scripts_free(&l);
}

static void test_empty_directory(void **state)
{
	struct tree *t = *state;
	struct sf_script_list l = { 0 };
	char p[256];

	path_in(t, "empty", p, sizeof(p));
	add_ok(&l, p);
	assert_int_equal(l.n, 0);
	sf_scripts_free(&l);
}

static void test_missing_path(void **state)
{
	struct tree *t = *state;
	struct sf_script_list l = { 0 };
	struct sf_err err = { "" };
	char p[256];

	path_in(t, "nope.lua", p, sizeof(p));
	assert_int_equal(sf_scripts_add(&l, p, &err), -1);
	assert_non_null(strstr(err.msg, p));
	assert_non_null(strstr(err.msg, strerror(ENOENT)));
	assert_int_equal(l.n, 0);
	sf_scripts_free(&l);
}

/* A tree deeper than the walker goes is an error naming where it stopped. */
static void test_too_deep(void **state)
{
	struct tree *t = *state;
	struct sf_script_list l = { 0 };
	struct sf_err err = { "" };
	char p[256];
	int used = snprintf(p, sizeof(p), "%s", t->dir), d;

	for (d = 0; d < DEEP; d++) {
		used += snprintf(p + used, sizeof(p) - (size_t)used, "/deep");
		assert_int_equal(mkdir(p, 0700), 0);
	}
	assert_int_equal(sf_scripts_add(&l, t->dir, &err), -1);
	assert_non_null(strstr(err.msg, "nested deeper than"));
	assert_non_null(strstr(err.msg, t->dir));
	sf_scripts_free(&l);
}

/* Inside a suite (a directory named scripts), ids are relative to it,
 * whichever path names the script: the directory, a subdirectory, the file. */
static void test_suite_root(void **state)
{
	static const char *const given[] = { "scripts", "scripts/x", "scripts/x/", "scripts/x/y.lua", "scripts/./x" };
	struct tree *t = *state;
	char p[256], f[256];
	size_t i;

	path_in(t, "scripts", p, sizeof(p));
	assert_int_equal(mkdir(p, 0700), 0);
	path_in(t, "scripts/x", p, sizeof(p));
	assert_int_equal(mkdir(p, 0700), 0);
	path_in(t, "scripts/x/y.lua", f, sizeof(f));
	fclose(fopen(f, "w"));
	for (i = 0; i < sizeof(given) / sizeof(given[0]); i++) {
		struct sf_script_list l = { 0 };

		path_in(t, given[i], p, sizeof(p));
		add_ok(&l, p);
		assert_int_equal(l.n, 1);
		assert_string_equal(l.items[0].id, "x/y");
		sf_scripts_free(&l);
	}
	unlink(f);
	path_in(t, "scripts/x", p, sizeof(p));
	rmdir(p);
	path_in(t, "scripts", p, sizeof(p));
	rmdir(p);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_directory),
		T(test_directory_trailing_slashes),
		T(test_subdirectory),
		T(test_single_file),
		T(test_list_accumulates),
		T(test_empty_directory),
		T(test_missing_path),
		T(test_too_deep),
		T(test_suite_root),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
