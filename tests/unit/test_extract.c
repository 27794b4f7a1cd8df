/* test_extract.c - categories, items, places and scopes on bulletins
 * written for these tests (none is taken from a real release). */
#include <stdlib.h>
#include <string.h>

#include "tally/extract.h"
#include "tally/lexicon.h"
#include "testhelp.h"

struct want_fact {
	const char *category;
	double value;
	const char *unit;
	enum qualifier qual;
	const char *place;	/* "" for none */
	enum scope scope;
	const char *item;	/* expected item, or NULL for "don't care" */
};

struct ex_case {
	const char *source, *dateline, *title, *body;
	struct want_fact w[8];	/* category NULL ends */
	int exactly;		/* 1: no other categorised fact may appear */
};

#define X QUAL_EXACT
#define L QUAL_AT_LEAST
#define M QUAL_AT_MOST
#define A QUAL_APPROX
#define T SCOPE_TOTAL
#define P SCOPE_PART
#define C SCOPE_CONTEXT
#define END { NULL, 0, NULL, X, NULL, T, NULL }

static const struct ex_case cases[] = {
	/* sentence shapes for arrests */
	{ "Europol", NULL, "Raids", "Some 240 arrests were made in the final week.",
	  { { "arrests", 240, "count", A, "", T, NULL }, END }, 1 },
	{ "Europol", NULL, "Raids", "Police arrested 1,412 suspects and dismantled 77 laboratories.",
	  { { "arrests", 1412, "count", X, "", T, "suspects" },
	    { "other", 77, "count", X, "", T, "laboratories" }, END }, 1 },
	{ "Interpol", NULL, "Raids",
	  "Nine people, among them three Brazilian nationals, were arrested in Ghana for a USD 4 million "
	  "investment scheme affecting 2,310 victims.",
	  { { "arrests", 9, "count", X, "Ghana", T, NULL },
	    { "other", 3, "count", X, "Ghana", T, NULL },
	    { "financial_loss", 4e6, "USD", X, "Ghana", T, NULL },
	    { "victims", 2310, "count", X, "Ghana", T, NULL }, END }, 1 },
	{ "Interpol", NULL, "Raids", "Officers detained 31 people, 12 of them on suspicion of fraud.",
	  { { "arrests", 31, "count", X, "", T, NULL }, END }, 0 },
	{ "Interpol", NULL, "Raids", "Of those arrested, 64 suspects were charged with smuggling.",
	  { { "other", 64, "count", X, "", T, NULL }, END }, 1 },
	/* victims, seizures, money */
	{ "Interpol", NULL, "Rescue", "Police freed 58 children held on a farm and rescued 230 migrants.",
	  { { "victims", 58, "count", X, "", T, "children" },
	    { "victims", 230, "count", X, "", T, "migrants" }, END }, 1 },
	{ "Europol", NULL, "Seizure",
	  "A search of the depot uncovered over 600 SIM cards, EUR 14,500 in cash and 48 kg of cannabis.",
	  { { "seizure_quantity", 600, "count", L, "", T, "sim cards" },
	    { "seizure_value", 14500, "EUR", X, "", T, "" },
	    { "seizure_quantity", 48, "kg", X, "", T, "cannabis" }, END }, 1 },
	{ "Europol", NULL, "Fraud", "The gang ran a EUR 7 million online Ponzi scheme.",
	  { { "financial_loss", 7e6, "EUR", X, "", T, NULL }, END }, 1 },
	{ "Interpol", NULL, "Fraud", "Investigators believe he made upwards of USD 410,000 from the scam.",
	  { { "financial_loss", 410000, "USD", L, "", T, NULL }, END }, 1 },
	{ "Interpol", NULL, "Freeze", "Authorities froze assets worth USD 31 million.",
	  { { "seizure_value", 3.1e7, "USD", X, "", T, NULL }, END }, 1 },
	{ "NATO", NULL, "Aid", "Allies approved a package of EUR 60 million in military aid to Moldova.",
	  { { "funding", 6e7, "EUR", X, "Moldova", T, NULL }, END }, 1 },
	{ "NATO", NULL, "Budget", "The project, with a budget of GBP 3.2 million, will run until 2027.",
	  { { "funding", 3.2e6, "GBP", X, "", T, NULL }, END }, 1 },
	/* GDP shares, countries, durations, fractions */
	{ "NATO", NULL, "Spending", "Mr Lind welcomed the fact that Norway invests 2.2 percent of its GDP in defence.",
	  { { "gdp_share", 2.2, "percent", X, "Norway", T, NULL }, END }, 1 },
	{ "NATO", NULL, "Spending", "Romania spends over 2.5% of GDP on defence, up from 2.1% last year.",
	  { { "gdp_share", 2.5, "percent", L, "Romania", T, NULL },
	    { "gdp_share", 2.1, "percent", X, "Romania", C, NULL }, END }, 1 },
	{ "NATO", NULL, "Spending", "Nineteen of the Alliance's 32 members now meet the guideline.",
	  { { "countries", 19, "count", X, "", P, NULL },
	    { "countries", 32, "count", X, "", T, NULL }, END }, 1 },
	{ "Interpol", NULL, "Op", "Police in 23 countries took part in the operation, which lasted nine days.",
	  { { "countries", 23, "count", X, "", T, NULL },
	    { "other", 9, "day", X, "", T, NULL }, END }, 1 },
	{ "UNODC", NULL, "Report", "According to the survey, one in five migrants paid a smuggler.",
	  { { "other", 20, "percent", X, "", T, NULL }, END }, 1 },
	/* places: demonyms, Türkiye, datelines, groups */
	{ "Polish Police", "WARSAW, Poland", "Guns",
	  "WARSAW, Poland \xe2\x80\x93 Polish investigators found more than 70 pistols in a garage.",
	  { { "seizure_quantity", 70, "count", L, "Poland", T, "pistols" }, END }, 1 },
	{ "NATO", NULL, "Visit", "Turkey has raised defence spending to 2.1% of GDP this year.",
	  { { "gdp_share", 2.1, "percent", X, "T\xc3\xbcrkiye", T, NULL }, END }, 1 },
	{ "Interpol", "LYON, France", "Op",
	  "LYON, France \xe2\x80\x93 Police arrested 310 people in an operation across Africa.",
	  { { "arrests", 310, "count", X, "", T, NULL }, END }, 1 },
	{ "NATO", NULL, "Spending", "European Allies and Canada will spend $500 billion this year.",
	  { { "funding", 5e11, "USD", X, "", T, NULL }, END }, 1 },
	/* parts of a national breakdown after a headline total */
	{ "Interpol", NULL, "Op",
	  "Police in 12 countries arrested 860 suspects.\n\n"
	  "In Zambia, officers arrested 45 people and seized 20 kg of heroin.\n\n"
	  "Malawian police made 30 arrests.",
	  { { "countries", 12, "count", X, "", T, NULL },
	    { "arrests", 860, "count", X, "", T, NULL },
	    { "arrests", 45, "count", X, "Zambia", P, NULL },
	    { "seizure_quantity", 20, "kg", X, "Zambia", P, "heroin" },
	    { "arrests", 30, "count", X, "Malawi", P, NULL }, END }, 1 },
	/* context: earlier periods, market sizes */
	{ "UNODC", NULL, "Report",
	  "The market for stolen cars is worth an estimated USD 9 billion a year. "
	  "Police recovered 2,100 cars in 2024, compared with 1,700 cars in 2021.",
	  { { "other", 9e9, "USD", A, "", C, NULL },
	    { "seizure_quantity", 2100, "count", X, "", T, NULL },
	    { "seizure_quantity", 1700, "count", X, "", C, NULL }, END }, 1 },
	/* a bare $ is local in a Canadian release; conversions are notes */
	{ "Royal Canadian Mounted Police", "OTTAWA, Canada", "Seizure",
	  "Officers seized $2.5 million in cash.",
	  { { "seizure_value", 2.5e6, "CAD", X, "", T, NULL }, END }, 1 },
	{ "NATO", NULL, "Budget", "Oslo will spend 30 billion Norwegian kroner ($2.8 billion) on defence.",
	  { { "funding", 3e10, "NOK", X, "", T, NULL }, END }, 1 },
	/* one fact per figure: the title restates the body */
	{ "Europol", NULL, "Police seize 4 tonnes of cocaine",
	  "Police seized 4 tonnes of cocaine in the port.",
	  { { "seizure_quantity", 4, "t", X, "", T, "cocaine" }, END }, 1 },
	/* not facts */
	{ "Europol", NULL, "Statement",
	  "On 12 May 2024, the two agencies met for the 3rd time under Article 7; a 41-year-old man "
	  "was sentenced to 6 years in prison, and dozens of weapons were destroyed at 10:30.",
	  { END }, 1 },
};

static const struct fact *find(const struct fact_table *t, const struct want_fact *w)
{
	for (size_t i = 0; i < t->n; i++)
		if (!strcmp(t->v[i].category, w->category) && !strcmp(t->v[i].unit, w->unit) &&
		    fabs(t->v[i].value - w->value) <= 1e-9 * fmax(1, w->value))
			return &t->v[i];
	return NULL;
}

static void show(const struct fact_table *t)
{
	for (size_t i = 0; i < t->n; i++)
		fprintf(stderr, "  got %s %g %s %s place=%s scope=%s item=%s «%s»\n",
			t->v[i].category, t->v[i].value, t->v[i].unit,
			qualifier_name(t->v[i].qualifier), t->v[i].place,
			scope_name(t->v[i].scope), t->v[i].item, t->v[i].text);
}

/* Every fact's evidence is where it says it is. */
static void check_offsets(const struct bulletin *b, const struct fact_table *t)
{
	for (size_t i = 0; i < t->n; i++) {
		const char *field = t->v[i].field == FIELD_TITLE ? b->title : b->body;
		size_t n = (size_t)(t->v[i].end - t->v[i].start);

		CHECK(t->v[i].end > t->v[i].start);
		CHECK(strlen(t->v[i].text) == n && !memcmp(field + t->v[i].start, t->v[i].text, n));
	}
}

static void check_case(const struct lexicon *lex, const struct ex_case *c)
{
	struct bulletin b = { 0 };
	struct fact_table t = FACT_TABLE_INIT;
	struct extract_stats st = { 0 };
	struct diag d;
	int bad = test_failed;
	size_t want = 0, cat = 0;

	diag_clear(&d);
	b.id = "t-1";
	b.source = (char *)c->source;
	b.published = "2024-06-15";
	b.title = (char *)c->title;
	b.title_len = strlen(c->title);
	b.body = (char *)c->body;
	b.body_len = strlen(c->body);
	b.dateline = (char *)c->dateline;
	CHECK(extract_bulletin(lex, &b, &t, &st, &d) == 0);
	for (const struct want_fact *w = c->w; w->category; w++, want++) {
		const struct fact *f = find(&t, w);

		CHECK(f != NULL);
		if (!f)
			continue;
		CHECK_STR(qualifier_name(f->qualifier), qualifier_name(w->qual));
		CHECK_STR(f->place, w->place);
		CHECK_STR(scope_name(f->scope), scope_name(w->scope));
		if (w->item)
			CHECK_STR(f->item, w->item);
	}
	for (size_t i = 0; i < t.n; i++)
		cat += strcmp(t.v[i].category, "other") != 0;
	if (c->exactly) {
		size_t wcat = 0;

		for (const struct want_fact *w = c->w; w->category; w++)
			wcat += strcmp(w->category, "other") != 0;
		CHECK_NUM(cat, wcat);
	}
	check_offsets(&b, &t);
	CHECK_NUM(st.facts, t.n);
	if (test_failed != bad) {
		fprintf(stderr, "in: %s | %s\n", c->title, c->body);
		show(&t);
	}
	fact_table_release(&t);
}

/* A bulletin of nothing but noise never fails and never reads past its end. */
static void check_garbage(const struct lexicon *lex)
{
	static const char junk[] = "\xe2\x82\xac$$%%1,,2..3--4 \xc2\xa0 5 000 000 000 000 000 000 ((((";
	struct fact_table t = FACT_TABLE_INIT;
	struct extract_stats st = { 0 };

	CHECK(extract_text(lex, junk, sizeof(junk) - 1, &t, &st) == 0);
	CHECK(st.unreadable >= 1);
	fact_table_release(&t);
}

int main(void)
{
	struct lexicon *lex;
	struct diag d;

	diag_clear(&d);
	if (lexicon_load(&lex, NULL, &d) < 0) {
		fprintf(stderr, "cannot load the lexicon: %s\n", d.msg);
		return 1;
	}
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		check_case(lex, &cases[i]);
	check_garbage(lex);
	lexicon_free(lex);
	return TEST_REPORT();
}
