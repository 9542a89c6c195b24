/*
 * apt_sources.h: the apt_sources table and its two parsers.
 *
 * apt_sources(file, line, uri, suite, components, options): one row per
 * repository apt uses, from etc/apt/sources.list and etc/apt/sources.list.d
 * (*.list in the one-line style, *.sources in the deb822 style; other names
 * are ignored, as apt ignores them). `options` is a space-separated list of
 * key=value pairs in the one-line spelling, '' when there are none:
 * `trusted=yes signed-by=/usr/share/keyrings/x.gpg arch=amd64`. A deb-src
 * entry starts its options with `type=deb-src`, so a binary source and a
 * source-package source can be told apart without another column.
 */
#ifndef EG_OPS_APT_SOURCES_H
#define EG_OPS_APT_SOURCES_H

#include <stddef.h>

#include "../vtab.h"
#include "orows.h"

/* Columns of apt_sources, in order. */
enum {
	EG_APT_FILE,
	EG_APT_LINE,
	EG_APT_URI,
	EG_APT_SUITE,
	EG_APT_COMPONENTS,
	EG_APT_OPTIONS,
	EG_APT_NCOLS
};

/*
 * Parses buf[0..len), the one-line style of sources.list(5), as the file
 * named file: one row per `deb`/`deb-src` line in rows (EG_APT_NCOLS
 * columns). Comments and blank lines are skipped; malformed lines are
 * skipped with a warning "file:line: ...". Returns 0 or rows' sticky error.
 */
int eg_apt_parse_list(const char *buf, size_t len, const char *file,
		      struct eg_orows *rows);

/*
 * Parses buf[0..len), the deb822 style (*.sources), as the file named file:
 * one row per type x URI x suite of every stanza, `line` being the stanza's
 * first line. Stanzas with `Enabled: no` are skipped (apt skips them too);
 * stanzas missing Types, URIs, Suites or (for a suite not ending in '/')
 * Components are skipped with a warning. Option fields (Trusted, Signed-By,
 * Architectures...) become one-line options (trusted=yes, signed-by=...,
 * arch=amd64,arm64); a Signed-By holding an inline key becomes
 * `signed-by=embedded`. Returns 0 or rows' sticky error.
 */
int eg_apt_parse_deb822(const char *buf, size_t len, const char *file,
			struct eg_orows *rows);

extern const struct eg_table_def eg_table_apt_sources;

#endif
