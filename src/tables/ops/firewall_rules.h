/*
 * firewall_rules.h: the firewall_rules table and the iptables-save parser.
 *
 * firewall_rules(source, table, chain, rule, policy): the persisted packet
 * filter rulesets, the ones loaded at boot, one row per rule:
 *   nftables   etc/nftables.conf and its includes (see nft.h); table is
 *              "family name" (`inet filter`), rule the statement with its
 *              blanks collapsed and $variables expanded
 *              (`tcp dport { 22, 80, 443 } accept`);
 *   iptables   etc/iptables/rules.v4 (else etc/sysconfig/iptables) and
 *   ip6tables  etc/iptables/rules.v6 (else etc/sysconfig/ip6tables), in
 *              iptables-save format; table `filter`, `nat`...; rule the
 *              arguments after `-A CHAIN` (`-p tcp --dport 22 -j ACCEPT`);
 *   ufw        only when etc/ufw/ufw.conf says ENABLED=yes: the rules of
 *              etc/ufw/user.rules (table `ip filter`) and user6.rules
 *              (`ip6 filter`), plus one row per default policy of
 *              etc/default/ufw (chain INPUT, OUTPUT, FORWARD, rule NULL).
 * `policy` is the chain's policy, lowercased (accept, drop): for a base
 * chain (an nft chain with a hook, a built-in iptables chain) the policy
 * the kernel applies to packets no rule decided, `accept` when the file
 * sets none; NULL for a chain packets only reach by a jump.
 * A chain without rules still gives one row, with rule NULL: so a chain
 * whose only row is (rule NULL, policy accept) filters nothing, and a
 * firewall counts as active only when rows with rules, or a drop policy,
 * exist, never because the kernel merely supports one.
 * The live kernel ruleset (libnftables, `nft list ruleset`) is not read:
 * only these files, so a rule added by hand and not saved is not seen.
 */
#ifndef EG_OPS_FIREWALL_RULES_H
#define EG_OPS_FIREWALL_RULES_H

#include <stddef.h>

#include "../vtab.h"
#include "orows.h"

/* Columns of firewall_rules, in order. */
enum {
	EG_FW_SOURCE,
	EG_FW_TABLE,
	EG_FW_CHAIN,
	EG_FW_RULE,
	EG_FW_POLICY,
	EG_FW_NCOLS
};

/*
 * Parses buf[0..len), an iptables-save file named file, into rows
 * (EG_FW_NCOLS columns) with source as their source and table_prefix
 * ("ip ", "ip6 " or "") before each table name. `*table` starts a table,
 * `:CHAIN POLICY [p:b]` declares a chain (policy `-` for a user chain),
 * `-A CHAIN args` and `-I CHAIN args` add rules (-I in front), COMMIT ends
 * the table. Comments and blank lines are skipped; anything else, a rule
 * outside a table or for an undeclared chain, is skipped with a warning.
 * Returns 0 or rows' sticky error.
 */
int eg_iptables_save_parse(const char *buf, size_t len, const char *file,
			   const char *source, const char *table_prefix,
			   struct eg_orows *rows);

extern const struct eg_table_def eg_table_firewall_rules;

#endif
