/* Fuzz target: the bounded YAML tree (every spec, catalogue and check pack
 * goes through it). Walks the tree to touch every node. */
#include <stddef.h>
#include <stdint.h>

#include "util/diag.h"
#include "util/yaml.h"

static size_t walk(const struct eg_ynode *n, int depth)
{
	if (n == NULL || depth > 200)
		return 0;
	size_t count = 1;
	if (n->type == EG_Y_SCALAR)
		return count + (n->len > 0 ? (size_t)(unsigned char)n->str[0] % 2 : 0);
	size_t k = n->type == EG_Y_MAP ? n->n * 2 : n->n;
	/* Aliases share nodes: only walk a bounded number of children. */
	for (size_t i = 0; i < k && i < 64; i++)
		count += walk(n->items[i], depth + 1);
	return count;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct eg_ydoc *doc = NULL;
	struct eg_diags d;
	eg_diags_init(&d);
	if (eg_yaml_parse("fuzz.yaml", (const char *)data, size, &doc, &d) == 0) {
		const struct eg_ynode *root = eg_ydoc_root(doc);
		walk(root, 0);
		static const char *const allowed[] = {"a", "b", NULL};
		eg_ymap_check_keys(doc, root, allowed, allowed, &d);
		eg_ydoc_free(doc);
	}
	eg_diags_free(&d);
	return 0;
}
