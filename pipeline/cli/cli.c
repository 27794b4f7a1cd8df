/* cli.c - the command table, help, and what every subcommand shares. */
#include <errno.h>
#include <gsl/gsl_errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "tally/cli.h"
#include "tally/util.h"

const struct cmd tally_cmds[] = {
	{ "ingest", cmd_ingest, "validate corpora into bulletins.jsonl",
	  "usage: tally ingest CORPUS... [-o BULLETINS] [--rejects REJECTS]\n"
	  "                    [--max-body BYTES] [--strict]\n"
	  "\n"
	  "Reads bulletins (JSON Lines or a JSON array, plain or gzip; '-' is\n"
	  "stdin), checks each against the bulletin contract and writes the\n"
	  "valid ones as canonical JSON Lines, in input order.\n"
	  "\n"
	  "  -o, --output FILE     bulletins out (default '-', stdout)\n"
	  "  -r, --rejects FILE    one JSON line per rejected record\n"
	  "                        {file,line,column,id,reason,field,message}\n"
	  "      --max-body BYTES  reject bodies longer than this (default 1M;\n"
	  "                        suffixes k, M, G)\n"
	  "      --strict          exit 1 when anything was rejected\n"
	  "\n"
	  "The account (read N, accepted A, rejected R by reason) goes to\n"
	  "stderr.  Exit 0 when the run completed, 1 with --strict and\n"
	  "rejects, 2 for usage errors, 3 for unreadable input or\n"
	  "unwritable output (no output is then left behind).\n" },
	{ "normalise", cmd_normalise, "turn plain-text feed digests into bulletins",
	  "usage: tally normalise FEED.txt... [-o BULLETINS] [--rejects REJECTS]\n"
	  "                       [--date YYYY-MM-DD] [--strict]\n"
	  "\n"
	  "Turns plain-text feed digests (a title line, a blank line, a\n"
	  "'Source: NAME' line, a blank line, then the body's paragraphs) into\n"
	  "bulletins that 'tally ingest' accepts unchanged.  The source loses a\n"
	  "trailing note in brackets; the date comes from the body's date line,\n"
	  "else the first date of its first paragraph, else --date; ids are\n"
	  "stable (a hash of source, date and title).\n"
	  "\n"
	  "  -o, --output FILE     bulletins out (default '-', stdout)\n"
	  "  -r, --rejects FILE    entries that give no bulletin, one JSON line\n"
	  "                        each (e.g. no date and no --date)\n"
	  "      --date YYYY-MM-DD the date of entries that give none\n"
	  "      --strict          exit 1 when an entry was rejected\n"
	  "\n"
	  "Exit 0 when the run completed, 1 with --strict and rejects, 2 for\n"
	  "usage errors, 3 for unreadable input or unwritable output.\n" },
	{ "extract", cmd_extract, "find numeric facts in bulletins",
	  "usage: tally extract BULLETINS... [-o FACTS] [--format tsv|jsonl]\n"
	  "                     [--rejects REJECTS] [--max-body BYTES] [--strict]\n"
	  "                     [--lexicon DIR]\n"
	  "\n"
	  "Reads bulletins as 'tally ingest' does (same rejects, same account)\n"
	  "and writes one row per numeric fact of their titles and bodies: the\n"
	  "columns of the fact model (schemas/fact.schema.json) then note, title\n"
	  "and url.  A figure stated twice in a bulletin is one row.\n"
	  "\n"
	  "  -o, --output FILE     facts out (default '-', stdout)\n"
	  "      --format FMT      tsv (with a header row) or jsonl; default jsonl\n"
	  "                        when FILE ends in .jsonl, else tsv\n"
	  "  -r, --rejects FILE    one JSON line per rejected bulletin\n"
	  "      --max-body BYTES  reject bodies longer than this (default 1M)\n"
	  "      --strict          exit 1 when anything was rejected\n"
	  "      --lexicon DIR     cue words, qualifiers, currencies, countries and\n"
	  "                        number words from DIR (default $TALLY_LEXICON,\n"
	  "                        else the installed data/lexicon)\n"
	  "\n"
	  "The account goes to stderr: bulletins read, accepted and rejected (by\n"
	  "reason), then facts written and numbers left out as unreadable.\n"
	  "Exit 0 when the run completed, 1 with --strict and rejects, 2 for\n"
	  "usage errors, 3 for unreadable input, lexicon or output.\n" },
	{ "aggregate", cmd_aggregate, "monthly statistics from facts",
	  "usage: tally aggregate FACTS... [-o AGGREGATES] [--by KEYS]\n"
	  "                       [--rates RATES] [--currency CODE]\n"
	  "                       [--format json|tsv] [--keep-duplicates]\n"
	  "                       [--trend-months N] [--partial] [--sketch]\n"
	  "                       [--strict]\n"
	  "\n"
	  "Reads facts tables (TSV or JSON Lines, plain or gzip; '-' is stdin),\n"
	  "picks one figure per bulletin per category and unit (context never\n"
	  "summed; a total, else the sum of its distinct parts), converts money\n"
	  "into one currency at monthly rates, sets probable duplicates (same\n"
	  "category, unit and place; values within 1 %; 14 days; different\n"
	  "sources) aside and writes statistics per group, monthly series with\n"
	  "trends, coverage (bulletins per source per month) and the account.\n"
	  "\n"
	  "  -o, --output FILE      table out (default '-')\n"
	  "      --by KEYS          group keys among month,category,unit,source,\n"
	  "                         place (default month,category,unit; unit\n"
	  "                         is always one: sums never mix units)\n"
	  "      --rates FILE       monthly rates TSV (default DATADIR/rates.tsv)\n"
	  "      --currency CODE    reporting currency (default USD)\n"
	  "      --format FMT       json (default; schemas/aggregate.schema.json)\n"
	  "                         or tsv (the groups, with a header)\n"
	  "      --keep-duplicates  count probable duplicates in the sums\n"
	  "      --trend-months N   months of the trend window (default 12)\n"
	  "      --partial          write a partial state for 'tally merge'\n"
	  "                         (shards must split by bulletin)\n"
	  "      --sketch           bounded memory: quantiles from a sketch\n"
	  "                         (within 1 % relative), moments merged\n"
	  "      --strict           exit 1 and write nothing on any bad row\n"
	  "\n"
	  "Bad rows are skipped with file:line and the column at fault, and\n"
	  "counted; money without a rate stays in its own currency and group,\n"
	  "with a warning.  Exit 0 ok, 1 bad rows with --strict, 2 usage,\n"
	  "3 unreadable input or unwritable output.\n" },
	{ "merge", cmd_merge, "merge partial aggregates",
	  "usage: tally merge PARTIAL... [-o AGGREGATES] [--format json|tsv]\n"
	  "\n"
	  "Merges the partial states written by 'tally aggregate --partial' on\n"
	  "shards of a run (split by bulletin) into the table of the whole run:\n"
	  "in exact mode byte for byte what 'tally aggregate' on all the facts\n"
	  "writes, whatever the order of the partials.  The partials must have\n"
	  "been made with the same options.\n"
	  "\n"
	  "  -o, --output FILE   table out (default '-')\n"
	  "      --format FMT    json (default) or tsv\n"
	  "\n"
	  "Exit 0 ok, 1 partials that do not fit together (or a bulletin in\n"
	  "two of them), 2 usage, 3 unreadable input or unwritable output.\n" },
	{ "chart", cmd_chart, "render a chart from aggregates",
	  "usage: tally chart AGGREGATES --kind KIND [--category C[,C...]]\n"
	  "                   [--unit UNIT] [--month YYYY-MM] [--months N]\n"
	  "                   [--by source|place] [--title TEXT] [--subtitle TEXT]\n"
	  "                   [--ref VALUE[:LABEL] | --ref none] [--width W]\n"
	  "                   [--height H] [--dpi N] [-o CHART]\n"
	  "\n"
	  "Draws one chart from an aggregate table as SVG, PDF or PNG (told by\n"
	  "the extension of CHART, default chart.svg), in the house style.\n"
	  "\n"
	  "  -k, --kind KIND       line, bars or multiples: the monthly series of\n"
	  "                        each category (a line gets its trend when it\n"
	  "                        is clear); hbars, dots or ranked: one month by\n"
	  "                        source or place (the table must be made with\n"
	  "                        --by month,category,source or ...,place);\n"
	  "                        histogram: one month's figures in decade bins\n"
	  "  -c, --category LIST   categories (default arrests)\n"
	  "      --unit UNIT       default: the reporting currency for money,\n"
	  "                        percent for gdp_share, else count\n"
	  "  -m, --month YYYY-MM   the (last) month shown (default the table's last)\n"
	  "      --months N        months of a monthly chart (default 12)\n"
	  "      --by source|place the breakdown of hbars, dots, ranked\n"
	  "      --title TEXT      instead of the category's name\n"
	  "      --subtitle TEXT   instead of the one that names the unit\n"
	  "      --ref V[:LABEL]   a reference line at V (repeat for more, up to\n"
	  "                        4); shares of GDP get a 2 % line by default,\n"
	  "                        '--ref none' draws none\n"
	  "      --width W         page width: 160mm (default), 6in, 400pt or\n"
	  "      --height H        1200px (at --dpi); row charts grow to fit\n"
	  "      --dpi N           PNG resolution, written into the file\n"
	  "                        (default 192)\n"
	  "  -o, --output CHART    CHART.svg, CHART.pdf or CHART.png\n"
	  "\n"
	  "Exit 0 when drawn, 1 when there is nothing to draw (no such series or\n"
	  "no data), 2 for usage errors, 3 for I/O.\n" },
	{ "report", cmd_report, "write the monthly briefing",
	  "usage: tally report [--month YYYY-MM] AGGREGATES FACTS [-o DIR]\n"
	  "                    [--accounts ACCOUNTS.json] [--rejects REJECTS]...\n"
	  "       tally report --index AGGREGATES [FACTS] [-o DIR]\n"
	  "\n"
	  "Writes the monthly briefing into DIR (default '.'): report.md,\n"
	  "report.html (self-contained), report.pdf (A4), report.json, and\n"
	  "charts/NAME.svg, .pdf and .png for every chart.  AGGREGATES is what\n"
	  "'tally aggregate' wrote, FACTS the facts table it read.\n"
	  "\n"
	  "  -m, --month YYYY-MM   the month (default: the latest with bulletins)\n"
	  "  -o, --output DIR      where to write (created when missing)\n"
	  "  -a, --accounts FILE   accounts.json of 'tally run': records read\n"
	  "                        and rejected, bulletins by month\n"
	  "  -r, --rejects FILE    a rejects file to count by reason\n"
	  "  -i, --index           write DIR/index.html instead: one row a\n"
	  "                        month with its headline totals, linking\n"
	  "                        MONTH/report.html, .pdf and .md\n"
	  "\n"
	  "Exit 0 when written, 2 for usage errors, 3 for unreadable input or\n"
	  "unwritable output.\n" },
	{ "run", cmd_run, "run the whole pipeline",
	  "usage: tally run [CORPUS...] [--out DIR] [--month YYYY-MM | --all-months]\n"
	  "                 [--currency CODE] [--rates FILE] [--lexicon DIR]\n"
	  "                 [--max-body BYTES]\n"
	  "\n"
	  "Runs ingest, extract, aggregate, charts and report in one process.\n"
	  "With no CORPUS it reads the built-in sample.  Writes into DIR\n"
	  "(default out/): bulletins.jsonl, rejects.jsonl, facts.tsv,\n"
	  "aggregates.json, accounts.json and YYYY-MM/report.{md,html,pdf,json}\n"
	  "with YYYY-MM/charts/; --all-months writes every month and index.html.\n"
	  "\n"
	  "  -o, --out DIR         where to write (default out)\n"
	  "  -m, --month YYYY-MM   the month (default: the latest with bulletins)\n"
	  "      --all-months      one briefing a month, and an index page\n"
	  "      --currency CODE   reporting currency (default USD)\n"
	  "      --rates FILE      monthly rates (default DATADIR/rates.tsv)\n"
	  "      --lexicon DIR     lexicon folder (default DATADIR/lexicon)\n"
	  "      --max-body BYTES  reject bodies longer than this (default 1M)\n"
	  "\n"
	  "On a terminal, progress goes to stderr; otherwise only the account and\n"
	  "where the output went.  Exit 0 when done (rejects included), 2 for\n"
	  "usage errors, 3 for unreadable input or unwritable output.\n" },
	{ NULL, NULL, NULL, NULL }
};

static int print_overview(FILE *fp)
{
	const struct cmd *c;

	fprintf(fp, "usage: tally [--help] [--version] COMMAND [ARGS]\n\n"
		"tally turns security and defence news bulletins into figures,\n"
		"charts and monthly briefings.  Commands:\n\n");
	for (c = tally_cmds; c->name; c++)
		fprintf(fp, "  %-10s %s\n", c->name, c->summary);
	fprintf(fp, "\n'tally help COMMAND' describes one.  '-' means stdin or "
		"stdout.\nExit status: 0 ok, 1 rejected input (--strict), "
		"2 usage, 3 I/O.\n");
	return 0;
}

const struct cmd *cli_find(const char *name)
{
	const struct cmd *c;

	for (c = tally_cmds; c->name; c++)
		if (!strcmp(c->name, name))
			return c;
	return NULL;
}

int cli_help(const char *name)
{
	const struct cmd *c = cli_find(name);

	if (!c)
		return cli_usage_error("help", "unknown command '%s'", name);
	fputs(c->usage, stdout);
	return TALLY_EXIT_OK;
}

int cli_main(int argc, char **argv)
{
	const struct cmd *c;

	gsl_set_error_handler_off();
	/* Past a file size limit (ulimit -f), a write fails with EFBIG and
	 * the output is removed; the default SIGXFSZ would kill us instead. */
	signal(SIGXFSZ, SIG_IGN);
	outfile_cleanup_on_signals();
	if (argc < 2)
		return print_overview(stderr), TALLY_EXIT_USAGE;
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		return print_overview(stdout);
	if (!strcmp(argv[1], "--version"))
		return printf("tally %s\n", TALLY_VERSION), TALLY_EXIT_OK;
	if (!strcmp(argv[1], "help"))
		return argc > 2 ? cli_help(argv[2]) : print_overview(stdout);
	c = cli_find(argv[1]);
	if (!c) {
		fprintf(stderr, "tally: unknown command '%s' (see 'tally --help')\n",
			argv[1]);
		return TALLY_EXIT_USAGE;
	}
	optind = 0;		/* glibc: a full re-initialisation */
	opterr = 0;
	return c->fn(argc - 1, argv + 1);
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "tally %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, " (see 'tally help %s')\n", cmd);
	return TALLY_EXIT_USAGE;
}

int cli_bad_option(const char *cmd, int c, char **argv)
{
	const char *arg = argv[optind - 1];

	if (c == ':')
		return cli_usage_error(cmd, "option '%s' needs a value", arg);
	if (optopt)
		return cli_usage_error(cmd, "unknown option '-%c'", optopt);
	return cli_usage_error(cmd, "unknown option '%s'", arg);
}

void cli_error(const char *cmd, const struct diag *d)
{
	char buf[1024];

	fprintf(stderr, "tally %s: %s\n", cmd, diag_format(d, buf, sizeof(buf)));
}

void cli_warn(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "tally %s: warning: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int cli_parse_size(const char *s, size_t *out)
{
	char *end;
	unsigned long long v;
	unsigned shift = 0;

	if (!s || !*s || *s == '-')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s)
		return -1;
	switch (*end) {
	case '\0': break;
	case 'k': case 'K': shift = 10; end++; break;
	case 'm': case 'M': shift = 20; end++; break;
	case 'g': case 'G': shift = 30; end++; break;
	default: return -1;
	}
	if (*end || v > (SIZE_MAX >> shift))
		return -1;
	*out = (size_t)(v << shift);
	return 0;
}

int cli_parse_long(const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	if (!s || !*s)
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

void cli_print_account(const char *cmd, const struct ingest_account *a)
{
	int r, first = 1;

	fprintf(stderr, "tally %s: read %ld, accepted %ld, rejected %ld",
		cmd, a->read, a->accepted, a->rejected);
	for (r = 0; r < REJECT__COUNT; r++) {
		if (!a->by_reason[r])
			continue;
		fprintf(stderr, "%s%s %ld", first ? " (" : ", ",
			reject_reason_name((enum reject_reason)r),
			a->by_reason[r]);
		first = 0;
	}
	fprintf(stderr, "%s\n", first ? "" : ")");
}

int cli_write_file(const char *path, const struct strbuf *sb, struct diag *d)
{
	struct outfile o;

	if (outfile_open(&o, path, d) < 0)
		return -1;
	if (sb->len && fwrite(sb->buf, 1, sb->len, o.fp) != sb->len) {
		diag_set(d, path, 0, 0, NULL, "cannot write: %s",
			 strerror(errno));
		outfile_abort(&o);
		return -1;
	}
	return outfile_commit(&o, d);
}

int cli_write_file_in(const char *dir, const char *name,
		      const struct strbuf *sb, struct diag *d)
{
	struct strbuf path = STRBUF_INIT;
	int r;

	strbuf_addf(&path, "%s/%s", dir, name);
	r = cli_write_file(path.buf, sb, d);
	strbuf_release(&path);
	return r;
}
