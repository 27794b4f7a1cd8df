/* fuzz_extract.c - libFuzzer target: any bytes through the extractor's
 * text entry point (tokenizer, sentences, numbers, categories, places,
 * scopes), then checks that every fact's evidence is where it says. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tally/extract.h"
#include "tally/lexicon.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct lexicon *lex;

static void check(const uint8_t *data, size_t size, const struct fact_table *t)
{
	for (size_t i = 0; i < t->n; i++) {
		const struct fact *f = &t->v[i];
		size_t n = strlen(f->text);

		if (f->field != FIELD_BODY || f->start < 0 || f->end < f->start ||
		    (size_t)f->end > size || (size_t)(f->end - f->start) != n ||
		    memcmp(data + f->start, f->text, n) || !(f->value >= 0))
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fact_table t = FACT_TABLE_INIT;
	struct extract_stats st = { 0 };
	struct diag d;

	if (!lex) {
		diag_clear(&d);
		if (lexicon_load(&lex, NULL, &d) < 0)
			abort();
	}
	extract_text(lex, (const char *)data, size, &t, &st);
	check(data, size, &t);
	if ((long)t.n != st.facts)
		abort();
	fact_table_release(&t);
	return 0;
}
