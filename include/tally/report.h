/*
 * report.h - the monthly briefing: a document model and its writers.
 *
 * A briefing is built once, as a struct report_doc, and then written in
 * four forms that say the same thing:
 *
 *     aggregates + facts + accounts --report_build()--> report_doc
 *     report_doc --report_write_md()-->   report.md    (charts beside it)
 *     report_doc --report_write_html()--> report.html  (self-contained)
 *     report_doc --report_write_pdf()-->  report.pdf   (A4, cairo+pango)
 *     report_doc --report_write_json()--> report.json  (for machines)
 *
 * The document is plain data: sections of blocks (paragraphs, headings,
 * bullet lists, tables, headline figures, charts).  Every string in it is
 * final display text: numbers are formatted once, by report_build()
 * through numfmt.h, and the writers only escape and lay out.  So the
 * three human forms cannot disagree about a number, and the writers are
 * tested on hand-made documents.  Raw values travel beside the text in
 * struct report_number, for report.json and the tests that recompute
 * them from the facts.
 *
 * Charts: a chart block names its file stem under charts/ (what it
 * shows: "arrests-by-month"), and carries its SVG text (inlined by the
 * HTML writer) and an opaque spec that doc->draw_chart paints on a cairo
 * context (the PDF writer places charts as vectors).  The Markdown writer
 * only links charts/NAME.svg.
 *
 * Ownership: a document owns every string and array it points to (its
 * arena and its own allocations); report_doc_release() frees them, and
 * calls doc->chart_free on each chart's spec.  The builder functions copy
 * their string arguments.
 *
 * Determinism: no clocks, no locale, no addresses.  The PDF's creation
 * date is SOURCE_DATE_EPOCH when set, else the last day of the report's
 * month; the same document gives the same bytes in every writer.
 *
 * Errors: only the PDF writer and report_build() can fail (a library
 * error); they return -1 and fill the caller's diag.  Nothing here prints
 * or touches a file.
 */
#ifndef TALLY_REPORT_H
#define TALLY_REPORT_H

#include <stddef.h>

#include "tally/diag.h"
#include "tally/ingest.h"
#include "tally/util.h"

/* ---- the document ----------------------------------------------------- */

enum report_align { REPORT_LEFT, REPORT_RIGHT };

/* A table cell: text, and an optional second line in small type.  href
 * links the second line when there is one, else the text. */
struct report_cell {
	const char *text;
	const char *sub;	/* NULL: none */
	const char *href;	/* NULL: no link */
};

struct report_table {
	const char *caption;	/* above the table, or NULL */
	const char *note;	/* below it in small type, or NULL */
	size_t ncols, nrows, caprows;
	const char **head;	/* ncols column names */
	enum report_align *align;	/* ncols */
	double *weight;		/* ncols relative widths (PDF, HTML) */
	struct report_cell *cells;	/* nrows * ncols, row by row */
};

/* One headline figure: a card in HTML, a row elsewhere. */
struct report_headline {
	const char *key;	/* machine name: "arrests" */
	const char *label;	/* "Arrests" */
	const char *value;	/* "1,234", "USD 193m", or "none reported" */
	const char *change;	/* "+12% on Oct 2024 (1,100)", or "" */
	const char *trend;	/* "rising, +35 a month over 12 months", or "" */
	const char *basis;	/* "9 figures in 7 bulletins", or "" */
	int direction;		/* sign of the change: -1, 0, +1 */
};

struct report_chart {
	const char *name;	/* file stem under charts/, [a-z0-9-] */
	const char *title;
	const char *alt;	/* text alternative: what the chart shows */
	double width, height;	/* pt */
	char *svg;		/* the SVG document (malloc'd), or NULL */
	size_t svg_len;
	void *spec;		/* for doc->draw_chart, owned via chart_free */
};

enum report_block_kind {
	REPORT_PARA,		/* text */
	REPORT_HEADING,		/* text: a sub-heading inside a section */
	REPORT_LIST,		/* items */
	REPORT_TABLE,		/* table */
	REPORT_HEADLINES,	/* heads */
	REPORT_CHART		/* chart */
};

struct report_block {
	enum report_block_kind kind;
	const char *text;
	const char **items;
	size_t nitems, capitems;
	struct report_table *table;
	struct report_headline *heads;
	size_t nheads, capheads;
	struct report_chart *chart;
};

struct report_section {
	const char *id;		/* anchor and machine name: "headlines" */
	const char *title;
	struct report_block *blocks;
	size_t nblocks, cap;
};

/* A raw figure behind the text, for report.json and its tests. */
struct report_number {
	const char *key;	/* "arrests", "seized:cocaine:kg", ... */
	const char *unit;	/* "count", "USD", "percent", "kg" */
	double value;		/* NAN: none this month */
	double low, high;	/* the qualifiers' margin */
	double previous;	/* the month before; NAN: none */
	double change_pct;	/* NAN: undefined */
	double trend_slope;	/* per month; NAN: no trend */
	int trend_flagged;	/* the 95 % interval excludes 0 */
	long figures, bulletins;
};

struct report_doc;

/* Paints chart c on cr (a cairo_t) in a box of c->width x c->height pt
 * with its origin at the current point's (0,0); 0 or -1 (d). */
typedef int (*report_draw_fn)(const struct report_chart *c, void *cr,
			      struct diag *d);

struct report_doc {
	const char *month;	/* YYYY-MM, or "" for an index */
	const char *title;
	const char *subtitle;	/* or NULL */
	const char *date;	/* YYYY-MM-DD: the PDF date without
				 * SOURCE_DATE_EPOCH */
	const char *footer;	/* the running footer of PDF pages */
	struct report_section *sections;
	size_t nsections, cap;
	struct report_number *numbers;
	size_t nnumbers, capnumbers;
	report_draw_fn draw_chart;	/* NULL: charts left out of the PDF */
	void (*chart_free)(void *spec);	/* NULL: specs not freed */
	struct arena strings;
};

void report_doc_init(struct report_doc *doc);
void report_doc_release(struct report_doc *doc);

/* Copies s into the document's arena ("" for NULL). */
const char *report_str(struct report_doc *doc, const char *s);
const char *report_strf(struct report_doc *doc, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

void report_set_title(struct report_doc *doc, const char *title,
		      const char *subtitle);

struct report_section *report_section_add(struct report_doc *doc,
					  const char *id, const char *title);
/* The section with id, or NULL. */
struct report_section *report_section_find(const struct report_doc *doc,
					   const char *id);

void report_para(struct report_doc *doc, struct report_section *s,
		 const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void report_heading(struct report_doc *doc, struct report_section *s,
		    const char *text);
/* Starts a bullet list; report_item() appends to the last block of s,
 * which must be a list. */
void report_list(struct report_doc *doc, struct report_section *s);
void report_item(struct report_doc *doc, struct report_section *s,
		 const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Adds an empty table of ncols columns (all left-aligned, weight 1). */
struct report_table *report_table_add(struct report_doc *doc,
				      struct report_section *s, size_t ncols,
				      const char *caption);
void report_table_col(struct report_doc *doc, struct report_table *t,
		      size_t col, const char *head, enum report_align align,
		      double weight);
/* Appends an empty row (every cell ""); returns its index. */
size_t report_table_row(struct report_table *t);
void report_table_set(struct report_doc *doc, struct report_table *t,
		      size_t row, size_t col, const char *text,
		      const char *sub, const char *href);
void report_table_setf(struct report_doc *doc, struct report_table *t,
		       size_t row, size_t col, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* Starts a block of headline figures; report_headline_add() appends to
 * it (the last block of s) and returns the new entry, strings "". */
void report_headlines(struct report_doc *doc, struct report_section *s);
struct report_headline *report_headline_add(struct report_doc *doc,
					    struct report_section *s,
					    const char *key,
					    const char *label);

struct report_chart *report_chart_add(struct report_doc *doc,
				      struct report_section *s,
				      const char *name, const char *title,
				      const char *alt, double width,
				      double height);

/* Appends a raw number (key copied); fields NAN/0 until set. */
struct report_number *report_number_add(struct report_doc *doc,
					const char *key, const char *unit);
const struct report_number *report_number_find(const struct report_doc *doc,
					       const char *key);

/* ---- the writers ------------------------------------------------------ */

/* Markdown (GitHub-flavoured tables); charts as ![alt](charts/NAME.svg). */
void report_write_md(const struct report_doc *doc, struct strbuf *out);

/* One self-contained HTML page: CSS inline, charts as inline SVG (their
 * ids prefixed per chart so that several can share a page), no script,
 * no external resource; prints on A4. */
void report_write_html(const struct report_doc *doc, struct strbuf *out);

/* The document and its raw numbers as one JSON object. */
void report_write_json(const struct report_doc *doc, struct strbuf *out);

/* A4 PDF through cairo and pango, fonts embedded, appended to out. */
int report_write_pdf(const struct report_doc *doc, struct strbuf *out,
		     struct diag *d);

/* ---- building --------------------------------------------------------- */

struct aggregate_table;
struct fact;

/* Accepted bulletins of one month (by publication date). */
struct report_month_count {
	char month[8];
	long bulletins;
	long with_facts;	/* those that gave at least one fact */
};

/*
 * What the run knew before the facts: the ingest account (bulletins read,
 * accepted, rejected by reason), the extraction account, and bulletins by
 * month.  `tally run` fills it as it goes and writes it as accounts.json;
 * `tally report` reads that file (--accounts) or counts a rejects file
 * (--rejects).  Unknown parts are flagged as such, and the report says
 * so rather than print zeros.
 */
struct report_accounts {
	int have_ingest;	/* 0 unknown, 1 the full account, 2 only the
				 * rejects (read and accepted unknown) */
	struct ingest_account ingest;
	int have_extract;
	long ex_bulletins, ex_facts, ex_unreadable, ex_repeats;
	struct report_month_count *months;	/* sorted by month */
	size_t nmonths, capmonths;
};

void report_accounts_init(struct report_accounts *a);
void report_accounts_release(struct report_accounts *a);
/* Counts one accepted bulletin published on date (YYYY-MM-DD) that gave
 * nfacts facts. */
void report_accounts_add_bulletin(struct report_accounts *a,
				  const char *date, long nfacts);
/* Sets the counts of month (YYYY-MM) outright (reading accounts.json). */
void report_accounts_set_month(struct report_accounts *a, const char *month,
			       long bulletins, long with_facts);
const struct report_month_count *
report_accounts_month(const struct report_accounts *a, const char *month);
/* accounts.json: {"format":"tally-accounts","version":1,"ingest":...,
 * "extract":...,"months":[...]} (schemas/accounts.schema.json). */
void report_accounts_write_json(const struct report_accounts *a,
				struct strbuf *out);

/*
 * What report_build() needs, prepared once for any number of months: the
 * aggregate table, the accounts, the breakdowns by source, by place and
 * by seized item that the facts give under the aggregation's own rule
 * and the table's options (rates are those the table used), and, of
 * each month's facts, the ten largest figures that enter the totals and
 * the facts per source and bulletin.  The facts themselves are not
 * kept: they stream in, in the order of the facts table (a bulletin's
 * facts together), and memory follows the months and the breakdowns'
 * groups, not the facts.  A briefing of month M wants the facts of M and
 * of the two months before it (the duplicate window of its tables, and
 * the previous month's figures); the caller picks them.
 *
 *     rd = report_data_begin(t, acct);
 *     report_data_add(rd, f) for each fact;
 *     report_data_end(rd, d) once (0, or -1 and d set: free rd);
 *
 * report_data_new() does the same with facts held in memory.  The data
 * borrows t and acct: they must outlive it; it copies what it keeps of
 * a fact.
 */
struct report_data;

struct report_data *report_data_begin(const struct aggregate_table *t,
				      const struct report_accounts *acct);
void report_data_add(struct report_data *rd, const struct fact *f);
int report_data_end(struct report_data *rd, struct diag *d);

int report_data_new(struct report_data **out, const struct aggregate_table *t,
		    const struct fact *facts, size_t nfacts,
		    const struct report_accounts *acct, struct diag *d);
void report_data_free(struct report_data *rd);

/*
 * Builds the briefing of month (YYYY-MM) into doc (initialised by the
 * caller): headline figures, charts, tables by category, the ten largest
 * figures, data quality and method.  A month with no bulletins gives a
 * short document that says so.  Fails only on a library error.
 */
int report_build(const struct report_data *rd, const char *month,
		 struct report_doc *doc, struct diag *d);

/* Builds the index page of several monthly briefings: one row a month,
 * linking MONTH/report.html, .pdf and .md, with its headline figures. */
void report_build_index(const struct report_data *rd,
			const char *const *months, size_t nmonths,
			struct report_doc *doc);

/* The months of the table that have bulletins, newest last. */
size_t report_months(const struct report_data *rd, const char ***months);

/* Renders chart c of a built document as SVG (0), PDF (1) or PNG (2)
 * through write (chart.h's chart_write_fn); 0 or -1 (d). */
int report_chart_render(const struct report_chart *c, int format,
			int (*write)(void *ctx, const void *data, size_t len),
			void *ctx, struct diag *d);

/* ---- fixed text ------------------------------------------------------- */

/* The house style sheet (reports/style.css), embedded at build time. */
const char *report_css(void);
/* The method section's prose (reports/method.md), embedded at build
 * time: paragraphs separated by blank lines, "- " list items, "## "
 * sub-headings, and {{name}} placeholders. */
const char *report_method_text(void);

/*
 * Adds the prose of text (the format of report_method_text()) to s,
 * replacing each {{name}} by the value of the pair (names[i], values[i]);
 * an unknown name is kept as written.
 */
void report_add_prose(struct report_doc *doc, struct report_section *s,
		      const char *text, const char *const *names,
		      const char *const *values, size_t nvars);

#endif
