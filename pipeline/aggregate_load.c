/*
 * aggregate_load.c - reading an aggregate table back from its JSON, so
 * that chart and report code get a struct aggregate_table and never
 * parse the JSON themselves.  Every member is checked; an error names
 * the member and where it is ("groups[3]: field 'sum': expected a number").
 *
 * The list of probable duplicates grows with the data (a 1 GB corpus:
 * 140 MB of JSON, which a Jansson tree makes ten times larger), so the
 * file is not parsed whole: the top-level object is read a member at a
 * time, and "duplicates" an element at a time, each parsed by Jansson
 * from a window of the file (JSON_DISABLE_EOF_CHECK says where the
 * value ended) and written to the table's spill, a temporary file.
 */
#include <errno.h>
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
	long v = 0;

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
	long version = 0;

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
	LD_ARRAY(L, root, "conversions", t->conversions, t->nconversions,
		 ld_conversion, 1);
	LD_ARRAY(L, root, "unconverted", t->unconverted, t->nunconverted,
		 ld_unconverted, 1);
	return 0;
}

/* ---- the file a value at a time ------------------------------------------ */

#define JIN_CHUNK (1u << 20)

/* The part of the file read and not yet parsed is buf[pos..len); line
 * and col are where buf[pos] lies, for messages. */
struct jin {
	FILE *fp;
	const char *path;
	char *buf;
	size_t pos, len, cap;
	int eof;
	int line, col;
};

/* Reads on, at least as much again as is unread, so that a long value
 * is parsed a bounded number of times.  1 when more was read, 0 at the
 * end of the file, -1 on a read error. */
static int jin_more(struct jin *in, struct diag *d)
{
	size_t unread = in->len - in->pos, want, got;

	if (in->eof)
		return 0;
	if (unread)	/* (the first time there is no buffer yet) */
		memmove(in->buf, in->buf + in->pos, unread);
	in->len = unread;
	in->pos = 0;
	want = unread > JIN_CHUNK ? unread : JIN_CHUNK;
	xgrow((void **)&in->buf, &in->cap, in->len + want + 1, 1);
	got = fread(in->buf + in->len, 1, want, in->fp);
	in->len += got;
	if (got < want) {
		if (ferror(in->fp))
			return diag_set(d, in->path, 0, 0, NULL, "cannot read: %s",
					strerror(errno));
		in->eof = 1;
	}
	return got > 0;
}

/* Moves past n bytes, counting lines and (UTF-8) columns. */
static void jin_skip(struct jin *in, size_t n)
{
	const char *p = in->buf + in->pos, *end = p + n, *nl;

	while ((nl = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		in->line++;
		in->col = 1;
		p = nl + 1;
	}
	for (; p < end; p++)
		in->col += ((unsigned char)*p & 0xC0) != 0x80;
	in->pos += n;
}

/* The next byte that is not white space (not consumed); -1 at the end
 * of the file, -2 on a read error (d set). */
static int jin_peek(struct jin *in, struct diag *d)
{
	for (;;) {
		int r;

		while (in->pos < in->len) {
			char c = in->buf[in->pos];

			if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
				return (unsigned char)c;
			jin_skip(in, 1);
		}
		if ((r = jin_more(in, d)) <= 0)
			return r < 0 ? -2 : -1;
	}
}

static int jin_fail(struct jin *in, struct diag *d, const char *what)
{
	return diag_set(d, in->path, in->line, in->col, NULL, "expected %s",
			what);
}

/* Consumes the byte c after white space, else fails expecting what. */
static int jin_expect(struct jin *in, int c, const char *what, struct diag *d)
{
	int got = jin_peek(in, d);

	if (got == -2)
		return -1;
	if (got != c)
		return jin_fail(in, d, what);
	jin_skip(in, 1);
	return 0;
}

/* The next JSON value, of any type (NULL and d set on an error).  A value
 * that ends near the end of what was read (a number may go on; a UTF-8
 * sequence may be cut) is parsed again with more of the file. */
static json_t *jin_value(struct jin *in, struct diag *d)
{
	for (;;) {
		size_t avail = in->len - in->pos, at;
		json_error_t err;
		json_t *v = json_loadb(in->buf + in->pos, avail, JSON_DECODE_ANY |
				       JSON_DISABLE_EOF_CHECK |
				       JSON_REJECT_DUPLICATES, &err);

		at = err.position > 0 ? (size_t)err.position : 0;
		if (!in->eof && at + 8 >= avail) {
			json_decref(v);
			if (jin_more(in, d) < 0)
				return NULL;
			continue;
		}
		if (v) {
			jin_skip(in, at);
			return v;
		}
		diag_set(d, in->path, err.line <= 1 ? in->line : in->line + err.line - 1,
			 err.line <= 1 ? in->col + (err.column > 0 ? err.column - 1 : 0) :
			 err.column, NULL, "%s", err.text);
		return NULL;
	}
}

/* The next member's key and the ':' after it; NULL after the closing
 * '}' (*end set) or on an error. */
static json_t *jin_key(struct jin *in, int first, int *end, struct diag *d)
{
	int c = jin_peek(in, d);
	json_t *k;

	*end = 0;
	if (c == '}') {
		jin_skip(in, 1);
		*end = 1;
		return NULL;
	}
	if (!first) {
		if (c != ',') {
			if (c != -2)
				jin_fail(in, d, "',' or '}' after a member");
			return NULL;
		}
		jin_skip(in, 1);
		c = jin_peek(in, d);
	}
	if (c != '"') {
		if (c != -2)
			jin_fail(in, d, "a member name in double quotes");
		return NULL;
	}
	if (!(k = jin_value(in, d)))
		return NULL;
	if (jin_expect(in, ':', "':' after a member name", d) < 0) {
		json_decref(k);
		return NULL;
	}
	return k;
}

/* ---- the list of duplicates ------------------------------------------------- */

/* Files the duplicate u in the table: its JSON into the spill, in order;
 * into the array when it comes out of order or there is no spill. */
static void keep_duplicate(struct aggregate_table *t, const struct agg_duplicate *u,
			   struct strbuf *key, struct strbuf *js, size_t *cap)
{
	struct agg_duplicate c = *u;

	if (!t->spill && !t->nduplicates)
		t->spill = agg_spill_new();
	if (t->spill) {
		agg_dup_key(key, u);
		strbuf_reset(js);
		agg_json_duplicate(js, u);
		if (agg_spill_put(t->spill, key, js->buf, js->len) == 0)
			return;
	}
	agg_duplicate_keep(&c, &t->strings);
	xgrow((void **)&t->duplicates, cap, t->nduplicates + 1,
	      sizeof(*t->duplicates));
	t->duplicates[t->nduplicates++] = c;
}

static int cmp_dup(const void *a, const void *b)
{
	return agg_dup_cmp(a, b);
}

/* Reads the array of duplicates, an element at a time. */
static int ld_duplicates(struct ld *L, struct jin *in,
			 struct agg_dupcount **counts, size_t *ncounts)
{
	struct aggregate_table scratch;
	struct ld E = *L;
	struct strbuf key = STRBUF_INIT, js = STRBUF_INIT;
	size_t cap = 0, capc = 0, i = 0;
	int c, rc = 0;

	memset(&scratch, 0, sizeof(scratch));
	E.t = &scratch;
	if (jin_expect(in, '[', "'[' (\"duplicates\": an array)", L->d) < 0)
		return -1;
	for (c = jin_peek(in, L->d); c != ']' && !rc; c = jin_peek(in, L->d)) {
		struct agg_duplicate u;
		json_t *e;

		if (i > 0) {	/* a ',' between elements */
			if (c != ',') {
				rc = c == -2 ? -1 : jin_fail(in, L->d, "',' or ']' "
							     "in \"duplicates\"");
				break;
			}
			jin_skip(in, 1);
		}
		if (!(e = jin_value(in, L->d))) {
			rc = -1;
			break;
		}
		at(&E, "duplicates", i++);
		rc = !json_is_object(e) ? fail(&E, NULL, "an object") :
		     ld_duplicate(&E, e, &u);
		json_decref(e);
		if (!rc) {
			keep_duplicate(L->t, &u, &key, &js, &cap);
			agg_dupcount_add(counts, ncounts, &capc, &u);
		}
		arena_release(&scratch.strings);
	}
	if (!rc)
		jin_skip(in, 1);	/* the ']' */
	xqsort(L->t->duplicates, L->t->nduplicates, sizeof(*L->t->duplicates),
	       cmp_dup);
	strbuf_release(&key);
	strbuf_release(&js);
	return rc;
}

/* ---- the file ----------------------------------------------------------------- */

/* The members of the top-level object: "duplicates" streamed into the
 * table, every other one into *root. */
static int ld_members(struct ld *L, struct jin *in, json_t *root,
		      struct agg_dupcount **counts, size_t *ncounts, int *seen)
{
	int end = 0;

	if (jin_expect(in, '{', "a JSON object", L->d) < 0)
		return -1;
	for (int first = 1;; first = 0) {
		json_t *k = jin_key(in, first, &end, L->d), *v;
		const char *name;
		int rc;

		if (!k)
			return end ? 0 : -1;
		name = json_string_value(k);
		if (!name)
			rc = jin_fail(in, L->d, "a member name");
		else if (json_object_get(root, name) ||
			 (!strcmp(name, "duplicates") && *seen))
			rc = diag_set(L->d, L->path, in->line, in->col, name,
				      "duplicate member");
		else if (!strcmp(name, "duplicates")) {
			*seen = 1;
			rc = ld_duplicates(L, in, counts, ncounts);
		} else {
			rc = (v = jin_value(in, L->d)) ? 0 : -1;
			if (!rc)
				json_object_set_new(root, name, v);
		}
		json_decref(k);
		if (rc < 0)
			return -1;
	}
}

static int ld_file(struct ld *L, FILE *fp)
{
	struct jin in = { fp, L->path, NULL, 0, 0, 0, 0, 1, 1 };
	json_t *root = json_object();
	struct agg_dupcount *counts = NULL;
	size_t ncounts = 0;
	int seen = 0, rc;

	rc = ld_members(L, &in, root, &counts, &ncounts, &seen);
	if (!rc && jin_peek(&in, L->d) != -1)
		rc = jin_fail(&in, L->d, "the end of the file after the object");
	if (!rc)
		rc = ld_root(L, root);
	if (!rc && !seen)
		rc = fail(L, "duplicates", "an array");
	if (!rc && !(L->t->dup_months = agg_dup_months(L->t, counts, ncounts)))
		rc = fail(L, "duplicates", "figures published in the months "
			  "of \"months\"");
	for (size_t i = 0; !rc && i < L->t->nmonths; i++) {
		const struct agg_dup_month *m = &L->t->dup_months[i];

		if (m->excluded != (L->t->keep_duplicates ? 0 : m->listed))
			rc = fail(L, "duplicates", L->t->keep_duplicates ?
				  "\"excluded\": false everywhere, as "
				  "options.keep_duplicates is true" :
				  "\"excluded\": true everywhere, as "
				  "options.keep_duplicates is false");
	}
	free(counts);
	free(in.buf);
	json_decref(root);
	return rc;
}

int aggregate_load_json(const char *path, struct aggregate_table *t,
			struct diag *d)
{
	struct ld L = { t, path, d, "" };
	FILE *fp = !strcmp(path, "-") ? stdin : fopen(path, "rb");
	int rc;

	memset(t, 0, sizeof(*t));
	if (!fp)
		return diag_set(d, path, 0, 0, NULL, "cannot open: %s",
				strerror(errno));
	rc = ld_file(&L, fp);
	if (fp != stdin)
		fclose(fp);
	if (rc < 0)
		aggregate_table_release(t);
	return rc;
}

/* ---- one duplicate from its JSON ------------------------------------------- */

int agg_duplicate_from_json(const char *js, size_t len,
			    struct aggregate_table *scratch,
			    struct agg_duplicate *u)
{
	struct diag d;
	struct ld L = { scratch, "-", &d, "" };
	json_error_t err;
	json_t *o = json_loadb(js, len, 0, &err);
	int rc = o && json_is_object(o) ? ld_duplicate(&L, o, u) : -1;

	json_decref(o);
	return rc;
}
