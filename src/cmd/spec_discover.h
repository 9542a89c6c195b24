/*
 * spec_discover.h: `ecguard spec init --discover`: a spec template
 * pre-filled from the facts of an audit root (the probe tables): host name,
 * addresses, listening services with their exposure guessed from the bind
 * address, web server and document roots, database servers installed,
 * certificate paths. Everything discovered is a starting point for a person
 * to review: the comments say so.
 */
#ifndef EG_SPEC_DISCOVER_H
#define EG_SPEC_DISCOVER_H

#include "../util/buf.h"
#include "../util/err.h"
#include "../util/i18n.h"

/*
 * Appends the pre-filled template for the host under rootdir to out, with
 * comments in lang. Returns 0, or EG_E_NOTFOUND / EG_E_IO (rootdir cannot
 * be opened), EG_E_SQL (facts could not be read), EG_E_NOMEM, with e set.
 * The result passes `ecguard spec check`.
 */
int eg_spec_discover(const char *rootdir, enum eg_lang lang,
		     struct eg_buf *out, struct eg_err *e);

#endif
