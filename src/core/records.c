/*
 * records.c: adding, listing and verifying records of organisational
 * measures and their evidence files (records.h). Everything reaches SQL as
 * bound parameters; a record, its measures and its evidence are written in
 * one BEGIN IMMEDIATE transaction, after every evidence file was hashed, so
 * a failure (a missing file, a killed process) leaves nothing behind.
 */
#include "records.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "../util/buf.h"
#include "../util/duration.h"
#include "../util/i18n.h"
#include "../util/limits.h"
#include "../util/mem.h"

const char *const eg_record_kinds[] = {
	"education", "audit", "drill", "review", "periodic-check",
	"partner-review", "budget", "incident", "media-disposal",
	"physical-access-review", "other", NULL,
};

/* Record kind -> the catalogue measure kind it evidences by default. */
static const char *const kind_map[][2] = {
	{"education", "education"},
	{"audit", "audit"},
	{"drill", "drill"},
	{"review", "policy"},
	{"periodic-check", "periodic-check"},
	{"partner-review", "outsourcing"},
	{"budget", "budget"},
	{"media-disposal", "media"},
	{"physical-access-review", "physical-access"},
};

static int kind_valid(const char *kind)
{
	for (size_t i = 0; kind != NULL && eg_record_kinds[i] != NULL; i++)
		if (strcmp(kind, eg_record_kinds[i]) == 0)
			return 1;
	return 0;
}

const char *eg_record_measure_kind(const char *record_kind)
{
	for (size_t i = 0; i < sizeof(kind_map) / sizeof(kind_map[0]); i++)
		if (strcmp(record_kind, kind_map[i][0]) == 0)
			return kind_map[i][1];
	return NULL;
}

int eg_measure_kind_matches(const char *mk, const char *measure_kind)
{
	if (strcmp(mk, measure_kind) == 0)
		return 1;
	/* As eg_spec_cadence: a configuration policy is reviewed like a
	 * policy. */
	return strcmp(mk, "policy") == 0 &&
	       strcmp(measure_kind, "config-policy") == 0;
}

/* Index of m in the catalogue (its order), for sorting and dedup. */
static size_t measure_index(const struct eg_catalog *cat,
			    const struct eg_measure *m)
{
	size_t idx = 0;
	for (int t = 0; t < m->theme; t++)
		idx += eg_catalog_theme(cat, (size_t)t)->nmeasures;
	return idx + (size_t)(m - eg_catalog_theme(cat, (size_t)m->theme)->measures);
}

int eg_record_resolve_measures(const struct eg_catalog *cat, const char *kind,
			       const char *const *themes, size_t nthemes,
			       const char *const *ids, size_t nids,
			       const struct eg_measure ***out, size_t *n,
			       struct eg_err *e)
{
	*out = NULL;
	*n = 0;
	size_t total = eg_catalog_nmeasures(cat);
	unsigned char *pick = eg_calloc(total ? total : 1, 1);
	const struct eg_measure **v = NULL;
	int rc = 0;
	if (pick == NULL)
		return eg_err_set(e, EG_E_NOMEM, "out of memory");
	if (!kind_valid(kind)) {
		rc = eg_err_set(e, EG_E_INVAL, _("unknown record kind \"%.*s\""),
				EG_QUOTE_MAX, kind);
		goto out;
	}
	const char *mk = eg_record_measure_kind(kind);
	if (nthemes > 0 && mk == NULL) {
		rc = eg_err_set(e, EG_E_INVAL,
				_("a record of kind %s has no default measures; name them with --measure"),
				kind);
		goto out;
	}
	for (size_t i = 0; i < nthemes; i++) {
		const struct eg_theme *t = eg_catalog_find_theme(cat, themes[i]);
		size_t found = 0;
		if (t == NULL) {
			rc = eg_err_set(e, EG_E_INVAL,
					_("unknown theme \"%.*s\" (themes are T01 to T11)"),
					EG_QUOTE_MAX, themes[i]);
			goto out;
		}
		for (size_t j = 0; j < t->nmeasures; j++) {
			if (!eg_measure_kind_matches(mk, t->measures[j].kind))
				continue;
			pick[measure_index(cat, &t->measures[j])] = 1;
			found++;
		}
		if (found == 0) {
			rc = eg_err_set(e, EG_E_INVAL,
					_("theme %s has no measure of kind %s; name the measures with --measure"),
					t->id, mk);
			goto out;
		}
	}
	for (size_t i = 0; i < nids; i++) {
		const struct eg_measure *m = eg_catalog_find_measure(cat, ids[i]);
		if (m == NULL) {
			rc = eg_err_set(e, EG_E_INVAL,
					_("unknown measure \"%.*s\" (see `ecguard catalog`)"),
					EG_QUOTE_MAX, ids[i]);
			goto out;
		}
		pick[measure_index(cat, m)] = 1;
	}
	if (nthemes == 0 && nids == 0 && mk != NULL) {
		const struct eg_measure *only = NULL;
		size_t count = 0;
		for (size_t t = 0; t < eg_catalog_nthemes(cat); t++) {
			const struct eg_theme *th = eg_catalog_theme(cat, t);
			for (size_t j = 0; j < th->nmeasures; j++)
				if (eg_measure_kind_matches(mk, th->measures[j].kind)) {
					only = &th->measures[j];
					count++;
				}
		}
		if (count != 1) {
			rc = eg_err_set(e, EG_E_INVAL,
					_("measures of kind %s exist in several themes; say which with --theme or --measure"),
					mk);
			goto out;
		}
		pick[measure_index(cat, only)] = 1;
	}
	size_t cnt = 0;
	for (size_t i = 0; i < total; i++)
		cnt += pick[i];
	if (cnt > 0) {
		v = eg_reallocarray(NULL, cnt, sizeof(*v));
		if (v == NULL) {
			rc = eg_err_set(e, EG_E_NOMEM, "out of memory");
			goto out;
		}
	}
	size_t k = 0, idx = 0;
	for (size_t t = 0; t < eg_catalog_nthemes(cat); t++) {
		const struct eg_theme *th = eg_catalog_theme(cat, t);
		for (size_t j = 0; j < th->nmeasures; j++, idx++)
			if (pick[idx])
				v[k++] = &th->measures[j];
	}
	*out = v;
	*n = k;
	v = NULL;
out:
	free(v);
	free(pick);
	return rc;
}

/* ---------------------------------------------------------------------- */

int eg_evidence_hash(const char *path, char hex[65], int64_t *size,
		     struct eg_err *e)
{
	static const char digits[] = "0123456789abcdef";
	int fd = -1, rc = 0;
	EVP_MD_CTX *ctx = NULL;
	unsigned char *chunk = NULL;
	uint64_t total = 0;
	hex[0] = '\0';
	*size = -1;
	/* O_NONBLOCK: a FIFO planted at the path must not hang us; fstat
	 * then refuses anything but a regular file. */
	fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		int err = errno;
		rc = eg_err_errno(e, err == ENOENT || err == ENOTDIR ?
				  EG_E_NOTFOUND : EG_E_IO, err,
				  _("evidence file %.*s"), EG_QUOTE_MAX, path);
		goto out;
	}
	struct stat st;
	if (fstat(fd, &st) != 0) {
		rc = eg_err_errno(e, EG_E_IO, errno, _("evidence file %.*s"),
				  EG_QUOTE_MAX, path);
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		rc = eg_err_set(e, EG_E_INVAL,
				_("evidence file %.*s is not a regular file"),
				EG_QUOTE_MAX, path);
		goto out;
	}
	if ((uint64_t)st.st_size > EG_EVIDENCE_MAX_BYTES) {
		rc = eg_err_set(e, EG_E_LIMIT,
				_("evidence file %.*s is larger than %llu bytes; store a smaller document (e.g. a PDF export)"),
				EG_QUOTE_MAX, path,
				(unsigned long long)EG_EVIDENCE_MAX_BYTES);
		goto out;
	}
	chunk = malloc(EG_EVIDENCE_CHUNK);
	ctx = EVP_MD_CTX_new();
	if (chunk == NULL || ctx == NULL) {
		rc = eg_err_set(e, EG_E_NOMEM, "out of memory");
		goto out;
	}
	if (EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1) {
		rc = eg_err_set(e, EG_E_INTERNAL, "SHA-256 unavailable in libcrypto");
		goto out;
	}
	for (;;) {
		ssize_t got = read(fd, chunk, EG_EVIDENCE_CHUNK);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			rc = eg_err_errno(e, EG_E_IO, errno,
					  _("reading evidence file %.*s"),
					  EG_QUOTE_MAX, path);
			goto out;
		}
		if (got == 0)
			break;
		total += (uint64_t)got;
		/* The file may grow while we read it. */
		if (total > EG_EVIDENCE_MAX_BYTES) {
			rc = eg_err_set(e, EG_E_LIMIT,
					_("evidence file %.*s grew past %llu bytes while being read"),
					EG_QUOTE_MAX, path,
					(unsigned long long)EG_EVIDENCE_MAX_BYTES);
			goto out;
		}
		if (EVP_DigestUpdate(ctx, chunk, (size_t)got) != 1) {
			rc = eg_err_set(e, EG_E_INTERNAL, "SHA-256 failed");
			goto out;
		}
	}
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned mdlen = 0;
	if (EVP_DigestFinal_ex(ctx, md, &mdlen) != 1 || mdlen != 32) {
		rc = eg_err_set(e, EG_E_INTERNAL, "SHA-256 failed");
		goto out;
	}
	for (unsigned i = 0; i < 32; i++) {
		hex[2 * i] = digits[md[i] >> 4];
		hex[2 * i + 1] = digits[md[i] & 15];
	}
	hex[64] = '\0';
	*size = (int64_t)total;
out:
	EVP_MD_CTX_free(ctx);
	free(chunk);
	if (fd >= 0)
		close(fd);
	return rc;
}

/* path made absolute against the working folder, into out. */
static int absolute_path(const char *path, struct eg_buf *out,
			 struct eg_err *e)
{
	if (path[0] != '/') {
		char *cwd = getcwd(NULL, 0);
		if (cwd == NULL)
			return eg_err_errno(e, EG_E_IO, errno,
					    _("cannot tell the working folder for %.*s"),
					    EG_QUOTE_MAX, path);
		eg_buf_adds(out, cwd);
		if (out->len == 0 || out->data[out->len - 1] != '/')
			eg_buf_addc(out, '/');
		free(cwd);
	}
	eg_buf_adds(out, path);
	if (out->err != 0)
		return eg_err_set(e, EG_E_LIMIT,
				  _("evidence path %.*s is longer than %u bytes"),
				  EG_QUOTE_MAX, path, EG_PATH_MAX);
	return 0;
}

static int sql_fail(sqlite3 *db, struct eg_err *e, const char *what)
{
	return eg_err_set(e, EG_E_SQL, "store: %s: %s", what,
			  sqlite3_errmsg(db));
}

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s != NULL)
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

/* Runs a statement without results; returns 0 or EG_E_SQL. */
static int exec1(sqlite3 *db, const char *sql, struct eg_err *e)
{
	char *msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		int rc = eg_err_set(e, EG_E_SQL, "store: %s: %s", sql,
				    msg != NULL ? msg : "?");
		sqlite3_free(msg);
		return rc;
	}
	return 0;
}

struct hashed {
	char *path;
	char hex[65];
	int64_t size;
};

static int check_supersedes(sqlite3 *db, int64_t id, struct eg_err *e)
{
	sqlite3_stmt *st = NULL;
	int rc = 0;
	if (sqlite3_prepare_v2(db,
			       "SELECT (SELECT count(*) FROM records WHERE id = ?1),"
			       " (SELECT min(id) FROM records WHERE supersedes = ?1)",
			       -1, &st, NULL) != SQLITE_OK)
		return sql_fail(db, e, "supersedes");
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		rc = sql_fail(db, e, "supersedes");
		goto out;
	}
	if (sqlite3_column_int64(st, 0) == 0)
		rc = eg_err_set(e, EG_E_INVAL,
				_("--supersedes %lld: no such record (see `ecguard records`)"),
				(long long)id);
	else if (sqlite3_column_type(st, 1) != SQLITE_NULL)
		rc = eg_err_set(e, EG_E_INVAL,
				_("record %lld is already superseded by record %lld; supersede that one instead"),
				(long long)id,
				(long long)sqlite3_column_int64(st, 1));
out:
	sqlite3_finalize(st);
	return rc;
}

int eg_record_add(struct eg_store *s, const struct eg_record_new *r,
		  int32_t today, int64_t *id, struct eg_err *e)
{
	sqlite3 *db = eg_store_db(s);
	sqlite3_stmt *st = NULL;
	struct hashed *h = NULL;
	int rc = 0, in_tx = 0;
	char date[11], exp[11], now[32];
	*id = 0;
	if (!kind_valid(r->kind))
		return eg_err_set(e, EG_E_INVAL, _("unknown record kind \"%.*s\""),
				  EG_QUOTE_MAX, r->kind != NULL ? r->kind : "");
	eg_date_format(r->date, date);
	if (r->date > today) {
		char t[11];
		eg_date_format(today, t);
		return eg_err_set(e, EG_E_INVAL,
				  _("the record's date %s is after today (%s); record things once they happened"),
				  date, t);
	}
	if (r->evidence_expires != EG_NO_DATE) {
		if (r->nevidence == 0)
			return eg_err_set(e, EG_E_INVAL, "%s",
					  _("--evidence-expires without --evidence"));
		if (r->evidence_expires < r->date)
			return eg_err_set(e, EG_E_INVAL, "%s",
					  _("--evidence-expires is before the record's date"));
		eg_date_format(r->evidence_expires, exp);
	}
	if (r->nevidence > EG_RECORD_MAX_EVIDENCE)
		return eg_err_set(e, EG_E_LIMIT,
				  _("a record may have at most %u evidence files"),
				  EG_RECORD_MAX_EVIDENCE);
	/* Hash before the transaction: a slow disk must not hold the write
	 * lock a cron audit is waiting for. */
	if (r->nevidence > 0) {
		h = eg_calloc(r->nevidence, sizeof(*h));
		if (h == NULL)
			return eg_err_set(e, EG_E_NOMEM, "out of memory");
	}
	for (size_t i = 0; i < r->nevidence; i++) {
		struct eg_buf p;
		eg_buf_init(&p, EG_PATH_MAX);
		if ((rc = absolute_path(r->evidence[i], &p, e)) != 0) {
			eg_buf_free(&p);
			goto out;
		}
		h[i].path = eg_buf_steal(&p, NULL);
		if (h[i].path == NULL) {
			rc = eg_err_set(e, EG_E_NOMEM, "out of memory");
			goto out;
		}
		if ((rc = eg_evidence_hash(h[i].path, h[i].hex, &h[i].size, e)) != 0)
			goto out;
	}
	{
		time_t t = time(NULL);
		struct tm tm;
		gmtime_r(&t, &tm);
		strftime(now, sizeof(now), "%Y-%m-%dT%H:%M:%SZ", &tm);
	}
	if ((rc = exec1(db, "BEGIN IMMEDIATE", e)) != 0)
		goto out;
	in_tx = 1;
	if (r->supersedes != 0 &&
	    (rc = check_supersedes(db, r->supersedes, e)) != 0)
		goto out;
	if (sqlite3_prepare_v2(db,
			       "INSERT INTO records(kind, date, performed_by, summary,"
			       " scope, created_at, supersedes) VALUES (?,?,?,?,?,?,?)",
			       -1, &st, NULL) != SQLITE_OK) {
		rc = sql_fail(db, e, "insert record");
		goto out;
	}
	bind_text(st, 1, r->kind);
	bind_text(st, 2, date);
	bind_text(st, 3, r->by);
	bind_text(st, 4, r->summary);
	bind_text(st, 5, r->scope);
	bind_text(st, 6, now);
	if (r->supersedes != 0)
		sqlite3_bind_int64(st, 7, r->supersedes);
	if (sqlite3_step(st) != SQLITE_DONE) {
		rc = sql_fail(db, e, "insert record");
		goto out;
	}
	sqlite3_finalize(st);
	st = NULL;
	int64_t rid = sqlite3_last_insert_rowid(db);
	if (sqlite3_prepare_v2(db,
			       "INSERT OR IGNORE INTO record_measures(record_id, measure_id)"
			       " VALUES (?,?)", -1, &st, NULL) != SQLITE_OK) {
		rc = sql_fail(db, e, "insert measures");
		goto out;
	}
	for (size_t i = 0; i < r->nmeasures; i++) {
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, rid);
		bind_text(st, 2, r->measures[i]->id);
		if (sqlite3_step(st) != SQLITE_DONE) {
			rc = sql_fail(db, e, "insert measures");
			goto out;
		}
	}
	sqlite3_finalize(st);
	st = NULL;
	if (sqlite3_prepare_v2(db,
			       "INSERT INTO evidence(record_id, path, size, sha256, expires)"
			       " VALUES (?,?,?,?,?)", -1, &st, NULL) != SQLITE_OK) {
		rc = sql_fail(db, e, "insert evidence");
		goto out;
	}
	for (size_t i = 0; i < r->nevidence; i++) {
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, rid);
		bind_text(st, 2, h[i].path);
		sqlite3_bind_int64(st, 3, h[i].size);
		bind_text(st, 4, h[i].hex);
		bind_text(st, 5, r->evidence_expires != EG_NO_DATE ? exp : NULL);
		if (sqlite3_step(st) != SQLITE_DONE) {
			rc = sql_fail(db, e, "insert evidence");
			goto out;
		}
	}
	sqlite3_finalize(st);
	st = NULL;
	if ((rc = exec1(db, "COMMIT", e)) != 0)
		goto out;
	in_tx = 0;
	*id = rid;
out:
	sqlite3_finalize(st);
	if (in_tx)
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	for (size_t i = 0; h != NULL && i < r->nevidence; i++)
		free(h[i].path);
	free(h);
	return rc;
}

/* ---------------------------------------------------------------------- */

/* A column as an owned string (NULL for SQL NULL); sets *bad on OOM. */
static char *col_dup(sqlite3_stmt *st, int i, int *bad)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	if (t == NULL)
		return NULL;
	char *d = eg_strdup((const char *)t);
	if (d == NULL)
		*bad = 1;
	return d;
}

static void evidence_info_free(struct eg_evidence_info *ev)
{
	free(ev->path);
	free(ev->sha256);
	free(ev->expires);
}

static void record_info_clear(struct eg_record_info *r)
{
	free(r->kind);
	free(r->date);
	free(r->by);
	free(r->summary);
	free(r->scope);
	free(r->created_at);
	free(r->run_id);
	for (size_t j = 0; j < r->nmeasures; j++)
		free(r->measures[j]);
	free(r->measures);
	for (size_t j = 0; j < r->nevidence; j++)
		evidence_info_free(&r->evidence[j]);
	free(r->evidence);
}

void eg_record_infos_free(struct eg_record_info *v, size_t n)
{
	for (size_t i = 0; v != NULL && i < n; i++)
		record_info_clear(&v[i]);
	free(v);
}

/* Appends x to the growable array *v of *n elements of size sz. */
static int push(void **v, size_t *n, size_t *cap, size_t sz, const void *x)
{
	if (*n == *cap) {
		size_t nc = *cap ? *cap * 2 : 8;
		void *p = eg_reallocarray(*v, nc, sz);
		if (p == NULL)
			return EG_E_NOMEM;
		*v = p;
		*cap = nc;
	}
	memcpy((char *)*v + *n * sz, x, sz);
	(*n)++;
	return 0;
}

/* Fills the measures and evidence of r. */
static int record_children(sqlite3 *db, sqlite3_stmt *ms, sqlite3_stmt *es,
			   struct eg_record_info *r, struct eg_err *e)
{
	size_t cap = 0;
	int bad = 0, step;
	sqlite3_reset(ms);
	sqlite3_bind_int64(ms, 1, r->id);
	while ((step = sqlite3_step(ms)) == SQLITE_ROW) {
		char *m = col_dup(ms, 0, &bad);
		if (bad || m == NULL ||
		    push((void **)&r->measures, &r->nmeasures, &cap,
			 sizeof(char *), &m) != 0) {
			free(m);
			return eg_err_set(e, EG_E_NOMEM, "out of memory");
		}
	}
	if (step != SQLITE_DONE)
		return sql_fail(db, e, "record measures");
	cap = 0;
	sqlite3_reset(es);
	sqlite3_bind_int64(es, 1, r->id);
	while ((step = sqlite3_step(es)) == SQLITE_ROW) {
		struct eg_evidence_info ev;
		memset(&ev, 0, sizeof(ev));
		ev.id = sqlite3_column_int64(es, 0);
		ev.record_id = r->id;
		ev.path = col_dup(es, 1, &bad);
		ev.size = sqlite3_column_int64(es, 2);
		ev.sha256 = col_dup(es, 3, &bad);
		ev.expires = col_dup(es, 4, &bad);
		if (bad || push((void **)&r->evidence, &r->nevidence, &cap,
				sizeof(ev), &ev) != 0) {
			evidence_info_free(&ev);
			return eg_err_set(e, EG_E_NOMEM, "out of memory");
		}
	}
	if (step != SQLITE_DONE)
		return sql_fail(db, e, "record evidence");
	return 0;
}

int eg_records_list(struct eg_store *s, const char *kind, const char *measure,
		    struct eg_record_info **out, size_t *n, struct eg_err *e)
{
	sqlite3 *db = eg_store_db(s);
	sqlite3_stmt *st = NULL, *ms = NULL, *es = NULL;
	struct eg_record_info *v = NULL;
	size_t nv = 0, cap = 0;
	int rc = 0, step;
	*out = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(db,
			       "SELECT r.id, r.kind, r.date, r.performed_by, r.summary,"
			       " r.scope, r.created_at, r.run_id, r.supersedes,"
			       " (SELECT min(x.id) FROM records x WHERE x.supersedes = r.id)"
			       " FROM records r"
			       " WHERE (?1 IS NULL OR r.kind = ?1)"
			       "   AND (?2 IS NULL OR EXISTS (SELECT 1 FROM record_measures m"
			       "        WHERE m.record_id = r.id AND m.measure_id = ?2))"
			       " ORDER BY r.date, r.id", -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db,
			       "SELECT measure_id FROM record_measures WHERE record_id = ?"
			       " ORDER BY measure_id", -1, &ms, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db,
			       "SELECT id, path, size, sha256, expires FROM evidence"
			       " WHERE record_id = ? ORDER BY id", -1, &es, NULL) != SQLITE_OK) {
		rc = sql_fail(db, e, "list records");
		goto out;
	}
	bind_text(st, 1, kind);
	bind_text(st, 2, measure);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct eg_record_info r;
		int bad = 0;
		memset(&r, 0, sizeof(r));
		r.id = sqlite3_column_int64(st, 0);
		r.kind = col_dup(st, 1, &bad);
		r.date = col_dup(st, 2, &bad);
		r.by = col_dup(st, 3, &bad);
		r.summary = col_dup(st, 4, &bad);
		r.scope = col_dup(st, 5, &bad);
		r.created_at = col_dup(st, 6, &bad);
		r.run_id = col_dup(st, 7, &bad);
		r.supersedes = sqlite3_column_int64(st, 8);
		r.superseded_by = sqlite3_column_int64(st, 9);
		if (bad || push((void **)&v, &nv, &cap, sizeof(r), &r) != 0) {
			record_info_clear(&r);
			rc = eg_err_set(e, EG_E_NOMEM, "out of memory");
			goto out;
		}
		if ((rc = record_children(db, ms, es, &v[nv - 1], e)) != 0)
			goto out;
	}
	if (step != SQLITE_DONE) {
		rc = sql_fail(db, e, "list records");
		goto out;
	}
	*out = v;
	*n = nv;
	v = NULL;
	nv = 0;
out:
	sqlite3_finalize(st);
	sqlite3_finalize(ms);
	sqlite3_finalize(es);
	eg_record_infos_free(v, nv);
	return rc;
}

/* ---------------------------------------------------------------------- */

const char *eg_evidence_state_name(enum eg_evidence_state st)
{
	switch (st) {
	case EG_EV_OK: return "ok";
	case EG_EV_CHANGED: return "changed";
	case EG_EV_MISSING: return "missing";
	default: return "unreadable";
	}
}

void eg_evidence_checks_free(struct eg_evidence_check *v, size_t n)
{
	for (size_t i = 0; v != NULL && i < n; i++) {
		evidence_info_free(&v[i].ev);
		free(v[i].why);
	}
	free(v);
}

int eg_evidence_verify(struct eg_store *s, struct eg_evidence_check **out,
		       size_t *n, struct eg_err *e)
{
	sqlite3 *db = eg_store_db(s);
	sqlite3_stmt *st = NULL;
	struct eg_evidence_check *v = NULL;
	size_t nv = 0, cap = 0;
	int rc = 0, step;
	*out = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(db,
			       "SELECT id, record_id, path, size, sha256, expires"
			       " FROM evidence ORDER BY id", -1, &st, NULL) != SQLITE_OK) {
		rc = sql_fail(db, e, "evidence");
		goto out;
	}
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct eg_evidence_check c;
		int bad = 0;
		memset(&c, 0, sizeof(c));
		c.ev.id = sqlite3_column_int64(st, 0);
		c.ev.record_id = sqlite3_column_int64(st, 1);
		c.ev.path = col_dup(st, 2, &bad);
		c.ev.size = sqlite3_column_int64(st, 3);
		c.ev.sha256 = col_dup(st, 4, &bad);
		c.ev.expires = col_dup(st, 5, &bad);
		c.size_now = -1;
		if (!bad && c.ev.path != NULL) {
			struct eg_err he;
			eg_err_clear(&he);
			int hr = eg_evidence_hash(c.ev.path, c.sha256_now,
						  &c.size_now, &he);
			if (hr == EG_E_NOTFOUND) {
				c.state = EG_EV_MISSING;
			} else if (hr != 0) {
				c.state = EG_EV_UNREADABLE;
				c.why = eg_strdup(eg_err_msg(&he));
				bad = c.why == NULL;
			} else if (c.size_now != c.ev.size || c.ev.sha256 == NULL ||
				   strcmp(c.sha256_now, c.ev.sha256) != 0) {
				c.state = EG_EV_CHANGED;
			}
		}
		if (bad || push((void **)&v, &nv, &cap, sizeof(c), &c) != 0) {
			evidence_info_free(&c.ev);
			free(c.why);
			rc = eg_err_set(e, EG_E_NOMEM, "out of memory");
			goto out;
		}
	}
	if (step != SQLITE_DONE) {
		rc = sql_fail(db, e, "evidence");
		goto out;
	}
	*out = v;
	*n = nv;
	v = NULL;
	nv = 0;
out:
	sqlite3_finalize(st);
	eg_evidence_checks_free(v, nv);
	return rc;
}
