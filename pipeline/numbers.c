/* numbers.c - numeric expressions in tokenized text (see numbers.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tally/numbers.h"
#include "tally/util.h"

#define MAX_VALUE 1e15

enum trap_kind { TRAP_NONE, TRAP_DATE, TRAP_TIME, TRAP_PHONE, TRAP_REF,
		 TRAP_DESIG, TRAP_YEAR };

/* ---- small helpers ------------------------------------------------------ */

static inline const struct lex_phrase *match(const struct numbers_ctx *cx,
					     int role, size_t i, size_t end)
{
	return lexicon_match(cx->lex, role, cx->t, i, end, cx->text);
}

static inline int is_mark(const struct numbers_ctx *cx, size_t i, size_t end,
		   const char *s)
{
	return i < end && cx->t[i].kind == TOK_MARK && token_is(&cx->t[i], cx->text, s);
}

static int is_dash(const struct numbers_ctx *cx, size_t i, size_t end)
{
	return is_mark(cx, i, end, "-") || is_mark(cx, i, end, "\xe2\x80\x93") ||
	       is_mark(cx, i, end, "\xe2\x80\x94");
}

/* Is token i the word lower?  (The words tested so are in the lexicon's
 * word table, so the token's id tells.) */
static inline int is_word(const struct numbers_ctx *cx, size_t i, size_t end,
		   const char *lower)
{
	return i < end && lexicon_word_is(cx->lex, cx->t[i].word, lower);
}

/* Is token i glued to the one before it (no space)? */
static int glued(const struct numbers_ctx *cx, size_t i)
{
	return !(cx->t[i].flags & TF_SPACE);
}

static int is_num(const struct numbers_ctx *cx, size_t i, size_t end)
{
	return i < end && cx->t[i].kind == TOK_NUM;
}

/* A plain integer token ("2024", not "2,024" or "8.6"); its value. */
static int plain_int(const struct numbers_ctx *cx, size_t i, size_t end,
		     long *v)
{
	const struct token *t = &cx->t[i];
	long x = 0;

	if (!is_num(cx, i, end) || t->len > 9)
		return 0;
	for (size_t k = 0; k < t->len; k++) {
		char c = cx->text[t->off + k];

		if (c < '0' || c > '9')
			return 0;
		x = x * 10 + (c - '0');
	}
	*v = x;
	return 1;
}

static int year_like(const struct numbers_ctx *cx, size_t i, size_t end)
{
	long v;

	return plain_int(cx, i, end, &v) && cx->t[i].len == 4 &&
	       v >= 1800 && v <= 2100;
}

static int day_like(const struct numbers_ctx *cx, size_t i, size_t end)
{
	long v;

	return plain_int(cx, i, end, &v) && cx->t[i].len <= 2 && v >= 1 && v <= 31;
}

/* ---- traps over the whole field ------------------------------------------ */

static void mark(const struct numbers_ctx *cx, size_t i, int kind)
{
	if (i < cx->n && !cx->trap[i])
		cx->trap[i] = (uint8_t)kind;
}

/* Days and years next to a month name: "26 November 2024", "November 25,
 * 2024", "15 to 29 May", "8 and 9 November". */
static void mark_dates(const struct numbers_ctx *cx, size_t k, size_t len)
{
	size_t n = cx->n, j;

	if (k >= 1 && day_like(cx, k - 1, n)) {
		mark(cx, k - 1, TRAP_DATE);
		for (j = k - 1; j >= 2 && day_like(cx, j - 2, n) &&
		     (is_dash(cx, j - 1, n) || is_word(cx, j - 1, n, "to") ||
		      is_word(cx, j - 1, n, "and") || is_word(cx, j - 1, n, "until") ||
		      is_word(cx, j - 1, n, "or") || is_mark(cx, j - 1, n, ",")); j -= 2)
			mark(cx, j - 2, TRAP_DATE);
	}
	j = k + len;		/* "Dec." is two tokens */
	if (day_like(cx, j, n) || year_like(cx, j, n)) {
		mark(cx, j, TRAP_DATE);
		j++;
	}
	if (is_mark(cx, j, n, ",") && year_like(cx, j + 1, n))
		mark(cx, j + 1, TRAP_DATE);
	else if (year_like(cx, j, n))
		mark(cx, j, TRAP_DATE);
}

/* A phone number: groups of digits joined by spaces, dashes, dots and
 * brackets, from token i on. */
static void mark_phone(const struct numbers_ctx *cx, size_t i)
{
	size_t n = cx->n;

	while (i < n) {
		if (cx->t[i].kind == TOK_NUM) {
			mark(cx, i, TRAP_PHONE);
		} else if (!(is_dash(cx, i, n) || is_mark(cx, i, n, "(") ||
			     is_mark(cx, i, n, ")") || is_mark(cx, i, n, "/") ||
			     (is_mark(cx, i, n, ".") && glued(cx, i) && i + 1 < n &&
			      glued(cx, i + 1))) ||
			   !is_num(cx, i + 1, n) ||
			   (cx->t[i].flags & TF_NEWLINE)) {
			if (!(is_mark(cx, i, n, "(") && is_mark(cx, i + 1, n, "+")))
				return;
		}
		if (i + 1 < n && (cx->t[i + 1].flags & TF_NEWLINE))
			return;
		i++;
	}
}

static size_t phone_digits(const struct token *t, const char *text)
{
	size_t d = 0;

	for (size_t k = 0; k < t->len; k++)
		d += text[t->off + k] >= '0' && text[t->off + k] <= '9';
	return d;
}

static int starts_phone(const struct numbers_ctx *cx, size_t i)
{
	const struct token *t = &cx->t[i];
	size_t n = cx->n;

	if (t->kind != TOK_NUM)
		return 0;
	if (i >= 1 && is_mark(cx, i - 1, n, "+") && glued(cx, i))
		return 1;
	if (t->len >= 2 && cx->text[t->off] == '0' && !(t->flags & TF_NUMSPACE) &&
	    !memchr(cx->text + t->off, '.', t->len) &&
	    !memchr(cx->text + t->off, ',', t->len))
		return 1;
	for (size_t k = i >= 4 ? i - 4 : 0; k < i; k++) {
		const struct lex_phrase *p = match(cx, LR_PHONE, k, i);

		/* "dial 112" right after the word; farther, it must look like a
		 * phone number: six digits, or more groups ("1-833-900-1010") */
		if (p && !(t->flags & TF_BADNUM) &&
		    ((k + p->nwords == i && !(i + 1 < n && cx->t[i + 1].kind == TOK_WORD)) ||
		     phone_digits(t, cx->text) >= 6 ||
		     is_num(cx, i + 1, n) ||
		     (i + 2 < n && is_dash(cx, i + 1, n) && glued(cx, i + 1) && is_num(cx, i + 2, n))))
			return 1;
	}
	return 0;
}

/* Is the word glued after a number a unit, multiplier or currency? */
static int unit_word(const struct numbers_ctx *cx, size_t i)
{
	size_t n = cx->n;

	return match(cx, LR_UNIT, i, n) || match(cx, LR_SUFFIX, i, n) ||
	       match(cx, LR_IGNORE_UNIT, i, n) || match(cx, LR_CUR_CODE, i, n) ||
	       match(cx, LR_CUR_NAME, i, n) || match(cx, LR_CUR_FAMILY, i, n) ||
	       match(cx, LR_SCALE, i, n);
}

static int cur_prefix_word(const struct numbers_ctx *cx, size_t i)
{
	size_t n = cx->n;

	return match(cx, LR_CUR_CODE, i, n) || match(cx, LR_CUR_SYMBOL, i, n) ||
	       match(cx, LR_CUR_FAMILY, i, n);
}

/* F-16, COVID-19, CV 90's glued forms, 70th, 2A8, 76/2023, 24/7, 10:30. */
static void mark_glued(const struct numbers_ctx *cx, size_t i)
{
	size_t n = cx->n;
	const struct token *t = &cx->t[i];

	if (i + 2 < n && (is_mark(cx, i + 1, n, ":") || is_mark(cx, i + 1, n, "/")) &&
	    glued(cx, i + 1) && glued(cx, i + 2) && is_num(cx, i + 2, n)) {
		int k = is_mark(cx, i + 1, n, ":") ? TRAP_TIME : TRAP_REF;

		mark(cx, i, k);
		mark(cx, i + 2, k);
	}
	if (i >= 1 && glued(cx, i) && cx->t[i - 1].kind == TOK_WORD &&
	    !cur_prefix_word(cx, i - 1))
		mark(cx, i, TRAP_DESIG);
	if (i >= 2 && glued(cx, i) && is_dash(cx, i - 1, n) && glued(cx, i - 1) &&
	    (cx->t[i - 2].kind == TOK_WORD || cx->trap[i - 2] == TRAP_DESIG ||
	     cx->trap[i - 2] == TRAP_REF))
		mark(cx, i, TRAP_DESIG);
	if (i + 1 < n && glued(cx, i + 1) && cx->t[i + 1].kind == TOK_WORD &&
	    !unit_word(cx, i + 1))
		mark(cx, i, TRAP_DESIG);
	if (i + 2 < n && is_mark(cx, i + 1, n, ".") && glued(cx, i + 1) &&
	    glued(cx, i + 2) && is_num(cx, i + 2, n)) {
		mark(cx, i, TRAP_DATE);		/* 23.10.2024, 1.2.3 */
		mark(cx, i + 2, TRAP_DATE);
	}
	(void)t;
}

/* 2012-13, 2022-2025, 2022/23. */
static void mark_year_range(const struct numbers_ctx *cx, size_t i)
{
	size_t n = cx->n;

	if (year_like(cx, i, n) && i + 2 < n &&
	    (is_dash(cx, i + 1, n) || is_mark(cx, i + 1, n, "/")) &&
	    is_num(cx, i + 2, n) && (cx->t[i + 2].len == 2 || year_like(cx, i + 2, n))) {
		mark(cx, i, TRAP_YEAR);
		mark(cx, i + 2, TRAP_YEAR);
		if (i + 4 < n && is_dash(cx, i + 3, n) && glued(cx, i + 3) &&
		    glued(cx, i + 4) && day_like(cx, i + 4, n))
			mark(cx, i + 4, TRAP_DATE);	/* 2024-04-15 */
	}
}

/* Article 5, No. 1355, Articles 229 and 486, hotline 116 000. */
static void mark_designated(const struct numbers_ctx *cx, size_t i)
{
	size_t n = cx->n, j = i;
	const struct lex_phrase *p = NULL;

	for (size_t k = i >= 2 ? i - 2 : 0; k < i && !p; k++) {
		p = match(cx, LR_DESIGNATOR, k, i);
		if (p && k + p->nwords != i)
			p = NULL;
	}
	if (!p)
		return;
	mark(cx, i, TRAP_DESIG);
	if (i + 3 < n && is_mark(cx, i + 1, n, "(") && glued(cx, i + 1) &&
	    is_num(cx, i + 2, n) && is_mark(cx, i + 3, n, ")"))
		mark(cx, i + 2, TRAP_DESIG);	/* Article 5(3) */
	while (j + 2 < n && (is_word(cx, j + 1, n, "and") || is_mark(cx, j + 1, n, ",") ||
			     is_word(cx, j + 1, n, "to") || is_dash(cx, j + 1, n)) &&
	       is_num(cx, j + 2, n) && !(cx->t[j + 2].flags & TF_NUMSPACE)) {
		mark(cx, j + 2, TRAP_DESIG);
		j += 2;
	}
}

/* 10:30, 03:45, 5.30 am. */
static void mark_clock(const struct numbers_ctx *cx, size_t i)
{
	size_t n = cx->n;

	if (i + 2 < n && is_mark(cx, i + 1, n, ":") && glued(cx, i + 1) &&
	    glued(cx, i + 2) && is_num(cx, i + 2, n)) {
		mark(cx, i, TRAP_TIME);
		mark(cx, i + 2, TRAP_TIME);
	}
	if (i + 1 < n && match(cx, LR_TIME, i + 1, n))
		mark(cx, i, TRAP_TIME);
}

/* "aged 30 to 49": ages, with their ranges. */
static void mark_age(const struct numbers_ctx *cx, size_t i)
{
	size_t n = cx->n;
	int age = 0;

	for (size_t back = 1; back <= 4 && back <= i && !age; back++) {
		const struct lex_phrase *p = match(cx, LR_AGE_BEFORE, i - back, i);

		age = p && p->nwords == back;
	}
	if (!age)
		return;
	mark(cx, i, TRAP_DESIG);
	if (i + 2 < n && (is_word(cx, i + 1, n, "to") || is_word(cx, i + 1, n, "and") ||
			  is_dash(cx, i + 1, n)) && is_num(cx, i + 2, n))
		mark(cx, i + 2, TRAP_DESIG);
}

/* Marks dates, times, phones, references and designations, once per field. */
void numbers_mark_traps(const struct numbers_ctx *cx)
{
	memset(cx->trap, 0, cx->n);
	for (size_t i = 0; i < cx->n; i++) {
		const struct token *t = &cx->t[i];

		const struct lex_phrase *month;

		/* (one branch, rarely taken, for the three tests) */
		if (((t->kind == TOK_WORD) & ((t->flags & TF_CAP) != 0) &
		     (int)((cx->lex->rmask[t->word] >> LR_MONTH) & 1)) &&
		    (month = match(cx, LR_MONTH, i, cx->n))) {
			mark_dates(cx, i, month->nwords);
			continue;
		}
		if (t->kind != TOK_NUM || cx->trap[i])
			continue;
		mark_clock(cx, i);
		if (!cx->trap[i] && starts_phone(cx, i)) {
			mark_phone(cx, i);
			continue;
		}
		if (i + 1 < cx->n && match(cx, LR_TIME, i + 1, cx->n))
			mark(cx, i, TRAP_TIME);
		mark_age(cx, i);
		mark_year_range(cx, i);
		mark_glued(cx, i);
		mark_designated(cx, i);
	}
}

/* ---- figures ------------------------------------------------------------- */

struct figure {
	double value;
	size_t first, next;	/* tokens [first, next) */
	int words, fraction, unreadable;
};

/* Number words: "eight", "twenty-five", "two hundred and fifty",
 * "a dozen", "nearly two dozen", "half a million", "three million". */
static int word_figure(const struct numbers_ctx *cx, size_t i, size_t end,
		       struct figure *f)
{
	const struct lex_phrase *p;
	double total = 0, cur = 0;
	size_t k = i;
	int any = 0, article = 0, half = 0, lone_one = 1;

	if (is_word(cx, k, end, "half") && (is_word(cx, k + 1, end, "a") ||
					    is_word(cx, k + 1, end, "an"))) {
		half = 1;
		k += 2;
	} else if (is_word(cx, k, end, "a") || is_word(cx, k, end, "an")) {
		article = 1;
		k++;
	}
	for (; k < end; ) {
		if ((p = match(cx, LR_ONES, k, end)) || (p = match(cx, LR_TENS, k, end))) {
			if (any && cur && fmod(cur, 100) != 0 &&
			    !(p->role == LR_ONES && fmod(cur, 10) == 0 && cur < 100))
				break;
			if (article || half)
				break;
			if (p->value != 1)
				lone_one = 0;
			cur += p->value;
			k += p->nwords;
			any = 1;
			if (p->role == LR_TENS && is_dash(cx, k, end) &&
			    (p = match(cx, LR_ONES, k + 1, end)) && p->value < 10) {
				cur += p->value;
				k += 2;
			}
			continue;
		}
		if ((p = match(cx, LR_SCALE, k, end)) || (p = match(cx, LR_DOZEN, k, end))) {
			if (!any && !article && !half)
				break;
			if (!cur)
				cur = 1;
			lone_one = 0;
			if (p->value == 100 || p->role == LR_DOZEN)
				cur *= p->value;
			else {
				total += cur * p->value;
				cur = 0;
			}
			k += p->nwords;
			any = 1;
			article = 0;
			if (is_word(cx, k, end, "and") && (match(cx, LR_ONES, k + 1, end) ||
							   match(cx, LR_TENS, k + 1, end)))
				k++;
			continue;
		}
		break;
	}
	if (!any || article || (half && !total && !cur))
		return 0;
	total += cur;
	if (half)
		total /= 2;
	if (lone_one && !half)
		return 0;		/* "one" alone counts nothing */
	f->value = total;
	f->first = i;
	f->next = k;
	f->words = 1;
	return 1;
}

static double round2(double v)
{
	return floor(v * 100 + 0.5) / 100;
}

/* A small count for fractions: a digit token or a number word. */
static int small_count(const struct numbers_ctx *cx, size_t i, size_t end,
		       double *v, size_t *next)
{
	const struct lex_phrase *p;
	long x;

	if (plain_int(cx, i, end, &x) && !cx->trap[i]) {
		*v = (double)x;
		*next = i + 1;
		return 1;
	}
	if ((p = match(cx, LR_ONES, i, end)) || (p = match(cx, LR_TENS, i, end))) {
		*v = p->value;
		*next = i + p->nwords;
		return 1;
	}
	return 0;
}

/* "one in three", "two-thirds", "a third of", "three-quarters", "half of". */
static int fraction_figure(const struct numbers_ctx *cx, size_t i, size_t end,
			   struct figure *f)
{
	const struct lex_phrase *p;
	double num = 0, den = 0;
	size_t k = i, j;

	if (is_word(cx, i, end, "half") && is_word(cx, i + 1, end, "of") &&
	    !(i >= 1 && (match(cx, LR_REL_BEFORE, i - 1, i) || is_word(cx, i - 1, i, "the")))) {
		num = 1, den = 2, k = i + 1;
	} else if ((is_word(cx, i, end, "a") || is_word(cx, i, end, "one")) &&
		   (p = match(cx, LR_FRACTION, i + 1, end)) && p->value > 2 &&
		   is_word(cx, i + 1 + p->nwords, end, "of")) {
		num = 1, den = p->value, k = i + 1 + p->nwords;
	} else if (small_count(cx, i, end, &num, &j)) {
		if (is_word(cx, j, end, "in") && small_count(cx, j + 1, end, &den, &k)) {
			if (!(num >= 1 && den > num) || year_like(cx, j + 1, end))
				return 0;	/* "three in 2014" is no ratio */
		} else {
			if (is_dash(cx, j, end) && glued(cx, j))
				j++;
			p = match(cx, LR_FRACTION, j, end);
			if (!p || p->value <= 2 || num >= p->value ||
			    cx->t[i].kind == TOK_NUM)
				return 0;
			den = p->value;
			k = j + p->nwords;
		}
	} else {
		return 0;
	}
	f->value = round2(100 * num / den);
	f->first = i;
	f->next = k;
	f->fraction = 1;
	f->words = 1;
	return 1;
}

/* A figure in digits, with its glued or following multiplier. */
static int digit_figure(const struct numbers_ctx *cx, size_t i, size_t end,
			struct figure *f)
{
	if (!is_num(cx, i, end) || cx->trap[i])
		return 0;
	if (cx->t[i].flags & TF_BADNUM) {
		f->unreadable = 1;
		return 0;
	}
	if (token_number(&cx->t[i], cx->text, &f->value) < 0) {
		f->unreadable = 1;
		return 0;
	}
	f->first = i;
	f->next = i + 1;
	return 1;
}

/* ---- units and currencies ------------------------------------------------ */

struct money {
	const char *code;	/* resolved ISO code, or NULL */
	int family;		/* unresolved family, or -1 */
};

/* A currency before the figure: €, US$, USD, $; returns its length. */
static size_t currency_before(const struct numbers_ctx *cx, size_t i,
			      size_t end, struct money *m)
{
	const struct lex_phrase *p;

	if ((p = match(cx, LR_CUR_SYMBOL, i, end)) || (p = match(cx, LR_CUR_CODE, i, end))) {
		m->code = lexicon_currency(cx->lex, p->id);
		return p->nwords;
	}
	if ((p = match(cx, LR_CUR_FAMILY, i, end)) && cx->t[i].kind == TOK_MARK) {
		m->code = lexicon_family_code(cx->lex, p->id, cx->home);
		m->family = m->code ? -1 : p->id;
		return p->nwords;
	}
	return 0;
}

struct expr_state {
	struct numexpr e;
	struct money money;
	int scaled;		/* a multiplier was applied */
	int unreadable;
};

/* Multipliers after the figure: "million", "bn", glued "m" with money. */
static size_t multiplier(const struct numbers_ctx *cx, size_t k, size_t end,
			 struct expr_state *s)
{
	const struct lex_phrase *p;
	size_t start = k;

	while ((p = match(cx, LR_SCALE, k, end)) && p->value >= 1000 && !s->e.words) {
		s->e.value *= p->value;
		s->scaled = 1;
		k += p->nwords;
	}
	if (k == start && (p = match(cx, LR_SUFFIX, k, end)) &&
	    (glued(cx, k) || p->value >= 1e9 || !p->kind)) {
		if (p->kind && !s->money.code && s->money.family < 0 &&
		    !match(cx, LR_CUR_CODE, k + 1, end))
			return 0;	/* "33m": metres, not millions */
		s->e.value *= p->value;
		s->scaled = 1;
		k += p->nwords;
	}
	return k - start;
}

/* "pounds" is a mass before "of" (40 pounds of cocaine), else money. */
static int pound_is_mass(const struct numbers_ctx *cx, size_t k, size_t end)
{
	return match(cx, LR_POUND_MASS, k, end) && is_word(cx, k + 1, end, "of");
}

static size_t unit_after(const struct numbers_ctx *cx, size_t k, size_t end,
			 struct expr_state *s)
{
	const struct lex_phrase *p;

	if (s->money.code || s->money.family >= 0)
		return 0;
	if (pound_is_mass(cx, k, end)) {
		s->e.unit = "lb", s->e.kind = UK_MASS;
		return 1;
	}
	if ((p = match(cx, LR_UNIT, k, end))) {
		s->e.unit = cx->lex->unit[p->id].code;
		s->e.kind = cx->lex->unit[p->id].kind;
		return p->nwords;
	}
	if ((p = match(cx, LR_CUR_CODE, k, end)) || (p = match(cx, LR_CUR_NAME, k, end))) {
		s->money.code = lexicon_currency(cx->lex, p->id);
		return p->nwords;
	}
	if ((p = match(cx, LR_CUR_FAMILY, k, end)) && cx->t[k].kind == TOK_WORD) {
		s->money.code = lexicon_family_code(cx->lex, p->id, cx->home);
		s->money.family = s->money.code ? -1 : p->id;
		return p->nwords;
	}
	return 0;
}

/* "-fold": a multiple. Other glued "-word"s make the figure an adjective
 * ("three-year project", "24-hour", "two-percent target"): -1. */
static int hyphen_after(const struct numbers_ctx *cx, size_t k, size_t end,
			struct expr_state *s)
{
	if (!(is_dash(cx, k, end) && glued(cx, k) && k + 1 < end &&
	      glued(cx, k + 1) && cx->t[k + 1].kind == TOK_WORD))
		return 0;
	if (match(cx, LR_QUAL_AFTER, k, end))
		return 0;
	if (match(cx, LR_FOLD, k + 1, end)) {
		s->e.unit = "times", s->e.kind = UK_TIMES;
		return 2;
	}
	return -1;
}

/* ---- one expression ------------------------------------------------------ */

/* Can an expression start at token i?  Only with a number, or a word that
 * begins a qualifier, a currency or a figure in words: a test on one bit
 * that spares the full attempt at most tokens. */
static int may_start(const struct numbers_ctx *cx, size_t i, size_t end)
{
	return i < end && (cx->t[i].kind == TOK_NUM ||
			   (cx->lex->rmask[cx->t[i].word] & LEXM_FIGURE_START));
}

static int figure_at(const struct numbers_ctx *cx, size_t k, size_t end,
		     struct figure *f)
{
	memset(f, 0, sizeof(*f));
	return fraction_figure(cx, k, end, f) || digit_figure(cx, k, end, f) ||
	       word_figure(cx, k, end, f);
}

/* Would a capitalised word before make this figure a name (Defender 24,
 * EMMA 5, LSD 44)? */
static int named(const struct numbers_ctx *cx, size_t fig, size_t begin,
		 int title_case)
{
	const struct token *p;
	long v;

	if (fig <= begin || !plain_int(cx, fig, cx->n, &v) || v >= 10000)
		return 0;
	p = &cx->t[fig - 1];
	if (p->kind != TOK_WORD || !(p->flags & (TF_CAP | TF_UPPER)))
		return 0;
	if (fig - 1 == begin && !(p->flags & TF_UPPER))
		return 0;
	if (title_case && !(p->flags & TF_UPPER))
		return 0;
	if (match(cx, LR_MONTH, fig - 1, fig) || match(cx, LR_COUNTRY, fig - 1, fig) ||
	    match(cx, LR_QUAL_BEFORE, fig - 1, fig) || match(cx, LR_ONES, fig - 1, fig) ||
	    cur_prefix_word(cx, fig - 1) || match(cx, LR_GROUP, fig - 1, fig) ||
	    match(cx, LR_CLASS, fig - 1, fig))
		return 0;
	return 1;
}

static int is_duration_trap(const struct numbers_ctx *cx, const struct numexpr *e,
			    size_t begin, size_t end, size_t next)
{
	size_t lo = e->first >= begin + 6 ? e->first - 6 : begin;
	size_t hi = next + 6 < end ? next + 6 : end;

	if (match(cx, LR_AGE_AFTER, next, end))
		return 1;
	if (e->first > begin) {
		for (size_t k = e->first >= begin + 3 ? e->first - 3 : begin; k < e->first; k++) {
			const struct lex_phrase *p = match(cx, LR_REL_BEFORE, k, e->first);

			if (p && k + p->nwords == e->first)
				return 1;
		}
	}
	if (match(cx, LR_REL_AFTER, next, end))
		return 1;
	for (size_t k = lo; k < hi; k++)
		if ((k < e->first || k >= next) && match(cx, LR_PRISON, k, end))
			return 1;
	return 0;
}

struct scan {
	const struct numbers_ctx *cx;
	size_t begin, end;
	int title_case;
	struct numbers_stats *st;
};

/*
 * The core of an expression at k: currency, figure, multiplier, unit.
 * Fills s (value, unit, tokens) and returns the token after it, or 0.
 */
static size_t core_at(const struct scan *sc, size_t k, struct expr_state *s)
{
	const struct numbers_ctx *cx = sc->cx;
	size_t end = sc->end, start = k, n;
	struct figure f;
	int h;

	s->money.code = NULL;
	s->money.family = -1;
	k += currency_before(cx, k, end, &s->money);
	if (!figure_at(cx, k, end, &f)) {
		s->unreadable |= f.unreadable;
		return 0;
	}
	s->e.value = f.value;
	s->e.fig = f.first;
	s->e.words = (uint8_t)f.words;
	s->e.fraction = (uint8_t)f.fraction;
	s->e.unit = f.fraction ? "percent" : "count";
	s->e.kind = f.fraction ? UK_PERCENT : UK_COUNT;
	k = f.next;
	if (f.fraction)
		return k;
	k += multiplier(cx, k, end, s);
	if ((h = hyphen_after(cx, k, end, s)) < 0)
		return 0;
	k += (size_t)h;
	if (!h) {
		if (match(cx, LR_IGNORE_UNIT, k, end) && !s->money.code && !s->scaled)
			return 0;
		n = unit_after(cx, k, end, s);
		k += n;
	}
	if (s->money.family >= 0) {
		s->unreadable = 1;	/* "pesos" from nowhere we know */
		return 0;
	}
	if (s->money.code) {
		s->e.unit = s->money.code;
		s->e.kind = UK_MONEY;
	}
	(void)start;
	return k;
}

/* "2000 officers": a plain lower-case plural or a listed noun after a
 * year-like number makes it a count. */
static int counted_noun_after(const struct numbers_ctx *cx, size_t k, size_t end)
{
	const struct token *t = &cx->t[k];

	if (k >= end || t->kind != TOK_WORD || (t->flags & TF_CAP))
		return 0;
	return match(cx, LR_CLASS, k, end) ||
	       (t->len > 3 && cx->text[t->off + t->len - 1] == 's');
}

/* "for 2029 amounts to", "in 2023 arrests rose": a year after these. */
static int year_preposition(const struct numbers_ctx *cx, size_t i)
{
	static const char *const preps[] = {
		"in", "for", "since", "by", "of", "until", "till", "from", "to",
		"during", "before", "after", "early", "late", "mid", "year", NULL
	};

	for (const char *const *p = preps; *p; p++)
		if (is_word(cx, i, cx->n, *p))
			return 1;
	return 0;
}

/* Does the figure at s look like a year or a name rather than a count? */
static int not_a_count(const struct scan *sc, const struct expr_state *s)
{
	const struct numbers_ctx *cx = sc->cx;

	if (s->e.kind != UK_COUNT || s->money.code || s->scaled || s->e.words)
		return 0;
	if (year_like(cx, s->e.fig, sc->end) &&
	    (!counted_noun_after(cx, s->e.fig + 1, sc->end) ||
	     (s->e.first > sc->begin && (year_preposition(cx, s->e.first - 1) ||
					 (cx->t[s->e.first - 1].flags & TF_CAP)))))
		return 1;	/* a year, or a name like "Anakonda 2024" */
	if (named(cx, s->e.fig, sc->begin, sc->title_case))
		return 1;
	return 0;
}

/* A word before the expression that says it counts nothing or is an age. */
static int bad_context(const struct scan *sc, const struct expr_state *s,
		       size_t first)
{
	const struct numbers_ctx *cx = sc->cx;

	for (size_t back = 3; back >= 1; back--) {
		const struct lex_phrase *p;

		if (first < sc->begin + back)
			continue;
		p = match(cx, LR_AGE_BEFORE, first - back, first);
		if (p && p->nwords == back)
			return 1;
	}
	if (s->e.words && !s->e.fraction && first > sc->begin &&
	    match(cx, LR_NOTHING, first - 1, first))
		return 1;
	return 0;
}

static size_t post_qualifier(const struct scan *sc, size_t k, struct numexpr *e)
{
	const struct lex_phrase *p = match(sc->cx, LR_QUAL_AFTER, k, sc->end);
	size_t after;

	if (!p)
		return 0;
	after = k + p->nwords;
	if (is_num(sc->cx, after, sc->end) || cur_prefix_word(sc->cx, after))
		return 0;	/* "3.5% plus 1.5%" */
	if (e->qual == QUAL_EXACT)
		e->qual = (enum qualifier)p->kind;
	return p->nwords;
}

/*
 * One expression starting at token i (its qualifier or its figure).
 * Returns the token after it, or 0.
 */
static size_t expression_at(const struct scan *sc, size_t i, struct expr_state *s)
{
	const struct numbers_ctx *cx = sc->cx;
	const struct lex_phrase *q;
	size_t k = 0, qstart = i;

	if (!may_start(cx, i, sc->end)) {
		s->unreadable = 0;
		return 0;
	}
	memset(s, 0, sizeof(*s));
	q = match(cx, LR_QUAL_BEFORE, i, sc->end);
	if (q)
		k = core_at(sc, i + q->nwords, s);
	if (!k) {
		q = NULL;
		s->unreadable = 0;
		k = core_at(sc, i, s);
	}
	if (!k)
		return 0;
	s->e.first = qstart;
	s->e.qual = q ? (enum qualifier)q->kind : QUAL_EXACT;
	s->e.qual_over = q && q->nwords == 1 && is_word(cx, i, sc->end, "over");
	if (not_a_count(sc, s) || bad_context(sc, s, qstart))
		return 0;
	k += post_qualifier(sc, k, &s->e);
	s->e.last = k - 1;
	if (s->e.kind == UK_DURATION &&
	    is_duration_trap(cx, &s->e, sc->begin, sc->end, k))
		return 0;
	if (s->e.value > MAX_VALUE || !isfinite(s->e.value)) {
		s->unreadable = 1;
		return 0;
	}
	return k;
}

/* ---- ranges and brackets --------------------------------------------------- */

static void append(void *ctx, const struct numexpr *e)
{
	struct numexprs *out = ctx;

	xgrow((void **)&out->v, &out->cap, out->n + 1, sizeof(*out->v));
	out->v[out->n++] = *e;
}

/* "between 10 and 15 tonnes", "four to six", "10-15", "300 to 400
 * migrants": joins a and b (b starts at k+1) into a range. */
static int range_join(const struct scan *sc, struct expr_state *a,
		      struct expr_state *b, size_t conn)
{
	const struct numbers_ctx *cx = sc->cx;
	int between = a->e.first > sc->begin &&
		      is_word(cx, a->e.first - 1, sc->end, "between");

	if (is_word(cx, conn, sc->end, "and") && !between)
		return 0;
	if (a->e.first > sc->begin && is_word(cx, a->e.first - 1, sc->end, "from"))
		return 0;	/* "from X to Y" is a change, not a range */
	if (a->e.fraction || b->e.fraction || a->e.qual != QUAL_EXACT)
		return 0;
	if (a->e.last != a->e.fig && strcmp(a->e.unit, b->e.unit))
		return 0;
	if (!strcmp(a->e.unit, "count") && strcmp(b->e.unit, "count")) {
		a->e.unit = b->e.unit;
		a->e.kind = b->e.kind;
	} else if (strcmp(a->e.unit, "count") && !strcmp(b->e.unit, "count")) {
		b->e.unit = a->e.unit;	/* "EUR 3,000 to 5,000" */
		b->e.kind = a->e.kind;
	}
	if (!a->scaled && b->scaled && !a->e.words) {
		double mult = b->e.value;
		struct figure f;

		/* the low end takes the high end's multiplier: 2 to 3 million */
		if (figure_at(cx, b->e.fig, sc->end, &f) && f.value > 0)
			mult = b->e.value / f.value;
		if (a->e.value * mult <= b->e.value)
			a->e.value *= mult;
	}
	if (a->e.value >= b->e.value)
		return 0;
	if (between)
		a->e.first--;
	a->e.qual = QUAL_AT_LEAST;
	a->e.range = 1;
	if (b->e.qual == QUAL_EXACT)
		b->e.qual = QUAL_AT_MOST;
	b->e.range = 2;
	return 1;
}

/* "from EUR 3,000 to 5,000": no range, but the second figure is in the
 * first one's unit. */
static int change_to(const struct scan *sc, struct expr_state *a,
		     struct expr_state *b, size_t conn)
{
	const struct numbers_ctx *cx = sc->cx;

	if (!is_word(cx, conn, sc->end, "to") || a->e.first <= sc->begin ||
	    !is_word(cx, a->e.first - 1, sc->end, "from"))
		return 0;
	if (strcmp(a->e.unit, "count") && !strcmp(b->e.unit, "count") && !b->e.fraction) {
		b->e.unit = a->e.unit;
		b->e.kind = a->e.kind;
	}
	return 1;
}

static int range_connector(const struct scan *sc, size_t k)
{
	const struct numbers_ctx *cx = sc->cx;

	if (is_word(cx, k, sc->end, "to") || is_word(cx, k, sc->end, "and"))
		return 1;
	return is_dash(cx, k, sc->end) && is_num(cx, k - 1, sc->end) &&
	       is_num(cx, k + 1, sc->end);
}

/* A bracket right after money or a mass that restates it in another
 * unit: "($48.5 billion)", "(USD 3.7 million)". */
static size_t bracket_note(const struct scan *sc, size_t k, struct numexpr *e)
{
	struct expr_state s;
	size_t j;

	if (!is_mark(sc->cx, k, sc->end, "(") ||
	    !(e->kind == UK_MONEY || e->kind == UK_MASS))
		return 0;
	j = expression_at(sc, k + 1, &s);
	if (!j && is_word(sc->cx, k + 1, sc->end, "or"))
		j = expression_at(sc, k + 2, &s);
	if (!j || s.e.kind != e->kind || !is_mark(sc->cx, j, sc->end, ")"))
		return 0;
	e->has_note = 1;
	e->note_first = k;
	e->note_last = j;
	return j + 1 - k;
}

static int title_cased(const struct numbers_ctx *cx, size_t begin, size_t end)
{
	size_t words = 0, caps = 0;

	/* counted without a branch: which tokens are long words is all
	 * but random */
	for (size_t i = begin; i < end; i++) {
		size_t word = (cx->t[i].kind == TOK_WORD) & (cx->t[i].len >= 4);

		words += word;
		caps += word & ((cx->t[i].flags & TF_CAP) != 0);
	}
	return words >= 3 && caps * 10 >= words * 7;
}

/* Appends the expressions of one sentence to out. */
void numbers_scan(const struct numbers_ctx *cx, size_t begin, size_t end,
		  struct numexprs *out, struct numbers_stats *st)
{
	numbers_scan_each(cx, begin, end, append, out, st);
}

/* Scans one sentence for expressions, ranges and bracketed restatements,
 * handing each on as it is complete. */
void numbers_scan_each(const struct numbers_ctx *cx, size_t begin, size_t end,
		       numexpr_fn fn, void *ctx, struct numbers_stats *st)
{
	struct scan sc = { cx, begin, end, title_cased(cx, begin, end), st };
	size_t i = begin;

	while (i < end) {
		struct expr_state a, b;
		size_t k, j;

		if (!may_start(cx, i, end)) {
			i++;
			continue;
		}
		k = expression_at(&sc, i, &a);
		if (!k) {
			if (a.unreadable && cx->t[i].kind == TOK_NUM)
				st->unreadable++;
			i++;
			continue;
		}
		if (k < end && range_connector(&sc, k) &&
		    (j = expression_at(&sc, k + 1, &b)) &&
		    (range_join(&sc, &a, &b, k) || change_to(&sc, &a, &b, k))) {
			fn(ctx, &a.e);
			j += bracket_note(&sc, j, &b.e);
			fn(ctx, &b.e);
			i = j;
			continue;
		}
		k += bracket_note(&sc, k, &a.e);
		fn(ctx, &a.e);
		i = k;
	}
}

/* Frees the list; NULL is a no-op. */
void numexprs_release(struct numexprs *e)
{
	if (!e)
		return;
	free(e->v);
	e->v = NULL;
	e->n = e->cap = 0;
}
