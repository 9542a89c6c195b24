/*
 * catalog.h: the guideline as data. 11 themes and 100 measures of the ECOM
 * guideline (vol. 2, chapter 1), Japanese titles verbatim from the seed with
 * English beside them, compiled into the binary from catalog/guideline.yaml.
 * Relations between themes (table 1-1) are derived from the measures' kinds.
 *
 * The loader treats its input as untrusted (the same YAML code as site specs)
 * and reports every problem with file:line:column.
 */
#ifndef EG_CATALOG_H
#define EG_CATALOG_H

#include <stddef.h>

#include "../util/diag.h"
#include "../util/err.h"

struct eg_measure {
	char id[8];                 /* "T02.05" */
	int theme;                  /* index of its theme, 0-based */
	int number;                 /* 5 for T02.05 */
	const char *section;        /* "1.3(5)" */
	const char *kind;           /* policy, construction, ... */
	const char *title_ja, *title_en;
	const char *description_ja, *description_en;
	const char *note;           /* NULL or a note on the seed's text */
	const char *cadence;        /* NULL or the default interval, "12m" */
};

struct eg_theme {
	char id[4];                 /* "T02" */
	const char *section;        /* "1.3" */
	const char *layer;          /* governance, threat or foundation */
	const char *title_ja, *title_en;
	struct eg_measure *measures;
	size_t nmeasures;
};

struct eg_relation {
	int from, to;               /* theme indexes */
	const struct eg_measure **via;
	size_t nvia;
};

struct eg_catalog;

/*
 * Loads a catalogue from YAML text. Returns 0 and *out, or EG_E_PARSE /
 * EG_E_LIMIT / EG_E_NOMEM with diagnostics in d. OUT: eg_catalog_free.
 */
int eg_catalog_load(const char *file, const char *data, size_t len,
		    struct eg_catalog **out, struct eg_diags *d);

/* The catalogue compiled into the binary. Loaded once; never freed by the
 * caller. Returns NULL only when the embedded data is broken (a build bug),
 * with the reason in e. */
const struct eg_catalog *eg_catalog_builtin(struct eg_err *e);

void eg_catalog_free(struct eg_catalog *c);

size_t eg_catalog_nthemes(const struct eg_catalog *c);
const struct eg_theme *eg_catalog_theme(const struct eg_catalog *c, size_t i);
size_t eg_catalog_nmeasures(const struct eg_catalog *c);

/* Lookups by ID ("T02", "T02.05"); NULL when absent. */
const struct eg_theme *eg_catalog_find_theme(const struct eg_catalog *c,
					     const char *id);
const struct eg_measure *eg_catalog_find_measure(const struct eg_catalog *c,
						 const char *id);

size_t eg_catalog_nrelations(const struct eg_catalog *c);
const struct eg_relation *eg_catalog_relation(const struct eg_catalog *c,
					      size_t i);

/* The measure kinds the catalogue may use (NULL-terminated). */
extern const char *const eg_measure_kinds[];

#endif
