/*
 * neutral.c: output neutralisation for terminal, HTML, CSV and JSON.
 */
#include "neutral.h"

#include <string.h>

size_t eg_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	if (n == 0)
		return 0;
	unsigned char c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	size_t len;
	uint32_t v, min;
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2;
		v = c & 0x1F;
		min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		v = c & 0x0F;
		min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		v = c & 0x07;
		min = 0x10000;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return len;
}

int eg_utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < n) {
		uint32_t cp;
		size_t l = eg_utf8_decode(p + i, n - i, &cp);
		if (l == 0 || cp == 0)
			return 0;
		i += l;
	}
	return 1;
}

static int is_bidi_control(uint32_t cp)
{
	return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) ||
	       cp == 0x200E || cp == 0x200F || cp == 0x061C;
}

int eg_term_escape(struct eg_buf *out, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < n) {
		uint32_t cp;
		size_t l = eg_utf8_decode(p + i, n - i, &cp);
		if (l == 0) {
			eg_buf_addf(out, "\\x%02X", p[i]);
			i++;
			continue;
		}
		if (cp == '\n')
			eg_buf_adds(out, "\\n");
		else if (cp == '\t')
			eg_buf_adds(out, "\\t");
		else if (cp == '\r')
			eg_buf_adds(out, "\\r");
		else if (cp == 0x1B)
			eg_buf_adds(out, "\\e");
		else if (cp < 0x20 || cp == 0x7F)
			eg_buf_addf(out, "\\x%02X", (unsigned)cp);
		else if ((cp >= 0x80 && cp <= 0x9F) || is_bidi_control(cp))
			eg_buf_addf(out, "\\u{%04X}", (unsigned)cp);
		else
			eg_buf_add(out, p + i, l);
		i += l;
	}
	return out->err;
}

int eg_html_escape(struct eg_buf *out, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < n) {
		uint32_t cp;
		size_t l = eg_utf8_decode(p + i, n - i, &cp);
		if (l == 0) {
			eg_buf_adds(out, "\xEF\xBF\xBD");
			i++;
			continue;
		}
		switch (cp) {
		case '&': eg_buf_adds(out, "&amp;"); break;
		case '<': eg_buf_adds(out, "&lt;"); break;
		case '>': eg_buf_adds(out, "&gt;"); break;
		case '"': eg_buf_adds(out, "&quot;"); break;
		case '\'': eg_buf_adds(out, "&#39;"); break;
		case '\n':
		case '\t':
			eg_buf_addc(out, (char)cp);
			break;
		default:
			if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) ||
			    is_bidi_control(cp))
				eg_buf_adds(out, "\xEF\xBF\xBD");
			else
				eg_buf_add(out, p + i, l);
		}
		i += l;
	}
	return out->err;
}

int eg_md_escape(struct eg_buf *out, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < n) {
		uint32_t cp;
		size_t l = eg_utf8_decode(p + i, n - i, &cp);
		if (l == 0) {
			eg_buf_adds(out, "\xEF\xBF\xBD");
			i++;
			continue;
		}
		switch (cp) {
		case '<': eg_buf_adds(out, "&lt;"); break;
		case '>': eg_buf_adds(out, "&gt;"); break;
		case '&': eg_buf_adds(out, "&amp;"); break;
		case '\n': eg_buf_adds(out, "<br>"); break;
		case '\r': break;
		case '\t': eg_buf_addc(out, ' '); break;
		case '\\': case '`': case '*': case '_': case '[': case ']':
		case '(': case ')': case '!': case '|': case '~': case '$':
		case '#': case '{': case '}':
			eg_buf_addc(out, '\\');
			eg_buf_addc(out, (char)cp);
			break;
		default:
			if (cp < 0x20 || cp == 0x7F)
				eg_buf_addf(out, "\\x%02X", (unsigned)cp);
			else if ((cp >= 0x80 && cp <= 0x9F) || is_bidi_control(cp))
				eg_buf_addf(out, "\\u{%04X}", (unsigned)cp);
			else
				eg_buf_add(out, p + i, l);
		}
		i += l;
	}
	return out->err;
}

int eg_csv_field(struct eg_buf *out, const char *s, size_t n)
{
	int quote = 0;
	int formula = n > 0 && strchr("=+-@\t\r", s[0]) != NULL;
	for (size_t i = 0; i < n; i++)
		if (s[i] == '"' || s[i] == ',' || s[i] == '\n' || s[i] == '\r')
			quote = 1;
	if (formula)
		quote = 1;
	if (quote)
		eg_buf_addc(out, '"');
	if (formula)
		eg_buf_addc(out, '\'');
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < n) {
		uint32_t cp;
		size_t l = eg_utf8_decode(p + i, n - i, &cp);
		if (l == 0) {
			eg_buf_addf(out, "\\x%02X", p[i]);
			i++;
			continue;
		}
		if (cp == '"')
			eg_buf_adds(out, "\"\"");
		else if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') ||
			 cp == 0x7F)
			eg_buf_addf(out, "\\x%02X", (unsigned)cp);
		else if ((cp >= 0x80 && cp <= 0x9F) || is_bidi_control(cp))
			eg_buf_addf(out, "\\u{%04X}", (unsigned)cp);
		else
			eg_buf_add(out, p + i, l);
		i += l;
	}
	if (quote)
		eg_buf_addc(out, '"');
	return out->err;
}

int eg_json_string(struct eg_buf *out, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	eg_buf_addc(out, '"');
	size_t i = 0;
	while (i < n) {
		uint32_t cp;
		size_t l = eg_utf8_decode(p + i, n - i, &cp);
		if (l == 0) {
			eg_buf_adds(out, "\\ufffd");
			i++;
			continue;
		}
		switch (cp) {
		case '"': eg_buf_adds(out, "\\\""); break;
		case '\\': eg_buf_adds(out, "\\\\"); break;
		case '\n': eg_buf_adds(out, "\\n"); break;
		case '\r': eg_buf_adds(out, "\\r"); break;
		case '\t': eg_buf_adds(out, "\\t"); break;
		default:
			if (cp < 0x20 || cp == 0x7F || cp == 0x2028 ||
			    cp == 0x2029)
				eg_buf_addf(out, "\\u%04x", (unsigned)cp);
			else
				eg_buf_add(out, p + i, l);
		}
		i += l;
	}
	eg_buf_addc(out, '"');
	return out->err;
}

/* East Asian Wide (W) and Fullwidth (F) ranges, after Unicode 15's
 * EastAsianWidth.txt, coalesced; what terminals render in two cells. */
static const uint32_t wide_ranges[][2] = {
	{0x1100, 0x115F},   {0x231A, 0x231B},   {0x2329, 0x232A},
	{0x23E9, 0x23EC},   {0x23F0, 0x23F0},   {0x23F3, 0x23F3},
	{0x25FD, 0x25FE},   {0x2614, 0x2615},   {0x2648, 0x2653},
	{0x267F, 0x267F},   {0x2693, 0x2693},   {0x26A1, 0x26A1},
	{0x26AA, 0x26AB},   {0x26BD, 0x26BE},   {0x26C4, 0x26C5},
	{0x26CE, 0x26CE},   {0x26D4, 0x26D4},   {0x26EA, 0x26EA},
	{0x26F2, 0x26F3},   {0x26F5, 0x26F5},   {0x26FA, 0x26FA},
	{0x26FD, 0x26FD},   {0x2705, 0x2705},   {0x270A, 0x270B},
	{0x2728, 0x2728},   {0x274C, 0x274C},   {0x274E, 0x274E},
	{0x2753, 0x2755},   {0x2757, 0x2757},   {0x2795, 0x2797},
	{0x27B0, 0x27B0},   {0x27BF, 0x27BF},   {0x2B1B, 0x2B1C},
	{0x2B50, 0x2B50},   {0x2B55, 0x2B55},   {0x2E80, 0x303E},
	{0x3041, 0x33FF},   {0x3400, 0x4DBF},   {0x4E00, 0x9FFF},
	{0xA000, 0xA4CF},   {0xA960, 0xA97F},   {0xAC00, 0xD7A3},
	{0xF900, 0xFAFF},   {0xFE10, 0xFE19},   {0xFE30, 0xFE6F},
	{0xFF00, 0xFF60},   {0xFFE0, 0xFFE6},   {0x16FE0, 0x16FE4},
	{0x17000, 0x18CFF}, {0x1B000, 0x1B2FF}, {0x1F004, 0x1F004},
	{0x1F0CF, 0x1F0CF}, {0x1F18E, 0x1F18E}, {0x1F191, 0x1F19A},
	{0x1F200, 0x1F251}, {0x1F300, 0x1F64F}, {0x1F680, 0x1F6FF},
	{0x1F7E0, 0x1F7EB}, {0x1F90C, 0x1F9FF}, {0x1FA70, 0x1FAFF},
	{0x20000, 0x2FFFD}, {0x30000, 0x3FFFD},
};

static int is_wide(uint32_t cp)
{
	size_t lo = 0, hi = sizeof(wide_ranges) / sizeof(wide_ranges[0]);
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (cp < wide_ranges[mid][0])
			hi = mid;
		else if (cp > wide_ranges[mid][1])
			lo = mid + 1;
		else
			return 1;
	}
	return 0;
}

static int is_zero_width(uint32_t cp)
{
	return (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x200B && cp <= 0x200D) ||
	       (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0x3099 || cp == 0x309A;
}

size_t eg_display_width(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t w = 0, i = 0;
	while (i < n) {
		uint32_t cp;
		size_t l = eg_utf8_decode(p + i, n - i, &cp);
		if (l == 0) {
			w += 4; /* shown as \xNN */
			i++;
			continue;
		}
		if (cp < 0x20 || cp == 0x7F)
			w += 2;
		else if (is_zero_width(cp))
			;
		else if (is_wide(cp))
			w += 2;
		else
			w += 1;
		i += l;
	}
	return w;
}
