/* fuzz_partials.c - libFuzzer target: the partials reader (what
 * `tally aggregate --partial` writes and `tally merge` reads), merging the
 * input into a state, finishing it and writing the table out. */
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "tally/aggregate.h"
#include "fuzz_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct agg_state *s = agg_state_new(NULL);
	struct aggregate_table t;
	struct strbuf sb = STRBUF_INIT;
	struct diag d;
	char path[64];

	diag_clear(&d);
	if (s && fuzz_write_file(path, data, size) == 0) {
		if (agg_partial_load(s, path, &d) == 0 &&
		    agg_state_finish(s, &t, &d) == 0) {
			aggregate_write_json(&t, &sb);
			aggregate_table_release(&t);
		}
		unlink(path);
	}
	agg_state_free(s);
	strbuf_release(&sb);
	return 0;
}
