/*
 * records.h: records of organisational measures (education held, audits,
 * drills, reviews, periodic checks...) and the evidence files behind them,
 * kept in the store's append-only `records`, `record_measures` and
 * `evidence` tables (store.h). A record is never changed: a correction is a
 * new record that supersedes it, and only records nobody superseded count
 * ("effective" records) when due dates are computed (due.h).
 *
 * Evidence files are the site's own documents (minutes, attendance lists,
 * reports), named by the operator on the command line, not files of an
 * audited host: they are read with the caller's rights, but still as
 * hostile input (regular files only, bounded size, streamed SHA-256).
 */
#ifndef EG_RECORDS_H
#define EG_RECORDS_H

#include <stddef.h>
#include <stdint.h>

#include "../util/err.h"
#include "catalog.h"
#include "store.h"

/* "No date" for the int32 day numbers below. */
#define EG_NO_DATE INT32_MIN

/* The record kinds, NULL-terminated ("education", "audit", ...). */
extern const char *const eg_record_kinds[];

/* The catalogue measure kind a record kind evidences by default
 * ("partner-review" -> "outsourcing"), or NULL (incident, other: only the
 * measures named with --measure). */
const char *eg_record_measure_kind(const char *record_kind);

/* 1 when a catalogue measure of measure_kind counts for the default
 * measure kind mk: equal, or a config-policy for "policy". */
int eg_measure_kind_matches(const char *mk, const char *measure_kind);

/*
 * The measures a new record of kind evidences: the measures of the
 * default measure kind in each theme of themes (IDs "T02"), plus every ID of
 * ids (validated against the catalogue), without duplicates, in catalogue
 * order. With neither themes nor ids, the kind's measures of all themes
 * when there is exactly one (audit -> T01.07), else an error asking for
 * --theme. Returns 0, or EG_E_INVAL (unknown kind, theme or measure; a
 * theme without a measure of that kind; kind needing --theme) with the
 * message in e, or EG_E_NOMEM.
 * OUT: *out (pointers into cat), freed with free(); *n may be 0 only for
 * kinds without defaults.
 */
int eg_record_resolve_measures(const struct eg_catalog *cat, const char *kind,
			       const char *const *themes, size_t nthemes,
			       const char *const *ids, size_t nids,
			       const struct eg_measure ***out, size_t *n,
			       struct eg_err *e);

/* A record to add. Strings are borrowed; NULL when not stated. */
struct eg_record_new {
	const char *kind;
	int32_t date;                       /* effective date, day number */
	const struct eg_measure *const *measures;
	size_t nmeasures;
	const char *by;
	const char *summary;
	const char *scope;                  /* partner, secret, attendees... */
	int64_t supersedes;                 /* 0: none */
	const char *const *evidence;        /* file paths as given */
	size_t nevidence;
	int32_t evidence_expires;           /* EG_NO_DATE: none */
};

/*
 * Adds r in one transaction: the record, its measures and its evidence
 * (each file hashed first), or nothing. Relative evidence paths are stored
 * made absolute against the working folder (symbolic links are kept as
 * given, so re-hashing follows the same name). today is the day number of
 * "today" (eg_today()). Returns 0 and *id, or:
 *   EG_E_INVAL     unknown kind, a date after today, an evidence expiry
 *                  before the date, supersedes naming no record or one
 *                  already superseded;
 *   EG_E_NOTFOUND / EG_E_IO  an evidence file missing or unreadable;
 *   EG_E_LIMIT     an evidence file over EG_EVIDENCE_MAX_BYTES, or too many;
 *   EG_E_SQL, EG_E_NOMEM.
 * The message names the file or the record and what to do.
 */
int eg_record_add(struct eg_store *s, const struct eg_record_new *r,
		  int32_t today, int64_t *id, struct eg_err *e);

/*
 * SHA-256 of the file at path, streamed, as 64 lowercase hex digits into
 * hex (65 bytes) and its size into *size. Returns 0, EG_E_NOTFOUND (no such
 * file), EG_E_INVAL (not a regular file), EG_E_LIMIT (larger than
 * EG_EVIDENCE_MAX_BYTES), EG_E_IO, EG_E_INTERNAL (OpenSSL).
 */
int eg_evidence_hash(const char *path, char hex[65], int64_t *size,
		     struct eg_err *e);

struct eg_evidence_info {
	int64_t id;
	int64_t record_id;
	char *path;
	int64_t size;
	char *sha256;
	char *expires;                      /* NULL: never */
};

struct eg_record_info {
	int64_t id;
	char *kind;
	char *date;
	char *by;                           /* may be NULL */
	char *summary;                      /* may be NULL */
	char *scope;                        /* may be NULL */
	char *created_at;
	char *run_id;                       /* may be NULL */
	int64_t supersedes;                 /* 0: none */
	int64_t superseded_by;              /* 0: effective */
	char **measures;
	size_t nmeasures;
	struct eg_evidence_info *evidence;
	size_t nevidence;
};

/*
 * Lists records, oldest effective date first (then by id), optionally only
 * those of kind and/or evidencing measure (NULL: any). Superseded records
 * are listed too, with superseded_by set. Returns 0 (*n may be 0),
 * EG_E_SQL, EG_E_NOMEM. OUT: *out, freed with eg_record_infos_free.
 */
int eg_records_list(struct eg_store *s, const char *kind, const char *measure,
		    struct eg_record_info **out, size_t *n, struct eg_err *e);
void eg_record_infos_free(struct eg_record_info *v, size_t n);

enum eg_evidence_state {
	EG_EV_OK,
	EG_EV_CHANGED,        /* hash or size differs */
	EG_EV_MISSING,        /* no file at the path any more */
	EG_EV_UNREADABLE,     /* there, but cannot be hashed (rights, type) */
};

/* "ok", "changed", "missing", "unreadable". */
const char *eg_evidence_state_name(enum eg_evidence_state st);

struct eg_evidence_check {
	struct eg_evidence_info ev;
	enum eg_evidence_state state;
	char sha256_now[65];                /* "" unless hashed */
	int64_t size_now;                   /* -1 unless hashed */
	char *why;                          /* unreadable: the reason */
};

/*
 * Re-hashes every evidence file of the store (of superseded records too:
 * evidence is evidence). Returns 0 (*n may be 0), EG_E_SQL, EG_E_NOMEM.
 * OUT: *out, freed with eg_evidence_checks_free.
 */
int eg_evidence_verify(struct eg_store *s, struct eg_evidence_check **out,
		       size_t *n, struct eg_err *e);
void eg_evidence_checks_free(struct eg_evidence_check *v, size_t n);

#endif
