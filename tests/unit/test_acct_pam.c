/* Unit tests: the PAM configuration parser and include resolution (pam). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tables/accounts/pam.h"
#include "util/rootfs.h"
#include "acct_check.h"

static void test_rules(void **state)
{
	(void)state;
	struct rec r;
	rec_init(&r);
	const char *t =
		"#%PAM-1.0\n"
		"auth\t[success=1 default=ignore]\tpam_unix.so nullok\n"
		"auth\trequisite\t\t\tpam_deny.so\n"
		"-auth   optional pam_systemd_home.so\n"
		"Account required pam_unix.so   # trailing comment\n"
		"password [success=ok new_authtok_reqd=ok ignore=ignore default=bad] "
		"pam_mount.so [query=select x from y] use_first_pass\n"
		"session required \\\n"
		"    pam_limits.so conf=/etc/security/limits.conf\n"
		"@include common-session\n"
		"auth include system-auth\n"
		"bogus required pam_x.so\n"
		"auth required\n"
		"session optional pam_\xff.so\n";
	assert_int_equal(eg_acct_parse_pam(t, strlen(t), "/etc/pam.d/sshd",
					   "sshd", NULL, &r.sink), 0);
	expect_text(eg_buf_str(&r.rows),
		    "sshd|auth|[success=1 default=ignore]|pam_unix.so|nullok\n"
		    "sshd|auth|requisite|pam_deny.so|\n"
		    "sshd|auth|optional|pam_systemd_home.so|\n"
		    "sshd|account|required|pam_unix.so|\n"
		    "sshd|password|[success=ok new_authtok_reqd=ok ignore=ignore "
		    "default=bad]|pam_mount.so|[query=select x from y] "
		    "use_first_pass\n"
		    "sshd|session|required|pam_limits.so|"
		    "conf=/etc/security/limits.conf\n"
		    "sshd|@include|NULL|common-session|\n"
		    "sshd|auth|include|system-auth|\n");
	expect_text(eg_buf_str(&r.incs),
		    "/etc/pam.d/sshd:9>common-session 0 NULL\n"
		    "/etc/pam.d/sshd:10>system-auth 1 auth\n");
	expect_text(eg_buf_str(&r.warns),
		    "/etc/pam.d/sshd:11: not a PAM rule (type control module [arguments]); skipped\n"
		    "/etc/pam.d/sshd:12: not a PAM rule (type control module [arguments]); skipped\n"
		    "/etc/pam.d/sshd:13: line holds a NUL byte or invalid UTF-8; skipped\n");
	rec_free(&r);
}

static void test_filter(void **state)
{
	(void)state;
	struct rec r;
	rec_init(&r);
	const char *t =
		"auth required pam_env.so\n"
		"account required pam_unix.so\n"
		"@include common-x\n"
		"auth substack other\n";
	assert_int_equal(eg_acct_parse_pam(t, strlen(t), "/f", "login",
					   "auth", &r.sink), 0);
	expect_text(eg_buf_str(&r.rows),
		    "login|auth|required|pam_env.so|\n"
		    "login|@include|NULL|common-x|\n"
		    "login|auth|substack|other|\n");
	expect_text(eg_buf_str(&r.incs),
		    "/f:3>common-x 0 auth\n"
		    "/f:4>other 1 auth\n");
	rec_free(&r);
}

static void test_load(void **state)
{
	(void)state;
	struct troot t;
	troot_make(&t);
	troot_file(&t, "etc/pam.d/common-auth",
		   "auth [success=1 default=ignore] pam_unix.so nullok\n"
		   "auth requisite pam_deny.so\n"
		   "auth required pam_permit.so\n");
	troot_file(&t, "etc/pam.d/common-account",
		   "account required pam_unix.so\n"
		   "auth required pam_never_here.so\n");
	troot_file(&t, "etc/pam.d/sshd",
		   "@include common-auth\n"
		   "account include common-account\n"
		   "@include loop\n");
	troot_file(&t, "etc/pam.d/loop", "@include sshd\n@include loop\n");
	troot_file(&t, "etc/pam.d/.hidden", "auth required pam_x.so\n");
	troot_mkdirs(&t, "etc/pam.d/subdir/x");
	troot_link(&t, "etc/pam.d/escape", "/../../../../etc/pam.d/sshd");
	struct eg_root *root = NULL;
	struct eg_err e;
	assert_int_equal(eg_root_open(t.dir, &root, &e), 0);
	struct rec r;
	rec_init(&r);
	assert_int_equal(eg_acct_pam_load(root, "/etc/pam.d", &r.sink), 0);
	eg_root_free(root);
	/* "escape" resolves inside the root, to our own sshd. */
	const char *sshd_rows =
		"|@include|NULL|common-auth|\n"
		"|auth|[success=1 default=ignore]|pam_unix.so|nullok\n"
		"|auth|requisite|pam_deny.so|\n"
		"|auth|required|pam_permit.so|\n"
		"|account|include|common-account|\n"
		"|account|required|pam_unix.so|\n"
		"|@include|NULL|loop|\n";
	struct eg_buf want;
	eg_buf_init(&want, 1u << 16);
	eg_buf_adds(&want,
		    "common-account|account|required|pam_unix.so|\n"
		    "common-account|auth|required|pam_never_here.so|\n"
		    "common-auth|auth|[success=1 default=ignore]|pam_unix.so|nullok\n"
		    "common-auth|auth|requisite|pam_deny.so|\n"
		    "common-auth|auth|required|pam_permit.so|\n");
	const char *p = sshd_rows;
	while (*p != '\0') { /* escape: sshd's stack, then loop's rows */
		const char *nl = strchr(p, '\n');
		eg_buf_adds(&want, "escape");
		eg_buf_add(&want, p, (size_t)(nl - p) + 1);
		p = nl + 1;
	}
	eg_buf_adds(&want, "escape|@include|NULL|sshd|\n"
			   "escape|@include|NULL|loop|\n");
	eg_buf_adds(&want, "loop|@include|NULL|sshd|\n");
	p = sshd_rows;
	while (*p != '\0') {
		const char *nl = strchr(p, '\n');
		eg_buf_adds(&want, "loop");
		eg_buf_add(&want, p, (size_t)(nl - p) + 1);
		p = nl + 1;
	}
	eg_buf_adds(&want, "loop|@include|NULL|loop|\n");
	p = sshd_rows;
	while (*p != '\0') {
		const char *nl = strchr(p, '\n');
		eg_buf_adds(&want, "sshd");
		eg_buf_add(&want, p, (size_t)(nl - p) + 1);
		p = nl + 1;
	}
	eg_buf_adds(&want, "sshd|@include|NULL|sshd|\n"
			   "sshd|@include|NULL|loop|\n");
	expect_text(eg_buf_str(&r.rows), eg_buf_str(&want));
	expect_text(eg_buf_str(&r.warns),
		    /* escape (sshd's inode) > loop: both includes loop */
		    "/etc/pam.d/loop:1: include cycle: the file is already being read; skipped\n"
		    "/etc/pam.d/loop:2: include cycle: the file is already being read; skipped\n"
		    /* loop > sshd > loop, then loop > loop */
		    "/etc/pam.d/sshd:3: include cycle: the file is already being read; skipped\n"
		    "/etc/pam.d/loop:2: include cycle: the file is already being read; skipped\n"
		    /* sshd > loop: both includes loop */
		    "/etc/pam.d/loop:1: include cycle: the file is already being read; skipped\n"
		    "/etc/pam.d/loop:2: include cycle: the file is already being read; skipped\n");
	eg_buf_free(&want);
	rec_free(&r);
	troot_remove(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rules),
		cmocka_unit_test(test_filter),
		cmocka_unit_test(test_load),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
