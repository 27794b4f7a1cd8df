/* report_io.c - a briefing's files, and the files a briefing reads. */
#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tally/cli.h"
#include "report_io.h"

int report_io_month_valid(const char *s)
{
	if (!s || strlen(s) != 7 || s[4] != '-')
		return 0;
	for (int i = 0; i < 7; i++)
		if (i != 4 && (s[i] < '0' || s[i] > '9'))
			return 0;
	return (s[5] == '0' && s[6] >= '1') || (s[5] == '1' && s[6] <= '2');
}

int report_io_mkdirs(const char *dir, struct diag *d)
{
	char *p = xstrdup(dir), *s;
	int r = 0;

	for (s = p + 1; ; s++) {
		char c = *s;

		if (c != '/' && c != '\0')
			continue;
		*s = '\0';
		if (mkdir(p, 0777) < 0 && errno != EEXIST) {
			r = diag_set(d, p, 0, 0, NULL, "cannot create folder: %s",
				     strerror(errno));
			break;
		}
		*s = c;
		if (!c)
			break;
	}
	free(p);
	return r;
}

static int to_file(void *ctx, const void *data, size_t len)
{
	return fwrite(data, 1, len, ctx) == len ? 0 : -1;
}

static int write_chart(const struct report_chart *c, const char *dir,
		       struct diag *d)
{
	static const char *const ext[] = { "svg", "pdf", "png" };
	struct strbuf path = STRBUF_INIT;
	int r = 0;

	for (int f = 0; f < 3 && !r; f++) {
		struct outfile o;

		strbuf_reset(&path);
		strbuf_addf(&path, "%s/charts/%s.%s", dir, c->name, ext[f]);
		if (outfile_open(&o, path.buf, d) < 0) {
			r = -1;
			break;
		}
		if (f == 0)	/* the very bytes inlined in the HTML */
			r = fwrite(c->svg, 1, c->svg_len, o.fp) == c->svg_len ? 0 :
			    diag_set(d, path.buf, 0, 0, NULL, "cannot write: %s",
				     strerror(errno));
		else
			r = report_chart_render(c, f, to_file, o.fp, d);
		if (r < 0) {
			diag_locate(d, path.buf, 0, 0);
			outfile_abort(&o);
		} else {
			r = outfile_commit(&o, d);
		}
	}
	strbuf_release(&path);
	return r;
}

/* 1 when name (a file of charts/) is NAME.ext of a chart of doc. */
static int chart_file(const struct report_doc *doc, const char *name)
{
	const char *dot = strrchr(name, '.');

	if (!dot || (strcmp(dot, ".svg") && strcmp(dot, ".pdf") &&
		     strcmp(dot, ".png")))
		return -1;	/* not ours: leave it */
	for (size_t i = 0; i < doc->nsections; i++)
		for (size_t j = 0; j < doc->sections[i].nblocks; j++) {
			const struct report_block *b = &doc->sections[i].blocks[j];

			if (b->kind == REPORT_CHART &&
			    strlen(b->chart->name) == (size_t)(dot - name) &&
			    !strncmp(b->chart->name, name, (size_t)(dot - name)))
				return 1;
		}
	return 0;
}

static void remove_stale(const struct report_doc *doc, const char *charts)
{
	DIR *dp = opendir(charts);
	struct dirent *e;

	if (!dp)
		return;
	while ((e = readdir(dp)) != NULL) {
		if (e->d_name[0] != '.' && chart_file(doc, e->d_name) == 0) {
			struct strbuf p = STRBUF_INIT;

			strbuf_addf(&p, "%s/%s", charts, e->d_name);
			unlink(p.buf);
			strbuf_release(&p);
		}
	}
	closedir(dp);
}

int report_io_write(const struct report_doc *doc, const char *dir,
		    struct diag *d)
{
	struct strbuf sb = STRBUF_INIT, charts = STRBUF_INIT;
	int r;

	strbuf_addf(&charts, "%s/charts", dir);
	r = report_io_mkdirs(charts.buf, d);
	for (size_t i = 0; i < doc->nsections && !r; i++)
		for (size_t j = 0; j < doc->sections[i].nblocks && !r; j++)
			if (doc->sections[i].blocks[j].kind == REPORT_CHART)
				r = write_chart(doc->sections[i].blocks[j].chart,
						dir, d);
	if (!r) {
		remove_stale(doc, charts.buf);
		report_write_md(doc, &sb);
		r = cli_write_file_in(dir, "report.md", &sb, d);
	}
	if (!r) {
		strbuf_reset(&sb);
		report_write_html(doc, &sb);
		r = cli_write_file_in(dir, "report.html", &sb, d);
	}
	if (!r) {
		strbuf_reset(&sb);
		r = report_write_pdf(doc, &sb, d);
		r = r ? r : cli_write_file_in(dir, "report.pdf", &sb, d);
	}
	if (!r) {
		strbuf_reset(&sb);
		report_write_json(doc, &sb);
		r = cli_write_file_in(dir, "report.json", &sb, d);
	}
	strbuf_release(&sb);
	strbuf_release(&charts);
	return r;
}

int report_io_write_index(const struct report_doc *doc, const char *dir,
			  struct diag *d)
{
	struct strbuf sb = STRBUF_INIT;
	int r;

	report_write_html(doc, &sb);
	r = report_io_mkdirs(dir, d);
	r = r ? r : cli_write_file_in(dir, "index.html", &sb, d);
	strbuf_release(&sb);
	return r;
}

int report_io_feed_facts(const char *cmd, const char *path,
			 const char *from, const char *to,
			 struct report_data *rd, long *bad, struct diag *d)
{
	struct fact_reader *r;
	struct fact f;
	struct diag row;
	int rc;

	*bad = 0;
	if (fact_reader_open(&r, path, d) < 0)
		return -1;
	diag_clear(&row);
	while ((rc = fact_reader_next(r, &f, &row)) > 0) {
		if (rc == 2) {
			if (++*bad <= 5)
				cli_error(cmd, &row);
			diag_clear(&row);
			continue;
		}
		if ((from && strncmp(f.published, from, 7) < 0) ||
		    (to && strncmp(f.published, to, 7) > 0))
			continue;
		report_data_add(rd, &f);
	}
	fact_reader_close(r);
	if (rc < 0) {
		*d = row;
		return -1;
	}
	if (*bad > 5)
		cli_warn(cmd, "%ld rows of %s could not be read", *bad, path);
	return 0;
}

static long get_long(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_integer(v) ? (long)json_integer_value(v) : 0;
}

int report_io_load_accounts(const char *path, struct report_accounts *a,
			    struct diag *d)
{
	json_error_t err;
	json_t *root = json_load_file(path, 0, &err), *in, *ex, *months;
	size_t i;

	if (!root)
		return diag_set(d, path, err.line, err.column, NULL, "%s", err.text);
	if (!json_is_object(root) ||
	    strcmp(json_string_value(json_object_get(root, "format")) ?
		   json_string_value(json_object_get(root, "format")) : "",
		   "tally-accounts")) {
		json_decref(root);
		return diag_set(d, path, 0, 0, "format", "not a tally accounts "
				"file (tally run writes accounts.json)");
	}
	in = json_object_get(root, "ingest");
	if (json_is_object(in)) {
		json_t *by = json_object_get(in, "by_reason");

		a->have_ingest = 1;
		a->ingest.files = get_long(in, "files");
		a->ingest.read = get_long(in, "read");
		a->ingest.accepted = get_long(in, "accepted");
		a->ingest.rejected = get_long(in, "rejected");
		a->ingest.blank = get_long(in, "blank");
		for (int r = 0; r < REJECT__COUNT && json_is_object(by); r++)
			a->ingest.by_reason[r] = get_long(by,
				reject_reason_name((enum reject_reason)r));
	}
	ex = json_object_get(root, "extract");
	if (json_is_object(ex)) {
		a->have_extract = 1;
		a->ex_bulletins = get_long(ex, "bulletins");
		a->ex_facts = get_long(ex, "facts");
		a->ex_unreadable = get_long(ex, "unreadable");
		a->ex_repeats = get_long(ex, "repeats");
	}
	months = json_object_get(root, "months");
	for (i = 0; json_is_array(months) && i < json_array_size(months); i++) {
		json_t *m = json_array_get(months, i);
		const char *month = json_string_value(json_object_get(m, "month"));

		if (month && strlen(month) == 7)
			report_accounts_set_month(a, month, get_long(m, "bulletins"),
						  get_long(m, "with_facts"));
	}
	json_decref(root);
	return 0;
}

int report_io_count_rejects(const char *path, struct report_accounts *a,
			    struct diag *d)
{
	FILE *fp = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	long lineno = 0;
	int full = a->have_ingest == 1;

	if (!fp)
		return diag_set(d, path, 0, 0, NULL, "cannot open: %s",
				strerror(errno));
	while ((len = getline(&line, &cap, fp)) > 0) {
		json_error_t err;
		json_t *o;
		const char *reason;

		lineno++;
		if (len <= 1)
			continue;
		o = json_loadb(line, (size_t)len, 0, &err);
		reason = json_string_value(json_object_get(o, "reason"));
		for (int r = 0; reason && r < REJECT__COUNT && !full; r++)
			if (!strcmp(reason, reject_reason_name((enum reject_reason)r))) {
				a->ingest.by_reason[r]++;
				a->ingest.rejected++;
			}
		json_decref(o);
		if (!reason) {
			free(line);
			fclose(fp);
			return diag_set(d, path, lineno, 0, "reason",
					"not a reject record");
		}
	}
	free(line);
	fclose(fp);
	if (!full)
		a->have_ingest = 2;
	return 0;
}
