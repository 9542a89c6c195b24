/*
 * ops_check.h: helpers the unit tests of the "ops" tables share (header
 * only, static): compare the rows a parser produced with their exact text
 * ("cell|cell|...\n" per row, NULL as "NULL") and look for a warning.
 * Include after <cmocka.h>.
 */
#ifndef EG_TEST_OPS_CHECK_H
#define EG_TEST_OPS_CHECK_H

#include <stdio.h>
#include <string.h>

#include "tables/ops/orows.h"
#include "util/buf.h"

/* Asserts the rows of r are exactly want. */
__attribute__((unused)) static void
ops_expect_rows(const struct eg_orows *r, const char *want)
{
	struct eg_buf b;
	eg_buf_init(&b, 1u << 26);
	assert_int_equal(eg_orows_dump(r, &b), 0);
	if (strcmp(eg_buf_str(&b), want) != 0)
		fprintf(stderr, "# got rows:\n%.2000s\n# want:\n%.2000s\n",
			eg_buf_str(&b), want);
	assert_string_equal(eg_buf_str(&b), want);
	eg_buf_free(&b);
}

/* Asserts some kept warning of r contains needle. */
__attribute__((unused)) static void
ops_expect_warning(const struct eg_orows *r, const char *needle)
{
	const char *w;
	for (size_t i = 0; (w = eg_orows_warning(r, i)) != NULL; i++)
		if (strstr(w, needle) != NULL)
			return;
	for (size_t i = 0; (w = eg_orows_warning(r, i)) != NULL; i++)
		fprintf(stderr, "# warning: %s\n", w);
	fail_msg("no warning containing \"%s\"", needle);
}

/* Asserts r holds exactly n warnings. */
__attribute__((unused)) static void
ops_expect_nwarnings(const struct eg_orows *r, size_t n)
{
	const char *w;
	if (eg_orows_nwarnings(r) != n)
		for (size_t i = 0; (w = eg_orows_warning(r, i)) != NULL; i++)
			fprintf(stderr, "# warning: %s\n", w);
	assert_int_equal(eg_orows_nwarnings(r), n);
}

#endif
