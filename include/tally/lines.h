/*
 * lines.h - reading text files line by line, plain or gzip, in bounded
 * memory.
 *
 * zlib reads gzip and plain files through one call (it tells them apart
 * by the magic bytes), so every reader of tally accepts both.  Lines are
 * handed out without their "\n" (and without a "\r" before it); a UTF-8
 * byte order mark at the start of the file is skipped.  A line longer
 * than max_line is not held: it is skipped and reported as too long, so
 * memory stays bounded whatever the input.
 */
#ifndef TALLY_LINES_H
#define TALLY_LINES_H

#include <stddef.h>
#include <stdint.h>

#include "tally/diag.h"

struct line_reader;

/* Opens path ("-" for stdin). */
int line_reader_open(struct line_reader **lr, const char *path,
		     size_t max_line, struct diag *d);

/*
 * Returns 1 with *line (NUL-terminated, writable, valid until the next
 * call) and *len, 0 at the end of input, 2 when the line was longer than
 * max_line (skipped; *len is its length), or -1 with d filled on a read
 * error (including a truncated or corrupt gzip stream).
 */
int line_reader_next(struct line_reader *lr, char **line, size_t *len,
		     struct diag *d);

/* The first byte that is not white space, without consuming it; -1 when
 * the input holds nothing else (or cannot be read, d filled). */
int line_reader_peek_nonspace(struct line_reader *lr, struct diag *d);

/* Byte-at-a-time access for parsers that are not line based: returns the
 * next byte (0-255), -1 at the end, -2 on a read error (d filled). */
int line_reader_getc(struct line_reader *lr, struct diag *d);

/* The 1-based number of the line last returned (or being read). */
long line_reader_lineno(const struct line_reader *lr);
/* Uncompressed bytes consumed so far. */
uint64_t line_reader_bytes(const struct line_reader *lr);
const char *line_reader_path(const struct line_reader *lr);

void line_reader_close(struct line_reader *lr);

#endif
