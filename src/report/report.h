/*
 * report.h: the output formats of an audit run. Each format is one file
 * (r_text.c, r_json.c, r_sarif.c, r_junit.c, r_md.c, r_html.c) exporting one
 * struct eg_report_format; this table lists them. `ecguard audit` renders the
 * run it just made, `ecguard report RUN` a stored one, through the same code,
 * so a stored run reads the same years later.
 *
 * Every string of the run (resources, reasons, waivers, host, root, spec,
 * even check texts) is treated as hostile: each format neutralises it for
 * where it goes (terminal escapes, JSON, XML, Markdown, HTML). Labels come
 * from gettext (_()) and data that exists in both languages (check texts,
 * catalogue titles) is picked with eg_pick, so a report is in the language
 * eg_i18n_init chose when render is called.
 */
#ifndef EG_REPORT_H
#define EG_REPORT_H

#include <stddef.h>

#include "../core/catalog.h"
#include "../core/run.h"
#include "../util/buf.h"

struct eg_obligation;      /* core/due.h */
struct eg_record_info;     /* core/records.h */

/*
 * The organisational side of a run, for the HTML report: what was due as of
 * the run (core/due.h obligations) and the records in force behind each
 * organisational measure. The run model (run.h) keeps what the checks
 * found, not the store's records or the due dates, and keeping them per
 * run would need a store migration; so the caller computes them from the
 * store as it stood at the run and lends them here, read-only:
 * `ecguard audit --format html` from the live store with today's date,
 * `ecguard report RUN --format html` from the records entered by the run's
 * end (eg_due_compute_asof: up to the record id the run kept) with the
 * run's date as today. Formats other
 * than html ignore it; NULL leaves both sections out.
 */
struct eg_report_org {
	const char *today;                        /* YYYY-MM-DD, the states' day */
	const struct eg_obligation *obligations;  /* any order */
	size_t nobligations;
	const struct eg_record_info *const *records; /* in force; any order */
	size_t nrecords;
};

struct eg_report_opts {
	int color;                 /* text: ANSI colour allowed (a TTY) */
	enum eg_severity fail_on;  /* threshold shown in summaries */
	int fail_none;             /* --fail-on none: no threshold (fail_on
				    * is then ignored) */
	/* Overall scores (0-100) of the runs before this one, oldest first, for
	 * the HTML trend; the run being rendered is appended as the last point
	 * by the renderer. NULL/0 when there is no history. Values outside
	 * 0-100 or not finite (a run that assessed nothing) are left out. */
	const double *trend;
	const char *const *trend_labels; /* their dates (shown escaped), may be NULL */
	size_t ntrend;
	const struct eg_report_org *org;  /* html: due list and records */
};

struct eg_report_format {
	const char *name;          /* "text", "json", "sarif", "junit", "md", "html" */
	/*
	 * Appends the report of run to out (out is not reset first). cat is the
	 * catalogue for theme and measure titles (eg_catalog_builtin); NULL
	 * leaves titles out. opts may be NULL: no colour, fail_on high, no trend.
	 *
	 * The run must be consistent as eg_run_add_* builds it: every result's
	 * check indexes run->checks. Strings may be NULL (shown empty, or null
	 * in JSON/SARIF). Themes and measures are rendered in the run's order;
	 * results in the run's order, alarms by severity (critical first), then
	 * check id, then resource.
	 *
	 * Returns 0, EG_E_INVAL for an inconsistent run (nothing appended), or
	 * the buffer's sticky error (EG_E_NOMEM / EG_E_LIMIT; out then holds a
	 * partial report the caller must not emit).
	 */
	int (*render)(const struct eg_run *run, const struct eg_catalog *cat,
		      const struct eg_report_opts *opts, struct eg_buf *out);
};

/* The formats, NULL-terminated, "text" first. */
extern const struct eg_report_format *const eg_report_formats[];

/* Their names in the same order, NULL-terminated (for eg_cli_format). */
extern const char *const eg_report_names[];

/* The format called name, or NULL. */
const struct eg_report_format *eg_report_find(const char *name);

/* Alarms (not waived ones) whose check's severity is at or above sev: the
 * number `--fail-on` turns into exit code 1, as every summary shows it. */
size_t eg_report_failing(const struct eg_run *run, enum eg_severity sev);

/* The threshold of opts as shown in summaries ("high", ..., or "none"),
 * and how many alarms are at or above it (0 for none). opts may be NULL
 * (the defaults). */
const char *eg_report_threshold_name(const struct eg_report_opts *opts);
size_t eg_report_failing_opts(const struct eg_run *run,
			      const struct eg_report_opts *opts);

#endif
