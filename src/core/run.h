/*
 * run.h: one audit run as data: the checks that ran (a snapshot of their
 * definitions, so a stored run re-renders the same way years later), every
 * result row, the status of every measure and the score of every theme.
 *
 * The audit fills it, the store saves and loads it, every report format
 * renders it. The structs are plain read-only records; strings are owned by
 * the run (eg_run_free frees everything). A run is built with the eg_run_add_*
 * functions, which copy their inputs.
 */
#ifndef EG_RUN_H
#define EG_RUN_H

#include <stddef.h>
#include <stdint.h>

enum eg_severity {
	EG_SEV_INFO = 0,
	EG_SEV_LOW = 1,
	EG_SEV_MEDIUM = 2,
	EG_SEV_HIGH = 3,
	EG_SEV_CRITICAL = 4,
};

/* Result status of one row of a check. WAIVED is an ALARM that an active
 * waiver of the spec covers: shown as such, never hidden. */
enum eg_status {
	EG_ST_OK = 0,
	EG_ST_ALARM = 1,
	EG_ST_INFO = 2,
	EG_ST_SKIP = 3,
	EG_ST_ERROR = 4,
	EG_ST_WAIVED = 5,
};

/* Status of a measure (docs/assessment.md has the folding rule). */
enum eg_mstatus {
	EG_MS_MET = 0,
	EG_MS_PARTIAL = 1,
	EG_MS_NOT_MET = 2,
	EG_MS_NOT_ASSESSED = 3,
	EG_MS_NOT_APPLICABLE = 4,
};

enum eg_check_kind { EG_KIND_TECHNICAL = 0, EG_KIND_ATTESTATION = 1 };

struct eg_run_check {
	char *id;                 /* "ssh.root_login" */
	char **measures;          /* "T02.07", ... */
	size_t nmeasures;
	enum eg_severity severity;
	enum eg_check_kind kind;
	char *title_ja, *title_en;
	char *rationale_ja, *rationale_en;
	char *remediation_ja, *remediation_en;
};

struct eg_run_result {
	size_t check;             /* index into run->checks */
	char *resource;           /* what was examined, e.g. "/etc/ssh/sshd_config:32" */
	enum eg_status status;
	char *reason;             /* why; for WAIVED the original reason */
	char *waiver;             /* for WAIVED: "approver, until YYYY-MM-DD: why" */
};

struct eg_run_measure {
	char id[8];               /* "T02.05" */
	enum eg_mstatus status;
	char *note;               /* not-applicable reason, or why not assessed */
	/* Counts of the results of the checks mapped to this measure. */
	size_t ok, alarm, info, skip, error, waived;
};

struct eg_run_theme {
	char id[4];               /* "T02" */
	int score;                /* 0-100, or -1 when no measure was assessed */
	enum eg_mstatus status;   /* worst-of summary, see docs/assessment.md */
};

struct eg_run {
	char *id;                 /* "20261126T095600Z-1a2b" */
	char *started_at;         /* ISO 8601 UTC, "2026-11-26T09:56:00Z" */
	char *finished_at;
	char *host;               /* host name of the audited root */
	char *root;               /* the audit root as given */
	char *spec;               /* spec file, or "(embedded default)" */
	char *version;            /* ecguard version that made the run */
	struct eg_run_check *checks;
	size_t nchecks;
	struct eg_run_result *results;
	size_t nresults;
	struct eg_run_measure *measures;
	size_t nmeasures;
	struct eg_run_theme *themes;
	size_t nthemes;
	int score;                /* overall 0-100, -1 when nothing assessed */
};

/* A new empty run. OUT: eg_run_free. NULL on exhaustion. */
struct eg_run *eg_run_new(void);
void eg_run_free(struct eg_run *run);

/* Sets one of the run's strings (copies; NULL clears). Returns 0 or
 * EG_E_NOMEM. */
int eg_run_set(char **field, const char *value);

/* Appends a check (all strings copied; measures copied). On success *index
 * is its index. Returns 0 or EG_E_NOMEM. */
int eg_run_add_check(struct eg_run *run, const struct eg_run_check *c,
		     size_t *index);

/* Appends a result for check index (strings copied). */
int eg_run_add_result(struct eg_run *run, size_t check, const char *resource,
		      enum eg_status status, const char *reason,
		      const char *waiver);

/* Appends a measure or theme entry (note copied). */
int eg_run_add_measure(struct eg_run *run, const struct eg_run_measure *m);
int eg_run_add_theme(struct eg_run *run, const struct eg_run_theme *t);

/* Names used in every output format and in the store. */
const char *eg_severity_name(enum eg_severity s);     /* "high" */
const char *eg_status_name(enum eg_status s);         /* "alarm" */
const char *eg_mstatus_name(enum eg_mstatus s);       /* "not_met" */
const char *eg_check_kind_name(enum eg_check_kind k); /* "technical" */

/* Translated labels for people (gettext). */
const char *eg_severity_label(enum eg_severity s);
const char *eg_status_label(enum eg_status s);
const char *eg_mstatus_label(enum eg_mstatus s);

/* Parse the names above; return 0 or EG_E_PARSE. */
int eg_severity_parse(const char *s, enum eg_severity *out);
int eg_status_parse(const char *s, enum eg_status *out);
int eg_mstatus_parse(const char *s, enum eg_mstatus *out);
int eg_check_kind_parse(const char *s, enum eg_check_kind *out);

/* Summary counts over the results. */
struct eg_run_summary {
	size_t checks, results;
	size_t ok, alarm, info, skip, error, waived;
	size_t alarm_by_severity[5];       /* indexed by enum eg_severity */
	size_t measures_by_status[5];      /* indexed by enum eg_mstatus */
};
void eg_run_summarize(const struct eg_run *run, struct eg_run_summary *out);

#endif
