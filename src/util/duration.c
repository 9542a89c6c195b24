/*
 * duration.c: cadence parsing and civil-date arithmetic (Howard Hinnant's
 * days-from-civil algorithm, proleptic Gregorian calendar).
 */
#include "duration.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "err.h"
#include "num.h"

int eg_duration_parse(const char *s, struct eg_duration *out)
{
	size_t n = s != NULL ? strlen(s) : 0;
	if (n < 2 || n > 8)
		return EG_E_PARSE;
	char unit = s[n - 1];
	uint64_t max;
	switch (unit) {
	case 'd': max = 36500; break;
	case 'w': max = 5200; break;
	case 'm': max = 1200; break;
	case 'y': max = 100; break;
	default: return EG_E_PARSE;
	}
	uint64_t v;
	int r = eg_parse_u64n(s, n - 1, 10, 1, max, &v);
	if (r != 0)
		return r;
	out->count = (uint32_t)v;
	out->unit = unit;
	return 0;
}

uint32_t eg_duration_days(const struct eg_duration *d)
{
	switch (d->unit) {
	case 'w': return d->count * 7;
	case 'm': return d->count * 30;
	case 'y': return d->count * 365;
	default: return d->count;
	}
}

static int32_t days_from_civil(int32_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	const int32_t era = (y >= 0 ? y : y - 399) / 400;
	const unsigned yoe = (unsigned)(y - era * 400);
	const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int32_t)doe - 719468;
}

static void civil_from_days(int32_t z, int32_t *y, unsigned *m, unsigned *d)
{
	z += 719468;
	const int32_t era = (z >= 0 ? z : z - 146096) / 146097;
	const unsigned doe = (unsigned)(z - era * 146097);
	const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	const unsigned mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int32_t)yoe + era * 400 + (*m <= 2);
}

static unsigned days_in_month(int32_t y, unsigned m)
{
	static const unsigned dm[] = {31, 28, 31, 30, 31, 30,
				      31, 31, 30, 31, 30, 31};
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dm[m - 1];
}

int eg_date_parse(const char *s, int32_t *days)
{
	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return EG_E_PARSE;
	uint64_t y, m, d;
	if (eg_parse_u64n(s, 4, 10, 0, 9999, &y) != 0 ||
	    eg_parse_u64n(s + 5, 2, 10, 0, 99, &m) != 0 ||
	    eg_parse_u64n(s + 8, 2, 10, 0, 99, &d) != 0)
		return EG_E_PARSE;
	if (y < 1970 || m < 1 || m > 12 || d < 1 ||
	    d > days_in_month((int32_t)y, (unsigned)m))
		return EG_E_RANGE;
	*days = days_from_civil((int32_t)y, (unsigned)m, (unsigned)d);
	return 0;
}

void eg_date_format(int32_t days, char out[11])
{
	int32_t y;
	unsigned m, d;
	civil_from_days(days, &y, &m, &d);
	/* y is within 1970..~10100 for every date we produce. */
	char tmp[32];
	snprintf(tmp, sizeof(tmp), "%04d-%02u-%02u", (int)(y % 10000), m % 100u,
		 d % 100u);
	memcpy(out, tmp, 10);
	out[10] = '\0';
}

int32_t eg_date_add(int32_t days, const struct eg_duration *du)
{
	if (du->unit == 'd')
		return days + (int32_t)du->count;
	if (du->unit == 'w')
		return days + 7 * (int32_t)du->count;
	int32_t y;
	unsigned m, d;
	civil_from_days(days, &y, &m, &d);
	int32_t months = (int32_t)du->count * (du->unit == 'y' ? 12 : 1);
	int32_t total = y * 12 + (int32_t)(m - 1) + months;
	y = total / 12;
	m = (unsigned)(total % 12) + 1;
	unsigned dim = days_in_month(y, m);
	if (d > dim)
		d = dim;
	return days_from_civil(y, m, d);
}

int32_t eg_today(void)
{
	const char *t = getenv("ECGUARD_TODAY");
	int32_t days;
	if (t != NULL && eg_date_parse(t, &days) == 0)
		return days;
	return (int32_t)(time(NULL) / 86400);
}
