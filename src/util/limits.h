/*
 * limits.h: every bound ecguard puts on input it does not control, with the
 * reason for each. Everything read from an audited host, a log, a spec file or
 * the network is hostile until proven otherwise; these numbers keep the cost
 * of hostile input bounded in memory and time. Change one here, not at the
 * place it is used.
 */
#ifndef EG_LIMITS_H
#define EG_LIMITS_H

/* A YAML document (site spec, catalogue, check pack): the largest real spec we
 * have seen is ~200 KiB; 8 MiB leaves room for generated specs of big fleets
 * while keeping a hostile file from exhausting memory. */
#define EG_YAML_MAX_BYTES (8u * 1024u * 1024u)

/* Nesting depth of a YAML document: specs nest 5-6 levels; 64 stops stack and
 * recursion abuse in every consumer walking the tree. */
#define EG_YAML_MAX_DEPTH 64

/* Nodes of a YAML document counted with aliases expanded: stops "billion
 * laughs" alias bombs at a cost linear in the file. */
#define EG_YAML_MAX_NODES 200000u

/* One YAML scalar: descriptions are a few KiB; 1 MiB is generous. */
#define EG_YAML_MAX_SCALAR (1024u * 1024u)

/* Files a spec may include, transitively: splitting a spec in more than 256
 * files is not a real use; an include cycle is caught before this. */
#define EG_SPEC_MAX_INCLUDES 256

/* Bytes of all the files of one spec together (the top file and its
 * includes): without it 256 includes of 8 MiB each would still be 2 GiB. */
#define EG_SPEC_MAX_TOTAL_BYTES (32u * 1024u * 1024u)

/* Entries of one list of a spec (servers, services of one server, flows,
 * waivers...), counted across included files: a fleet of 4096 servers is
 * more than one spec should describe, and every consumer iterates these. */
#define EG_SPEC_MAX_LIST 4096u

/* A name in a spec (zone, server, service, partner...): names are short
 * identifiers that appear in messages and tables; 64 bytes as a DNS label. */
#define EG_SPEC_MAX_NAME 64u

/* A URL in a spec (endpoint, policy document): browsers handle 2 KiB URLs
 * everywhere; longer ones are not real endpoints. */
#define EG_URL_MAX 2048u

/* Checks: all packs together, packs in one --checks folder, and the length
 * of a check id. The shipped packs hold a few hundred checks; a site adds
 * dozens. */
#define EG_CHECKS_MAX 10000u
#define EG_CHECK_PACKS_MAX 1000u
#define EG_CHECK_ID_MAX 96u

/* Rows one check query may return, and the time budget of one check (SQLite
 * progress handler): a runaway query over a huge table ends as an error
 * result instead of stalling the audit. */
#define EG_CHECK_MAX_ROWS 100000u
#define EG_CHECK_TIME_BUDGET_MS 20000u

/* Diagnostics reported for one run of a loader: enough to fix a file in one
 * pass, few enough not to flood a terminal with cascaded errors. */
#define EG_DIAG_MAX 50

/* Length of one error or diagnostic message. Messages are built with
 * snprintf and truncated at this size; inputs quoted in them are cut to
 * EG_QUOTE_MAX first. */
#define EG_ERRMSG_MAX 1024
#define EG_QUOTE_MAX 120

/* A host configuration or state file read whole (passwd, sshd_config, dpkg
 * status...): dpkg status on a big server is ~10 MiB; 64 MiB bounds memory. */
#define EG_HOSTFILE_MAX_BYTES (64u * 1024u * 1024u)

/* One line of a host configuration file. Real lines are < 4 KiB. */
#define EG_LINE_MAX (64u * 1024u)

/* Path length under the audit root, and components of one path; symlinks
 * followed while resolving one path (Linux uses 40). */
#define EG_PATH_MAX 4096u
#define EG_PATH_MAX_COMPONENTS 512u
#define EG_SYMLINK_MAX 40u

/* The default ceiling of a growable buffer used for output (reports can be
 * large: 256 MiB). */
#define EG_BUF_DEFAULT_MAX (256u * 1024u * 1024u)

/* Rows one probe table may produce in one query run: a host with a million
 * files under its web roots still fits; a runaway generator stops here. */
#define EG_TABLE_MAX_ROWS 2000000u

/* Entries of one directory read while gathering facts (e.g. /proc, a
 * sysctl.d folder): bounds time on a hostile tree. */
#define EG_DIR_MAX_ENTRIES 200000u

/* Lines of one host configuration file and include depth of configuration
 * languages that include others (sshd, nginx, sudoers, apache). */
#define EG_CONF_MAX_LINES 1000000u
#define EG_CONF_MAX_INCLUDE_DEPTH 16
#define EG_CONF_MAX_FILES 4096u

/* The query engine's SQLite connection. One string or blob value: a host file
 * read whole (EG_HOSTFILE_MAX_BYTES) must fit, with room to spare. One SQL
 * text: checks are a few KiB; 1 MiB stops a runaway generated query. */
#define EG_SQL_MAX_LENGTH (128 * 1024 * 1024)
#define EG_SQL_MAX_STATEMENT (1024 * 1024)

/* Columns of one probe table (bit masks in the planner) and the distinct
 * argument value sets one scan may expand to (an IN list of paths, the cross
 * product of two IN lists): each is one generator call. */
#define EG_TABLE_MAX_COLUMNS 64u
#define EG_TABLE_MAX_ARGSETS 100000u

/* Warnings kept for one run: enough to see every broken file of a host, few
 * enough that a hostile tree cannot fill memory with them. */
#define EG_TABLE_MAX_WARNINGS 1000u

/* REGEXP (PCRE2): the pattern length, and what one match may cost. The match
 * limit bounds backtracking steps (time: a catastrophic pattern stops in
 * milliseconds), the depth and heap limits bound memory. A legitimate
 * pattern on a 1 MiB line stays far below them. */
#define EG_REGEX_MAX_PATTERN (64u * 1024u)
#define EG_REGEX_MATCH_LIMIT 1000000u
#define EG_REGEX_DEPTH_LIMIT 100000u
#define EG_REGEX_HEAP_LIMIT_KIB (64u * 1024u)
#define EG_REGEX_JIT_STACK_MAX (1024u * 1024u)

/* Small /proc files read per process (comm, status): status is ~1.5 KiB;
 * 64 KiB is generous and keeps a planted huge file cheap. */
#define EG_PROC_SMALL_MAX (64u * 1024u)

/* A process command line as shown in the processes table: real ones are a
 * few hundred bytes; longer ones are cut here (the kernel allows ~2 MiB). */
#define EG_CMDLINE_MAX (32u * 1024u)

/* Descriptor links (/proc/PID/fd/N) read to find the owners of listening
 * sockets, all processes together: a busy server has tens of thousands;
 * past this the remaining sockets simply get no pid. */
#define EG_PROC_MAX_FD_LINKS 1000000u

/* The sysctl walk of /proc/sys: a host has 1-5 thousand keys, more with
 * many network interfaces (each adds ~100); depth is ~6 in real kernels. One
 * value is a few bytes (dev.cdrom.info ~1 KiB). */
#define EG_SYSCTL_MAX_KEYS 500000u
#define EG_SYSCTL_MAX_DEPTH 16
#define EG_SYSCTL_VALUE_MAX (64u * 1024u)

/* Web family (src/tables/web). A file hashed by file_hash is streamed, so
 * memory is flat; 1 GiB bounds the time one planted huge file costs (a
 * release tarball or a database dump in a docroot still fits). */
#define EG_HASH_MAX_BYTES (1024ull * 1024u * 1024u)

/* A certificate file or bundle: the Mozilla bundle is ~220 KiB with ~150
 * certificates; 4 MiB and 1000 certificates leave room for big local
 * bundles. */
#define EG_CERT_MAX_BYTES (4u * 1024u * 1024u)
#define EG_CERT_MAX_PER_FILE 1000u

/* Bytes of a possible key file read to find its PEM header: the header is
 * the first line, after at most a few "Bag Attributes" lines of a PKCS#12
 * export. Only this much key material ever enters memory (then wiped). */
#define EG_KEY_SNIFF_BYTES 8192u

/* Block nesting of an nginx or apache configuration (http > server >
 * location > if is 4; 64 stops recursion abuse) and arguments of one
 * directive (long cipher or server_name lists have a few dozen). */
#define EG_WEBCONF_MAX_DEPTH 64
#define EG_WEBCONF_MAX_ARGS 4096u

/* One web server or PHP configuration file: real ones are a few KiB (nginx's
 * mime.types ~5 KiB); 4 MiB bounds what a chain of nested includes holds in
 * memory at once (EG_CONF_MAX_INCLUDE_DEPTH files). */
#define EG_WEBCONF_FILE_MAX (4u * 1024u * 1024u)

/* Expansion of a path pattern (file GLOB, include globs) and the walk of
 * web roots: depth of directories descended, matches of one pattern, and
 * entries recorded by the one shared walk of all web roots (a big shop has
 * ~100k files; a docroot pointing at / stops here with a warning). */
#define EG_WALK_MAX_DEPTH 64
#define EG_GLOB_MAX_MATCHES 200000u
#define EG_DOCROOT_MAX_FILES 1000000u

/* Text held by the rows one "ops" table builds before handing them to the
 * engine: a logrotate block naming many paths multiplies its directives, an
 * nft define its uses; 256 MiB stops that blow-up (real sets are < 1 MiB). */
#define EG_TABLE_MAX_TEXT_BYTES (256u * 1024u * 1024u)

/* nftables: brace nesting (table > chain > set or vmap > element list is 5;
 * 64 stops recursion abuse), variables of one ruleset (define), and the
 * length a rule may reach once its $variables are expanded. */
#define EG_NFT_MAX_DEPTH 64
#define EG_NFT_MAX_DEFINES 4096u
#define EG_NFT_MAX_RULE (256u * 1024u)
/* Chains of one nftables ruleset or iptables table (deleted ones count: a
 * big ruleset has a few hundred), and bytes held by all nft define values. */
#define EG_FW_MAX_CHAINS 4096u
#define EG_NFT_MAX_DEFINE_BYTES (16u * 1024u * 1024u)

/* Fields of one deb822 stanza (an apt *.sources entry has about ten), and
 * the rows one stanza gives (types x URIs x suites: real ones give < 10;
 * without a bound a few KiB of URIs and suites make a million rows). */
#define EG_DEB822_MAX_FIELDS 1024u
#define EG_APT_MAX_STANZA_ROWS 1024u

/* Log paths of one logrotate block (each directive of the block gives a
 * row per path; real blocks name a few dozen at most). */
#define EG_LOGROTATE_MAX_PATHS 1024u

/* Distinct keys of auditd.conf (it knows about forty): the last value of
 * each is kept, so the cap bounds the quadratic dedup. */
#define EG_AUDITD_MAX_KEYS 1024u

/* An SSH public key blob in an authorized_keys line: OpenSSH's own cap
 * (SSH_MAX_PUBKEY_BYTES); a 16384-bit RSA key or a certificate fits. */
#define EG_SSHKEY_BLOB_MAX 16384u

/* All authorized_keys files read for one query run together: thousands of
 * accounts with a few keys each is < 10 MiB; a passwd with a million homes
 * sharing one huge file stops here. */
#define EG_AUTHKEYS_TOTAL_MAX_BYTES (64u * 1024u * 1024u)

/* Distinct keys of login.defs: shadow-utils knows about 90; 4096 bounds
 * the memory a hostile file can make us hold. */
#define EG_LOGINDEFS_MAX_KEYS 4096u

/* An sshd algorithm list given as +list, -list or ^list is expanded against
 * the defaults with a duplicate check per item; real lists are < 1 KiB, and
 * a longer one is kept as written instead of costing quadratic time. */
#define EG_SSHD_ALGLIST_MAX 4096u

/* The store (src/core/store.c). How long a writer waits for another one (a
 * cron audit overlapping a manual one: a save takes well under a second, so
 * 10 s rides over it without hanging a cron job forever); the length of a
 * run id (ours are ~21 bytes; a reference longer than this on the command
 * line is no run id); and the runs one `history` may list. */
#define EG_STORE_BUSY_MS 10000u
#define EG_RUN_ID_MAX 128u
#define EG_STORE_LIST_MAX 1000000u

/* SARIF for GitHub code scanning, which rejects a whole file past 25,000
 * results in a run or 20 tags on a rule, and cuts a rule's full description
 * at 1,000 characters: the report keeps the most severe results, the first
 * tags, and cuts the description itself (on a character boundary). */
#define EG_SARIF_MAX_RESULTS 25000u
#define EG_SARIF_MAX_TAGS 20u
#define EG_SARIF_MAX_DESCRIPTION 1000u

/* Records and evidence (src/core/records.c). An evidence file is a
 * document (minutes, a PDF report, an attendance scan): 1 GiB holds any of
 * them and bounds the time one `evidence verify` spends per file; it is
 * hashed in 64 KiB reads. A record lists at most 64 files and 64 --theme or
 * --measure values (a training with more attachments is zipped). */
#define EG_EVIDENCE_MAX_BYTES (1024ull * 1024u * 1024u)
#define EG_EVIDENCE_CHUNK (64u * 1024u)
#define EG_RECORD_MAX_EVIDENCE 64u
#define EG_RECORD_MAX_ARGS 64u
/* --by, --summary and --scope of a record: a paragraph, not a document
 * (the document is evidence). */
#define EG_RECORD_TEXT_MAX 4096u

/* The TLS scanner (src/scan/tls). A record is at most 2^14 bytes of
 * plaintext plus 2048 of expansion (RFC 5246 6.2.3) and its 5-byte header:
 * the hand-built SSLv3 probe reads no more than that one record. */
#define EG_TLS_HELLO_MAX (5u + 16384u + 2048u)
/* Time one connection may take (connect plus handshake): 5 s by default, as
 * sslscan; --timeout accepts 1 ms to 2 minutes. */
#define EG_TLS_TIMEOUT_DEFAULT_MS 5000u
#define EG_TLS_TIMEOUT_MAX_MS 120000u
/* Connections run at once: enough to keep one endpoint busy on loopback
 * (see bench/RESULTS-tls.md), few enough not to look like a flood. */
#define EG_TLS_THREADS 8u
/* The certificate chain a server sends (OpenSSL's max_cert_list; real
 * chains are 3-6 KiB), names kept from it (subject, issuer: longer ones are
 * cut), and SANs listed (a CDN certificate has a few hundred). */
#define EG_TLS_CERT_LIST_MAX (256u * 1024u)
#define EG_TLS_NAME_MAX 1024u
#define EG_TLS_MAX_SANS 1000u
/* Certificates of a sent chain described one by one (real chains have 2-4;
 * the rest of a longer one still counts in chain_len), and the stapled OCSP
 * response kept for parsing (real ones are 1-4 KiB; OpenSSL caps the
 * handshake message itself). */
#define EG_TLS_CHAIN_MAX 32u
#define EG_TLS_OCSP_MAX (64u * 1024u)

/* The HTTP client and response parser (src/scan/http). One status or header
 * line: real ones are < 8 KiB (nginx's default large_client_header_buffers),
 * a long CSP or cookie header a few KiB more; 64 KiB is generous. All header
 * lines of one response together, and their number: curl stops at 300 KiB,
 * browsers at 256 KiB; real responses carry < 100 headers. */
#define EG_HTTP_LINE_MAX (64u * 1024u)
#define EG_HTTP_HEADERS_MAX_BYTES (256u * 1024u)
#define EG_HTTP_MAX_HEADERS 500u
/* Interim (1xx) responses skipped before the final one: a server sends at
 * most one or two (100 Continue, 103 Early Hints); more is a stalling peer. */
#define EG_HTTP_MAX_INTERIM 8u
/* Body bytes kept from one response, both as read and after gzip/deflate
 * decoding (the decoded cap is what stops a gzip bomb: output past it is
 * dropped and the response marked truncated, never allocated). A payment
 * page's HTML is < 1 MiB; 4 MiB leaves room. Content checks of sensitive
 * paths need only the first bytes and ask for EG_WEB_PROBE_BODY_MAX. */
#define EG_HTTP_BODY_MAX (4u * 1024u * 1024u)
/* Hex digits of a chunk size: 16 hold any 64-bit size; more is a peer
 * trying to overflow a length (leading zeros included). */
#define EG_HTTP_CHUNK_HEX_MAX 16u
/* Redirects followed for one request (browsers stop at 20; a site needs 2-3:
 * http -> https -> /login). */
#define EG_HTTP_MAX_REDIRECTS 10u
/* Time one request may take, connect and every read included (a slow drip
 * ends at this deadline): 5 s by default as the TLS scanner; --timeout
 * accepts 1 ms to 2 minutes. */
#define EG_HTTP_TIMEOUT_DEFAULT_MS 5000u
#define EG_HTTP_TIMEOUT_MAX_MS 120000u
/* Extra request headers one request may carry, and one Set-Cookie's
 * attributes (a real cookie has < 10; RFC 6265 asks user agents to keep at
 * least 4096 bytes per cookie). */
#define EG_HTTP_MAX_REQ_HEADERS 32u
#define EG_HTTP_COOKIE_MAX_ATTRS 64u
/* The exposure scanner (src/scan/http/web_scan.c): requests one scan may
 * make (redirect hops included; the fixed checks need ~60 plus one per admin
 * URL), admin URLs and --resolve entries accepted, body kept per probe of a
 * sensitive path (signatures sit in the first bytes), connections at once
 * (enough to finish in a few seconds, few enough not to look like a flood),
 * and the time a whole scan of one URL may take. */
#define EG_WEB_MAX_REQUESTS 256u
#define EG_WEB_MAX_ADMIN 64u
#define EG_WEB_MAX_RESOLVE 32u
#define EG_WEB_PROBE_BODY_MAX (64u * 1024u)
#define EG_WEB_THREADS 6u
#define EG_WEB_BUDGET_MS 120000u

/* The payment-page inventory (src/scan/web/page.c). A checkout page is
 * 50-500 KiB of HTML; 8 MiB bounds what one hostile page makes us parse and
 * hold (the HTTP client bounds the body before that). */
#define EG_PAGE_MAX_BYTES (8u * 1024u * 1024u)
/* Tags (start and end) parsed: a big shop page has ~20k; past a million the
 * rest is not looked at and the inventory is flagged incomplete, which is
 * itself a finding (a skimmer must not hide behind a million empty tags). */
#define EG_PAGE_MAX_TAGS 1000000u
/* Attributes of one tag: real tags carry < 30; past 1024 the rest are
 * skipped and the inventory flagged incomplete. */
#define EG_PAGE_MAX_ATTRS 1024u
/* One attribute value kept, decoded: URLs are < 2 KiB (EG_URL_MAX),
 * integrity lists and event handlers a few KiB; a data: URL or handler
 * longer than 64 KiB is cut (and the inventory flagged), so a 10 MB
 * attribute costs one pass, not 10 MB per copy. */
#define EG_PAGE_MAX_ATTR_LEN (64u * 1024u)
/* Items kept (scripts, iframes, links, forms, handlers...): a product list
 * with an onclick per product has a few thousand; 10,000 items of at most a
 * few attribute values each bound the inventory's memory. */
#define EG_PAGE_MAX_ITEMS 10000u
/* Hash tokens read from one integrity attribute (real ones have 1-3). */
#define EG_PAGE_MAX_SRI_TOKENS 16u
/* Response headers kept with a baseline (a response has ~20; the caller
 * passes the security headers only). Longer values are cut at
 * EG_PAGE_MAX_ATTR_LEN. */
#define EG_PAGE_MAX_HEADERS 64u
/* Baselines one list call returns. */
#define EG_PAGE_LIST_MAX 100000u
/* Script bodies one payment-page snapshot fetches to hash (page_fetch.c): a
 * checkout loads 10-40 scripts; past 64 the rest are inventoried by URL
 * only (counted as skipped), so a page listing thousands of scripts cannot
 * turn one snapshot into thousands of requests. */
#define EG_PAGE_MAX_FETCH 64u
/* One script body hashed: bundles are 0.1-3 MiB; a larger body counts as a
 * failed fetch (its URL and SRI are still compared). The HTTP client keeps
 * at most EG_HTTP_BODY_MAX of any body, so that is the cap. */
#define EG_PAGE_SCRIPT_MAX_BYTES EG_HTTP_BODY_MAX
/* The page itself as fetched: the smaller of what the client keeps and
 * what the inventory parses (a larger page is "cannot be checked"). */
#define EG_PAGE_FETCH_MAX_BYTES \
	(EG_HTTP_BODY_MAX < EG_PAGE_MAX_BYTES ? EG_HTTP_BODY_MAX : EG_PAGE_MAX_BYTES)
/* Wall time for a whole snapshot (page and scripts): every request also has
 * its own timeout; this bounds the sum for a page of slow scripts. */
#define EG_PAGE_FETCH_BUDGET_MS 60000u

#endif
