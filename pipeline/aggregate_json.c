/*
 * aggregate_json.c - the aggregate table as JSON (the format of
 * schemas/aggregate.schema.json) and as TSV, written with fixed key order
 * and fmt_double numbers so equal tables give equal bytes.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "aggregate_int.h"

static const char *const key_names[5] = {
	"month", "category", "unit", "source", "place"
};

/* ---- writing helpers ------------------------------------------------------ */

static void put_key(struct strbuf *sb, const char *k)
{
	char buf[64];
	size_t n = strlen(k);

	if (n + 3 > sizeof(buf)) {
		strbuf_addch(sb, '"');
		strbuf_addstr(sb, k);
		strbuf_addstr(sb, "\":");
		return;
	}
	buf[0] = '"';
	memcpy(buf + 1, k, n);
	memcpy(buf + 1 + n, "\":", 2);
	strbuf_add(sb, buf, n + 3);
}

static void put_str(struct strbuf *sb, const char *k, const char *s)
{
	if (k)
		put_key(sb, k);
	if (!s) {
		strbuf_addstr(sb, "null");
		return;
	}
	strbuf_addch(sb, '"');
	strbuf_add_json_escaped(sb, s, strlen(s));
	strbuf_addch(sb, '"');
}

static void put_num(struct strbuf *sb, const char *k, double v)
{
	char buf[40];

	if (k)
		put_key(sb, k);
	strbuf_addstr(sb, isfinite(v) ? fmt_double(buf, sizeof(buf), v) : "null");
}

static void put_long(struct strbuf *sb, const char *k, long v)
{
	put_key(sb, k);
	strbuf_add_long(sb, v);
}

static void put_bool(struct strbuf *sb, const char *k, int v)
{
	put_key(sb, k);
	strbuf_addstr(sb, v ? "true" : "false");
}

#define SEP(sb) strbuf_addch((sb), ',')

/* ---- sections --------------------------------------------------------------- */

static void put_options(struct strbuf *sb, const struct aggregate_table *t)
{
	int first = 1;

	strbuf_addstr(sb, "\"options\":{\"by\":[");
	for (int i = 0; i < 5; i++) {
		if (!(t->by & (1u << i)))
			continue;
		if (!first)
			SEP(sb);
		put_str(sb, NULL, key_names[i]);
		first = 0;
	}
	strbuf_addstr(sb, "],");
	put_str(sb, "currency", t->currency); SEP(sb);
	put_bool(sb, "keep_duplicates", t->keep_duplicates); SEP(sb);
	put_long(sb, "trend_months", t->trend_months); SEP(sb);
	put_num(sb, "sketch_alpha", t->sketch_alpha);
	strbuf_addstr(sb, "},\n");
}

static void put_account(struct strbuf *sb, const struct agg_account *a)
{
	strbuf_addstr(sb, "\"account\":{");
	put_long(sb, "rows", a->rows); SEP(sb);
	put_long(sb, "bad_rows", a->bad_rows); SEP(sb);
	put_long(sb, "facts", a->facts); SEP(sb);
	put_long(sb, "used", a->used); SEP(sb);
	strbuf_addstr(sb, "\"excluded\":{");
	for (int i = 0; i < AGG_EXCL__COUNT; i++) {
		if (i)
			SEP(sb);
		put_long(sb, agg_excl_name((enum agg_excl)i), a->excluded[i]);
	}
	strbuf_addstr(sb, "},");
	put_long(sb, "bulletins", a->bulletins); SEP(sb);
	put_long(sb, "figures", a->figures); SEP(sb);
	put_long(sb, "duplicates", a->duplicates); SEP(sb);
	put_long(sb, "unconverted", a->unconverted); SEP(sb);
	put_long(sb, "late", a->late);
	strbuf_addstr(sb, "},\n");
}

static void put_stats(struct strbuf *sb, const struct agg_stats *st)
{
	static const char *const names[] = {
		"sum", "sum_low", "sum_high", "min", "max", "mean", "median",
		"p10", "p90", "sd", "mad"
	};
	const double v[] = {
		st->sum, st->sum_low, st->sum_high, st->min, st->max, st->mean,
		st->median, st->p10, st->p90, st->sd, st->mad
	};

	put_long(sb, "facts", st->facts); SEP(sb);
	put_long(sb, "figures", st->figures); SEP(sb);
	put_long(sb, "bulletins", st->bulletins); SEP(sb);
	for (size_t i = 0; i < sizeof(v) / sizeof(*v); i++) {
		put_num(sb, names[i], v[i]);
		SEP(sb);
	}
	strbuf_addstr(sb, "\"qualifiers\":{");
	for (int i = 0; i < AGG_QUAL__COUNT; i++) {
		if (i)
			SEP(sb);
		put_long(sb, agg_qual_name((enum agg_qual)i), st->qual[i]);
	}
	strbuf_addstr(sb, "},\"histogram\":[");
	for (int i = 0; i < AGG_HIST_BINS; i++) {
		if (i)
			SEP(sb);
		strbuf_add_long(sb, st->hist[i]);
	}
	strbuf_addstr(sb, "],");
	put_long(sb, "hist_outside", st->hist_outside); SEP(sb);
	put_bool(sb, "approximate", st->approximate);
}

static void put_group(struct strbuf *sb, const struct agg_group *g)
{
	const char *k[5] = { g->month, g->category, g->unit, g->source, g->place };

	strbuf_addch(sb, '{');
	for (int i = 0; i < 5; i++) {
		put_str(sb, key_names[i], k[i]);
		SEP(sb);
	}
	put_bool(sb, "converted", g->converted); SEP(sb);
	put_stats(sb, &g->st);
	strbuf_addch(sb, '}');
}

static void put_point(struct strbuf *sb, const struct agg_point *p)
{
	strbuf_addch(sb, '{');
	put_str(sb, "month", p->month); SEP(sb);
	put_long(sb, "figures", p->figures); SEP(sb);
	put_long(sb, "bulletins", p->bulletins); SEP(sb);
	put_long(sb, "all_bulletins", p->all_bulletins); SEP(sb);
	put_num(sb, "sum", p->sum); SEP(sb);
	put_num(sb, "sum_low", p->sum_low); SEP(sb);
	put_num(sb, "sum_high", p->sum_high); SEP(sb);
	put_num(sb, "mean", p->mean); SEP(sb);
	put_num(sb, "per_bulletin", p->per_bulletin);
	strbuf_addch(sb, '}');
}

static void put_series(struct strbuf *sb, const struct agg_series *se)
{
	const struct agg_trend *tr = &se->trend;

	strbuf_addch(sb, '{');
	put_str(sb, "category", se->category); SEP(sb);
	put_str(sb, "unit", se->unit); SEP(sb);
	strbuf_addstr(sb, "\"trend\":{");
	put_long(sb, "months", tr->months); SEP(sb);
	put_long(sb, "used", tr->used); SEP(sb);
	put_num(sb, "slope", tr->slope); SEP(sb);
	put_num(sb, "intercept", tr->intercept); SEP(sb);
	put_num(sb, "ci_low", tr->ci_low); SEP(sb);
	put_num(sb, "ci_high", tr->ci_high); SEP(sb);
	put_bool(sb, "flagged", tr->flagged); SEP(sb);
	put_str(sb, "direction", tr->direction > 0 ? "up" :
		tr->direction < 0 ? "down" : "none");
	strbuf_addstr(sb, "},\"change\":{");
	put_str(sb, "month", se->change.month); SEP(sb);
	put_str(sb, "previous", se->change.previous); SEP(sb);
	put_num(sb, "abs", se->change.abs); SEP(sb);
	put_num(sb, "pct", se->change.pct);
	strbuf_addstr(sb, "},\"points\":[");
	for (size_t i = 0; i < se->npoints; i++) {
		strbuf_addstr(sb, i ? ",\n  " : "\n  ");
		put_point(sb, &se->points[i]);
	}
	strbuf_addstr(sb, "]}");
}

/* ---- duplicates: many, so written with fewer calls ---------------------- */

/* Appends the literal s (a string constant). */
#define ADD_LIT(sb, s) strbuf_add((sb), (s), sizeof(s) - 1)

/* Appends s as a JSON string, as put_str() does: copied whole when no
 * byte of it needs escaping, as in most strings. */
static void add_qstr(struct strbuf *sb, const char *s)
{
	size_t n = 0;
	char *p;

	if (!s) {
		ADD_LIT(sb, "null");
		return;
	}
	for (; s[n]; n++)
		if ((unsigned char)s[n] < 0x20 || s[n] == '"' || s[n] == '\\')
			break;
	if (s[n]) {		/* something to escape */
		strbuf_addch(sb, '"');
		strbuf_add_json_escaped(sb, s, n + strlen(s + n));
		strbuf_addch(sb, '"');
		return;
	}
	xgrow((void **)&sb->buf, &sb->cap, sb->len + n + 3, 1);
	p = sb->buf + sb->len;
	p[0] = '"';
	memcpy(p + 1, s, n);
	p[n + 1] = '"';
	p[n + 2] = '\0';
	sb->len += n + 2;
}

/* Appends v as put_num() does (no key). */
static void add_num(struct strbuf *sb, double v)
{
	char buf[40];

	if (!isfinite(v)) {
		ADD_LIT(sb, "null");
		return;
	}
	fmt_double(buf, sizeof(buf), v);
	strbuf_add(sb, buf, strlen(buf));
}

/* A duplicate and its two reports, with the keys, strings and numbers
 * of put_str() and put_num(). */
static void add_ref(struct strbuf *sb, const struct agg_report_ref *r)
{
	ADD_LIT(sb, "{\"bulletin_id\":");
	add_qstr(sb, r->bulletin_id);
	ADD_LIT(sb, ",\"source\":");
	add_qstr(sb, r->source);
	ADD_LIT(sb, ",\"published\":");
	add_qstr(sb, r->published);
	ADD_LIT(sb, ",\"value\":");
	add_num(sb, r->value);
	ADD_LIT(sb, ",\"text\":");
	add_qstr(sb, r->text);
	strbuf_addch(sb, '}');
}

static void add_duplicate(struct strbuf *sb, const struct agg_duplicate *u)
{
	ADD_LIT(sb, "{\"category\":");
	add_qstr(sb, u->category);
	ADD_LIT(sb, ",\"unit\":");
	add_qstr(sb, u->unit);
	ADD_LIT(sb, ",\"place\":");
	add_qstr(sb, u->place);
	ADD_LIT(sb, ",\"diff_pct\":");
	add_num(sb, u->diff_pct);
	ADD_LIT(sb, ",\"days\":");
	strbuf_add_long(sb, u->days);
	if (u->excluded)
		ADD_LIT(sb, ",\"excluded\":true,\"kept\":");
	else
		ADD_LIT(sb, ",\"excluded\":false,\"kept\":");
	add_ref(sb, &u->kept);
	ADD_LIT(sb, ",\"duplicate\":");
	add_ref(sb, &u->dup);
	strbuf_addch(sb, '}');
}

static void put_conversion(struct strbuf *sb, const struct agg_conversion *c)
{
	strbuf_addch(sb, '{');
	put_str(sb, "month", c->month); SEP(sb);
	put_str(sb, "currency", c->currency); SEP(sb);
	put_num(sb, "rate", c->rate); SEP(sb);
	put_num(sb, "to_rate", c->to_rate); SEP(sb);
	put_long(sb, "figures", c->figures);
	strbuf_addch(sb, '}');
}

static void put_unconverted(struct strbuf *sb, const struct agg_unconverted *u)
{
	strbuf_addch(sb, '{');
	put_str(sb, "month", u->month); SEP(sb);
	put_str(sb, "currency", u->currency); SEP(sb);
	put_long(sb, "figures", u->figures); SEP(sb);
	put_str(sb, "reason", u->reason);
	strbuf_addch(sb, '}');
}

/* Where JSON goes: sb, and from there to fp when fp is not NULL. */
struct jout {
	struct strbuf *sb;
	FILE *fp;
};

/* Passes what sb holds on to fp once it is big (or always, if force). */
static void jflush(struct jout *o, int force)
{
	if (o->fp && o->sb->len && (force || o->sb->len >= 65536)) {
		fwrite(o->sb->buf, 1, o->sb->len, o->fp);	/* ferror() tells */
		strbuf_reset(o->sb);
	}
}

/* Writes "name":[ items ] with one item a line. */
#define PUT_ARRAY(o, name, arr, n, fn, last) do { \
	strbuf_addstr((o)->sb, "\"" name "\":["); \
	for (size_t i_ = 0; i_ < (n); i_++) { \
		strbuf_addstr((o)->sb, i_ ? ",\n " : "\n "); \
		fn((o)->sb, &(arr)[i_]); \
		jflush((o), 0); \
	} \
	strbuf_addstr((o)->sb, (last) ? "]\n" : "],\n"); \
} while (0)

static void put_coverage(struct strbuf *sb, const struct agg_coverage *c)
{
	strbuf_addch(sb, '{');
	put_str(sb, "source", c->source); SEP(sb);
	put_str(sb, "month", c->month); SEP(sb);
	put_long(sb, "bulletins", c->bulletins);
	strbuf_addch(sb, '}');
}

static void put_month(struct strbuf *sb, const char *const *m)
{
	put_str(sb, NULL, *m);
}

void agg_json_duplicate(struct strbuf *sb, const struct agg_duplicate *u)
{
	add_duplicate(sb, u);
}

/* The duplicates of the array and of the spill, merged in order (on
 * equal keys the spilled first: they were found first). */
static void put_duplicates(struct jout *o, const struct aggregate_table *t)
{
	struct strbuf key = STRBUF_INIT;
	const char *js = NULL;
	size_t i = 0, k = 0, len = 0;

	if (t->spill) {
		agg_spill_rewind(t->spill);
		js = agg_spill_next(t->spill, &len);
	}
	strbuf_addstr(o->sb, "\"duplicates\":[");
	while (js || i < t->nduplicates) {
		strbuf_addstr(o->sb, k++ ? ",\n " : "\n ");
		if (js && i < t->nduplicates)
			agg_dup_key(&key, &t->duplicates[i]);
		if (js && (i == t->nduplicates ||
			   agg_spill_cmp(t->spill, &key) <= 0)) {
			strbuf_add(o->sb, js, len);
			js = agg_spill_next(t->spill, &len);
		} else {
			add_duplicate(o->sb, &t->duplicates[i++]);
		}
		jflush(o, 0);
	}
	strbuf_addstr(o->sb, "],\n");
	strbuf_release(&key);
}

static void write_json(const struct aggregate_table *t, struct jout *o)
{
	struct strbuf *sb = o->sb;

	strbuf_addstr(sb, "{\"format\":\"tally-aggregate\",\"version\":1,");
	put_str(sb, "mode", t->sketch ? "sketch" : "exact");
	strbuf_addstr(sb, ",\n");
	put_options(sb, t);
	put_account(sb, &t->account);
	strbuf_addstr(sb, "\"histogram_edges\":[");
	for (int i = 0; i <= AGG_HIST_BINS; i++) {
		if (i)
			SEP(sb);
		put_num(sb, NULL, agg_hist_edges[i]);
	}
	strbuf_addstr(sb, "],\n");
	PUT_ARRAY(o, "months", t->months, t->nmonths, put_month, 0);
	PUT_ARRAY(o, "coverage", t->coverage, t->ncoverage, put_coverage, 0);
	PUT_ARRAY(o, "groups", t->groups, t->ngroups, put_group, 0);
	PUT_ARRAY(o, "series", t->series, t->nseries, put_series, 0);
	put_duplicates(o, t);
	PUT_ARRAY(o, "conversions", t->conversions, t->nconversions,
		  put_conversion, 0);
	PUT_ARRAY(o, "unconverted", t->unconverted, t->nunconverted,
		  put_unconverted, 1);
	strbuf_addstr(sb, "}\n");
	jflush(o, 1);
}

void aggregate_write_json(const struct aggregate_table *t, struct strbuf *sb)
{
	struct jout o = { sb, NULL };

	write_json(t, &o);
}

void aggregate_write_json_file(const struct aggregate_table *t, FILE *fp)
{
	struct strbuf sb = STRBUF_INIT;
	struct jout o = { &sb, fp };

	write_json(t, &o);
	strbuf_release(&sb);
}

/* ---- TSV ---------------------------------------------------------------------- */

static void tsv_num(struct strbuf *sb, double v)
{
	char buf[40];

	strbuf_addch(sb, '\t');
	if (isfinite(v))
		strbuf_addstr(sb, fmt_double(buf, sizeof(buf), v));
}

/* A key cell: tabs and newlines cannot occur in keys read from facts
 * (the reader unescapes them), so they are replaced by spaces. */
static void tsv_key(struct strbuf *sb, const char *s, int first)
{
	if (!first)
		strbuf_addch(sb, '\t');
	for (; s && *s; s++)
		strbuf_addch(sb, *s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s);
}

void aggregate_write_tsv(const struct aggregate_table *t, struct strbuf *sb)
{
	strbuf_addstr(sb, "month\tcategory\tunit\tsource\tplace\tconverted\t"
		      "facts\tfigures\tbulletins\tsum\tsum_low\tsum_high\tmin\t"
		      "max\tmean\tmedian\tp10\tp90\tsd\tmad\n");
	for (size_t i = 0; i < t->ngroups; i++) {
		const struct agg_group *g = &t->groups[i];
		const struct agg_stats *st = &g->st;

		tsv_key(sb, g->month, 1);
		tsv_key(sb, g->category, 0);
		tsv_key(sb, g->unit, 0);
		tsv_key(sb, g->source, 0);
		tsv_key(sb, g->place, 0);
		strbuf_addf(sb, "\t%d\t%ld\t%ld\t%ld", g->converted, st->facts,
			    st->figures, st->bulletins);
		tsv_num(sb, st->sum);
		tsv_num(sb, st->sum_low);
		tsv_num(sb, st->sum_high);
		tsv_num(sb, st->min);
		tsv_num(sb, st->max);
		tsv_num(sb, st->mean);
		tsv_num(sb, st->median);
		tsv_num(sb, st->p10);
		tsv_num(sb, st->p90);
		tsv_num(sb, st->sd);
		tsv_num(sb, st->mad);
		strbuf_addch(sb, '\n');
	}
}

const struct agg_series *aggregate_find_series(const struct aggregate_table *t,
					       const char *category,
					       const char *unit)
{
	for (size_t i = 0; i < t->nseries; i++)
		if (!strcmp(t->series[i].category, category) &&
		    !strcmp(t->series[i].unit, unit))
			return &t->series[i];
	return NULL;
}
