/*
 * report_fmt.c - numbers, months and counts as the briefing prints them.
 * Every number of a report goes through here and numfmt.h, so the
 * Markdown, HTML and PDF forms print it the same way.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "tally/numfmt.h"
#include "report_int.h"

int rfmt_is_money(const char *unit)
{
	return strlen(unit) == 3 && unit[0] >= 'A' && unit[0] <= 'Z' &&
	       unit[1] >= 'A' && unit[1] <= 'Z' && unit[2] >= 'A' && unit[2] <= 'Z';
}

int rfmt_is_mass(const char *unit, double *kg)
{
	static const struct { const char *unit; double kg; } mass[] = {
		{ "kg", 1 }, { "g", 1e-3 }, { "mg", 1e-6 }, { "t", 1e3 },
		{ "lb", 0.45359237 }
	};

	for (size_t i = 0; i < sizeof(mass) / sizeof(mass[0]); i++)
		if (!strcmp(unit, mass[i].unit)) {
			*kg = mass[i].kg;
			return 1;
		}
	return 0;
}

/* The fewest decimals (0-2) that show v to two places. */
static int decimals(double v)
{
	double a = fabs(v);

	if (fabs(a - round(a)) < 5e-3)
		return 0;
	if (fabs(a * 10 - round(a * 10)) < 5e-2)
		return 1;
	return 2;
}

char *rfmt_value(char *buf, const char *unit, double v)
{
	char num[NUMFMT_MAX];

	if (!isfinite(v))
		snprintf(buf, RFMT, "n/a");
	else if (!strcmp(unit, "count"))
		numfmt_group(buf, RFMT, v, decimals(v));
	else if (!strcmp(unit, "percent"))
		numfmt_percent(buf, RFMT, v, decimals(v));
	else if (rfmt_is_money(unit))
		numfmt_money(buf, RFMT, v, unit);
	else if (!strcmp(unit, "times"))
		snprintf(buf, RFMT, "%s times", numfmt_group(num, sizeof(num), v,
							     decimals(v)));
	else
		snprintf(buf, RFMT, "%s %s", fabs(v) < 1e4 ?
			 numfmt_group(num, sizeof(num), v, decimals(v)) :
			 numfmt_short(num, sizeof(num), v), unit);
	return buf;
}

char *rfmt_signed_pct(char *buf, double pct)
{
	char num[NUMFMT_MAX];

	numfmt_percent(num, sizeof(num), pct, fabs(pct) >= 10 ? 0 : 1);
	snprintf(buf, RFMT, "%s%s", pct > 0 && strcmp(num, "0%") &&
		 strcmp(num, "0.0%") ? "+" : "", num);
	return buf;
}

char *rfmt_signed(char *buf, const char *unit, double v)
{
	char num[RFMT];
	size_t k = v > 0, len;

	/* a rate of change: three significant digits are plenty */
	if (!strcmp(unit, "count") && fabs(v) >= 10)
		v = round(v);
	else if (!strcmp(unit, "count"))
		v = round(v * 10) / 10;
	rfmt_value(num, unit, v);
	len = strlen(num);
	if (len > RFMT - 2)
		len = RFMT - 2;
	buf[0] = '+';
	memcpy(buf + k, num, len);
	buf[k + len] = '\0';
	return buf;
}

static const char *const month_names[] = {
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December"
};

/* The month number (1-12) of YYYY-MM, or 0. */
static int month_of(const char *month)
{
	int mo;

	if (!month || strlen(month) < 7 || month[4] != '-')
		return 0;
	mo = (month[5] - '0') * 10 + (month[6] - '0');
	return mo >= 1 && mo <= 12 ? mo : 0;
}

char *rfmt_month(char *buf, const char *month, int lng)
{
	int mo = month_of(month);

	if (!mo)
		snprintf(buf, RFMT, "%s", month ? month : "");
	else if (lng)
		snprintf(buf, RFMT, "%s %.4s", month_names[mo - 1], month);
	else
		snprintf(buf, RFMT, "%.3s %.4s", month_names[mo - 1], month);
	return buf;
}

char *rfmt_last_day(char *buf, const char *month)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int mo = month_of(month), y, n;

	if (!mo) {
		snprintf(buf, RFMT, "1970-01-01");
		return buf;
	}
	y = (month[0] - '0') * 1000 + (month[1] - '0') * 100 +
	    (month[2] - '0') * 10 + (month[3] - '0');
	n = days[mo - 1] + (mo == 2 && ((y % 4 == 0 && y % 100) || y % 400 == 0));
	snprintf(buf, RFMT, "%.7s-%02d", month, n);
	return buf;
}

char *rfmt_count(char *buf, long n, const char *one, const char *many)
{
	char num[NUMFMT_MAX];

	snprintf(buf, RFMT, "%s %s", numfmt_group(num, sizeof(num), (double)n, 0),
		 n == 1 ? one : many);
	return buf;
}
