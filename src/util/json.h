/*
 * json.h: a small streaming JSON writer over an eg_buf. It tracks nesting to
 * place commas and indentation, escapes every string (eg_json_string), and
 * keeps the buffer's sticky error. Output is pretty-printed with two spaces
 * when pretty is set, compact otherwise.
 */
#ifndef EG_JSON_H
#define EG_JSON_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

#define EG_JSON_MAX_DEPTH 64

struct eg_json {
	struct eg_buf *out;
	int pretty;
	int depth;
	int first[EG_JSON_MAX_DEPTH]; /* 1 until the first member at a level */
	int after_key;                /* the next value follows a key */
};

void eg_json_init(struct eg_json *j, struct eg_buf *out, int pretty);

void eg_json_obj_begin(struct eg_json *j);
void eg_json_obj_end(struct eg_json *j);
void eg_json_arr_begin(struct eg_json *j);
void eg_json_arr_end(struct eg_json *j);

/* An object key; the next call writes its value. */
void eg_json_key(struct eg_json *j, const char *key);

void eg_json_str(struct eg_json *j, const char *s);      /* NULL -> null */
void eg_json_strn(struct eg_json *j, const char *s, size_t n);
void eg_json_int(struct eg_json *j, int64_t v);
void eg_json_double(struct eg_json *j, double v);
void eg_json_bool(struct eg_json *j, int v);
void eg_json_null(struct eg_json *j);

/* key + value shorthands */
void eg_json_kstr(struct eg_json *j, const char *key, const char *s);
void eg_json_kint(struct eg_json *j, const char *key, int64_t v);
void eg_json_kbool(struct eg_json *j, const char *key, int v);

/* Ends the document with a newline. Returns the buffer's error (0 on success). */
int eg_json_finish(struct eg_json *j);

#endif
