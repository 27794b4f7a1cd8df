/* fuzz_aggregates.c - libFuzzer target: reading an aggregate table back
 * (what `tally chart` and `tally report` do with aggregates.json: the
 * file a member at a time, the duplicates an element at a time into a
 * temporary file), then what charts and briefings ask of it: counts by
 * month, the duplicates of a month range and their keys, and the table
 * written out again. */
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "tally/aggregate.h"
#include "fuzz_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int one(const struct agg_duplicate *u, void *ctx)
{
	*(long *)ctx += u->excluded;
	return 0;
}

static int key(const char *published, const char *bulletin_id,
	       const char *category, const char *unit, void *ctx)
{
	(void)bulletin_id;
	(void)category;
	(void)unit;
	*(long *)ctx += published[0] != '\0';
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct aggregate_table t;
	struct strbuf sb = STRBUF_INIT;
	struct diag d;
	char path[64];
	long n = 0;

	diag_clear(&d);
	if (fuzz_write_file(path, data, size) != 0)
		return 0;
	if (aggregate_load_json(path, &t, &d) == 0) {
		const char *first = t.nmonths ? t.months[0] : NULL;
		const char *last = t.nmonths ? t.months[t.nmonths - 1] : NULL;

		n += t.nmonths ? aggregate_table_dups_excluded(&t, 0, t.nmonths - 1) : 0;
		aggregate_table_duplicates(&t, NULL, NULL, one, &n);
		aggregate_table_duplicates(&t, last, last, one, &n);
		aggregate_table_duplicate_keys(&t, first, first, key, &n);
		aggregate_write_json(&t, &sb);
		aggregate_table_release(&t);
	}
	unlink(path);
	strbuf_release(&sb);
	return n < 0;
}
