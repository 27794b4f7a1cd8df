/*
 * report_build.h - what the files that build a briefing share:
 * report_build.c (prepared data, look-ups, the frame, method),
 * report_headlines.c (headline figures, the ten largest, the index),
 * report_sections.c (charts, tables by category, data quality),
 * report_evidence.c (what is kept of the facts as they stream past).
 */
#ifndef TALLY_REPORT_BUILD_H
#define TALLY_REPORT_BUILD_H

#include "tally/aggregate.h"
#include "tally/fact.h"
#include "report_int.h"

/*
 * A candidate for the ten largest figures: a fact that enters the
 * totals, its value in the reporting currency (rank) and as shown, in
 * the reporting currency when money is set, else in its own unit.
 */
struct rb_cand {
	struct fact f;		/* strings in mem (borrowed while offered) */
	char *mem;
	double rank, shown;
	int money;
	size_t seq;		/* its place in the input */
};

#define RB_TOP 10		/* figures in "the ten largest" */
#define RB_SOURCES 64		/* sources counted in data quality */

struct rb_source {
	char *source;
	long bulletins, facts;
};

/* What a briefing keeps of the facts of one month (report_evidence.c). */
struct rb_evidence {
	char month[8];
	size_t ncand;		/* facts that enter the totals, ranked */
	struct rb_cand top[RB_TOP];	/* the largest, largest first */
	size_t ntop;
	struct rb_source src[RB_SOURCES];	/* in order of arrival */
	size_t nsrc;
	long facts, bulletins;	/* of the first RB_SOURCES sources */
	long most, run;		/* the longest run of one bulletin's facts */
	char *most_id, *last;
};

/* A figure kept out of the sums as a probable duplicate. */
struct rb_xdup {
	const char *bulletin_id, *category;
};

struct report_data {
	const struct aggregate_table *t;	/* borrowed */
	const struct report_accounts *acct;	/* or NULL */
	/* while facts come: the breakdowns' states (made at the first fact,
	 * and the items' at the first seizure) and the bulletin being read */
	struct agg_options o;
	struct agg_state *st[4];	/* base, by_source, by_place, by_item */
	long nfacts, nitems;
	struct fact_table group;
	size_t seq;
	/* the duplicates kept out of the sums, of the months facts came
	 * from (read from the table a month at a time), sorted */
	struct rb_xdup *xdup;
	size_t nxdup, capxdup;
	char (*xmonths)[8];
	size_t nxmonths, capxmonths;
	struct arena xstrings;
	struct rb_evidence *ev;		/* one a month with facts */
	size_t nev, capev;
	struct aggregate_table base;	/* by month, category, unit */
	struct aggregate_table by_source, by_place;
	struct aggregate_table by_item;	/* category "seized:ITEM" */
	struct rate_table rates;	/* those the table used */
	const char **months;		/* months with bulletins (lazy) */
	size_t nmonths;
};

/* The state of building one month. */
struct rb {
	const struct report_data *rd;
	const struct aggregate_table *t;
	struct report_doc *doc;
	const char *month;
	long m;			/* index of month in t->months, or -1 */
	long nbulletins;	/* accepted bulletins of the month */
	const char *cur;	/* reporting currency */
	struct diag *d;
};

/* The evidence of month, or NULL when it had no fact. */
const struct rb_evidence *rb_evidence(const struct report_data *rd,
				      const char *month);
/* Takes f (copied when kept) into the run of its bulletin, and the run
 * before it, when f starts a new one, into the evidence. */
void rb_evidence_add(struct report_data *rd, const struct fact *f);
/* Takes the run being read into the evidence. */
void rb_evidence_flush(struct report_data *rd);
void rb_evidence_release(struct report_data *rd);

long rb_month_bulletins(const struct report_data *rd, const char *month);
long rb_month_index(const struct aggregate_table *t, const char *month);
/* The group of (month, category, unit) in t; NULL keys match any. */
const struct agg_group *rb_group(const struct aggregate_table *t,
				 const char *month, const char *category,
				 const char *unit);
void rb_trend(const struct agg_series *se, size_t end, int months,
	      struct rtrend *tr);

/* The display name of a category ("Arrests"). */
const char *rb_category_label(const char *category);

/* A seized item of a month. */
struct rb_item {
	const char *name, *unit;
	double sum, rank;
	long figures, bulletins;
};

/* The seized items of month (by_item groups), largest first (masses
 * ranked in kg, other units as they are); the caller frees *out. */
size_t rb_items(const struct rb *c, const char *month, struct rb_item **out);

void rb_headlines(struct rb *c);
void rb_top(struct rb *c);
int rb_charts(struct rb *c);
void rb_categories(struct rb *c);
int rb_quality(struct rb *c);

#endif
