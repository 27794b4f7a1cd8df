/* test_ingest.c - validating bulletins: every reject reason, JSON Lines
 * and arrays, gzip, BOM, CRLF, blank lines, limits, the account. */
#include <stdlib.h>
#include <unistd.h>
#include <zlib.h>

#include "tally/ingest.h"
#include "testhelp.h"

#define GOOD(id) "{\"id\":\"" id "\",\"source\":\"Europol\"," \
	"\"published\":\"2024-02-29\",\"title\":\"T\",\"body\":\"B\"}"

struct record_case {
	const char *text;
	int want;			/* 1 accepted, 2 rejected */
	enum reject_reason reason;
	const char *field;		/* expected field of the reject, or "" */
	long col;			/* expected column, 0: not checked */
};

static const struct record_case record_cases[] = {
	{ GOOD("a1"), 1, 0, "", 0 },
	{ "{\"id\":\"a2\",\"source\":\"NATO\",\"published\":\"2024-11-05\","
	  "\"title\":\"T\",\"body\":\"B\",\"dateline\":\"LYON, France\","
	  "\"url\":\"https://example.org/x\",\"tags\":[\"a\",\"b\"],\"zz\":1}",
	  1, 0, "", 0 },
	{ "{\"id\":\"a3\",\"source\":", 2, REJECT_MALFORMED_JSON, "", 0 },
	{ GOOD("a4") " x", 2, REJECT_MALFORMED_JSON, "", 0 },
	{ "[1,2]", 2, REJECT_NOT_OBJECT, "", 0 },
	{ "\"just a string\"", 2, REJECT_NOT_OBJECT, "", 0 },
	{ "{\"id\":\"a5\",\"published\":\"2024-11-05\",\"title\":\"T\","
	  "\"body\":\"B\"}", 2, REJECT_MISSING_FIELD, "source", 0 },
	{ "{\"id\":7,\"source\":\"NATO\",\"published\":\"2024-11-05\","
	  "\"title\":\"T\",\"body\":\"B\"}", 2, REJECT_WRONG_TYPE, "id", 7 },
	{ "{\"id\":\"a6\",\"source\":\"NATO\",\"published\":\"2024-11-05\","
	  "\"title\":\"T\",\"body\":\"B\",\"tags\":[\"x\",3]}",
	  2, REJECT_WRONG_TYPE, "tags", 0 },
	{ "{\"id\":\"a7\",\"source\":\"NATO\",\"published\":\"2024-11-05\","
	  "\"title\":null,\"body\":\"B\"}", 2, REJECT_WRONG_TYPE, "title", 0 },
	{ "{\"id\":\"\",\"source\":\"NATO\",\"published\":\"2024-11-05\","
	  "\"title\":\"T\",\"body\":\"B\"}", 2, REJECT_EMPTY_FIELD, "id", 0 },
	{ "{\"id\":\"a8\",\"source\":\"NATO\",\"published\":\"2024-02-30\","
	  "\"title\":\"T\",\"body\":\"B\"}", 2, REJECT_BAD_DATE, "published", 40 },
	{ "{\"id\":\"a9\",\"source\":\"NATO\",\"published\":\"2023-02-29\","
	  "\"title\":\"T\",\"body\":\"B\"}", 2, REJECT_BAD_DATE, "published", 0 },
	{ "{\"id\":\"a10\",\"source\":\"NATO\",\"published\":\"24-11-05\","
	  "\"title\":\"T\",\"body\":\"B\"}", 2, REJECT_BAD_DATE, "published", 0 },
	{ "{\"id\":\"a10b\",\"source\":\"NATO\",\"published\":\"8092-12-01\","
	  "\"title\":\"T\",\"body\":\"B\"}", 2, REJECT_BAD_DATE, "published", 0 },
	{ "{\"id\":\"a10c\",\"source\":\"NATO\",\"published\":\"1899-12-31\","
	  "\"title\":\"T\",\"body\":\"B\"}", 2, REJECT_BAD_DATE, "published", 0 },
	{ "{\"id\":\"a11\",\"source\":\"NATO\",\"published\":\"2024-11-05\","
	  "\"title\":\"T\",\"body\":\"B\xff\xfe\"}", 2, REJECT_INVALID_UTF8, "", 0 },
	{ "{\"id\":\"a12\",\"source\":\"NATO\",\"published\":\"2024-11-05\","
	  "\"title\":\"T\",\"body\":\"B\\u0000\"}", 2, REJECT_NUL_CHARACTER, "", 0 },
	{ GOOD("a1"), 2, REJECT_DUPLICATE_ID, "id", 0 },
	{ "{\"id\":\"a13\",\"id\":\"a14\",\"source\":\"NATO\",\"published\":"
	  "\"2024-11-05\",\"title\":\"T\",\"body\":\"B\"}",
	  2, REJECT_MALFORMED_JSON, "", 0 },
	{ "{\"id\":\"a15\",\"source\":\"NATO\",\"published\":\"2024-11-05\","
	  "\"title\":\"T\",\"body\":\"0123456789abcdefg\"}",
	  2, REJECT_BODY_TOO_LARGE, "body", 0 },
	{ "{\"id\":\"a16\",\"source\":\"NATO\",\"published\":\"2024-11-05\","
	  "\"title\":\"T\",\"body\":\"B\",\"n\":1e400}",
	  2, REJECT_MALFORMED_JSON, "", 0 },
};

static void check_records(void)
{
	struct ingest_options opts = { .max_body = 16 };
	struct ingest *in = ingest_new(&opts);
	size_t n = sizeof(record_cases) / sizeof(*record_cases);

	for (size_t i = 0; i < n; i++) {
		const struct record_case *c = &record_cases[i];
		struct bulletin b;
		struct reject rj;
		int rc = ingest_record(in, "t.jsonl", (long)i + 1, 1, c->text,
				       strlen(c->text), &b, &rj);

		CHECK(rc == c->want);
		if (rc != c->want) {
			fprintf(stderr, "  case %zu: %s\n", i, c->text);
			if (rc == 2)
				fprintf(stderr, "  rejected: %s\n", rj.where.msg);
		}
		if (rc == 1) {
			bulletin_release(&b);
			continue;
		}
		if (rc != 2)
			continue;
		CHECK_STR(reject_reason_name(rj.reason),
			  reject_reason_name(c->reason));
		CHECK_STR(rj.where.field, c->field);
		CHECK(rj.where.line == (long)i + 1);
		CHECK(rj.where.col >= 1);
		if (c->col) {
			CHECK(rj.where.col == c->col);
			if (rj.where.col != c->col)
				fprintf(stderr, "  case %zu: column %ld\n", i,
					rj.where.col);
		}
		CHECK_STR(rj.where.file, "t.jsonl");
	}
	const struct ingest_account *a = ingest_account(in);

	CHECK(a->read == (long)n);
	CHECK(a->accepted + a->rejected == a->read);
	CHECK(a->accepted == 2);
	ingest_free(in);
}

static void check_canonical(void)
{
	struct ingest *in = ingest_new(NULL);
	const char *text = "{\"zeta\":[1, 2],\"body\":\"tab\\there \\\"q\\\" é\","
		"\"title\":\"T\",\"published\":\"2024-11-05\",\"source\":\"NATO\","
		"\"id\":\"c1\",\"alpha\":{\"b\":1,\"a\":2}}";
	struct bulletin b;
	struct reject rj;
	struct strbuf sb = STRBUF_INIT;

	CHECK(ingest_record(in, "-", 1, 1, text, strlen(text), &b, &rj) == 1);
	bulletin_write_jsonl(&b, &sb);
	CHECK_STR(sb.buf, "{\"id\":\"c1\",\"source\":\"NATO\",\"published\":"
		  "\"2024-11-05\",\"title\":\"T\",\"body\":\"tab\\there \\\"q\\\" é\","
		  "\"alpha\":{\"a\":2,\"b\":1},\"zeta\":[1,2]}\n");
	strbuf_release(&sb);
	bulletin_release(&b);
	ingest_free(in);
}

static char *write_temp(const char *data, size_t len, int gzip)
{
	char path[] = "/tmp/test_ingest.XXXXXX";
	int fd = mkstemp(path);

	if (gzip) {
		gzFile gz = gzdopen(fd, "wb");

		gzwrite(gz, data, (unsigned)len);
		gzclose(gz);
	} else {
		CHECK(write(fd, data, len) == (ssize_t)len);
		close(fd);
	}
	return strdup(path);
}

/* Reads a whole file; returns the number accepted, fills rejected lines. */
static int read_file(const char *path, long *rej_lines, int *nrej,
		     struct ingest_account *acct, int *ioerr)
{
	struct ingest *in = ingest_new(NULL);
	struct bulletin b;
	struct reject rj;
	struct diag d;
	int rc, ok = 0;

	*nrej = 0;
	*ioerr = 0;
	diag_clear(&d);
	CHECK(ingest_open(in, path, &d) == 0);
	while ((rc = ingest_next(in, &b, &rj, &d)) > 0) {
		if (rc == 1) {
			ok++;
			bulletin_release(&b);
		} else {
			rej_lines[(*nrej)++] = rj.where.line;
		}
	}
	*ioerr = rc < 0;
	*acct = *ingest_account(in);
	ingest_free(in);
	return ok;
}

static void check_files(void)
{
	static const char lines[] =
		"\xef\xbb\xbf" GOOD("f1") "\r\n"
		"\n"
		"   \n"
		"{broken\n"
		GOOD("f2") "\n"
		GOOD("f1") "\n"
		GOOD("f3");		/* no final newline */
	static const char array[] =
		"  [\n  " GOOD("g1") ",\n  {\"id\": 5},\n"
		"  " GOOD("g2") " ,\n  42,\n  " GOOD("g1") "\n]\n";
	long rej[16];
	int nrej, ioerr;
	struct ingest_account a;

	for (int gz = 0; gz <= 1; gz++) {
		char *p = write_temp(lines, sizeof(lines) - 1, gz);

		CHECK(read_file(p, rej, &nrej, &a, &ioerr) == 3);
		CHECK(nrej == 2 && rej[0] == 4 && rej[1] == 6);
		CHECK(a.blank == 2 && a.read == 5 && !ioerr);
		unlink(p);
		free(p);

		p = write_temp(array, sizeof(array) - 1, gz);
		CHECK(read_file(p, rej, &nrej, &a, &ioerr) == 2);
		CHECK(nrej == 3 && rej[0] == 3 && rej[1] == 5 && rej[2] == 6);
		CHECK(a.read == 5 && !ioerr);
		unlink(p);
		free(p);
	}
}

static void check_broken_inputs(void)
{
	static const char arr_cut[] = "[" GOOD("h1") "," GOOD("h2");
	long rej[16];
	int nrej, ioerr;
	struct ingest_account a;
	char *p;
	char *big;
	size_t n = 3 * (INGEST_DEFAULT_MAX_BODY * 6 + (1u << 20));

	/* An array without its closing bracket: the last element is not
	 * trusted. */
	p = write_temp(arr_cut, sizeof(arr_cut) - 1, 0);
	CHECK(read_file(p, rej, &nrej, &a, &ioerr) == 1);
	CHECK(nrej == 1 && !ioerr);
	unlink(p);
	free(p);

	/* A truncated gzip stream is a read error, not silence. */
	{
		char *q = write_temp(GOOD("t1") "\n" GOOD("t2") "\n", 2 * sizeof(GOOD("t1")), 1);
		FILE *fp = fopen(q, "r+");
		long size;

		fseek(fp, 0, SEEK_END);
		size = ftell(fp);
		fclose(fp);
		CHECK(truncate(q, size - 10) == 0);
		read_file(q, rej, &nrej, &a, &ioerr);
		CHECK(ioerr);
		unlink(q);
		free(q);
	}

	/* A line far over the limit is skipped without being held. */
	big = malloc(n + sizeof(GOOD("z2")) + 2);
	memset(big, 'x', n);
	big[n] = '\n';
	memcpy(big + n + 1, GOOD("z2"), sizeof(GOOD("z2")));
	p = write_temp(big, n + sizeof(GOOD("z2")), 0);
	CHECK(read_file(p, rej, &nrej, &a, &ioerr) == 1);
	CHECK(nrej == 1 && rej[0] == 1 && a.by_reason[REJECT_LINE_TOO_LONG] == 1);
	unlink(p);
	free(p);
	free(big);
}

static void check_dates(void)
{
	CHECK(date_valid("2024-02-29"));
	CHECK(date_valid("2000-02-29"));
	CHECK(!date_valid("1900-02-29"));
	CHECK(!date_valid("2024-13-01"));
	CHECK(!date_valid("2024-04-31"));
	CHECK(!date_valid("2024-4-01"));
	CHECK(!date_valid("2024-04-01 "));
	CHECK(!date_valid(""));
}

int main(void)
{
	check_records();
	check_canonical();
	check_files();
	check_broken_inputs();
	check_dates();
	return TEST_REPORT();
}
