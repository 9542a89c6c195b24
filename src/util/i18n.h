/*
 * i18n.h: the user's language. ecguard speaks Japanese or English. The choice
 * comes from --lang, else LC_ALL / LC_MESSAGES / LANG (Japanese when the first
 * one set starts with "ja"). Messages go through gettext with the "ecguard"
 * domain; data that carries both languages (catalogue, checks) is picked with
 * eg_pick. Japanese works even when no ja_JP locale is generated on the host
 * (Debian's default): LC_MESSAGES falls back to C.UTF-8 and LANGUAGE selects
 * the catalogue, which glibc honours for any locale but plain C/POSIX.
 */
#ifndef EG_I18N_H
#define EG_I18N_H

#include <libintl.h>

#define _(s) gettext(s)
#define N_(s) (s)

enum eg_lang { EG_LANG_EN = 0, EG_LANG_JA = 1 };

/*
 * Sets up locale and message catalogues. lang is "ja", "en" or NULL (from the
 * environment). Returns 0, or EG_E_INVAL for an unknown lang.
 */
int eg_i18n_init(const char *lang);

/* The language in effect. */
enum eg_lang eg_lang(void);

/* "ja" or "en". */
const char *eg_lang_code(void);

/* ja when the language is Japanese and ja is non-empty, else en. */
const char *eg_pick(const char *ja, const char *en);

/* Where the message catalogues were found ("" when none). */
const char *eg_i18n_localedir(void);

#endif
