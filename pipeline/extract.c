/* extract.c - from a bulletin to its facts (see extract.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "extract_int.h"

/* ---- sentences ---------------------------------------------------------- */

static void push_sentence(struct field *f, size_t begin, size_t end, int para,
			  size_t span)
{
	RESERVE(f->sent, f->scap, f->nsent + 1);
	f->sent[f->nsent].begin = begin;
	f->sent[f->nsent].end = end;
	f->sent[f->nsent].para = para;
	f->sent[f->nsent].span = span;
	f->nsent++;
}

/* Tokenizes the sentences that may hold a figure (a quarter of the text,
 * typically); the others are read only if a place is wanted from them. */
static void tokenize_triggers(struct field *f)
{
	for (size_t i = 0; i < f->nspan; i++) {
		const struct span *sp = &f->span[i];
		size_t first = f->tk.n;

		if (!sp->trigger)
			continue;
		tokens_scan_range(&f->tk, f->lex, f->text, sp->start, sp->end,
				  !i || f->span[i - 1].para != sp->para);
		if (f->tk.n > first)
			push_sentence(f, first, f->tk.n, sp->para, i);
	}
	f->npara = f->nspan ? f->span[f->nspan - 1].para + 1 : 1;
}

/* ---- cues ------------------------------------------------------------- */

static void add_found(struct found **v, size_t *n, size_t *cap, size_t tok,
		      const struct lex_phrase *p)
{
	RESERVE(*v, *cap, *n + 1);
	(*v)[(*n)++] = (struct found){ tok, p };
}

/* The cue weight of paragraph and bulletin cues, found with every cue and
 * scope cue of the tokenized sentences (f->cues, f->scopes), once. */
static void index_cues(struct field *f)
{
	size_t ncat = f->lex->ncat;

	RESERVE(f->pscore, f->pscap, (size_t)f->npara * ncat + 1);
	memset(f->pscore, 0, ((size_t)f->npara * ncat + 1) * sizeof(*f->pscore));
	f->ncues = f->nscopes = 0;
	for (size_t s = 0; s < f->nsent; s++)
		for (size_t k = f->sent[s].begin; k < f->sent[s].end; k++) {
			const struct lex_phrase *p = tok_match(f, LR_CUE, k, f->sent[s].end);
			const struct lex_phrase *q = tok_match(f, LR_SCOPE, k, f->sent[s].end);

			if (q)
				add_found(&f->scopes, &f->nscopes, &f->scopecap, k, q);
			if (p)
				add_found(&f->cues, &f->ncues, &f->cuecap, k, p);
			for (int i = p ? p->id : -1; i >= 0; i = f->lex->cue[i].next) {
				const struct lex_cue *c = &f->lex->cue[i];
				float *slot = &f->pscore[(size_t)f->sent[s].para * ncat +
							 (size_t)c->category];

				if (c->at == CUE_PARAGRAPH && c->weight > *slot)
					*slot = c->weight;
				if (c->at == CUE_BULLETIN && c->weight > f->bscore[c->category])
					f->bscore[c->category] = c->weight;
			}
		}
}

/* ---- a field --------------------------------------------------------------- */

/* The arrays indexed by token, zeroed, for tk.n tokens. */
static void token_arrays(struct field *f)
{
	size_t n = f->tk.n;

	RESERVE(f->trap, f->trapcap, n + 1);
	RESERVE(f->nomention, f->nomcap, n + 1);
	RESERVE(f->cover, f->covercap, n + 2);
	RESERVE(f->figpre, f->figcap, n + 2);
	memset(f->trap, 0, n + 1);
	memset(f->nomention, 0, n + 1);
	memset(f->cover, 0, (n + 2) * sizeof(*f->cover));
	memset(f->figpre, 0, (n + 2) * sizeof(*f->figpre));
}

/* Reads a field afresh into f, whose arrays are reused. */
static void field_open(struct field *f, const struct lexicon *lex,
		       const char *text, size_t len, int which,
		       const char *dateline, int home, float *bscore)
{
	struct numbers_ctx cx;

	f->bscore = bscore;
	f->lex = lex;
	f->text = text;
	f->len = len;
	f->field = which;
	f->home = home;
	f->dateline = which == FIELD_BODY ? dateline : NULL;
	f->nspan = f->nsent = f->nmen = 0;
	f->tk.n = 0;
	sentences_split(f);
	tokenize_triggers(f);
	RESERVE(f->lazy, f->lazycap, (size_t)f->npara + 1);
	RESERVE(f->lazy_off, f->lazyoffcap, (size_t)f->npara + 1);
	RESERVE(f->lazy_next, f->lazynextcap, (size_t)f->npara + 1);
	memset(f->lazy_off, 0, ((size_t)f->npara + 1) * sizeof(*f->lazy_off));
	memset(f->lazy_next, 0, ((size_t)f->npara + 1) * sizeof(*f->lazy_next));
	for (int p = 0; p <= f->npara; p++)
		f->lazy[p] = -1;
	token_arrays(f);
	cx = (struct numbers_ctx){ lex, text, f->tk.v, f->tk.n, f->trap, home };
	numbers_mark_traps(&cx);
	place_mark_dateline(f);
	index_cues(f);
	place_mentions(f);
	place_index(f);
}

void field_release(struct field *f)
{
	tokens_release(&f->tk);
	free(f->trap);
	free(f->nomention);
	free(f->cover);
	free(f->figpre);
	free(f->sgroup);
	free(f->span);
	free(f->lazy);
	free(f->lazy_off);
	free(f->lazy_next);
	free(f->sent);
	free(f->men);
	free(f->msent);
	free(f->topic);
	free(f->pscore);
	free(f->cues);
	free(f->scopes);
	memset(f, 0, sizeof(*f));
}

static void push_cand(struct cands *all, const struct numexpr *e,
		      const struct field *f, size_t s)
{
	struct cand *c;

	RESERVE(all->v, all->cap, all->n + 1);
	c = &all->v[all->n++];
	memset(c, 0, sizeof(*c));
	c->e = *e;
	c->field = f->field;
	c->sent = (int)s;
	c->para = f->sent[s].para;
	c->place = -1;
	c->partitive_of = -1;
}

/* "18 of the Alliance's 31 members": 18 counts what 31 counts. */
static void resolve_partitives(struct cands *all, size_t first)
{
	for (size_t i = first; i < all->n; i++) {
		struct cand *c = &all->v[i], *t;

		if (c->partitive_of != -2)
			continue;
		c->partitive_of = -1;
		if (i + 1 >= all->n || all->v[i + 1].e.kind != UK_COUNT)
			continue;
		t = &all->v[i + 1];
		c->partitive_of = (int)(i + 1);
		c->head = t->head;
		c->head_tok = t->head_tok;
		c->item_first = t->item_first;
		c->item_last = t->item_last;
		c->explicit_head = t->explicit_head;
	}
}

/* A bare "over" before a duration means during: "over 12 days". */
static void during(const struct field *f, struct cand *c)
{
	if (c->e.kind == UK_DURATION && c->e.qual_over &&
	    !(c->e.first > 0 && tok_word(f, c->e.first - 1, "for")))
		c->e.qual = QUAL_EXACT;
}

/* Marks the tokens of the sentence's figures and their nouns, as prefix
 * counts (f->cover), so that cue distances can leave them out. */
static void cover_figures(const struct field *f, size_t s, const struct cands *all,
			  size_t first)
{
	const struct sentence *se = &f->sent[s];

	for (size_t k = se->begin; k < se->end; k++)
		f->cover[k + 1] = f->figpre[k + 1] = 0;
	for (size_t i = first; i < all->n; i++) {
		const struct cand *c = &all->v[i];
		size_t last = c->item_last != NO_TOK && c->item_last > c->e.last ?
			      c->item_last : c->e.last;

		for (size_t k = c->e.first; k <= last && k < se->end; k++)
			f->cover[k + 1] = 1;
		for (size_t k = c->e.first; k <= c->e.last && k < se->end; k++)
			f->figpre[k + 1] = 1;
	}
	f->cover[se->begin] = f->figpre[se->begin] = 0;
	for (size_t k = se->begin; k < se->end; k++) {
		f->cover[k + 1] += f->cover[k];
		f->figpre[k + 1] += f->figpre[k];
	}
	for (size_t k = se->end + 1; k <= f->tk.n && k <= se->end + 1; k++)
		f->cover[k] = f->cover[se->end];
}

/* Where the expressions of a sentence go: candidates, each with its
 * counted noun as soon as it is pushed. */
struct sentence_read {
	const struct field *f;
	size_t s;
	struct cands *all;
	size_t first;		/* the sentence's first candidate */
};

static void take_expression(void *ctx, const struct numexpr *e)
{
	struct sentence_read *r = ctx;

	push_cand(r->all, e, r->f, r->s);
	classify_head(r->f, &r->all->v[r->all->n - 1], r->all, r->first);
}

static void read_sentence(const struct field *f, size_t s, struct cands *all,
			  struct numbers_stats *nst)
{
	struct numbers_ctx cx = { f->lex, f->text, f->tk.v, f->tk.n, f->trap, f->home };
	struct sentence_read r = { f, s, all, all->n };
	size_t first = all->n;

	numbers_scan_each(&cx, f->sent[s].begin, f->sent[s].end, take_expression,
			  &r, nst);
	resolve_partitives(all, first);
	cover_figures(f, s, all, first);
	for (size_t i = first; i < all->n; i++) {
		struct cand *c = &all->v[i];

		classify_category(f, c);
		place_assign(f, c);
		scope_cues(f, c, all, first);
		during(f, c);
	}
}

static void read_field(const struct field *f, struct cands *all,
		       struct numbers_stats *nst)
{
	for (size_t s = 0; s < f->nsent; s++)
		read_sentence(f, s, all, nst);
}

/* ---- one figure per bulletin --------------------------------------------- */

struct keyset {
	uint64_t *slot;
	size_t mask;
};

static uint64_t fact_key(const struct cand *c, int with_cat)
{
	uint64_t bits;
	double v = c->e.value;

	memcpy(&bits, &v, sizeof(bits));
	return hash64(c->e.unit, strlen(c->e.unit)) ^ (bits * 0x9E3779B97F4A7C15ull) ^
	       (with_cat ? ((uint64_t)(c->cat + 1) << 40) ^
			   ((uint64_t)(c->place + 2) << 20) : 0) ^ (uint64_t)with_cat;
}

/* Inserts key; returns 1 when it was already there. */
static int keyset_add(struct keyset *ks, uint64_t key)
{
	size_t h = (size_t)(key ^ (key >> 29)) & ks->mask;

	key |= 1;
	for (; ks->slot[h]; h = (h + 1) & ks->mask)
		if (ks->slot[h] == key)
			return 1;
	ks->slot[h] = key;
	return 0;
}

/* Marks repeated figures (drop): a body figure stated again in the body,
 * a title figure the body states; keys holds the two key sets. */
static void drop_repeats(struct cands *all, uint64_t **keys, size_t *keycap,
			 struct extract_stats *st)
{
	size_t cap = 16;
	struct keyset seen, body;

	while (cap < all->n * 2)	/* at most half full */
		cap *= 2;
	RESERVE(*keys, *keycap, 2 * cap);
	memset(*keys, 0, 2 * cap * sizeof(**keys));
	seen = (struct keyset){ *keys, cap - 1 };
	body = (struct keyset){ *keys + cap, cap - 1 };
	for (size_t i = 0; i < all->n; i++)
		if (all->v[i].field == FIELD_BODY) {
			all->v[i].drop = keyset_add(&seen, fact_key(&all->v[i], 1));
			keyset_add(&body, fact_key(&all->v[i], 0));
		}
	for (size_t i = 0; i < all->n; i++)
		if (all->v[i].field == FIELD_TITLE)
			all->v[i].drop = keyset_add(&body, fact_key(&all->v[i], 0));
	for (size_t i = 0; i < all->n; i++)
		st->repeats += all->v[i].drop;
}

/* ---- facts ------------------------------------------------------------------ */

/* Appends s[0..n) with ASCII capitals made lower case: copied whole,
 * then lowered in place. */
static void add_lower(struct strbuf *sb, const char *s, size_t n)
{
	size_t from = sb->len;

	strbuf_add(sb, s, n);
	for (char *c = sb->buf + from; c < sb->buf + sb->len; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c |= 0x20;
}

static size_t span_end(const struct field *f, size_t last)
{
	return f->tk.v[last].off + f->tk.v[last].len;
}

#define EVIDENCE_MAX 600	/* bytes of a sentence kept as evidence */
#define EVIDENCE_SIDE 250	/* ... around the figure, when it is longer */

static int continuation(const char *text, size_t i)
{
	return ((unsigned char)text[i] & 0xC0) == 0x80;
}

/* The sentence as evidence; a very long one (a table flattened into one
 * line) is cut to a window around the figure, so that output stays linear
 * in the input. */
static void evidence(const struct field *f, const struct sentence *s,
		     size_t start, size_t end, struct strbuf *out)
{
	size_t b = f->tk.v[s->begin].off, e = span_end(f, s->end - 1);

	if (e - b > EVIDENCE_MAX) {
		size_t nb = start > b + EVIDENCE_SIDE ? start - EVIDENCE_SIDE : b;
		size_t ne = end + EVIDENCE_SIDE < e ? end + EVIDENCE_SIDE : e;

		while (nb < start && continuation(f->text, nb))
			nb++;
		while (ne > end && ne < f->len && continuation(f->text, ne))
			ne--;
		if (nb > b)
			strbuf_addstr(out, "\xe2\x80\xa6");
		strbuf_add(out, f->text + nb, ne - nb);
		if (ne < e)
			strbuf_addstr(out, "\xe2\x80\xa6");
		return;
	}
	strbuf_add(out, f->text + b, e - b);
}

/* What emitting facts keeps between them: the strings of the fact at
 * hand, and the evidence of the last sentence, the same for all its
 * figures unless the sentence is cut to a window around each. */
struct emit_bufs {
	struct strbuf text, item, sentence, note;
	const struct sentence *ev_of;	/* whose evidence sentence holds */
};

#define EMIT_BUFS_INIT { STRBUF_INIT, STRBUF_INIT, STRBUF_INIT, STRBUF_INIT, NULL }

static void emit_bufs_release(struct emit_bufs *eb)
{
	strbuf_release(&eb->text);
	strbuf_release(&eb->item);
	strbuf_release(&eb->sentence);
	strbuf_release(&eb->note);
}

static void emit_evidence(const struct field *f, const struct sentence *s,
			  size_t start, size_t end, struct emit_bufs *eb)
{
	size_t b = f->tk.v[s->begin].off, e = span_end(f, s->end - 1);

	if (eb->ev_of == s)
		return;
	strbuf_reset(&eb->sentence);
	evidence(f, s, start, end, &eb->sentence);
	eb->ev_of = e - b > EVIDENCE_MAX ? NULL : s;
}

/* Hands the fact of candidate c to the sink; returns what the sink does. */
static int emit(const struct lexicon *lex, const struct bulletin *b,
		const struct field *f, const struct cand *c,
		struct emit_bufs *eb, fact_sink sink, void *ctx)
{
	const struct sentence *s = &f->sent[c->sent];
	size_t start = f->tk.v[c->e.first].off, end = span_end(f, c->e.last);
	struct fact fa = { 0 };

	strbuf_reset(&eb->text);
	strbuf_reset(&eb->item);
	strbuf_reset(&eb->note);
	strbuf_add(&eb->text, f->text + start, end - start);
	emit_evidence(f, s, start, end, eb);
	if (c->item_first != NO_TOK && c->e.kind != UK_MONEY && c->e.kind != UK_PERCENT)
		add_lower(&eb->item, f->text + f->tk.v[c->item_first].off,
			  span_end(f, c->item_last) - f->tk.v[c->item_first].off);
	if (c->e.has_note)
		strbuf_add(&eb->note, f->text + f->tk.v[c->e.note_first].off,
			   span_end(f, c->e.note_last) - f->tk.v[c->e.note_first].off);
	fa.bulletin_id = b->id;
	fa.source = b->source;
	fa.published = b->published;
	fa.category = lex->cat[c->cat].name;
	fa.value = c->e.value;
	fa.unit = c->e.unit;
	fa.qualifier = c->e.qual;
	fa.item = eb->item.buf ? eb->item.buf : "";
	fa.place = c->place >= 0 ? lex->country[c->place].name : "";
	fa.scope = (enum scope)c->scope;
	fa.text = eb->text.buf ? eb->text.buf : "";
	fa.start = (long)start;
	fa.end = (long)end;
	fa.field = (enum fact_field)c->field;
	fa.sentence = eb->sentence.buf ? eb->sentence.buf : "";
	fa.note = eb->note.buf ? eb->note.buf : "";
	fa.title = b->title ? b->title : "";
	fa.url = b->url ? b->url : "";
	return sink(&fa, ctx);
}

/* The bulletin's own country, for currencies like the dollar: from its
 * source ("Royal Canadian Mounted Police"), else its dateline (tk is
 * room to tokenize them in). */
static int home_country(const struct lexicon *lex, const struct bulletin *b,
			struct tokens *tk)
{
	const char *srcs[2] = { b->source, b->dateline };
	int home = -1;

	for (int k = 0; k < 2 && home < 0; k++) {
		if (!srcs[k])
			continue;
		tk->n = 0;
		tokens_scan(tk, lex, srcs[k], strlen(srcs[k]));
		for (size_t i = 0; i < tk->n; i++) {
			const struct lex_phrase *p =
				lexicon_match(lex, LR_COUNTRY, tk->v, i, tk->n, srcs[k]);

			if (p) {
				home = p->id;
				i += p->nwords - 1;
			}
		}
	}
	return home;
}

static int year_of(const char *date)
{
	int y = 0;

	for (int i = 0; i < 4 && date && date[i] >= '0' && date[i] <= '9'; i++)
		y = y * 10 + (date[i] - '0');
	return y ? y : 9999;
}

/* What an extractor keeps from one bulletin to the next. */
struct extract_mem {
	struct field fields[2], scratch;
	struct cands all;
	struct emit_bufs eb;
	struct tokens home;
	float *bscore;
	size_t bscap;
	uint64_t *keys;
	size_t keycap;
};

void extractor_init(struct extractor *x, const struct lexicon *lex)
{
	x->lex = lex;
	x->mem = xcalloc(1, sizeof(*x->mem));
	x->mem->fields[0].scratch = x->mem->fields[1].scratch = &x->mem->scratch;
}

/* Frees what the extractor keeps; x may have been released already. */
void extractor_release(struct extractor *x)
{
	struct extract_mem *m = x->mem;

	if (!m)
		return;
	field_release(&m->fields[0]);
	field_release(&m->fields[1]);
	field_release(&m->scratch);
	free(m->all.v);
	emit_bufs_release(&m->eb);
	tokens_release(&m->home);
	free(m->bscore);
	free(m->keys);
	free(m);
	x->mem = NULL;
}

/* Title and body to facts, each handed to sink as it is made. */
int extractor_run(struct extractor *x, const struct bulletin *b,
		  fact_sink sink, void *ctx, struct extract_stats *st)
{
	const struct lexicon *lex = x->lex;
	struct extract_mem *m = x->mem;
	struct field *fields = m->fields;
	struct numbers_stats nst = { 0 };
	int home = home_country(lex, b, &m->home), rc = 0;

	RESERVE(m->bscore, m->bscap, lex->ncat + 1);
	memset(m->bscore, 0, (lex->ncat + 1) * sizeof(*m->bscore));
	m->all.n = 0;
	m->eb.ev_of = NULL;
	field_open(&fields[FIELD_TITLE], lex, b->title, b->title_len, FIELD_TITLE,
		   NULL, home, m->bscore);
	field_open(&fields[FIELD_BODY], lex, b->body, b->body_len, FIELD_BODY,
		   b->dateline, home, m->bscore);
	read_field(&fields[FIELD_TITLE], &m->all, &nst);
	read_field(&fields[FIELD_BODY], &m->all, &nst);
	drop_repeats(&m->all, &m->keys, &m->keycap, st);
	scope_resolve(lex, &m->all, year_of(b->published));
	for (size_t i = 0; i < m->all.n && rc == 0; i++) {
		if (m->all.v[i].drop)
			continue;
		rc = emit(lex, b, &fields[m->all.v[i].field], &m->all.v[i], &m->eb,
			  sink, ctx);
		st->facts += rc == 0;
	}
	st->unreadable += nst.unreadable;
	st->bulletins++;
	return rc < 0 ? -1 : 0;
}

static int add_to_table(const struct fact *f, void *table)
{
	fact_table_add(table, f);
	return 0;
}

/* Title and body to facts: figures, category, item, place, scope, evidence. */
int extract_bulletin(const struct lexicon *lex, const struct bulletin *b,
		     struct fact_table *out, struct extract_stats *st,
		     struct diag *d)
{
	struct extractor x;
	int rc;

	(void)d;
	extractor_init(&x, lex);
	rc = extractor_run(&x, b, add_to_table, out, st);
	extractor_release(&x);
	return rc;
}

/* A bare text as the body of an untitled bulletin (tests, fuzzing). */
int extract_text(const struct lexicon *lex, const char *text, size_t len,
		 struct fact_table *out, struct extract_stats *st)
{
	char *body = xmalloc(len + 1);
	struct bulletin b = { 0 };
	struct diag d;
	int rc;

	memcpy(body, text, len);
	body[len] = 0;
	diag_clear(&d);
	b.id = "text";
	b.source = "";
	b.published = "";
	b.title = "";
	b.body = body;
	b.body_len = len;
	rc = extract_bulletin(lex, &b, out, st, &d);
	free(body);
	return rc;
}
