/*
 * duration.h: cadences and dates. One syntax for intervals everywhere in
 * ecguard: a whole number followed by d (days), w (weeks), m (months) or y
 * (years), e.g. 30d, 6w, 12m, 1y. Months and years are calendar months and
 * years (a review due "12m" after 2025-02-28 is due 2026-02-28); a day that
 * does not exist in the target month clamps to its last day.
 *
 * Dates are ISO 8601 calendar dates (YYYY-MM-DD) handled as day numbers.
 */
#ifndef EG_DURATION_H
#define EG_DURATION_H

#include <stdint.h>

struct eg_duration {
	uint32_t count;   /* 1..36500 days-equivalent bound checked at parse */
	char unit;        /* 'd', 'w', 'm' or 'y' */
};

/* Parses "30d" etc. Returns 0, EG_E_PARSE or EG_E_RANGE (zero, or more than
 * 100 years). */
int eg_duration_parse(const char *s, struct eg_duration *out);

/* Approximate length in days (m = 30, y = 365), for sorting and display. */
uint32_t eg_duration_days(const struct eg_duration *d);

/* Days since 1970-01-01 of a valid date; strict "YYYY-MM-DD" parse. Returns
 * 0 or EG_E_PARSE (format) / EG_E_RANGE (no such day, or year not 1970-9999). */
int eg_date_parse(const char *s, int32_t *days);

/* Formats a day number as YYYY-MM-DD into out (11 bytes). */
void eg_date_format(int32_t days, char out[11]);

/* The date d + duration. */
int32_t eg_date_add(int32_t days, const struct eg_duration *d);

/* Today in UTC, or the test clock ECGUARD_TODAY=YYYY-MM-DD when set (for
 * tests only; documented in docs/testing.md). */
int32_t eg_today(void);

#endif
