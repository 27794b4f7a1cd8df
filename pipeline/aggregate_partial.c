/*
 * aggregate_partial.c - partial states as JSON Lines, and merging them.
 *
 * A partial is what a shard of a run knows: its account, coverage and
 * conversion counts, figures, and in sketch mode the mergeable state of
 * each group.  An exact partial holds every figure it selected (one per
 * bulletin per category and unit: the values for exact statistics, and
 * what the duplicate check needs across shards).  A sketch partial
 * ("sorted" in its header) holds only the distinctive figures, the only
 * ones the duplicate check reads, in canonical order: the run writes
 * them to a temporary file as its window releases them, and a merge
 * reads them back from each partial a figure at a time, so neither
 * holds them all.  Merging adds the counts, pools the figures (exact:
 * in sorted runs, aggregate_exact.c) or merges the group states
 * (sketch); agg_state_finish() then does what a whole run does, so the
 * results agree (byte for byte in exact mode, where everything is
 * computed from the pooled, sorted figures).
 */
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tally/ingest.h"
#include "tally/lines.h"
#include "aggregate_int.h"

static const char *const key_names[5] = {
	"month", "category", "unit", "source", "place"
};

/* ---- writing -------------------------------------------------------------- */

static void w_str(struct strbuf *sb, const char *k, const char *v)
{
	strbuf_addf(sb, "\"%s\":", k);
	if (!v) {
		strbuf_addstr(sb, "null,");
		return;
	}
	strbuf_addch(sb, '"');
	strbuf_add_json_escaped(sb, v, strlen(v));
	strbuf_addstr(sb, "\",");
}

static void w_num(struct strbuf *sb, const char *k, double v)
{
	char buf[40];

	strbuf_addf(sb, "\"%s\":%s,", k,
		    isfinite(v) ? fmt_double(buf, sizeof(buf), v) : "null");
}

static void w_long(struct strbuf *sb, const char *k, long v)
{
	strbuf_addf(sb, "\"%s\":%ld,", k, v);
}

static void w_longs(struct strbuf *sb, const char *k, const long *v, int n)
{
	strbuf_addf(sb, "\"%s\":[", k);
	for (int i = 0; i < n; i++)
		strbuf_addf(sb, "%s%ld", i ? "," : "", v[i]);
	strbuf_addstr(sb, "],");
}

/* Replaces the trailing comma with "}\n". */
static void w_end(struct strbuf *sb)
{
	sb->buf[sb->len - 1] = '}';
	strbuf_addch(sb, '\n');
}

static void write_header(const struct agg_state *s, struct strbuf *sb)
{
	strbuf_addstr(sb, "{\"format\":\"tally-partial\",\"version\":1,");
	w_str(sb, "mode", s->o.sketch ? "sketch" : "exact");
	strbuf_addstr(sb, "\"by\":[");
	for (int i = 0, first = 1; i < 5; i++)
		if (s->o.by & (1u << i)) {
			strbuf_addf(sb, "%s\"%s\"", first ? "" : ",", key_names[i]);
			first = 0;
		}
	strbuf_addstr(sb, "],");
	w_str(sb, "currency", s->o.currency);
	w_long(sb, "keep_duplicates", s->o.keep_duplicates);
	w_long(sb, "trend_months", s->o.trend_months);
	w_num(sb, "sketch_alpha", s->o.sketch_alpha);
	w_long(sb, "late_days", s->o.late_days);
	if (s->o.sketch)
		w_long(sb, "sorted", 1);
	w_end(sb);
}

/* The figures of a sketch partial in canonical order: those released to
 * the temporary file merged with the late ones kept in memory (on equal
 * keys the file's first: they came first). */
static void pflush(struct strbuf *sb, FILE *fp, int force);

static void write_sorted_figures(struct agg_state *s, struct strbuf *sb,
				 FILE *fp)
{
	struct strbuf key = STRBUF_INIT;
	uint32_t *order = NULL, *bul_rank = NULL;
	const char *js = NULL;
	size_t i = 0, len = 0;

	if (s->nfigs)
		order = agg_canon_order(s, &bul_rank);
	if (s->figspill) {
		agg_spill_rewind(s->figspill);
		js = agg_spill_next(s->figspill, &len);
	}
	while (js || i < s->nfigs) {
		if (js && i < s->nfigs)
			agg_figure_key(&key, &s->figs[order[i]]);
		if (js && (i == s->nfigs || agg_spill_cmp(s->figspill, &key) <= 0)) {
			strbuf_add(sb, js, len);
			js = agg_spill_next(s->figspill, &len);
		} else {
			agg_partial_figure(&s->figs[order[i++]], sb);
		}
		pflush(sb, fp, 0);
	}
	strbuf_release(&key);
	free(order);
	free(bul_rank);
}

static void write_account(const struct agg_account *a, struct strbuf *sb)
{
	strbuf_addstr(sb, "{\"k\":\"account\",");
	w_long(sb, "rows", a->rows);
	w_long(sb, "bad_rows", a->bad_rows);
	w_long(sb, "facts", a->facts);
	w_long(sb, "used", a->used);
	w_longs(sb, "excluded", a->excluded, AGG_EXCL__COUNT);
	w_long(sb, "bulletins", a->bulletins);
	w_long(sb, "figures", a->figures);
	w_long(sb, "unconverted", a->unconverted);
	w_end(sb);
}

void agg_partial_figure(const struct agg_figure *f, struct strbuf *sb)
{
	strbuf_addstr(sb, "{\"k\":\"fig\",");
	w_str(sb, "bulletin_id", f->bulletin_id);
	w_str(sb, "source", f->source);
	w_str(sb, "published", f->published);
	w_str(sb, "category", f->category);
	w_str(sb, "unit", f->orig_unit);
	w_num(sb, "value", f->orig_value);
	w_long(sb, "converted", f->converted);
	w_num(sb, "cvalue", f->value);
	w_num(sb, "low", f->low);
	w_num(sb, "high", f->high);
	w_num(sb, "rate", f->rate);
	w_str(sb, "qual", agg_qual_name((enum agg_qual)f->qual));
	w_long(sb, "nfacts", f->nfacts);
	w_str(sb, "place", f->place);
	w_str(sb, "text", f->text);
	w_end(sb);
}

static void write_sketch(const struct agg_sketch *k, struct strbuf *sb)
{
	strbuf_addstr(sb, "\"sk\":{");
	w_num(sb, "alpha", k->alpha);
	w_long(sb, "zero", k->zero);
	w_long(sb, "neg", k->neg);
	w_num(sb, "negsum", k->negsum);
	w_long(sb, "lo", k->lo);
	w_long(sb, "collapsed", k->collapsed);
	w_longs(sb, "counts", k->counts, k->len);
	sb->buf[sb->len - 1] = '}';
	strbuf_addch(sb, ',');
}

static void write_group(int set, const struct agg_sgroup *g, struct strbuf *sb)
{
	strbuf_addf(sb, "{\"k\":\"group\",\"set\":%d,\"keys\":[", set);
	for (int i = 0; i < 5; i++) {
		if (i)
			strbuf_addch(sb, ',');
		if (!g->key[i]) {
			strbuf_addstr(sb, "null");
			continue;
		}
		strbuf_addch(sb, '"');
		strbuf_add_json_escaped(sb, g->key[i], strlen(g->key[i]));
		strbuf_addch(sb, '"');
	}
	strbuf_addstr(sb, "],");
	w_long(sb, "converted", g->converted);
	w_long(sb, "n", g->mom.n);
	w_num(sb, "mean", g->mom.mean);
	w_num(sb, "m2", g->mom.m2);
	w_num(sb, "sum", g->mom.sum);
	w_num(sb, "min", g->mom.min);
	w_num(sb, "max", g->mom.max);
	w_num(sb, "sum_low", g->sum_low);
	w_num(sb, "sum_high", g->sum_high);
	w_long(sb, "facts", g->facts);
	w_long(sb, "bulletins", g->bulletins);
	w_longs(sb, "qual", g->qual, AGG_QUAL__COUNT);
	w_longs(sb, "hist", g->hist, AGG_HIST_BINS);
	w_long(sb, "hist_outside", g->hist_outside);
	w_long(sb, "minmax_approx", g->minmax_approx);
	write_sketch(&g->sk, sb);
	w_end(sb);
}

/* Passes what sb holds on to fp (when not NULL) once it is big. */
static void pflush(struct strbuf *sb, FILE *fp, int force)
{
	if (fp && sb->len && (force || sb->len >= 65536)) {
		fwrite(sb->buf, 1, sb->len, fp);	/* ferror() tells */
		strbuf_reset(sb);
	}
}

static void write_partial(struct agg_state *s, struct strbuf *sb, FILE *fp)
{
	if (!s->configured)
		agg_state_configure(s, &(struct agg_options){ 0 });
	agg_state_flush(s);
	if (s->o.sketch)
		agg_sk_flush(s);	/* the window's figures to the file */
	write_header(s, sb);
	write_account(&s->acct, sb);
	for (size_t i = 0; i < s->ncov; i++) {
		strbuf_addstr(sb, "{\"k\":\"cov\",");
		w_str(sb, "source", s->cov[i].source);
		w_str(sb, "month", s->cov[i].month);
		w_long(sb, "bulletins", s->cov[i].bulletins);
		w_end(sb);
		pflush(sb, fp, 0);
	}
	for (size_t i = 0; i < s->nconv; i++) {
		const struct agg_conv *c = &s->conv[i];

		strbuf_addstr(sb, "{\"k\":\"conv\",");
		w_str(sb, "month", c->month);
		w_str(sb, "currency", c->currency);
		w_str(sb, "reason", c->reason);
		w_num(sb, "rate", c->rate);
		w_num(sb, "to_rate", c->to_rate);
		w_long(sb, "figures", c->figures);
		w_end(sb);
		pflush(sb, fp, 0);
	}
	if (s->o.sketch)
		write_sorted_figures(s, sb, fp);
	else
		agg_x_write_figures(s, sb, fp);
	for (int k = 0; s->o.sketch && k < 2; k++)
		for (size_t i = 0; i < s->sets[k].n; i++) {
			write_group(k, &s->sets[k].v[i], sb);
			pflush(sb, fp, 0);
		}
	pflush(sb, fp, 1);
}

void agg_partial_write(struct agg_state *s, struct strbuf *sb)
{
	write_partial(s, sb, NULL);
}

int agg_partial_write_file(struct agg_state *s, FILE *fp, struct diag *d)
{
	struct strbuf sb = STRBUF_INIT;

	write_partial(s, &sb, fp);
	strbuf_release(&sb);
	return agg_x_error(s, d);
}

/* ---- reading -------------------------------------------------------------- */

struct pl {
	struct agg_state *s;
	const char *path;
	long line;
	struct diag *d;
	int sorted;		/* a sketch partial with sorted figures */
};

static int bad(struct pl *P, const char *field, const char *what)
{
	return diag_set(P->d, P->path, P->line, 0, field, "expected %s", what);
}

/* The readers set *out even when they fail (a caller that stops at the
 * first failure never reads it, but the compiler cannot see that). */
static int r_str(struct pl *P, json_t *o, const char *k, const char **out)
{
	json_t *v = json_object_get(o, k);

	*out = NULL;
	if (json_is_null(v) && !strcmp(k, "reason")) {
		*out = NULL;
		return 0;
	}
	if (!json_is_string(v))
		return bad(P, k, "a string");
	*out = json_string_value(v);
	return 0;
}

static int r_num(struct pl *P, json_t *o, const char *k, double *out)
{
	json_t *v = json_object_get(o, k);

	*out = NAN;
	if (json_is_null(v)) {
		*out = NAN;
		return 0;
	}
	if (!json_is_number(v))
		return bad(P, k, "a number");
	*out = json_number_value(v);
	return 0;
}

static int r_long(struct pl *P, json_t *o, const char *k, long *out)
{
	json_t *v = json_object_get(o, k);

	*out = 0;
	if (!json_is_integer(v))
		return bad(P, k, "an integer");
	*out = (long)json_integer_value(v);
	return 0;
}

static int r_longs(struct pl *P, json_t *o, const char *k, long *out, int n)
{
	json_t *v = json_object_get(o, k);

	if (!json_is_array(v) || (n >= 0 && json_array_size(v) != (size_t)n))
		return bad(P, k, "an array of counts");
	for (size_t i = 0; i < json_array_size(v); i++)
		out[i] = (long)json_integer_value(json_array_get(v, i));
	return 0;
}

static int r_header(struct pl *P, json_t *o)
{
	struct agg_options opt = { 0 };
	const char *fmt, *mode, *cur;
	long kd, tm, late;
	json_t *by = json_object_get(o, "by");

	if (r_str(P, o, "format", &fmt) < 0 || strcmp(fmt, "tally-partial"))
		return bad(P, "format", "a tally partial (tally aggregate --partial)");
	if (r_str(P, o, "mode", &mode) < 0 || r_str(P, o, "currency", &cur) < 0 ||
	    r_long(P, o, "keep_duplicates", &kd) < 0 ||
	    r_long(P, o, "trend_months", &tm) < 0 ||
	    r_long(P, o, "late_days", &late) < 0 ||
	    r_num(P, o, "sketch_alpha", &opt.sketch_alpha) < 0)
		return -1;
	if (!json_is_array(by))
		return bad(P, "by", "an array of keys");
	for (size_t i = 0; i < json_array_size(by); i++)
		for (int k = 0; k < 5; k++)
			if (json_is_string(json_array_get(by, i)) &&
			    !strcmp(json_string_value(json_array_get(by, i)),
				    key_names[k]))
				opt.by |= 1u << k;
	opt.sketch = !strcmp(mode, "sketch");
	/* the sketch's bucket width is log((1 + a) / (1 - a)): NaN past 1 */
	if (opt.sketch && !(opt.sketch_alpha > 0 && opt.sketch_alpha < 1))
		return bad(P, "sketch_alpha", "a relative error between 0 and 1");
	snprintf(opt.currency, sizeof(opt.currency), "%s", cur);
	opt.keep_duplicates = (int)kd;
	opt.trend_months = (int)tm;
	opt.late_days = (int)late;
	P->sorted = opt.sketch && json_is_integer(json_object_get(o, "sorted")) &&
		    json_integer_value(json_object_get(o, "sorted")) == 1;
	if (!P->s->configured) {
		agg_state_configure(P->s, &opt);
		return 0;
	}
	if (opt.by != P->s->o.by || opt.sketch != P->s->o.sketch ||
	    strcmp(opt.currency, P->s->o.currency) ||
	    opt.keep_duplicates != P->s->o.keep_duplicates ||
	    opt.trend_months != P->s->o.trend_months ||
	    opt.sketch_alpha != P->s->o.sketch_alpha ||
	    opt.late_days != P->s->o.late_days)
		return diag_set(P->d, P->path, P->line, 0, NULL, "made with other "
				"options (--by, --currency, --sketch, ...) than "
				"the first partial");
	return 0;
}

static int r_account(struct pl *P, json_t *o)
{
	struct agg_account a = { 0 };
	struct agg_account *t = &P->s->acct;

	if (r_long(P, o, "rows", &a.rows) < 0 ||
	    r_long(P, o, "bad_rows", &a.bad_rows) < 0 ||
	    r_long(P, o, "facts", &a.facts) < 0 ||
	    r_long(P, o, "used", &a.used) < 0 ||
	    r_longs(P, o, "excluded", a.excluded, AGG_EXCL__COUNT) < 0 ||
	    r_long(P, o, "bulletins", &a.bulletins) < 0 ||
	    r_long(P, o, "figures", &a.figures) < 0 ||
	    r_long(P, o, "unconverted", &a.unconverted) < 0)
		return -1;
	t->rows += a.rows;
	t->bad_rows += a.bad_rows;
	t->facts += a.facts;
	t->used += a.used;
	for (int i = 0; i < AGG_EXCL__COUNT; i++)
		t->excluded[i] += a.excluded[i];
	t->bulletins += a.bulletins;
	t->figures += a.figures;
	t->unconverted += a.unconverted;
	return 0;
}

/* 1 when m is a month YYYY-MM of the years dates may have (1900-2099):
 * the table's months run from the first to the last, so one wild month
 * would stretch it, or never end it. */
static int month_ok(const char *m)
{
	char d[11];

	if (!m || strlen(m) != 7)
		return 0;
	memcpy(d, m, 7);
	memcpy(d + 7, "-01", 4);
	return date_valid(d);
}

static int r_month(struct pl *P, json_t *o, const char *k, const char **out)
{
	if (r_str(P, o, k, out) < 0)
		return -1;
	return month_ok(*out) ? 0 : bad(P, k, "a month YYYY-MM of 1900-2099");
}

static int r_cov(struct pl *P, json_t *o)
{
	const char *src, *month;
	long n;

	if (r_str(P, o, "source", &src) < 0 || r_month(P, o, "month", &month) < 0 ||
	    r_long(P, o, "bulletins", &n) < 0)
		return -1;
	agg_state_add_coverage(P->s, src, month, n);
	return 0;
}

static int r_conv(struct pl *P, json_t *o)
{
	struct agg_conv c;

	if (r_month(P, o, "month", &c.month) < 0 ||
	    r_str(P, o, "currency", &c.currency) < 0 ||
	    r_str(P, o, "reason", &c.reason) < 0 ||
	    r_num(P, o, "rate", &c.rate) < 0 ||
	    r_num(P, o, "to_rate", &c.to_rate) < 0 ||
	    r_long(P, o, "figures", &c.figures) < 0)
		return -1;
	agg_state_add_conv(P->s, &c);
	return 0;
}

/* Reads a figure line into f (strings borrowed from o). */
static int parse_fig(struct pl *P, json_t *o, struct agg_figure *out)
{
	struct agg_figure f;
	const char *q;
	long conv, nf;
	int qi;

	memset(&f, 0, sizeof(f));
	if (r_str(P, o, "bulletin_id", &f.bulletin_id) < 0 ||
	    r_str(P, o, "source", &f.source) < 0 ||
	    r_str(P, o, "published", &f.published) < 0 ||
	    r_str(P, o, "category", &f.category) < 0 ||
	    r_str(P, o, "unit", &f.orig_unit) < 0 ||
	    r_num(P, o, "value", &f.orig_value) < 0 ||
	    r_long(P, o, "converted", &conv) < 0 ||
	    r_num(P, o, "cvalue", &f.value) < 0 ||
	    r_num(P, o, "low", &f.low) < 0 || r_num(P, o, "high", &f.high) < 0 ||
	    r_num(P, o, "rate", &f.rate) < 0 || r_str(P, o, "qual", &q) < 0 ||
	    r_long(P, o, "nfacts", &nf) < 0 || r_str(P, o, "place", &f.place) < 0 ||
	    r_str(P, o, "text", &f.text) < 0)
		return -1;
	if (!date_valid(f.published))
		return bad(P, "published", "a date YYYY-MM-DD");
	for (qi = 0; qi < AGG_QUAL__COUNT; qi++)
		if (!strcmp(q, agg_qual_name((enum agg_qual)qi)))
			break;
	if (qi == AGG_QUAL__COUNT)
		return bad(P, "qual", "a qualifier");
	f.qual = qi;
	f.nfacts = (int)nf;
	f.converted = (int)conv;
	f.unit = f.converted && agg_is_money(f.orig_unit) ? P->s->o.currency :
		 f.orig_unit;
	snprintf(f.month, sizeof(f.month), "%.7s", f.published);
	f.day = agg_day_number(f.published);
	f.part = P->s->nparts;
	*out = f;
	return 0;
}

static int r_fig(struct pl *P, json_t *o)
{
	struct agg_figure f;

	if (parse_fig(P, o, &f) < 0)
		return -1;
	if (P->s->o.sketch)
		agg_state_keep_figure(P->s, &f);	/* groups come apart */
	else
		agg_x_add(P->s, &f);
	return 0;
}

static int r_sketch(struct pl *P, json_t *o, struct agg_sketch *k)
{
	json_t *c;
	double alpha;

	if (!json_is_object(o))
		return bad(P, "sk", "a sketch object");
	if (r_num(P, o, "alpha", &alpha) < 0)
		return -1;
	agg_sketch_init(k, alpha);
	c = json_object_get(o, "counts");
	if (!json_is_array(c) || json_array_size(c) > AGG_SKETCH_MAX)
		return bad(P, "counts", "an array of bucket counts");
	k->len = (int)json_array_size(c);
	k->counts = xcalloc((size_t)k->len + 1, sizeof(*k->counts));
	if (r_longs(P, o, "counts", k->counts, k->len) < 0 ||
	    r_long(P, o, "zero", &k->zero) < 0 || r_long(P, o, "neg", &k->neg) < 0 ||
	    r_num(P, o, "negsum", &k->negsum) < 0)
		return -1;
	{
		long lo, col;

		if (r_long(P, o, "lo", &lo) < 0 || r_long(P, o, "collapsed", &col) < 0)
			return -1;
		k->lo = (int)lo;
		k->collapsed = (int)col;
	}
	k->total = k->zero + k->neg;
	for (int i = 0; i < k->len; i++)
		k->total += k->counts[i];
	return 0;
}

static int r_group(struct pl *P, json_t *o)
{
	struct agg_sgroup g;
	json_t *keys = json_object_get(o, "keys");
	long set, conv, mm;
	int rc;

	memset(&g, 0, sizeof(g));
	if (!P->s->o.sketch)
		return bad(P, "k", "no groups in an exact partial");
	if (!json_is_array(keys) || json_array_size(keys) != 5)
		return bad(P, "keys", "5 keys");
	for (int i = 0; i < 5; i++)
		g.key[i] = json_string_value(json_array_get(keys, (size_t)i));
	if (g.key[0] && !month_ok(g.key[0]))
		return bad(P, "keys", "a month YYYY-MM of 1900-2099 first");
	if (r_long(P, o, "set", &set) < 0 || (set != 0 && set != 1))
		return bad(P, "set", "0 or 1");
	if (r_long(P, o, "converted", &conv) < 0 || r_long(P, o, "n", &g.mom.n) < 0 ||
	    r_num(P, o, "mean", &g.mom.mean) < 0 || r_num(P, o, "m2", &g.mom.m2) < 0 ||
	    r_num(P, o, "sum", &g.mom.sum) < 0 || r_num(P, o, "min", &g.mom.min) < 0 ||
	    r_num(P, o, "max", &g.mom.max) < 0 ||
	    r_num(P, o, "sum_low", &g.sum_low) < 0 ||
	    r_num(P, o, "sum_high", &g.sum_high) < 0 ||
	    r_long(P, o, "facts", &g.facts) < 0 ||
	    r_long(P, o, "bulletins", &g.bulletins) < 0 ||
	    r_longs(P, o, "qual", g.qual, AGG_QUAL__COUNT) < 0 ||
	    r_longs(P, o, "hist", g.hist, AGG_HIST_BINS) < 0 ||
	    r_long(P, o, "hist_outside", &g.hist_outside) < 0 ||
	    r_long(P, o, "minmax_approx", &mm) < 0 ||
	    r_sketch(P, json_object_get(o, "sk"), &g.sk) < 0) {
		agg_sketch_release(&g.sk);
		return -1;
	}
	g.converted = (int)conv;
	g.minmax_approx = (int)mm;
	rc = agg_sk_merge_group(P->s, (int)set, &g, P->d);
	agg_sketch_release(&g.sk);
	return rc;
}

static int r_line(struct pl *P, json_t *o)
{
	const char *k;

	if (P->line == 1)
		return r_header(P, o);
	if (r_str(P, o, "k", &k) < 0)
		return -1;
	if (!strcmp(k, "fig"))
		return r_fig(P, o);
	if (!strcmp(k, "cov"))
		return r_cov(P, o);
	if (!strcmp(k, "conv"))
		return r_conv(P, o);
	if (!strcmp(k, "account"))
		return r_account(P, o);
	if (!strcmp(k, "group"))
		return r_group(P, o);
	return bad(P, "k", "fig, cov, conv, account or group");
}

#define FIG_PREFIX "{\"k\":\"fig\","

/* A figure line, as agg_partial_figure() begins it. */
static int is_fig(const char *line, size_t len)
{
	return len >= sizeof(FIG_PREFIX) - 1 &&
	       !memcmp(line, FIG_PREFIX, sizeof(FIG_PREFIX) - 1);
}

int agg_partial_load(struct agg_state *s, const char *path, struct diag *d)
{
	struct pl P = { s, path, 0, d, 0 };
	struct line_reader *lr;
	char *line;
	size_t len;
	int rc;

	if (line_reader_open(&lr, path, (size_t)64 << 20, d) < 0)
		return -1;
	s->nparts++;
	while ((rc = line_reader_next(lr, &line, &len, d)) > 0) {
		json_error_t err;
		json_t *o;

		P.line = line_reader_lineno(lr);
		if (P.sorted && rc == 1 && is_fig(line, len))
			continue;	/* read at the end, a line at a time */
		if (rc == 2 || !(o = json_loadb(line, len, 0, &err)) ||
		    !json_is_object(o)) {
			if (rc != 2)
				json_decref(o);
			rc = diag_set(d, path, P.line, 0, NULL,
				      "expected a JSON object (a partial line)");
			break;
		}
		rc = r_line(&P, o);
		json_decref(o);
		if (rc < 0)
			break;
		if (P.line == 1 && P.sorted) {
			xgrow((void **)&s->sorted, &s->capsorted, s->nsorted + 1,
			      sizeof(*s->sorted));
			s->sorted[s->nsorted].path = xstrdup(path);
			s->sorted[s->nsorted++].part = s->nparts;
		}
	}
	line_reader_close(lr);
	if (rc == 0 && P.line == 0)
		rc = diag_set(d, path, 0, 0, NULL, "empty: not a partial");
	return rc < 0 ? -1 : 0;
}

/* ---- the figures of a sorted partial, a line at a time ------------------ */

struct agg_figstream {
	struct pl P;
	struct line_reader *lr;
	json_t *row;		/* the line of the figure last read */
	struct agg_figure f;
	int part;
};

int agg_figstream_open(struct agg_figstream **out, struct agg_state *s,
		       const struct agg_sorted_part *p, struct diag *d)
{
	struct agg_figstream *fs = xcalloc(1, sizeof(*fs));

	*out = fs;
	fs->P = (struct pl){ s, p->path, 0, d, 1 };
	fs->part = p->part;
	return line_reader_open(&fs->lr, p->path, (size_t)64 << 20, d);
}

int agg_figstream_next(struct agg_figstream *fs, const struct agg_figure **f,
		       struct diag *d)
{
	char *line;
	size_t len;
	int rc;

	*f = NULL;
	json_decref(fs->row);
	fs->row = NULL;
	while ((rc = line_reader_next(fs->lr, &line, &len, d)) > 0) {
		json_error_t err;

		fs->P.line = line_reader_lineno(fs->lr);
		if (rc != 1 || !is_fig(line, len))
			continue;	/* read before (or too long: not a figure) */
		fs->row = json_loadb(line, len, 0, &err);
		if (!json_is_object(fs->row))
			return diag_set(d, fs->P.path, fs->P.line, 0, NULL,
					"expected a JSON object (a partial line)");
		if (parse_fig(&fs->P, fs->row, &fs->f) < 0)
			return -1;
		fs->f.part = fs->part;
		*f = &fs->f;
		return 0;
	}
	return rc < 0 ? -1 : 0;
}

void agg_figstream_close(struct agg_figstream *fs)
{
	if (!fs)
		return;
	line_reader_close(fs->lr);
	json_decref(fs->row);
	free(fs);
}
