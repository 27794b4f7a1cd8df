/* test_facts.c - the facts table: writing and reading back, bad rows. */
#include <stdlib.h>
#include <unistd.h>

#include "tally/fact.h"
#include "testhelp.h"

static const struct fact sample = {
	.bulletin_id = "b-1", .source = "Europol", .published = "2024-11-26",
	.category = "arrests", .value = 1006, .unit = "count",
	.qualifier = QUAL_AT_LEAST, .item = "suspects", .place = "Kenya",
	.scope = SCOPE_TOTAL, .text = "more than 1,006", .start = 10, .end = 25,
	.field = FIELD_BODY, .sentence = "Tab\there, newline\nand \\ back",
	.note = "", .title = "A title", .url = ""
};

static char *write_table(enum fact_format fmt, const struct fact *f, int n)
{
	struct strbuf sb = STRBUF_INIT;
	char path[] = "/tmp/test_facts.XXXXXX";
	int fd = mkstemp(path);
	FILE *fp = fdopen(fd, "w");

	fact_write_header(&sb, fmt);
	for (int i = 0; i < n; i++)
		fact_write(&sb, &f[i], fmt);
	fwrite(sb.buf, 1, sb.len, fp);
	fclose(fp);
	strbuf_release(&sb);
	return strdup(path);
}

static void check_round_trip(enum fact_format fmt)
{
	char *path = write_table(fmt, &sample, 1);
	struct fact_reader *r;
	struct fact f;
	struct diag d;

	diag_clear(&d);
	CHECK(fact_reader_open(&r, path, &d) == 0);
	CHECK(fact_reader_next(r, &f, &d) == 1);
	CHECK_STR(f.bulletin_id, "b-1");
	CHECK_STR(f.category, "arrests");
	CHECK_NUM(f.value, 1006);
	CHECK(f.qualifier == QUAL_AT_LEAST);
	CHECK(f.scope == SCOPE_TOTAL);
	CHECK_STR(f.sentence, sample.sentence);
	CHECK_STR(f.place, "Kenya");
	CHECK(f.start == 10 && f.end == 25);
	CHECK(fact_reader_next(r, &f, &d) == 0);
	CHECK(!d.set);
	fact_reader_close(r);
	unlink(path);
	free(path);
}

static void check_bad_rows(void)
{
	const char *text =
		"bulletin_id\tsource\tpublished\tcategory\tvalue\tunit\tqualifier\tscope\n"
		"b1\tNATO\t2024-02-30\tarrests\t3\tcount\texact\ttotal\n"
		"b1\tNATO\t2024-02-03\tarrests\tlots\tcount\texact\ttotal\n"
		"b1\tNATO\t2024-02-03\tarrests\t3\tcount\tmaybe\ttotal\n"
		"b1\tNATO\t2024-02-03\tarrests\t3\tcount\n"
		"b1\tNATO\t2024-02-03\tarrests\t3\tcount\texact\ttotal\tmore\n"
		"b1\tNATO\t2024-02-03\tarrests\t3\tcount\texact\tto\\tal\n"
		"b1\tNATO\t2024-02-03\tarrests\t3\tcount\texact\ttotal\n";
	char path[] = "/tmp/test_facts.XXXXXX";
	int fd = mkstemp(path);
	struct fact_reader *r;
	struct fact f;
	struct diag d;
	static const char *const fields[] = { "published", "value", "qualifier",
					      "", "", "scope" };

	CHECK(write(fd, text, strlen(text)) == (ssize_t)strlen(text));
	close(fd);
	diag_clear(&d);
	CHECK(fact_reader_open(&r, path, &d) == 0);
	/* bad date, value, qualifier; too few and too many columns; an
	 * escaped tab in the last cell is a scope, not another column */
	for (int i = 0; i < 6; i++) {
		diag_clear(&d);
		CHECK(fact_reader_next(r, &f, &d) == 2);
		CHECK(d.line == i + 2);
		CHECK_STR(d.field, fields[i]);
		CHECK((strstr(d.msg, "more than 8") != NULL) == (i == 4));
	}
	diag_clear(&d);
	CHECK(fact_reader_next(r, &f, &d) == 1);
	CHECK_NUM(f.value, 3);
	fact_reader_close(r);
	unlink(path);
}

/* A fact writer writes the bytes of fact_write(), over rows of two
 * bulletins, whose cells and evidence need escaping or not. */
static void check_writer(enum fact_format fmt)
{
	struct fact f[4] = { sample, sample, sample, sample };
	struct strbuf want = STRBUF_INIT, got = STRBUF_INIT;
	struct fact_writer w;

	f[1].sentence = "A clean sentence, long enough for whole words.";
	f[1].value = 2.5;
	f[2].bulletin_id = "b-2\t";
	f[2].title = "Back\\slash";
	f[2].url = "https://example.org/a\nb";
	f[2].item = "x";
	f[3].bulletin_id = "b-2\t";
	f[3].title = "Back\\slash";
	f[3].url = "https://example.org/a\nb";
	f[3].text = "a\tb";
	fact_writer_init(&w, fmt);
	for (int i = 0; i < 4; i++) {
		if (i == 0 || i == 2)
			fact_writer_bulletin(&w);
		fact_write(&want, &f[i], fmt);
		fact_writer_write(&w, &got, &f[i]);
	}
	CHECK_STR(got.buf, want.buf);
	fact_writer_release(&w);
	strbuf_release(&want);
	strbuf_release(&got);
}

/* A column mask: the columns left out come back empty, the others as
 * ever, and rows are good or bad whatever the mask. */
static void check_columns(enum fact_format fmt)
{
	struct fact rows[3] = { sample, sample, sample };
	char *path;
	struct fact_reader *r;
	struct fact f;
	struct diag d;

	rows[1].published = "2024-02-30";
	rows[2].value = -42;
	rows[2].text = "back\\slash";
	path = write_table(fmt, rows, 3);
	diag_clear(&d);
	CHECK(fact_reader_open(&r, path, &d) == 0);
	fact_reader_set_columns(r, FACT_COL_PLACE | FACT_COL_TEXT);
	CHECK(fact_reader_next(r, &f, &d) == 1);
	CHECK_STR(f.bulletin_id, "b-1");	/* always read */
	CHECK_STR(f.published, "2024-11-26");
	CHECK_NUM(f.value, 1006);
	CHECK(f.qualifier == QUAL_AT_LEAST && f.scope == SCOPE_TOTAL);
	CHECK(f.field == FIELD_BODY);
	CHECK_STR(f.place, "Kenya");		/* asked for */
	CHECK_STR(f.text, "more than 1,006");
	CHECK_STR(f.item, "");			/* left out */
	CHECK_STR(f.sentence, "");
	CHECK_STR(f.title, "");
	CHECK(f.start == 0 && f.end == 0);
	diag_clear(&d);
	CHECK(fact_reader_next(r, &f, &d) == 2);	/* still checked */
	CHECK_STR(d.field, "published");
	diag_clear(&d);
	CHECK(fact_reader_next(r, &f, &d) == 1);
	CHECK_NUM(f.value, -42);
	CHECK_STR(f.text, "back\\slash");
	CHECK_STR(f.sentence, "");
	CHECK(fact_reader_next(r, &f, &d) == 0);
	fact_reader_close(r);
	unlink(path);
	free(path);
}

/* Whole numbers take a short cut; every form still reads as strtod()'s. */
static void check_numbers(void)
{
	static const char *const cells[] = {
		"0", "-0", "7", "007", "-12", "123456789012345",
		"1234567890123456", "99999999999999999999", "2.5", "1e3", "-",
		" 5", "0x10", "1,000", "inf"
	};
	struct strbuf sb = STRBUF_INIT;
	char path[] = "/tmp/test_facts.XXXXXX";
	int fd = mkstemp(path);
	size_t n = sizeof(cells) / sizeof(*cells);
	struct fact_reader *r;
	struct fact f;
	struct diag d;

	strbuf_addstr(&sb, "bulletin_id\tsource\tpublished\tcategory\t"
		      "value\tunit\tqualifier\tscope\n");
	for (size_t i = 0; i < n; i++)
		strbuf_addf(&sb, "b\tS\t2024-01-01\tarrests\t%s\tcount\t"
			    "exact\ttotal\n", cells[i]);
	CHECK(write(fd, sb.buf, sb.len) == (ssize_t)sb.len);
	close(fd);
	strbuf_release(&sb);
	diag_clear(&d);
	CHECK(fact_reader_open(&r, path, &d) == 0);
	fact_reader_set_columns(r, 0);
	for (size_t i = 0; i < n; i++) {
		char *end;
		double want = strtod(cells[i], &end);
		int good = *cells[i] && !*end && isfinite(want);

		diag_clear(&d);
		CHECK(fact_reader_next(r, &f, &d) == (good ? 1 : 2));
		if (good)
			CHECK(!memcmp(&f.value, &want, sizeof(want)));
	}
	fact_reader_close(r);
	unlink(path);
}

int main(void)
{
	check_round_trip(FACT_TSV);
	check_round_trip(FACT_JSONL);
	check_writer(FACT_TSV);
	check_writer(FACT_JSONL);
	check_bad_rows();
	check_columns(FACT_TSV);
	check_columns(FACT_JSONL);
	check_numbers();
	return TEST_REPORT();
}
