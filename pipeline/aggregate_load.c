/*
 * aggregate_load.c - reading an aggregate table back from its JSON, so
 * that chart and report code get a struct aggregate_table and never
 * parse the JSON themselves.  Every member is checked; an error names
 * the member and where it is ("groups[3]: field 'sum': expected a number").
 */
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "aggregate_int.h"

struct ld {
	struct aggregate_table *t;
	const char *path;
	struct diag *d;
	char where[64];		/* "groups[3]" */
};

static int fail(struct ld *L, const char *k, const char *what)
{
	return diag_set(L->d, L->path, 0, 0, k, "%s%sexpected %s", L->where,
			L->where[0] ? ": " : "", what);
}

static int ld_str(struct ld *L, json_t *o, const char *k, int nullable,
		  const char **out)
{
	json_t *v = json_object_get(o, k);

	if (nullable && json_is_null(v)) {
		*out = NULL;
		return 0;
	}
	if (!json_is_string(v))
		return fail(L, k, nullable ? "a string or null" : "a string");
	*out = arena_strdup(&L->t->strings, json_string_value(v));
	return 0;
}

static int ld_num(struct ld *L, json_t *o, const char *k, double *out)
{
	json_t *v = json_object_get(o, k);

	if (json_is_null(v)) {
		*out = NAN;
		return 0;
	}
	if (!json_is_number(v))
		return fail(L, k, "a number or null");
	*out = json_number_value(v);
	return 0;
}

static int ld_long(struct ld *L, json_t *o, const char *k, long *out)
{
	json_t *v = json_object_get(o, k);

	if (!json_is_integer(v))
		return fail(L, k, "an integer");
	*out = (long)json_integer_value(v);
	return 0;
}

static int ld_int(struct ld *L, json_t *o, const char *k, int *out)
{
	long v;

	if (ld_long(L, o, k, &v) < 0)
		return -1;
	*out = (int)v;
	return 0;
}

static int ld_bool(struct ld *L, json_t *o, const char *k, int *out)
{
	json_t *v = json_object_get(o, k);

	if (!json_is_boolean(v))
		return fail(L, k, "true or false");
	*out = json_is_true(v);
	return 0;
}

static json_t *ld_arr(struct ld *L, json_t *o, const char *k, size_t *n)
{
	json_t *v = json_object_get(o, k);

	if (!json_is_array(v)) {
		fail(L, k, "an array");
		return NULL;
	}
	*n = json_array_size(v);
	return v;
}

static json_t *ld_obj(struct ld *L, json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);

	if (!json_is_object(v)) {
		fail(L, k, "an object");
		return NULL;
	}
	return v;
}

static void at(struct ld *L, const char *name, size_t i)
{
	snprintf(L->where, sizeof(L->where), "%s[%zu]", name, i);
}

/* ---- sections ----------------------------------------------------------------- */

static const char *const key_names[5] = {
	"month", "category", "unit", "source", "place"
};

static int ld_options(struct ld *L, json_t *root)
{
	json_t *o = ld_obj(L, root, "options"), *by;
	const char *mode, *cur;
	size_t n;

	if (!o || ld_str(L, root, "mode", 0, &mode) < 0)
		return -1;
	L->t->sketch = !strcmp(mode, "sketch");
	if (!(by = ld_arr(L, o, "by", &n)))
		return -1;
	for (size_t i = 0; i < n; i++)
		for (int k = 0; k < 5; k++)
			if (json_is_string(json_array_get(by, i)) &&
			    !strcmp(json_string_value(json_array_get(by, i)),
				    key_names[k]))
				L->t->by |= 1u << k;
	if (ld_str(L, o, "currency", 0, &cur) < 0 ||
	    ld_bool(L, o, "keep_duplicates", &L->t->keep_duplicates) < 0 ||
	    ld_int(L, o, "trend_months", &L->t->trend_months) < 0 ||
	    ld_num(L, o, "sketch_alpha", &L->t->sketch_alpha) < 0)
		return -1;
	snprintf(L->t->currency, sizeof(L->t->currency), "%s", cur);
	return 0;
}

static int ld_account(struct ld *L, json_t *root)
{
	json_t *o = ld_obj(L, root, "account"), *ex;
	struct agg_account *a = &L->t->account;

	if (!o || !(ex = ld_obj(L, o, "excluded")))
		return -1;
	for (int i = 0; i < AGG_EXCL__COUNT; i++)
		if (ld_long(L, ex, agg_excl_name((enum agg_excl)i),
			    &a->excluded[i]) < 0)
			return -1;
	return ld_long(L, o, "rows", &a->rows) < 0 ||
	       ld_long(L, o, "bad_rows", &a->bad_rows) < 0 ||
	       ld_long(L, o, "facts", &a->facts) < 0 ||
	       ld_long(L, o, "used", &a->used) < 0 ||
	       ld_long(L, o, "bulletins", &a->bulletins) < 0 ||
	       ld_long(L, o, "figures", &a->figures) < 0 ||
	       ld_long(L, o, "duplicates", &a->duplicates) < 0 ||
	       ld_long(L, o, "unconverted", &a->unconverted) < 0 ||
	       ld_long(L, o, "late", &a->late) < 0 ? -1 : 0;
}

static int ld_stats(struct ld *L, json_t *o, struct agg_stats *st)
{
	static const char *const names[] = {
		"sum", "sum_low", "sum_high", "min", "max", "mean", "median",
		"p10", "p90", "sd", "mad"
	};
	double *v[] = {
		&st->sum, &st->sum_low, &st->sum_high, &st->min, &st->max,
		&st->mean, &st->median, &st->p10, &st->p90, &st->sd, &st->mad
	};
	json_t *q = ld_obj(L, o, "qualifiers"), *h;
	size_t n;

	if (!q || !(h = ld_arr(L, o, "histogram", &n)))
		return -1;
	if (n != AGG_HIST_BINS)
		return fail(L, "histogram", "16 bins");
	for (size_t i = 0; i < n; i++)
		st->hist[i] = (long)json_integer_value(json_array_get(h, i));
	for (int i = 0; i < AGG_QUAL__COUNT; i++)
		if (ld_long(L, q, agg_qual_name((enum agg_qual)i), &st->qual[i]) < 0)
			return -1;
	for (size_t i = 0; i < sizeof(v) / sizeof(*v); i++)
		if (ld_num(L, o, names[i], v[i]) < 0)
			return -1;
	return ld_long(L, o, "facts", &st->facts) < 0 ||
	       ld_long(L, o, "figures", &st->figures) < 0 ||
	       ld_long(L, o, "bulletins", &st->bulletins) < 0 ||
	       ld_long(L, o, "hist_outside", &st->hist_outside) < 0 ||
	       ld_bool(L, o, "approximate", &st->approximate) < 0 ? -1 : 0;
}

static int ld_group(struct ld *L, json_t *o, struct agg_group *g)
{
	const char **k[5] = { &g->month, &g->category, &g->unit, &g->source,
			      &g->place };

	for (int i = 0; i < 5; i++)
		if (ld_str(L, o, key_names[i], 1, k[i]) < 0)
			return -1;
	return ld_bool(L, o, "converted", &g->converted) < 0 ? -1 :
	       ld_stats(L, o, &g->st);
}

static int ld_point(struct ld *L, json_t *o, struct agg_point *p)
{
	return ld_str(L, o, "month", 0, &p->month) < 0 ||
	       ld_long(L, o, "figures", &p->figures) < 0 ||
	       ld_long(L, o, "bulletins", &p->bulletins) < 0 ||
	       ld_long(L, o, "all_bulletins", &p->all_bulletins) < 0 ||
	       ld_num(L, o, "sum", &p->sum) < 0 ||
	       ld_num(L, o, "sum_low", &p->sum_low) < 0 ||
	       ld_num(L, o, "sum_high", &p->sum_high) < 0 ||
	       ld_num(L, o, "mean", &p->mean) < 0 ||
	       ld_num(L, o, "per_bulletin", &p->per_bulletin) < 0 ? -1 : 0;
}

static int ld_trend(struct ld *L, json_t *o, struct agg_trend *tr)
{
	const char *dir;

	if (!o || ld_int(L, o, "months", &tr->months) < 0 ||
	    ld_int(L, o, "used", &tr->used) < 0 ||
	    ld_num(L, o, "slope", &tr->slope) < 0 ||
	    ld_num(L, o, "intercept", &tr->intercept) < 0 ||
	    ld_num(L, o, "ci_low", &tr->ci_low) < 0 ||
	    ld_num(L, o, "ci_high", &tr->ci_high) < 0 ||
	    ld_bool(L, o, "flagged", &tr->flagged) < 0 ||
	    ld_str(L, o, "direction", 0, &dir) < 0)
		return -1;
	tr->direction = !strcmp(dir, "up") ? 1 : !strcmp(dir, "down") ? -1 : 0;
	return 0;
}

static int ld_series(struct ld *L, json_t *o, struct agg_series *se)
{
	json_t *c = ld_obj(L, o, "change"), *pts;
	size_t n;

	if (!c || ld_str(L, o, "category", 0, &se->category) < 0 ||
	    ld_str(L, o, "unit", 0, &se->unit) < 0 ||
	    ld_trend(L, ld_obj(L, o, "trend"), &se->trend) < 0 ||
	    ld_str(L, c, "month", 1, &se->change.month) < 0 ||
	    ld_str(L, c, "previous", 1, &se->change.previous) < 0 ||
	    ld_num(L, c, "abs", &se->change.abs) < 0 ||
	    ld_num(L, c, "pct", &se->change.pct) < 0 ||
	    !(pts = ld_arr(L, o, "points", &n)))
		return -1;
	se->points = xcalloc(n + 1, sizeof(*se->points));
	se->npoints = n;
	for (size_t i = 0; i < n; i++)
		if (!json_is_object(json_array_get(pts, i)) ||
		    ld_point(L, json_array_get(pts, i), &se->points[i]) < 0)
			return fail(L, "points", "objects of points");
	return 0;
}

static int ld_ref(struct ld *L, json_t *o, struct agg_report_ref *r)
{
	return !o || ld_str(L, o, "bulletin_id", 0, &r->bulletin_id) < 0 ||
	       ld_str(L, o, "source", 0, &r->source) < 0 ||
	       ld_str(L, o, "published", 0, &r->published) < 0 ||
	       ld_num(L, o, "value", &r->value) < 0 ||
	       ld_str(L, o, "text", 0, &r->text) < 0 ? -1 : 0;
}

static int ld_duplicate(struct ld *L, json_t *o, struct agg_duplicate *u)
{
	return ld_str(L, o, "category", 0, &u->category) < 0 ||
	       ld_str(L, o, "unit", 0, &u->unit) < 0 ||
	       ld_str(L, o, "place", 0, &u->place) < 0 ||
	       ld_num(L, o, "diff_pct", &u->diff_pct) < 0 ||
	       ld_long(L, o, "days", &u->days) < 0 ||
	       ld_bool(L, o, "excluded", &u->excluded) < 0 ||
	       ld_ref(L, ld_obj(L, o, "kept"), &u->kept) < 0 ||
	       ld_ref(L, ld_obj(L, o, "duplicate"), &u->dup) < 0 ? -1 : 0;
}

static int ld_conversion(struct ld *L, json_t *o, struct agg_conversion *c)
{
	return ld_str(L, o, "month", 0, &c->month) < 0 ||
	       ld_str(L, o, "currency", 0, &c->currency) < 0 ||
	       ld_num(L, o, "rate", &c->rate) < 0 ||
	       ld_num(L, o, "to_rate", &c->to_rate) < 0 ||
	       ld_long(L, o, "figures", &c->figures) < 0 ? -1 : 0;
}

static int ld_unconverted(struct ld *L, json_t *o, struct agg_unconverted *u)
{
	return ld_str(L, o, "month", 0, &u->month) < 0 ||
	       ld_str(L, o, "currency", 0, &u->currency) < 0 ||
	       ld_long(L, o, "figures", &u->figures) < 0 ||
	       ld_str(L, o, "reason", 0, &u->reason) < 0 ? -1 : 0;
}

static int ld_coverage(struct ld *L, json_t *o, struct agg_coverage *c)
{
	return ld_str(L, o, "source", 0, &c->source) < 0 ||
	       ld_str(L, o, "month", 0, &c->month) < 0 ||
	       ld_long(L, o, "bulletins", &c->bulletins) < 0 ? -1 : 0;
}

static int ld_month(struct ld *L, json_t *o, const char **m)
{
	if (!json_is_string(o))
		return fail(L, NULL, "a month YYYY-MM");
	*m = arena_strdup(&L->t->strings, json_string_value(o));
	return 0;
}

/* Loads root[name] as an array of objects (or strings for months)
 * into a freshly allocated *arr of *n elements of size el. */
#define LD_ARRAY(L, root, name, arr, n, fn, objects) do { \
	size_t cnt_; \
	json_t *a_ = ld_arr((L), (root), (name), &cnt_); \
	if (!a_) \
		return -1; \
	(arr) = xcalloc(cnt_ + 1, sizeof(*(arr))); \
	for (size_t i_ = 0; i_ < cnt_; i_++) { \
		json_t *e_ = json_array_get(a_, i_); \
		at((L), (name), i_); \
		if ((objects) && !json_is_object(e_)) \
			return fail((L), NULL, "an object"); \
		(n)++;	/* counted first: release frees half-loaded ones */ \
		if (fn((L), e_, &(arr)[i_]) < 0) \
			return -1; \
	} \
	(L)->where[0] = '\0'; \
} while (0)

static int ld_root(struct ld *L, json_t *root)
{
	struct aggregate_table *t = L->t;
	const char *fmt;
	long version;

	if (ld_str(L, root, "format", 0, &fmt) < 0)
		return -1;
	if (strcmp(fmt, "tally-aggregate"))
		return fail(L, "format", "\"tally-aggregate\"");
	if (ld_long(L, root, "version", &version) < 0)
		return -1;
	if (version != 1)
		return fail(L, "version", "1");
	if (ld_options(L, root) < 0 || ld_account(L, root) < 0)
		return -1;
	LD_ARRAY(L, root, "months", t->months, t->nmonths, ld_month, 0);
	LD_ARRAY(L, root, "coverage", t->coverage, t->ncoverage, ld_coverage, 1);
	LD_ARRAY(L, root, "groups", t->groups, t->ngroups, ld_group, 1);
	LD_ARRAY(L, root, "series", t->series, t->nseries, ld_series, 1);
	LD_ARRAY(L, root, "duplicates", t->duplicates, t->nduplicates,
		 ld_duplicate, 1);
	LD_ARRAY(L, root, "conversions", t->conversions, t->nconversions,
		 ld_conversion, 1);
	LD_ARRAY(L, root, "unconverted", t->unconverted, t->nunconverted,
		 ld_unconverted, 1);
	return 0;
}

int aggregate_load_json(const char *path, struct aggregate_table *t,
			struct diag *d)
{
	struct ld L = { t, path, d, "" };
	json_error_t err;
	json_t *root;
	int rc;

	memset(t, 0, sizeof(*t));
	root = !strcmp(path, "-") ? json_loadf(stdin, 0, &err) :
	       json_load_file(path, 0, &err);
	if (!root)
		return diag_set(d, path, err.line, err.column, NULL, "%s",
				err.text);
	if (!json_is_object(root)) {
		json_decref(root);
		return diag_set(d, path, 1, 1, NULL, "expected a JSON object");
	}
	rc = ld_root(&L, root);
	json_decref(root);
	if (rc < 0)
		aggregate_table_release(t);
	return rc;
}
