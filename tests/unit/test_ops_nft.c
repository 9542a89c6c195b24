/* Unit tests: the nftables parser of firewall_rules. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tables/ops/firewall_rules.h"
#include "tables/ops/nft.h"
#include "util/err.h"
#include "util/limits.h"
#include "util/rootfs.h"
#include "ops_check.h"
#include "ops_tree.h"

/* Parses text (no includes) and returns its rows with the warnings. */
static struct eg_orows *nft(const char *text, size_t len)
{
	struct eg_orows *r = eg_orows_new(EG_FW_NCOLS);
	struct eg_nft *m = eg_nft_new();
	assert_non_null(r);
	assert_non_null(m);
	assert_int_equal(eg_nft_parse(m, text, len, "/n", NULL, r), 0);
	assert_int_equal(eg_nft_rows(m, r), 0);
	eg_nft_free(m);
	return r;
}

#define NFT(s) nft((s), strlen(s))

static void test_blocks(void **state)
{
	(void)state;
	struct eg_orows *r = NFT(
		"#!/usr/sbin/nft -f\n"
		"flush ruleset\n"
		"define SSH = 22\n"
		"define WEB = { 80, 443 }\n"
		"table inet filter {\n"
		"\tset blocked { type ipv4_addr; flags interval;\n"
		"\t\telements = { 10.0.0.0/8 } }\n"
		"\tchain input {\n"
		"\t\ttype filter hook input priority 0; policy drop;\n"
		"\t\tct state established,related accept # keep\n"
		"\t\tiif \"lo\" accept\n"
		"\t\ttcp dport $SSH accept ; tcp dport $WEB accept\n"
		"\t\ttcp dport {\n"
		"\t\t\t8080,\n"
		"\t\t\t8443\n"
		"\t\t} counter \\\n"
		"\t\t  accept comment \"alt # web\"\n"
		"\t}\n"
		"\tchain forward { type filter hook forward priority 0; }\n"
		"\tchain output {\n"
		"\t\ttype filter hook output priority 0; policy accept;\n"
		"\t}\n"
		"\tchain helper {\n"
		"\t\tlog prefix \"x\" drop\n"
		"\t}\n"
		"}\n"
		"table ip nat { chain postrouting { type nat hook postrouting "
		"priority 100; oifname \"eth0\" masquerade } }\n"
		"table t6 { }\n");
	ops_expect_rows(r,
		"nftables|inet filter|input|ct state established,related "
		"accept|drop\n"
		"nftables|inet filter|input|iif \"lo\" accept|drop\n"
		"nftables|inet filter|input|tcp dport 22 accept|drop\n"
		"nftables|inet filter|input|tcp dport { 80, 443 } accept|drop\n"
		"nftables|inet filter|input|tcp dport { 8080, 8443 } counter "
		"accept comment \"alt # web\"|drop\n"
		"nftables|inet filter|forward|NULL|accept\n"
		"nftables|inet filter|output|NULL|accept\n"
		"nftables|inet filter|helper|log prefix \"x\" drop|NULL\n"
		"nftables|ip nat|postrouting|oifname \"eth0\" masquerade|"
		"accept\n");
	ops_expect_nwarnings(r, 0);
	eg_orows_free(r);
}

static void test_commands(void **state)
{
	(void)state;
	struct eg_orows *r = NFT(
		"add table inet fw\n"
		"add chain inet fw in { type filter hook input priority 0 ; "
		"policy DROP ; }\n"
		"add rule inet fw in tcp dport 22 accept\n"
		"insert rule inet fw in ct state invalid drop\n"
		"insert rule inet fw in iif lo accept\n"
		"add rule inet fw in position 5 udp dport 53 accept\n"
		"chain filter out { type filter hook output priority 0; }\n"
		"rule filter out accept\n"
		"add chain inet fw gone\n"
		"delete chain inet fw gone\n"
		"add table inet old\n"
		"add chain inet old x\n"
		"add rule inet old x drop\n"
		"delete table inet old\n"
		"add chain inet fw flushed\n"
		"add rule inet fw flushed drop\n"
		"flush chain inet fw flushed\n"
		"add set inet fw s { type ipv4_addr; }\n"
		"add element inet fw s { 1.2.3.4 }\n"
		"redefine P = drop\n"
		"add chain ip t c { type filter hook input priority 0; policy $P; }\n"
		"undefine P\n"
		"add rule ip t c tcp dport $P accept\n");
	ops_expect_rows(r,
		"nftables|inet fw|in|iif lo accept|drop\n"
		"nftables|inet fw|in|ct state invalid drop|drop\n"
		"nftables|inet fw|in|tcp dport 22 accept|drop\n"
		"nftables|inet fw|in|udp dport 53 accept|drop\n"
		"nftables|ip filter|out|accept|accept\n"
		"nftables|inet fw|flushed|NULL|NULL\n"
		"nftables|ip t|c|tcp dport $P accept|drop\n");
	ops_expect_warning(r, "/n:23: undefined variable kept as written");
	ops_expect_nwarnings(r, 1);
	eg_orows_free(r);

	/* flush ruleset forgets what came before it. */
	r = NFT("table ip a { chain b { drop } }\nflush ruleset\n"
		"table ip c { chain d { accept } }\n");
	ops_expect_rows(r, "nftables|ip c|d|accept|NULL\n");
	eg_orows_free(r);
}

static void test_malformed(void **state)
{
	(void)state;
	struct eg_orows *r = NFT(
		"}\n"
		"{ junk }\n"
		"frobnicate the firewall\n"
		"add rule inet nope input accept\n"
		"table inet f {\n"
		"  rule x\n"
		"  chain c {\n"
		"    tcp dport 1 accept\n"
		"include \"/etc/x.nft\"\n"
		"define = 3\n"
		"define X 3\n"
		"policy\n");
	ops_expect_rows(r, "nftables|inet f|c|tcp dport 1 accept|NULL\n");
	ops_expect_warning(r, "/n:1: \"}\" without \"{\"");
	ops_expect_warning(r, "/n:2: unexpected \"{\"");
	ops_expect_warning(r, "/n:3: unknown command \"frobnicate\"");
	ops_expect_warning(r, "/n:4: rule for a chain not created before");
	ops_expect_warning(r, "/n:6: \"rule\" is not allowed in a table");
	ops_expect_warning(r, "/n:9: include not followed");
	ops_expect_warning(r, "/n:10: \"define NAME = value\" expected");
	ops_expect_warning(r, "/n:11: \"define NAME = value\" expected");
	ops_expect_warning(r, "/n:12: policy needs a verdict");
	ops_expect_warning(r, "/n:7: \"{\" not closed");
	ops_expect_warning(r, "/n:5: \"{\" not closed");
	ops_expect_nwarnings(r, 11);
	eg_orows_free(r);
}

static void test_hostile(void **state)
{
	(void)state;
	/* A NUL byte refuses the file. */
	struct eg_orows *r = nft("table ip a { chain b { drop } }\0x", 33);
	ops_expect_rows(r, "");
	ops_expect_warning(r, "/n: holds a NUL byte");
	eg_orows_free(r);

	/* Deep braces in a rule: counted, never recursed; the rule is
	 * refused and the chain still closes. */
	struct eg_buf b;
	eg_buf_init(&b, 1u << 24);
	eg_buf_adds(&b, "table ip a { chain b {\n tcp dport ");
	for (int i = 0; i < 100000; i++)
		eg_buf_addc(&b, '{');
	for (int i = 0; i < 100000; i++)
		eg_buf_addc(&b, '}');
	eg_buf_adds(&b, " accept\n ok accept\n} }\n");
	r = nft(b.data, b.len);
	ops_expect_rows(r, "nftables|ip a|b|ok accept|NULL\n");
	ops_expect_warning(r, "/n:2: rule longer than");
	eg_orows_free(r);

	/* A variable doubled twenty times: the define bound stops it. */
	eg_buf_reset(&b);
	eg_buf_adds(&b, "define A0 = xxxxxxxxxxxxxxxx\n");
	for (int i = 1; i <= 20; i++)
		eg_buf_addf(&b, "define A%d = $A%d $A%d\n", i, i - 1, i - 1);
	eg_buf_adds(&b, "table ip a { chain b { $A20 } }\n");
	r = nft(b.data, b.len);
	ops_expect_warning(r, "longer than");
	assert_true(eg_orows_count(r) == 1);
	eg_orows_free(r);

	/* Unterminated string, lone backslash, invalid UTF-8, CR LF. */
	r = NFT("table ip a {\r\n chain b {\r\n  meta comment \"open \\\r\n"
		"  \xff\xfe accept\r\n }\r\n}\r\n");
	ops_expect_rows(r, "nftables|ip a|b|meta comment \"open \\|NULL\n"
			   "nftables|ip a|b|\xff\xfe accept|NULL\n");
	eg_orows_free(r);

	/* More chains than the cap. */
	eg_buf_reset(&b);
	eg_buf_adds(&b, "table ip a {\n");
	for (unsigned i = 0; i < EG_FW_MAX_CHAINS + 5; i++)
		eg_buf_addf(&b, "chain c%u { }\n", i);
	eg_buf_adds(&b, "}\n");
	r = nft(b.data, b.len);
	assert_int_equal(eg_orows_count(r), EG_FW_MAX_CHAINS);
	ops_expect_warning(r, "more than 4096 chains");
	eg_orows_free(r);
	eg_buf_free(&b);
}

static void test_includes(void **state)
{
	(void)state;
	ops_tree_new();
	ops_tree_file("etc/nftables.conf",
		      "flush ruleset\n"
		      "include \"/etc/nftables.d/*.nft\"\n"
		      "table inet filter {\n"
		      "  chain input {\n"
		      "    type filter hook input priority 0; policy drop;\n"
		      "    include \"rules/in.nft\"\n"
		      "  }\n"
		      "}\n"
		      "include \"/etc/missing.nft\"\n",
		      0644);
	ops_tree_file("etc/nftables.d/10-vars.nft", "define SSH = 2222\n",
		      0644);
	ops_tree_file("etc/nftables.d/.hidden.nft", "define SSH = 1\n", 0644);
	ops_tree_link("etc/nftables.d/20-loop.nft", "/etc/nftables.conf");
	ops_tree_file("etc/rules/in.nft",
		      "tcp dport $SSH accept\n}\nudp dport 53 accept\n", 0644);
	struct eg_root *root = NULL;
	assert_int_equal(eg_root_open(ops_tree_dir, &root, NULL), 0);
	struct eg_orows *r = eg_orows_new(EG_FW_NCOLS);
	struct eg_nft *m = eg_nft_new();
	struct eg_ops_src src;
	eg_ops_src_init(&src, root, r);
	struct eg_buf content;
	eg_buf_init(&content, 1u << 20);
	assert_int_equal(eg_ops_src_enter(&src, "/etc/nftables.conf", 0,
					  &content), 0);
	assert_int_equal(eg_nft_parse(m, content.data, content.len,
				      "/etc/nftables.conf", &src, r), 0);
	eg_ops_src_leave(&src);
	assert_int_equal(eg_nft_rows(m, r), 0);
	ops_expect_rows(r,
		"nftables|inet filter|input|tcp dport 2222 accept|drop\n"
		"nftables|inet filter|input|udp dport 53 accept|drop\n");
	/* The loop back to nftables.conf, named as it was reached. */
	ops_expect_warning(r, "/etc/nftables.d/20-loop.nft: include cycle");
	ops_expect_warning(r, "/etc/rules/in.nft:2: \"}\" without \"{\"");
	ops_expect_warning(r, "/etc/missing.nft: included file not found");
	ops_expect_nwarnings(r, 3);
	eg_orows_free(r);
	eg_nft_free(m);
	eg_buf_free(&content);
	eg_root_free(root);
	ops_tree_free();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_blocks),
		cmocka_unit_test(test_commands),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_includes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
