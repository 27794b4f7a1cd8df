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
	/* set by agg_state_keep_figure(): ids of the strings in the state's
	 * string table (equal ids, equal strings), and the serial of the
	 * figure's bulletin among the kept figures */
	int src_id, cat_id, ounit_id, gunit_id, place_id, month_id;
	int bseq;
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

/* A hash of len bytes for the tables of a run, eight bytes at a time
 * (only lookups depend on it: no order or output does). */
uint64_t agg_hash(const void *data, size_t len);

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
/* 1 and *val set when key is in the map; else 0. */
int agg_map_get(const struct agg_map *m, const char *key, size_t *val);
void agg_map_release(struct agg_map *m);

/* Interned strings numbered from 0 in order of arrival. */
struct agg_strtab {
	struct agg_map index;	/* string -> id */
	const char **v;		/* id -> string (in the owner's arena) */
	unsigned char *used;	/* id -> the keys it is used in (bits) */
	size_t n, cap;
};

/* The keys a string can be used in: the five group keys (as AGG_BY_*),
 * and the unit as extracted. */
#define AGG_KEY_OUNIT 32

/* The id of s, interned (copied into a) on first use, marked as used in
 * the keys of the bits `keys`. */
int agg_strtab_id(struct agg_strtab *t, struct arena *a, const char *s,
		  unsigned keys);
void agg_strtab_release(struct agg_strtab *t);

/* ---- orders (aggregate_sort.c) ---------------------------------------- */

/* Stably sorts idx[0..n) by key[idx[i]] (LSD radix). */
void agg_radix_sort(uint32_t *idx, size_t n, const uint64_t *key);

/* A sort key of a figure: the int at offset off of struct agg_figure,
 * through rank[] when rank is not NULL, else minus base; in [0, max]. */
struct agg_comp {
	const uint32_t *rank;
	size_t off;
	int base;
	uint64_t max;
};

/* Stably sorts idx[0..n), the figure numbers 0 to n - 1 in some order,
 * by the components c[0] (most significant) to c[k - 1], k <= 8, packed
 * into 64-bit keys key[figure]; returns the number of sorts that took
 * (with 1, key[] holds each figure's whole key). */
int agg_sort_components(const struct agg_figure *figs, uint32_t *idx,
			size_t n, const struct agg_comp *c, int k, uint64_t *key);
/* The rank in strcmp() order of each id used in key (one of the bits of
 * agg_strtab_id()), as an array indexed by id (free() it); *max: the
 * highest. */
uint32_t *agg_strtab_ranks(const struct agg_strtab *t, unsigned key,
			   uint32_t *max);
/* A 64-bit key that sorts as the double does (-0 as 0). */
uint64_t agg_value_key(double v);

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

/* borrow: the figures fed outlive dd, which then keeps pointers to them
 * rather than copies; AGG_DD_STRINGS: their strings but text do (exact
 * mode's come from the state's tables), so a copy holds only the text. */
#define AGG_DD_STRINGS 2
struct agg_dupdet *agg_dupdet_new(int borrow);
void agg_dupdet_free(struct agg_dupdet *dd);
/*
 * Decides whether f (fed in canonical order) is a probable duplicate of
 * a figure kept before: returns that figure (owned by dd, valid until the
 * next call), or NULL when f is kept (dd keeps a copy).  Kept figures
 * more than 14 days older than the newest one fed are forgotten.
 */
const struct agg_figure *agg_dupdet_check(struct agg_dupdet *dd,
					  const struct agg_figure *f);
/* The same for f from agg_figure_dup() (or one block that free()
 * releases): when f is kept, dd keeps f itself, not a copy, and sets
 * *kept (f is then dd's); else *kept is 0 and f still the caller's. */
const struct agg_figure *agg_dupdet_check_own(struct agg_dupdet *dd,
					      struct agg_figure *f, int *kept);
/* Can f say that two reports are one event?  (A place, or at least 100
 * in its unit.)  Only such figures take part in the check. */
int agg_distinctive(const struct agg_figure *f);
/* The figures dd keeps, and the keys of its table. */
void agg_dupdet_sizes(const struct agg_dupdet *dd, size_t *figures,
		      size_t *keys);

/* ---- duplicates in a temporary file (aggregate_spill.c) --------------- */

/* NULL when no temporary file can be made. */
struct agg_spill *agg_spill_new(void);
void agg_spill_free(struct agg_spill *sp);
/* Appends the record (key, data) when key sorts (byte order) at or after
 * the key of every record before, and returns 0; else -1, and nothing is
 * appended. */
int agg_spill_put(struct agg_spill *sp, const struct strbuf *key,
		  const char *data, size_t len);
/* Records appended (0 for NULL). */
size_t agg_spill_count(const struct agg_spill *sp);
/* Goes back to the first record, to read them in order. */
void agg_spill_rewind(struct agg_spill *sp);
/* The data of the next record (valid until the next call); NULL at the
 * end. */
const char *agg_spill_next(struct agg_spill *sp, size_t *len);
/* The order of the key of the record last read against key. */
int agg_spill_cmp(const struct agg_spill *sp, const struct strbuf *key);
/* Keys whose byte order is the order of the list of duplicates
 * (published, bulletin, category and unit of the duplicate), and the
 * canonical order of figures (day, bulletin, category, unit). */
void agg_dup_key(struct strbuf *key, const struct agg_duplicate *u);
void agg_figure_key(struct strbuf *key, const struct agg_figure *f);
/* The order of the list of duplicates, as agg_dup_key() gives it. */
int agg_dup_cmp(const struct agg_duplicate *x, const struct agg_duplicate *y);
/* Appends the JSON object of u (aggregate_json.c). */
void agg_json_duplicate(struct strbuf *sb, const struct agg_duplicate *u);

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

/* A sketch partial whose figures are in canonical order (a merge reads
 * them from the file as its duplicate check goes). */
struct agg_sorted_part {
	char *path;
	int part;		/* its number among the partials merged */
};

struct agg_state {
	struct agg_options o;
	int configured;		/* options set (merge: by the first partial) */
	int nparts;
	struct agg_account acct;
	struct arena strings;

	/* the bulletin being read, and room for its picks (both kept
	 * from one bulletin to the next) */
	struct fact_table run;
	struct agg_pick *picks;
	size_t cappicks;
	char last_date[16];	/* the date of last_day, or "" */
	int last_day;
	struct agg_strtab strs;	/* sources, categories, units... */
	int nbul;		/* bulletins among figs (bseq) */

	struct agg_exact *x;	/* exact mode (aggregate_exact.c) */

	/* sketch mode: figures pending for the window, late ones, those
	 * of partials without "sorted" */
	struct agg_figure *figs;
	size_t nfigs, capfigs;

	struct agg_map cov_index;
	struct agg_cov *cov;
	size_t ncov, capcov;

	struct agg_map conv_index;
	struct agg_map conv_cache;	/* "month\tcurrency" -> s->conv */
	struct agg_conv *conv;
	size_t nconv, capconv;

	/* sketch mode */
	struct agg_gset sets[2];	/* [0] by, [1] month,category,unit */
	struct agg_window *win;
	struct agg_duplicate *dups;	/* found so far, not spilled */
	size_t ndups, capdups;
	struct strbuf keybuf;	/* for building map keys */
	struct strbuf jsonbuf;	/* for the JSON of a duplicate */
	int spill_wanted;	/* agg_state_spill_duplicates() */
	int dups_discard;	/* agg_state_discard_duplicates() */
	struct agg_spill *spill;	/* made at the first duplicate */
	struct agg_spill *figspill;	/* sketch partial: its figures */
	struct agg_sorted_part *sorted;	/* merge: sorted sketch partials */
	size_t nsorted, capsorted;
	int partial_out;	/* sketch: keep every figure for a partial */
	/* the duplicates noted, counted by month of their figure */
	struct agg_dupcount *dupcount;
	size_t ndupcount, capdupcount;
};

struct agg_dupcount {
	char month[8];
	struct agg_dup_month n;
};

/* Copies u's strings into a (aggregate_duplist.c). */
void agg_duplicate_keep(struct agg_duplicate *u, struct arena *a);
/* The index of month (YYYY-MM) in t->months, which are sorted; -1 when
 * absent (aggregate_trend.c). */
long agg_month_index(const struct aggregate_table *t, const char *m);
/* Counts u under the month of its figure (aggregate_duplist.c). */
void agg_dupcount_add(struct agg_dupcount **v, size_t *n, size_t *cap,
		      const struct agg_duplicate *u);
/* The counts of t's months from those counted; NULL when one of them is
 * not a month of the table. */
struct agg_dup_month *agg_dup_months(const struct aggregate_table *t,
				     const struct agg_dupcount *c, size_t n);
/* Reads the JSON object of a duplicate (agg_json_duplicate()) into u,
 * its strings into scratch's arena; -1 when it is not one
 * (aggregate_load.c). */
int agg_duplicate_from_json(const char *js, size_t len,
			    struct aggregate_table *scratch,
			    struct agg_duplicate *u);
/* The key of the record agg_spill_next() read last. */
const char *agg_spill_key(const struct agg_spill *sp, size_t *len);

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
/* ... and returns the index of the conversion in s->conv. */
size_t agg_state_add_conv(struct agg_state *s, const struct agg_conv *c);
/* The key of a figure under a mask, as the 5 strings (NULL: not a key). */
void agg_figure_keys(const struct agg_figure *f, unsigned by,
		     const char *key[5]);

/* What a state holds, for tests of its bounds: in --sketch these follow
 * the groups and the window, not the facts. */
struct agg_sizes {
	size_t groups;		/* sketch: both sets */
	size_t figures;		/* kept for the end (exact, partials) */
	size_t pending;		/* sketch: waiting in the window */
	size_t dd_figures, dd_keys;	/* sketch: in the duplicate check */
	size_t dups;		/* duplicates held in memory */
	size_t coverage, conversions;
};

void agg_state_sizes(const struct agg_state *s, struct agg_sizes *z);

/* Partials (aggregate_partial.c): the line of a figure, and the figures
 * of a sorted partial read one at a time (each valid until the next
 * call; *f NULL at the end). */
void agg_partial_figure(const struct agg_figure *f, struct strbuf *sb);
struct agg_figstream;
int agg_figstream_open(struct agg_figstream **fs, struct agg_state *s,
		       const struct agg_sorted_part *p, struct diag *d);
int agg_figstream_next(struct agg_figstream *fs, const struct agg_figure **f,
		       struct diag *d);
void agg_figstream_close(struct agg_figstream *fs);

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

/* Exact mode (aggregate_exact.c): figures in sorted runs, spilled to a
 * temporary file past a size, merged in canonical order at the end. */
void agg_x_init(struct agg_state *s);
void agg_x_release(struct agg_state *s);
/* Records that the facts of bulletin id start; -1 when they came
 * before (a bulletin's facts must be together). */
int agg_x_new_bulletin(struct agg_state *s, const char *id);
/* Adds a figure (the state copies what it keeps); with o.partial, its
 * line for the partial, in the order figures come. */
void agg_x_add(struct agg_state *s, const struct agg_figure *f);
/* Figures held in memory (the run being filled). */
size_t agg_x_held(const struct agg_state *s);
/* -1 and d set when a temporary file failed (file and errno), else 0. */
int agg_x_error(const struct agg_state *s, struct diag *d);
/* The figures' lines of a partial, appended to sb (and passed on to out
 * a piece at a time when out is not NULL). */
void agg_x_write_figures(struct agg_state *s, struct strbuf *sb, FILE *out);
int agg_finish_exact(struct agg_state *s, struct aggregate_table *t,
		     struct diag *d);

/* Finishing (aggregate_finish.c). */
void agg_finish_common(struct agg_state *s, struct aggregate_table *t);
void agg_finish_series(struct aggregate_table *t, const struct agg_group *mg,
		       size_t nmg);
/* Trend and month-over-month change of a series (aggregate_trend.c). */
void agg_trend_compute(struct agg_series *se, int months);
void agg_change_compute(struct agg_series *se);

/* The canonical order of s->figs (published, bulletin, category, unit,
 * partial), as figure numbers (free() it); *bul_rank: the rank of each
 * bseq's bulletin id in strcmp() order (free() it). */
uint32_t *agg_canon_order(struct agg_state *s, uint32_t **bul_rank);

/* Group key comparison with NULL before any string. */
int agg_key_cmp(const char *const a[5], const char *const b[5]);

#endif
