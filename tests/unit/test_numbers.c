/* test_numbers.c - the number scanner on sentences written for these tests:
 * every form of figure the issue lists, qualifiers, units, and the numbers
 * that are no figures. */
#include <stdlib.h>
#include <string.h>

#include "tally/lexicon.h"
#include "tally/numbers.h"
#include "tally/tokens.h"
#include "testhelp.h"

struct want {
	double value;
	const char *unit;
	enum qualifier qual;
	const char *text;	/* the expression as written */
};

struct num_case {
	const char *sentence;
	int home;		/* 1: an Australian bulletin (bare $ is AUD) */
	struct want w[4];	/* value 0 ends the list */
	const char *note;	/* the bracketed restatement of w[0], or NULL */
	long unreadable;
};

#define X QUAL_EXACT
#define L QUAL_AT_LEAST
#define M QUAL_AT_MOST
#define A QUAL_APPROX

static const struct num_case cases[] = {
	/* digits and their groupings */
	{ "Officers detained 1,006 people.", 0, { { 1006, "count", X, "1,006" } }, NULL, 0 },
	{ "They found 20 000 rounds.", 0, { { 20000, "count", X, "20 000" } }, NULL, 0 },
	{ "They found 20\xe2\x80\x89" "000 rounds.", 0, { { 20000, "count", X, "20\xe2\x80\x89" "000" } }, NULL, 0 },
	{ "They found 20\xc2\xa0" "000 rounds.", 0, { { 20000, "count", X, "20\xc2\xa0" "000" } }, NULL, 0 },
	{ "They found 20\xe2\x80\xaf" "000 rounds.", 0, { { 20000, "count", X, "20\xe2\x80\xaf" "000" } }, NULL, 0 },
	{ "The rate stood at 8.6 on average.", 0, { { 8.6, "count", X, "8.6" } }, NULL, 0 },
	{ "Analysts counted 1.5bn messages.", 0, { { 1.5e9, "count", X, "1.5bn" } }, NULL, 0 },
	/* money */
	{ "The ring moved \xe2\x82\xac" "950m last year.", 0, { { 9.5e8, "EUR", X, "\xe2\x82\xac" "950m" } }, NULL, 0 },
	{ "Losses reached USD 193 million.", 0, { { 1.93e8, "USD", X, "USD 193 million" } }, NULL, 0 },
	{ "A fund of US$4.7 billion was set up.", 0, { { 4.7e9, "USD", X, "US$4.7 billion" } }, NULL, 0 },
	{ "Police froze USD34.6 million.", 0, { { 3.46e7, "USD", X, "USD34.6 million" } }, NULL, 0 },
	{ "The deal is worth $4.65 billion.", 0, { { 4.65e9, "USD", X, "$4.65 billion" } }, NULL, 0 },
	{ "The deal is worth $4.65 billion.", 1, { { 4.65e9, "AUD", X, "$4.65 billion" } }, NULL, 0 },
	{ "The army gets \xc2\xa3" "1.2bn more.", 0, { { 1.2e9, "GBP", X, "\xc2\xa3" "1.2bn" } }, NULL, 0 },
	{ "Bern set aside CHF7.5 billion.", 0, { { 7.5e9, "CHF", X, "CHF7.5 billion" } }, NULL, 0 },
	{ "It cost 45,000 GBP in all.", 0, { { 45000, "GBP", X, "45,000 GBP" } }, NULL, 0 },
	{ "They paid 3 million US dollars.", 0, { { 3e6, "USD", X, "3 million US dollars" } }, NULL, 0 },
	{ "They lost 12 million euros.", 0, { { 1.2e7, "EUR", X, "12 million euros" } }, NULL, 0 },
	{ "Fines reached 2 billion pounds.", 0, { { 2e9, "GBP", X, "2 billion pounds" } }, NULL, 0 },
	{ "Banks lost 40 million Swiss francs.", 0, { { 4e7, "CHF", X, "40 million Swiss francs" } }, NULL, 0 },
	{ "Warsaw will spend 90 billion zlotys.", 0, { { 9e10, "PLN", X, "90 billion zlotys" } }, NULL, 0 },
	{ "Donors gave three million dollars.", 0, { { 3e6, "USD", X, "three million dollars" } }, NULL, 0 },
	{ "Donors gave half a million euros.", 0, { { 5e5, "EUR", X, "half a million euros" } }, NULL, 0 },
	/* percentages, masses, volumes, durations, multiples */
	{ "Crime fell 3 percent overall.", 0, { { 3, "percent", X, "3 percent" } }, NULL, 0 },
	{ "Crime fell 3 per cent overall.", 0, { { 3, "percent", X, "3 per cent" } }, NULL, 0 },
	{ "Only 2% were solved, and 2.71% were appealed.", 0,
	  { { 2, "percent", X, "2%" }, { 2.71, "percent", X, "2.71%" } }, NULL, 0 },
	{ "Divers found 33kg of heroin and 1.7 tonnes of hashish.", 0,
	  { { 33, "kg", X, "33kg" }, { 1.7, "t", X, "1.7 tonnes" } }, NULL, 0 },
	{ "The tanker held 2,400 litres of fuel and 12 tons of coal.", 0,
	  { { 2400, "l", X, "2,400 litres" }, { 12, "t", X, "12 tons" } }, NULL, 0 },
	{ "Agents found 40 pounds of meth.", 0, { { 40, "lb", X, "40 pounds" } }, NULL, 0 },
	{ "The probe ran for 14 months.", 0, { { 14, "month", X, "14 months" } }, NULL, 0 },
	{ "Thefts rose six-fold.", 0, { { 6, "times", X, "six-fold" } }, NULL, 0 },
	/* figures in words and fractions */
	{ "Police held eight men.", 0, { { 8, "count", X, "eight" } }, NULL, 0 },
	{ "Police held twenty-five men.", 0, { { 25, "count", X, "twenty-five" } }, NULL, 0 },
	{ "Police held a dozen men.", 0, { { 12, "count", X, "a dozen" } }, NULL, 0 },
	{ "Police held nearly two dozen men.", 0, { { 24, "count", M, "nearly two dozen" } }, NULL, 0 },
	{ "Police held two hundred and fifty men.", 0, { { 250, "count", X, "two hundred and fifty" } }, NULL, 0 },
	{ "About one in four calls was a scam.", 0, { { 25, "percent", A, "About one in four" } }, NULL, 0 },
	{ "Two-thirds of the loot was gold.", 0, { { 66.67, "percent", X, "Two-thirds" } }, NULL, 0 },
	{ "Less than one tenth of it was found.", 0, { { 10, "percent", M, "Less than one tenth" } }, NULL, 0 },
	{ "Well over half of the cars were new.", 0, { { 50, "percent", L, "Well over half" } }, NULL, 0 },
	/* ranges */
	{ "Boats carried between 10 and 15 tonnes.", 0,
	  { { 10, "t", L, "between 10" }, { 15, "t", M, "15 tonnes" } }, NULL, 0 },
	{ "Between four and six men fled.", 0,
	  { { 4, "count", L, "Between four" }, { 6, "count", M, "six" } }, NULL, 0 },
	{ "Each raid took four to six officers.", 0,
	  { { 4, "count", L, "four" }, { 6, "count", M, "six" } }, NULL, 0 },
	{ "Each gang had 10-15 members.", 0,
	  { { 10, "count", L, "10" }, { 15, "count", M, "15" } }, NULL, 0 },
	{ "Fares ran from EUR 3,000 to 5,000 a head; in 2013 it was three in 2014.", 0,
	  { { 3000, "EUR", X, "EUR 3,000" }, { 5000, "EUR", X, "5,000" }, { 3, "count", X, "three" } }, NULL, 0 },
	{ "Each paid between EUR 3,000 and 5,000.", 0,
	  { { 3000, "EUR", L, "between EUR 3,000" }, { 5000, "EUR", M, "5,000" } }, NULL, 0 },
	{ "Fees were between 2 and 3 million euros.", 0,
	  { { 2e6, "EUR", L, "between 2" }, { 3e6, "EUR", M, "3 million euros" } }, NULL, 0 },
	{ "Losses grew from $2 million to $5 million.", 0,
	  { { 2e6, "USD", X, "$2 million" }, { 5e6, "USD", X, "$5 million" } }, NULL, 0 },
	/* qualifiers */
	{ "They seized more than 35,000 pills.", 0, { { 35000, "count", L, "more than 35,000" } }, NULL, 0 },
	{ "They seized upwards of 90 rifles.", 0, { { 90, "count", L, "upwards of 90" } }, NULL, 0 },
	{ "They seized in excess of 70 rifles.", 0, { { 70, "count", L, "in excess of 70" } }, NULL, 0 },
	{ "They seized no fewer than 60 rifles.", 0, { { 60, "count", L, "no fewer than 60" } }, NULL, 0 },
	{ "They seized almost 400 rifles.", 0, { { 400, "count", M, "almost 400" } }, NULL, 0 },
	{ "They seized up to 400 rifles.", 0, { { 400, "count", M, "up to 400" } }, NULL, 0 },
	{ "They seized as many as 400 rifles.", 0, { { 400, "count", M, "as many as 400" } }, NULL, 0 },
	{ "They seized fewer than 40 rifles.", 0, { { 40, "count", M, "fewer than 40" } }, NULL, 0 },
	{ "They seized just under 40 rifles.", 0, { { 40, "count", M, "just under 40" } }, NULL, 0 },
	{ "They seized some 150 rifles.", 0, { { 150, "count", A, "some 150" } }, NULL, 0 },
	{ "They seized roughly 150 rifles.", 0, { { 150, "count", A, "roughly 150" } }, NULL, 0 },
	{ "It cost an estimated EUR 8 million.", 0, { { 8e6, "EUR", A, "an estimated EUR 8 million" } }, NULL, 0 },
	{ "Damage was estimated at $9 million.", 0, { { 9e6, "USD", A, "estimated at $9 million" } }, NULL, 0 },
	{ "They seized 150 or more rifles.", 0, { { 150, "count", L, "150 or more" } }, NULL, 0 },
	/* bracketed conversions are notes, not figures */
	{ "Oslo will spend 50 billion Norwegian kroner ($4.7 billion).", 0,
	  { { 5e10, "NOK", X, "50 billion Norwegian kroner" } }, "($4.7 billion)", 0 },
	{ "They recovered AUD 2.1 million (USD 1.4 million) in cash.", 0,
	  { { 2.1e6, "AUD", X, "AUD 2.1 million" } }, "(USD 1.4 million)", 0 },
	/* numbers that are no figures */
	{ "The raids on 14 March 2024 followed talks on March 3, 2023.", 0, { { 0, NULL, X, NULL } }, NULL, 0 },
	{ "Between 3 and 7 June, and from 1 to 4 July, checks continued.", 0, { { 0, NULL, X, NULL } }, NULL, 0 },
	{ "The 2019-20 budget and the 2022-2025 plan were cut in 2021.", 0, { { 0, NULL, X, NULL } }, NULL, 0 },
	{ "The 45th meeting of the second-largest unit was its 3rd.", 0, { { 0, NULL, X, NULL } }, NULL, 0 },
	{ "Two F-16 jets, a CV90 and Operation Harbour Lights IV took part.", 0,
	  { { 2, "count", X, "Two" } }, NULL, 0 },
	{ "Under Article 5 and Resolution 2231, file No. 1355 was opened.", 0, { { 0, NULL, X, NULL } }, NULL, 0 },
	{ "A 37-year-old man and a suspect aged 52 were held.", 0, { { 0, NULL, X, NULL } }, NULL, 0 },
	{ "Call +44 20 7946 0000 or 0800 555 123 to report it.", 0, { { 0, NULL, X, NULL } }, NULL, 0 },
	{ "Officers moved in at 05:30 and again at 6.15 am.", 0, { { 0, NULL, X, NULL } }, NULL, 0 },
	{ "Dozens of weapons and hundreds of phones were found.", 0, { { 0, NULL, X, NULL } }, NULL, 0 },
	{ "The two ministers said one of the biggest threats remains.", 0, { { 0, NULL, X, NULL } }, NULL, 0 },
	{ "The three-year project ran a 24-hour hotline.", 0, { { 0, NULL, X, NULL } }, NULL, 0 },
	{ "Five years ago, the gang faced up to 12 years in prison.", 0, { { 0, NULL, X, NULL } }, NULL, 0 },
	{ "Its 155mm shells travel 30 km.", 0, { { 0, NULL, X, NULL } }, NULL, 0 },
	/* unreadable: counted, never guessed */
	{ "They lost 1,5 million in 2023.", 0, { { 0, NULL, X, NULL } }, NULL, 1 },
	{ "Donors sent 400 pesos.", 0, { { 0, NULL, X, NULL } }, NULL, 1 },
};

static void check_case(const struct lexicon *lex, const struct num_case *c, int australia)
{
	struct tokens tk = TOKENS_INIT;
	struct numexprs ex = NUMEXPRS_INIT;
	struct numbers_stats st = { 0 };
	struct numbers_ctx cx;
	size_t n = 0, len = strlen(c->sentence);

	tokens_scan(&tk, lex, c->sentence, len);
	cx = (struct numbers_ctx){ lex, c->sentence, tk.v, tk.n,
				   calloc(tk.n + 1, 1), c->home ? australia : -1 };
	numbers_mark_traps(&cx);
	numbers_scan(&cx, 0, tk.n, &ex, &st);
	while (n < 4 && c->w[n].value)
		n++;
	if (ex.n != n)
		fprintf(stderr, "in: %s\n", c->sentence);
	CHECK_NUM(ex.n, n);
	for (size_t i = 0; i < n && i < ex.n; i++) {
		const struct numexpr *e = &ex.v[i];
		size_t start = tk.v[e->first].off;
		size_t end = tk.v[e->last].off + tk.v[e->last].len;
		char text[128];

		snprintf(text, sizeof(text), "%.*s", (int)(end - start), c->sentence + start);
		CHECK_NUM(e->value, c->w[i].value);
		CHECK_STR(e->unit, c->w[i].unit);
		CHECK_STR(qualifier_name(e->qual), qualifier_name(c->w[i].qual));
		CHECK_STR(text, c->w[i].text);
	}
	if (c->note && ex.n) {
		char note[128];
		const struct numexpr *e = &ex.v[0];
		size_t start = tk.v[e->note_first].off;
		size_t end = tk.v[e->note_last].off + tk.v[e->note_last].len;

		CHECK(e->has_note);
		snprintf(note, sizeof(note), "%.*s", (int)(end - start), c->sentence + start);
		CHECK_STR(note, c->note);
	}
	CHECK_NUM(st.unreadable, c->unreadable);
	free(cx.trap);
	numexprs_release(&ex);
	tokens_release(&tk);
}

/* The tokenizer on its own: words, numbers, marks and byte offsets. */
static void check_tokens(void)
{
	const char *s = "Greece\xe2\x80\x99s 1,006 (F-16) \xe2\x82\xac" "5";
	struct tokens tk = TOKENS_INIT;

	tokens_scan(&tk, NULL, s, strlen(s));
	CHECK_NUM(tk.n, 10);
	CHECK(tk.v[0].kind == TOK_WORD && tk.v[0].len == 6 && (tk.v[0].flags & TF_CAP));
	CHECK(tk.v[1].kind == TOK_WORD && tk.v[1].len == 4);	/* ’s */
	CHECK(tk.v[2].kind == TOK_NUM && tk.v[2].off == 11 && tk.v[2].len == 5);
	CHECK(tk.v[3].kind == TOK_MARK);
	CHECK(tk.v[4].kind == TOK_WORD && tk.v[6].kind == TOK_NUM && !(tk.v[6].flags & TF_SPACE));
	CHECK(tk.v[9].kind == TOK_NUM && !(tk.v[9].flags & TF_SPACE));
	tokens_release(&tk);
	tokens_scan(&tk, NULL, "1,00,000 and 1234567890123456789", 32);
	CHECK(tk.v[0].flags & TF_BADNUM);
	CHECK(tk.v[2].flags & TF_BADNUM);
	tokens_release(&tk);
}

int main(void)
{
	struct lexicon *lex;
	struct diag d;
	int australia = -1;

	diag_clear(&d);
	if (lexicon_load(&lex, NULL, &d) < 0) {
		fprintf(stderr, "cannot load the lexicon: %s\n", d.msg);
		return 1;
	}
	for (size_t i = 0; i < lex->ncountry; i++)
		if (!strcmp(lex->country[i].name, "Australia"))
			australia = (int)i;
	check_tokens();
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		check_case(lex, &cases[i], australia);
	lexicon_free(lex);
	return TEST_REPORT();
}
