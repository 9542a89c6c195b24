/*
 * logrotate.c: logrotate's configuration as rows (see logrotate.h), read
 * line by line as logrotate's config.c reads it: log paths (possibly over
 * several lines, quoted when they hold blanks) up to '{', directives until
 * '}', scripts from postrotate (and the like) to endscript.
 */
#include "logrotate.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../../util/err.h"
#include "../../util/i18n.h"
#include "../../util/limits.h"
#include "../../util/mem.h"

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

#define QN(n) ((int)((n) > EG_QUOTE_MAX ? EG_QUOTE_MAX : (n)))

struct lr {
	const char *file;
	struct eg_ops_src *src;
	struct eg_orows *rows;
	struct eg_ops_names paths; /* of the open block, or pending */
	size_t pcap;
	size_t paths_line; /* where the pending paths start */
	int paths_warned;
	int in_block;
	size_t block_line;
	int block_rows;
	int in_script;
	struct eg_buf script;
	const char *script_name;
};

/* One word, "..." and '...' quoting blanks (quotes dropped). Returns 1, 0
 * when only blanks remain, -1 for an unterminated quote. *quoted says
 * whether a quote was met (a quoted "{" is a path, not a brace). */
static int lr_word(const char **p, const char *end, struct eg_buf *out,
		   int *quoted)
{
	const char *s = *p;
	eg_buf_reset(out);
	*quoted = 0;
	while (s < end && is_blank(*s))
		s++;
	if (s >= end) {
		*p = s;
		return 0;
	}
	while (s < end && !is_blank(*s)) {
		if (*s == '"' || *s == '\'') {
			const char *c =
				memchr(s + 1, *s, (size_t)(end - s - 1));
			if (c == NULL)
				return -1;
			eg_buf_add(out, s + 1, (size_t)(c - s - 1));
			*quoted = 1;
			s = c + 1;
			continue;
		}
		eg_buf_addc(out, *s++);
	}
	*p = s;
	return 1;
}

static void paths_clear(struct lr *st)
{
	eg_ops_names_free(&st->paths);
	st->pcap = 0;
	st->paths_warned = 0;
}

static void paths_add(struct lr *st, const char *s, size_t n,
		      size_t lineno)
{
	if (st->paths.n >= EG_LOGROTATE_MAX_PATHS) {
		if (!st->paths_warned++)
			eg_orows_warn(st->rows, _("%s:%zu: more than %u log "
						  "paths for one block; the "
						  "others are ignored"),
				      st->file, lineno, EG_LOGROTATE_MAX_PATHS);
		return;
	}
	if (st->paths.n == st->pcap) {
		size_t nc = st->pcap == 0 ? 8 : st->pcap * 2;
		char **nv = eg_reallocarray(st->paths.v, nc, sizeof(*nv));
		if (nv == NULL)
			return;
		st->paths.v = nv;
		st->pcap = nc;
	}
	char *c = eg_strndup(s, n);
	if (c != NULL)
		st->paths.v[st->paths.n++] = c;
}

/* One row per path of the open block, or one global row. */
static void emit(struct lr *st, const char *setting, const char *value)
{
	size_t n = st->in_block ? st->paths.n : 1;
	for (size_t i = 0; i < n; i++) {
		eg_orows_begin(st->rows);
		eg_orows_text(st->rows, EG_LR_FILE, st->file);
		eg_orows_text(st->rows, EG_LR_PATH,
			      st->in_block ? st->paths.v[i] : "");
		eg_orows_text(st->rows, EG_LR_SETTING, setting);
		eg_orows_text(st->rows, EG_LR_VALUE, value);
		eg_orows_end(st->rows);
	}
	if (st->in_block)
		st->block_rows = 1;
}

static const char *const taboo[] = {
	",v",	     ".cfsaved",  ".disabled", ".dpkg-bak", ".dpkg-del",
	".dpkg-dist", ".dpkg-new", ".dpkg-old", ".dpkg-tmp", ".rpmnew",
	".rpmorig",  ".rpmsave",  ".swp",      ".ucf-dist", ".ucf-new",
	".ucf-old",  "~",
};

/* logrotate skips these names in an included folder. */
static int lr_name(const char *name)
{
	size_t n = strlen(name);
	for (size_t i = 0; i < sizeof(taboo) / sizeof(taboo[0]); i++) {
		size_t l = strlen(taboo[i]);
		if (n >= l && strcmp(name + n - l, taboo[i]) == 0)
			return 0;
	}
	return strstr(name, ".rhn-cfg-tmp-") == NULL;
}

static void include_file(struct eg_ops_src *src, const char *path,
			 struct eg_orows *rows)
{
	struct eg_buf content;
	eg_buf_init(&content, EG_HOSTFILE_MAX_BYTES);
	if (eg_ops_src_enter(src, path, 0, &content) == 0) {
		eg_logrotate_parse(content.data, content.len, path, src, rows);
		eg_ops_src_leave(src);
	}
	eg_buf_free(&content);
}

static void include(struct lr *st, const char *target)
{
	struct eg_root *root = st->src->root;
	struct eg_buf path;
	eg_buf_init(&path, EG_PATH_MAX);
	struct stat sb;
	if (eg_root_stat(root, target, 0, &sb, NULL) != 0 ||
	    !S_ISDIR(sb.st_mode)) {
		include_file(st->src, target, st->rows);
		goto out;
	}
	struct eg_ops_names names = {NULL, 0};
	eg_ops_listdir(root, target, lr_name, &names, st->rows);
	for (size_t i = 0; i < names.n && eg_orows_err(st->rows) == 0; i++) {
		eg_buf_reset(&path);
		if (eg_ops_join(&path, target, names.v[i]) != 0)
			continue;
		if (eg_root_stat(root, eg_buf_str(&path), 0, &sb, NULL) != 0 ||
		    !S_ISREG(sb.st_mode))
			continue; /* logrotate skips what is not a file */
		include_file(st->src, eg_buf_str(&path), st->rows);
	}
	eg_ops_names_free(&names);
out:
	eg_buf_free(&path);
}

static const char *const scripts[] = {
	"postrotate", "prerotate", "firstaction", "lastaction", "preremove",
};

static const char *const frequencies[] = {
	"hourly", "daily", "weekly", "monthly", "yearly",
};

static void directive(struct lr *st, const char *s, size_t n, size_t lineno,
		      struct eg_buf *word, struct eg_buf *args)
{
	const char *p = s, *end = s + n, *kw;
	size_t kwn;
	eg_ops_word(&p, end, &kw, &kwn);
	if (eg_ops_eq(kw, kwn, "endscript", 0)) {
		eg_orows_warn(st->rows, _("%s:%zu: endscript without a "
					  "script; line skipped"),
			      st->file, lineno);
		return;
	}
	for (size_t i = 0; i < sizeof(scripts) / sizeof(scripts[0]); i++) {
		if (eg_ops_eq(kw, kwn, scripts[i], 0)) {
			st->in_script = 1;
			st->script_name = scripts[i];
			eg_buf_reset(&st->script);
			return;
		}
	}
	eg_buf_reset(args);
	int quoted, r;
	while ((r = lr_word(&p, end, word, &quoted)) == 1) {
		if (args->len > 0)
			eg_buf_addc(args, ' ');
		eg_buf_add(args, word->data, word->len);
	}
	if (r < 0) {
		eg_orows_warn(st->rows, _("%s:%zu: unterminated quote; line "
					  "skipped"),
			      st->file, lineno);
		return;
	}
	const char *value = args->len > 0 ? eg_buf_str(args) : NULL;
	eg_buf_reset(word);
	eg_buf_add(word, kw, kwn);
	if (eg_ops_eq(kw, kwn, "include", 0)) {
		if (st->in_block) {
			eg_orows_warn(st->rows, _("%s:%zu: include inside a "
						  "block is not allowed; "
						  "skipped"),
				      st->file, lineno);
			return;
		}
		emit(st, "include", value);
		if (st->src != NULL && value != NULL) {
			char *target = eg_strdup(value);
			if (target != NULL)
				include(st, target);
			free(target);
		}
		return;
	}
	for (size_t i = 0; i < sizeof(frequencies) / sizeof(frequencies[0]);
	     i++) {
		if (eg_ops_eq(kw, kwn, frequencies[i], 0)) {
			eg_buf_reset(word);
			eg_buf_adds(word, frequencies[i]);
			if (value != NULL) {
				eg_buf_addc(word, ' ');
				eg_buf_adds(word, value);
			}
			emit(st, "frequency", eg_buf_str(word));
			return;
		}
	}
	emit(st, eg_buf_str(word), value);
}

/* Log paths, up to and including a '{' that opens their block. */
static void path_list(struct lr *st, const char *s, size_t n, size_t lineno,
		      struct eg_buf *word)
{
	const char *p = s, *end = s + n;
	int quoted, r;
	while ((r = lr_word(&p, end, word, &quoted)) == 1) {
		int open = !quoted && word->len > 0 &&
			   word->data[word->len - 1] == '{';
		if (open)
			eg_buf_truncate(word, word->len - 1);
		if (word->len > 0) {
			if (st->paths.n == 0)
				st->paths_line = lineno;
			paths_add(st, word->data, word->len, lineno);
		}
		if (!open)
			continue;
		if (st->paths.n == 0)
			eg_orows_warn(st->rows, _("%s:%zu: block without a "
						  "log path"),
				      st->file, lineno);
		st->in_block = 1;
		st->block_line = lineno;
		st->block_rows = 0;
		while (p < end && is_blank(*p))
			p++;
		if (p < end)
			eg_orows_warn(st->rows, _("%s:%zu: text after \"{\" "
						  "ignored; put directives on "
						  "their own lines"),
				      st->file, lineno);
		return;
	}
	if (r < 0) {
		eg_orows_warn(st->rows, _("%s:%zu: unterminated quote; line "
					  "skipped"),
			      st->file, lineno);
		paths_clear(st);
	}
}

static void close_block(struct lr *st)
{
	if (!st->block_rows)
		emit(st, NULL, NULL);
	st->in_block = 0;
	paths_clear(st);
}

int eg_logrotate_parse(const char *buf, size_t len, const char *file,
		       struct eg_ops_src *src, struct eg_orows *rows)
{
	struct lr st;
	memset(&st, 0, sizeof(st));
	st.file = file;
	st.src = src;
	st.rows = rows;
	eg_buf_init(&st.script, EG_LINE_MAX);
	struct eg_buf word, args;
	eg_buf_init(&word, EG_LINE_MAX);
	eg_buf_init(&args, EG_LINE_MAX);
	size_t script_line = 0;
	struct eg_ops_lines it;
	eg_ops_lines_init(&it, buf, len, file, rows);
	const char *s;
	size_t n;
	while (eg_orows_err(rows) == 0 && eg_ops_lines_next(&it, &s, &n)) {
		eg_ops_trim(&s, &n);
		if (st.in_script) {
			const char *p = s, *w;
			size_t wn;
			if (eg_ops_word(&p, s + n, &w, &wn) &&
			    eg_ops_eq(w, wn, "endscript", 0)) {
				st.in_script = 0;
				if (st.script.err != 0)
					eg_orows_warn(rows, _("%s:%zu: script "
							      "longer than %u "
							      "bytes cut"),
						      file, script_line,
						      EG_LINE_MAX);
				emit(&st, st.script_name,
				     eg_buf_str(&st.script));
				continue;
			}
			if (st.script.len == 0)
				script_line = it.lineno;
			if (n == 0)
				continue;
			if (st.script.len > 0)
				eg_buf_addc(&st.script, '\n');
			eg_buf_add(&st.script, s, n);
			continue;
		}
		if (n == 0 || s[0] == '#')
			continue;
		if (st.in_block) {
			if (n == 1 && s[0] == '}')
				close_block(&st);
			else if (s[0] == '{' || s[n - 1] == '{')
				eg_orows_warn(rows, _("%s:%zu: nested block "
						      "not allowed; line "
						      "skipped"),
					      file, it.lineno);
			else
				directive(&st, s, n, it.lineno, &word, &args);
			continue;
		}
		if (n == 1 && s[0] == '}') {
			eg_orows_warn(rows, _("%s:%zu: \"}\" outside a block; "
					      "skipped"),
				      file, it.lineno);
			continue;
		}
		if (s[0] == '/' || s[0] == '"' || s[0] == '\'' ||
		    s[0] == '~' || s[0] == '{' || s[n - 1] == '{') {
			path_list(&st, s, n, it.lineno, &word);
			continue;
		}
		if (st.paths.n > 0) {
			eg_orows_warn(rows, _("%s:%zu: log paths without a "
					      "\"{\" block; ignored"),
				      file, st.paths_line);
			paths_clear(&st);
		}
		directive(&st, s, n, it.lineno, &word, &args);
	}
	if (eg_orows_err(rows) == 0) {
		if (st.in_script) {
			eg_orows_warn(rows, _("%s: %s without endscript"), file,
				      st.script_name);
			emit(&st, st.script_name, eg_buf_str(&st.script));
		}
		if (st.in_block) {
			eg_orows_warn(rows, _("%s:%zu: block not closed by "
					      "\"}\""),
				      file, st.block_line);
			close_block(&st);
		} else if (st.paths.n > 0) {
			eg_orows_warn(rows, _("%s:%zu: log paths without a "
					      "\"{\" block; ignored"),
				      file, st.paths_line);
		}
	}
	paths_clear(&st);
	eg_buf_free(&st.script);
	eg_buf_free(&word);
	eg_buf_free(&args);
	return eg_orows_err(rows);
}

/* The table --------------------------------------------------------------- */

static int lr_generate(struct eg_tctx *ctx)
{
	struct eg_root *root = eg_tctx_root(ctx);
	struct eg_orows *rows = eg_orows_new(EG_LR_NCOLS);
	if (rows == NULL)
		return eg_tctx_error(ctx, EG_E_NOMEM, _("out of memory"));
	struct eg_ops_src src;
	eg_ops_src_init(&src, root, rows);
	struct eg_buf content;
	eg_buf_init(&content, EG_HOSTFILE_MAX_BYTES);
	const char *main_conf = "/etc/logrotate.conf";
	if (eg_ops_src_enter(&src, main_conf, 1, &content) == 0) {
		eg_logrotate_parse(content.data, content.len, main_conf, &src,
				   rows);
		eg_ops_src_leave(&src);
	}
	int rc = eg_orows_emit(rows, ctx);
	eg_buf_free(&content);
	eg_orows_free(rows);
	return rc == EG_E_LIMIT ? 0 : rc;
}

static const struct eg_column lr_columns[] = {
	{"file", EG_TEXT, 0, "the configuration file"},
	{"path", EG_TEXT, 0,
	 "log path (pattern) of the block, '' for a global setting"},
	{"setting", EG_TEXT, 0,
	 "directive: rotate, frequency, maxage, compress, postrotate...; NULL "
	 "for a block without directives"},
	{"value", EG_TEXT, 0,
	 "its arguments (daily/weekly... for frequency), NULL when none"},
};

const struct eg_table_def eg_table_logrotate = {
	.name = "logrotate",
	.description = "logrotate settings per log path, from "
		       "etc/logrotate.conf and the files it includes "
		       "(etc/logrotate.d)",
	.columns = lr_columns,
	.ncolumns = sizeof(lr_columns) / sizeof(lr_columns[0]),
	.generate = lr_generate,
};
