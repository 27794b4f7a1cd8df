/* ingest.c - reading and validating corpora (see ingest.h). */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "tally/ingest.h"
#include "tally/lines.h"

static const char *const reason_names[REJECT__COUNT] = {
	[REJECT_MALFORMED_JSON] = "malformed_json",
	[REJECT_NOT_OBJECT] = "not_object",
	[REJECT_MISSING_FIELD] = "missing_field",
	[REJECT_WRONG_TYPE] = "wrong_type",
	[REJECT_EMPTY_FIELD] = "empty_field",
	[REJECT_BAD_DATE] = "bad_date",
	[REJECT_INVALID_UTF8] = "invalid_utf8",
	[REJECT_NUL_CHARACTER] = "nul_character",
	[REJECT_DUPLICATE_ID] = "duplicate_id",
	[REJECT_BODY_TOO_LARGE] = "body_too_large",
	[REJECT_LINE_TOO_LONG] = "line_too_long",
};

const char *reject_reason_name(enum reject_reason r)
{
	return r < REJECT__COUNT ? reason_names[r] : "unknown";
}

/* ---- the set of ids seen ---------------------------------------------- */

struct idset {
	uint64_t *slot;		/* 0 is an empty slot */
	size_t cap, n;
};

static uint64_t id_key(const char *id)
{
	uint64_t h = hash64(id, strlen(id));

	return h ? h : 1;
}

static size_t idset_find(const struct idset *s, uint64_t k)
{
	size_t i = (size_t)k & (s->cap - 1);

	while (s->slot[i] && s->slot[i] != k)
		i = (i + 1) & (s->cap - 1);
	return i;
}

static int idset_has(const struct idset *s, uint64_t k)
{
	return s->cap && s->slot[idset_find(s, k)] == k;
}

static void idset_add(struct idset *s, uint64_t k)
{
	if (2 * (s->n + 1) > s->cap) {
		struct idset big = { NULL, s->cap ? 2 * s->cap : 1024, 0 };

		big.slot = xcalloc(big.cap, sizeof(*big.slot));
		for (size_t i = 0; i < s->cap; i++)
			if (s->slot[i])
				big.slot[idset_find(&big, s->slot[i])] = s->slot[i];
		big.n = s->n;
		free(s->slot);
		*s = big;
	}
	size_t i = idset_find(s, k);

	if (!s->slot[i]) {
		s->slot[i] = k;
		s->n++;
	}
}

/* ---- bulletins -------------------------------------------------------- */

void bulletin_release(struct bulletin *b)
{
	if (!b)
		return;
	if (b->owner_) {
		json_decref(b->owner_);
	} else {
		free((char *)b->id);
		free((char *)b->source);
		free((char *)b->published);
		free((char *)b->title);
		free((char *)b->body);
		free((char *)b->dateline);
		free((char *)b->url);
		for (size_t i = 0; i < b->ntags; i++)
			free((char *)b->tags[i]);
	}
	free(b->tags);
	free(b->extra);
	memset(b, 0, sizeof(*b));
}

int date_valid(const char *s)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, m, d, leap;

	for (int i = 0; i < 10; i++) {
		if (i == 4 || i == 7) {
			if (s[i] != '-')
				return 0;
		} else if (s[i] < '0' || s[i] > '9') {
			return 0;
		}
	}
	if (s[10] != '\0')
		return 0;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	/* Years 1900-2099: a bulletin dated 8092 is a typo, and one such
	 * date would stretch every monthly series over 73,000 months. */
	if (y < 1900 || y > 2099 || m < 1 || m > 12 || d < 1)
		return 0;
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return d <= mdays[m - 1] + (m == 2 && leap);
}

static void add_json_string(struct strbuf *out, const char *key,
			    const char *v, size_t len)
{
	strbuf_addf(out, ",\"%s\":\"", key);
	strbuf_add_json_escaped(out, v, len);
	strbuf_addch(out, '"');
}

void bulletin_write_jsonl(const struct bulletin *b, struct strbuf *out)
{
	strbuf_addstr(out, "{\"id\":\"");
	strbuf_add_json_escaped(out, b->id, strlen(b->id));
	strbuf_addch(out, '"');
	add_json_string(out, "source", b->source, strlen(b->source));
	add_json_string(out, "published", b->published, strlen(b->published));
	add_json_string(out, "title", b->title, b->title_len);
	add_json_string(out, "body", b->body, b->body_len);
	if (b->dateline)
		add_json_string(out, "dateline", b->dateline, strlen(b->dateline));
	if (b->url)
		add_json_string(out, "url", b->url, strlen(b->url));
	if (b->tags) {
		strbuf_addstr(out, ",\"tags\":[");
		for (size_t i = 0; i < b->ntags; i++) {
			strbuf_addstr(out, i ? ",\"" : "\"");
			strbuf_add_json_escaped(out, b->tags[i], strlen(b->tags[i]));
			strbuf_addch(out, '"');
		}
		strbuf_addch(out, ']');
	}
	if (b->extra) {
		strbuf_addch(out, ',');
		strbuf_addstr(out, b->extra);
	}
	strbuf_addstr(out, "}\n");
}

void reject_write_jsonl(const struct reject *rj, struct strbuf *out)
{
	const struct diag *w = &rj->where;

	strbuf_addstr(out, "{\"file\":\"");
	strbuf_add_json_escaped(out, w->file, strlen(w->file));
	strbuf_addf(out, "\",\"line\":%ld,\"column\":%ld,\"id\":", w->line, w->col);
	if (rj->id[0]) {
		strbuf_addch(out, '"');
		strbuf_add_json_escaped(out, rj->id, strlen(rj->id));
		strbuf_addch(out, '"');
	} else {
		strbuf_addstr(out, "null");
	}
	strbuf_addf(out, ",\"reason\":\"%s\",\"field\":", reject_reason_name(rj->reason));
	if (w->field[0]) {
		strbuf_addch(out, '"');
		strbuf_add_json_escaped(out, w->field, strlen(w->field));
		strbuf_addch(out, '"');
	} else {
		strbuf_addstr(out, "null");
	}
	strbuf_addstr(out, ",\"message\":\"");
	strbuf_add_json_escaped(out, w->msg, strlen(w->msg));
	strbuf_addstr(out, "\"}\n");
}

/* ---- the reader ------------------------------------------------------- */

enum mode { MODE_NONE, MODE_LINES, MODE_ARRAY, MODE_DONE };

struct ingest {
	struct ingest_options opts;
	struct ingest_account acct;
	struct idset ids;
	struct line_reader *lr;
	enum mode mode;
	struct strbuf elem;	/* array mode: the element being read */
	int elem_over;		/* ... and it was too long to hold */
	long aline, acol;	/* array mode: position of the next byte */
};

struct ingest *ingest_new(const struct ingest_options *opts)
{
	struct ingest *in = xcalloc(1, sizeof(*in));

	if (opts)
		in->opts = *opts;
	if (!in->opts.max_body)
		in->opts.max_body = INGEST_DEFAULT_MAX_BODY;
	return in;
}

void ingest_free(struct ingest *in)
{
	if (!in)
		return;
	line_reader_close(in->lr);
	free(in->ids.slot);
	strbuf_release(&in->elem);
	free(in);
}

const struct ingest_account *ingest_account(const struct ingest *in)
{
	return &in->acct;
}

/* The longest record held in memory: a body of max_body bytes may take
 * six times as many once escaped as \uXXXX, plus the other members. */
static size_t max_record(const struct ingest *in)
{
	size_t m = in->opts.max_body;

	return m > (SIZE_MAX - (1u << 20)) / 6 ? SIZE_MAX / 2 : 6 * m + (1u << 20);
}

int ingest_open(struct ingest *in, const char *path, struct diag *d)
{
	line_reader_close(in->lr);
	in->lr = NULL;
	in->mode = MODE_NONE;
	if (line_reader_open(&in->lr, path, max_record(in), d) < 0)
		return -1;
	in->acct.files++;
	return 0;
}

static int reject(struct ingest *in, struct reject *rj, enum reject_reason r,
		  const char *file, long line, long col, const char *field,
		  const char *id, const char *msg)
{
	memset(rj, 0, sizeof(*rj));
	rj->reason = r;
	if (id)
		snprintf(rj->id, sizeof(rj->id), "%s", id);
	diag_set(&rj->where, file, line > 0 ? line : 1, col > 0 ? col : 1,
		 field, "%s", msg);
	in->acct.read++;
	in->acct.rejected++;
	in->acct.by_reason[r]++;
	return 2;
}

/* Column (1-based, in characters) of the value of member key in the raw
 * record, or 1 when it cannot be found. */
static long member_col(const char *text, size_t len, const char *key)
{
	size_t klen = strlen(key);

	for (const char *p = text; (p = memchr(p, '"', len - (size_t)(p - text)));
	     p++) {
		const char *q = p + 1 + klen;
		long col = 1;

		if ((size_t)(q - text) >= len || memcmp(p + 1, key, klen) ||
		    *q != '"' || (p > text && p[-1] == '\\'))
			continue;
		for (q++; (size_t)(q - text) < len && (*q == ' ' || *q == '\t'); q++)
			;
		if ((size_t)(q - text) >= len || *q != ':')
			continue;
		for (q++; (size_t)(q - text) < len && (*q == ' ' || *q == '\t'); q++)
			;
		for (const char *c = text; c < q; c++)
			col += ((unsigned char)*c & 0xc0) != 0x80;
		return col;
	}
	return 1;
}

struct member {
	const char *key;
	int required;
	json_type type;		/* JSON_STRING or JSON_ARRAY (of strings) */
};

static const struct member members[] = {
	{ "id", 1, JSON_STRING },
	{ "source", 1, JSON_STRING },
	{ "published", 1, JSON_STRING },
	{ "title", 1, JSON_STRING },
	{ "body", 1, JSON_STRING },
	{ "dateline", 0, JSON_STRING },
	{ "url", 0, JSON_STRING },
	{ "tags", 0, JSON_ARRAY },
};
#define NMEMBERS (sizeof(members) / sizeof(members[0]))

static const char *type_name(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: return "an object";
	case JSON_ARRAY: return "an array";
	case JSON_STRING: return "a string";
	case JSON_INTEGER: case JSON_REAL: return "a number";
	case JSON_TRUE: case JSON_FALSE: return "a boolean";
	default: return "null";
	}
}

/* The members of a record, in the order of members[] (NULL if absent). */
enum { M_ID, M_SOURCE, M_PUBLISHED, M_TITLE, M_BODY, M_DATELINE, M_URL, M_TAGS };

/* Checks the members of obj against the contract, keeping each in val[];
 * on failure fills *bad_key, *reason and msg. */
static int check_members(json_t *obj, json_t **val, const char **bad_key,
			 enum reject_reason *reason, char *msg, size_t msgsize)
{
	for (size_t i = 0; i < NMEMBERS; i++) {
		const struct member *m = &members[i];
		json_t *v = val[i] = json_object_get(obj, m->key);

		*bad_key = m->key;
		*reason = REJECT_WRONG_TYPE;
		if (!v) {
			if (!m->required)
				continue;
			*reason = REJECT_MISSING_FIELD;
			snprintf(msg, msgsize, "required member is missing");
			return -1;
		}
		if (json_typeof(v) != m->type) {
			snprintf(msg, msgsize, "expected %s, got %s",
				 m->type == JSON_STRING ? "a string" :
				 "an array of strings", type_name(v));
			return -1;
		}
		if (m->type == JSON_ARRAY) {
			size_t k;
			json_t *t;

			json_array_foreach(v, k, t) {
				if (!json_is_string(t)) {
					snprintf(msg, msgsize, "expected an array of "
						 "strings, item %zu is %s",
						 k + 1, type_name(t));
					return -1;
				}
			}
		}
	}
	*bad_key = NULL;
	return 0;
}

/* A string member, borrowed: it lives as long as its record. */
static const char *member(json_t *v, size_t *len)
{
	if (!v)
		return NULL;
	if (len)
		*len = json_string_length(v);
	return json_string_value(v);
}

static int is_known(const char *key)
{
	for (size_t i = 0; i < NMEMBERS; i++)
		if (!strcmp(members[i].key, key))
			return 1;
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The members outside the contract as compact JSON, sorted by key. */
static char *extra_members(json_t *obj)
{
	const char **keys = NULL;
	size_t n = 0, cap = 0;
	const char *key;
	json_t *v;
	struct strbuf sb = STRBUF_INIT;

	json_object_foreach(obj, key, v) {
		if (is_known(key))
			continue;
		xgrow((void **)&keys, &cap, n + 1, sizeof(*keys));
		keys[n++] = key;
	}
	if (!n)
		return NULL;
	xqsort(keys, n, sizeof(*keys), cmp_str);
	for (size_t i = 0; i < n; i++) {
		char *val = json_dumps(json_object_get(obj, keys[i]),
				       JSON_COMPACT | JSON_SORT_KEYS |
				       JSON_ENCODE_ANY);

		if (i)
			strbuf_addch(&sb, ',');
		strbuf_addch(&sb, '"');
		strbuf_add_json_escaped(&sb, keys[i], strlen(keys[i]));
		strbuf_addstr(&sb, "\":");
		strbuf_addstr(&sb, val ? val : "null");
		free(val);
	}
	free(keys);
	return sb.buf;
}

/* Fills b with strings borrowed from obj (its members val[]), which b
 * then owns. */
static void fill_bulletin(json_t *obj, json_t **val, struct bulletin *b,
			  long line)
{
	json_t *tags = val[M_TAGS];

	memset(b, 0, sizeof(*b));
	b->owner_ = obj;
	b->id = member(val[M_ID], NULL);
	b->source = member(val[M_SOURCE], NULL);
	b->published = member(val[M_PUBLISHED], NULL);
	b->title = member(val[M_TITLE], &b->title_len);
	b->body = member(val[M_BODY], &b->body_len);
	b->dateline = member(val[M_DATELINE], NULL);
	b->url = member(val[M_URL], NULL);
	if (tags) {
		b->ntags = json_array_size(tags);
		b->tags = xcalloc(b->ntags ? b->ntags : 1, sizeof(*b->tags));
		for (size_t i = 0; i < b->ntags; i++)
			b->tags[i] = json_string_value(json_array_get(tags, i));
	}
	if (json_object_size(obj) > (size_t)(5 + !!b->dateline + !!b->url + !!tags))
		b->extra = extra_members(obj);
	b->line = line;
}

static enum reject_reason parse_reason(const json_error_t *err)
{
	switch (json_error_code(err)) {
	case json_error_invalid_utf8: return REJECT_INVALID_UTF8;
	case json_error_null_character: return REJECT_NUL_CHARACTER;
	default: return REJECT_MALFORMED_JSON;
	}
}

int ingest_record(struct ingest *in, const char *file, long line, long col,
		  const char *text, size_t len, struct bulletin *b,
		  struct reject *rj)
{
	json_error_t err;
	json_t *obj, *val[NMEMBERS];
	const char *key, *id;
	enum reject_reason reason;
	char msg[160];
	int rc;

	obj = json_loadb(text, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &err);
	if (!obj) {
		long ecol = err.line > 1 ? err.column : col + (err.column > 0 ? err.column - 1 : 0);

		return reject(in, rj, parse_reason(&err), file,
			      line + (err.line > 1 ? err.line - 1 : 0),
			      ecol > 0 ? ecol : col, NULL, NULL, err.text);
	}
	if (!json_is_object(obj)) {
		snprintf(msg, sizeof(msg), "expected an object, got %s", type_name(obj));
		json_decref(obj);
		return reject(in, rj, REJECT_NOT_OBJECT, file, line, col, NULL,
			      NULL, msg);
	}
	id = json_string_value(json_object_get(obj, "id"));
	if (check_members(obj, val, &key, &reason, msg, sizeof(msg)) < 0)
		goto bad;
	reason = REJECT_EMPTY_FIELD;
	snprintf(msg, sizeof(msg), "must not be empty");
	if (!*(key = "id") || !*json_string_value(val[M_ID]))
		goto bad;
	key = "source";
	if (!*json_string_value(val[M_SOURCE]))
		goto bad;
	key = "published";
	reason = REJECT_BAD_DATE;
	if (!date_valid(json_string_value(val[M_PUBLISHED]))) {
		snprintf(msg, sizeof(msg), "expected a real date YYYY-MM-DD in 1900-2099, got "
			 "\"%.40s\"", json_string_value(val[M_PUBLISHED]));
		goto bad;
	}
	key = "body";
	if (json_string_length(val[M_BODY]) > in->opts.max_body) {
		reason = REJECT_BODY_TOO_LARGE;
		snprintf(msg, sizeof(msg), "%zu bytes, more than --max-body %zu",
			 json_string_length(val[M_BODY]), in->opts.max_body);
		goto bad;
	}
	key = "id";
	if (idset_has(&in->ids, id_key(id))) {
		reason = REJECT_DUPLICATE_ID;
		snprintf(msg, sizeof(msg), "id \"%.100s\" was already accepted", id);
		goto bad;
	}
	idset_add(&in->ids, id_key(id));
	fill_bulletin(obj, val, b, line);
	in->acct.read++;
	in->acct.accepted++;
	return 1;
bad:
	rc = reject(in, rj, reason, file, line,
		    col + member_col(text, len, key) - 1, key,
		    id && reason != REJECT_MISSING_FIELD ? id : NULL, msg);
	if (id)
		snprintf(rj->id, sizeof(rj->id), "%s", id);
	json_decref(obj);
	return rc;
}

/* ---- JSON Lines ---------------------------------------------------------- */

static int next_line(struct ingest *in, struct bulletin *b, struct reject *rj,
		     struct diag *d)
{
	const char *file = line_reader_path(in->lr);
	char *line, msg[96];
	size_t len;

	for (;;) {
		int rc = line_reader_next(in->lr, &line, &len, d);

		if (rc <= 0)
			return rc;
		if (rc == 2) {
			snprintf(msg, sizeof(msg), "record of %zu bytes is too "
				 "long to read (limit %zu, from --max-body)",
				 len, max_record(in));
			return reject(in, rj, REJECT_LINE_TOO_LONG, file,
				      line_reader_lineno(in->lr), 1, NULL, NULL, msg);
		}
		if (len == strspn(line, " \t\r")) {
			in->acct.blank++;
			continue;
		}
		return ingest_record(in, file, line_reader_lineno(in->lr), 1,
				     line, len, b, rj);
	}
}

/* ---- JSON arrays ------------------------------------------------------ */

/*
 * A JSON array is split into its elements by a small scanner that knows
 * strings and nesting, so that each element is parsed (and rejected) on
 * its own and memory holds one element at a time.
 */
static int getc_pos(struct ingest *in, struct diag *d)
{
	int c = line_reader_getc(in->lr, d);

	if (c == '\n') {
		in->aline++;
		in->acol = 1;
	} else if (c >= 0 && (c & 0xc0) != 0x80) {
		in->acol++;
	}
	return c;
}

static int skip_space(struct ingest *in, struct diag *d)
{
	int c;

	do
		c = getc_pos(in, d);
	while (c == ' ' || c == '\t' || c == '\r' || c == '\n');
	return c;
}

/* Reads one element starting with byte c into in->elem (setting
 * in->elem_over when it is too long to hold); returns the byte after it
 * (a ',' or ']' once white space is skipped), -1 at the end, -2 on a
 * read error. */
static int read_element(struct ingest *in, int c, struct diag *d)
{
	int depth = 0, instr = 0, esc = 0;
	size_t seen = 0;

	strbuf_reset(&in->elem);
	in->elem_over = 0;
	for (;; c = getc_pos(in, d)) {
		if (c < 0)
			return c;
		if (!instr && depth == 0 && (c == ',' || c == ']' || c == ' ' ||
					     c == '\n' || c == '\t' || c == '\r') &&
		    seen > 0)
			break;
		seen++;
		if (in->elem.len < max_record(in))
			strbuf_addch(&in->elem, c);
		else
			in->elem_over = 1;
		if (instr) {
			if (esc)
				esc = 0;
			else if (c == '\\')
				esc = 1;
			else if (c == '"')
				instr = 0;
		} else if (c == '"') {
			instr = 1;
		} else if (c == '{' || c == '[') {
			depth++;
		} else if (c == '}' || c == ']') {
			if (--depth <= 0) {
				c = getc_pos(in, d);
				break;
			}
		}
	}
	if (c == ' ' || c == '\n' || c == '\t' || c == '\r')
		c = skip_space(in, d);
	return c;
}

static int next_element(struct ingest *in, struct bulletin *b,
			struct reject *rj, struct diag *d)
{
	const char *file = line_reader_path(in->lr);
	long line, col;
	int c, rc;

	c = skip_space(in, d);
	if (c == -2)
		return -1;
	if (c == ']' || c == -1) {
		in->mode = MODE_DONE;
		if (c == ']' && (c = skip_space(in, d)) >= 0)
			return reject(in, rj, REJECT_MALFORMED_JSON, file,
				      in->aline, in->acol - 1, NULL, NULL,
				      "bytes after the end of the array");
		if (c == -2)
			return -1;
		return 0;
	}
	line = in->aline;
	col = in->acol - 1;
	c = read_element(in, c, d);
	if (c == -2)
		return -1;
	if (in->elem_over)
		rc = reject(in, rj, REJECT_LINE_TOO_LONG, file, line, col,
			    NULL, NULL, "array element too long to read "
			    "(limit from --max-body)");
	else
		rc = ingest_record(in, file, line, col, in->elem.buf,
				   in->elem.len, b, rj);
	if (c == ',')
		return rc;
	in->mode = MODE_DONE;
	if (c == ']' || c == -1) {
		if (c == -1 && rc == 1) {
			/* The bulletin stands, but the file is cut short. */
			bulletin_release(b);
			in->acct.accepted--;
			in->acct.read--;
			return reject(in, rj, REJECT_MALFORMED_JSON, file,
				      in->aline, in->acol, NULL, NULL,
				      "end of file inside the array (no ']')");
		}
		return rc;
	}
	if (rc == 1) {
		bulletin_release(b);
		in->acct.accepted--;
		in->acct.read--;
	}
	return reject(in, rj, REJECT_MALFORMED_JSON, file, in->aline,
		      in->acol - 1, NULL, NULL, "expected ',' or ']' after an "
		      "array element; rest of the array skipped");
}

int ingest_next(struct ingest *in, struct bulletin *b, struct reject *rj,
		struct diag *d)
{
	int rc, c;

	if (!in->lr)
		return 0;
	if (in->mode == MODE_NONE) {
		c = line_reader_peek_nonspace(in->lr, d);
		if (c == -1 && d->set)
			return -1;
		if (c == '[') {
			in->mode = MODE_ARRAY;
			in->aline = line_reader_lineno(in->lr) + 1;
			in->acol = 1;
			line_reader_getc(in->lr, d);
			in->acol = 2;
		} else {
			in->mode = MODE_LINES;
		}
	}
	if (in->mode == MODE_LINES)
		rc = next_line(in, b, rj, d);
	else if (in->mode == MODE_ARRAY)
		rc = next_element(in, b, rj, d);
	else
		rc = 0;
	if (rc == 0 || rc < 0) {
		if (rc == 0)
			in->acct.bytes += line_reader_bytes(in->lr);
		line_reader_close(in->lr);
		in->lr = NULL;
	}
	return rc;
}
