/*
 * extract.h - numeric facts from bulletins.
 *
 * extract_bulletin() reads a bulletin's title and body and appends to a
 * facts table one row per figure it finds (fact-model.md): category from
 * the cue words around the figure, item (the counted noun), place (the
 * country the figure is about: the sentence, then its paragraph), scope
 * (total, part of another figure, or context) and the evidence (field,
 * byte offsets, sentence).  A figure stated twice is one fact: title
 * figures that restate a body figure are dropped, repeats in the body
 * keep their first mention.
 *
 * It does no I/O and never fails on any text: bad input is at worst a
 * bulletin with no facts.  Time is linear in the text (windows around
 * each figure are bounded), memory is that of one bulletin.
 */
#ifndef TALLY_EXTRACT_H
#define TALLY_EXTRACT_H

#include "tally/diag.h"
#include "tally/fact.h"
#include "tally/ingest.h"
#include "tally/lexicon.h"

struct extract_stats {
	long bulletins;
	long facts;		/* rows appended */
	long unreadable;	/* numbers left out: not read with confidence */
	long repeats;		/* figures dropped as restatements */
};

/* Receives the facts of a bulletin one at a time, in order; the fact and
 * its strings live only during the call.  Returns 0, or -1 to stop. */
typedef int (*fact_sink)(const struct fact *f, void *ctx);

struct extract_mem;

/*
 * An extractor: a lexicon and the working memory of extraction, kept
 * from one bulletin to the next so that a corpus is read without
 * allocating per bulletin.  extractor_init() cannot fail (memory runs
 * out as xmalloc says); extractor_release() frees it all.
 */
struct extractor {
	const struct lexicon *lex;
	struct extract_mem *mem;	/* private */
};

void extractor_init(struct extractor *x, const struct lexicon *lex);
void extractor_release(struct extractor *x);

/* Hands each fact of b to sink(f, ctx) as it is made, so that no table
 * of them is held; returns 0, or -1 when the sink stopped it (the facts
 * before were handed on and counted). */
int extractor_run(struct extractor *x, const struct bulletin *b,
		  fact_sink sink, void *ctx, struct extract_stats *st);

/* Appends the facts of b to out; returns 0 (the diag is for callers that
 * chain; extraction itself has no failure). */
int extract_bulletin(const struct lexicon *lex, const struct bulletin *b,
		     struct fact_table *out, struct extract_stats *st,
		     struct diag *d);

/* Extracts from a bare text, as the body of a bulletin with no title (the
 * entry point of unit tests and fuzzing). */
int extract_text(const struct lexicon *lex, const char *text, size_t len,
		 struct fact_table *out, struct extract_stats *st);

#endif
