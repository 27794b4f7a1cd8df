/* lexicon.c - loading the data files and looking words up (see lexicon.h). */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "tally/lexicon.h"

/* ---- the word table -------------------------------------------------- */

/* Keeps a rare path out of its hot caller, which then saves and restores
 * fewer registers. */
#if defined(__GNUC__)
#define NOINLINE __attribute__((noinline))
#else
#define NOINLINE
#endif

/* The normalised byte of s at *i (lower case, ’ read as '), advancing *i. */
static unsigned char norm_byte(const char *s, size_t len, size_t *i)
{
	const unsigned char *u = (const unsigned char *)s;

	if (*i + 2 < len && u[*i] == 0xE2 && u[*i + 1] == 0x80 && u[*i + 2] == 0x99) {
		*i += 3;
		return '\'';
	}
	if (u[*i] >= 'A' && u[*i] <= 'Z')
		return (unsigned char)(u[(*i)++] | 0x20);
	return u[(*i)++];
}

static uint64_t hash_block(uint64_t h, uint64_t block)
{
	h = (h ^ block) * 0xFF51AFD7ED558CCDull;
	return h ^ (h >> 32);
}

static uint32_t hash_end(uint64_t h, size_t len)
{
	return (uint32_t)(((h ^ len) * 0x9E3779B97F4A7C15ull) >> 32);
}

/* Upper-case ASCII letters of w (bytes below 0x80) made lower case. */
static uint64_t lower8(uint64_t w)
{
	const uint64_t ones = 0x0101010101010101ull, high = ones * 0x80;
	uint64_t ge_a = w + ones * (0x80 - 'A'), gt_z = w + ones * (0x80 - 'Z' - 1);

	return w | ((ge_a & ~gt_z & high) >> 2);
}

/* A normalised form as the word table keys it: its first 16 bytes
 * (zero-padded, as little-endian numbers), its length and a hash of it
 * all, eight bytes at a time. */
struct norm_key {
	uint64_t head[2];
	size_t len;
	uint32_t hash;
};

/* The bytes of w beyond the first n (n < 8) set to zero. */
static uint64_t first_bytes(uint64_t w, size_t n)
{
	return n >= 8 ? w : w & ((1ull << (8 * n)) - 1);
}

/* The key of a short ASCII word (up to 16 bytes, none above 0x7F, so
 * nothing to normalise but case), read eight bytes at a time (sixteen
 * whole ones when s[0..avail) may be read); 0 when s is not one. */
static inline int norm_key_fast(const char *s, size_t len, size_t avail,
			 struct norm_key *k)
{
	const unsigned char *u = (const unsigned char *)s;
	uint64_t a, b;

	if (len > 16)
		return 0;
	if (avail >= 16) {
		a = first_bytes(lex_load8(u), len);
		b = len > 8 ? first_bytes(lex_load8(u + 8), len - 8) : 0;
	} else {
		a = lex_load8_upto(u, u + len);
		b = len > 8 ? lex_load8_upto(u + 8, u + len) : 0;
	}
	if ((a | b) & 0x8080808080808080ull)
		return 0;
	k->head[0] = lower8(a);
	k->head[1] = lower8(b);
	k->len = len;
	k->hash = hash_end(hash_block(hash_block(LEX_KEY_SEED, k->head[0]),
				      k->head[1]), len);
	return 1;
}

/* The key of any word, normalised a byte at a time; the same as
 * norm_key_fast() gives where both apply. */
static void norm_key_slow(const char *s, size_t len, struct norm_key *k)
{
	uint64_t h = LEX_KEY_SEED, block = 0;
	size_t i = 0, n = 0;

	k->head[0] = k->head[1] = 0;
	while (i < len) {
		block |= (uint64_t)norm_byte(s, len, &i) << (8 * (n % 8));
		if (++n % 8)
			continue;
		if (n <= 16)
			k->head[n / 8 - 1] = block;
		h = hash_block(h, block);
		block = 0;
	}
	if (n % 8) {
		if (n < 16)
			k->head[n / 8] = block;
		h = hash_block(h, block);
	}
	for (size_t blocks = (n + 7) / 8; blocks < 2; blocks++)
		h = hash_block(h, 0);	/* always two blocks at least */
	k->len = n;
	k->hash = hash_end(h, n);
}

static inline void norm_key(const char *s, size_t len, size_t avail,
		     struct norm_key *k)
{
	if (!norm_key_fast(s, len, avail, k))
		norm_key_slow(s, len, k);
}

static int norm_equal(const char *s, size_t len, const char *form)
{
	size_t i = 0;

	while (i < len)
		if (!*form || norm_byte(s, len, &i) != (unsigned char)*form++)
			return 0;
	return !*form;
}

/* The id of the word of key k, of 16 bytes or fewer (the key holds it
 * whole), or 0. */
static inline uint32_t find_short(const struct lexicon *lex,
				  const struct norm_key *k)
{
	uint32_t mask = lex->nslots - 1, h;

	for (h = k->hash & mask;; h = (h + 1) & mask) {
		uint64_t slot = lex->slot[h];
		uint32_t id = (uint32_t)slot;
		const struct lex_wordkey *wk;

		if (!id)
			return 0;
		wk = &lex->wkey[id];
		if ((uint32_t)(slot >> 32) == k->hash && wk->len == k->len &&
		    wk->head[0] == k->head[0] && wk->head[1] == k->head[1])
			return id;
	}
}

static uint32_t word_in_slow(const struct lexicon *lex, const char *s,
			     size_t len);

/* Looks up the normalised form of s[0..len) in the word table: hashes,
 * lengths and first 16 bytes are compared before any whole form.  A
 * short ASCII word (most of them) is keyed and found inline, its key in
 * registers; others take the slow path. */
uint32_t lexicon_word_in(const struct lexicon *lex, const char *s, size_t len,
			 size_t avail)
{
	struct norm_key k;

	if (!norm_key_fast(s, len, avail, &k))
		return word_in_slow(lex, s, len);
	return find_short(lex, &k);
}

/* lexicon_word_in() for any word. */
static NOINLINE uint32_t word_in_slow(const struct lexicon *lex, const char *s,
				      size_t len)
{
	struct norm_key k;
	uint32_t mask = lex->nslots - 1, h;

	norm_key_slow(s, len, &k);
	for (h = k.hash & mask;; h = (h + 1) & mask) {
		uint64_t slot = lex->slot[h];
		uint32_t id = (uint32_t)slot;
		const struct lex_wordkey *wk;

		if (!id)
			return 0;
		wk = &lex->wkey[id];
		if ((uint32_t)(slot >> 32) != k.hash || wk->len != k.len ||
		    wk->head[0] != k.head[0] || wk->head[1] != k.head[1])
			continue;
		if (k.len <= 16 || norm_equal(s, len, lex->word[id]))
			return id;
	}
}

uint32_t lexicon_word(const struct lexicon *lex, const char *s, size_t len)
{
	return lexicon_word_in(lex, s, len, len);
}

/* Puts word id in the first free slot from its hash on. */
static void put_slot(struct lexicon *lex, uint32_t id)
{
	uint32_t mask = lex->nslots - 1, h = lex->wkey[id].hash & mask;

	while (lex->slot[h])
		h = (h + 1) & mask;
	lex->slot[h] = (uint64_t)lex->wkey[id].hash << 32 | id;
}

static void rehash(struct lexicon *lex)
{
	uint32_t n = lex->nslots ? lex->nslots * 2 : 1024;

	free(lex->slot);
	lex->slot = xcalloc(n, sizeof(*lex->slot));
	lex->nslots = n;
	for (uint32_t id = 1; id < lex->nwords; id++)
		put_slot(lex, id);
}

static uint32_t intern(struct lexicon *lex, const char *s, size_t len)
{
	uint32_t id = lexicon_word(lex, s, len);
	struct norm_key k;
	char *w;
	size_t i = 0, n = 0;

	if (id)
		return id;
	w = arena_strndup(&lex->strings, s, len);
	while (i < len)
		w[n++] = (char)norm_byte(s, len, &i);
	w[n] = 0;
	norm_key(w, n, n, &k);
	xgrow((void **)&lex->word, (size_t *)&lex->wcap, lex->nwords + 1,
	      sizeof(*lex->word));
	lex->wkey = xrealloc(lex->wkey, lex->wcap * sizeof(*lex->wkey));
	id = lex->nwords++;
	lex->word[id] = w;
	lex->wkey[id] = (struct lex_wordkey){ { k.head[0], k.head[1] },
					      (uint32_t)k.len, k.hash };
	if (lex->nwords * 4 > lex->nslots)
		rehash(lex);
	else
		put_slot(lex, id);
	return id;
}

/* ---- phrases ---------------------------------------------------------- */

static const struct lex_phrase **head_of(struct lexicon *lex, uint32_t w, int role)
{
	return &lex->heads[(size_t)w * LR__COUNT + role];
}

static int same_words(const struct lex_phrase *p, const uint32_t *w, size_t n)
{
	return p->nwords == n && !memcmp(p->words, w, n * sizeof(*w));
}

/* Inserts p into its chain, longer phrases first. */
static void link_phrase(struct lexicon *lex, struct lex_phrase *p)
{
	const struct lex_phrase **h = head_of(lex, p->words[0], p->role);

	while (*h && (*h)->nwords >= p->nwords)
		h = (const struct lex_phrase **)&(*h)->next;
	p->next = *h;
	*h = p;
	lex->rmask[p->words[0]] |= 1ull << p->role;
}

static struct lex_phrase *find_phrase(struct lexicon *lex, int role,
				      const uint32_t *w, size_t n)
{
	const struct lex_phrase *p = *head_of(lex, w[0], role);

	for (; p; p = p->next)
		if (same_words(p, w, n))
			return (struct lex_phrase *)p;
	return NULL;
}

/* Does p spell its words as the tokens of text do? */
static int same_forms(const struct lex_phrase *p, const char *text,
		      const struct tokens *tk)
{
	for (size_t i = 0; i < p->nwords; i++)
		if (!token_is(&tk->v[i], text, p->forms[i]))
			return 0;
	return 1;
}

struct phrase_spec {
	int role, flags, id, kind;
	double value;
};

static void grow_heads(struct lexicon *lex)
{
	size_t old = lex->hcap, cap;

	if (lex->nwords <= old)
		return;
	cap = (size_t)lex->nwords * 2;
	lex->heads = xrealloc(lex->heads, cap * LR__COUNT * sizeof(*lex->heads));
	memset(lex->heads + old * LR__COUNT, 0,
	       (cap - old) * LR__COUNT * sizeof(*lex->heads));
	lex->rmask = xrealloc(lex->rmask, cap * sizeof(*lex->rmask));
	memset(lex->rmask + old, 0, (cap - old) * sizeof(*lex->rmask));
	lex->hcap = cap;
}

static struct lex_phrase *new_phrase(struct lexicon *lex, const uint32_t *w,
				     size_t n, const struct phrase_spec *spec)
{
	struct lex_phrase *p = xcalloc(1, sizeof(*p));

	p->words = xmalloc(n * sizeof(*p->words));
	memcpy(p->words, w, n * sizeof(*w));
	p->nwords = (uint16_t)n;
	p->seconds = ~0ull;	/* until freeze_chains() knows better */
	p->role = (uint8_t)spec->role;
	p->flags = (uint8_t)spec->flags;
	p->id = spec->id;
	p->kind = spec->kind;
	p->value = spec->value;
	xgrow((void **)&lex->phrases, &lex->pcap, lex->nphrases + 1,
	      sizeof(*lex->phrases));
	lex->phrases[lex->nphrases++] = p;
	return p;
}

/*
 * Adds the phrase text under spec; returns it, or the phrase already
 * there with the same words and role (then nothing is added and *added
 * is 0).  A phrase of no word (or too many) gives NULL.
 */
static struct lex_phrase *add_phrase(struct lexicon *lex, const char *text,
				     const struct phrase_spec *spec, int *added)
{
	struct tokens tk = TOKENS_INIT;
	uint32_t w[16];
	struct lex_phrase *p = NULL;
	size_t n = 0;

	*added = 0;
	tokens_scan(&tk, NULL, text, strlen(text));
	if (!tk.n || tk.n > 16)
		goto out;
	for (size_t i = 0; i < tk.n; i++)
		w[n++] = intern(lex, text + tk.v[i].off, tk.v[i].len);
	grow_heads(lex);
	p = find_phrase(lex, spec->role, w, n);
	if (p && !(spec->flags & LEXF_EXACT))
		goto out;
	for (; p; p = (struct lex_phrase *)p->next)
		if (same_words(p, w, n) && p->forms && same_forms(p, text, &tk))
			goto out;
	p = new_phrase(lex, w, n, spec);
	if (spec->flags & LEXF_EXACT) {
		p->forms = xmalloc(n * sizeof(*p->forms));
		for (size_t i = 0; i < n; i++)
			p->forms[i] = arena_strndup(&lex->strings,
						    text + tk.v[i].off, tk.v[i].len);
	}
	link_phrase(lex, p);
	*added = 1;
out:
	tokens_release(&tk);
	return p;
}

static void add_simple(struct lexicon *lex, const char *text, int role,
		       int flags, int id, int kind, double value)
{
	struct phrase_spec spec = { role, flags, id, kind, value };
	int added;

	add_phrase(lex, text, &spec, &added);
}

/* The slow half of lexicon_match(): walks the chain of phrases. */
/* Does phrase p match the tokens from t[i] on (n in all)? */
static int phrase_at(const struct lex_phrase *p, const struct token *t,
		     size_t i, size_t n, const char *text)
{
	size_t k;
	int cap = 0;

	if (i + p->nwords > n)
		return 0;
	for (k = 1; k < p->nwords; k++)
		if (t[i + k].word != p->words[k])
			return 0;
	for (k = 0; k < p->nwords; k++) {
		if ((p->flags & LEXF_EXACT) && !token_is(&t[i + k], text, p->forms[k]))
			return 0;
		cap |= t[i + k].flags & TF_CAP;
	}
	return !(p->flags & LEXF_CAP) || cap;
}

/* The slow half of lexicon_match(): walks the chain of phrases, passing
 * over its longer phrases at once when none has the next token's word
 * second (p->seconds). */
const struct lex_phrase *lexicon_match_at(const struct lexicon *lex, int role,
					  const struct token *t, size_t i,
					  size_t n, const char *text)
{
	const struct lex_phrase *p;

	if (i >= n || !t[i].word)
		return NULL;
	p = lex->heads[(size_t)t[i].word * LR__COUNT + role];
	while (p) {
		if (p->nwords > 1 &&
		    !(i + 1 < n && ((p->seconds >> (t[i + 1].word & 63)) & 1))) {
			p = p->tail;
			continue;
		}
		if (phrase_at(p, t, i, n, text))
			return p;
		p = p->next;
	}
	return NULL;
}

/* ---- reading the JSON files ------------------------------------------ */

struct loader {
	struct lexicon *lex;
	const char *file;
	struct diag *d;
};

static int bad(struct loader *ld, const char *member, const char *what)
{
	return diag_set(ld->d, ld->file, 0, 0, member, "expected %s", what);
}

static json_t *member(struct loader *ld, json_t *obj, const char *key,
		      int type, int required)
{
	json_t *v = json_object_get(obj, key);

	if (!v) {
		if (required)
			diag_set(ld->d, ld->file, 0, 0, key, "missing");
		return NULL;
	}
	if ((int)json_typeof(v) != type && !(type == JSON_REAL && json_is_number(v))) {
		bad(ld, key, type == JSON_ARRAY ? "an array" : type == JSON_OBJECT ?
		    "an object" : type == JSON_STRING ? "a string" : "a number");
		return NULL;
	}
	return v;
}

/* Adds every string of the array at key under role. */
static int add_list(struct loader *ld, json_t *obj, const char *key, int role,
		    int flags, int id, int kind, double value, int required)
{
	json_t *a = member(ld, obj, key, JSON_ARRAY, required), *s;
	size_t i;

	if (!a)
		return ld->d->set ? -1 : 0;
	json_array_foreach(a, i, s) {
		if (!json_is_string(s))
			return bad(ld, key, "an array of strings");
		add_simple(ld->lex, json_string_value(s), role, flags, id, kind, value);
	}
	return 0;
}

/* Adds every "word": number of the object at key under role. */
static int add_values(struct loader *ld, json_t *obj, const char *key,
		      int role, int flags)
{
	json_t *o = member(ld, obj, key, JSON_OBJECT, 1), *v;
	const char *k;

	if (!o)
		return -1;
	json_object_foreach(o, k, v) {
		if (!json_is_number(v))
			return bad(ld, key, "numbers as values");
		add_simple(ld->lex, k, role, flags, 0, 0, json_number_value(v));
	}
	return 0;
}

static json_t *load_file(struct loader *ld, const char *dir, const char *name,
			 char *path, size_t size)
{
	json_error_t err;
	json_t *root;

	snprintf(path, size, "%s/%s", dir, name);
	ld->file = path;
	root = json_load_file(path, 0, &err);
	if (!root) {
		diag_set(ld->d, path, err.line, err.column, NULL, "%s", err.text);
		return NULL;
	}
	if (!json_is_object(root)) {
		json_decref(root);
		diag_set(ld->d, path, 0, 0, NULL, "expected a JSON object");
		return NULL;
	}
	return root;
}

static int load_numbers(struct loader *ld, json_t *r)
{
	json_t *suf = member(ld, r, "suffixes", JSON_OBJECT, 1), *v, *need, *s;
	const char *k;
	size_t i;

	if (add_values(ld, r, "ones", LR_ONES, 0) || add_values(ld, r, "tens", LR_TENS, 0) ||
	    add_values(ld, r, "scales", LR_SCALE, 0) ||
	    add_values(ld, r, "dozens", LR_DOZEN, 0) ||
	    add_values(ld, r, "fractions", LR_FRACTION, 0) || !suf)
		return -1;
	need = member(ld, r, "suffixes_need_money", JSON_ARRAY, 0);
	json_object_foreach(suf, k, v) {
		int money = 0;

		if (!json_is_number(v))
			return bad(ld, "suffixes", "numbers as values");
		json_array_foreach(need, i, s)
			money |= json_is_string(s) && !strcmp(json_string_value(s), k);
		add_simple(ld->lex, k, LR_SUFFIX, LEXF_EXACT, 0, money,
			   json_number_value(v));
	}
	return add_list(ld, r, "fold", LR_FOLD, 0, 0, 0, 0, 1) ||
	       add_list(ld, r, "months", LR_MONTH, LEXF_CAP, 0, 0, 0, 1) ||
	       add_list(ld, r, "designators", LR_DESIGNATOR, 0, 0, 0, 0, 1) ||
	       add_list(ld, r, "phone_cues", LR_PHONE, 0, 0, 0, 0, 1) ||
	       add_list(ld, r, "time_words", LR_TIME, 0, 0, 0, 0, 1) ||
	       add_list(ld, r, "age_before", LR_AGE_BEFORE, 0, 0, 0, 0, 1) ||
	       add_list(ld, r, "age_after", LR_AGE_AFTER, 0, 0, 0, 0, 1) ||
	       add_list(ld, r, "prison", LR_PRISON, 0, 0, 0, 0, 1) ||
	       add_list(ld, r, "relative_before", LR_REL_BEFORE, 0, 0, 0, 0, 1) ||
	       add_list(ld, r, "relative_after", LR_REL_AFTER, 0, 0, 0, 0, 1) ||
	       add_list(ld, r, "count_nothing_before", LR_NOTHING, 0, 0, 0, 0, 1) ||
	       add_list(ld, r, "abbreviations", LR_ABBREV, 0, 0, 0, 0, 1) ? -1 : 0;
}

static int unit_kind_parse(const char *s)
{
	static const char *const names[UK__COUNT] = {
		"count", "money", "percent", "mass", "volume", "area",
		"duration", "times"
	};

	for (int i = 0; i < UK__COUNT; i++)
		if (!strcmp(names[i], s))
			return i;
	return -1;
}

static int load_units(struct loader *ld, json_t *r)
{
	struct lexicon *lex = ld->lex;
	json_t *a = member(ld, r, "units", JSON_ARRAY, 1), *u;
	size_t i;

	if (!a)
		return -1;
	lex->unit = xcalloc(json_array_size(a) + 1, sizeof(*lex->unit));
	json_array_foreach(a, i, u) {
		json_t *code = member(ld, u, "unit", JSON_STRING, 1);
		json_t *kind = member(ld, u, "kind", JSON_STRING, 1);
		int k = kind ? unit_kind_parse(json_string_value(kind)) : -1;

		if (!code || k < 0)
			return ld->d->set ? -1 : bad(ld, "kind", "a unit kind");
		lex->unit[i].code = arena_strdup(&lex->strings, json_string_value(code));
		lex->unit[i].kind = k;
		lex->nunit = i + 1;
		if (add_list(ld, u, "names", LR_UNIT, 0, (int)i, k, 0, 1))
			return -1;
	}
	return add_list(ld, r, "ignore", LR_IGNORE_UNIT, 0, 0, 0, 0, 1) ||
	       add_list(ld, r, "pound_mass", LR_POUND_MASS, 0, 0, 0, 0, 0) ? -1 : 0;
}

static int load_qualifiers(struct loader *ld, json_t *r)
{
	static const char *const names[] = { "exact", "at_least", "at_most", "approx" };
	static const char *const sides[] = { "before", "after" };

	for (int s = 0; s < 2; s++) {
		json_t *o = member(ld, r, sides[s], JSON_OBJECT, 1);

		if (!o)
			return -1;
		for (int q = 0; q < 4; q++)
			if (add_list(ld, o, names[q], s ? LR_QUAL_AFTER : LR_QUAL_BEFORE,
				     0, 0, q, 0, 0))
				return -1;
	}
	return 0;
}

/* Is s an upper-case abbreviation (UK, U.S., DRC)? Those match exactly. */
static int is_acronym(const char *s)
{
	int up = 0;

	for (; *s; s++) {
		if (*s >= 'A' && *s <= 'Z')
			up++;
		else if (*s != '.')
			return 0;
	}
	return up >= 2;
}

static int country_index(const struct lexicon *lex, const char *name)
{
	for (size_t i = 0; i < lex->ncountry; i++)
		if (!strcmp(lex->country[i].name, name))
			return (int)i;
	return -1;
}

static int add_country_names(struct loader *ld, json_t *c, int idx)
{
	static const char *const keys[] = { "aliases", "demonyms" };
	json_t *s;
	size_t i;

	add_simple(ld->lex, ld->lex->country[idx].name, LR_COUNTRY, LEXF_CAP, idx, 0, 0);
	for (int k = 0; k < 2; k++) {
		json_t *a = member(ld, c, keys[k], JSON_ARRAY, 0);

		json_array_foreach(a, i, s) {
			const char *name = json_string_value(s);

			if (!name)
				return bad(ld, keys[k], "an array of strings");
			add_simple(ld->lex, name, LR_COUNTRY,
				   is_acronym(name) ? LEXF_EXACT : LEXF_CAP, idx, k, 0);
		}
	}
	return 0;
}

static int load_countries(struct loader *ld, json_t *r)
{
	struct lexicon *lex = ld->lex;
	json_t *a = member(ld, r, "countries", JSON_ARRAY, 1), *c;
	size_t i;

	if (!a)
		return -1;
	lex->country = xcalloc(json_array_size(a) + 1, sizeof(*lex->country));
	json_array_foreach(a, i, c) {
		json_t *name = member(ld, c, "name", JSON_STRING, 1);
		json_t *code = member(ld, c, "code", JSON_STRING, 0);

		if (!name)
			return -1;
		lex->country[i].name = arena_strdup(&lex->strings, json_string_value(name));
		snprintf(lex->country[i].code, sizeof(lex->country[i].code), "%s",
			 code ? json_string_value(code) : "");
		lex->ncountry = i + 1;
	}
	json_array_foreach(a, i, c)
		if (add_country_names(ld, c, (int)i))
			return -1;
	return add_list(ld, r, "groups", LR_GROUP, 0, 0, 0, 0, 0) ||
	       add_list(ld, r, "except", LR_EXCEPT, 0, 0, 0, 0, 0) ? -1 : 0;
}

static int load_family(struct loader *ld, json_t *f, size_t fi)
{
	struct lexicon *lex = ld->lex;
	struct lex_family *fam = &lex->family[fi];
	json_t *by = member(ld, f, "by_country", JSON_OBJECT, 0), *v;
	json_t *dflt = member(ld, f, "default", JSON_STRING, 0);
	const char *k;

	snprintf(fam->dflt, sizeof(fam->dflt), "%s", dflt ? json_string_value(dflt) : "");
	fam->needs_scale = json_is_true(json_object_get(f, "needs_scale"));
	fam->country = xcalloc(json_object_size(by) + 1, sizeof(*fam->country));
	fam->code = xcalloc(json_object_size(by) + 1, sizeof(*fam->code));
	json_object_foreach(by, k, v) {
		if (!json_is_string(v))
			return bad(ld, "by_country", "currency codes as values");
		fam->country[fam->n] = country_index(lex, k);
		snprintf(fam->code[fam->n], 4, "%s", json_string_value(v));
		fam->n++;
	}
	return add_list(ld, f, "names", LR_CUR_FAMILY, 0, (int)fi, 0, 0, 1);
}

static int load_currencies(struct loader *ld, json_t *r)
{
	struct lexicon *lex = ld->lex;
	json_t *a = member(ld, r, "currencies", JSON_ARRAY, 1), *c;
	json_t *fams = member(ld, r, "families", JSON_ARRAY, 0);
	size_t i;

	if (!a)
		return -1;
	lex->currency = xcalloc(json_array_size(a) + 1, sizeof(*lex->currency));
	json_array_foreach(a, i, c) {
		json_t *code = member(ld, c, "code", JSON_STRING, 1);

		if (!code || strlen(json_string_value(code)) != 3)
			return ld->d->set ? -1 : bad(ld, "code", "a three-letter code");
		memcpy(lex->currency[i], json_string_value(code), 4);
		lex->ncurrency = i + 1;
		add_simple(lex, lex->currency[i], LR_CUR_CODE, LEXF_EXACT, (int)i, 0, 0);
		if (add_list(ld, c, "symbols", LR_CUR_SYMBOL, LEXF_EXACT, (int)i, 0, 0, 0) ||
		    add_list(ld, c, "names", LR_CUR_NAME, 0, (int)i, 0, 0, 0))
			return -1;
	}
	lex->family = xcalloc(json_array_size(fams) + 1, sizeof(*lex->family));
	json_array_foreach(fams, i, c) {
		lex->nfamily = i + 1;
		if (load_family(ld, c, i))
			return -1;
	}
	return 0;
}

static int head_class_parse(const char *s)
{
	static const char *const names[HC__COUNT] = {
		"none", "person", "country", "abstract", "container", "thing",
		"vulnerable"
	};

	for (int i = 0; i < HC__COUNT; i++)
		if (!strcmp(names[i], s))
			return i;
	return -1;
}

static int load_classes(struct loader *ld, json_t *r)
{
	json_t *o = member(ld, r, "classes", JSON_OBJECT, 1), *a;
	const char *k;

	if (!o)
		return -1;
	json_object_foreach(o, k, a) {
		int c = head_class_parse(k);

		if (c <= HC_NONE || c == HC_THING)
			return bad(ld, "classes", "person, country, abstract, container "
				   "or vulnerable");
		if (add_list(ld, o, k, LR_CLASS, 0, 0, c, 0, 1))
			return -1;
	}
	return 0;
}

/* Reads an array of names into a bit set; -1 on an unknown name. */
static int bitset(struct loader *ld, json_t *obj, const char *key,
		  int (*parse)(const char *), unsigned *out)
{
	json_t *a = member(ld, obj, key, JSON_ARRAY, 0), *s;
	size_t i;

	*out = 0;
	if (!a)
		return ld->d->set ? -1 : 0;
	json_array_foreach(a, i, s) {
		int b = json_is_string(s) ? parse(json_string_value(s)) : -1;

		if (b < 0)
			return bad(ld, key, "known names");
		*out |= 1u << b;
	}
	return 0;
}

static int cue_template(struct loader *ld, json_t *c, struct lex_cue *t)
{
	json_t *at = member(ld, c, "at", JSON_STRING, 0);
	json_t *side = member(ld, c, "side", JSON_STRING, 0);
	json_t *w = member(ld, c, "weight", JSON_REAL, 0);
	json_t *max = member(ld, c, "max", JSON_REAL, 0);
	json_t *with = member(ld, c, "with", JSON_ARRAY, 0), *s;
	const char *a = at ? json_string_value(at) : "near";
	const char *sd = side ? json_string_value(side) : "both";
	size_t i;

	if (ld->d->set)
		return -1;
	t->at = !strcmp(a, "head") ? CUE_HEAD : !strcmp(a, "paragraph") ?
		CUE_PARAGRAPH : !strcmp(a, "bulletin") ? CUE_BULLETIN : CUE_NEAR;
	t->side = !strcmp(sd, "before") ? SIDE_BEFORE : !strcmp(sd, "after") ?
		  SIDE_AFTER : SIDE_BOTH;
	t->weight = w ? (float)json_number_value(w) : 1.0f;
	t->max = max ? (int)json_number_value(max) : 12;
	t->explicit_head = json_is_true(json_object_get(c, "explicit"));
	if (bitset(ld, c, "head", head_class_parse, &t->heads) ||
	    bitset(ld, c, "units", unit_kind_parse, &t->units))
		return -1;
	t->nwith = json_array_size(with);
	t->with = t->nwith ? xcalloc(t->nwith, sizeof(*t->with)) : NULL;
	json_array_foreach(with, i, s) {
		if (!json_is_string(s))
			return bad(ld, "with", "an array of words");
		t->with[i] = intern(ld->lex, json_string_value(s),
				    strlen(json_string_value(s)));
	}
	return 0;
}

/* Adds one cue object (its template, one copy per phrase) under role. */
static int load_cue(struct loader *ld, json_t *c, int category, int role)
{
	struct lexicon *lex = ld->lex;
	struct lex_cue t = { 0 };
	json_t *a = member(ld, c, "phrases", JSON_ARRAY, 1), *s;
	size_t i;

	t.category = category;
	if (!a || cue_template(ld, c, &t))
		return -1;
	json_array_foreach(a, i, s) {
		struct phrase_spec spec = { role, 0, (int)lex->ncue, 0, 0 };
		struct lex_phrase *p;
		int added;

		if (!json_is_string(s))
			return bad(ld, "phrases", "an array of strings");
		xgrow((void **)&lex->cue, &lex->cuecap, lex->ncue + 1, sizeof(*lex->cue));
		lex->cue[lex->ncue] = t;
		lex->cue[lex->ncue].next = -1;
		if (i) {		/* copies share the with list of the first */
			lex->cue[lex->ncue].with = t.with;
		}
		p = add_phrase(lex, json_string_value(s), &spec, &added);
		if (!p)
			continue;
		if (!added) {
			lex->cue[lex->ncue].next = p->id;
			p->id = (int)lex->ncue;
		}
		lex->ncue++;
	}
	return 0;
}

static int load_category(struct loader *ld, json_t *c, size_t ci)
{
	struct lexicon *lex = ld->lex;
	json_t *name = member(ld, c, "name", JSON_STRING, 1);
	json_t *cues = member(ld, c, "cues", JSON_ARRAY, 0), *cue;
	json_t *place = json_object_get(c, "place");
	size_t i;

	if (!name)
		return -1;
	lex->cat[ci].name = arena_strdup(&lex->strings, json_string_value(name));
	lex->cat[ci].place = !place || json_is_true(place);
	lex->cat[ci].national_parts = json_is_true(json_object_get(c, "national_parts"));
	lex->cat[ci].marks_operation = json_is_true(json_object_get(c, "marks_operation"));
	if (bitset(ld, c, "units", unit_kind_parse, &lex->cat[ci].units))
		return -1;
	if (!lex->cat[ci].units)
		lex->cat[ci].units = UK_BIT(UK__COUNT) - 1;
	lex->ncat = ci + 1;
	json_array_foreach(cues, i, cue)
		if (load_cue(ld, cue, (int)ci, LR_CUE))
			return -1;
	return 0;
}

static int load_scope(struct loader *ld, json_t *r)
{
	static const char *const kinds[] = { "total", "part", "context" };
	json_t *o = member(ld, r, "scope", JSON_OBJECT, 0), *a, *c;
	size_t i;

	for (int k = 1; k < 3 && o; k++) {
		a = member(ld, o, kinds[k], JSON_ARRAY, 0);
		json_array_foreach(a, i, c)
			if (load_cue(ld, c, k, LR_SCOPE))
				return -1;
	}
	return ld->d->set ? -1 : 0;
}

static int load_categories(struct loader *ld, json_t *r)
{
	struct lexicon *lex = ld->lex;
	json_t *a = member(ld, r, "categories", JSON_ARRAY, 1), *c;
	size_t i;

	if (!a || load_classes(ld, r) ||
	    add_list(ld, r, "function_words", LR_STOP, 0, 0, 0, 0, 0))
		return -1;
	lex->cat = xcalloc(json_array_size(a) + 1, sizeof(*lex->cat));
	json_array_foreach(a, i, c)
		if (load_category(ld, c, i))
			return -1;
	lex->cat_other = lexicon_category(lex, "other");
	if (lex->cat_other < 0)
		return diag_set(ld->d, ld->file, 0, 0, "categories",
				"no category called 'other'");
	return load_scope(ld, r);
}

/* ---- the whole lexicon ------------------------------------------------- */

static const char *lexicon_dir(const char *dir, char *buf, size_t size)
{
	const char *env = getenv("TALLY_LEXICON");

	if (dir && *dir)
		return dir;
	if (env && *env)
		return env;
	return tally_datapath(buf, size, "lexicon");
}

/* Words the grammar of extraction tests by spelling: always in the word
 * table, so that a token's id says whether it is one of them. */
static const char *const grammar_words[] = {
	"a", "an", "and", "between", "from", "half", "in", "of", "one", "or",
	"over", "the", "to", "until", "for", "'s", "while", "via", "towards",
	"through", "since", "into", "during", "among", "then", NULL
};

/* ---- filters on raw text ------------------------------------------------ */

/* The key of the ASCII letters s[0..n) (see lexicon.h). */
static uint64_t word_key(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s, *end = u + n;
	uint64_t k = LEX_KEY_SEED;

	for (; u < end; u += 8)
		k = lex_key_step(k, lex_load8_upto(u, end),
				 end - u < 8 ? (unsigned)(end - u) : 8);
	return k;
}

/* Adds a word of lower-case ASCII letters to the filter. */
static void wordfilter_add(struct lex_wordfilter *wf, const char *word)
{
	size_t n = strlen(word);
	uint32_t h = (uint32_t)(((word_key(word, n) ^ n) * LEX_KEY_SEED) >> 48);

	wf->bits[h >> 6] |= 1ull << (h & 63);
}

static int ascii_word(const char *w)
{
	for (; *w; w++)
		if (*w < 'a' || *w > 'z')
			return 0;
	return 1;
}

/* Is s[0..n) a word that starts a figure in words?  The filter first,
 * for words of ASCII letters, then the word table. */
int lexicon_number_word(const struct lexicon *lex, const char *s, size_t len)
{
	const uint64_t roles = (1ull << LR_ONES) | (1ull << LR_TENS) | (1ull << LR_SCALE) |
			       (1ull << LR_DOZEN) | (1ull << LR_FRACTION);
	size_t k = 0;
	uint32_t id;

	while (k < len && ((s[k] | 0x20) >= 'a' && (s[k] | 0x20) <= 'z'))
		k++;
	if (k == len && !lex_wordfilter_has(&lex->numberfilter, word_key(s, len), len))
		return 0;
	id = lexicon_word(lex, s, len);
	return id && (lex->rmask[id] & roles);
}

enum { B_OTHER, B_LETTER, B_MAYBE };

/* ASCII letters make words; other ASCII bytes (but the apostrophe, which
 * may be inside a word) end them; beyond ASCII, dashes and double quotes
 * end them too, and anything else may be a letter. */
static int byte_kind(const unsigned char *u, const unsigned char *end,
		     size_t *n)
{
	*n = 1;
	if (*u < 0x80) {
		if ((*u | 0x20) >= 'a' && (*u | 0x20) <= 'z')
			return B_LETTER;
		return *u == '\'' ? B_MAYBE : B_OTHER;
	}
	if (end - u >= 3 && u[0] == 0xE2 && u[1] == 0x80 &&
	    (u[2] == 0x93 || u[2] == 0x94 || u[2] == 0x9C || u[2] == 0x9D)) {
		*n = 3;
		return B_OTHER;
	}
	return B_MAYBE;
}

/* Reads the word of ASCII letters at *p (eight at a time); returns its
 * key and sets *n to its length. */
static uint64_t scan_word(const unsigned char **p, const unsigned char *end,
			  size_t *n)
{
	uint64_t k = LEX_KEY_SEED;
	const unsigned char *u = *p;

	for (;;) {
		uint64_t w = lex_load8_upto(u, end);
		unsigned m = lex_letters8(w);

		if (m)
			k = lex_key_step(k, w, m);
		u += m;
		if (m < 8)
			break;
	}
	*n = (size_t)(u - *p);
	*p = u;
	return k;
}

/* Does some word of text[0..len) pass the filter (or might it)? */
static int wordfilter_any(const struct lex_wordfilter *wf, const char *text,
			  size_t len)
{
	const unsigned char *u = (const unsigned char *)text, *end = u + len;

	if (wf->off)
		return 1;
	while (u < end) {
		size_t n;
		int k = byte_kind(u, end, &n);

		if (k == B_LETTER) {
			uint64_t key = scan_word(&u, end, &n);

			if (lex_wordfilter_has(wf, key, n))
				return 1;
			continue;
		}
		if (k == B_MAYBE)
			return 1;
		u += n;
	}
	return 0;
}

int lexicon_may_name_place(const struct lexicon *lex, const char *text,
			   size_t len)
{
	return wordfilter_any(&lex->placefilter, text, len);
}

/* A word with a letter beyond ASCII: raw text that holds it always
 * passes a filter (see byte_kind()), so the filter need not hold it.
 * The marks that end words (dashes, double quotes) are no such words. */
static int wide_word(const char *w)
{
	size_t n = 0;

	for (const char *c = w; *c; c++)
		n += (unsigned char)*c >= 0x80;
	return n && strncmp(w, "\xe2\x80", 2);
}

/* The word of p that text must hold for p to match there, to put in a
 * filter: its longest word in ASCII letters (the rarest, likely); ""
 * when a word beyond ASCII does instead; NULL when it has neither. */
static const char *key_word(const struct lexicon *lex, const struct lex_phrase *p)
{
	const char *best = NULL;
	int wide = 0;

	for (size_t i = 0; i < p->nwords; i++) {
		const char *w = lex->word[p->words[i]];

		if (ascii_word(w) && (!best || strlen(w) > strlen(best)))
			best = w;
		wide |= wide_word(w);
	}
	return best ? best : wide ? "" : NULL;
}

/* The filters: a key word of each country name; the first words of
 * number words; and the length of the longest abbreviation. */
static void build_filters(struct lexicon *lex)
{
	const uint64_t number = (1ull << LR_ONES) | (1ull << LR_TENS) |
				(1ull << LR_SCALE) | (1ull << LR_DOZEN) |
				(1ull << LR_FRACTION);

	for (size_t i = 0; i < lex->nphrases; i++) {
		const struct lex_phrase *p = lex->phrases[i];
		const char *key;

		if ((1ull << p->role) & number && ascii_word(lex->word[p->words[0]]))
			wordfilter_add(&lex->numberfilter, lex->word[p->words[0]]);
		if (p->role == LR_ABBREV && lex->wkey[p->words[0]].len > lex->abbrev_max)
			lex->abbrev_max = lex->wkey[p->words[0]].len;
		if (p->role != LR_COUNTRY)
			continue;
		key = key_word(lex, p);
		if (!key)
			lex->placefilter.off = 1;
		else if (*key)
			wordfilter_add(&lex->placefilter, key);
	}
}

/* Sets LEXM_FIGURE_START on the words an expression can begin with: those
 * that start a qualifier, a currency or a number word, and the articles
 * and words that start fractions ("a third", "half of", "one in three"). */
static void mark_figure_starts(struct lexicon *lex)
{
	static const char *const starts[] = { "a", "an", "half", "one", NULL };
	const uint64_t roles = (1ull << LR_ONES) | (1ull << LR_TENS) |
			       (1ull << LR_QUAL_BEFORE) | (1ull << LR_CUR_SYMBOL) |
			       (1ull << LR_CUR_CODE) | (1ull << LR_CUR_FAMILY);

	grow_heads(lex);		/* room for words interned last */
	for (uint32_t id = 1; id < lex->nwords; id++)
		if (lex->rmask[id] & roles)
			lex->rmask[id] |= LEXM_FIGURE_START;
	for (const char *const *w = starts; *w; w++)
		lex->rmask[lexicon_word(lex, *w, strlen(*w))] |= LEXM_FIGURE_START;
	lex->rmask[0] &= ~LEXM_FIGURE_START;
}

/* For each phrase of a chain (n side by side, longer first), the second
 * words of it and the longer phrases after it, as bits (word id mod 64),
 * and the first one-word phrase of the chain (see lexicon_match_at()). */
static void index_seconds(struct lex_phrase *chain, size_t n)
{
	const struct lex_phrase *tail = NULL;
	uint64_t seconds = 0;

	for (size_t j = n; j-- > 0;) {
		if (chain[j].nwords == 1)
			tail = &chain[j];
		else
			seconds |= 1ull << (chain[j].words[1] & 63);
		chain[j].seconds = seconds;
		chain[j].tail = tail;
	}
}

/* Copies the phrases into one block, chain after chain, each chain's
 * phrases side by side, with their words in one pool, and frees those
 * the loader made one by one: walking a chain then touches a cache line
 * or two, not a malloc'd block per phrase and per word list. */
static void freeze_chains(struct lexicon *lex)
{
	size_t nwords = 0, k = 0, kw = 0;

	for (size_t i = 0; i < lex->nphrases; i++)
		nwords += lex->phrases[i]->nwords;
	lex->block = xcalloc(lex->nphrases + 1, sizeof(*lex->block));
	lex->wordpool = xcalloc(nwords + 1, sizeof(*lex->wordpool));
	for (uint32_t w = 0; w < lex->nwords; w++)
		for (int role = 0; role < LR__COUNT; role++) {
			const struct lex_phrase **h = head_of(lex, w, role), *p = *h;

			size_t first = k;

			if (p)
				*h = &lex->block[k];
			for (; p; p = p->next, k++) {
				struct lex_phrase *q = &lex->block[k];

				*q = *p;
				q->words = lex->wordpool + kw;
				memcpy(q->words, p->words, p->nwords * sizeof(*p->words));
				kw += p->nwords;
				q->next = p->next ? q + 1 : NULL;
			}
			index_seconds(lex->block + first, k - first);
		}
	for (size_t i = 0; i < lex->nphrases; i++) {
		free(lex->phrases[i]->words);
		free(lex->phrases[i]);	/* its forms are the copy's now */
		lex->phrases[i] = &lex->block[i];
	}
}

/* Reads the six lexicon files of dir; all or nothing (see lexicon.h). */
int lexicon_load(struct lexicon **out, const char *dir, struct diag *d)
{
	static const struct {
		const char *name;
		int (*fn)(struct loader *, json_t *);
	} files[] = {
		{ "numbers.json", load_numbers }, { "units.json", load_units },
		{ "qualifiers.json", load_qualifiers },
		{ "countries.json", load_countries },
		{ "currencies.json", load_currencies },
		{ "categories.json", load_categories },
	};
	char dbuf[4096], path[4352];
	struct lexicon *lex = xcalloc(1, sizeof(*lex));
	struct loader ld = { lex, NULL, d };

	dir = lexicon_dir(dir, dbuf, sizeof(dbuf));
	lex->nwords = 1;		/* id 0 means "no word" */
	xgrow((void **)&lex->word, &lex->wcap, 1, sizeof(*lex->word));
	rehash(lex);
	for (const char *const *w = grammar_words; *w; w++)
		intern(lex, *w, strlen(*w));
	grow_heads(lex);
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		json_t *root = load_file(&ld, dir, files[i].name, path, sizeof(path));
		int rc = root ? files[i].fn(&ld, root) : -1;

		json_decref(root);
		if (rc < 0) {
			if (!d->set)
				diag_set(d, path, 0, 0, NULL, "cannot be loaded");
			lexicon_free(lex);
			return -1;
		}
	}
	mark_figure_starts(lex);
	freeze_chains(lex);
	build_filters(lex);
	for (int c = 0; c < 128; c++) {
		char one = (char)c;

		lex->charword[c] = lexicon_word(lex, &one, 1);
	}
	*out = lex;
	return 0;
}

/* Frees a lexicon; NULL is a no-op. */
void lexicon_free(struct lexicon *lex)
{
	if (!lex)
		return;
	for (size_t i = 0; i < lex->nphrases; i++) {
		free(lex->phrases[i]->forms);
		if (!lex->block) {	/* not frozen: loading failed */
			free(lex->phrases[i]->words);
			free(lex->phrases[i]);
		}
	}
	for (size_t i = 0; i < lex->ncue; i++)
		if (lex->cue[i].with && (i == 0 || lex->cue[i - 1].with != lex->cue[i].with))
			free(lex->cue[i].with);
	for (size_t i = 0; i < lex->nfamily; i++) {
		free(lex->family[i].country);
		free(lex->family[i].code);
	}
	free(lex->phrases);
	free(lex->heads);
	free(lex->block);
	free(lex->wordpool);
	free(lex->rmask);
	free(lex->word);
	free(lex->wkey);
	free(lex->slot);
	free(lex->cat);
	free(lex->cue);
	free(lex->unit);
	free(lex->currency);
	free(lex->family);
	free(lex->country);
	arena_release(&lex->strings);
	free(lex);
}

/* Index of a category by name, -1 when unknown. */
int lexicon_category(const struct lexicon *lex, const char *name)
{
	for (size_t i = 0; i < lex->ncat; i++)
		if (!strcmp(lex->cat[i].name, name))
			return (int)i;
	return -1;
}

/* ISO code of currency i. */
const char *lexicon_currency(const struct lexicon *lex, int i)
{
	return lex->currency[i];
}

/* The code a shared currency name has in country home, else the default. */
const char *lexicon_family_code(const struct lexicon *lex, int family, int home)
{
	const struct lex_family *f = &lex->family[family];

	for (size_t i = 0; home >= 0 && i < f->n; i++)
		if (f->country[i] == home)
			return f->code[i];
	return f->dflt[0] ? f->dflt : NULL;
}
