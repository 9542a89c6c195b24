/*
 * page_store.c: payment-page baselines in the store (see page_store.h for
 * the rules, store.c migration 2 for the tables). Saving writes a baseline,
 * its items and headers in one IMMEDIATE transaction; loading reads the
 * newest baseline of a URL in one read transaction and rebuilds the
 * inventory through eg_page_inv_add, which validates every item.
 */
#include "page_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../util/i18n.h"
#include "../util/limits.h"
#include "../util/mem.h"

static int bind_text(sqlite3_stmt *st, int i, const char *v)
{
	if (v == NULL)
		return sqlite3_bind_null(st, i);
	return sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
}

static int bind_hash(sqlite3_stmt *st, int i, const char *v)
{
	return bind_text(st, i, v[0] != '\0' ? v : NULL);
}

static const char *sri_state_name(int s)
{
	return s == EG_SRI_VALID ? "valid" : s == EG_SRI_INVALID ? "invalid"
								   : "none";
}

/* "YYYY-MM-DDTHH:MM:SSZ" with digits where digits belong. */
static int valid_stamp(const char *t)
{
	static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";
	if (strlen(t) != sizeof(shape) - 1)
		return 0;
	for (size_t i = 0; shape[i] != '\0'; i++)
		if (shape[i] == 'd' ? !(t[i] >= '0' && t[i] <= '9')
				    : t[i] != shape[i])
			return 0;
	return 1;
}

/* The item columns in table order after baseline_id, pos. */
#define ITEM_COLS                                                          \
	"kind, line, tag, attr, src, url, host, integrity, sri, sri_state, " \
	"crossorigin, type, method, form_id, card_number, card_csc, "        \
	"card_exp, text, sha256, length, content_sha256, sri_match, "        \
	"is_inline, is_data, is_module, is_async, is_defer, is_nomodule, "  \
	"is_cut, is_formaction, same_origin"
#define ITEM_NCOLS 31

/* Flag columns, in ITEM_COLS order from is_inline. */
static const unsigned flag_cols[] = {
	EG_PAGE_F_INLINE, EG_PAGE_F_DATA, EG_PAGE_F_MODULE, EG_PAGE_F_ASYNC,
	EG_PAGE_F_DEFER, EG_PAGE_F_NOMODULE, EG_PAGE_F_CUT,
	EG_PAGE_F_FORMACTION, EG_PAGE_F_SAME_ORIGIN,
};
#define NFLAGS (sizeof(flag_cols) / sizeof(flag_cols[0]))

static void bind_item(sqlite3_stmt *st, const struct eg_page_item *it)
{
	int c = 3;
	bind_text(st, c++, eg_page_kind_name(it->kind));
	sqlite3_bind_int64(st, c++, it->line);
	const char *texts[] = {it->tag, it->attr, it->src, it->url, it->host,
			       it->integrity, it->sri};
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		bind_text(st, c++, texts[i]);
	bind_text(st, c++, sri_state_name(it->sri_state));
	bind_text(st, c++, it->crossorigin);
	bind_text(st, c++, it->type);
	bind_text(st, c++, it->method);
	bind_text(st, c++, it->id);
	sqlite3_bind_int(st, c++, (it->card & EG_PAGE_CARD_NUMBER) != 0);
	sqlite3_bind_int(st, c++, (it->card & EG_PAGE_CARD_CSC) != 0);
	sqlite3_bind_int(st, c++, (it->card & EG_PAGE_CARD_EXP) != 0);
	bind_text(st, c++, it->text);
	bind_hash(st, c++, it->sha256);
	sqlite3_bind_int64(st, c++, (sqlite3_int64)it->length);
	bind_hash(st, c++, it->content_sha256);
	if (it->sri_match < 0)
		sqlite3_bind_null(st, c++);
	else
		sqlite3_bind_int(st, c++, it->sri_match != 0);
	for (size_t i = 0; i < NFLAGS; i++)
		sqlite3_bind_int(st, c++, (it->flags & flag_cols[i]) != 0);
}

int eg_page_baseline_save(struct eg_store *s, const char *url,
			  const struct eg_page_inv *inv,
			  const struct eg_page_headers *headers,
			  const char *taken_at, int64_t *id,
			  struct eg_err *e)
{
	sqlite3 *db = eg_store_db(s);
	sqlite3_stmt *st = NULL;
	char now[32];
	int rc = 0, in_tx = 0;
	if (id != NULL)
		*id = 0;
	if (url == NULL)
		url = inv->url;
	if (url == NULL || url[0] == '\0' || strlen(url) > EG_URL_MAX)
		return eg_err_set(e, EG_E_INVAL,
				  _("page URL missing or longer than %u bytes"),
				  EG_URL_MAX);
	{
		time_t t = time(NULL);
		struct tm tm;
		gmtime_r(&t, &tm);
		strftime(now, sizeof(now), "%Y-%m-%dT%H:%M:%SZ", &tm);
	}
	if (taken_at == NULL)
		taken_at = now;
	if (!valid_stamp(taken_at))
		return eg_err_set(e, EG_E_INVAL,
				  _("baseline time \"%.*s\" is not of the form "
				    "YYYY-MM-DDTHH:MM:SSZ"),
				  (int)strnlen(taken_at, EG_QUOTE_MAX), taken_at);
	if ((rc = eg_store_exec(s, "BEGIN IMMEDIATE", _("saving the page baseline"),
		       e)) != 0)
		goto out;
	in_tx = 1;
	/* The newest baseline of the URL is the one this supersedes. */
	if ((rc = eg_store_prepare(s,
			  "INSERT INTO page_baselines(url, origin, taken_at, "
			  "created_at, bytes, incomplete, supersedes) "
			  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, (SELECT max(id) FROM "
			  "page_baselines WHERE url = ?1))",
			  &st, e)) != 0)
		goto out;
	bind_text(st, 1, url);
	bind_text(st, 2, inv->origin != NULL ? inv->origin : "");
	bind_text(st, 3, taken_at);
	bind_text(st, 4, now);
	sqlite3_bind_int64(st, 5, (sqlite3_int64)inv->bytes);
	sqlite3_bind_int64(st, 6, inv->incomplete);
	if (sqlite3_step(st) != SQLITE_DONE) {
		rc = eg_store_sql_fail(s, e, _("saving the page baseline"));
		goto out;
	}
	sqlite3_finalize(st);
	st = NULL;
	sqlite3_int64 bid = sqlite3_last_insert_rowid(db);
	if ((rc = eg_store_prepare(s,
			  "INSERT INTO page_baseline_items(baseline_id, pos, "
			  ITEM_COLS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
			  "?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, "
			  "?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, "
			  "?30, ?31, ?32, ?33)",
			  &st, e)) != 0)
		goto out;
	for (size_t i = 0; i < inv->nitems; i++) {
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
		sqlite3_bind_int64(st, 1, bid);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)i);
		bind_item(st, &inv->items[i]);
		if (sqlite3_step(st) != SQLITE_DONE) {
			rc = eg_store_sql_fail(s, e, _("saving the page baseline"));
			goto out;
		}
	}
	sqlite3_finalize(st);
	st = NULL;
	if ((rc = eg_store_prepare(s,
			  "INSERT INTO page_baseline_headers(baseline_id, pos, "
			  "name, value) VALUES (?1, ?2, ?3, ?4)",
			  &st, e)) != 0)
		goto out;
	for (size_t i = 0; headers != NULL && i < headers->n; i++) {
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, bid);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)i);
		bind_text(st, 3, headers->v[i].name);
		bind_text(st, 4, headers->v[i].value != NULL ? headers->v[i].value
							     : "");
		if (sqlite3_step(st) != SQLITE_DONE) {
			rc = eg_store_sql_fail(s, e, _("saving the page baseline"));
			goto out;
		}
	}
	sqlite3_finalize(st);
	st = NULL;
	if ((rc = eg_store_exec(s, "COMMIT", _("saving the page baseline"), e)) != 0)
		goto out;
	in_tx = 0;
	if (id != NULL)
		*id = bid;
out:
	sqlite3_finalize(st);
	if (in_tx)
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

/* ---- loading ---- */

static int damaged(struct eg_store *s, struct eg_err *e, sqlite3_int64 id,
		   const char *what)
{
	return eg_err_set(e, EG_E_PARSE,
			  _("store %s: page baseline %lld is damaged (%s); "
			    "take a new baseline with `ecguard web --baseline`"),
			  eg_store_path(s), (long long)id, what);
}

static const char *col_str(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

/* One item row into *it (strings borrowed from the statement). Returns 0
 * or 1 for a row the inventory cannot hold. */
static int row_item(sqlite3_stmt *st, struct eg_page_item *it)
{
	memset(it, 0, sizeof(*it));
	int c = 0;
	it->kind = eg_page_kind_parse(col_str(st, c++));
	sqlite3_int64 line = sqlite3_column_int64(st, c++);
	if (it->kind < 0 || line < 0 || line > UINT32_MAX)
		return 1;
	it->line = (unsigned)line;
	char **texts[] = {&it->tag, &it->attr, &it->src, &it->url, &it->host,
			  &it->integrity, &it->sri};
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		*texts[i] = (char *)col_str(st, c++);
	const char *ss = col_str(st, c++);
	if (ss == NULL)
		return 1;
	it->sri_state = strcmp(ss, "valid") == 0     ? EG_SRI_VALID
			: strcmp(ss, "invalid") == 0 ? EG_SRI_INVALID
						     : EG_SRI_NONE;
	it->crossorigin = (char *)col_str(st, c++);
	it->type = (char *)col_str(st, c++);
	it->method = (char *)col_str(st, c++);
	it->id = (char *)col_str(st, c++);
	if (sqlite3_column_int(st, c++))
		it->card |= EG_PAGE_CARD_NUMBER;
	if (sqlite3_column_int(st, c++))
		it->card |= EG_PAGE_CARD_CSC;
	if (sqlite3_column_int(st, c++))
		it->card |= EG_PAGE_CARD_EXP;
	it->text = (char *)col_str(st, c++);
	const char *h = col_str(st, c++);
	sqlite3_int64 len = sqlite3_column_int64(st, c++);
	const char *ch = col_str(st, c++);
	if ((h != NULL && strlen(h) != 64) || (ch != NULL && strlen(ch) != 64) ||
	    len < 0)
		return 1;
	snprintf(it->sha256, sizeof(it->sha256), "%s", h != NULL ? h : "");
	snprintf(it->content_sha256, sizeof(it->content_sha256), "%s",
		 ch != NULL ? ch : "");
	it->length = (size_t)len;
	it->sri_match = sqlite3_column_type(st, c) == SQLITE_NULL
				? -1
				: sqlite3_column_int(st, c) != 0;
	c++;
	for (size_t i = 0; i < NFLAGS; i++)
		if (sqlite3_column_int(st, c++))
			it->flags |= flag_cols[i];
	return 0;
}

static int load_items(struct eg_store *s, sqlite3_int64 bid,
		      struct eg_page_inv *inv, struct eg_err *e)
{
	sqlite3_stmt *st = NULL;
	int rc = eg_store_prepare(s,
			 "SELECT " ITEM_COLS " FROM page_baseline_items "
			 "WHERE baseline_id = ?1 ORDER BY pos",
			 &st, e);
	if (rc != 0)
		return rc;
	sqlite3_bind_int64(st, 1, bid);
	int src;
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		struct eg_page_item it;
		if (row_item(st, &it) != 0) {
			rc = damaged(s, e, bid, _("an inventory item is invalid"));
			goto out;
		}
		int arc = eg_page_inv_add(inv, &it);
		if (arc == EG_E_NOMEM) {
			rc = eg_err_set(e, arc, "out of memory");
			goto out;
		}
		if (arc != 0) {
			rc = damaged(s, e, bid, _("an inventory item is invalid"));
			goto out;
		}
	}
	if (src != SQLITE_DONE)
		rc = eg_store_sql_fail(s, e, _("loading the page baseline"));
out:
	sqlite3_finalize(st);
	return rc;
}

static int load_headers(struct eg_store *s, sqlite3_int64 bid,
			struct eg_page_headers *h, struct eg_err *e)
{
	sqlite3_stmt *st = NULL;
	int rc = eg_store_prepare(s,
			 "SELECT name, value FROM page_baseline_headers "
			 "WHERE baseline_id = ?1 ORDER BY pos",
			 &st, e);
	if (rc != 0)
		return rc;
	sqlite3_bind_int64(st, 1, bid);
	int src;
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		int arc = eg_page_headers_add(h, col_str(st, 0), col_str(st, 1));
		if (arc == EG_E_NOMEM) {
			rc = eg_err_set(e, arc, "out of memory");
			goto out;
		}
		if (arc != 0) {
			rc = damaged(s, e, bid, _("a header is invalid"));
			goto out;
		}
	}
	if (src != SQLITE_DONE)
		rc = eg_store_sql_fail(s, e, _("loading the page baseline"));
out:
	sqlite3_finalize(st);
	return rc;
}

int eg_page_baseline_load(struct eg_store *s, const char *url,
			  struct eg_page_inv **inv,
			  struct eg_page_headers *headers, char **taken_at,
			  struct eg_err *e)
{
	sqlite3_stmt *st = NULL;
	struct eg_page_inv *v = NULL;
	struct eg_page_headers h = {NULL, 0};
	char *at = NULL;
	int rc, began = 0, src;
	*inv = NULL;
	if (headers != NULL)
		memset(headers, 0, sizeof(*headers));
	if (taken_at != NULL)
		*taken_at = NULL;
	if (url == NULL)
		return eg_err_set(e, EG_E_INVAL, "%s", _("no page URL given"));
	/* One read transaction: the baseline is seen whole. */
	if ((rc = eg_store_exec(s, "SAVEPOINT page_load", _("loading the page baseline"),
		       e)) != 0)
		goto out;
	began = 1;
	if ((rc = eg_store_prepare(s,
			  "SELECT id, taken_at, bytes, incomplete FROM "
			  "page_baselines WHERE url = ?1 ORDER BY id DESC "
			  "LIMIT 1",
			  &st, e)) != 0)
		goto out;
	bind_text(st, 1, url);
	src = sqlite3_step(st);
	if (src == SQLITE_DONE) {
		rc = eg_err_set(e, EG_E_NOTFOUND,
				_("no baseline of %s in store %s; take one with "
				  "`ecguard web --baseline %s`"),
				url, eg_store_path(s), url);
		goto out;
	}
	if (src != SQLITE_ROW) {
		rc = eg_store_sql_fail(s, e, _("loading the page baseline"));
		goto out;
	}
	sqlite3_int64 bid = sqlite3_column_int64(st, 0);
	sqlite3_int64 bytes = sqlite3_column_int64(st, 2);
	sqlite3_int64 inc = sqlite3_column_int64(st, 3);
	const char *t = col_str(st, 1);
	if (t == NULL || bytes < 0 || inc < 0 || inc > UINT32_MAX) {
		rc = damaged(s, e, bid, _("its header row is invalid"));
		goto out;
	}
	if ((at = eg_strdup(t)) == NULL) {
		rc = eg_err_set(e, EG_E_NOMEM, "out of memory");
		goto out;
	}
	struct eg_err ie;
	eg_err_clear(&ie);
	int nrc = eg_page_inv_new(url, &v, &ie);
	if (nrc == EG_E_NOMEM) {
		rc = eg_err_set(e, nrc, "out of memory");
		goto out;
	}
	if (nrc != 0) {
		rc = damaged(s, e, bid, eg_err_msg(&ie));
		goto out;
	}
	v->bytes = (size_t)bytes;
	v->incomplete = (unsigned)inc;
	if ((rc = load_items(s, bid, v, e)) != 0 ||
	    (headers != NULL && (rc = load_headers(s, bid, &h, e)) != 0))
		goto out;
	*inv = v;
	v = NULL;
	if (headers != NULL) {
		*headers = h;
		memset(&h, 0, sizeof(h));
	}
	if (taken_at != NULL) {
		*taken_at = at;
		at = NULL;
	}
out:
	sqlite3_finalize(st);
	if (began)
		sqlite3_exec(eg_store_db(s), "RELEASE page_load", NULL, NULL,
			     NULL);
	eg_page_inv_free(v);
	eg_page_headers_free(&h);
	free(at);
	return rc;
}

/* ---- listing ---- */

void eg_page_baseline_infos_free(struct eg_page_baseline_info *v, size_t n)
{
	if (v == NULL)
		return;
	for (size_t i = 0; i < n; i++) {
		free(v[i].url);
		free(v[i].taken_at);
		free(v[i].created_at);
	}
	free(v);
}

int eg_page_baseline_list(struct eg_store *s, const char *url, size_t limit,
			  struct eg_page_baseline_info **out, size_t *n,
			  struct eg_err *e)
{
	sqlite3_stmt *st = NULL;
	struct eg_page_baseline_info *v = NULL;
	size_t nv = 0, cap = 0;
	int rc, src;
	*out = NULL;
	*n = 0;
	if (limit == 0 || limit > EG_PAGE_LIST_MAX)
		limit = EG_PAGE_LIST_MAX;
	if ((rc = eg_store_prepare(s,
			  "SELECT h.id, h.url, h.taken_at, h.created_at, "
			  "h.supersedes, h.superseded_by, "
			  "(SELECT count(*) FROM page_baseline_items i "
			  " WHERE i.baseline_id = h.id), "
			  "(SELECT count(*) FROM page_baseline_items i "
			  " WHERE i.baseline_id = h.id AND i.kind = 'script') "
			  "FROM page_baseline_history h "
			  "WHERE ?1 IS NULL OR h.url = ?1 "
			  "ORDER BY h.id DESC LIMIT ?2",
			  &st, e)) != 0)
		return rc;
	bind_text(st, 1, url);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)limit);
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		if (nv == cap) {
			size_t ncap = cap ? cap * 2 : 8;
			struct eg_page_baseline_info *p =
				eg_reallocarray(v, ncap, sizeof(*p));
			if (p == NULL) {
				rc = eg_err_set(e, EG_E_NOMEM, "out of memory");
				goto out;
			}
			v = p;
			cap = ncap;
		}
		struct eg_page_baseline_info *bi = &v[nv];
		memset(bi, 0, sizeof(*bi));
		nv++;
		bi->id = sqlite3_column_int64(st, 0);
		const char *t[3] = {col_str(st, 1), col_str(st, 2),
				    col_str(st, 3)};
		char **dst[3] = {&bi->url, &bi->taken_at, &bi->created_at};
		for (int i = 0; i < 3; i++)
			if (t[i] != NULL && (*dst[i] = eg_strdup(t[i])) == NULL) {
				rc = eg_err_set(e, EG_E_NOMEM, "out of memory");
				goto out;
			}
		bi->supersedes = sqlite3_column_int64(st, 4);
		bi->superseded_by = sqlite3_column_int64(st, 5);
		bi->nitems = (size_t)sqlite3_column_int64(st, 6);
		bi->nscripts = (size_t)sqlite3_column_int64(st, 7);
	}
	if (src != SQLITE_DONE) {
		rc = eg_store_sql_fail(s, e, _("listing the page baselines"));
		goto out;
	}
	*out = v;
	*n = nv;
	v = NULL;
	nv = 0;
out:
	sqlite3_finalize(st);
	eg_page_baseline_infos_free(v, nv);
	return rc;
}
