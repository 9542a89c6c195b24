/*
 * audit.h: the audit_rules and auditd_conf tables and their parsers.
 *
 * audit_rules(file, line, rule): every rule line of etc/audit/audit.rules
 * (what auditctl loads at boot) and of the *.rules files of
 * etc/audit/rules.d (what augenrules compiles into it), blanks collapsed to
 * one space, comments and blank lines skipped:
 * `-w /etc/passwd -p wa -k identity`, `-e 2`.
 *
 * auditd_conf(key, value): the settings of etc/audit/auditd.conf, keys
 * lowercased as auditd compares them, the last assignment of a key winning
 * as in auditd: max_log_file, num_logs, max_log_file_action,
 * space_left_action...
 */
#ifndef EG_OPS_AUDIT_H
#define EG_OPS_AUDIT_H

#include <stddef.h>

#include "../vtab.h"
#include "orows.h"

/* Columns of audit_rules and of auditd_conf, in order. */
enum { EG_AR_FILE, EG_AR_LINE, EG_AR_RULE, EG_AR_NCOLS };
enum { EG_AC_KEY, EG_AC_VALUE, EG_AC_NCOLS };

/*
 * Parses buf[0..len), an audit rules file named file: one row (file, line,
 * rule) per rule in rows (EG_AR_NCOLS columns). A line not starting with
 * '-' is not a rule auditctl accepts: skipped with a warning. Returns 0 or
 * rows' sticky error.
 */
int eg_audit_rules_parse(const char *buf, size_t len, const char *file,
			 struct eg_orows *rows);

/*
 * Parses buf[0..len), an auditd.conf named file: one row (key, value) per
 * distinct key in rows (EG_AC_NCOLS columns), in the order keys first
 * appear, each with its last value. Lines that are not `key = value` are
 * skipped with a warning. Returns 0, EG_E_NOMEM or rows' sticky error.
 */
int eg_auditd_conf_parse(const char *buf, size_t len, const char *file,
			 struct eg_orows *rows);

extern const struct eg_table_def eg_table_audit_rules;
extern const struct eg_table_def eg_table_auditd_conf;

#endif
