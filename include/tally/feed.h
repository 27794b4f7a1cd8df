/*
 * feed.h - plain-text feed digests to bulletins.
 *
 * A digest is a sequence of entries, each
 *
 *     TITLE LINE
 *     (blank)
 *     Source: NAME
 *     (blank)
 *     BODY PARAGRAPHS, separated by blank lines
 *
 * An entry ends where the next one's title begins (a non-blank line, a
 * blank line, then a "Source:" line).  For each entry feed_parse() makes
 * a bulletin:
 *   - source: NAME without a trailing parenthesised note
 *     ("Interpol (news and events)" -> "Interpol");
 *   - body: the paragraphs as written, joined by "\n\n";
 *   - published: the body's date line ("26 November 2024",
 *     "November 25, 2024") when the body opens with one, else the first
 *     full date in the first paragraph, else the caller's default date;
 *     without any, the entry is rejected (reason missing_field, field
 *     published);
 *   - dateline: a body that opens "CITY, Place – " (en or em dash), or
 *     "CITY, Place " in capitals without a dash, gives "CITY, Place";
 *   - id: "f-" and 16 hex digits of a hash of source, date and title, so
 *     that reruns give the same ids.
 * Entries are validated as ingest validates bulletins (UTF-8, non-empty
 * fields); every entry becomes a bulletin or a reject.
 */
#ifndef TALLY_FEED_H
#define TALLY_FEED_H

#include <stddef.h>

#include "tally/ingest.h"

struct feed_options {
	const char *default_date;	/* YYYY-MM-DD or NULL */
};

/*
 * Called once per entry with either b (a bulletin the callee may keep:
 * it takes ownership) or rj (a reject); returns 0 to go on, -1 to stop.
 */
typedef int (*feed_emit_fn)(void *ctx, struct bulletin *b,
			    const struct reject *rj);

/* Parses a digest held in memory (text need not be NUL-terminated);
 * returns 0, or -1 when emit stopped the parse. */
int feed_parse(const char *text, size_t len, const char *file,
	       const struct feed_options *opts, feed_emit_fn emit, void *ctx);

/* Reads a date written in words at s ("26 November 2024", "Nov. 25,
 * 2024") into out (YYYY-MM-DD); returns the bytes it spans, or 0. */
size_t feed_parse_date(const char *s, size_t len, char out[11]);

#endif
