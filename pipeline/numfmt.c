/* numfmt.c - numbers as a briefing prints them (see numfmt.h). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "tally/numfmt.h"

static const double pow10_tab[] = {
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9
};

static const struct {
	double scale;
	const char *suffix;
} suffixes[] = {
	{ 1e3, "k" }, { 1e6, "m" }, { 1e9, "bn" }, { 1e12, "tn" }
};

#define NSUFFIX (sizeof(suffixes) / sizeof(suffixes[0]))

/* Copies s into buf (truncating) and returns buf. */
static char *put(char *buf, size_t size, const char *s)
{
	if (size > 0)
		snprintf(buf, size, "%s", s);
	return buf;
}

/* Writes the digits of a >= 0 rounded to dec decimals into out (at least
 * NUMFMT_MAX bytes) from an integer, so no locale takes part; values too
 * large for exact integers in a double lose their decimals. */
static void fixed_digits(char *out, double a, int dec, int *outdec)
{
	double scaled = a * pow10_tab[dec];

	if (scaled < 9e15) {
		snprintf(out, NUMFMT_MAX, "%llu",
			 (unsigned long long)llround(scaled));
		*outdec = dec;
	} else if (a < 1e40) {
		/* Precision 0 prints no decimal point, and grouping needs
		 * the ' flag: the locale has nothing to change here. */
		snprintf(out, NUMFMT_MAX, "%.0f", a);
		*outdec = 0;
	} else {
		snprintf(out, NUMFMT_MAX, "%s", "");
		*outdec = -1;
	}
}

/* Writes a >= 0 as "d.de+N" (one decimal, ASCII) for values past 1e40. */
static void scientific(char *out, double a)
{
	int e = (int)floor(log10(a));
	long m = lround(a / pow(10, e) * 10);

	if (m >= 100) {
		m /= 10;
		e++;
	}
	snprintf(out, NUMFMT_MAX, "%ld.%lde+%d", m / 10, m % 10, e);
}

/* Appends digits (an integer string with dec implied decimals) to out,
 * with a point and, when asked, a comma every three integer digits. */
static void place_point(char *out, const char *digits, int dec, int group)
{
	char padded[NUMFMT_MAX + 16];
	size_t n = strlen(digits), nint, i, o = strlen(out);

	if ((int)n <= dec) {	/* 5 with 2 decimals is 0.05 */
		size_t zeros = (size_t)dec + 1 - n;

		memset(padded, '0', zeros);
		memcpy(padded + zeros, digits, n + 1);
		digits = padded;
		n += zeros;
	}
	nint = n - (size_t)dec;
	for (i = 0; i < nint && o < NUMFMT_MAX - 2; i++) {
		if (group && i > 0 && (nint - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = digits[i];
	}
	if (dec > 0 && o < NUMFMT_MAX - 2)
		out[o++] = '.';
	for (; i < n && o < NUMFMT_MAX - 1; i++)
		out[o++] = digits[i];
	out[o] = '\0';
}

/* Formats |v| into out (NUMFMT_MAX bytes) after an optional minus. */
static void format_abs(char *out, double v, int dec, int group)
{
	char digits[NUMFMT_MAX];
	int d;

	out[0] = '\0';
	if (v < 0)
		strcpy(out, "-");
	fixed_digits(digits, fabs(v), dec, &d);
	if (d < 0)
		scientific(out + strlen(out), fabs(v));
	else
		place_point(out, digits, d, group);
}

/* Drops trailing zeros after a decimal point, and the point itself. */
static void trim_zeros(char *s)
{
	char *point = strchr(s, '.');
	size_t n;

	if (!point)
		return;
	n = strlen(s);
	while (n > 0 && s[n - 1] == '0')
		s[--n] = '\0';
	if (n > 0 && s[n - 1] == '.')
		s[--n] = '\0';
}

/* Rounds a to dec decimals (as the digits would print). */
static double round_to(double a, int dec)
{
	return round(a * pow10_tab[dec]) / pow10_tab[dec];
}

static int clamp_decimals(int dec)
{
	return dec < 0 ? 0 : dec > 9 ? 9 : dec;
}

char *numfmt_group(char *buf, size_t size, double v, int decimals)
{
	char out[NUMFMT_MAX];

	if (!isfinite(v))
		return put(buf, size, "n/a");
	decimals = clamp_decimals(decimals);
	if (round_to(fabs(v), decimals) == 0)
		v = 0;		/* no "-0.00" */
	format_abs(out, v, decimals, 1);
	return put(buf, size, out);
}

/* Decimals that give a (below 1,000) about three significant digits. */
static int small_decimals(double a)
{
	if (a >= 100)
		return 0;
	if (a >= 10)
		return 1;
	if (a >= 1)
		return 2;
	if (a < 1e-9)
		return 0;
	return clamp_decimals(1 - (int)floor(log10(a)));
}

/* Formats a >= 1000 with the largest suffix it reaches, and dec decimals
 * (dec < 0: one decimal below ten, none above). */
static void suffixed(char *out, double a, int dec)
{
	size_t k = 0;
	double m;
	int d;

	while (k + 1 < NSUFFIX && a >= suffixes[k + 1].scale)
		k++;
	for (;;) {
		m = a / suffixes[k].scale;
		d = dec >= 0 ? dec : (m < 10 ? 1 : 0);
		if (round_to(m, d) < 1000 || k + 1 == NSUFFIX)
			break;
		k++;
	}
	format_abs(out, m, d, 1);
	trim_zeros(out);
	strcat(out, suffixes[k].suffix);
}

char *numfmt_short(char *buf, size_t size, double v)
{
	char out[NUMFMT_MAX + 8] = "";
	double a = fabs(v);
	int dec;

	if (!isfinite(v))
		return put(buf, size, "n/a");
	dec = small_decimals(a);
	if (round_to(a, dec) == 0)
		return put(buf, size, "0");
	if (v < 0)
		strcpy(out, "-");
	if (round_to(a, dec) < 1000) {
		format_abs(out + strlen(out), a, dec, 0);
		trim_zeros(out);
	} else {
		suffixed(out + strlen(out), a, -1);
	}
	return put(buf, size, out);
}

char *numfmt_money(char *buf, size_t size, double v, const char *currency)
{
	char num[NUMFMT_MAX];

	numfmt_short(num, sizeof(num), v);
	if (!currency || !currency[0] || !isfinite(v))
		return put(buf, size, num);
	if (size > 0)
		snprintf(buf, size, "%s %s", currency, num);
	return buf;
}

char *numfmt_percent(char *buf, size_t size, double pct, int decimals)
{
	char num[NUMFMT_MAX];

	numfmt_group(num, sizeof(num), pct, decimals);
	if (!isfinite(pct))
		return put(buf, size, num);
	if (size > 0)
		snprintf(buf, size, "%s%%", num);
	return buf;
}

double numfmt_nice_step(double span, int max_ticks, int integer)
{
	static const double mult[] = { 1, 2, 2.5, 5, 10 };
	double raw, step = 0;
	int e;

	if (!(span > 0) || !isfinite(span) || max_ticks < 1)
		return 0;
	raw = span / max_ticks;
	e = (int)floor(log10(raw));
	for (size_t i = 0; i < sizeof(mult) / sizeof(mult[0]); i++) {
		if (integer && mult[i] == 2.5 && e < 1)
			continue;
		/* Dividing by a power of ten keeps 0.2 as exact as it gets. */
		step = e < 0 ? mult[i] / pow(10, -e) : mult[i] * pow(10, e);
		if (step >= raw * (1 - 1e-12))
			break;
	}
	if (integer && step < 1)
		step = 1;
	return isfinite(step) ? step : 0;
}

int numfmt_step_decimals(double step)
{
	step = fabs(step);
	if (!isfinite(step) || step == 0)
		return 0;
	for (int d = 0; d < 9; d++) {
		double x = step * pow10_tab[d];

		if (fabs(x - round(x)) <= 1e-9 * fmax(1.0, x))
			return d;
	}
	return 9;
}

/* Decimals (at most 3) that show a, a multiple of a nice step, exactly. */
static int exact_decimals(double a)
{
	for (int d = 0; d < 3; d++) {
		double x = a * pow10_tab[d];

		if (fabs(x - round(x)) <= 1e-6 * fmax(1.0, x))
			return d;
	}
	return 3;
}

char *numfmt_tick(char *buf, size_t size, double v, double step)
{
	char out[NUMFMT_MAX + 8] = "";
	double a = fabs(v);
	size_t k = 0;

	step = fabs(step);
	if (!isfinite(v))
		return put(buf, size, "n/a");
	if (!(step > 0) || !isfinite(step))
		return numfmt_short(buf, size, v);
	if (a < step * 1e-6)
		return put(buf, size, "0");
	if (step < 1000)
		return numfmt_group(buf, size, v, numfmt_step_decimals(step));
	if (a < 1000)
		return numfmt_short(buf, size, v);
	while (k + 1 < NSUFFIX && a >= suffixes[k + 1].scale)
		k++;
	if (v < 0)
		strcpy(out, "-");
	suffixed(out + strlen(out), a, exact_decimals(a / suffixes[k].scale));
	return put(buf, size, out);
}
