/*
 * report_build.h - what the files that build a briefing share:
 * report_build.c (prepared data, look-ups, the frame, method),
 * report_headlines.c (headline figures, the ten largest, the index),
 * report_sections.c (charts, tables by category, data quality).
 */
#ifndef TALLY_REPORT_BUILD_H
#define TALLY_REPORT_BUILD_H

#include "tally/aggregate.h"
#include "tally/fact.h"
#include "report_int.h"

struct report_data {
	const struct aggregate_table *t;	/* borrowed */
	const struct fact *facts;
	size_t nfacts;
	const struct report_accounts *acct;	/* or NULL */
	struct aggregate_table base;	/* by month, category, unit */
	struct aggregate_table by_source, by_place;
	struct aggregate_table by_item;	/* category "seized:ITEM" */
	struct rate_table rates;	/* those the table used */
	const char **months;		/* months with bulletins (lazy) */
	size_t nmonths;
	struct arena strings;
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
