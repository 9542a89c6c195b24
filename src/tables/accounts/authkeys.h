/*
 * authkeys.h: the users' SSH authorized_keys files and the authorized_keys
 * table.
 *
 * For every account of etc/passwd, HOME/.ssh/authorized_keys and
 * HOME/.ssh/authorized_keys2 (sshd's default AuthorizedKeysFile) are read
 * under the audit root: a home that is, or passes through, a symlink pointing
 * outside the root resolves inside it instead, never outside. A line is
 * "[options] type base64 [comment]" as sshd reads it; the options are kept
 * as written, the key blob is decoded strictly (bounded by
 * EG_SSHKEY_BLOB_MAX, type checked against the text) to give its size in
 * bits: RSA modulus, DSA p, ECDSA curve, 256 for Ed25519 and the FIDO
 * (sk-) types; certificates give the size of their key. Key material never
 * leaves the parser. Lines sshd would reject (unknown type, bad base64, type
 * mismatch) are warnings, not rows.
 */
#ifndef EG_ACCT_AUTHKEYS_H
#define EG_ACCT_AUTHKEYS_H

#include <stddef.h>
#include <stdint.h>

#include "../vtab.h"
#include "acct_common.h"

/*
 * Strict base64 (RFC 4648, padded, no blanks) of s[0..n) into out[0..cap).
 * Returns 0 and *outlen, or -1 when the text is not base64 or the result
 * does not fit.
 */
int eg_acct_base64_decode(const char *s, size_t n, unsigned char *out,
			  size_t cap, size_t *outlen);

/*
 * The key size in bits of a public key blob[0..n) in SSH wire format whose
 * type must be type. Returns 0 and *bits, or -1 when the blob is malformed,
 * of another type, or of a type not known here.
 */
int eg_acct_ssh_key_bits(const char *type, const unsigned char *blob,
			 size_t n, int64_t *bits);

/*
 * Parses buf[0..len) (the contents of file, the keys of user) and emits
 * authorized_keys(user, type, bits, options, comment) rows. Returns 0,
 * EG_E_NOMEM, or the first negative code of sink->row.
 */
int eg_acct_parse_authorized_keys(const char *buf, size_t len,
				  const char *file, const char *user,
				  const struct eg_acct_sink *sink);

extern const struct eg_table_def eg_table_authorized_keys;

#endif
