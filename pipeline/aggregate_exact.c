/*
 * aggregate_exact.c - exact mode without holding the figures.
 *
 * Every statistic of exact mode comes from sorted values and the
 * duplicate check reads the figures in canonical order (published,
 * bulletin, category, unit, partial), so the figures must be put in that
 * order, whatever order they came in; memory must not follow them.
 *
 * So a figure becomes a fixed-size record (numbers and the ids of its
 * interned strings; its text beside it) appended to a run of at most
 * run_bytes (8 MB; TALLY_AGG_RUN_BYTES in the environment changes it, so
 * that tests can force many runs).  A full run is sorted in canonical
 * order and written to a temporary file; at the end the runs are merged,
 * k-way, into one stream in canonical order (ties: the run read first,
 * then the order within the run, so input order as the stable sorts
 * before kept it).  Input that fits in one run never touches the file.
 * The stream goes through the duplicate check, whose memory follows its
 * 14-day window, and each figure that counts appends (value, low, high)
 * to its group in each set of groups (under --by, and by month, category
 * and unit for the series; one set when the two are the same).  A
 * group's array is made at the end with the size counted as figures
 * came, and each group is then sorted by value (stably: ties stay in
 * canonical order, as before) for its statistics and freed.
 *
 * Held until the end: the bulletin ids (for the canonical order, the
 * contiguity check and the duplicates list), the groups' counts, and
 * the run being filled.  At the end: 24 bytes a figure that counts, in
 * its group (twice with a --by other than the default), a read buffer
 * per run, and the duplicate check's window.
 *
 * A bulletin counts once in a group.  Its figures are next to each other
 * in canonical order when they share a publication date (as extracted
 * facts do), so a group remembers the bulletin it counted last; the
 * figures of a bulletin published on several dates are counted through
 * a set of (group, bulletin) pairs instead.
 *
 * A run that writes a partial (--partial) keeps no records: it keeps
 * each figure's line, in the order they came, and past run_bytes writes
 * them to a temporary file that the partial copies.
 *
 * The temporary files are made in $TMPDIR (default /tmp) and unlinked at
 * once, so they go however the run ends.  A failure to write or read one
 * is remembered (file and errno) and reported when the run finishes; the
 * figures that come after it are dropped.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "aggregate_int.h"

#define RUN_BYTES ((size_t)8 << 20)
#define READ_BUF 65536

/* A figure as exact mode keeps it; on disk its text follows it. */
struct xrec {
	double orig_value, value, low, high, rate;
	int32_t day;
	uint32_t bul;		/* serial in the bulletin table */
	uint32_t part;		/* which partial it came from (merge) */
	int32_t src, pub, cat, ounit, place;	/* ids in the string table */
	uint32_t gid[2];	/* its group in each set */
	int32_t nfacts;
	uint32_t textlen;	/* with its '\0' */
	uint32_t text;		/* in memory: offset in the run's texts */
	uint8_t qual, converted;
};

/* Bulletin ids, numbered in order of arrival. */
struct bultab {
	uint32_t *slots;	/* serial + 1; 0: empty */
	size_t cap;
	const char **id;
	int32_t *day;		/* the date of its first figure */
	unsigned char *spread;	/* figures published on several dates */
	size_t n, alloc;
	struct arena strings;
};

struct xentry {
	double value, low, high;
};

struct xgroup {
	int32_t key[5];		/* string ids; -1: not a key */
	int converted;
	size_t count;		/* figures that came (room for entries) */
	size_t n;
	struct xentry *e;	/* made at the first entry */
	long facts, bulletins, qual[AGG_QUAL__COUNT];
	uint32_t last_bul;	/* serial + 1 of the bulletin counted last */
	int done;		/* st computed and e freed: its month closed */
	struct agg_stats st;
};

struct xgset {
	unsigned by;
	struct xgroup *v;
	size_t n, cap;
	uint32_t *slots;	/* index + 1; 0: empty */
	size_t scap;
};

/* A run written to the temporary file: [off, end). */
struct xrun {
	off_t off, end;
};

/* A temporary file and its name (for messages: it is unlinked). */
struct xtmp {
	FILE *fp;
	char *path;
};

/* The string interned last at one place of record_keys(): the next
 * figure's is often the same (its month, unit, place), and a strcmp()
 * then saves a lookup. */
struct xlast {
	int32_t id;		/* -1: none yet */
	unsigned keys;
};

enum { XLAST_CAT, XLAST_PLACE, XLAST_MONTH, XLAST_OUNIT, XLAST_GUNIT,
       XLAST__COUNT };

struct agg_exact {
	struct bultab buls;
	uint32_t last_bul;	/* serial + 1 of the bulletin added last */
	int prev;		/* a figure was added: prev_* are set */
	uint32_t prev_bul;	/* its bulletin, source and date */
	int32_t prev_src, prev_pub;
	struct xlast last[XLAST__COUNT];	/* the ids looked up last */
	struct xgset sets[2];
	int nsets;		/* 1 when --by is the default */
	size_t run_bytes;

	struct xrec *v;		/* the run being filled */
	size_t n, cap;
	struct strbuf texts;
	struct xtmp runs_tmp;
	off_t fend;
	struct xrun *runs;
	size_t nruns, caprun;

	uint32_t *mark;		/* per bulletin: sorting a run (0 between) */
	size_t nmark;
	uint64_t *pairs;	/* (set, group, bulletin) + 1 of spread ones */
	size_t npairs, cappairs;

	struct xtmp lines_tmp;	/* --partial: the figures' lines */
	struct strbuf line;
	char *err;		/* the first failure of a temporary file */
};

/* ---- bulletins -------------------------------------------------------- */

static size_t bul_slot(const struct bultab *b, const char *id)
{
	size_t mask = b->cap - 1;
	size_t i = (size_t)agg_hash(id, strlen(id)) & mask;

	while (b->slots[i] && strcmp(b->id[b->slots[i] - 1], id))
		i = (i + 1) & mask;
	return i;
}

static void bul_rehash(struct bultab *b)
{
	uint32_t *old = b->slots;
	size_t ocap = b->cap;

	b->cap = ocap ? ocap * 2 : 1024;
	b->slots = xcalloc(b->cap, sizeof(*b->slots));
	for (size_t i = 0; i < ocap; i++)
		if (old[i])
			b->slots[bul_slot(b, b->id[old[i] - 1])] = old[i];
	free(old);
}

/* The serial of id; 1 when it was there, 0 when added. */
static int bul_get_or_put(struct bultab *b, const char *id, uint32_t *serial)
{
	size_t i;

	if ((b->n + 1) * 3 > b->cap * 2)
		bul_rehash(b);
	i = bul_slot(b, id);
	if (b->slots[i]) {
		*serial = b->slots[i] - 1;
		return 1;
	}
	if (b->n == b->alloc) {
		size_t cap = b->alloc, cap2 = b->alloc;

		xgrow((void **)&b->id, &b->alloc, b->n + 1, sizeof(*b->id));
		xgrow((void **)&b->day, &cap, b->n + 1, sizeof(*b->day));
		xgrow((void **)&b->spread, &cap2, b->n + 1, 1);
	}
	b->id[b->n] = arena_strdup(&b->strings, id);
	b->day[b->n] = INT32_MIN;
	b->spread[b->n] = 0;
	b->slots[i] = (uint32_t)++b->n;
	*serial = (uint32_t)(b->n - 1);
	return 0;
}

static void bul_release(struct bultab *b)
{
	free(b->slots);
	free(b->id);
	free(b->day);
	free(b->spread);
	arena_release(&b->strings);
}

/* ---- groups ------------------------------------------------------------- */

static uint64_t key_hash(const int32_t key[5])
{
	uint64_t h = 0x9e3779b97f4a7c15ULL;

	for (int i = 0; i < 5; i++) {
		h ^= (uint32_t)key[i];
		h *= 0xff51afd7ed558ccdULL;
		h ^= h >> 29;
	}
	return h;
}

static size_t group_slot(const struct xgset *gs, const int32_t key[5])
{
	size_t mask = gs->scap - 1, i = (size_t)key_hash(key) & mask;

	while (gs->slots[i] &&
	       memcmp(gs->v[gs->slots[i] - 1].key, key, 5 * sizeof(*key)))
		i = (i + 1) & mask;
	return i;
}

static void group_rehash(struct xgset *gs)
{
	free(gs->slots);
	gs->scap = gs->scap ? gs->scap * 2 : 256;
	gs->slots = xcalloc(gs->scap, sizeof(*gs->slots));
	for (size_t i = 0; i < gs->n; i++)
		gs->slots[group_slot(gs, gs->v[i].key)] = (uint32_t)i + 1;
}

/* The group of key in gs, made on first use. */
static uint32_t group_of(struct xgset *gs, const int32_t key[5], int converted)
{
	size_t i;
	struct xgroup *g;

	if ((gs->n + 1) * 2 > gs->scap)
		group_rehash(gs);
	i = group_slot(gs, key);
	if (gs->slots[i])
		return gs->slots[i] - 1;
	xgrow((void **)&gs->v, &gs->cap, gs->n + 1, sizeof(*gs->v));
	g = &gs->v[gs->n];
	memset(g, 0, sizeof(*g));
	memcpy(g->key, key, sizeof(g->key));
	g->converted = converted;
	gs->slots[i] = (uint32_t)++gs->n;
	return (uint32_t)(gs->n - 1);
}

static void gset_release(struct xgset *gs)
{
	for (size_t i = 0; i < gs->n; i++)
		free(gs->v[i].e);
	free(gs->v);
	free(gs->slots);
	memset(gs, 0, sizeof(*gs));
}

/* 1 when (set, group, bulletin) is new to the set of pairs. */
static int pair_put(struct agg_exact *x, int set, uint32_t gid, uint32_t bul)
{
	uint64_t key = (((uint64_t)gid << 33) | ((uint64_t)set << 32) | bul) + 1;
	size_t i, mask;

	if ((x->npairs + 1) * 2 > x->cappairs) {
		uint64_t *old = x->pairs;
		size_t ocap = x->cappairs;

		x->cappairs = ocap ? ocap * 2 : 256;
		x->pairs = xcalloc(x->cappairs, sizeof(*x->pairs));
		mask = x->cappairs - 1;
		for (size_t j = 0; j < ocap; j++) {
			if (!old[j])
				continue;
			for (i = (size_t)(old[j] * 0x9e3779b97f4a7c15ULL) & mask;
			     x->pairs[i]; i = (i + 1) & mask)
				;
			x->pairs[i] = old[j];
		}
		free(old);
	}
	mask = x->cappairs - 1;
	for (i = (size_t)(key * 0x9e3779b97f4a7c15ULL) & mask; x->pairs[i];
	     i = (i + 1) & mask)
		if (x->pairs[i] == key)
			return 0;
	x->pairs[i] = key;
	x->npairs++;
	return 1;
}

/* ---- temporary files ----------------------------------------------------- */

/* Remembers the first failure: what, on which file, and errno. */
static void x_fail(struct agg_exact *x, const char *what, const char *path,
		   int err)
{
	struct strbuf sb = STRBUF_INIT;

	if (x->err)
		return;
	strbuf_addf(&sb, "cannot %s temporary file '%s': %s", what, path,
		    err ? strerror(err) : "unexpected end of file");
	x->err = xstrdup(sb.buf);
	strbuf_release(&sb);
}

/* A temporary file in $TMPDIR (default /tmp), unlinked at once so that
 * it goes however the run ends; -1 (and x->err) when it cannot be made. */
static int tmp_open(struct agg_exact *x, struct xtmp *t)
{
	const char *dir = getenv("TMPDIR");
	struct strbuf path = STRBUF_INIT;
	int fd;

	strbuf_addf(&path, "%s/tally-aggregate-XXXXXX",
		    dir && *dir ? dir : "/tmp");
	t->path = xstrdup(path.buf);
	strbuf_release(&path);
	if ((fd = mkstemp(t->path)) < 0) {
		x_fail(x, "create", t->path, errno);
		return -1;
	}
	unlink(t->path);
	if (!(t->fp = fdopen(fd, "w+b"))) {
		x_fail(x, "open", t->path, errno);
		close(fd);
		return -1;
	}
	return 0;
}

static void tmp_close(struct xtmp *t)
{
	if (t->fp)
		fclose(t->fp);
	free(t->path);
	memset(t, 0, sizeof(*t));
}

/* fwrite() that remembers a failure; 0 or -1. */
static int tmp_write(struct agg_exact *x, struct xtmp *t, const void *p,
		     size_t len)
{
	if (len && fwrite(p, 1, len, t->fp) != len) {
		x_fail(x, "write", t->path, errno);
		return -1;
	}
	return 0;
}

/* ---- the state ---------------------------------------------------------- */

/* The size of a run: TALLY_AGG_RUN_BYTES (tests force many runs), else
 * the options', else RUN_BYTES. */
static size_t run_bytes(const struct agg_options *o)
{
	const char *e = getenv("TALLY_AGG_RUN_BYTES");
	size_t dflt = o->run_bytes ? o->run_bytes : RUN_BYTES;
	char *end;
	unsigned long long v;

	if (!e || !*e)
		return dflt;
	errno = 0;
	v = strtoull(e, &end, 10);
	return errno || *end || !v ? dflt : (size_t)v;
}

void agg_x_init(struct agg_state *s)
{
	struct agg_exact *x = xcalloc(1, sizeof(*x));

	x->sets[0].by = s->o.by;
	x->sets[1].by = AGG_BY_DEFAULT;
	x->nsets = s->o.by == AGG_BY_DEFAULT ? 1 : 2;
	x->run_bytes = run_bytes(&s->o);
	for (int i = 0; i < XLAST__COUNT; i++)
		x->last[i].id = -1;
	s->x = x;
}

void agg_x_release(struct agg_state *s)
{
	struct agg_exact *x = s->x;

	if (!x)
		return;
	bul_release(&x->buls);
	gset_release(&x->sets[0]);
	gset_release(&x->sets[1]);
	free(x->v);
	strbuf_release(&x->texts);
	tmp_close(&x->runs_tmp);
	free(x->runs);
	free(x->pairs);
	free(x->mark);
	tmp_close(&x->lines_tmp);
	strbuf_release(&x->line);
	free(x->err);
	free(x);
	s->x = NULL;
}

int agg_x_new_bulletin(struct agg_state *s, const char *id)
{
	uint32_t serial;

	if (bul_get_or_put(&s->x->buls, id, &serial))
		return -1;
	s->x->last_bul = serial + 1;
	return 0;
}

size_t agg_x_held(const struct agg_state *s)
{
	return s->x ? s->x->n : 0;
}

int agg_x_error(const struct agg_state *s, struct diag *d)
{
	if (!s->x || !s->x->err)
		return 0;
	return diag_set(d, NULL, 0, 0, NULL, "%s", s->x->err);
}

/* ---- sorting a run ------------------------------------------------------- */

/* Canonical order of two records: published, bulletin id, category,
 * unit as extracted, partial (for the merge of the runs). */
static int xrec_cmp(const struct agg_state *s, const struct xrec *a,
		    const struct xrec *b)
{
	const char *const *str = s->strs.v;
	int c = (a->day > b->day) - (a->day < b->day);

	if (!c && a->bul != b->bul)
		c = strcmp(s->x->buls.id[a->bul], s->x->buls.id[b->bul]);
	if (!c && a->cat != b->cat)
		c = strcmp(str[a->cat], str[b->cat]);
	if (!c && a->ounit != b->ounit)
		c = strcmp(str[a->ounit], str[b->ounit]);
	return c ? c : (a->part > b->part) - (a->part < b->part);
}

struct bref {
	const char *id;
	uint32_t serial;
};

static int cmp_bref(const void *a, const void *b)
{
	return strcmp(((const struct bref *)a)->id,
		      ((const struct bref *)b)->id);
}

/* The rank in strcmp() order of the bulletin of each record among the
 * bulletins of the run (free() it), indexed by record. */
static uint32_t *bulletin_ranks(struct agg_exact *x)
{
	struct bref *v = xmalloc((x->n + 1) * sizeof(*v));
	uint32_t *rank = xmalloc((x->n + 1) * sizeof(*rank));
	size_t k = 0, cap = x->nmark;

	/* x->mark[serial]: not 0 for a bulletin of this run (then its rank
	 * + 1); all 0 again on return */
	xgrow((void **)&x->mark, &cap, x->buls.n, sizeof(*x->mark));
	if (cap > x->nmark)
		memset(x->mark + x->nmark, 0, (cap - x->nmark) * sizeof(*x->mark));
	x->nmark = cap;
	for (size_t i = 0; i < x->n; i++) {
		uint32_t b = x->v[i].bul;

		if (!x->mark[b]) {
			v[k] = (struct bref){ x->buls.id[b], b };
			x->mark[b] = (uint32_t)++k;
		}
	}
	xqsort(v, k, sizeof(*v), cmp_bref);
	for (size_t i = 0; i < k; i++)
		x->mark[v[i].serial] = (uint32_t)i + 1;
	for (size_t i = 0; i < x->n; i++)
		rank[i] = x->mark[x->v[i].bul] - 1;
	for (size_t i = 0; i < k; i++)
		x->mark[v[i].serial] = 0;
	free(v);
	return rank;
}

/* Bits that hold the numbers 0 to max. */
static int bits_of(uint64_t max)
{
	int b = 0;

	while (b < 64 && (max >> b))
		b++;
	return b;
}

/* The run in memory in canonical order (as xrec_cmp() orders it; ties:
 * input order), as indices (free() them): stable LSD radix sorts on
 * the partial, the ranks of unit and category, then day and the rank of
 * the bulletin within the run; one sort on all five packed into one key
 * when they fit in 64 bits (as they do but for very long runs). */
static uint32_t *run_order(struct agg_state *s)
{
	struct agg_exact *x = s->x;
	size_t n = x->n;
	uint32_t *idx = xmalloc((n + 1) * sizeof(*idx));
	uint64_t *key = xmalloc((n + 1) * sizeof(*key));
	uint32_t umax, cmax, bmax = 0, pmax = 0, *urank, *crank, *brank;
	int32_t dmin = n ? x->v[0].day : 0, dmax = dmin;
	int wp, wu, wc, wb, wd;

	for (size_t i = 0; i < n; i++) {
		idx[i] = (uint32_t)i;
		key[i] = x->v[i].part;
		pmax = x->v[i].part > pmax ? x->v[i].part : pmax;
		dmin = x->v[i].day < dmin ? x->v[i].day : dmin;
		dmax = x->v[i].day > dmax ? x->v[i].day : dmax;
	}
	if (!n) {
		free(key);
		return idx;
	}
	urank = agg_strtab_ranks(&s->strs, AGG_KEY_OUNIT, &umax);
	crank = agg_strtab_ranks(&s->strs, AGG_BY_CATEGORY, &cmax);
	brank = bulletin_ranks(x);
	for (size_t i = 0; i < n; i++)
		bmax = brank[i] > bmax ? brank[i] : bmax;
	wp = bits_of(pmax);
	wu = bits_of(umax);
	wc = bits_of(cmax);
	wb = bits_of(bmax);
	wd = bits_of((uint64_t)((int64_t)dmax - dmin));
	if (wp + wu + wc + wb + wd <= 64) {
		for (size_t i = 0; i < n; i++) {
			const struct xrec *r = &x->v[i];
			uint64_t k = (uint64_t)(uint32_t)(r->day - dmin);

			k = (k << wb) | brank[i];
			k = (k << wc) | crank[r->cat];
			k = (k << wu) | urank[r->ounit];
			key[i] = wp ? (k << wp) | r->part : k;
		}
		agg_radix_sort(idx, n, key);
	} else {
		agg_radix_sort(idx, n, key);	/* the partial */
		for (size_t i = 0; i < n; i++)
			key[i] = urank[x->v[i].ounit];
		agg_radix_sort(idx, n, key);
		for (size_t i = 0; i < n; i++)
			key[i] = crank[x->v[i].cat];
		agg_radix_sort(idx, n, key);
		for (size_t i = 0; i < n; i++)
			key[i] = (uint64_t)(uint32_t)(x->v[i].day - dmin) << 32 |
				 brank[i];
		agg_radix_sort(idx, n, key);
	}
	free(urank);
	free(crank);
	free(brank);
	free(key);
	return idx;
}

/* Writes the run in memory, sorted, to the temporary file, and empties
 * it; on failure the run is dropped (x->err says why). */
static void write_run(struct agg_state *s)
{
	struct agg_exact *x = s->x;
	uint32_t *order;
	struct xrun r = { x->fend, x->fend };

	if (!x->n || (!x->runs_tmp.fp && tmp_open(x, &x->runs_tmp) < 0)) {
		x->n = 0;
		strbuf_reset(&x->texts);
		return;
	}
	order = run_order(s);
	for (size_t i = 0; i < x->n && !x->err; i++) {
		const struct xrec *e = &x->v[order[i]];

		if (tmp_write(x, &x->runs_tmp, e, sizeof(*e)) == 0)
			tmp_write(x, &x->runs_tmp, x->texts.buf + e->text,
				  e->textlen);
		r.end += (off_t)(sizeof(*e) + e->textlen);
	}
	x->fend = r.end;
	free(order);
	xgrow((void **)&x->runs, &x->caprun, x->nruns + 1, sizeof(*x->runs));
	x->runs[x->nruns++] = r;
	x->n = 0;
	strbuf_reset(&x->texts);
}

/* ---- adding --------------------------------------------------------------- */

static int32_t intern(struct agg_state *s, const char *str, unsigned keys)
{
	return agg_strtab_id(&s->strs, &s->strings, str, keys);
}

/* intern(), through the id looked up last at the same place. */
static int32_t intern_last(struct agg_state *s, struct xlast *l,
			   const char *str, unsigned keys)
{
	if (l->id >= 0 && l->keys == keys && !strcmp(s->strs.v[l->id], str))
		return l->id;	/* its key bits were set then */
	l->id = intern(s, str, keys);
	l->keys = keys;
	return l->id;
}

/* The serial of f's bulletin (f's bulletin is most often the last one). */
static uint32_t bulletin_of(struct agg_exact *x, const struct agg_figure *f)
{
	struct bultab *b = &x->buls;
	uint32_t serial;

	if (!x->last_bul || strcmp(b->id[x->last_bul - 1], f->bulletin_id)) {
		bul_get_or_put(b, f->bulletin_id, &serial);
		x->last_bul = serial + 1;
	}
	serial = x->last_bul - 1;
	if (b->day[serial] == INT32_MIN)
		b->day[serial] = f->day;
	else if (b->day[serial] != f->day)
		b->spread[serial] = 1;
	return serial;
}

/* Its string ids and its groups (all: the five key ids). */
static void record_keys(struct agg_state *s, const struct agg_figure *f,
			struct xrec *r)
{
	struct agg_exact *x = s->x;
	int32_t all[5], key[5];

	/* a bulletin's figures come together and share its source and
	 * date: a strcmp() then saves a lookup */
	if (x->prev && r->bul == x->prev_bul &&
	    !strcmp(f->source, s->strs.v[x->prev_src]))
		r->src = x->prev_src;
	else
		r->src = intern(s, f->source, AGG_BY_SOURCE);
	if (x->prev && r->bul == x->prev_bul &&
	    !strcmp(f->published, s->strs.v[x->prev_pub]))
		r->pub = x->prev_pub;
	else
		r->pub = intern(s, f->published, 0);
	x->prev = 1;
	x->prev_bul = r->bul;
	x->prev_src = r->src;
	x->prev_pub = r->pub;
	r->cat = intern_last(s, &x->last[XLAST_CAT], f->category,
			     AGG_BY_CATEGORY);
	r->place = intern_last(s, &x->last[XLAST_PLACE], f->place,
			       AGG_BY_PLACE);
	all[0] = intern_last(s, &x->last[XLAST_MONTH],
			     f->month_key ? f->month_key : f->month,
			     AGG_BY_MONTH);
	if (f->converted && agg_is_money(f->orig_unit)) {
		/* grouped under the reporting currency */
		r->ounit = intern_last(s, &x->last[XLAST_OUNIT], f->orig_unit,
				       AGG_KEY_OUNIT);
		all[2] = intern_last(s, &x->last[XLAST_GUNIT], s->o.currency,
				     AGG_BY_UNIT);
	} else {
		r->ounit = intern_last(s, &x->last[XLAST_OUNIT], f->orig_unit,
				       AGG_KEY_OUNIT | AGG_BY_UNIT);
		all[2] = r->ounit;
	}
	all[1] = r->cat;
	all[3] = r->src;
	all[4] = r->place;
	for (int k = 0; k < x->nsets; k++) {
		struct xgset *gs = &x->sets[k];

		for (int i = 0; i < 5; i++)
			key[i] = gs->by & (1u << i) ? all[i] : -1;
		r->gid[k] = group_of(gs, key, f->converted);
		gs->v[r->gid[k]].count++;
	}
	if (x->nsets == 1)
		r->gid[1] = r->gid[0];
}

/* --partial: the figure's line, in the order figures came; past
 * run_bytes, the lines go to a temporary file. */
static void add_line(struct agg_state *s, const struct agg_figure *f)
{
	struct agg_exact *x = s->x;

	if (x->err)
		return;
	agg_partial_figure(f, &x->line);
	if (x->line.len < x->run_bytes ||
	    (!x->lines_tmp.fp && tmp_open(x, &x->lines_tmp) < 0))
		return;
	tmp_write(x, &x->lines_tmp, x->line.buf, x->line.len);
	strbuf_reset(&x->line);
}

void agg_x_add(struct agg_state *s, const struct agg_figure *f)
{
	struct agg_exact *x = s->x;
	struct xrec *r;
	size_t len = strlen(f->text);

	if (s->o.partial) {
		add_line(s, f);
		return;
	}
	if (x->err)
		return;		/* the run fails: see agg_x_error() */
	xgrow((void **)&x->v, &x->cap, x->n + 1, sizeof(*x->v));
	r = &x->v[x->n++];
	memset(r, 0, sizeof(*r));
	r->bul = bulletin_of(x, f);
	r->orig_value = f->orig_value;
	r->value = f->value;
	r->low = f->low;
	r->high = f->high;
	r->rate = f->rate;
	r->day = f->day;
	r->part = (uint32_t)f->part;
	r->nfacts = f->nfacts;
	r->qual = (uint8_t)f->qual;
	r->converted = (uint8_t)f->converted;
	record_keys(s, f, r);
	/* with its '\0', so that the stream can lend it as it is */
	r->text = (uint32_t)x->texts.len;
	r->textlen = (uint32_t)len + 1;	/* a pick's text is < 200 bytes */
	strbuf_add(&x->texts, f->text, len + 1);
	if (x->n * sizeof(*x->v) + x->texts.len >= x->run_bytes)
		write_run(s);
}

/* ---- the stream in canonical order ------------------------------------------ */

/* A run read back from the file. */
struct xreader {
	off_t off, end;		/* what is left of the run in the file */
	char *buf;
	size_t pos, len, cap;
	struct xrec rec;
	const char *text;	/* of rec, in buf */
};

struct xstream {
	struct agg_state *s;
	struct xreader *rd;	/* nruns of them */
	size_t nrd;
	int fd;
	uint32_t *order;	/* the run in memory, sorted */
	size_t mi;
	int *heap;		/* sources with a record: 0..nrd-1 files, nrd memory */
	size_t nheap;
	struct agg_figure f;
};

/* At least need bytes of the run in rd->buf from rd->pos; 0, or -1 at
 * the end of the run or on a failure (x->err). */
static int fill(struct agg_exact *x, int fd, struct xreader *rd, size_t need)
{
	if (rd->len - rd->pos >= need)
		return 0;
	if (rd->len - rd->pos + (size_t)(rd->end - rd->off) < need)
		return -1;
	memmove(rd->buf, rd->buf + rd->pos, rd->len - rd->pos);
	rd->len -= rd->pos;
	rd->pos = 0;
	if (need > rd->cap)
		xgrow((void **)&rd->buf, &rd->cap, need, 1);
	while (rd->len < need) {
		size_t want = rd->cap - rd->len;
		ssize_t got;

		if ((off_t)want > rd->end - rd->off)
			want = (size_t)(rd->end - rd->off);
		got = pread(fd, rd->buf + rd->len, want, rd->off);
		if (got <= 0) {
			x_fail(x, "read", x->runs_tmp.path, got ? errno : 0);
			return -1;
		}
		rd->len += (size_t)got;
		rd->off += got;
	}
	return 0;
}

/* The next record of a run: 1, or 0 at its end (or on a failure). */
static int reader_next(struct agg_exact *x, int fd, struct xreader *rd)
{
	if (fill(x, fd, rd, sizeof(rd->rec)) < 0)
		return 0;
	memcpy(&rd->rec, rd->buf + rd->pos, sizeof(rd->rec));
	rd->pos += sizeof(rd->rec);
	if (fill(x, fd, rd, rd->rec.textlen) < 0) {
		x_fail(x, "read", x->runs_tmp.path, 0);
		return 0;
	}
	rd->text = rd->buf + rd->pos;
	rd->pos += rd->rec.textlen;
	return 1;
}

static const struct xrec *head_of(const struct xstream *st, int src,
				  const char **text)
{
	const struct agg_exact *x = st->s->x;
	const struct xrec *r;

	if ((size_t)src < st->nrd) {
		*text = st->rd[src].text;
		return &st->rd[src].rec;
	}
	r = &x->v[st->order[st->mi]];
	*text = x->texts.buf + r->text;
	return r;
}

/* Heap order: canonical, then the source read first. */
static int heap_less(const struct xstream *st, int a, int b)
{
	const char *ta, *tb;
	int c = xrec_cmp(st->s, head_of(st, a, &ta), head_of(st, b, &tb));

	return c ? c < 0 : a < b;
}

static void sift_down(struct xstream *st, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, m = i;
		int t;

		if (l < st->nheap && heap_less(st, st->heap[l], st->heap[m]))
			m = l;
		if (l + 1 < st->nheap && heap_less(st, st->heap[l + 1], st->heap[m]))
			m = l + 1;
		if (m == i)
			return;
		t = st->heap[i];
		st->heap[i] = st->heap[m];
		st->heap[m] = t;
		i = m;
	}
}

/* Opens the reader of run i: a buffer no bigger than the run, so that
 * many small runs (tests) cost little. */
static void reader_open(struct xstream *st, size_t i)
{
	struct agg_exact *x = st->s->x;
	struct xreader *rd = &st->rd[i];
	size_t len = (size_t)(x->runs[i].end - x->runs[i].off);

	rd->off = x->runs[i].off;
	rd->end = x->runs[i].end;
	rd->cap = len < READ_BUF ? len : READ_BUF;
	rd->buf = xmalloc(rd->cap + 1);
	if (reader_next(x, st->fd, rd))
		st->heap[st->nheap++] = (int)i;
}

static struct xstream *xstream_open(struct agg_state *s)
{
	struct agg_exact *x = s->x;
	struct xstream *st = xcalloc(1, sizeof(*st));

	st->s = s;
	st->fd = -1;
	if (x->runs_tmp.fp) {
		if (fflush(x->runs_tmp.fp) != 0)
			x_fail(x, "write", x->runs_tmp.path, errno);
		st->fd = fileno(x->runs_tmp.fp);
	}
	st->nrd = x->err ? 0 : x->nruns;
	st->rd = xcalloc(st->nrd + 1, sizeof(*st->rd));
	st->heap = xcalloc(st->nrd + 1, sizeof(*st->heap));
	for (size_t i = 0; i < st->nrd; i++)
		reader_open(st, i);
	st->order = run_order(s);
	if (x->n)
		st->heap[st->nheap++] = (int)st->nrd;
	for (size_t i = st->nheap / 2; i-- > 0;)
		sift_down(st, i);
	return st;
}

/* The figure of record r (strings from the state's tables). */
static void view(const struct agg_state *s, const struct xrec *r,
		 const char *text, struct agg_figure *f)
{
	const char *const *str = s->strs.v;

	memset(f, 0, sizeof(*f));
	f->bulletin_id = s->x->buls.id[r->bul];
	f->source = str[r->src];
	f->published = str[r->pub];
	f->category = str[r->cat];
	f->place = str[r->place];
	f->text = text;
	f->orig_unit = str[r->ounit];
	f->unit = r->converted && agg_is_money(f->orig_unit) ? s->o.currency :
		  f->orig_unit;
	f->orig_value = r->orig_value;
	f->value = r->value;
	f->low = r->low;
	f->high = r->high;
	f->rate = r->rate;
	f->qual = r->qual;
	f->nfacts = r->nfacts;
	f->converted = r->converted;
	f->day = r->day;
	f->part = (int)r->part;
}

/* The first record of the stream and its figure (valid until
 * xstream_advance()); NULL at the end. */
static const struct xrec *xstream_head(struct xstream *st,
				       const struct agg_figure **f)
{
	const struct xrec *r;
	const char *text;

	if (!st->nheap)
		return NULL;
	r = head_of(st, st->heap[0], &text);
	view(st->s, r, text, &st->f);
	*f = &st->f;
	return r;
}

static void xstream_advance(struct xstream *st)
{
	struct agg_exact *x = st->s->x;
	int src = st->heap[0];
	int more;

	if ((size_t)src < st->nrd)
		more = reader_next(x, st->fd, &st->rd[src]);
	else
		more = ++st->mi < x->n;
	if (!more)
		st->heap[0] = st->heap[--st->nheap];
	if (st->nheap)
		sift_down(st, 0);
}

static void xstream_close(struct xstream *st)
{
	for (size_t i = 0; i < st->nrd; i++)
		free(st->rd[i].buf);
	free(st->rd);
	free(st->heap);
	free(st->order);
	free(st);
}

/* ---- partials ----------------------------------------------------------- */

/* Copies the lines of the temporary file, then those in memory, to sb
 * (and on to out when not NULL, a piece at a time). */
static void copy_lines(struct agg_exact *x, struct xtmp *t, struct strbuf *sb,
		       FILE *out)
{
	char buf[READ_BUF];
	size_t got;

	if (!t->fp)
		goto rest;
	if (fflush(t->fp) != 0 || fseeko(t->fp, 0, SEEK_SET) != 0) {
		x_fail(x, "write", t->path, errno);
		return;
	}
	while ((got = fread(buf, 1, sizeof(buf), t->fp)) > 0) {
		strbuf_add(sb, buf, got);
		if (out && sb->len >= READ_BUF) {
			fwrite(sb->buf, 1, sb->len, out);	/* ferror() tells */
			strbuf_reset(sb);
		}
	}
	if (ferror(t->fp))
		x_fail(x, "read", t->path, errno);
rest:
	if (x->line.len)	/* an empty strbuf has no buffer */
		strbuf_add(sb, x->line.buf, x->line.len);
}

void agg_x_write_figures(struct agg_state *s, struct strbuf *sb, FILE *out)
{
	struct agg_exact *x = s->x;
	struct xstream *st;
	const struct agg_figure *f;

	if (x->err)
		return;		/* agg_x_error() tells */
	if (s->o.partial) {
		copy_lines(x, &x->lines_tmp, sb, out);
		return;
	}
	/* a state not made for a partial: its figures in canonical order */
	st = xstream_open(s);
	for (; xstream_head(st, &f); xstream_advance(st)) {
		agg_partial_figure(f, sb);
		if (out && sb->len >= READ_BUF) {
			fwrite(sb->buf, 1, sb->len, out);
			strbuf_reset(sb);
		}
	}
	xstream_close(st);
}

/* ---- finishing -------------------------------------------------------------- */

/* r counts in its groups. */
static void group_add(struct agg_exact *x, const struct xrec *r)
{
	for (int k = 0; k < x->nsets; k++) {
		struct xgroup *g = &x->sets[k].v[r->gid[k]];

		if (!g->e)
			g->e = xmalloc((g->count + 1) * sizeof(*g->e));
		g->e[g->n++] = (struct xentry){ r->value, r->low, r->high };
		g->facts += r->nfacts;
		g->qual[r->qual]++;
		if (x->buls.spread[r->bul]) {
			g->bulletins += pair_put(x, k, r->gid[k], r->bul);
		} else if (g->last_bul != r->bul + 1) {
			g->last_bul = r->bul + 1;
			g->bulletins++;
		}
	}
}

/* Before the stream: the last run goes to the file when there are runs
 * there, and gives its memory back.  (A group's room for its entries is
 * made at its first one.) */
static void make_room(struct agg_exact *x, struct agg_state *s)
{
	if (x->nruns) {
		write_run(s);
		free(x->v);
		x->v = NULL;
		x->cap = 0;
		strbuf_release(&x->texts);
	}
}

static int xgroup_stats(struct xgroup *g, struct agg_stats *st, struct diag *d);

/* The stream is in canonical order, which starts with the date: once it
 * is past a month, the groups of that month (in sets that group by
 * month) have every entry, so their statistics are computed and their
 * entries freed now.  Memory then holds one month's values, not the
 * whole run's (24 bytes a figure). */
static int close_months(struct agg_state *s, const char *month,
			struct diag *d)
{
	struct agg_exact *x = s->x;

	for (int k = 0; k < x->nsets; k++)
		for (size_t i = 0; i < x->sets[k].n; i++) {
			struct xgroup *g = &x->sets[k].v[i];

			if (g->done || !g->e || g->key[0] < 0 ||
			    strncmp(s->strs.v[g->key[0]], month, 7) >= 0)
				continue;
			if (xgroup_stats(g, &g->st, d) < 0)
				return -1;
			g->done = 1;
		}
	return 0;
}

static int two_partials(struct diag *d, const char *id)
{
	return diag_set(d, NULL, 0, 0, NULL, "bulletin '%s' is in two "
			"partials: shards must split by bulletin", id);
}

/* The duplicate check over the stream; fills the groups. */
static int check_stream(struct agg_state *s, struct diag *d)
{
	struct agg_exact *x = s->x;
	/* the stream moves, but its strings but text are the state's */
	struct agg_dupdet *dd = agg_dupdet_new(AGG_DD_STRINGS);
	const struct agg_figure *f, *twin;
	const struct xrec *r;
	uint32_t prev_bul = UINT32_MAX, prev_part = 0;
	struct xstream *st;
	char month[8] = "";
	int rc = 0;

	make_room(x, s);
	st = xstream_open(s);
	for (; (r = xstream_head(st, &f)); xstream_advance(st)) {
		if (r->bul == prev_bul && r->part != prev_part) {
			rc = two_partials(d, f->bulletin_id);
			break;
		}
		if (strncmp(f->published, month, 7)) {
			snprintf(month, sizeof(month), "%.7s", f->published);
			if ((rc = close_months(s, month, d)) < 0)
				break;
		}
		prev_bul = r->bul;
		prev_part = r->part;
		if ((twin = agg_dupdet_check(dd, f)))
			agg_note_duplicate(s, twin, f);
		if (!twin || s->o.keep_duplicates)
			group_add(x, r);
	}
	xstream_close(st);
	agg_dupdet_free(dd);
	return rc ? rc : agg_x_error(s, d);
}

/* The statistics of g, whose entries are in canonical order: sorted by
 * value (stably), as before. */
static int xgroup_stats(struct xgroup *g, struct agg_stats *st, struct diag *d)
{
	size_t n = g->n;
	uint32_t *idx = xmalloc((n + 1) * sizeof(*idx));
	uint64_t *key = xmalloc((n + 1) * sizeof(*key));
	double *vals;
	int rc;

	agg_stats_clear(st);
	for (size_t i = 0; i < n; i++) {
		idx[i] = (uint32_t)i;
		key[i] = agg_value_key(g->e[i].value);
	}
	agg_radix_sort(idx, n, key);
	free(key);
	vals = xmalloc((n + 1) * sizeof(*vals));
	for (size_t i = 0; i < n; i++) {
		const struct xentry *e = &g->e[idx[i]];

		vals[i] = e->value;
		st->sum_low += e->low;
		st->sum_high += e->high;
	}
	free(idx);
	free(g->e);
	g->e = NULL;
	st->facts = g->facts;
	st->bulletins = g->bulletins;
	memcpy(st->qual, g->qual, sizeof(st->qual));
	st->figures = (long)n;
	rc = agg_stats_exact(vals, n, st, d);
	free(vals);
	return rc;
}

static const char *str_of(const struct agg_state *s, int32_t id)
{
	return id < 0 ? NULL : s->strs.v[id];
}

struct gref {
	const char *key[5];
	struct xgroup *g;
};

static int cmp_gref(const void *a, const void *b)
{
	return agg_key_cmp(((const struct gref *)a)->key,
			   ((const struct gref *)b)->key);
}

/* The groups of a set, sorted by their keys, with their statistics. */
static int make_groups(struct agg_state *s, struct aggregate_table *t,
		       struct xgset *gs, struct agg_group **out, size_t *nout,
		       struct diag *d)
{
	struct gref *v = xmalloc((gs->n + 1) * sizeof(*v));
	int rc = 0;

	for (size_t i = 0; i < gs->n; i++) {
		v[i].g = &gs->v[i];
		for (int k = 0; k < 5; k++)
			v[i].key[k] = str_of(s, gs->v[i].key[k]);
	}
	xqsort(v, gs->n, sizeof(*v), cmp_gref);
	*out = xcalloc(gs->n + 1, sizeof(**out));
	*nout = 0;
	for (size_t i = 0; i < gs->n && rc == 0; i++) {
		struct agg_group *g = &(*out)[(*nout)++];
		const char **dst[5] = { &g->month, &g->category, &g->unit,
					&g->source, &g->place };

		for (int k = 0; k < 5; k++)
			*dst[k] = v[i].key[k] ? arena_strdup(&t->strings,
							     v[i].key[k]) : NULL;
		g->converted = v[i].g->converted;
		if (v[i].g->done)
			g->st = v[i].g->st;
		else
			rc = xgroup_stats(v[i].g, &g->st, d);
	}
	free(v);
	return rc;
}

int agg_finish_exact(struct agg_state *s, struct aggregate_table *t,
		     struct diag *d)
{
	struct agg_exact *x = s->x;
	struct agg_group *mg = NULL;
	size_t nmg = 0;
	int rc = -1;

	if (check_stream(s, d) < 0)
		return -1;
	agg_finish_common(s, t);
	/* what the run in memory held is no longer needed */
	free(x->v);
	x->v = NULL;
	x->n = x->cap = 0;
	strbuf_release(&x->texts);
	if (make_groups(s, t, &x->sets[0], &t->groups, &t->ngroups, d) == 0 &&
	    (x->nsets == 1 ||
	     make_groups(s, t, &x->sets[1], &mg, &nmg, d) == 0)) {
		/* the series read the groups by month, category and unit */
		if (x->nsets == 1)
			agg_finish_series(t, t->groups, t->ngroups);
		else
			agg_finish_series(t, mg, nmg);
		rc = 0;
	} else {
		aggregate_table_release(t);
	}
	free(mg);
	return rc;
}
