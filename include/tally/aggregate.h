/*
 * aggregate.h - monthly statistics from facts, without double counting,
 * from one run or merged from partial runs.
 *
 * The flow is
 *
 *     facts --agg_state_add--> state --agg_state_finish--> aggregate_table
 *                              state --agg_partial_write--> partial file
 *     partial files --agg_partial_load--> state (merged) --finish--> table
 *
 * and a table is written with aggregate_write_json() (the format of
 * schemas/aggregate.schema.json) and read back with aggregate_load_json(),
 * so that chart and report code never parse the JSON themselves.
 *
 * Rules (docs-aggregate.md gives the reasons):
 * - One figure per bulletin per (category, unit): context facts are never
 *   summed; when a bulletin has a `total`, its largest total is the figure
 *   and its `part`s are left out; without a total, the distinct parts are
 *   summed; a figure repeated in one bulletin counts once.
 * - A figure of another bulletin with the same category, unit and place,
 *   a different source, a value within 1 % and a publication date within
 *   14 days of an earlier kept figure is a probable duplicate: listed, and
 *   kept out of sums unless keep_duplicates.  Only distinctive figures
 *   take part: with a place, or of at least 100 in their unit.
 * - Money is converted into the reporting currency at the month's rate;
 *   a figure whose currency or month the rate table lacks stays in its own
 *   currency, in its own group, and is listed as unconverted.
 * - Facts of one bulletin are contiguous in the input (tally extract writes
 *   them so), and a run split across processes is split by bulletin: all
 *   facts of a bulletin in one shard.  Exact mode checks both.
 *
 * Determinism: a table holds no file names, clocks or addresses; groups
 * are sorted; in exact mode every statistic is computed from the sorted
 * values, so the table of a whole run and the merge of any sharding of it,
 * in any order, are written byte for byte the same.
 *
 * Ownership: a table owns all its strings (in its arena) and arrays;
 * aggregate_table_release() frees them.  Undefined statistics (the mean of
 * an empty group, the sd of one value, a trend of too few months) are NAN
 * in memory and null in JSON; never 0.
 *
 * Errors: functions return 0 or -1 and fill a caller-owned struct diag;
 * agg_state_add() returns 2 for a fact it refuses (the diag says why).
 * Nothing here prints.  GSL's error handler must be off
 * (gsl_set_error_handler_off(), done by cli_main()); results are checked.
 */
#ifndef TALLY_AGGREGATE_H
#define TALLY_AGGREGATE_H

#include <stddef.h>

#include "tally/diag.h"
#include "tally/fact.h"
#include "tally/util.h"

/* ---- rates ------------------------------------------------------------ */

/*
 * Monthly average exchange rates: rows (month YYYY-MM, currency, rate)
 * where rate is units of the currency per 1 USD.  USD itself is 1 in
 * every month whether listed or not.
 */
struct rate_row {
	char month[8];
	char currency[8];
	double rate;
};

struct rate_table {
	struct rate_row *v;	/* sorted by (currency, month) once loaded */
	size_t n, cap;
};

#define RATE_TABLE_INIT { NULL, 0, 0 }

/* Reads a rates TSV ("#" comments, a header "month currency rate", then
 * rows); a bad row fails with file:line and the column at fault. */
int rate_table_load(struct rate_table *t, const char *path, struct diag *d);
/* Adds one row (for tests and callers that build tables in memory);
 * call rate_table_sort() before looking up. */
void rate_table_add(struct rate_table *t, const char *month,
		    const char *currency, double rate);
void rate_table_sort(struct rate_table *t);
/* Units of currency per USD in month: 0 and *rate set, or -1. */
int rate_table_lookup(const struct rate_table *t, const char *month,
		      const char *currency, double *rate);
/* 1 when the table has the currency in any month. */
int rate_table_knows(const struct rate_table *t, const char *currency);
void rate_table_release(struct rate_table *t);

/* ---- options ---------------------------------------------------------- */

/* Group keys; unit is always one (sums never mix units). */
enum {
	AGG_BY_MONTH = 1, AGG_BY_CATEGORY = 2, AGG_BY_UNIT = 4,
	AGG_BY_SOURCE = 8, AGG_BY_PLACE = 16
};
#define AGG_BY_DEFAULT (AGG_BY_MONTH | AGG_BY_CATEGORY | AGG_BY_UNIT)

/* Parses "month,category,unit" into AGG_BY_* bits (unit added); -1 when
 * a name is unknown. */
int agg_by_parse(const char *s, unsigned *by);

struct agg_options {
	unsigned by;		/* AGG_BY_*; 0 means AGG_BY_DEFAULT */
	char currency[8];	/* reporting currency; "" means USD */
	const struct rate_table *rates;	/* NULL: no money converted */
	int keep_duplicates;	/* include probable duplicates in sums */
	int trend_months;	/* 0 means 12 */
	int sketch;		/* bounded memory: quantile sketches */
	double sketch_alpha;	/* relative error of the sketch; 0: 0.01 */
	int late_days;		/* sketch: disorder allowed in publication
				 * order for the duplicate window; 0: 31 */
	int partial;		/* the run ends in agg_partial_write() (in
				 * sketch mode the distinctive figures are
				 * then kept, in canonical order in a
				 * temporary file, for the merge's duplicate
				 * check; in exact mode every figure's line,
				 * in input order, past 8 MB in a temporary
				 * file) */
	size_t run_bytes;	/* exact mode: figures held before a sorted
				 * run is written out; 0: 8 MB */
};

/* ---- the table -------------------------------------------------------- */

/* How a figure's qualifiers combine (a range is an at_least and an
 * at_most total of one bulletin; mixed is a sum of parts of several). */
enum agg_qual {
	AGG_QUAL_EXACT, AGG_QUAL_AT_LEAST, AGG_QUAL_AT_MOST, AGG_QUAL_APPROX,
	AGG_QUAL_RANGE, AGG_QUAL_MIXED, AGG_QUAL__COUNT
};
const char *agg_qual_name(enum agg_qual q);

/* The margin that at_least, at_most and approx figures get in sum_low
 * and sum_high: "more than 100" enters as [100, 110]. */
#define AGG_QUAL_MARGIN 0.10

/* Why a valid fact was not used in a sum. */
enum agg_excl {
	AGG_EXCL_CONTEXT,	/* scope context */
	AGG_EXCL_PART,		/* a part of a bulletin that gives a total */
	AGG_EXCL_REPEATED,	/* the same figure again in one bulletin */
	AGG_EXCL_SMALLER_TOTAL,	/* a smaller total of the same bulletin */
	AGG_EXCL_DUPLICATE,	/* in a probable duplicate of another report */
	AGG_EXCL__COUNT
};
const char *agg_excl_name(enum agg_excl e);

struct agg_account {
	long rows;		/* rows read: facts + bad_rows */
	long bad_rows;		/* rows skipped (file:line reported) */
	long facts;		/* valid facts: used + excluded */
	long used;		/* facts behind the figures in sums */
	long excluded[AGG_EXCL__COUNT];
	long bulletins;		/* bulletins with at least one valid fact */
	long figures;		/* one per bulletin per (category, unit) */
	long duplicates;	/* figures found to be probable duplicates */
	long unconverted;	/* money figures left in their own currency */
	long late;		/* sketch: figures too late for the window */
};

/* Histogram bins shared by every group and every partial: [0,1), then
 * decades [1,10), [10,100), ... [1e14,1e15). */
#define AGG_HIST_BINS 16
extern const double agg_hist_edges[AGG_HIST_BINS + 1];

struct agg_stats {
	long facts;		/* fact rows behind the figures */
	long figures;		/* figures in the sums */
	long bulletins;		/* distinct bulletins behind them */
	double sum, sum_low, sum_high;
	double min, max, mean, median, p10, p90, sd, mad;	/* NAN: none */
	long qual[AGG_QUAL__COUNT];	/* figures by qualifier */
	long hist[AGG_HIST_BINS];
	long hist_outside;	/* values below 0 or from 1e15 up */
	int approximate;	/* quantiles and mad from a sketch */
};

/* A group: keys not in `by` are NULL; "" is a real empty value (a
 * figure with no place). */
struct agg_group {
	const char *month, *category, *unit, *source, *place;
	int converted;		/* money in the reporting currency */
	struct agg_stats st;
};

struct agg_point {
	const char *month;
	long figures, bulletins;
	long all_bulletins;	/* bulletins of any kind that month */
	double sum, sum_low, sum_high;	/* NAN when all_bulletins is 0 */
	double mean;		/* NAN when figures is 0 */
	double per_bulletin;	/* sum / all_bulletins; NAN when none */
};

struct agg_trend {
	int months;		/* the window asked for (last N months) */
	int used;		/* months with data in it */
	double slope, intercept;	/* per month; x = 0 is the window's first */
	double ci_low, ci_high;	/* 95 % interval of the slope */
	int flagged;		/* used >= 4 and the interval excludes 0 */
	int direction;		/* +1 up, -1 down, 0 none (not flagged) */
};

struct agg_change {
	const char *month, *previous;	/* NULL when fewer than 2 months */
	double abs, pct;	/* NAN when undefined */
};

/* A monthly series of one (category, unit), in the reporting currency
 * for money; one point for every month of the table. */
struct agg_series {
	const char *category, *unit;
	struct agg_point *points;
	size_t npoints;
	struct agg_trend trend;
	struct agg_change change;
};

struct agg_coverage {
	const char *source, *month;
	long bulletins;
};

struct agg_report_ref {
	const char *bulletin_id, *source, *published, *text;
	double value;
};

struct agg_duplicate {
	const char *category, *unit, *place;
	struct agg_report_ref kept, dup;
	double diff_pct;	/* |a - b| / max(|a|, |b|) * 100 */
	long days;		/* dup published minus kept published */
	int excluded;		/* kept out of the sums */
};

struct agg_conversion {
	const char *month, *currency;
	double rate;		/* units of currency per USD */
	double to_rate;		/* units of the reporting currency per USD */
	long figures;
};

struct agg_unconverted {
	const char *month, *currency, *reason;
	long figures;
};

/* The probable duplicates of one month of the table, by the month their
 * figure (dup) was published: what a chart footer or a briefing counts
 * without reading the list. */
struct agg_dup_month {
	long listed;		/* in the list */
	long excluded;		/* of them kept out of the sums */
};

struct agg_spill;

struct aggregate_table {
	int sketch;
	unsigned by;
	char currency[8];
	int keep_duplicates, trend_months;
	double sketch_alpha;	/* NAN in exact mode */
	struct agg_account account;
	const char **months;	/* every month from the first to the last */
	size_t nmonths;
	struct agg_group *groups;
	size_t ngroups;
	struct agg_series *series;
	size_t nseries;
	struct agg_coverage *coverage;
	size_t ncoverage;
	/* The list of probable duplicates is read with
	 * aggregate_table_duplicates(): it is this array and, when the run
	 * spilled them or the table was loaded from a file, the spill. */
	struct agg_duplicate *duplicates;
	size_t nduplicates;
	struct agg_dup_month *dup_months;	/* nmonths, months' order */
	struct agg_conversion *conversions;
	size_t nconversions;
	struct agg_unconverted *unconverted;
	size_t nunconverted;
	/* Duplicates a run made with agg_state_spill_duplicates() wrote to
	 * a temporary file instead of the array above; the JSON writers
	 * merge the two lists in order (account.duplicates counts both). */
	struct agg_spill *spill;
	struct arena strings;
};

void aggregate_table_release(struct aggregate_table *t);

/* ---- computing -------------------------------------------------------- */

/* The mergeable state of a run (what a partial holds). */
struct agg_state;

struct agg_state *agg_state_new(const struct agg_options *opts);
void agg_state_free(struct agg_state *s);

/* The columns of a fact that aggregation reads (for
 * fact_reader_set_columns()): not start, end, sentence, note, title or
 * url. */
#define AGG_FACT_COLS (FACT_COL_BULLETIN_ID | FACT_COL_SOURCE | \
		       FACT_COL_PUBLISHED | FACT_COL_CATEGORY | FACT_COL_VALUE | \
		       FACT_COL_UNIT | FACT_COL_QUALIFIER | FACT_COL_ITEM | \
		       FACT_COL_PLACE | FACT_COL_SCOPE | FACT_COL_TEXT)

/*
 * Adds one fact read from file:line (for messages).  Returns 0, or 2
 * when the fact is refused (its bulletin's facts are not contiguous; d
 * says where); the refused fact is counted as a bad row.
 */
int agg_state_add(struct agg_state *s, const struct fact *f,
		  const char *file, long line, struct diag *d);
/* Counts a row the reader could not use. */
void agg_state_bad_row(struct agg_state *s);

/*
 * Makes the run write the probable duplicates it finds, as they are
 * found, to a temporary file that the table keeps instead of its array
 * (see aggregate_table's spill), so that memory does not grow with them;
 * only the JSON writers read them back.  Call before agg_state_finish().
 */
void agg_state_spill_duplicates(struct agg_state *s);
/*
 * Makes the run count the probable duplicates it finds and keep them out
 * of the sums as ever, but list none (the table's list stays empty): for
 * breakdowns of facts whose list another table already holds.
 */
void agg_state_discard_duplicates(struct agg_state *s);

/* Computes the table; the state is spent afterwards.  Fails when merged
 * partials disagree (a bulletin in two partials). */
int agg_state_finish(struct agg_state *s, struct aggregate_table *out,
		     struct diag *d);

/* Appends the partial state as JSON Lines (see docs-aggregate.md). */
void agg_partial_write(struct agg_state *s, struct strbuf *out);
/* The same written to fp a piece at a time (write errors: ferror(fp));
 * -1 and d set when a temporary file of the run failed (fp then holds
 * less than the partial). */
int agg_partial_write_file(struct agg_state *s, FILE *fp, struct diag *d);

/* Merges the partial in path into s; the first partial sets the
 * options, later ones must agree.  s comes from agg_state_new(NULL). */
int agg_partial_load(struct agg_state *s, const char *path, struct diag *d);

/* The whole computation on facts held in memory (tests, reports). */
int aggregate_compute(const struct fact *facts, size_t n,
		      const struct agg_options *opts,
		      struct aggregate_table *out, struct diag *d);

/* ---- writing and reading ---------------------------------------------- */

void aggregate_write_json(const struct aggregate_table *t, struct strbuf *out);
/* The same bytes written to fp a piece at a time, so that a long list
 * of duplicates is never held whole; write errors show in ferror(fp). */
void aggregate_write_json_file(const struct aggregate_table *t, FILE *fp);
/* The groups as TSV with a header; empty cells for undefined values. */
void aggregate_write_tsv(const struct aggregate_table *t, struct strbuf *out);
/* Reads what aggregate_write_json() wrote ("-" for stdin).  The file is
 * read a member at a time and its "duplicates" an element at a time,
 * into a temporary file (the table's spill): memory follows the groups
 * and series, not the list of duplicates. */
int aggregate_load_json(const char *path, struct aggregate_table *t,
			struct diag *d);

/*
 * Calls fn(u, ctx) for each probable duplicate of t whose figure (u->dup)
 * was published in the months from..to (YYYY-MM, both included; NULL: no
 * bound), in the order of the list, wherever it is held; u and its
 * strings live during the call only.  Stops at the first non-zero value
 * fn returns and returns it; 0 when every one was seen.  Not reentrant
 * on one table (a spill has one read position).
 */
int aggregate_table_duplicates(const struct aggregate_table *t,
			       const char *from, const char *to,
			       int (*fn)(const struct agg_duplicate *u, void *ctx),
			       void *ctx);

/*
 * The same, faster, for what identifies each duplicate alone: the date
 * its figure was published, its bulletin, category and unit, read from
 * the list's keys without parsing the rest; in no particular order.
 * Every duplicate of a table is kept out of the sums unless the table
 * keeps them (t->keep_duplicates): the loader checks it.
 */
int aggregate_table_duplicate_keys(const struct aggregate_table *t,
				   const char *from, const char *to,
				   int (*fn)(const char *published,
					     const char *bulletin_id,
					     const char *category,
					     const char *unit, void *ctx),
				   void *ctx);

/* The probable duplicates kept out of the sums in months[first..last]. */
long aggregate_table_dups_excluded(const struct aggregate_table *t,
				   size_t first, size_t last);

/*
 * The least-squares line of a series over the months (end - months, end]
 * that have data, x counted in months from the window's first: the trend
 * of agg_trend (slope, its 95 % interval, the flag), and what draws the
 * line's 95 % confidence band (gsl_fit_linear's covariances and the t
 * quantile).  The table's own trend is this fit at its last month.
 */
struct agg_fit {
	size_t first;		/* index of the window's first month */
	int used;		/* months with data in the window */
	int ok;			/* a line was fitted (3 months or more) */
	double c0, c1;		/* intercept and slope */
	double cov00, cov01, cov11;
	double t975;		/* t quantile for 95 %, used - 2 d.o.f. */
};

/* Fits se over the window ending at month index end; fills *fit and,
 * when tr is not NULL, the trend (flagged only with 4 months or more and
 * an interval that excludes 0). */
void agg_trend_fit(const struct agg_series *se, size_t end, int months,
		   struct agg_fit *fit, struct agg_trend *tr);

/* The fitted value at month index i and its 95 % confidence band; -1
 * when there is no fit. */
int agg_fit_at(const struct agg_fit *fit, size_t i, double *y, double *lo,
	       double *hi);

/* Look-ups for chart and report code; NULL when absent. */
const struct agg_series *aggregate_find_series(const struct aggregate_table *t,
					       const char *category,
					       const char *unit);

#endif
