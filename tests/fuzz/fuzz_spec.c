/* Fuzz target: the site spec loader (every section, references, names,
 * intervals, dates, URLs, networks), the completeness assessment of what
 * loads, the diagnostics' text and JSON forms, and the value validators on
 * the raw input. Includes are refused for a buffer, so this stays in
 * memory. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/catalog.h"
#include "core/spec.h"
#include "core/spec_status.h"
#include "util/buf.h"
#include "util/diag.h"
#include "util/json.h"
#include "util/valid.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct eg_spec *s = NULL;
	struct eg_diags d;
	eg_diags_init(&d);
	if (eg_spec_load_buffer("fuzz.yaml", (const char *)data, size, &s,
				&d) == 0) {
		struct eg_spec_status *st = NULL;
		size_t n = 0;
		const struct eg_catalog *cat = eg_catalog_builtin(NULL);
		if (cat != NULL && eg_spec_assess(s, cat, &st, &n) == 0)
			free(st);
		for (int k = 0; k < EG_CAD_COUNT; k++)
			(void)eg_spec_cadence(s, "T02", (enum eg_cadence)k, NULL);
		eg_spec_free(s);
	}
	struct eg_buf b;
	eg_buf_init(&b, 1 << 20);
	eg_diags_format(&d, &b);
	struct eg_json j;
	eg_json_init(&j, &b, 0);
	eg_diags_json(&d, &j);
	eg_buf_free(&b);
	eg_diags_free(&d);

	/* The validators on the input as one string. */
	if (size < 4096) {
		char *str = malloc(size + 1);
		if (str != NULL) {
			memcpy(str, data, size);
			str[size] = '\0';
			struct eg_url u;
			struct eg_ipaddr a;
			unsigned p;
			char sug[64];
			(void)eg_url_parse(str, &u, NULL);
			(void)eg_ip_parse(str, &a);
			(void)eg_cidr_parse(str, &a, &p, sug, sizeof(sug), NULL);
			(void)eg_valid_name(str);
			free(str);
		}
	}
	return 0;
}
