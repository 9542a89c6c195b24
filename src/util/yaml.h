/*
 * yaml.h: a bounded YAML document tree over libyaml, with line and column on
 * every node, for the catalogue, site specs and check packs alike.
 *
 * The loader treats its input as hostile: size, depth, scalar length and the
 * node count with aliases expanded are capped (limits.h), recursive aliases,
 * invalid UTF-8, NUL bytes and several documents in one stream are refused,
 * and duplicate keys are reported. Aliases share the anchored node (no copy),
 * so every node is owned by the document, not by its parent.
 *
 * Scalars are typed the way a schema-aware reader needs: a plain scalar may be
 * a null, a boolean or a number; a quoted one is always a string.
 */
#ifndef EG_YAML_H
#define EG_YAML_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"

enum eg_ytype { EG_Y_SCALAR = 1, EG_Y_SEQ, EG_Y_MAP };

struct eg_ynode {
	enum eg_ytype type;
	unsigned line, col;       /* 1-based position of the node */
	const char *str;          /* scalar: NUL-terminated value */
	size_t len;               /* scalar: length of str */
	int plain;                /* scalar: written without quotes or block */
	struct eg_ynode **items;  /* seq: n items; map: keys at 2i, values 2i+1 */
	size_t n;                 /* seq: items; map: pairs */
	size_t weight;            /* nodes in the subtree, aliases expanded */
};

struct eg_ydoc;

/*
 * Parses data[0..len) (named file in messages). On success returns 0 and
 * *out is the document (its root may be NULL for an empty file). On failure
 * returns EG_E_PARSE or EG_E_LIMIT with diagnostics added to d, and *out is
 * NULL. Duplicate keys are reported in d but do not fail the parse: the caller
 * decides (every ecguard loader treats any diagnostic as an error).
 * OUT: caller frees with eg_ydoc_free.
 */
int eg_yaml_parse(const char *file, const char *data, size_t len,
		  struct eg_ydoc **out, struct eg_diags *d);

void eg_ydoc_free(struct eg_ydoc *doc);

/* The root node (NULL when the document is empty). */
const struct eg_ynode *eg_ydoc_root(const struct eg_ydoc *doc);

/* The file name given to eg_yaml_parse. */
const char *eg_ydoc_file(const struct eg_ydoc *doc);

/* The value of key in map, or NULL (also when map is not a mapping). */
const struct eg_ynode *eg_ymap_get(const struct eg_ynode *map,
				   const char *key);

/* 1 for a plain null scalar ("", "~", null). */
int eg_ynode_is_null(const struct eg_ynode *n);

/* A name for the node's type in messages ("a mapping", "a list", ...). */
const char *eg_ynode_kind(const struct eg_ynode *n);

/*
 * Schema helpers. Each adds a diagnostic to d (at the node, or at the map for
 * a missing key) and returns EG_E_PARSE when the value is not as required; 0
 * otherwise. For optional keys that are absent they return 0 and leave *out.
 */

/* Reports keys of map not in allowed (NULL-terminated), with a did-you-mean
 * suggestion, and a missing key for each of required (NULL-terminated). */
int eg_ymap_check_keys(const struct eg_ydoc *doc, const struct eg_ynode *map,
		       const char *const *allowed, const char *const *required,
		       struct eg_diags *d);

/* *out points into the document; valid while it lives. */
int eg_yget_str(const struct eg_ydoc *doc, const struct eg_ynode *map,
		const char *key, int required, const char **out,
		struct eg_diags *d);
int eg_yget_int(const struct eg_ydoc *doc, const struct eg_ynode *map,
		const char *key, int required, int64_t min, int64_t max,
		int64_t *out, struct eg_diags *d);
int eg_yget_bool(const struct eg_ydoc *doc, const struct eg_ynode *map,
		 const char *key, int required, int *out, struct eg_diags *d);
/* A mapping or a list value: *out is the node. */
int eg_yget_map(const struct eg_ydoc *doc, const struct eg_ynode *map,
		const char *key, int required, const struct eg_ynode **out,
		struct eg_diags *d);
int eg_yget_seq(const struct eg_ydoc *doc, const struct eg_ynode *map,
		const char *key, int required, const struct eg_ynode **out,
		struct eg_diags *d);

/* The scalar as a string, or a diagnostic "expected text" at the node. */
int eg_yscalar_str(const struct eg_ydoc *doc, const struct eg_ynode *n,
		   const char *what, const char **out, struct eg_diags *d);

/* Levenshtein distance, capped at cap+1 (for did-you-mean). */
size_t eg_edit_distance(const char *a, const char *b, size_t cap);

/* The closest of candidates (NULL-terminated) to word, or NULL when none is
 * close enough to suggest. */
const char *eg_did_you_mean(const char *word, const char *const *candidates);

#endif
