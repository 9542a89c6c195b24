/*
 * audit.c: Linux audit rules and auditd's configuration (see audit.h).
 */
#include "audit.h"

#include <stdlib.h>
#include <string.h>

#include "../../util/err.h"
#include "../../util/i18n.h"
#include "../../util/limits.h"
#include "../../util/mem.h"
#include "opsio.h"

int eg_audit_rules_parse(const char *buf, size_t len, const char *file,
			 struct eg_orows *rows)
{
	struct eg_ops_lines it;
	struct eg_buf rule;
	eg_buf_init(&rule, EG_LINE_MAX);
	eg_ops_lines_init(&it, buf, len, file, rows);
	const char *s;
	size_t n;
	while (eg_orows_err(rows) == 0 && eg_ops_lines_next(&it, &s, &n)) {
		eg_ops_trim(&s, &n);
		if (n == 0 || s[0] == '#')
			continue;
		if (s[0] != '-') {
			eg_orows_warn(rows, _("%s:%zu: not an audit rule (rules "
					      "start with '-'); line skipped"),
				      file, it.lineno);
			continue;
		}
		const char *p = s, *w;
		size_t wn;
		eg_buf_reset(&rule);
		while (eg_ops_word(&p, s + n, &w, &wn)) {
			if (rule.len > 0)
				eg_buf_addc(&rule, ' ');
			eg_buf_add(&rule, w, wn);
		}
		eg_orows_begin(rows);
		eg_orows_text(rows, EG_AR_FILE, file);
		eg_orows_int(rows, EG_AR_LINE, (int64_t)it.lineno);
		eg_orows_textn(rows, EG_AR_RULE, rule.data, rule.len);
		eg_orows_end(rows);
	}
	eg_buf_free(&rule);
	return eg_orows_err(rows);
}

struct kv {
	char *key;
	char *value;
};

int eg_auditd_conf_parse(const char *buf, size_t len, const char *file,
			 struct eg_orows *rows)
{
	struct kv *v = NULL;
	size_t nv = 0, cap = 0;
	int rc = 0;
	struct eg_ops_lines it;
	eg_ops_lines_init(&it, buf, len, file, rows);
	const char *s;
	size_t n;
	while (eg_ops_lines_next(&it, &s, &n)) {
		eg_ops_trim(&s, &n);
		if (n == 0 || s[0] == '#')
			continue;
		const char *eq = memchr(s, '=', n);
		const char *k = s;
		size_t kn = eq == NULL ? 0 : (size_t)(eq - s);
		eg_ops_trim(&k, &kn);
		if (eq == NULL || kn == 0) {
			eg_orows_warn(rows, _("%s:%zu: \"key = value\" "
					      "expected; line skipped"),
				      file, it.lineno);
			continue;
		}
		const char *val = eq + 1;
		size_t vn = n - (size_t)(val - s);
		eg_ops_trim(&val, &vn);
		char *key = eg_strndup(k, kn);
		char *value = eg_strndup(val, vn);
		if (key == NULL || value == NULL) {
			free(key);
			free(value);
			rc = EG_E_NOMEM;
			goto out;
		}
		for (char *c = key; *c != '\0'; c++)
			if (*c >= 'A' && *c <= 'Z')
				*c = (char)(*c - 'A' + 'a');
		size_t i = 0;
		while (i < nv && strcmp(v[i].key, key) != 0)
			i++;
		if (i < nv) {
			free(key);
			free(v[i].value);
			v[i].value = value;
			continue;
		}
		if (nv == cap) {
			size_t nc = cap == 0 ? 32 : cap * 2;
			struct kv *nk = nv >= EG_AUDITD_MAX_KEYS
						? NULL
						: eg_reallocarray(v, nc,
								  sizeof(*v));
			if (nk == NULL) {
				free(key);
				free(value);
				eg_orows_warn(rows, _("%s:%zu: more than %u "
						      "keys; the rest is "
						      "ignored"),
					      file, it.lineno,
					      EG_AUDITD_MAX_KEYS);
				break;
			}
			v = nk;
			cap = nc;
		}
		v[nv].key = key;
		v[nv].value = value;
		nv++;
	}
	for (size_t i = 0; i < nv; i++) {
		eg_orows_begin(rows);
		eg_orows_text(rows, EG_AC_KEY, v[i].key);
		eg_orows_text(rows, EG_AC_VALUE, v[i].value);
		eg_orows_end(rows);
	}
	rc = eg_orows_err(rows);
out:
	for (size_t i = 0; i < nv; i++) {
		free(v[i].key);
		free(v[i].value);
	}
	free(v);
	return rc;
}

/* The tables -------------------------------------------------------------- */

static int rules_name(const char *name)
{
	size_t n = strlen(name);
	return name[0] != '.' && n > 6 && strcmp(name + n - 6, ".rules") == 0;
}

static int ar_generate(struct eg_tctx *ctx)
{
	struct eg_root *root = eg_tctx_root(ctx);
	struct eg_orows *rows = eg_orows_new(EG_AR_NCOLS);
	if (rows == NULL)
		return eg_tctx_error(ctx, EG_E_NOMEM, _("out of memory"));
	struct eg_buf content, path;
	eg_buf_init(&content, EG_HOSTFILE_MAX_BYTES);
	eg_buf_init(&path, EG_PATH_MAX);
	const char *main_rules = "/etc/audit/audit.rules";
	if (eg_ops_read(root, main_rules, &content, rows) == 0)
		eg_audit_rules_parse(content.data, content.len, main_rules,
				     rows);
	const char *dir = "/etc/audit/rules.d";
	struct eg_ops_names names = {NULL, 0};
	eg_ops_listdir(root, dir, rules_name, &names, rows);
	for (size_t i = 0; i < names.n && eg_orows_err(rows) == 0; i++) {
		eg_buf_reset(&path);
		eg_buf_reset(&content);
		if (eg_ops_join(&path, dir, names.v[i]) != 0 ||
		    eg_ops_read(root, eg_buf_str(&path), &content, rows) != 0)
			continue;
		eg_audit_rules_parse(content.data, content.len,
				     eg_buf_str(&path), rows);
	}
	eg_ops_names_free(&names);
	int rc = eg_orows_emit(rows, ctx);
	eg_buf_free(&content);
	eg_buf_free(&path);
	eg_orows_free(rows);
	return rc == EG_E_LIMIT ? 0 : rc;
}

static int ac_generate(struct eg_tctx *ctx)
{
	struct eg_root *root = eg_tctx_root(ctx);
	struct eg_orows *rows = eg_orows_new(EG_AC_NCOLS);
	if (rows == NULL)
		return eg_tctx_error(ctx, EG_E_NOMEM, _("out of memory"));
	struct eg_buf content;
	eg_buf_init(&content, EG_HOSTFILE_MAX_BYTES);
	const char *conf = "/etc/audit/auditd.conf";
	int rc = 0;
	if (eg_ops_read(root, conf, &content, rows) == 0)
		rc = eg_auditd_conf_parse(content.data, content.len, conf,
					  rows);
	if (rc == EG_E_NOMEM)
		rc = eg_tctx_error(ctx, rc, _("out of memory"));
	else
		rc = eg_orows_emit(rows, ctx);
	eg_buf_free(&content);
	eg_orows_free(rows);
	return rc == EG_E_LIMIT ? 0 : rc;
}

static const struct eg_column ar_columns[] = {
	{"file", EG_TEXT, 0,
	 "etc/audit/audit.rules or a file of etc/audit/rules.d"},
	{"line", EG_INT, 0, "line of the rule"},
	{"rule", EG_TEXT, 0,
	 "the rule, blanks collapsed: -w /etc/passwd -p wa -k identity"},
};

const struct eg_table_def eg_table_audit_rules = {
	.name = "audit_rules",
	.description = "Linux audit rules from etc/audit/audit.rules and "
		       "etc/audit/rules.d (persisted rules, not the kernel's "
		       "live list)",
	.columns = ar_columns,
	.ncolumns = sizeof(ar_columns) / sizeof(ar_columns[0]),
	.generate = ar_generate,
};

static const struct eg_column ac_columns[] = {
	{"key", EG_TEXT, 0, "setting of auditd.conf, lowercased"},
	{"value", EG_TEXT, 0, "its value (the last one given)"},
};

const struct eg_table_def eg_table_auditd_conf = {
	.name = "auditd_conf",
	.description = "auditd settings from etc/audit/auditd.conf "
		       "(max_log_file, num_logs, space_left_action...)",
	.columns = ac_columns,
	.ncolumns = sizeof(ac_columns) / sizeof(ac_columns[0]),
	.generate = ac_generate,
};
