/* fuzz_ingest.c - libFuzzer target: one record through ingest's checks,
 * then the same bytes as a whole corpus file (JSON Lines or array). */
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "tally/ingest.h"
#include "fuzz_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ingest_options opts = { .max_body = 4096 };
	struct ingest *in = ingest_new(&opts);
	struct bulletin b;
	struct reject rj;
	struct strbuf sb = STRBUF_INIT;
	struct diag d;
	char path[64];
	int rc;

	if (ingest_record(in, "fuzz", 1, 1, (const char *)data, size, &b, &rj) == 1) {
		bulletin_write_jsonl(&b, &sb);
		bulletin_release(&b);
	} else {
		reject_write_jsonl(&rj, &sb);
	}
	ingest_free(in);

	in = ingest_new(&opts);
	diag_clear(&d);
	if (fuzz_write_file(path, data, size) == 0 && ingest_open(in, path, &d) == 0) {
		while ((rc = ingest_next(in, &b, &rj, &d)) > 0) {
			if (rc == 1) {
				bulletin_write_jsonl(&b, &sb);
				bulletin_release(&b);
			}
		}
		const struct ingest_account *a = ingest_account(in);

		if (a->read != a->accepted + a->rejected)
			abort();
	}
	unlink(path);
	ingest_free(in);
	strbuf_release(&sb);
	return 0;
}
