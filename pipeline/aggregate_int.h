/*
 * aggregate_int.h - what the aggregate_*.c files share and nobody else
 * sees: selected figures, the string map, moments, the quantile sketch,
 * the duplicate detector and the state of a run.
 */
#ifndef TALLY_AGGREGATE_INT_H
#define TALLY_AGGREGATE_INT_H

#include <stdint.h>

#include "tally/aggregate.h"

/* ---- selected figures (aggregate_select.c) ---------------------------- */

/* One figure per bulletin per (category, unit), before conversion. */
struct agg_pick {
	const struct fact *f;	/* a fact of the pick: bulletin, category... */
	double value, low, high;
	enum agg_qual qual;
	int nfacts;		/* facts it stands for */
	const char *place;
	char text[200];		/* the fact's text, or "a + b + c" for parts */
};

/*
 * Applies the scope rule to the facts of one bulletin: fills out (room
 * for n) and returns the number of picks; adds the facts left out to
 * excluded[] by reason.
 */
size_t agg_select(const struct fact *facts, size_t n, struct agg_pick *out,
		  long excluded[AGG_EXCL__COUNT]);

/* [low, high] of a value under a qualifier (AGG_QUAL_MARGIN). */
void agg_bounds(double v, enum agg_qual q, double *low, double *high);

/* A figure as the state keeps it (strings in the state's arena). */
struct agg_figure {
	const char *bulletin_id, *source, *published, *category, *place;
	const char *text;
	const char *orig_unit;	/* the currency or unit as extracted */
	const char *unit;	/* the group unit: reporting currency if converted */
	char month[8];
	const char *month_key;	/* interned month, or NULL: use month */
	double orig_value;
	double value, low, high;	/* in unit */
	double rate;		/* rate used; 0 when none */
	int qual, nfacts, converted;
	int day;		/* days since 1970-01-01 */
	int dup;		/* a probable duplicate */
	int part;		/* which partial it came from (merge) */
};

/* A copy of f that owns its strings (one block: free() it).  unit is
 * either its own orig_unit or f->unit as is (a static currency code). */
struct agg_figure *agg_figure_dup(const struct agg_figure *f);
/* Records that f is a probable duplicate of kept (aggregate_finish.c). */
struct agg_state;
void agg_note_duplicate(struct agg_state *s, const struct agg_figure *kept,
			const struct agg_figure *f);

/* Days since 1970-01-01 of a valid YYYY-MM-DD. */
int agg_day_number(const char *date);
/* 1 when unit is an ISO 4217-looking code (three capitals). */
int agg_is_money(const char *unit);
/* Canonical order: published, bulletin_id, category, orig_unit. */
int agg_figure_cmp(const struct agg_figure *a, const struct agg_figure *b);

/* ---- a string map (aggregate_map.c) ----------------------------------- */

struct agg_map {
	const char **keys;	/* in the owner's arena */
	size_t *vals;
	size_t n, cap;
};

#define AGG_MAP_INIT { NULL, NULL, 0, 0 }

/* The slot of key: *val set and 1 when present; else inserts key
 * (copied into a) with value val and returns 0. */
int agg_map_get_or_put(struct agg_map *m, struct arena *a, const char *key,
		       size_t *val);
/* The one copy of key (made in a on first use): equal strings interned
 * in one map share a pointer, which makes comparisons cheap. */
const char *agg_map_intern(struct agg_map *m, struct arena *a, const char *key);
void agg_map_release(struct agg_map *m);

/* ---- moments, histogram, sketch (aggregate_stats.c) ------------------- */

struct agg_moments {
	long n;
	double mean, m2;	/* Welford; merged with Chan's formula */
	double sum, min, max;
};

void agg_moments_add(struct agg_moments *m, double x);
/* Removes one value added earlier (min and max are not updated). */
void agg_moments_remove(struct agg_moments *m, double x);
/* a := a merged with b (Chan, Golub and LeVeque's pairwise formula). */
void agg_moments_merge(struct agg_moments *a, const struct agg_moments *b);

/* The histogram bin of x, or -1 outside [0, 1e15). */
int agg_hist_bin(double x);

/*
 * A relative-error quantile sketch (as DDSketch): positive values go to
 * bucket i = ceil(log_gamma(x)), gamma = (1 + alpha) / (1 - alpha), and a
 * bucket answers with 2 gamma^i / (gamma + 1), within alpha of every value
 * in it.  Zero and negative values are counted apart.  At most
 * AGG_SKETCH_MAX buckets: beyond that the lowest collapse into one.
 * Merging adds counts, so it is exact and order-free.
 */
#define AGG_SKETCH_MAX 2048

struct agg_sketch {
	double alpha, gamma, lg;	/* lg = log(gamma) */
	long zero;		/* values == 0 */
	long neg;		/* values < 0 (answered as their mean) */
	double negsum;
	int lo;			/* index of counts[0] */
	int len;		/* buckets in use */
	long *counts;
	long total;
	int collapsed;		/* the lowest buckets were merged */
};

void agg_sketch_init(struct agg_sketch *s, double alpha);
void agg_sketch_release(struct agg_sketch *s);
void agg_sketch_add(struct agg_sketch *s, double x, long count);
/* b into a (same alpha). */
void agg_sketch_merge(struct agg_sketch *a, const struct agg_sketch *b);
/* The value of rank r (0-based, in [0, total)). */
double agg_sketch_rank(const struct agg_sketch *s, long r);
/* The q-quantile with GSL's interpolation between ranks; NAN if empty. */
double agg_sketch_quantile(const struct agg_sketch *s, double q);
/* The median absolute deviation from median m, from the buckets. */
double agg_sketch_mad(const struct agg_sketch *s, double m);
/* The lowest and highest values the buckets can answer. */
double agg_sketch_min(const struct agg_sketch *s);
double agg_sketch_max(const struct agg_sketch *s);

/* Exact statistics of sorted values (n may be 0); GSL does the work. */
int agg_stats_exact(double *sorted, size_t n, struct agg_stats *st,
		    struct diag *d);
void agg_stats_clear(struct agg_stats *st);

/* ---- a group of sketch mode ------------------------------------------- */

struct agg_sgroup {
	const char *key[5];	/* month, category, unit, source, place */
	int converted;
	struct agg_moments mom;
	double sum_low, sum_high;
	long facts, bulletins;
	long qual[AGG_QUAL__COUNT];
	long hist[AGG_HIST_BINS];
	long hist_outside;
	struct agg_sketch sk;
	int minmax_approx;	/* a removed duplicate was the min or max */
	uint64_t last_bulletin;	/* hash of the bulletin added last */
};

/* A set of groups under one key mask. */
struct agg_gset {
	unsigned by;
	struct agg_map index;
	struct agg_sgroup *v;
	size_t n, cap;
};

/* ---- duplicates (aggregate_dups.c) ------------------------------------ */

struct agg_dupdet;

struct agg_dupdet *agg_dupdet_new(void);
void agg_dupdet_free(struct agg_dupdet *dd);
/*
 * Decides whether f (fed in canonical order) is a probable duplicate of
 * a figure kept before: returns that figure (owned by dd, valid until the
 * next call), or NULL when f is kept (dd keeps a copy).  Kept figures
 * more than 14 days older than the newest one fed are forgotten.
 */
const struct agg_figure *agg_dupdet_check(struct agg_dupdet *dd,
					  const struct agg_figure *f);

/* ---- the state of a run (aggregate.c) --------------------------------- */

struct agg_cov {
	const char *source;
	char month[8];
	long bulletins;
};

struct agg_conv {
	const char *month, *currency, *reason;	/* reason NULL: converted */
	double rate, to_rate;
	long figures;
};

struct agg_state {
	struct agg_options o;
	int configured;		/* options set (merge: by the first partial) */
	int nparts;
	struct agg_account acct;
	struct arena strings;

	/* the bulletin being read */
	struct fact_table run;
	struct agg_map seen;	/* exact: bulletins already read */
	struct agg_map interned;	/* sources, categories, units... */

	/* exact mode: every figure; sketch mode: pending for the window */
	struct agg_figure *figs;
	size_t nfigs, capfigs;

	struct agg_map cov_index;
	struct agg_cov *cov;
	size_t ncov, capcov;

	struct agg_map conv_index;
	struct agg_conv *conv;
	size_t nconv, capconv;

	/* sketch mode */
	struct agg_gset sets[2];	/* [0] by, [1] month,category,unit */
	struct agg_window *win;
	struct agg_duplicate *dups;	/* found so far (sketch) */
	size_t ndups, capdups;
	int partial_out;	/* sketch: keep every figure for a partial */
};

/* Sets the options of a state made without them (merge). */
void agg_state_configure(struct agg_state *s, const struct agg_options *o);
/* Turns the facts of the bulletin being read into figures. */
void agg_state_flush(struct agg_state *s);
/* Appends a copy of f (strings into the state's arena) to s->figs. */
void agg_state_keep_figure(struct agg_state *s, const struct agg_figure *f);
/* Adds a figure (converted already) to the state (both modes); the
 * state copies what it keeps. */
void agg_state_put_figure(struct agg_state *s, const struct agg_figure *f);
/* Converts a pick into a figure whose strings are borrowed from the
 * pick and its fact. */
void agg_state_make_figure(struct agg_state *s, const struct agg_pick *p,
			   struct agg_figure *out);
/* Records a coverage count or a conversion count (merge adds these). */
void agg_state_add_coverage(struct agg_state *s, const char *source,
			    const char *month, long bulletins);
void agg_state_add_conv(struct agg_state *s, const struct agg_conv *c);
/* The key of a figure under a mask, as the 5 strings (NULL: not a key). */
void agg_figure_keys(const struct agg_figure *f, unsigned by,
		     const char *key[5]);

/* Sketch mode (aggregate_sketchmode.c). */
void agg_sk_init(struct agg_state *s);
void agg_sk_release(struct agg_state *s);
void agg_sk_add(struct agg_state *s, const struct agg_figure *f);
void agg_sk_flush(struct agg_state *s);
struct agg_sgroup *agg_sk_group(struct agg_gset *gs, struct agg_state *s,
				const char *key[5], int converted);
int agg_sk_finish(struct agg_state *s, struct aggregate_table *t,
		  struct diag *d);
/* Merges group b of a partial into set 0 or 1 of s. */
int agg_sk_merge_group(struct agg_state *s, int set, const struct agg_sgroup *b,
		       struct diag *d);

/* Finishing (aggregate_finish.c). */
int agg_finish_exact(struct agg_state *s, struct aggregate_table *t,
		     struct diag *d);
void agg_finish_common(struct agg_state *s, struct aggregate_table *t);
void agg_finish_series(struct aggregate_table *t, const struct agg_group *mg,
		       size_t nmg);
/* Trend and month-over-month change of a series (aggregate_trend.c). */
void agg_trend_compute(struct agg_series *se, int months);
void agg_change_compute(struct agg_series *se);

/* Group key comparison with NULL before any string. */
int agg_key_cmp(const char *const a[5], const char *const b[5]);

#endif
