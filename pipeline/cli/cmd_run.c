/*
 * cmd_run.c - `tally run`: the whole pipeline in one process.
 *
 *     corpora --ingest--> bulletins.jsonl, rejects.jsonl
 *             --extract--> facts.tsv, and each fact into the aggregation
 *             --aggregate--> aggregates.json, accounts.json
 *             --chart, report--> MONTH/report.{md,html,pdf,json},
 *                                MONTH/charts/NAME.{svg,pdf,png}
 *             (--all-months: one folder a month and index.html)
 *
 * Memory does not follow the corpus: facts stream from extraction to
 * facts.tsv and into the aggregation state, and are also spilled into
 * one temporary file a month; a briefing then streams the facts of its
 * month and of the two before it (the duplicate window of its tables and
 * the previous month's figures) through its breakdowns and keeps of
 * them only its ten largest figures and counts (see report.h).
 * The stages are called as functions, not as processes.  Every file is
 * written atomically; the bytes depend only on the input (and
 * SOURCE_DATE_EPOCH for the PDF dates), never on a clock.  Progress goes
 * to stderr only when it is a terminal; otherwise the run prints its
 * account and where the output went.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "tally/aggregate.h"
#include "tally/cli.h"
#include "tally/extract.h"
#include "tally/lexicon.h"
#include "tally/report.h"

#include "report_io.h"

#define FLUSH_AT (1u << 20)

struct run_args {
	char **corpora;
	int ncorpora;
	const char *out, *month, *currency, *rates, *lexicon;
	int all_months;
	struct ingest_options iopts;
};

/* ---- progress --------------------------------------------------------- */

struct progress {
	int tty;
	double start, last;
	uint64_t total;		/* bytes of the plain corpora; 0: unknown */
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The total size of the corpora when none is compressed (else 0). */
static uint64_t corpus_bytes(char **paths, int n)
{
	uint64_t total = 0;

	for (int i = 0; i < n; i++) {
		struct stat st;
		unsigned char magic[2] = { 0, 0 };
		FILE *fp;

		if (!strcmp(paths[i], "-") || stat(paths[i], &st) < 0 ||
		    !S_ISREG(st.st_mode) || !(fp = fopen(paths[i], "rb")))
			return 0;
		if (fread(magic, 1, 2, fp) == 2 && magic[0] == 0x1f && magic[1] == 0x8b)
			total = 0, i = n;	/* gzip: sizes say nothing */
		else
			total += (uint64_t)st.st_size;
		fclose(fp);
	}
	return total;
}

static void progress_show(struct progress *p, const char *stage,
			  const struct ingest_account *a, int force)
{
	double t = now(), rate;

	if (!p->tty || (!force && t - p->last < 0.2))
		return;
	p->last = t;
	rate = t > p->start ? (double)a->read / (t - p->start) : 0;
	fprintf(stderr, "\r\033[Ktally run: %s: %ld bulletins, %.0f/s", stage,
		a->read, rate);
	if (p->total && a->bytes && a->bytes <= p->total) {
		double frac = (double)a->bytes / (double)p->total;
		double eta = frac > 0 ? (t - p->start) * (1 - frac) / frac : 0;

		fprintf(stderr, ", %.0f%%, ETA %d:%02d", 100 * frac,
			(int)eta / 60, (int)eta % 60);
	}
}

static void progress_stage(struct progress *p, const char *stage,
			   const char *arg)
{
	if (p->tty)
		fprintf(stderr, "\r\033[Ktally run: %s%s%s", stage, arg ? " " : "",
			arg ? arg : "");
}

static void progress_done(struct progress *p)
{
	if (p->tty)
		fprintf(stderr, "\r\033[K");
}

/* ---- ingest and extract ----------------------------------------------- */

/* The facts of one month, spilled to a temporary file beside the
 * outputs while the corpora are read (removed when the run ends). */
struct month_spill {
	char month[8];
	struct outfile file;
	struct strbuf buf;
};

struct run_state {
	struct run_args *args;
	struct progress prog;
	struct lexicon *lex;
	struct fact_table facts;	/* one bulletin's, reused */
	struct agg_options aopts;
	struct agg_state *agg;
	struct month_spill *spill;
	size_t nspill, spillcap;
	struct extract_stats xst;
	struct report_accounts acct;
	struct aggregate_table table;
	struct rate_table rates;
	struct outfile bul, rej, fac;
	struct strbuf bbuf, rbuf, fbuf;
};

/* Writes sb out once it holds FLUSH_AT bytes, or now with force. */
static int flush(struct outfile *o, struct strbuf *sb, int force,
		 struct diag *d)
{
	return force || sb->len >= FLUSH_AT ? outfile_put(o, sb, d) : 0;
}

/* The spill of month (YYYY-MM), opened on first use. */
static struct month_spill *spill_of(struct run_state *rs, const char *month,
				    struct diag *d)
{
	struct month_spill *m;
	struct strbuf p = STRBUF_INIT;
	int r;

	for (size_t i = rs->nspill; i > 0; i--)
		if (!strcmp(rs->spill[i - 1].month, month))
			return &rs->spill[i - 1];
	xgrow((void **)&rs->spill, &rs->spillcap, rs->nspill + 1,
	      sizeof(*rs->spill));
	m = &rs->spill[rs->nspill];
	memset(m, 0, sizeof(*m));
	snprintf(m->month, sizeof(m->month), "%s", month);
	strbuf_addf(&p, "%s/.facts-%s.tsv", rs->args->out, m->month);
	r = outfile_open(&m->file, p.buf, d);
	strbuf_release(&p);
	if (r < 0)
		return NULL;
	fact_write_header(&m->buf, FACT_TSV);
	rs->nspill++;
	return m;
}

/* A month's facts are written at SPILL_FLUSH_AT bytes, not FLUSH_AT:
 * a corpus may span years of months, each with its buffer. */
#define SPILL_FLUSH_AT (64u << 10)

static int spill_flush(struct month_spill *m, int force, struct diag *d)
{
	return force || m->buf.len >= SPILL_FLUSH_AT ?
	       outfile_put(&m->file, &m->buf, d) : 0;
}

/* Removes every spill (they are never outputs). */
static void spill_release(struct run_state *rs)
{
	for (size_t i = 0; i < rs->nspill; i++) {
		outfile_abort(&rs->spill[i].file);
		strbuf_release(&rs->spill[i].buf);
	}
	free(rs->spill);
	rs->spill = NULL;
	rs->nspill = rs->spillcap = 0;
}

/* Extracts b: its facts go to facts.tsv, to its month's spill and into
 * the aggregation, and are then forgotten. */
static int take_bulletin(struct run_state *rs, const struct bulletin *b,
			 struct diag *d)
{
	struct month_spill *m = NULL;
	char month[8];

	bulletin_write_jsonl(b, &rs->bbuf);
	fact_table_release(&rs->facts);
	if (extract_bulletin(rs->lex, b, &rs->facts, &rs->xst, d) < 0)
		return -1;
	snprintf(month, sizeof(month), "%.7s", b->published);
	if (rs->facts.n && !(m = spill_of(rs, month, d)))
		return -1;
	for (size_t i = 0; i < rs->facts.n; i++) {
		struct diag refused;
		size_t at = rs->fbuf.len;

		fact_write(&rs->fbuf, &rs->facts.v[i], FACT_TSV);
		/* the same row in the month's file: copied, not formatted again */
		strbuf_add(&m->buf, rs->fbuf.buf + at, rs->fbuf.len - at);
		diag_clear(&refused);
		/* a bulletin's facts come together: nothing is refused */
		agg_state_add(rs->agg, &rs->facts.v[i], "-", 0, &refused);
	}
	report_accounts_add_bulletin(&rs->acct, b->published, (long)rs->facts.n);
	return m ? spill_flush(m, 0, d) : 0;
}

static int read_corpora(struct run_state *rs, struct ingest *in, struct diag *d)
{
	struct bulletin b;
	struct reject rj;

	for (int i = 0; i < rs->args->ncorpora; i++) {
		int rc;

		if (ingest_open(in, rs->args->corpora[i], d) < 0)
			return -1;
		while ((rc = ingest_next(in, &b, &rj, d)) > 0) {
			if (rc == 2) {
				reject_write_jsonl(&rj, &rs->rbuf);
			} else {
				rc = take_bulletin(rs, &b, d);
				bulletin_release(&b);
				if (rc < 0)
					return -1;
			}
			if (flush(&rs->bul, &rs->bbuf, 0, d) < 0 ||
			    flush(&rs->rej, &rs->rbuf, 0, d) < 0 ||
			    flush(&rs->fac, &rs->fbuf, 0, d) < 0)
				return -1;
			progress_show(&rs->prog, "reading and extracting",
				      ingest_account(in), 0);
		}
		if (rc < 0)
			return -1;
	}
	progress_show(&rs->prog, "reading and extracting", ingest_account(in), 1);
	return 0;
}

static int spills_flush(struct run_state *rs, struct diag *d)
{
	for (size_t i = 0; i < rs->nspill; i++)
		if (spill_flush(&rs->spill[i], 1, d) < 0 ||
		    fflush(rs->spill[i].file.fp) != 0)
			return diag_set(d, rs->spill[i].file.path, 0, 0, NULL,
					"cannot write: %s", strerror(errno));
	return 0;
}

static int open_out(struct outfile *o, const char *dir, const char *name,
		    struct diag *d)
{
	struct strbuf p = STRBUF_INIT;
	int r;

	strbuf_addf(&p, "%s/%s", dir, name);
	r = outfile_open(o, p.buf, d);
	strbuf_release(&p);
	return r;
}

/* The aggregation's options and rates, before any fact is read. */
static int agg_begin(struct run_state *rs, struct diag *d)
{
	char path[4096];

	memset(&rs->aopts, 0, sizeof(rs->aopts));
	snprintf(rs->aopts.currency, sizeof(rs->aopts.currency), "%s",
		 rs->args->currency ? rs->args->currency : "USD");
	if (rate_table_load(&rs->rates, rs->args->rates ? rs->args->rates :
			    tally_datapath(path, sizeof(path), "rates.tsv"), d) < 0)
		return -1;
	rs->aopts.rates = &rs->rates;
	rs->agg = agg_state_new(&rs->aopts);
	/* the list grows with the data: briefings read back their months' */
	agg_state_spill_duplicates(rs->agg);
	return 0;
}

static int stage_read(struct run_state *rs, struct diag *d)
{
	struct ingest *in = ingest_new(&rs->args->iopts);
	int ok;

	ok = agg_begin(rs, d) == 0 &&
	     lexicon_load(&rs->lex, rs->args->lexicon, d) == 0 &&
	     open_out(&rs->bul, rs->args->out, "bulletins.jsonl", d) == 0 &&
	     open_out(&rs->rej, rs->args->out, "rejects.jsonl", d) == 0 &&
	     open_out(&rs->fac, rs->args->out, "facts.tsv", d) == 0;
	if (ok)
		fact_write_header(&rs->fbuf, FACT_TSV);
	ok = ok && read_corpora(rs, in, d) == 0 &&
	     flush(&rs->bul, &rs->bbuf, 1, d) == 0 &&
	     spills_flush(rs, d) == 0 &&
	     flush(&rs->rej, &rs->rbuf, 1, d) == 0 &&
	     flush(&rs->fac, &rs->fbuf, 1, d) == 0 &&
	     outfile_commit(&rs->bul, d) == 0 &&
	     outfile_commit(&rs->rej, d) == 0 &&
	     outfile_commit(&rs->fac, d) == 0;
	rs->acct.have_ingest = 1;
	rs->acct.ingest = *ingest_account(in);
	rs->acct.have_extract = 1;
	rs->acct.ex_bulletins = rs->xst.bulletins;
	rs->acct.ex_facts = rs->xst.facts;
	rs->acct.ex_unreadable = rs->xst.unreadable;
	rs->acct.ex_repeats = rs->xst.repeats;
	ingest_free(in);
	if (!ok) {
		outfile_abort(&rs->bul);
		outfile_abort(&rs->rej);
		outfile_abort(&rs->fac);
	}
	return ok ? 0 : -1;
}

/* ---- aggregate -------------------------------------------------------- */

static int stage_aggregate(struct run_state *rs, struct diag *d)
{
	struct strbuf sb = STRBUF_INIT;
	int r;

	progress_stage(&rs->prog, "aggregating", NULL);
	r = agg_state_finish(rs->agg, &rs->table, d);
	agg_state_free(rs->agg);
	rs->agg = NULL;
	if (!r) {	/* a piece at a time: the JSON is never held whole */
		struct outfile o;

		r = open_out(&o, rs->args->out, "aggregates.json", d);
		if (!r) {
			aggregate_write_json_file(&rs->table, o.fp);
			r = outfile_commit(&o, d);
		}
	}
	if (!r) {
		report_accounts_write_json(&rs->acct, &sb);
		r = cli_write_file_in(rs->args->out, "accounts.json", &sb, d);
	}
	strbuf_release(&sb);
	return r;
}

/* ---- reports ---------------------------------------------------------- */

/* Streams into rd the facts a briefing of month needs: its own and
 * those of the two months before it (the 14-day duplicate window of its
 * tables, and the previous month's figures), in the order they were
 * read. */
static int feed_window(struct run_state *rs, const char *month,
		       struct report_data *rd, struct diag *d)
{
	long m = -1;

	for (size_t i = 0; i < rs->table.nmonths; i++)
		if (!strcmp(rs->table.months[i], month))
			m = (long)i;

	for (long k = m - 2; m >= 0 && k <= m; k++) {
		long bad = 0;

		if (k < 0)
			continue;
		for (size_t i = 0; i < rs->nspill; i++)
			if (!strcmp(rs->spill[i].month, rs->table.months[k]) &&
			    report_io_feed_facts("run", rs->spill[i].file.tmp,
						 NULL, NULL, rd, &bad, d) < 0)
				return -1;
	}
	return 0;
}

static int one_report(struct run_state *rs, const char *month, size_t i,
		      size_t n, struct diag *d)
{
	struct report_data *rd = report_data_begin(&rs->table, &rs->acct);
	struct report_doc doc;
	struct strbuf dir = STRBUF_INIT;
	char what[64];
	int r;

	snprintf(what, sizeof(what), "%s (%zu of %zu)", month, i + 1, n);
	progress_stage(&rs->prog, "briefing", what);
	report_doc_init(&doc);
	strbuf_addf(&dir, "%s/%s", rs->args->out, month);
	r = feed_window(rs, month, rd, d);
	r = r ? r : report_data_end(rd, d);
	r = r ? r : report_build(rd, month, &doc, d);
	r = r ? r : report_io_write(&doc, dir.buf, d);
	report_doc_release(&doc);
	report_data_free(rd);
	strbuf_release(&dir);
	return r;
}

static int stage_reports(struct run_state *rs, const char ***done,
			 size_t *ndone, struct diag *d)
{
	struct report_data *rd;
	const char **months;
	size_t n;
	int r = 0;

	/* the months and the index need the table alone */
	if (report_data_new(&rd, &rs->table, NULL, 0, &rs->acct, d) < 0)
		return -1;
	n = report_months(rd, &months);
	*ndone = 0;
	*done = xcalloc(n + 2, sizeof(**done));
	if (rs->args->month) {
		r = one_report(rs, rs->args->month, 0, 1, d);
		(*done)[(*ndone)++] = rs->args->month;
	} else if (rs->args->all_months) {
		for (size_t i = 0; i < n && !r; i++) {
			r = one_report(rs, months[i], i, n, d);
			(*done)[(*ndone)++] = months[i];
		}
		if (!r) {
			struct report_doc idx;

			report_doc_init(&idx);
			report_build_index(rd, months, n, &idx);
			r = report_io_write_index(&idx, rs->args->out, d);
			report_doc_release(&idx);
		}
	} else if (n) {
		r = one_report(rs, months[n - 1], 0, 1, d);
		(*done)[(*ndone)++] = months[n - 1];
	}
	/* the month names live in the table, which outlives rd */
	report_data_free(rd);
	return r;
}

/* ---- the command ------------------------------------------------------ */

static int parse(int argc, char **argv, struct run_args *a)
{
	static const struct option longopts[] = {
		{ "out", required_argument, NULL, 'o' },
		{ "month", required_argument, NULL, 'm' },
		{ "all-months", no_argument, NULL, 'A' },
		{ "currency", required_argument, NULL, 'c' },
		{ "rates", required_argument, NULL, 'r' },
		{ "lexicon", required_argument, NULL, 'l' },
		{ "max-body", required_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	while ((c = getopt_long(argc, argv, ":o:m:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'o': a->out = optarg; break;
		case 'm': a->month = optarg; break;
		case 'A': a->all_months = 1; break;
		case 'r': a->rates = optarg; break;
		case 'l': a->lexicon = optarg; break;
		case 'h': return cli_help("run") - 1;
		case 'c':
			if (strlen(optarg) != 3 || optarg[0] < 'A' || optarg[0] > 'Z' ||
			    optarg[1] < 'A' || optarg[1] > 'Z' ||
			    optarg[2] < 'A' || optarg[2] > 'Z')
				return cli_usage_error("run", "--currency: expected "
					"an ISO 4217 code such as USD, got '%s'", optarg);
			a->currency = optarg;
			break;
		case 'b':
			if (cli_parse_size(optarg, &a->iopts.max_body) < 0 ||
			    !a->iopts.max_body)
				return cli_usage_error("run", "--max-body: expected "
					"a size in bytes, got '%s'", optarg);
			break;
		default: return cli_bad_option("run", c, argv);
		}
	}
	if (a->month && !report_io_month_valid(a->month))
		return cli_usage_error("run", "--month: expected YYYY-MM, got '%s'",
				       a->month);
	if (a->month && a->all_months)
		return cli_usage_error("run", "--month and --all-months exclude "
				       "each other");
	a->corpora = argv + optind;
	a->ncorpora = argc - optind;
	return 0;
}

static void print_account(const struct run_state *rs, const char **done,
			  size_t ndone)
{
	const struct agg_account *ac = &rs->table.account;
	const char *out = rs->args->out;

	cli_print_account("run", &rs->acct.ingest);
	fprintf(stderr, "tally run: facts %ld from %ld bulletins (numbers left "
		"out as unreadable %ld); %ld facts behind %ld figures in the "
		"totals, %ld probable duplicates\n", rs->xst.facts,
		rs->xst.bulletins, rs->xst.unreadable, ac->used, ac->figures,
		ac->duplicates);
	fprintf(stderr, "tally run: data in %s/ (bulletins.jsonl, rejects.jsonl, "
		"facts.tsv, aggregates.json, accounts.json)\n", out);
	if (rs->args->all_months)
		fprintf(stderr, "tally run: %zu briefings in %s/YYYY-MM/, index "
			"%s/index.html\n", ndone, out, out);
	else if (ndone)
		fprintf(stderr, "tally run: briefing for %s in %s/%s/report.html "
			"(also .pdf, .md; charts in %s/%s/charts/)\n", done[0],
			out, done[0], out, done[0]);
	else
		fprintf(stderr, "tally run: no briefing: no bulletin was read\n");
}

int cmd_run(int argc, char **argv)
{
	struct run_args a;
	struct run_state rs;
	static char sample[4096];
	char *sample_argv[1];
	const char **done = NULL;
	size_t ndone = 0;
	struct diag d;
	int rc;

	memset(&a, 0, sizeof(a));
	a.out = "out";
	if ((rc = parse(argc, argv, &a)) != 0)
		return rc < 0 ? TALLY_EXIT_OK : rc;
	if (!a.ncorpora) {	/* the built-in sample */
		sample_argv[0] = tally_datapath(sample, sizeof(sample),
						"sample/bulletins.jsonl");
		a.corpora = sample_argv;
		a.ncorpora = 1;
	}
	memset(&rs, 0, sizeof(rs));
	rs.args = &a;
	report_accounts_init(&rs.acct);
	rs.prog.tty = isatty(STDERR_FILENO);
	rs.prog.start = rs.prog.last = now();
	rs.prog.total = corpus_bytes(a.corpora, a.ncorpora);
	diag_clear(&d);
	rc = report_io_mkdirs(a.out, &d) < 0 || stage_read(&rs, &d) < 0 ||
	     stage_aggregate(&rs, &d) < 0 ||
	     stage_reports(&rs, &done, &ndone, &d) < 0 ? TALLY_EXIT_IO : TALLY_EXIT_OK;
	progress_done(&rs.prog);
	if (rc)
		cli_error("run", &d);
	else
		print_account(&rs, done, ndone);
	free(done);
	spill_release(&rs);
	agg_state_free(rs.agg);
	lexicon_free(rs.lex);
	fact_table_release(&rs.facts);
	report_accounts_release(&rs.acct);
	aggregate_table_release(&rs.table);
	rate_table_release(&rs.rates);
	strbuf_release(&rs.bbuf);
	strbuf_release(&rs.rbuf);
	strbuf_release(&rs.fbuf);
	return rc;
}
