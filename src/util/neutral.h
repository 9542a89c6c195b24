/*
 * neutral.h: making outside strings safe for where they are shown.
 *
 * Anything read from an audited host, a log, a spec or the network may carry
 * ANSI escapes, control characters, bidi overrides, HTML, CSV formulas or
 * invalid UTF-8. Before such a string reaches a terminal, an HTML page, a CSV
 * cell or a JSON document it goes through one of these, which append the
 * neutralised form to a buffer. None of them fails except on the buffer's
 * sticky error, which they return.
 */
#ifndef EG_NEUTRAL_H
#define EG_NEUTRAL_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/*
 * Decodes one UTF-8 sequence at s[0..n). Returns its length (1-4) and sets
 * *cp, or 0 when the bytes are not valid UTF-8 (overlong, surrogate, > U+10FFFF,
 * truncated).
 */
size_t eg_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);

/* 1 when s[0..n) is valid UTF-8 without NUL bytes. */
int eg_utf8_valid(const char *s, size_t n);

/*
 * Terminal: C0/C1 controls, DEL and bidi controls are shown as escapes
 * (\n \t \r \e \xNN \u{202E}); invalid bytes as \xNN. Printable UTF-8 passes.
 */
int eg_term_escape(struct eg_buf *out, const char *s, size_t n);

/* HTML text and attribute values: & < > " ' escaped, controls and invalid
 * bytes replaced by U+FFFD, newlines and tabs kept. */
int eg_html_escape(struct eg_buf *out, const char *s, size_t n);

/*
 * One CSV field per RFC 4180: quoted when needed, quotes doubled; a leading
 * = + - @ TAB or CR gets a ' so spreadsheets do not run it as a formula;
 * controls other than TAB/LF/CR are shown as \xNN.
 */
int eg_csv_field(struct eg_buf *out, const char *s, size_t n);

/*
 * Markdown (GitHub Flavoured) text and table cells: the inline-significant
 * characters and `|` backslash-escaped, < > & as entities (no HTML reaches
 * the renderer), newlines as <br> (data never starts a line, so it cannot
 * open a heading, list, quote or code block), tabs as spaces, CR dropped,
 * controls as \xNN, C1 and bidi controls as \u{...}, invalid UTF-8 as U+FFFD.
 */
int eg_md_escape(struct eg_buf *out, const char *s, size_t n);

/* A JSON string literal with its quotes; invalid UTF-8 becomes U+FFFD. */
int eg_json_string(struct eg_buf *out, const char *s, size_t n);

/* Display width of a UTF-8 string in terminal columns: East Asian wide and
 * fullwidth characters count 2, combining marks 0, controls as escaped. */
size_t eg_display_width(const char *s, size_t n);

#endif
