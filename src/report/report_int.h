/*
 * report_int.h: what the report formats share and nobody else includes:
 * the format structs, ordering of results, catalogue lookups and small
 * helpers. Functions here are eg_rep_ (private to src/report).
 */
#ifndef EG_REPORT_INT_H
#define EG_REPORT_INT_H

#include <stddef.h>

#include "report.h"

extern const struct eg_report_format eg_report_text;
extern const struct eg_report_format eg_report_json;
extern const struct eg_report_format eg_report_sarif;
extern const struct eg_report_format eg_report_junit;
extern const struct eg_report_format eg_report_md;
extern const struct eg_report_format eg_report_html;

/* A bit per enum eg_status, for eg_rep_sorted. */
#define EG_REP_BIT(st) (1u << (unsigned)(st))

/* Default options when the caller passes NULL. */
const struct eg_report_opts *eg_rep_opts(const struct eg_report_opts *o);

/* 0 when every result names an existing check and every enum is in range,
 * EG_E_INVAL otherwise. Every render calls it before writing anything. */
int eg_rep_check_run(const struct eg_run *run);

/*
 * Indexes of the results whose status is in mask (EG_REP_BIT bits), sorted
 * by the check's severity (critical first), then check id, then resource,
 * then position. Returns 0 with *idx (OUT: caller frees; NULL when *n is 0)
 * and *n, or EG_E_NOMEM.
 */
int eg_rep_sorted(const struct eg_run *run, unsigned mask, size_t **idx,
		  size_t *n);

/* s, or "" when s is NULL. */
const char *eg_rep_s(const char *s);

/* Titles in the user's language from the catalogue; "" when cat is NULL or
 * the ID is unknown. */
const char *eg_rep_theme_title(const struct eg_catalog *cat, const char *id);
const char *eg_rep_measure_title(const struct eg_catalog *cat, const char *id);

/* 1 when check c gives evidence for measure id ("T02.05"), or for a
 * measure of theme id ("T02"). */
int eg_rep_check_maps(const struct eg_run_check *c, const char *measure_id);
int eg_rep_check_in_theme(const struct eg_run_check *c, const char *theme_id);

/* Texts of a check in the user's language (never NULL). */
const char *eg_rep_title(const struct eg_run_check *c);
const char *eg_rep_rationale(const struct eg_run_check *c);
const char *eg_rep_remediation(const struct eg_run_check *c);

/* Ends a scratch buffer made with eg_buf_init(tmp, out->max): its error,
 * if any, becomes out's (so the render fails), and it is freed. */
void eg_rep_tmp_done(struct eg_buf *out, struct eg_buf *tmp);

/* Appends the measure IDs of c joined by sep, unescaped (IDs are
 * validated by the check loader; callers escape for their format). */
void eg_rep_measures(struct eg_buf *out, const struct eg_run_check *c,
		     const char *sep);

/* Appends a number with one decimal, independent of LC_NUMERIC (SVG and
 * JSON need '.', and eg_i18n_init sets the user's locale). */
void eg_rep_dec1(struct eg_buf *out, double v);

/* Length of the longest prefix of s[0..n) holding at most max code points,
 * cut on a UTF-8 boundary (invalid bytes count as one each). */
size_t eg_rep_utf8_prefix(const char *s, size_t n, size_t max);

/* 1 when s is "YYYY-MM-DDTHH:MM:SSZ" (what the run records), so it can be
 * given where a format requires a date-time. */
int eg_rep_is_utc_time(const char *s);

#endif
