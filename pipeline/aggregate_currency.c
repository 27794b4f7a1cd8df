/*
 * aggregate_currency.c - the monthly rates table and the conversion of
 * money figures into the reporting currency.
 */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tally/lines.h"
#include "aggregate_int.h"

int agg_is_money(const char *u)
{
	return strlen(u) == 3 && isupper((unsigned char)u[0]) &&
	       isupper((unsigned char)u[1]) && isupper((unsigned char)u[2]);
}

static int month_valid(const char *s)
{
	return strlen(s) == 7 && isdigit((unsigned char)s[0]) &&
	       isdigit((unsigned char)s[1]) && isdigit((unsigned char)s[2]) &&
	       isdigit((unsigned char)s[3]) && s[4] == '-' &&
	       ((s[5] == '0' && s[6] >= '1' && s[6] <= '9') ||
		(s[5] == '1' && s[6] >= '0' && s[6] <= '2'));
}

void rate_table_add(struct rate_table *t, const char *month,
		    const char *currency, double rate)
{
	struct rate_row *r;

	xgrow((void **)&t->v, &t->cap, t->n + 1, sizeof(*t->v));
	r = &t->v[t->n++];
	snprintf(r->month, sizeof(r->month), "%s", month);
	snprintf(r->currency, sizeof(r->currency), "%s", currency);
	r->rate = rate;
}

static int cmp_row(const void *a, const void *b)
{
	const struct rate_row *x = a, *y = b;
	int c = strcmp(x->currency, y->currency);

	return c ? c : strcmp(x->month, y->month);
}

void rate_table_sort(struct rate_table *t)
{
	if (t->n)
		xqsort(t->v, t->n, sizeof(*t->v), cmp_row);
}

int rate_table_lookup(const struct rate_table *t, const char *month,
		      const char *currency, double *rate)
{
	struct rate_row key;
	const struct rate_row *r;

	if (!strcmp(currency, "USD")) {
		*rate = 1;
		return 0;
	}
	if (!t || !t->n)
		return -1;
	snprintf(key.month, sizeof(key.month), "%s", month);
	snprintf(key.currency, sizeof(key.currency), "%s", currency);
	r = bsearch(&key, t->v, t->n, sizeof(*t->v), cmp_row);
	if (!r)
		return -1;
	*rate = r->rate;
	return 0;
}

int rate_table_knows(const struct rate_table *t, const char *currency)
{
	if (!strcmp(currency, "USD"))
		return 1;
	for (size_t i = 0; t && i < t->n; i++)
		if (!strcmp(t->v[i].currency, currency))
			return 1;
	return 0;
}

void rate_table_release(struct rate_table *t)
{
	if (!t)
		return;
	free(t->v);
	t->v = NULL;
	t->n = t->cap = 0;
}

/* Splits line into exactly 3 tab-separated cells; -1 otherwise. */
static int split3(char *line, char *cell[3])
{
	for (int i = 0; i < 3; i++) {
		char *tab = strchr(line, '\t');

		cell[i] = line;
		if (i < 2 && !tab)
			return -1;
		if (tab) {
			if (i == 2)
				return -1;
			*tab = '\0';
			line = tab + 1;
		}
	}
	return 0;
}

/* Adds a row where it belongs in (currency, month) order, so that the
 * table stays sorted while it is read; -1 when (month, currency) is
 * there already (USD, always 1, may repeat). */
static int insert_sorted(struct rate_table *t, const char *month,
			 const char *currency, double rate)
{
	struct rate_row key;
	size_t lo = 0, hi = t->n;

	snprintf(key.month, sizeof(key.month), "%s", month);
	snprintf(key.currency, sizeof(key.currency), "%s", currency);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cmp_row(&t->v[mid], &key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < t->n && !cmp_row(&t->v[lo], &key) && strcmp(currency, "USD"))
		return -1;
	rate_table_add(t, month, currency, rate);
	memmove(&t->v[lo + 1], &t->v[lo], (t->n - 1 - lo) * sizeof(*t->v));
	key.rate = rate;
	t->v[lo] = key;
	return 0;
}

static int parse_row(struct rate_table *t, char *line, const char *path,
		     long ln, struct diag *d)
{
	char *cell[3], *end;
	double rate;

	if (split3(line, cell) < 0)
		return diag_set(d, path, ln, 0, NULL,
				"expected 3 tab-separated columns");
	if (!month_valid(cell[0]))
		return diag_set(d, path, ln, 0, "month", "expected YYYY-MM");
	if (!agg_is_money(cell[1]))
		return diag_set(d, path, ln, 0, "currency",
				"expected an ISO 4217 code such as EUR");
	rate = strtod(cell[2], &end);
	if (end == cell[2] || *end || !isfinite(rate) || rate <= 0)
		return diag_set(d, path, ln, 0, "rate",
				"expected a positive number");
	if (insert_sorted(t, cell[0], cell[1], rate) < 0)
		return diag_set(d, path, ln, 0, NULL, "second rate for %s in %s",
				cell[1], cell[0]);
	return 0;
}

int rate_table_load(struct rate_table *t, const char *path, struct diag *d)
{
	struct line_reader *lr;
	char *line;
	size_t len;
	int rc, header = 0;

	if (line_reader_open(&lr, path, 4096, d) < 0)
		return -1;
	while ((rc = line_reader_next(lr, &line, &len, d)) > 0) {
		long ln = line_reader_lineno(lr);

		if (rc == 2) {
			rc = diag_set(d, path, ln, 0, NULL, "line too long");
			break;
		}
		if (!len || line[0] == '#')
			continue;
		if (!header) {
			header = 1;
			if (strcmp(line, "month\tcurrency\trate")) {
				rc = diag_set(d, path, ln, 0, NULL, "expected "
					      "the header 'month<TAB>currency<TAB>rate'");
				break;
			}
			continue;
		}
		if ((rc = parse_row(t, line, path, ln, d)) < 0)
			break;
	}
	line_reader_close(lr);
	return rc < 0 ? -1 : 0;
}
