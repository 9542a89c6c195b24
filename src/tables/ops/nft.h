/*
 * nft.h: a parser of the nftables language, as far as firewall_rules needs
 * it: which tables and chains a persisted ruleset (etc/nftables.conf)
 * creates, their hooks and policies, and their rules as text.
 *
 * Both spellings are read: the block one `nft list ruleset` prints
 * (`table inet filter { chain input { type filter hook input priority 0;
 * policy drop; tcp dport 22 accept } }`) and the command one of scripts
 * (`add table`, `add chain inet filter input { ... }`, `add rule ...`,
 * `insert rule ...`), with `flush ruleset`, `flush table|chain`, `delete
 * table|chain`, `define`/`redefine`/`undefine` and `$variables`, comments,
 * and `include "file"` (globs in the last component, relative paths from
 * /etc, at any nesting level, through the bookkeeping of opsio.h). Sets,
 * maps, flowtables and other objects are skipped whole. Rules are not
 * checked against nft's grammar: a rule is the words of one statement,
 * blanks collapsed, one space between words and braces.
 *
 * Bounds: EG_NFT_MAX_DEPTH braces, EG_NFT_MAX_RULE bytes per rule,
 * EG_FW_MAX_CHAINS chains, EG_NFT_MAX_DEFINES variables holding at most
 * EG_NFT_MAX_DEFINE_BYTES, EG_CONF_MAX_LINES lines per file; a file with a
 * NUL byte is refused whole.
 */
#ifndef EG_OPS_NFT_H
#define EG_OPS_NFT_H

#include <stddef.h>

#include "opsio.h"
#include "orows.h"

struct eg_nft;

/* An empty ruleset. Returns NULL on exhaustion. OUT: eg_nft_free. */
struct eg_nft *eg_nft_new(void);

/* Frees m; NULL is fine. */
void eg_nft_free(struct eg_nft *m);

/*
 * Reads buf[0..len), the file named file, into m: tables, chains and rules
 * are added to (or, by flush and delete, removed from) what m holds. With
 * src, includes are followed (src must have file open already, so a cycle
 * back to it is caught); without, they are warned about and skipped.
 * Problems are warnings "file:line: ..." in warn. Returns 0, or EG_E_NOMEM.
 */
int eg_nft_parse(struct eg_nft *m, const char *buf, size_t len,
		 const char *file, struct eg_ops_src *src,
		 struct eg_orows *warn);

/*
 * Appends m's chains to rows (firewall_rules columns, source "nftables"),
 * in the order they were created: one row per rule, or one with rule NULL
 * for a chain without rules. Returns 0 or rows' sticky error.
 */
int eg_nft_rows(const struct eg_nft *m, struct eg_orows *rows);

#endif
