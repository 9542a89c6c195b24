/*
 * i18n.c: language selection and gettext set-up.
 */
#include "i18n.h"

#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "err.h"

#ifndef EG_LOCALEDIR
#define EG_LOCALEDIR "/usr/local/share/locale"
#endif

static enum eg_lang cur_lang = EG_LANG_EN;
static char localedir[PATH_MAX];

static int has_catalog(const char *dir)
{
	char p[PATH_MAX];
	struct stat st;
	int n = snprintf(p, sizeof(p), "%s/ja/LC_MESSAGES/ecguard.mo", dir);
	return n > 0 && (size_t)n < sizeof(p) && stat(p, &st) == 0 &&
	       S_ISREG(st.st_mode);
}

/* The build tree keeps catalogues in <dir of the binary>/po; an installed
 * binary uses EG_LOCALEDIR. ECGUARD_LOCALEDIR overrides both. */
static void find_localedir(void)
{
	const char *env = getenv("ECGUARD_LOCALEDIR");
	if (env != NULL && env[0] != '\0' && strlen(env) < sizeof(localedir)) {
		snprintf(localedir, sizeof(localedir), "%s", env);
		return;
	}
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash != NULL) {
			*slash = '\0';
			char cand[PATH_MAX];
			int m = snprintf(cand, sizeof(cand), "%s/po", exe);
			if (m > 0 && (size_t)m < sizeof(cand) &&
			    has_catalog(cand)) {
				snprintf(localedir, sizeof(localedir), "%s",
					 cand);
				return;
			}
		}
	}
	snprintf(localedir, sizeof(localedir), "%s", EG_LOCALEDIR);
}

static const char *env_lang(void)
{
	static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
	for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
		const char *v = getenv(vars[i]);
		if (v != NULL && v[0] != '\0')
			return v;
	}
	return "";
}

int eg_i18n_init(const char *lang)
{
	if (lang != NULL && strcmp(lang, "ja") != 0 && strcmp(lang, "en") != 0)
		return EG_E_INVAL;
	if (lang == NULL)
		lang = strncmp(env_lang(), "ja", 2) == 0 ? "ja" : "en";
	cur_lang = strcmp(lang, "ja") == 0 ? EG_LANG_JA : EG_LANG_EN;

	if (setlocale(LC_ALL, "") == NULL)
		setlocale(LC_ALL, "C.UTF-8");
	/* Numbers in JSON, CSV and SQL are always written the C way. */
	setlocale(LC_NUMERIC, "C");
	const char *msgs = setlocale(LC_MESSAGES, NULL);
	if (msgs == NULL || strcmp(msgs, "C") == 0 ||
	    strcmp(msgs, "POSIX") == 0)
		setlocale(LC_MESSAGES, "C.UTF-8");
	/* The UTF-8 we print does not depend on LC_CTYPE being UTF-8. */
	setenv("LANGUAGE", cur_lang == EG_LANG_JA ? "ja" : "en", 1);

	find_localedir();
	bindtextdomain("ecguard", localedir);
	bind_textdomain_codeset("ecguard", "UTF-8");
	textdomain("ecguard");
	return 0;
}

enum eg_lang eg_lang(void)
{
	return cur_lang;
}

const char *eg_lang_code(void)
{
	return cur_lang == EG_LANG_JA ? "ja" : "en";
}

const char *eg_pick(const char *ja, const char *en)
{
	if (cur_lang == EG_LANG_JA && ja != NULL && ja[0] != '\0')
		return ja;
	return en != NULL ? en : "";
}

const char *eg_i18n_localedir(void)
{
	return localedir;
}
