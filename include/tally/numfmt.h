/*
 * numfmt.h - numbers as a briefing prints them.
 *
 * Shared by the chart and report modules: thousands separators
 * ("1,234,567"), short suffixes ("1.2k", "193m", "2.4bn", "1.7tn"), money
 * ("USD 193m"), percentages ("2.71%") and the nice steps of an axis
 * (1, 2, 2.5 or 5 times a power of ten).
 *
 * Every formatter writes into a caller's buffer, always NUL-terminates it
 * (truncating when it is too small; NUMFMT_MAX is always enough) and
 * returns it.  The output is locale-independent: digits are produced from
 * integers, never through the locale's grouping or decimal point, so the
 * result is the same whatever setlocale() a host program called.  The
 * minus sign is ASCII '-'.  NaN and infinities print as "n/a".
 *
 * Nothing here allocates, fails or keeps state.
 */
#ifndef TALLY_NUMFMT_H
#define TALLY_NUMFMT_H

#include <stddef.h>

/* A buffer size that holds any result of this module. */
#define NUMFMT_MAX 64

/* Formats v rounded to `decimals` (0-9) digits after the point, with a
 * comma every three digits before it: 1234567.891, 2 -> "1,234,567.89". */
char *numfmt_group(char *buf, size_t size, double v, int decimals);

/* Formats v with a short suffix: below 1,000 with up to three significant
 * digits ("950", "12.5", "0.25"), above with k, m, bn or tn and one decimal
 * below ten ("1.2k", "12k", "193m", "2.4bn", "1.7tn"); trailing ".0" is
 * dropped and a value that rounds up moves to the next suffix ("1m", not
 * "1,000k").  Beyond 1,000tn the mantissa is grouped ("1,500tn"). */
char *numfmt_short(char *buf, size_t size, double v);

/* Formats money as "CUR short": ("USD", 1.93e8) -> "USD 193m",
 * ("EUR", -2.4e9) -> "EUR -2.4bn"; a NULL or empty currency prints the
 * number alone. */
char *numfmt_money(char *buf, size_t size, double v, const char *currency);

/* Formats a percentage given in percent units: (2.714, 2) -> "2.71%". */
char *numfmt_percent(char *buf, size_t size, double pct, int decimals);

/* Returns the step of an axis that spans `span` (> 0) in at most
 * `max_ticks` intervals (>= 1): the smallest of 1, 2, 2.5 and 5 times a
 * power of ten that is not finer than span / max_ticks.  With `integer`
 * the step is a whole number and 2.5 is not used below 10 (for counts).
 * Returns 0 when span is not a positive finite number. */
double numfmt_nice_step(double span, int max_ticks, int integer);

/* Returns how many decimals show every multiple of step exactly
 * (0.25 -> 2, 2.5 -> 1, 1000 -> 0), at most 9. */
int numfmt_step_decimals(double step);

/* Formats v as the label of a tick on an axis whose step is `step`: with
 * steps below 1,000 the ticks are grouped with the step's decimals
 * ("2,500", "0.5", "12,250"); with larger steps they take a short suffix
 * and as many decimals as the tick needs ("2.5k", "20k", "1.25m"), so no
 * two ticks of an axis print the same.  -0 and rounding noise print "0". */
char *numfmt_tick(char *buf, size_t size, double v, double step);

#endif
