/*
 * tls_policy.h: the findings of a TLS scan: legacy protocols, weak suites,
 * certificate problems, and the verdict against IPA's TLS guideline
 * (TLS暗号設定ガイドライン): 推奨セキュリティ型 (recommended) and
 * 高セキュリティ型 (high security).
 */
#ifndef EG_TLS_POLICY_H
#define EG_TLS_POLICY_H

#include "tls_scan.h"

/*
 * Appends the findings of r (protocols, ciphers, server_order, cert filled)
 * to r->findings. Returns 0 or EG_E_NOMEM.
 */
int eg_tls_policy(struct eg_tls_result *r);

/*
 * Appends one finding (id and severity static or copied; the reason
 * formatted) to r->findings. Returns 0 or EG_E_NOMEM.
 */
int eg_tls_finding_add(struct eg_tls_result *r, const char *id,
		       const char *sev, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* 1 when a finding of this severity should fail the command (not "info"). */
int eg_tls_severity_fails(const char *severity);

#endif
