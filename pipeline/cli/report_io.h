/*
 * report_io.h - what `tally report` and `tally run` share: writing a
 * briefing's files, reading facts, accounts and rejects files.
 */
#ifndef TALLY_CLI_REPORT_IO_H
#define TALLY_CLI_REPORT_IO_H

#include "tally/fact.h"
#include "tally/report.h"

/* 1 when s is YYYY-MM with a real month. */
int report_io_month_valid(const char *s);

/* Creates dir and its parents (mode 0777 less the umask); 0 or -1 (d). */
int report_io_mkdirs(const char *dir, struct diag *d);

/*
 * Writes doc into dir: report.md, report.html, report.pdf, report.json
 * and charts/NAME.{svg,pdf,png} for each chart; removes chart files of
 * an earlier run that this document no longer has.  Every file is
 * written atomically.  0 or -1 (d).
 */
int report_io_write(const struct report_doc *doc, const char *dir,
		    struct diag *d);

/* Writes an index document (no charts) as dir/index.html. */
int report_io_write_index(const struct report_doc *doc, const char *dir,
			  struct diag *d);

/* Streams a facts table (TSV or JSON Lines) into rd
 * (report_data_add()), a row at a time: the rows published in months
 * from..to (YYYY-MM, inclusive; NULL: no bound), in the file's order;
 * rows that do not fit are counted in *bad and the first few printed as
 * warnings.  0 or -1. */
int report_io_feed_facts(const char *cmd, const char *path,
			 const char *from, const char *to,
			 struct report_data *rd, long *bad, struct diag *d);

/* Reads accounts.json (what report_accounts_write_json() wrote). */
int report_io_load_accounts(const char *path, struct report_accounts *a,
			    struct diag *d);

/* Counts the records of a rejects file by reason into a (have_ingest
 * becomes 2 unless a full account is already there). */
int report_io_count_rejects(const char *path, struct report_accounts *a,
			    struct diag *d);

#endif
