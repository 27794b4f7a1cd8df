/* test_numfmt.c - thousands, suffixes, money, percent, nice steps, ticks. */
#include <float.h>
#include <locale.h>

#include "tally/numfmt.h"
#include "testhelp.h"

static void check_group(void)
{
	static const struct {
		double v;
		int dec;
		const char *want;
	} cases[] = {
		{ 0, 0, "0" },
		{ 7, 0, "7" },
		{ 999, 0, "999" },
		{ 1000, 0, "1,000" },
		{ 1234567, 0, "1,234,567" },
		{ -1234567, 0, "-1,234,567" },
		{ 1234567.891, 2, "1,234,567.89" },
		{ 0.05, 2, "0.05" },
		{ 0.5, 1, "0.5" },
		{ 999.96, 1, "1,000.0" },
		{ -0.001, 2, "0.00" },
		{ 123456789012.0, 0, "123,456,789,012" },
		{ 1e18, 0, "1,000,000,000,000,000,000" },
		{ NAN, 0, "n/a" },
		{ INFINITY, 0, "n/a" },
	};
	char buf[NUMFMT_MAX];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		CHECK_STR(numfmt_group(buf, sizeof(buf), cases[i].v, cases[i].dec),
			  cases[i].want);
}

static void check_short(void)
{
	static const struct {
		double v;
		const char *want;
	} cases[] = {
		{ 0, "0" },
		{ 950, "950" },
		{ 12.5, "12.5" },
		{ 12, "12" },
		{ 2.714, "2.71" },
		{ 0.25, "0.25" },
		{ 0.0333, "0.033" },
		{ 999.7, "1k" },
		{ 1000, "1k" },
		{ 1234, "1.2k" },
		{ 1250, "1.3k" },
		{ 9960, "10k" },
		{ 12345, "12k" },
		{ 999600, "1m" },
		{ 3.4e6, "3.4m" },
		{ 1.93e8, "193m" },
		{ 2.4e9, "2.4bn" },
		{ 1.7e12, "1.7tn" },
		{ 1.5e15, "1,500tn" },
		{ -2.4e9, "-2.4bn" },
		{ -0.0001, "-0.0001" },
		{ -1e-12, "0" },
		{ NAN, "n/a" },
	};
	char buf[NUMFMT_MAX];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		CHECK_STR(numfmt_short(buf, sizeof(buf), cases[i].v), cases[i].want);
	/* Absurd sizes stay printable and bounded. */
	CHECK(strlen(numfmt_short(buf, sizeof(buf), DBL_MAX)) < NUMFMT_MAX);
	CHECK(strlen(numfmt_group(buf, sizeof(buf), DBL_MAX, 2)) < NUMFMT_MAX);
}

static void check_money_percent(void)
{
	char buf[NUMFMT_MAX], tiny[6];

	CHECK_STR(numfmt_money(buf, sizeof(buf), 1.93e8, "USD"), "USD 193m");
	CHECK_STR(numfmt_money(buf, sizeof(buf), 2.4e9, "EUR"), "EUR 2.4bn");
	CHECK_STR(numfmt_money(buf, sizeof(buf), -5e6, "GBP"), "GBP -5m");
	CHECK_STR(numfmt_money(buf, sizeof(buf), 950, "USD"), "USD 950");
	CHECK_STR(numfmt_money(buf, sizeof(buf), 1200, NULL), "1.2k");
	CHECK_STR(numfmt_percent(buf, sizeof(buf), 2.714, 2), "2.71%");
	CHECK_STR(numfmt_percent(buf, sizeof(buf), 2, 0), "2%");
	CHECK_STR(numfmt_percent(buf, sizeof(buf), NAN, 1), "n/a");
	/* A short buffer is truncated, never overrun. */
	CHECK_STR(numfmt_money(tiny, sizeof(tiny), 1.93e8, "USD"), "USD 1");
}

static void check_nice_step(void)
{
	static const struct {
		double span;
		int ticks, integer;
		double want;
	} cases[] = {
		{ 10, 5, 0, 2 },
		{ 10, 4, 0, 2.5 },
		{ 10, 4, 1, 5 },
		{ 100, 4, 1, 25 },
		{ 1, 5, 0, 0.2 },
		{ 0.001, 4, 0, 0.00025 },
		{ 3, 5, 1, 1 },
		{ 3, 5, 0, 1 },
		{ 7, 6, 0, 2 },
		{ 1e12, 5, 0, 2e11 },
		{ 5.5e9, 5, 0, 2e9 },
		{ 0, 5, 0, 0 },
		{ -3, 5, 0, 0 },
		{ NAN, 5, 0, 0 },
		{ INFINITY, 5, 0, 0 },
		{ 10, 0, 0, 0 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		CHECK_NUM(numfmt_nice_step(cases[i].span, cases[i].ticks,
					   cases[i].integer), cases[i].want);
	/* The largest doubles give a finite step or 0, never inf. */
	CHECK(isfinite(numfmt_nice_step(DBL_MAX, 1, 0)));
	CHECK_NUM(numfmt_step_decimals(0.25), 2);
	CHECK_NUM(numfmt_step_decimals(2.5), 1);
	CHECK_NUM(numfmt_step_decimals(1000), 0);
	CHECK_NUM(numfmt_step_decimals(0.2), 1);
}

static void check_ticks(void)
{
	static const struct {
		double v, step;
		const char *want;
	} cases[] = {
		{ 0, 500, "0" },
		{ 2500, 500, "2,500" },
		{ 12250, 250, "12,250" },
		{ 0.5, 0.5, "0.5" },
		{ 1, 0.5, "1.0" },
		{ -1e-17, 0.1, "0" },
		{ 2500, 2500, "2.5k" },
		{ 5000, 2500, "5k" },
		{ 20000, 5000, "20k" },
		{ 1250000, 250000, "1.25m" },
		{ 1e6, 250000, "1m" },
		{ 500000, 250000, "500k" },
		{ -2e9, 1e9, "-2bn" },
		{ 3e12, 1e12, "3tn" },
	};
	char buf[NUMFMT_MAX];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		CHECK_STR(numfmt_tick(buf, sizeof(buf), cases[i].v, cases[i].step),
			  cases[i].want);
}

/* A host that sets a decimal-comma locale changes nothing. */
static void check_locale(void)
{
	char buf[NUMFMT_MAX];

	if (!setlocale(LC_ALL, "de_DE.UTF-8") && !setlocale(LC_ALL, "fr_FR.UTF-8"))
		return;
	CHECK_STR(numfmt_group(buf, sizeof(buf), 1234.5, 1), "1,234.5");
	CHECK_STR(numfmt_short(buf, sizeof(buf), 2.4e9), "2.4bn");
	CHECK_STR(numfmt_short(buf, sizeof(buf), 1.5e15), "1,500tn");
	setlocale(LC_ALL, "C");
}

int main(void)
{
	check_group();
	check_short();
	check_money_percent();
	check_nice_step();
	check_ticks();
	check_locale();
	return TEST_REPORT();
}
