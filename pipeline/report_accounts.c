/*
 * report_accounts.c - what a run knew before the facts: the ingest and
 * extraction accounts and the bulletins of each month (see report.h),
 * and their JSON form, accounts.json.
 */
#include <stdlib.h>
#include <string.h>

#include "tally/report.h"

void report_accounts_init(struct report_accounts *a)
{
	memset(a, 0, sizeof(*a));
}

void report_accounts_release(struct report_accounts *a)
{
	if (!a)
		return;
	free(a->months);
	report_accounts_init(a);
}

/* The slot of month (YYYY-MM), inserted in order when absent. */
static struct report_month_count *month_slot(struct report_accounts *a,
					     const char *month)
{
	size_t lo = 0, hi = a->nmonths;
	struct report_month_count *mc;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strncmp(a->months[mid].month, month, 7);

		if (!c)
			return &a->months[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	xgrow((void **)&a->months, &a->capmonths, a->nmonths + 1,
	      sizeof(*a->months));
	memmove(&a->months[lo + 1], &a->months[lo],
		(a->nmonths - lo) * sizeof(*a->months));
	a->nmonths++;
	mc = &a->months[lo];
	memset(mc, 0, sizeof(*mc));
	memcpy(mc->month, month, 7);
	return mc;
}

void report_accounts_add_bulletin(struct report_accounts *a,
				  const char *date, long nfacts)
{
	struct report_month_count *mc;

	if (!date || strlen(date) < 7)
		return;
	mc = month_slot(a, date);
	mc->bulletins++;
	if (nfacts > 0)
		mc->with_facts++;
}

void report_accounts_set_month(struct report_accounts *a, const char *month,
			       long bulletins, long with_facts)
{
	struct report_month_count *mc = month_slot(a, month);

	mc->bulletins = bulletins;
	mc->with_facts = with_facts;
}

const struct report_month_count *
report_accounts_month(const struct report_accounts *a, const char *month)
{
	for (size_t i = 0; i < a->nmonths; i++)
		if (!strncmp(a->months[i].month, month, 7))
			return &a->months[i];
	return NULL;
}

void report_accounts_write_json(const struct report_accounts *a,
				struct strbuf *out)
{
	const struct ingest_account *in = &a->ingest;

	strbuf_addstr(out, "{\"format\":\"tally-accounts\",\"version\":1,\n\"ingest\":");
	if (a->have_ingest == 1) {
		strbuf_addf(out, "{\"files\":%ld,\"read\":%ld,\"accepted\":%ld,"
			    "\"rejected\":%ld,\"blank\":%ld,\"by_reason\":{",
			    in->files, in->read, in->accepted, in->rejected,
			    in->blank);
		for (int r = 0; r < REJECT__COUNT; r++)
			strbuf_addf(out, "%s\"%s\":%ld", r ? "," : "",
				    reject_reason_name((enum reject_reason)r),
				    in->by_reason[r]);
		strbuf_addstr(out, "}}");
	} else {
		strbuf_addstr(out, "null");
	}
	strbuf_addstr(out, ",\n\"extract\":");
	if (a->have_extract)
		strbuf_addf(out, "{\"bulletins\":%ld,\"facts\":%ld,"
			    "\"unreadable\":%ld,\"repeats\":%ld}",
			    a->ex_bulletins, a->ex_facts, a->ex_unreadable,
			    a->ex_repeats);
	else
		strbuf_addstr(out, "null");
	strbuf_addstr(out, ",\n\"months\":[");
	for (size_t i = 0; i < a->nmonths; i++)
		strbuf_addf(out, "%s{\"month\":\"%.7s\",\"bulletins\":%ld,"
			    "\"with_facts\":%ld}", i ? ",\n" : "\n",
			    a->months[i].month, a->months[i].bulletins,
			    a->months[i].with_facts);
	strbuf_addstr(out, "]}\n");
}
