/*
 * cmd_spec.c: `ecguard spec` works with the site security specification.
 *
 *   spec init   writes a commented template (Japanese comments with
 *               --lang ja) that passes `spec check` as written; with
 *               --discover it is pre-filled from this host's facts.
 *   spec check  validates a spec and all it includes, then shows per theme
 *               which specification measures it specifies.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../core/catalog.h"
#include "../core/spec.h"
#include "../core/spec_status.h"
#include "../util/i18n.h"
#include "../util/json.h"
#include "../util/limits.h"
#include "../util/neutral.h"
#include "cli.h"
#include "spec_discover.h"

/* Generated at build time from catalog/spec-template.{en,ja}.yaml. */
extern const unsigned char eg_spec_template_en[];
extern const size_t eg_spec_template_en_len;
extern const unsigned char eg_spec_template_ja[];
extern const size_t eg_spec_template_ja_len;

static const char *const formats[] = {"text", "json", NULL};

static void help(struct eg_buf *b)
{
	eg_buf_adds(b, _("Usage: ecguard spec init [--out FILE] [--force] [--discover [--root DIR]]\n"
			 "       ecguard spec check FILE [--format text|json]\n"
			 "\n"
			 "The site security specification (site.yaml) says what the guideline asks\n"
			 "each site to specify: zones and allowed flows, servers and their services,\n"
			 "security-management items, user data, communications, authentication\n"
			 "scenes, owners, policies, partners, cadences and waivers. docs/spec.md\n"
			 "describes every key.\n"
			 "\n"
			 "spec init       writes a commented template that passes 'spec check'\n"
			 "                (comments in Japanese with --lang ja)\n"
			 "  --out FILE    where to write it (default site.yaml; - for standard output)\n"
			 "  --force       replace FILE if it exists\n"
			 "  --discover    pre-fill the template from this host: host name, addresses,\n"
			 "                listening services, web server and document roots, database\n"
			 "                servers, certificates\n"
			 "  --root DIR    with --discover: read the host's facts under DIR instead of /\n"
			 "\n"
			 "spec check FILE validates FILE and what it includes, then shows per theme\n"
			 "                which specification measures are specified, partly specified\n"
			 "                or not specified\n"
			 "  --format FMT  text (default) or json\n"
			 "\n"
			 "Exit codes:\n"
			 "  0  the spec is valid (spec check), the template was written (spec init)\n"
			 "  2  the spec is invalid, or a usage error\n"
			 "  3  internal error\n"));
}

/* ---------------------------------------------------------------------- */
/* spec init */

/* Writes b to path: created 0644 and never replacing an existing file
 * unless force; symlinks are not followed. */
static int write_new_file(const char *path, const struct eg_buf *b, int force)
{
	int flags = O_WRONLY | O_CREAT | O_CLOEXEC | O_NOCTTY | O_NOFOLLOW;
	flags |= force ? O_TRUNC : O_EXCL;
	struct stat before;
	int existed = lstat(path, &before) == 0;
	int fd = open(path, flags, 0644);
	if (fd < 0) {
		if (errno == EEXIST)
			return eg_cli_fail("spec", EG_EXIT_USAGE,
					   _("%s exists; use --force to replace it or --out to write elsewhere"),
					   path);
		if (errno == ELOOP)
			return eg_cli_fail("spec", EG_EXIT_USAGE,
					   _("%s is a symbolic link; give the file itself"),
					   path);
		return eg_cli_fail("spec", EG_EXIT_USAGE,
				   _("cannot write %s: %s; check the folder exists and is writable"),
				   path, strerror(errno));
	}
	/* 0644 whatever the umask: the spec is meant to be read and
	 * reviewed, it holds no secrets. */
	if (!existed && fchmod(fd, 0644) != 0) {
		int err = errno;
		close(fd);
		return eg_cli_fail("spec", EG_EXIT_INTERNAL,
				   _("cannot set the mode of %s: %s"), path,
				   strerror(err));
	}
	size_t off = 0;
	while (off < b->len) {
		ssize_t n = write(fd, b->data + off, b->len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int err = errno;
			close(fd);
			return eg_cli_fail("spec", EG_EXIT_INTERNAL,
					   _("write failed: %s"), strerror(err));
		}
		off += (size_t)n;
	}
	if (close(fd) != 0)
		return eg_cli_fail("spec", EG_EXIT_INTERNAL,
				   _("write failed: %s"), strerror(errno));
	return EG_EXIT_OK;
}

static int run_init(int argc, char **argv)
{
	static const struct option opts[] = {
		{"out", required_argument, NULL, 'o'},
		{"force", no_argument, NULL, 'F'},
		{"discover", no_argument, NULL, 'd'},
		{"root", required_argument, NULL, 'r'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *path = "site.yaml", *rootdir = NULL;
	int force = 0, discover = 0, c, rc;
	struct eg_buf out;
	eg_buf_init(&out, EG_BUF_DEFAULT_MAX);
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+ho:Fdr:", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			path = optarg;
			break;
		case 'F':
			force = 1;
			break;
		case 'd':
			discover = 1;
			break;
		case 'r':
			rootdir = optarg;
			break;
		case 'h':
			help(&out);
			rc = eg_cli_emit("spec", &out, NULL);
			goto out;
		default:
			if (optopt == 'o' || optopt == 'r')
				rc = eg_cli_usage("spec", _("%s needs a value"),
						  argv[optind - 1]);
			else
				rc = eg_cli_usage("spec", _("unknown option %s"),
						  argv[optind - 1]);
			goto out;
		}
	}
	if (optind < argc) {
		rc = eg_cli_usage("spec", _("spec init takes no arguments; use --out FILE to choose the file (\"%s\" given)"),
				  argv[optind]);
		goto out;
	}
	if (rootdir != NULL && !discover) {
		rc = eg_cli_usage("spec", "%s",
				  _("--root is used with --discover only"));
		goto out;
	}
	if (path[0] == '\0') {
		rc = eg_cli_usage("spec", "%s", _("--out needs a file name"));
		goto out;
	}
	if (discover) {
		struct eg_err e;
		eg_err_clear(&e);
		rc = eg_spec_discover(rootdir != NULL ? rootdir : "/",
				      eg_lang(), &out, &e);
		if (rc != 0) {
			rc = eg_cli_fail("spec", rc == EG_E_NOTFOUND || rc == EG_E_IO || rc == EG_E_INVAL ? EG_EXIT_USAGE : EG_EXIT_INTERNAL,
					 "%s", eg_err_msg(&e));
			goto out;
		}
	} else if (eg_lang() == EG_LANG_JA) {
		eg_buf_add(&out, eg_spec_template_ja, eg_spec_template_ja_len);
	} else {
		eg_buf_add(&out, eg_spec_template_en, eg_spec_template_en_len);
	}
	if (out.err != 0) {
		rc = eg_cli_fail("spec", EG_EXIT_INTERNAL, "%s",
				 eg_strerror(out.err));
		goto out;
	}
	if (strcmp(path, "-") == 0) {
		rc = eg_cli_emit("spec", &out, NULL);
		goto out;
	}
	rc = write_new_file(path, &out, force);
	if (rc == EG_EXIT_OK)
		eg_cli_fail("spec", 0,
			    _("wrote %s; fill it in, then run 'ecguard spec check %s'"),
			    path, path);
out:
	eg_buf_free(&out);
	return rc;
}

/* ---------------------------------------------------------------------- */
/* spec check */

static const char *subject_label(const char *subject)
{
	static const char *const labels[][2] = {
		{"policy", N_("policy")},
		{"owner", N_("owner")},
		{"flows", N_("data flows")},
		{"servers", N_("server access and monitoring")},
		{"services", N_("service access and monitoring")},
		{"server_services", N_("services per server")},
		{"vulnerability", N_("security-hole requirements per server")},
		{"secrets", N_("security-management items")},
		{"user_data", N_("user-data items")},
		{"communications", N_("communications")},
		{"authentication", N_("authentication scenes")},
	};
	for (size_t i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
		if (strcmp(subject, labels[i][0]) == 0)
			return _(labels[i][1]);
	return subject;
}

struct counts {
	size_t by_state[4];
};

static void count_states(const struct eg_spec_status *v, size_t n,
			 struct counts *c)
{
	memset(c, 0, sizeof(*c));
	for (size_t i = 0; i < n; i++)
		c->by_state[v[i].state]++;
}

/* Appends s padded with spaces to width display columns. */
static void pad(struct eg_buf *out, const char *s, size_t width)
{
	size_t w = eg_display_width(s, strlen(s));
	eg_term_escape(out, s, strlen(s));
	for (; w < width; w++)
		eg_buf_addc(out, ' ');
}

static void text_report(const char *file, const struct eg_spec *s,
			const struct eg_catalog *cat,
			const struct eg_spec_status *v, size_t n,
			struct eg_buf *out)
{
	const struct eg_spec_site *site = eg_spec_site(s);
	size_t nfiles = eg_spec_nfiles(s);
	eg_term_escape(out, file, strlen(file));
	eg_buf_adds(out, ": ");
	eg_buf_addf(out, ngettext("valid (%zu file)", "valid (%zu files)",
				  nfiles),
		    nfiles);
	eg_buf_adds(out, "; ");
	eg_buf_adds(out, _("site:"));
	eg_buf_addc(out, ' ');
	eg_term_escape(out, site->name, strlen(site->name));
	eg_buf_addc(out, '\n');
	size_t wl = 0, ws = 0;
	for (size_t i = 0; i < n; i++) {
		const char *l = eg_spec_state_label(v[i].state);
		const char *sj = subject_label(v[i].subject);
		size_t a = eg_display_width(l, strlen(l));
		size_t b = eg_display_width(sj, strlen(sj));
		wl = a > wl ? a : wl;
		ws = b > ws ? b : ws;
	}
	int last_theme = -1;
	for (size_t i = 0; i < n; i++) {
		const struct eg_measure *m = v[i].measure;
		if (m->theme != last_theme) {
			const struct eg_theme *t =
				eg_catalog_theme(cat, (size_t)m->theme);
			eg_buf_addf(out, "\n%s  %s\n", t->id,
				    eg_pick(t->title_ja, t->title_en));
			last_theme = m->theme;
		}
		eg_buf_addf(out, "  %s  ", m->id);
		pad(out, subject_label(v[i].subject), ws);
		eg_buf_adds(out, "  ");
		const char *label = eg_spec_state_label(v[i].state);
		if (v[i].reason[0] == '\0') {
			eg_buf_adds(out, label);
		} else {
			pad(out, label, wl);
			eg_buf_adds(out, "  ");
			eg_term_escape(out, v[i].reason, strlen(v[i].reason));
		}
		eg_buf_addc(out, '\n');
	}
	struct counts c;
	count_states(v, n, &c);
	eg_buf_addc(out, '\n');
	eg_buf_addf(out, _("%zu specified, %zu partly specified, %zu not specified, %zu not applicable\n"),
		    c.by_state[EG_SPEC_SPECIFIED], c.by_state[EG_SPEC_PARTIAL],
		    c.by_state[EG_SPEC_MISSING],
		    c.by_state[EG_SPEC_NOT_APPLICABLE]);
}

static void json_report(const char *file, const struct eg_spec *s,
			const struct eg_catalog *cat,
			const struct eg_spec_status *v, size_t n,
			const struct eg_diags *d, struct eg_buf *out)
{
	struct eg_json j;
	eg_json_init(&j, out, 1);
	eg_json_obj_begin(&j);
	eg_json_kstr(&j, "schema", "ecguard.spec-check/1");
	eg_json_kstr(&j, "file", file);
	eg_json_kbool(&j, "valid", s != NULL);
	eg_json_key(&j, "errors");
	eg_diags_json(d, &j);
	if (d->dropped > 0)
		eg_json_kint(&j, "errors_not_shown", (int64_t)d->dropped);
	if (s != NULL) {
		eg_json_key(&j, "files");
		eg_json_arr_begin(&j);
		for (size_t i = 0; i < eg_spec_nfiles(s); i++)
			eg_json_str(&j, eg_spec_file(s, i));
		eg_json_arr_end(&j);
		eg_json_kstr(&j, "site", eg_spec_site(s)->name);
		struct counts c;
		count_states(v, n, &c);
		eg_json_key(&j, "summary");
		eg_json_obj_begin(&j);
		for (int st = EG_SPEC_SPECIFIED; st >= EG_SPEC_MISSING; st--)
			eg_json_kint(&j, eg_spec_state_name((enum eg_spec_state)st),
				     (int64_t)c.by_state[st]);
		eg_json_kint(&j, "not_applicable",
			     (int64_t)c.by_state[EG_SPEC_NOT_APPLICABLE]);
		eg_json_obj_end(&j);
		eg_json_key(&j, "themes");
		eg_json_arr_begin(&j);
		int last_theme = -1;
		for (size_t i = 0; i < n; i++) {
			const struct eg_measure *m = v[i].measure;
			if (m->theme != last_theme) {
				if (last_theme >= 0) {
					eg_json_arr_end(&j);
					eg_json_obj_end(&j);
				}
				const struct eg_theme *t =
					eg_catalog_theme(cat, (size_t)m->theme);
				eg_json_obj_begin(&j);
				eg_json_kstr(&j, "id", t->id);
				eg_json_kstr(&j, "title_ja", t->title_ja);
				eg_json_kstr(&j, "title_en", t->title_en);
				eg_json_key(&j, "measures");
				eg_json_arr_begin(&j);
				last_theme = m->theme;
			}
			eg_json_obj_begin(&j);
			eg_json_kstr(&j, "id", m->id);
			eg_json_kstr(&j, "kind", m->kind);
			eg_json_kstr(&j, "subject", v[i].subject);
			eg_json_kstr(&j, "status", eg_spec_state_name(v[i].state));
			eg_json_kstr(&j, "reason", v[i].reason);
			eg_json_obj_end(&j);
		}
		if (last_theme >= 0) {
			eg_json_arr_end(&j);
			eg_json_obj_end(&j);
		}
		eg_json_arr_end(&j);
	}
	eg_json_obj_end(&j);
	eg_json_finish(&j);
}

static int run_check(int argc, char **argv)
{
	static const struct option opts[] = {
		{"format", required_argument, NULL, 'f'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int fmt = 0, c, rc;
	struct eg_buf out;
	struct eg_diags d;
	struct eg_spec *spec = NULL;
	struct eg_spec_status *st = NULL;
	size_t nst = 0;
	eg_buf_init(&out, EG_BUF_DEFAULT_MAX);
	eg_diags_init(&d);
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "hf:", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			fmt = eg_cli_format("spec", optarg, formats);
			if (fmt < 0) {
				rc = EG_EXIT_USAGE;
				goto out;
			}
			break;
		case 'h':
			help(&out);
			rc = eg_cli_emit("spec", &out, NULL);
			goto out;
		default:
			if (optopt == 'f')
				rc = eg_cli_usage("spec", _("%s needs a value"),
						  argv[optind - 1]);
			else
				rc = eg_cli_usage("spec", _("unknown option %s"),
						  argv[optind - 1]);
			goto out;
		}
	}
	if (argc - optind != 1) {
		rc = eg_cli_usage("spec", "%s",
				  argc - optind == 0 ?
					  _("give the spec file to check, e.g. ecguard spec check site.yaml") :
					  _("give one spec file (it names the others with include:)"));
		goto out;
	}
	const char *file = argv[optind];
	struct eg_err e;
	eg_err_clear(&e);
	const struct eg_catalog *cat = eg_catalog_builtin(&e);
	if (cat == NULL) {
		rc = eg_cli_fail("spec", EG_EXIT_INTERNAL, "%s", eg_err_msg(&e));
		goto out;
	}
	int lr = eg_spec_load_file(file, &spec, &d);
	if (lr == EG_E_NOMEM || lr == EG_E_INTERNAL) {
		rc = eg_cli_fail("spec", EG_EXIT_INTERNAL, "%s",
				 d.count > 0 ? d.items[0].msg : eg_strerror(lr));
		goto out;
	}
	if (spec != NULL && eg_spec_assess(spec, cat, &st, &nst) != 0) {
		rc = eg_cli_fail("spec", EG_EXIT_INTERNAL, "%s",
				 eg_strerror(EG_E_NOMEM));
		goto out;
	}
	if (fmt == 1) {
		json_report(file, spec, cat, st, nst, &d, &out);
		rc = eg_cli_emit("spec", &out, NULL);
	} else if (spec != NULL) {
		text_report(file, spec, cat, st, nst, &out);
		rc = eg_cli_emit("spec", &out, NULL);
	} else {
		eg_diags_format(&d, &out);
		fputs(eg_buf_str(&out), stderr);
		size_t total = eg_diags_total(&d);
		eg_cli_fail("spec", 0,
			    ngettext("%s is invalid: %zu error",
				     "%s is invalid: %zu errors", total),
			    file, total);
		rc = EG_EXIT_USAGE;
	}
	if (spec == NULL && rc == EG_EXIT_OK)
		rc = EG_EXIT_USAGE;
out:
	free(st);
	eg_spec_free(spec);
	eg_diags_free(&d);
	eg_buf_free(&out);
	return rc;
}

static int run(int argc, char **argv)
{
	if (argc < 2) {
		return eg_cli_usage("spec", "%s",
				    _("give a subcommand: init or check"));
	}
	const char *sub = argv[1];
	if (strcmp(sub, "init") == 0)
		return run_init(argc - 1, argv + 1);
	if (strcmp(sub, "check") == 0)
		return run_check(argc - 1, argv + 1);
	if (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0 ||
	    strcmp(sub, "help") == 0) {
		struct eg_buf out;
		eg_buf_init(&out, EG_BUF_DEFAULT_MAX);
		help(&out);
		int rc = eg_cli_emit("spec", &out, NULL);
		eg_buf_free(&out);
		return rc;
	}
	return eg_cli_usage("spec", _("unknown subcommand \"%s\"; use init or check"),
			    sub);
}

const struct eg_cmd eg_cmd_spec = {
	.name = "spec",
	.summary = N_("write and check the site security specification"),
	.run = run,
};
