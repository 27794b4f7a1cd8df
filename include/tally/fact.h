/*
 * fact.h - the facts table: one numeric statement per row.
 *
 * The columns are those of the fact model (fact-model.md), in its order,
 * followed by tally's own extra columns:
 *
 *   bulletin_id source published category value unit qualifier item place
 *   scope text start end field sentence | note title url
 *
 * `note` holds what an analyst should know about the figure (a bracketed
 * conversion such as "($48.5 billion)"), `title` and `url` the bulletin's,
 * so that a report can cite a figure without the bulletins at hand.
 *
 * Tables are written as TSV with a header row or as JSON Lines.  In TSV a
 * field never contains a raw tab or newline: backslash, tab, newline and
 * carriage return are written as \\ \t \n \r and read back the same way.
 *
 * Ownership: a struct fact only points at strings; a struct fact_table
 * owns copies of all of them in its arena, freed by fact_table_release().
 */
#ifndef TALLY_FACT_H
#define TALLY_FACT_H

#include <stddef.h>
#include <stdio.h>

#include "tally/diag.h"
#include "tally/util.h"

enum qualifier { QUAL_EXACT, QUAL_AT_LEAST, QUAL_AT_MOST, QUAL_APPROX };
enum scope { SCOPE_TOTAL, SCOPE_PART, SCOPE_CONTEXT };
enum fact_field { FIELD_TITLE, FIELD_BODY };

struct fact {
	const char *bulletin_id;
	const char *source;
	const char *published;	/* YYYY-MM-DD */
	const char *category;	/* arrests, victims, ... or a lexicon's own */
	double value;
	const char *unit;	/* count, percent, ISO 4217, kg, t, year, ... */
	enum qualifier qualifier;
	const char *item;	/* "" where none */
	const char *place;	/* "" where none */
	enum scope scope;
	const char *text;	/* the numeric expression as written */
	long start, end;	/* byte offsets of text in field */
	enum fact_field field;
	const char *sentence;
	const char *note;	/* "" where none */
	const char *title;	/* the bulletin's title */
	const char *url;	/* the bulletin's url, "" where none */
};

struct fact_table {
	struct fact *v;
	size_t n, cap;
	struct arena strings;
};

#define FACT_TABLE_INIT { NULL, 0, 0, ARENA_INIT }

/* Appends a copy of f (strings copied into the table's arena); returns
 * the stored fact.  NULL string members are stored as "". */
struct fact *fact_table_add(struct fact_table *t, const struct fact *f);
void fact_table_release(struct fact_table *t);

const char *qualifier_name(enum qualifier q);
const char *scope_name(enum scope s);
const char *fact_field_name(enum fact_field f);
/* Parse a name back; return -1 when name is not one of the enum's. */
int qualifier_parse(const char *name);
int scope_parse(const char *name);
int fact_field_parse(const char *name);

enum fact_format { FACT_TSV, FACT_JSONL };

/* The TSV header line, with its newline. */
void fact_write_header(struct strbuf *out, enum fact_format fmt);
/* Appends one row (TSV line or JSON line) with its newline. */
void fact_write(struct strbuf *out, const struct fact *f, enum fact_format fmt);

/*
 * A writer of rows for runs of facts of one bulletin: the cells every fact
 * of a bulletin shares (bulletin_id, source, published, title, url) are
 * escaped once, at its first row, and copied into the others; the bytes
 * are fact_write()'s, in either format.  Call fact_writer_bulletin()
 * before the rows of each new bulletin.
 */
struct fact_writer {
	enum fact_format fmt;
	struct strbuf head, tail;	/* the bulletin's cells, escaped */
	int ready;			/* head and tail are the bulletin's */
};

void fact_writer_init(struct fact_writer *w, enum fact_format fmt);
void fact_writer_release(struct fact_writer *w);
void fact_writer_bulletin(struct fact_writer *w);
void fact_writer_write(struct fact_writer *w, struct strbuf *out,
		       const struct fact *f);

/*
 * Streaming reader of a facts table (TSV with header, or JSON Lines; told
 * apart by the first byte; plain or gzip; "-" for stdin).  Rows that do
 * not fit the schema are reported one by one with file:line and the
 * column at fault, and reading goes on.
 */
struct fact_reader;

int fact_reader_open(struct fact_reader **r, const char *path,
		     struct diag *d);

/*
 * The columns a caller reads, as FACT_COL_* bits (the order of the
 * columns above).  By default a reader decodes them all.  A column left
 * out of fact_reader_set_columns() is not unescaped or parsed: its string
 * comes back as "" (start and end as 0), which saves the work of long
 * cells such as sentence and title.  Rows are checked the same whatever
 * the mask: bulletin_id, source, published, category, value, unit,
 * qualifier, scope and field are always read, so a row is good or bad
 * (and reported) regardless of which columns were asked for.
 */
enum {
	FACT_COL_BULLETIN_ID = 1u << 0, FACT_COL_SOURCE = 1u << 1,
	FACT_COL_PUBLISHED = 1u << 2, FACT_COL_CATEGORY = 1u << 3,
	FACT_COL_VALUE = 1u << 4, FACT_COL_UNIT = 1u << 5,
	FACT_COL_QUALIFIER = 1u << 6, FACT_COL_ITEM = 1u << 7,
	FACT_COL_PLACE = 1u << 8, FACT_COL_SCOPE = 1u << 9,
	FACT_COL_TEXT = 1u << 10, FACT_COL_START = 1u << 11,
	FACT_COL_END = 1u << 12, FACT_COL_FIELD = 1u << 13,
	FACT_COL_SENTENCE = 1u << 14, FACT_COL_NOTE = 1u << 15,
	FACT_COL_TITLE = 1u << 16, FACT_COL_URL = 1u << 17
};
#define FACT_COLS_ALL ((1u << 18) - 1)

/* Decodes only the columns in cols (plus those every row is checked
 * on); call before the first fact_reader_next(). */
void fact_reader_set_columns(struct fact_reader *r, unsigned cols);
/*
 * Reads the next row into *f, whose strings stay valid until the next
 * call.  Returns 1 for a row, 0 at the end, 2 for a bad row (d says
 * where and why; reading may go on), -1 when the file cannot be read.
 */
int fact_reader_next(struct fact_reader *r, struct fact *f, struct diag *d);
void fact_reader_close(struct fact_reader *r);
/* The 1-based line of the row last read. */
long fact_reader_lineno(const struct fact_reader *r);

/* Parses one row from memory (the fuzzing and unit-test entry point);
 * returns 1 or 2 as fact_reader_next(). */
int fact_parse_row(struct fact_reader *r, char *line, size_t len,
		   struct fact *f, struct diag *d);

#endif
