/*
 * page.h: payment-page integrity (issue 6; PCI DSS 6.4.3 and 11.6.1). From
 * the HTML bytes of a page and its URL, eg_page_parse builds the page's
 * inventory: every script (external with its resolved URL, host and
 * Subresource Integrity; inline with the SHA-256 of its text), iframe,
 * stylesheet/preload link, form (its resolved target and whether it carries
 * card fields), event-handler attribute, javascript: URL, <meta> CSP and
 * <base>. eg_page_compare then sets a current inventory against the
 * authorised one (the baseline, page_store.h) and a policy (allowed script
 * and form hosts) and gives findings with ids and severities.
 *
 * Nothing here fetches anything: the caller (the HTTP client) hands in the
 * bytes, and may later hand in the bytes of each external script
 * (eg_page_item_set_content) so their content is compared too.
 *
 * The parser is a tokenizer, not a DOM: it follows the HTML5 tokenizer where
 * it matters for what runs (comments, bogus comments, the raw-text elements
 * script/style/textarea/title/xmp/iframe/noembed/noframes/noscript/
 * plaintext including the script-data escape states, attributes in every
 * quoting form, first-wins duplicates, a tag cut by the end of input being
 * dropped) and ignores tree building (no implied elements, no foreign-content
 * CDATA sections, no template contents). Limits are in util/limits.h
 * (EG_PAGE_*); when one is hit the inventory is flagged incomplete and
 * eg_page_compare reports that as a finding of its own.
 *
 * Every string in an inventory is hostile page text, kept raw (entity-decoded
 * where the browser decodes it); printers escape it (neutral.h, json.h).
 * Inline code is never stored, only its hash and length.
 */
#ifndef EG_PAGE_H
#define EG_PAGE_H

#include <stddef.h>

#include "../../util/err.h"
#include "../../util/json.h"

/* What an inventory item is. The names (eg_page_kind_name) are the stored
 * and printed forms. */
enum eg_page_kind {
	EG_PAGE_SCRIPT = 0, /* "script": <script>, external (url) or inline */
	EG_PAGE_IFRAME,     /* "iframe": <iframe>/<frame> src, or srcdoc */
	EG_PAGE_LINK,       /* "link": rel stylesheet, preload, modulepreload */
	EG_PAGE_FORM,       /* "form": a <form>, or a submit button's
			     * formaction inside one (EG_PAGE_F_FORMACTION) */
	EG_PAGE_HANDLER,    /* "handler": an on* event-handler attribute */
	EG_PAGE_JSURL,      /* "jsurl": a javascript: URL in href, src, action,
			     * formaction, data, xlink:href */
	EG_PAGE_CSP,        /* "csp": <meta http-equiv=Content-Security-Policy> */
	EG_PAGE_BASE,       /* "base": the first <base href> (it moves every
			     * relative URL after it) */
	EG_PAGE_NKINDS
};

/* "script", "iframe", ... ("?" for an unknown kind). */
const char *eg_page_kind_name(int kind);
/* The kind named s, or -1. */
int eg_page_kind_parse(const char *s);

/* Item flags. */
enum {
	EG_PAGE_F_INLINE = 1u << 0,     /* code in the page itself (script
					 * text, iframe srcdoc): sha256 set */
	EG_PAGE_F_DATA = 1u << 1,       /* a <script> whose type is not
					 * JavaScript (application/ld+json,
					 * text/template...): data, not code */
	EG_PAGE_F_MODULE = 1u << 2,     /* type=module */
	EG_PAGE_F_ASYNC = 1u << 3,
	EG_PAGE_F_DEFER = 1u << 4,
	EG_PAGE_F_NOMODULE = 1u << 5,
	EG_PAGE_F_CUT = 1u << 6,        /* a value was cut at a limit */
	EG_PAGE_F_FORMACTION = 1u << 7, /* a FORM item made by formaction= */
	EG_PAGE_F_SAME_ORIGIN = 1u << 8, /* url has the page's origin */
};

/* Card fields a form carries (autocomplete cc-number / cc-csc / cc-exp*,
 * or names and ids such as card_no, cardNumber, cvc, security_code). A form
 * is a card form when it has a NUMBER or a CSC field. */
enum {
	EG_PAGE_CARD_NUMBER = 1u << 0,
	EG_PAGE_CARD_CSC = 1u << 1,
	EG_PAGE_CARD_EXP = 1u << 2,
};

/* Subresource Integrity of an item. */
enum {
	EG_SRI_NONE = 0,    /* no integrity attribute */
	EG_SRI_VALID = 1,   /* at least one well-formed sha256/384/512 token */
	EG_SRI_INVALID = 2, /* an attribute without one: browsers load the
			     * resource unchecked */
};

/*
 * One item. Strings are owned by the inventory, NULL when absent; all of
 * them are page text (hostile) except the fixed-form ones noted.
 */
struct eg_page_item {
	int kind;               /* enum eg_page_kind */
	unsigned flags;         /* EG_PAGE_F_* */
	unsigned line;          /* line of the tag in the page, from 1 */
	char *tag;              /* element name, lowercase ("script", "a") */
	char *attr;             /* HANDLER, JSURL: the attribute ("onclick");
				 * LINK: rel as written */
	char *src;              /* the URL attribute as written (entities
				 * decoded): script/iframe src, link href,
				 * form action or formaction, base href */
	char *url;              /* src resolved against the page (or its
				 * <base>); a FORM without action: the page's
				 * URL; NULL when there is no usable URL */
	char *host;             /* url's host, lowercase, no port; NULL for
				 * non-http(s) URLs */
	char *integrity;        /* the integrity attribute as written */
	char *sri;              /* its well-formed tokens, "alg-base64"
				 * separated by one space (fixed form) */
	int sri_state;          /* EG_SRI_* */
	char *crossorigin;
	char *type;             /* script type, link as= */
	char *method;           /* FORM: get, post or dialog (lowercased;
				 * get when absent or unknown); "script" for
				 * the one item that stands for card fields
				 * outside any form (no src or url) */
	char *id;               /* FORM: the id attribute */
	unsigned card;          /* FORM: EG_PAGE_CARD_* */
	char *text;             /* CSP: the content attribute */
	char sha256[65];        /* INLINE script text, srcdoc, HANDLER or
				 * JSURL value: lowercase hex; "" otherwise.
				 * Of the exact bytes as the browser sees
				 * them: script text unchanged (no newline or
				 * space normalised, no entity decoded: script
				 * is raw text), attribute values entity-
				 * decoded. */
	size_t length;          /* bytes hashed */
	char content_sha256[65]; /* external script: hex SHA-256 of its bytes
				  * when the caller fetched it
				  * (eg_page_item_set_content); "" when not */
	int sri_match;          /* with content: 1 matches integrity, 0 does
				 * not, -1 not checked (no content or no
				 * valid integrity) */
};

/* Why an inventory is incomplete (eg_page_inv.incomplete). */
enum {
	EG_PAGE_INC_TAGS = 1u << 0,   /* EG_PAGE_MAX_TAGS reached */
	EG_PAGE_INC_ATTRS = 1u << 1,  /* a tag with > EG_PAGE_MAX_ATTRS */
	EG_PAGE_INC_ITEMS = 1u << 2,  /* EG_PAGE_MAX_ITEMS reached */
	EG_PAGE_INC_LENGTH = 1u << 3, /* a value cut at EG_PAGE_MAX_ATTR_LEN */
};

/* A page's inventory. Plain data; items in page order. */
struct eg_page_inv {
	char *url;              /* the page URL as given */
	char *origin;           /* scheme://host[:port] of url (fixed form) */
	struct eg_page_item *items;
	size_t nitems;
	size_t bytes;           /* length of the HTML */
	unsigned incomplete;    /* EG_PAGE_INC_*, 0 when complete */
};

/*
 * Parses the n bytes at html, the page at url (absolute http or https).
 * Returns 0 with *out set (OUT: caller frees with eg_page_inv_free), or
 * EG_E_INVAL (url is not an absolute http(s) URL), EG_E_LIMIT (n larger
 * than EG_PAGE_MAX_BYTES), EG_E_NOMEM. Any bytes parse: malformed HTML
 * gives what a browser would see, limits give an incomplete inventory.
 */
int eg_page_parse(const char *url, const void *html, size_t n,
		  struct eg_page_inv **out, struct eg_err *e);

/*
 * An empty inventory of url (for loaders). Returns 0 or EG_E_INVAL (not an
 * absolute http(s) URL), EG_E_NOMEM. OUT: *out, eg_page_inv_free.
 */
int eg_page_inv_new(const char *url, struct eg_page_inv **out,
		    struct eg_err *e);

/*
 * Appends a copy of *it (its strings are copied; sha256 and content_sha256
 * must be "" or 64 lowercase hex digits). Returns 0, EG_E_INVAL (bad kind
 * or hash), EG_E_LIMIT (EG_PAGE_MAX_ITEMS), EG_E_NOMEM.
 */
int eg_page_inv_add(struct eg_page_inv *inv, const struct eg_page_item *it);

void eg_page_inv_free(struct eg_page_inv *inv);

/*
 * Records the n fetched bytes of an external script: sets content_sha256
 * and sri_match (1 when one of the strongest algorithm's tokens matches,
 * as browsers check, 0 when none does, -1 without valid integrity).
 * Returns 0 or EG_E_INTERNAL (libcrypto failed).
 */
int eg_page_item_set_content(struct eg_page_item *it, const void *body,
			     size_t n);

/*
 * The scheme, host and port of an absolute http(s) URL as an origin
 * "https://shop.example" (default port left out) into out[0..n).
 * Returns 0, EG_E_INVAL (not an absolute http(s) URL) or EG_E_LIMIT.
 */
int eg_page_origin(const char *url, char *out, size_t n);

/* ---- response headers ---- */

struct eg_page_header {
	char *name;             /* as the server sent it */
	char *value;            /* hostile text */
};

/* A small list of response headers (zero-initialise before use). */
struct eg_page_headers {
	struct eg_page_header *v;
	size_t n;
};

/* Appends a copy (value cut at EG_PAGE_MAX_ATTR_LEN). Returns 0,
 * EG_E_INVAL (empty name), EG_E_LIMIT (EG_PAGE_MAX_HEADERS) or EG_E_NOMEM. */
int eg_page_headers_add(struct eg_page_headers *h, const char *name,
			const char *value);
/* Frees the contents and empties h; NULL is fine. */
void eg_page_headers_free(struct eg_page_headers *h);

/* 1 when name (any case) is a header whose change eg_page_compare should
 * see: Content-Security-Policy(-Report-Only), Strict-Transport-Security,
 * X-Frame-Options, X-Content-Type-Options, Referrer-Policy,
 * Permissions-Policy, Cross-Origin-{Opener,Embedder,Resource}-Policy. */
int eg_page_security_header(const char *name);

/* ---- comparison ---- */

/* What the site authorises (the spec). Strings are borrowed. A host entry
 * is a host name ("js.psp.example") or "*.domain" for its subdomains. */
struct eg_page_policy {
	const char *const *script_hosts;
	size_t nscript_hosts;
	int check_script_hosts; /* 1: scripts from other hosts than the page's
				 * own and script_hosts are findings (0: the
				 * spec lists no script hosts) */
	const char *const *form_hosts; /* besides the page's own origin */
	size_t nform_hosts;
	int payment;            /* a payment page: a new or changed script
				 * is critical (else high) */
};

/* 1 when host (lowercase, as in eg_page_item.host) matches one of the n
 * entries of list: equal in any case, or "*.domain" and host a subdomain of
 * domain (not domain itself). NULL host or entries: no match. */
int eg_page_host_allowed(const char *host, const char *const *list,
			 size_t n);

struct eg_page_finding {
	char id[40];            /* "page.script_added", ... */
	const char *severity;   /* "info" ... "critical" (static) */
	int rank;               /* 0 info ... 4 critical */
	char *subject;          /* the URL, "inline sha256:0123456789ab" or
				 * header name the finding is about: hostile,
				 * raw */
	char *reason;           /* translated; quotes page text raw (cut):
				 * escape when printing */
};

struct eg_page_findings {
	struct eg_page_finding *v; /* most severe first, then page order */
	size_t n;
};

/*
 * Compares cur (with its response headers cur_h) against the baseline base
 * (base_h) under pol. base and base_h may be NULL (no baseline yet: only
 * the checks of cur itself run: SRI, script hosts, card form targets,
 * completeness); cur_h may be NULL (no headers compared). Findings:
 *   page.script_added      new code (external or inline script, handler,
 *                          javascript: URL, srcdoc)  critical|high
 *   page.script_changed    same src, other integrity or content hash; an
 *                          inline script changed      critical|high
 *   page.script_removed                               medium
 *   page.script_no_sri     external script without integrity: medium when
 *                          from another origin, low from the page's own
 *   page.script_sri_invalid integrity without a valid hash  medium
 *   page.script_sri_mismatch fetched content does not match  high
 *   page.script_host       script host not allowed        high
 *   page.iframe_added / iframe_removed / iframe_changed  high / medium /
 *                          critical|high when the host changed, else medium
 *   page.link_added / link_removed / link_changed   medium / low / medium
 *   page.form_offsite      card form posting to neither the page's origin
 *                          nor an allowed form host       critical
 *   page.card_form_added   a card form the baseline does not have  high
 *   page.form_changed      a card form's target changed   high
 *   page.header_changed    security header removed or changed  high
 *   page.header_added                                     medium
 *   page.base_changed      <base href> added, removed or changed  high
 *   page.incomplete        cur hit a limit                high
 * Data blocks (EG_PAGE_F_DATA) are not code and are not compared. Returns 0
 * (out->n may be 0) or EG_E_NOMEM. OUT: *out, eg_page_findings_free.
 */
int eg_page_compare(const struct eg_page_inv *base,
		    const struct eg_page_headers *base_h,
		    const struct eg_page_inv *cur,
		    const struct eg_page_headers *cur_h,
		    const struct eg_page_policy *pol,
		    struct eg_page_findings *out, struct eg_err *e);

/* Frees the contents and empties f; NULL is fine. */
void eg_page_findings_free(struct eg_page_findings *f);

/* ---- output ---- */

/*
 * Writes inv as one JSON value (an object) at j's position: url, origin,
 * bytes, complete, then scripts, iframes, links, forms, handlers,
 * javascript_urls, csp, base as arrays in page order, fields always in
 * the same order (null when absent). Never fails; errors stay in j's
 * buffer.
 */
void eg_page_inv_json(struct eg_json *j, const struct eg_page_inv *inv);

/* Writes f as a JSON array of {"id","severity","subject","reason"}. */
void eg_page_findings_json(struct eg_json *j,
			   const struct eg_page_findings *f);

#endif
