/* test_feed.c - feed digests: entry splitting, sources, dates, datelines. */
#include <stdlib.h>

#include "tally/feed.h"
#include "testhelp.h"

struct seen {
	struct bulletin b[8];
	struct reject rj[8];
	int nb, nrj;
};

static int collect(void *ctx, struct bulletin *b, const struct reject *rj)
{
	struct seen *s = ctx;

	if (b)
		s->b[s->nb++] = *b;
	else
		s->rj[s->nrj++] = *rj;
	return 0;
}

static void check_dates(void)
{
	static const struct { const char *text; const char *want; size_t len; } cases[] = {
		{ "26 November 2024", "2024-11-26", 16 },
		{ "November 25, 2024", "2024-11-25", 17 },
		{ "3 Sept 2023 and more", "2023-09-03", 11 },
		{ "Nov. 5, 2024", "2024-11-05", 12 },
		{ "30 February 2024", NULL, 0 },
		{ "26 Novembre 2024", NULL, 0 },
		{ "2024-11-26", NULL, 0 },
		{ "126 November 2024", NULL, 0 },
		{ "November 2024", NULL, 0 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		char out[11];
		size_t n = feed_parse_date(cases[i].text, strlen(cases[i].text), out);

		CHECK(n == cases[i].len);
		if (cases[i].want && n)
			CHECK_STR(out, cases[i].want);
	}
}

static char *slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf = malloc(1 << 16);

	*len = fread(buf, 1, 1 << 16, fp);
	fclose(fp);
	return buf;
}

static void check_feed(void)
{
	char path[512];
	size_t len;
	char *text;
	struct seen s = { .nb = 0 };
	struct feed_options opts = { NULL };

	snprintf(path, sizeof(path), "%s/data/feed/small.txt", getenv("TALLY_TESTS"));
	text = slurp(path, &len);
	CHECK(feed_parse(text, len, "small.txt", &opts, collect, &s) == 0);
	CHECK(s.nb == 3 && s.nrj == 2);

	CHECK_STR(s.b[0].source, "Guardia Civil");
	CHECK_STR(s.b[0].published, "2024-03-14");
	CHECK_STR(s.b[0].dateline, "CÁDIZ, Spain");
	CHECK(!strncmp(s.b[0].body, "14 March 2024\n\nCÁDIZ, Spain – Officers", 40));
	CHECK(s.b[0].line == 1);

	CHECK_STR(s.b[1].source, "NATO");
	CHECK_STR(s.b[1].published, "2024-02-15");
	CHECK(s.b[1].dateline == NULL);
	CHECK_STR(s.b[1].body + s.b[1].body_len - 32, "ies announced new contributions.");

	/* "from 2 to 9 March 2024" is an event's span, not a publication
	 * date: without --date the entry is rejected. */
	CHECK_STR(s.rj[0].where.field, "published");
	CHECK(s.rj[0].reason == REJECT_MISSING_FIELD);
	CHECK(s.rj[0].where.line == 19);
	CHECK(s.rj[1].where.line == 27);

	CHECK_STR(s.b[2].title, "Readout of the Chairman's call");
	CHECK_STR(s.b[2].published, "2024-04-03");
	CHECK_STR(s.b[2].dateline, "WASHINGTON, D.C.");
	CHECK(!strncmp(s.b[2].id, "f-", 2) && strlen(s.b[2].id) == 18);

	CHECK(s.nb == 3);
	/* Ids are stable: the same feed gives the same ids. */
	{
		struct seen t = { .nb = 0 };

		opts.default_date = "2024-03-10";
		feed_parse(text, len, "small.txt", &opts, collect, &t);
		CHECK(t.nb == 5 && t.nrj == 0);
		CHECK_STR(t.b[0].id, s.b[0].id);
		CHECK_STR(t.b[2].published, "2024-03-10");
		CHECK_STR(t.b[3].published, "2024-03-10");
		for (int i = 0; i < t.nb; i++)
			bulletin_release(&t.b[i]);
	}
	for (int i = 0; i < s.nb; i++)
		bulletin_release(&s.b[i]);
	free(text);
}

int main(void)
{
	check_dates();
	check_feed();
	return TEST_REPORT();
}
