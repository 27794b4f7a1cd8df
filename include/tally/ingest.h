/*
 * ingest.h - bulletins: reading corpora and validating them.
 *
 * A corpus file holds bulletins as JSON Lines or as one JSON array, plain
 * or gzip-compressed (told apart by their first bytes, never by the name;
 * "-" is stdin).  struct ingest reads any number of such files one after
 * another and hands out each record either as a valid struct bulletin or
 * as a struct reject that says where (file, line, column, field) and why.
 * Every record read is one or the other: the account always satisfies
 * read == accepted + rejected.
 *
 * Memory does not grow with the size of a corpus: records are read one at
 * a time through a bounded buffer (a line longer than the limit derived
 * from max_body is skipped and rejected without being held), and the only
 * state kept across records is a set of 64-bit hashes of the ids seen, to
 * reject duplicates (8 bytes per bulletin; a false duplicate needs a
 * 64-bit hash collision, odds below 1e-7 for ten million ids).
 *
 * Ownership: a struct bulletin filled by ingest_next() owns its strings;
 * the caller releases it with bulletin_release().  No json_t ever leaves
 * this module.
 */
#ifndef TALLY_INGEST_H
#define TALLY_INGEST_H

#include <stddef.h>
#include <stdint.h>

#include "tally/diag.h"
#include "tally/util.h"

/*
 * One normalised bulletin (the input contract of fact-model.md).  The
 * strings are NUL-terminated UTF-8 and belong to the bulletin until
 * bulletin_release().
 */
struct bulletin {
	const char *id;
	const char *source;
	const char *published;	/* YYYY-MM-DD, a real calendar date */
	const char *title;
	const char *body;	/* paragraphs separated by "\n\n" */
	size_t title_len;
	size_t body_len;
	const char *dateline;	/* NULL when absent */
	const char *url;	/* NULL when absent */
	const char **tags;
	size_t ntags;
	char *extra;		/* other members, compact JSON "k":v,... or NULL */
	long line;		/* line of the input where the record starts */
	void *owner_;		/* private: the parsed record the strings live
				 * in, or NULL when each is its own malloc */
};

void bulletin_release(struct bulletin *b);

/* Appends b as one canonical JSON line (contract order, then any other
 * members sorted by key; compact; UTF-8 kept) with its newline. */
void bulletin_write_jsonl(const struct bulletin *b, struct strbuf *out);

/* Returns 1 when s is a real YYYY-MM-DD calendar date (1000-9999). */
int date_valid(const char *s);

enum reject_reason {
	REJECT_MALFORMED_JSON,	/* not parseable JSON, or trailing bytes */
	REJECT_NOT_OBJECT,	/* JSON, but not an object */
	REJECT_MISSING_FIELD,	/* a required member is absent */
	REJECT_WRONG_TYPE,	/* a member has the wrong JSON type */
	REJECT_EMPTY_FIELD,	/* id or source is the empty string */
	REJECT_BAD_DATE,	/* published is not a real YYYY-MM-DD date */
	REJECT_INVALID_UTF8,	/* bytes that are not UTF-8 */
	REJECT_NUL_CHARACTER,	/* a \u0000 inside a string */
	REJECT_DUPLICATE_ID,	/* an id already accepted earlier */
	REJECT_BODY_TOO_LARGE,	/* body longer than max_body bytes */
	REJECT_LINE_TOO_LONG,	/* record too long to hold at all */
	REJECT__COUNT
};

/* The reason's name as it appears in rejects files ("bad_date"). */
const char *reject_reason_name(enum reject_reason r);

struct reject {
	enum reject_reason reason;
	char id[128];		/* the record's id when it had one, else "" */
	struct diag where;	/* file, line, column, field and message */
};

/* Appends rj as one JSON line {file,line,column,id,reason,field,message}. */
void reject_write_jsonl(const struct reject *rj, struct strbuf *out);

struct ingest_options {
	size_t max_body;	/* bytes; 0 means the default, 1 MiB */
};

#define INGEST_DEFAULT_MAX_BODY ((size_t)1 << 20)

struct ingest_account {
	long files;
	long read;		/* records: accepted + rejected */
	long accepted;
	long rejected;
	long by_reason[REJECT__COUNT];
	long blank;		/* blank lines skipped (not records) */
	uint64_t bytes;		/* uncompressed bytes read */
};

struct ingest;

struct ingest *ingest_new(const struct ingest_options *opts);
void ingest_free(struct ingest *in);

/* Opens path ("-" for stdin) as the current corpus file. */
int ingest_open(struct ingest *in, const char *path, struct diag *d);

/*
 * Reads the next record of the current file.  Returns 1 with *b filled
 * (valid bulletin), 2 with *rj filled (rejected record), 0 at the end of
 * the file (which is then closed), or -1 with d filled when the file
 * cannot be read (I/O error, corrupt or truncated gzip).
 */
int ingest_next(struct ingest *in, struct bulletin *b, struct reject *rj,
		struct diag *d);

/*
 * Validates one record held in memory, as ingest_next() does for each
 * line: returns 1 with *b filled or 2 with *rj filled.  Ids accepted here
 * join the duplicate set.  (The entry point for fuzzing and unit tests.)
 */
int ingest_record(struct ingest *in, const char *file, long line,
		  long col, const char *text, size_t len,
		  struct bulletin *b, struct reject *rj);

const struct ingest_account *ingest_account(const struct ingest *in);

#endif
