/*
 * json.c: streaming JSON writer.
 */
#include "json.h"

#include <math.h>
#include <string.h>

#include "err.h"
#include "neutral.h"

void eg_json_init(struct eg_json *j, struct eg_buf *out, int pretty)
{
	memset(j, 0, sizeof(*j));
	j->out = out;
	j->pretty = pretty;
	j->first[0] = 1;
}

static void newline(struct eg_json *j)
{
	if (!j->pretty)
		return;
	eg_buf_addc(j->out, '\n');
	for (int i = 0; i < j->depth; i++)
		eg_buf_adds(j->out, "  ");
}

/* Called before every value or key: comma and indentation. */
static void before_item(struct eg_json *j)
{
	if (j->after_key) {
		j->after_key = 0;
		return;
	}
	if (j->depth > 0) {
		if (!j->first[j->depth])
			eg_buf_addc(j->out, ',');
		newline(j);
	}
	j->first[j->depth] = 0;
}

static void json_open(struct eg_json *j, char c)
{
	before_item(j);
	eg_buf_addc(j->out, c);
	if (j->depth + 1 >= EG_JSON_MAX_DEPTH) {
		j->out->err = EG_E_LIMIT;
		return;
	}
	j->depth++;
	j->first[j->depth] = 1;
}

static void json_close(struct eg_json *j, char c)
{
	if (j->depth == 0)
		return;
	int empty = j->first[j->depth];
	j->depth--;
	if (!empty)
		newline(j);
	eg_buf_addc(j->out, c);
}

void eg_json_obj_begin(struct eg_json *j) { json_open(j, '{'); }
void eg_json_obj_end(struct eg_json *j) { json_close(j, '}'); }
void eg_json_arr_begin(struct eg_json *j) { json_open(j, '['); }
void eg_json_arr_end(struct eg_json *j) { json_close(j, ']'); }

void eg_json_key(struct eg_json *j, const char *key)
{
	before_item(j);
	eg_json_string(j->out, key, strlen(key));
	eg_buf_adds(j->out, j->pretty ? ": " : ":");
	j->after_key = 1;
}

void eg_json_strn(struct eg_json *j, const char *s, size_t n)
{
	before_item(j);
	eg_json_string(j->out, s, n);
}

void eg_json_str(struct eg_json *j, const char *s)
{
	if (s == NULL) {
		eg_json_null(j);
		return;
	}
	eg_json_strn(j, s, strlen(s));
}

void eg_json_int(struct eg_json *j, int64_t v)
{
	before_item(j);
	eg_buf_addf(j->out, "%lld", (long long)v);
}

void eg_json_double(struct eg_json *j, double v)
{
	before_item(j);
	if (!isfinite(v))
		eg_buf_adds(j->out, "null");
	else
		eg_buf_addf(j->out, "%.17g", v);
}

void eg_json_bool(struct eg_json *j, int v)
{
	before_item(j);
	eg_buf_adds(j->out, v ? "true" : "false");
}

void eg_json_null(struct eg_json *j)
{
	before_item(j);
	eg_buf_adds(j->out, "null");
}

void eg_json_kstr(struct eg_json *j, const char *key, const char *s)
{
	eg_json_key(j, key);
	eg_json_str(j, s);
}

void eg_json_kint(struct eg_json *j, const char *key, int64_t v)
{
	eg_json_key(j, key);
	eg_json_int(j, v);
}

void eg_json_kbool(struct eg_json *j, const char *key, int v)
{
	eg_json_key(j, key);
	eg_json_bool(j, v);
}

int eg_json_finish(struct eg_json *j)
{
	eg_buf_addc(j->out, '\n');
	return j->out->err;
}
