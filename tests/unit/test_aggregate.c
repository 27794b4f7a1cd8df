/*
 * test_aggregate.c - tables of facts, and the statistics, duplicates,
 * conversions, trends and partials they must give (worked out by hand
 * in the comments).
 */
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gsl/gsl_errno.h>

#include "tally/aggregate.h"
#include "../../pipeline/aggregate_int.h"
#include "testhelp.h"

#define F(id_, src_, date_, cat_, val_, unit_, q_, place_, scope_, text_) \
	{ .bulletin_id = id_, .source = src_, .published = date_, \
	  .category = cat_, .value = val_, .unit = unit_, .qualifier = q_, \
	  .item = "", .place = place_, .scope = scope_, .text = text_, \
	  .sentence = "", .note = "", .title = "", .url = "" }

#define N(a) (sizeof(a) / sizeof(*(a)))

static int compute(const struct fact *f, size_t n, const struct agg_options *o,
		   struct aggregate_table *t)
{
	struct diag d;

	diag_clear(&d);
	if (aggregate_compute(f, n, o, t, &d) < 0) {
		fprintf(stderr, "aggregate_compute: %s\n", d.msg);
		return -1;
	}
	return 0;
}

static const struct agg_group *group(const struct aggregate_table *t,
				     const char *month, const char *cat,
				     const char *unit)
{
	for (size_t i = 0; i < t->ngroups; i++) {
		const struct agg_group *g = &t->groups[i];

		if ((!month || (g->month && !strcmp(g->month, month))) &&
		    !strcmp(g->category, cat) && !strcmp(g->unit, unit))
			return g;
	}
	return NULL;
}

/* ---- the scope rule ------------------------------------------------------- */

static void check_scope_rule(void)
{
	static const struct fact f[] = {
		/* a total, a part of it, the total again, a context figure */
		F("b1", "Interpol", "2024-01-10", "arrests", 1006, "count",
		  QUAL_EXACT, "", SCOPE_TOTAL, "1,006"),
		F("b1", "Interpol", "2024-01-10", "arrests", 150, "count",
		  QUAL_EXACT, "Angola", SCOPE_PART, "150"),
		F("b1", "Interpol", "2024-01-10", "arrests", 1006, "count",
		  QUAL_EXACT, "", SCOPE_TOTAL, "1,006"),
		F("b1", "Interpol", "2024-01-10", "arrests", 900, "count",
		  QUAL_EXACT, "", SCOPE_CONTEXT, "900 last year"),
		/* no total: distinct parts summed, a repeated part once */
		F("b2", "Interpol", "2024-01-11", "victims", 10, "count",
		  QUAL_EXACT, "Kenya", SCOPE_PART, "10"),
		F("b2", "Interpol", "2024-01-11", "victims", 20, "count",
		  QUAL_AT_LEAST, "Uganda", SCOPE_PART, "more than 20"),
		F("b2", "Interpol", "2024-01-11", "victims", 20, "count",
		  QUAL_AT_LEAST, "Uganda", SCOPE_PART, "more than 20"),
		/* two totals: the larger counts */
		F("b3", "Interpol", "2024-01-12", "countries", 19, "count",
		  QUAL_EXACT, "", SCOPE_TOTAL, "19"),
		F("b3", "Interpol", "2024-01-12", "countries", 7, "count",
		  QUAL_EXACT, "", SCOPE_TOTAL, "7"),
		/* a range: between 10 and 15 tonnes */
		F("b4", "Interpol", "2024-01-13", "seizure_quantity", 10, "t",
		  QUAL_AT_LEAST, "", SCOPE_TOTAL, "between 10"),
		F("b4", "Interpol", "2024-01-13", "seizure_quantity", 15, "t",
		  QUAL_AT_MOST, "", SCOPE_TOTAL, "15 tonnes"),
		/* only context: nothing summed */
		F("b5", "Interpol", "2024-01-14", "gdp_share", 2, "percent",
		  QUAL_EXACT, "", SCOPE_CONTEXT, "the 2% guideline"),
	};
	struct aggregate_table t;
	const struct agg_group *g;

	CHECK(compute(f, N(f), NULL, &t) == 0);
	CHECK(t.account.rows == 12 && t.account.facts == 12);
	CHECK(t.account.excluded[AGG_EXCL_CONTEXT] == 2);
	CHECK(t.account.excluded[AGG_EXCL_PART] == 1);
	CHECK(t.account.excluded[AGG_EXCL_REPEATED] == 2);
	CHECK(t.account.excluded[AGG_EXCL_SMALLER_TOTAL] == 1);
	/* used: b1 1, b2 2 parts, b3 1, b4 2 (the range) */
	CHECK(t.account.used == 6);
	CHECK(t.account.figures == 4);
	CHECK(t.account.bulletins == 5);
	CHECK((g = group(&t, "2024-01", "arrests", "count")) != NULL);
	CHECK_NUM(g->st.sum, 1006);
	CHECK(g->st.figures == 1 && g->st.facts == 1);
	CHECK((g = group(&t, "2024-01", "victims", "count")) != NULL);
	/* 10 exact + 20 at_least: [10 + 20, 10 + 22] */
	CHECK_NUM(g->st.sum, 30);
	CHECK_NUM(g->st.sum_low, 30);
	CHECK_NUM(g->st.sum_high, 32);
	CHECK(g->st.qual[AGG_QUAL_MIXED] == 1);
	CHECK(g->st.facts == 2);
	CHECK((g = group(&t, "2024-01", "countries", "count")) != NULL);
	CHECK_NUM(g->st.sum, 19);
	CHECK((g = group(&t, "2024-01", "seizure_quantity", "t")) != NULL);
	CHECK_NUM(g->st.sum, 12.5);
	CHECK_NUM(g->st.sum_low, 10);
	CHECK_NUM(g->st.sum_high, 15);
	CHECK(g->st.qual[AGG_QUAL_RANGE] == 1);
	CHECK(group(&t, "2024-01", "gdp_share", "percent") == NULL);
	aggregate_table_release(&t);
}

static void check_bounds(void)
{
	double lo, hi;

	agg_bounds(100, AGG_QUAL_AT_LEAST, &lo, &hi);
	CHECK_NUM(lo, 100);
	CHECK_NUM(hi, 110);
	agg_bounds(50, AGG_QUAL_AT_MOST, &lo, &hi);
	CHECK_NUM(lo, 45);
	CHECK_NUM(hi, 50);
	agg_bounds(200, AGG_QUAL_APPROX, &lo, &hi);
	CHECK_NUM(lo, 180);
	CHECK_NUM(hi, 220);
	agg_bounds(7, AGG_QUAL_EXACT, &lo, &hi);
	CHECK_NUM(lo, 7);
	CHECK_NUM(hi, 7);
}

/* ---- statistics by hand ------------------------------------------------- */

static void check_stats(void)
{
	/* values 1 2 3 4 10, one bulletin each, one source (no duplicates) */
	static const struct fact f[] = {
		F("s1", "S", "2024-03-01", "arrests", 3, "count", QUAL_EXACT, "", SCOPE_TOTAL, "3"),
		F("s2", "S", "2024-03-02", "arrests", 10, "count", QUAL_EXACT, "", SCOPE_TOTAL, "10"),
		F("s3", "S", "2024-03-03", "arrests", 1, "count", QUAL_EXACT, "", SCOPE_TOTAL, "1"),
		F("s4", "S", "2024-03-04", "arrests", 4, "count", QUAL_APPROX, "", SCOPE_TOTAL, "about 4"),
		F("s5", "S", "2024-03-05", "arrests", 2, "count", QUAL_EXACT, "", SCOPE_TOTAL, "2"),
	};
	struct aggregate_table t;
	const struct agg_group *g;

	CHECK(compute(f, N(f), NULL, &t) == 0);
	CHECK((g = group(&t, "2024-03", "arrests", "count")) != NULL);
	if (!g)
		return;
	CHECK(g->st.figures == 5 && g->st.bulletins == 5);
	CHECK_NUM(g->st.sum, 20);
	CHECK_NUM(g->st.sum_low, 19.6);	/* about 4: [3.6, 4.4] */
	CHECK_NUM(g->st.sum_high, 20.4);
	CHECK_NUM(g->st.min, 1);
	CHECK_NUM(g->st.max, 10);
	CHECK_NUM(g->st.mean, 4);
	CHECK_NUM(g->st.median, 3);
	CHECK_NUM(g->st.p10, 1.4);	/* rank 0.4: 1 + 0.4 (2 - 1) */
	CHECK_NUM(g->st.p90, 7.6);	/* rank 3.6: 4 + 0.6 (10 - 4) */
	CHECK_NUM(g->st.sd, sqrt(12.5));	/* (9 + 4 + 1 + 0 + 36) / 4 */
	CHECK_NUM(g->st.mad, 1);	/* |x - 3|: 0 1 1 2 7 */
	CHECK(g->st.hist[1] == 4 && g->st.hist[2] == 1);
	CHECK(g->st.qual[AGG_QUAL_EXACT] == 4 && g->st.qual[AGG_QUAL_APPROX] == 1);
	aggregate_table_release(&t);
}

/* ---- duplicates --------------------------------------------------------------- */

static const struct fact dup_facts[] = {
	F("d1", "Interpol", "2024-01-10", "arrests", 1000, "count", QUAL_EXACT, "Kenya", SCOPE_TOTAL, "1,000"),
	/* same source as d1: never its duplicate */
	F("d4", "Interpol", "2024-01-12", "arrests", 1000, "count", QUAL_EXACT, "Kenya", SCOPE_TOTAL, "1,000"),
	/* 0.89 % above d1, 10 days later, another source: a duplicate */
	F("d2", "Europol", "2024-01-20", "arrests", 1009, "count", QUAL_EXACT, "Kenya", SCOPE_TOTAL, "1,009"),
	/* another place */
	F("d6", "NATO", "2024-01-21", "arrests", 1000, "count", QUAL_EXACT, "Uganda", SCOPE_TOTAL, "1,000"),
	/* 1.1 % from d1 and d4: not within 1 % */
	F("d5", "NATO", "2024-01-25", "arrests", 1011, "count", QUAL_EXACT, "Kenya", SCOPE_TOTAL, "1,011"),
	/* 20 and 18 days after d1 and d4; d2 was not kept */
	F("d3", "Europol", "2024-01-30", "arrests", 1000, "count", QUAL_EXACT, "Kenya", SCOPE_TOTAL, "1,000"),
};

static void check_duplicates(void)
{
	struct agg_options o = { 0 };
	struct aggregate_table t;
	const struct agg_group *g;
	const struct agg_duplicate *u;

	CHECK(compute(dup_facts, N(dup_facts), &o, &t) == 0);
	CHECK(t.nduplicates == 1);
	if (t.nduplicates != 1)
		return;
	u = &t.duplicates[0];
	CHECK_STR(u->kept.bulletin_id, "d1");
	CHECK_STR(u->dup.bulletin_id, "d2");
	CHECK_STR(u->dup.text, "1,009");
	CHECK(u->days == 10 && u->excluded);
	CHECK_NUM(u->diff_pct, 9.0 / 1009 * 100);
	CHECK(t.account.duplicates == 1);
	CHECK(t.account.excluded[AGG_EXCL_DUPLICATE] == 1);
	CHECK((g = group(&t, "2024-01", "arrests", "count")) != NULL);
	CHECK_NUM(g->st.sum, 5011);
	CHECK(g->st.figures == 5);
	aggregate_table_release(&t);

	o.keep_duplicates = 1;
	CHECK(compute(dup_facts, N(dup_facts), &o, &t) == 0);
	CHECK(t.nduplicates == 1 && !t.duplicates[0].excluded);
	CHECK((g = group(&t, "2024-01", "arrests", "count")) != NULL);
	CHECK_NUM(g->st.sum, 6020);
	CHECK(t.account.excluded[AGG_EXCL_DUPLICATE] == 0);
	aggregate_table_release(&t);
}

/* Small figures without a place are too common to tie two reports to one
 * event; with a place, or large, they are. */
static void check_duplicates_distinctive(void)
{
	static const struct fact f[] = {
		F("s1", "Interpol", "2024-03-01", "countries", 32, "count", QUAL_EXACT, "", SCOPE_TOTAL, "32 countries"),
		F("s2", "NATO", "2024-03-05", "countries", 32, "count", QUAL_EXACT, "", SCOPE_TOTAL, "32 Allies"),
		F("s3", "Interpol", "2024-03-01", "arrests", 12, "count", QUAL_EXACT, "Chile", SCOPE_TOTAL, "12"),
		F("s4", "Europol", "2024-03-06", "arrests", 12, "count", QUAL_EXACT, "Chile", SCOPE_TOTAL, "twelve"),
		F("s5", "Interpol", "2024-03-02", "victims", 150, "count", QUAL_EXACT, "", SCOPE_TOTAL, "150"),
		F("s6", "Europol", "2024-03-07", "victims", 150, "count", QUAL_EXACT, "", SCOPE_TOTAL, "150"),
	};
	struct aggregate_table t;

	CHECK(compute(f, N(f), NULL, &t) == 0);
	CHECK(t.nduplicates == 2);
	for (size_t i = 0; i < t.nduplicates; i++)
		CHECK(strcmp(t.duplicates[i].category, "countries") != 0);
	aggregate_table_release(&t);
}

/* A group whose only figure is a duplicate is empty: no mean of 0. */
static void check_empty_group(void)
{
	static const struct fact f[] = {
		F("e1", "Interpol", "2024-01-31", "arrests", 500, "count", QUAL_EXACT, "Peru", SCOPE_TOTAL, "500"),
		F("e2", "Europol", "2024-02-02", "arrests", 500, "count", QUAL_EXACT, "Peru", SCOPE_TOTAL, "500"),
	};
	struct aggregate_table t;
	const struct agg_group *g;
	const struct agg_series *se;

	CHECK(compute(f, N(f), NULL, &t) == 0);
	CHECK((g = group(&t, "2024-02", "arrests", "count")) != NULL);
	if (g) {
		CHECK(g->st.figures == 0 && g->st.bulletins == 0);
		CHECK_NUM(g->st.sum, 0);
		CHECK(isnan(g->st.mean) && isnan(g->st.median));
		CHECK(isnan(g->st.min) && isnan(g->st.sd) && isnan(g->st.mad));
	}
	CHECK((se = aggregate_find_series(&t, "arrests", "count")) != NULL);
	if (se && se->npoints == 2) {
		CHECK(isnan(se->points[1].mean));
		CHECK_NUM(se->points[1].sum, 0);
		CHECK(se->points[1].all_bulletins == 1);
		CHECK_STR(se->change.month, "2024-02");
		CHECK_NUM(se->change.abs, -500);
		CHECK_NUM(se->change.pct, -100);
	}
	aggregate_table_release(&t);
}

/* ---- currency ------------------------------------------------------------------ */

static void check_currency(void)
{
	static const struct fact f[] = {
		F("c1", "NATO", "2024-01-05", "funding", 9e6, "EUR", QUAL_EXACT, "", SCOPE_TOTAL, "EUR 9 million"),
		F("c2", "NATO", "2024-01-06", "funding", 1e6, "USD", QUAL_EXACT, "", SCOPE_TOTAL, "USD 1 million"),
		F("c3", "NATO", "2024-01-07", "funding", 5e6, "XYZ", QUAL_EXACT, "", SCOPE_TOTAL, "XYZ 5 million"),
		F("c4", "NATO", "2030-01-07", "funding", 2e6, "EUR", QUAL_EXACT, "", SCOPE_TOTAL, "EUR 2 million"),
	};
	struct rate_table rt = RATE_TABLE_INIT;
	struct agg_options o = { 0 };
	struct aggregate_table t;
	const struct agg_group *g;

	rate_table_add(&rt, "2024-01", "EUR", 0.9);
	rate_table_add(&rt, "2024-01", "GBP", 0.8);
	rate_table_sort(&rt);
	o.rates = &rt;
	CHECK(compute(f, N(f), &o, &t) == 0);
	/* EUR 9 million / 0.9 EUR per USD + USD 1 million */
	CHECK((g = group(&t, "2024-01", "funding", "USD")) != NULL);
	if (g) {
		CHECK_NUM(g->st.sum, 11e6);
		CHECK(g->converted && g->st.figures == 2);
	}
	CHECK((g = group(&t, "2024-01", "funding", "XYZ")) != NULL);
	if (g) {
		CHECK_NUM(g->st.sum, 5e6);
		CHECK(!g->converted);
	}
	CHECK((g = group(&t, "2030-01", "funding", "EUR")) != NULL);
	CHECK(t.account.unconverted == 2);
	CHECK(t.nunconverted == 2 && t.nconversions == 1);
	if (t.nunconverted == 2) {
		CHECK_STR(t.unconverted[0].currency, "EUR");
		CHECK_STR(t.unconverted[0].reason, "no EUR rate for 2030-01");
		CHECK_STR(t.unconverted[1].reason, "no rate for currency XYZ");
	}
	CHECK(aggregate_find_series(&t, "funding", "USD") != NULL);
	CHECK(aggregate_find_series(&t, "funding", "XYZ") == NULL);
	aggregate_table_release(&t);

	/* another reporting currency: USD 1 million at 0.8 GBP per USD */
	snprintf(o.currency, sizeof(o.currency), "GBP");
	CHECK(compute(f + 1, 1, &o, &t) == 0);
	CHECK((g = group(&t, "2024-01", "funding", "GBP")) != NULL);
	if (g)
		CHECK_NUM(g->st.sum, 0.8e6);
	aggregate_table_release(&t);
	rate_table_release(&rt);
}

/* ---- trends ----------------------------------------------------------------------- */

static void series_of(struct agg_series *se, const double *y, size_t n)
{
	static const char *const months[] = {
		"2024-01", "2024-02", "2024-03", "2024-04", "2024-05", "2024-06"
	};

	memset(se, 0, sizeof(*se));
	se->points = calloc(n, sizeof(*se->points));
	se->npoints = n;
	for (size_t i = 0; i < n; i++) {
		se->points[i].month = months[i];
		se->points[i].sum = y[i];
	}
}

static void check_trends(void)
{
	/* y = 1 2 3 5: slope 6.5 / 5 = 1.3, SSE 0.3, se = sqrt(0.15 / 5),
	 * t(0.975, 2) = 4.302653, interval 1.3 +- 0.745241 */
	static const double up[] = { 1, 2, 3, 5 };
	static const double noisy[] = { 10, 50, 5, 60, 8, 40 };
	static const double three[] = { 1, 2, 3 };
	static const double gap[] = { 1, NAN, 3, 5, 7 };
	struct agg_series se;

	series_of(&se, up, 4);
	agg_trend_compute(&se, 12);
	CHECK(se.trend.used == 4);
	CHECK_NUM(se.trend.slope, 1.3);
	CHECK(fabs(se.trend.ci_low - (1.3 - 4.302652729 * sqrt(0.03))) < 1e-6);
	CHECK(fabs(se.trend.ci_high - (1.3 + 4.302652729 * sqrt(0.03))) < 1e-6);
	CHECK(se.trend.flagged && se.trend.direction == 1);
	free(se.points);

	series_of(&se, noisy, 6);
	agg_trend_compute(&se, 12);
	CHECK(!se.trend.flagged && se.trend.direction == 0);
	CHECK(se.trend.ci_low < 0 && se.trend.ci_high > 0);
	free(se.points);

	/* three months: an interval, but never a trend */
	series_of(&se, three, 3);
	agg_trend_compute(&se, 12);
	CHECK(se.trend.used == 3 && !se.trend.flagged);
	free(se.points);

	/* a month without bulletins is left out, not taken as 0; the window
	 * is the last 4 months (3, 5, 7 and the gap) */
	series_of(&se, gap, 5);
	agg_trend_compute(&se, 4);
	CHECK(se.trend.used == 3);
	agg_trend_compute(&se, 12);
	CHECK(se.trend.used == 4 && se.trend.flagged);
	agg_change_compute(&se);
	CHECK_NUM(se.change.abs, 2);
	CHECK_NUM(se.change.pct, 40);
	free(se.points);
}

/* ---- writing, loading and partials --------------------------------------------- */

static char *tmpname(void)
{
	char path[] = "/tmp/test_aggregate.XXXXXX";
	int fd = mkstemp(path);

	close(fd);
	return strdup(path);
}

static void write_to(const char *path, const struct strbuf *sb)
{
	FILE *fp = fopen(path, "w");

	fwrite(sb->buf, 1, sb->len, fp);
	fclose(fp);
}

static int count_one(const struct agg_duplicate *u, void *ctx)
{
	(void)u;
	++*(long *)ctx;
	return 0;
}

static int count_key(const char *published, const char *bulletin_id,
		     const char *category, const char *unit, void *ctx)
{
	CHECK(!strncmp(published, "2024-01", 7) && !strcmp(bulletin_id, "d2") &&
	      !strcmp(category, "arrests") && !strcmp(unit, "count"));
	++*(long *)ctx;
	return 0;
}

static long count_dups(const struct aggregate_table *t, const char *from,
		       const char *to)
{
	long n = 0;

	aggregate_table_duplicates(t, from, to, count_one, &n);
	return n;
}

static void check_json_round_trip(void)
{
	struct aggregate_table t, u;
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	struct diag d;
	char *path = tmpname();

	diag_clear(&d);
	CHECK(compute(dup_facts, N(dup_facts), NULL, &t) == 0);
	aggregate_write_json(&t, &a);
	write_to(path, &a);
	CHECK(aggregate_load_json(path, &u, &d) == 0);
	aggregate_write_json(&u, &b);
	CHECK(a.len == b.len && !memcmp(a.buf, b.buf, a.len));
	CHECK(u.ngroups == t.ngroups && count_dups(&u, NULL, NULL) == 1);
	CHECK(u.nmonths == 1 && u.dup_months[0].listed == 1 &&
	      u.dup_months[0].excluded == 1);
	CHECK(aggregate_find_series(&u, "arrests", "count") != NULL);
	aggregate_table_release(&t);
	aggregate_table_release(&u);

	/* a broken table names the member at fault */
	strbuf_reset(&a);
	strbuf_addstr(&a, "{\"format\":\"tally-aggregate\",\"version\":2}");
	write_to(path, &a);
	diag_clear(&d);
	CHECK(aggregate_load_json(path, &u, &d) < 0);
	CHECK_STR(d.field, "version");
	unlink(path);
	free(path);
	strbuf_release(&a);
	strbuf_release(&b);
}

/* Writes the table of dup_facts with its one duplicate repeated n times,
 * each on its own line, element bad (if < n) broken; returns the path. */
static char *big_table(size_t n, size_t bad)
{
	struct aggregate_table t;
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	const char *open_, *close_;
	char *path = tmpname(), *one;
	size_t olen;

	CHECK(compute(dup_facts, N(dup_facts), NULL, &t) == 0);
	aggregate_write_json(&t, &a);
	open_ = strstr(a.buf, "\"duplicates\":[");
	close_ = open_ ? strstr(open_, "}}]") : NULL;
	CHECK(open_ && close_);
	open_ += strlen("\"duplicates\":[");
	olen = (size_t)(close_ + 2 - open_);
	one = strndup(open_, olen);
	strbuf_add(&b, a.buf, (size_t)(open_ - a.buf));
	for (size_t i = 0; i < n; i++) {
		strbuf_addstr(&b, i ? ",\n  " : "\n  ");
		if (i == bad)	/* a number where the object goes */
			strbuf_addstr(&b, "{\"category\": 12}");
		else
			strbuf_add(&b, one, olen);
	}
	strbuf_addstr(&b, "\n]");
	strbuf_addstr(&b, close_ + 3);
	write_to(path, &b);
	free(one);
	aggregate_table_release(&t);
	strbuf_release(&a);
	strbuf_release(&b);
	return path;
}

/* The loader reads a long list of duplicates an element at a time (in
 * chunks of a megabyte) into the spill: same list, same bytes out, and
 * an error past the first chunk still names its element and line. */
static void check_json_load_streams(void)
{
	struct aggregate_table u, w;
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	struct diag d;
	size_t n = 12000;	/* some 4 MB */
	char *path = big_table(n, n), *path2;

	diag_clear(&d);
	CHECK(aggregate_load_json(path, &u, &d) == 0);
	CHECK(u.spill != NULL && u.nduplicates == 0);
	CHECK(count_dups(&u, NULL, NULL) == (long)n);
	CHECK(count_dups(&u, "2024-01", "2024-01") == (long)n);
	CHECK(count_dups(&u, "2024-02", NULL) == 0);
	CHECK(count_dups(&u, NULL, "2023-12") == 0);
	CHECK(u.dup_months[0].listed == (long)n);
	{
		long k = 0;

		aggregate_table_duplicate_keys(&u, "2024-01", "2024-01", count_key, &k);
		CHECK(k == (long)n);
		k = 0;
		aggregate_table_duplicate_keys(&u, "2024-02", NULL, count_key, &k);
		CHECK(k == 0);
	}
	CHECK(aggregate_table_dups_excluded(&u, 0, 0) == (long)n);
	/* written out and read again: the same bytes */
	aggregate_write_json(&u, &a);
	path2 = tmpname();
	write_to(path2, &a);
	CHECK(aggregate_load_json(path2, &w, &d) == 0);
	aggregate_write_json(&w, &b);
	CHECK(a.len == b.len && !memcmp(a.buf, b.buf, a.len));
	aggregate_table_release(&u);
	aggregate_table_release(&w);
	unlink(path);
	unlink(path2);
	free(path);
	free(path2);

	/* element 9000 broken: its index, and the line it is on */
	path = big_table(n, 9000);
	diag_clear(&d);
	CHECK(aggregate_load_json(path, &u, &d) < 0);
	CHECK(strstr(d.msg, "duplicates[9000]") != NULL);
	CHECK_STR(d.field, "category");
	unlink(path);
	free(path);

	/* a syntax error far into the file: file:line:col */
	path = big_table(n, n);
	{
		FILE *fp = fopen(path, "r+");
		long lines = 0, at = 0;
		int c;

		while ((c = fgetc(fp)) != EOF && lines < 7001)
			if (c == '\n')
				lines++;
		at = ftell(fp);	/* line 7002, column 2 */
		fseek(fp, at + 1, SEEK_SET);
		fputc('!', fp);
		fclose(fp);
		diag_clear(&d);
		CHECK(aggregate_load_json(path, &u, &d) < 0);
		CHECK(d.line == lines + 1);
		CHECK(d.col >= 2 && d.col <= 3);
	}
	unlink(path);
	free(path);

	/* the object must be whole, alone and without repeated members */
	{
		static const char *const bad[] = {
			"{\"format\":\"tally-aggregate\"",
			"{\"duplicates\":[],\"duplicates\":[]}",
			"{\"duplicates\":[] \"x\":1}",
			"[1]",
			"",
		};

		path = tmpname();
		for (size_t i = 0; i < N(bad); i++) {
			strbuf_reset(&a);
			strbuf_addstr(&a, bad[i]);
			write_to(path, &a);
			diag_clear(&d);
			CHECK(aggregate_load_json(path, &u, &d) < 0);
			CHECK(d.msg[0] != '\0');
		}
		strbuf_reset(&a);
		CHECK(compute(dup_facts, N(dup_facts), NULL, &w) == 0);
		aggregate_write_json(&w, &a);
		aggregate_table_release(&w);
		strbuf_addstr(&a, " {}");
		write_to(path, &a);
		diag_clear(&d);
		CHECK(aggregate_load_json(path, &u, &d) < 0);
		CHECK(strstr(d.msg, "end of the file") != NULL);
		/* a duplicate kept in the sums of a table that keeps none */
		a.len -= 3;
		a.buf[a.len] = '\0';
		{
			char *x = strstr(a.buf, "\"excluded\":true");

			CHECK(x != NULL);
			if (x) {
				size_t at = (size_t)(x - a.buf) + 11;

				strbuf_reset(&b);
				strbuf_add(&b, a.buf, at);
				strbuf_addstr(&b, "false");
				strbuf_addstr(&b, a.buf + at + 4);
			}
		}
		write_to(path, &b);
		diag_clear(&d);
		CHECK(aggregate_load_json(path, &u, &d) < 0);
		CHECK_STR(d.field, "duplicates");
		unlink(path);
		free(path);
	}
	strbuf_release(&a);
	strbuf_release(&b);
}

/* Facts split into shards by bulletin, written as partials, merged in
 * reverse order: the same JSON as one run. */
static void check_partials(void)
{
	struct agg_options o = { 0 };
	struct aggregate_table whole, merged;
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	struct agg_state *m = agg_state_new(NULL);
	char *paths[3];
	struct diag d;

	diag_clear(&d);
	CHECK(compute(dup_facts, N(dup_facts), &o, &whole) == 0);
	aggregate_write_json(&whole, &a);
	for (int k = 0; k < 3; k++) {
		struct agg_state *s = agg_state_new(&o);
		struct strbuf p = STRBUF_INIT;

		for (size_t i = (size_t)k; i < N(dup_facts); i += 3)
			agg_state_add(s, &dup_facts[i], "mem", 0, &d);
		agg_partial_write(s, &p);
		paths[k] = tmpname();
		write_to(paths[k], &p);
		strbuf_release(&p);
		agg_state_free(s);
	}
	for (int k = 2; k >= 0; k--)
		CHECK(agg_partial_load(m, paths[k], &d) == 0);
	CHECK(agg_state_finish(m, &merged, &d) == 0);
	aggregate_write_json(&merged, &b);
	CHECK(a.len == b.len && !memcmp(a.buf, b.buf, a.len));
	agg_state_free(m);
	aggregate_table_release(&merged);

	/* the same bulletin in two partials is refused */
	m = agg_state_new(NULL);
	CHECK(agg_partial_load(m, paths[0], &d) == 0);
	CHECK(agg_partial_load(m, paths[0], &d) == 0);
	CHECK(agg_state_finish(m, &merged, &d) < 0 && strstr(d.msg, "two partials"));
	agg_state_free(m);
	for (int k = 0; k < 3; k++) {
		unlink(paths[k]);
		free(paths[k]);
	}
	aggregate_table_release(&whole);
	aggregate_table_release(&merged);
	strbuf_release(&a);
	strbuf_release(&b);
}

/* Facts of a bulletin must be together. */
static void check_contiguity(void)
{
	static const struct fact f[] = {
		F("x1", "S", "2024-01-01", "arrests", 1, "count", QUAL_EXACT, "", SCOPE_TOTAL, "1"),
		F("x2", "S", "2024-01-01", "arrests", 2, "count", QUAL_EXACT, "", SCOPE_TOTAL, "2"),
		F("x1", "S", "2024-01-01", "victims", 3, "count", QUAL_EXACT, "", SCOPE_TOTAL, "3"),
	};
	struct aggregate_table t;

	CHECK(compute(f, N(f), NULL, &t) == 0);
	CHECK(t.account.bad_rows == 1 && t.account.facts == 2);
	aggregate_table_release(&t);
}

/* YYYY-MM-DD of day 0 = 2023-01-01 plus day. */
static void date_of(int day, char buf[16])
{
	static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
				       30, 31 };
	int y = 2023, m = 0;

	for (;;) {
		int n = mdays[m] + (m == 1 && y % 4 == 0);

		if (day < n)
			break;
		day -= n;
		if (++m == 12) {
			m = 0;
			y++;
		}
	}
	snprintf(buf, 16, "%04d-%02d-%02d", y % 10000, (m + 1) % 100,
		 (day + 1) % 100);
}

/* Feeds days [from, to) of a synthetic stream: 20 bulletins a day, half
 * of them with a figure of its own (values that never repeat, so new
 * keys in the duplicate check all the time), half with figures that
 * duplicate each other across two sources; every 50th day one bulletin
 * 40 days late, whose duplicate comes out of order. */
static void feed_days(struct agg_state *s, int from, int to,
		      struct agg_sizes *most)
{
	for (int day = from; day < to; day++) {
		for (int b = 0; b < 21; b++) {
			char id[32], date[16];
			struct fact f = F(id, b % 2 || b == 20 ? "S1" : "S2", date,
					  "seizures",
					  0, "kg", QUAL_EXACT, "", SCOPE_TOTAL, "x");
			struct diag d;

			if (b == 20 && (day % 50 || day < 50))
				continue;
			snprintf(id, sizeof(id), "b%05d-%02d", day, b);
			date_of(b == 20 ? day - 40 : day, date);
			f.value = b < 10 ? 100 * pow(1.03, day * 10 + b) :
				  1000 + b % 5;
			diag_clear(&d);
			agg_state_add(s, &f, "(test)", day * 21 + b + 1, &d);
		}
		if (most) {
			struct agg_sizes z;

			agg_state_sizes(s, &z);
			most->pending = z.pending > most->pending ? z.pending : most->pending;
			most->dd_figures = z.dd_figures > most->dd_figures ?
					   z.dd_figures : most->dd_figures;
			most->dd_keys = z.dd_keys > most->dd_keys ? z.dd_keys :
					most->dd_keys;
			most->dups = z.dups > most->dups ? z.dups : most->dups;
		}
	}
}

/* --sketch with the duplicates spilled: what the state holds follows
 * the groups and the window (bulletins per day), not the facts; and the
 * table written is the same as with the duplicates held in memory. */
static void check_sketch_bounded(void)
{
	struct agg_options o = { .sketch = 1 };
	struct agg_state *s = agg_state_new(&o), *m = agg_state_new(&o);
	struct agg_sizes first = { 0 }, later = { 0 }, z;
	struct aggregate_table t, u;
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	struct diag d;

	agg_state_spill_duplicates(s);
	feed_days(s, 0, 200, &first);
	feed_days(s, 200, 600, &later);
	agg_state_sizes(s, &z);
	CHECK(first.pending > 0 && first.dd_figures > 0 && first.dd_keys > 0);
	CHECK(later.pending <= (31 + 7) * 20);	/* late_days and a week */
	CHECK(later.dd_figures <= first.dd_figures);
	CHECK(later.dd_keys <= 2 * first.dd_keys);
	CHECK(later.dups <= 12);	/* the late ones only */
	CHECK(z.figures == 0);
	CHECK(z.groups == 2 * 20);	/* 20 months, two sets */
	feed_days(m, 0, 600, NULL);
	diag_clear(&d);
	CHECK(agg_state_finish(s, &t, &d) == 0);
	CHECK(agg_state_finish(m, &u, &d) == 0);
	CHECK(t.account.duplicates > 1000 && t.account.late == 11);
	CHECK(t.spill && t.nduplicates <= 12 && u.nduplicates > 1000);
	aggregate_write_json(&t, &a);
	aggregate_write_json(&u, &b);
	CHECK(a.len == b.len && !memcmp(a.buf, b.buf, a.len));
	strbuf_release(&a);
	strbuf_release(&b);
	aggregate_table_release(&t);
	aggregate_table_release(&u);
	agg_state_free(s);
	agg_state_free(m);
}

/* fmt_double() as it was: the shortest of %.15g, %.16g, %.17g that
 * reads back; its short cut for whole numbers must write the same. */
static const char *fmt_slow(char *buf, size_t size, double v)
{
	if (v == 0)
		return snprintf(buf, size, "0"), buf;
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(buf, size, "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	return buf;
}

static void check_formatting(void)
{
	static const double v[] = {
		1, -1, 7, 10, 100, 1e6, 123456789, 999999999999999,
		-999999999999999, 1e15, 1e15 + 2, 1e16, 9007199254740993.0,
		1e300, -1e300, 0.5, 2.5, 1e-7, 0.1, 1.0 / 3, 64180, -0.0
	};
	static const long l[] = { 0, 1, -1, 42, -42, 1000000, LONG_MAX,
				  LONG_MIN };
	char a[40], b[40];
	unsigned x = 12345;

	for (size_t i = 0; i < N(v); i++)
		CHECK_STR(fmt_double(a, sizeof(a), v[i]), fmt_slow(b, sizeof(b), v[i]));
	for (int i = 0; i < 20000; i++) {	/* whole numbers of all sizes */
		double w;

		x = x * 1103515245u + 12345u;
		w = floor(ldexp((double)x, (int)(x % 50)) / 3) * (x & 1 ? -1 : 1);
		fmt_double(a, sizeof(a), w);
		fmt_slow(b, sizeof(b), w);
		if (strcmp(a, b)) {
			CHECK_STR(a, b);
			break;
		}
	}
	for (int i = 0; i < 300000; i++) {	/* any double, and ratios */
		uint64_t bits = 0;
		double w;

		for (int k = 0; k < 4; k++) {
			x = x * 1103515245u + 12345u;
			bits = bits << 16 | (x >> 8 & 0xffff);
		}
		memcpy(&w, &bits, sizeof(w));
		if (i % 3 == 1)
			w = (double)(bits % 1000003) / (double)(bits % 997 + 1) * 100;
		else if (i % 3 == 2)
			w = (double)(bits % 100000000) / pow(10, (double)(bits % 23));
		if (!isfinite(w))
			continue;
		fmt_double(a, sizeof(a), w);
		fmt_slow(b, sizeof(b), w);
		if (strcmp(a, b)) {
			CHECK_STR(a, b);
			break;
		}
	}
	for (size_t i = 0; i < N(l); i++) {
		struct strbuf sb = STRBUF_INIT;

		strbuf_add_long(&sb, l[i]);
		snprintf(b, sizeof(b), "%ld", l[i]);
		CHECK_STR(sb.buf, b);
		strbuf_release(&sb);
	}
}

static void check_by(void)
{
	unsigned by;

	CHECK(agg_by_parse("month,source", &by) == 0);
	CHECK(by == (AGG_BY_MONTH | AGG_BY_SOURCE | AGG_BY_UNIT));
	CHECK(agg_by_parse("month,colour", &by) < 0);
}

int main(void)
{
	gsl_set_error_handler_off();
	check_scope_rule();
	check_bounds();
	check_stats();
	check_duplicates();
	check_duplicates_distinctive();
	check_empty_group();
	check_currency();
	check_trends();
	check_json_round_trip();
	check_json_load_streams();
	check_partials();
	check_contiguity();
	check_by();
	check_formatting();
	check_sketch_bounded();
	return TEST_REPORT();
}
