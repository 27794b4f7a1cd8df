/*
 * diag.h - where an error is and what it is.
 *
 * Every fallible function of tally returns 0 on success or -1 on failure
 * and fills a caller-owned struct diag.  The first error wins: diag_set()
 * on a diag that already holds an error does nothing, and success leaves
 * the diag untouched, so calls can be chained and the caller reports the
 * root cause.  Only the CLI prints a diag, as
 *
 *     bulletins.jsonl:41:17: field 'published': expected YYYY-MM-DD
 *
 * Fields that are unknown stay empty (file "", line 0, col 0, field "").
 */
#ifndef TALLY_DIAG_H
#define TALLY_DIAG_H

#include <stddef.h>

struct diag {
	char file[256];
	long line;
	long col;
	char field[32];
	char msg[200];
	int set;		/* 1 once an error has been recorded */
};

/* Empties d so that it can record a new error. */
void diag_clear(struct diag *d);

/* Records an error in d unless d already holds one; returns -1 so that
 * callers can write `return diag_set(d, ...)`. */
int diag_set(struct diag *d, const char *file, long line, long col,
	     const char *field, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

/* Sets the position of an error that was recorded without one (for
 * callers that know the file and line a lower layer did not). */
void diag_locate(struct diag *d, const char *file, long line, long col);

/* Writes d as "file:line:col: field 'f': msg" into buf (always
 * NUL-terminated) and returns buf. */
char *diag_format(const struct diag *d, char *buf, size_t size);

#endif
