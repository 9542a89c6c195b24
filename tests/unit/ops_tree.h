/*
 * ops_tree.h: a throw-away audit root for the unit tests of the "ops"
 * tables (header only, static): files and symbolic links created under a
 * fresh temporary folder, removed at the end.
 */
#ifndef EG_TEST_OPS_TREE_H
#define EG_TEST_OPS_TREE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char ops_tree_dir[] = "/tmp/eg-ops-XXXXXX";

/* Creates the folder (once per test program). */
__attribute__((unused)) static const char *ops_tree_new(void)
{
	assert_non_null(mkdtemp(ops_tree_dir));
	return ops_tree_dir;
}

/* Creates the parents of rel under the tree. */
__attribute__((unused)) static void ops_tree_parents(const char *rel)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s", ops_tree_dir, rel);
	for (char *p = path + strlen(ops_tree_dir) + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		mkdir(path, 0755);
		*p = '/';
	}
}

/* Writes text to rel (a path under the tree) with mode. */
__attribute__((unused)) static void ops_tree_file(const char *rel, const char *text, mode_t mode)
{
	char path[4096];
	ops_tree_parents(rel);
	snprintf(path, sizeof(path), "%s/%s", ops_tree_dir, rel);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	chmod(path, mode);
}

/* Makes rel a symbolic link to target. */
__attribute__((unused)) static void ops_tree_link(const char *rel, const char *target)
{
	char path[4096];
	ops_tree_parents(rel);
	snprintf(path, sizeof(path), "%s/%s", ops_tree_dir, rel);
	assert_int_equal(symlink(target, path), 0);
}

/* Removes the tree. */
__attribute__((unused)) static void ops_tree_free(void)
{
	char cmd[4200];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", ops_tree_dir);
	assert_int_equal(system(cmd), 0);
}

#endif
