/*
 * kmod.h: kernel module facts: the loaded modules of /proc/modules and the
 * rules of modprobe.d.
 *
 * /proc/modules has one line per loaded module:
 *
 *   nf_tables 339968 4 nft_chain_nat,nft_compat, Live 0x0000000000000000
 *   (name, size, reference count, users or "-", state, address[, taint])
 *
 * modprobe.d files (kmod's modprobe.d(5)) hold commands, one per line, a
 * trailing backslash joining the next line, '#' starting a comment:
 *
 *   blacklist cramfs
 *   install cramfs /bin/false
 *   options snd-hda-intel power_save=1
 *   alias net-pf-31 off
 *
 * Module names are compared as kmod compares them: '-' and '_' are the same,
 * so they are given with '_' (and a ".ko" suffix dropped).
 */
#ifndef EG_TABLES_KMOD_H
#define EG_TABLES_KMOD_H

#include <stddef.h>
#include <stdint.h>

#include "../../util/buf.h"

/* One line of /proc/modules; strings point into bufs of the caller's
 * struct and are NUL-terminated. */
struct eg_kmod {
	struct eg_buf name;
	uint64_t size;
	struct eg_buf used_by; /* "a,b" ("-" and the trailing comma dropped) */
	struct eg_buf state;   /* Live, Loading, Unloading */
};

/* Initialises / frees the buffers of m. */
void eg_kmod_init(struct eg_kmod *m);
void eg_kmod_free(struct eg_kmod *m);

/*
 * Parses one line of /proc/modules into m (its buffers are reset first).
 * Returns 0, or EG_E_PARSE when it is not name size refs users state ...
 */
int eg_proc_modules_line(const char *line, size_t len, struct eg_kmod *m);

/* One command of a modprobe.d file; strings live until the callback
 * returns. */
struct eg_modprobe_rule {
	const char *directive; /* alias blacklist install options remove
				* softdep weakdep */
	const char *module;    /* first argument, normalised ('-' -> '_';
				* for alias, the alias pattern) */
	const char *args;      /* the rest, words joined by single spaces */
	size_t line;           /* first line of the command */
};

typedef int (*eg_modprobe_fn)(void *arg, const struct eg_modprobe_rule *r);

/*
 * Parses a modprobe.d file, calling fn for each command. Unknown commands
 * and commands without a module are counted in *bad (may be NULL), the
 * first one's line in *first_bad (may be NULL). Returns 0, EG_E_NOMEM or
 * fn's value.
 */
int eg_modprobe_parse(const char *buf, size_t len, eg_modprobe_fn fn,
		      void *arg, size_t *bad, size_t *first_bad);

/*
 * Appends the normalised form of a module name to out: '-' as '_', cut at
 * the first '.' (kmod's modname_normalize). Returns out's error.
 */
int eg_modname_norm(const char *s, size_t n, struct eg_buf *out);

/*
 * 1 when an install command makes loading a no-op: its first word is true
 * or false, by itself or as a path (/bin/true, /usr/bin/false...), the way
 * hardening guides disable a module.
 */
int eg_modprobe_install_disables(const char *args);

#endif
