/* fuzz_facts.c - libFuzzer target: the facts table reader (TSV or JSON
 * Lines), then writing back what it read. */
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "tally/fact.h"
#include "fuzz_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fact_reader *r;
	struct fact f;
	struct diag d;
	struct strbuf sb = STRBUF_INIT;
	char path[64];
	int rc;

	diag_clear(&d);
	if (fuzz_write_file(path, data, size) == 0 &&
	    fact_reader_open(&r, path, &d) == 0) {
		do {
			diag_clear(&d);
			rc = fact_reader_next(r, &f, &d);
			if (rc == 1) {
				fact_write(&sb, &f, FACT_TSV);
				fact_write(&sb, &f, FACT_JSONL);
			}
		} while (rc > 0);
		fact_reader_close(r);
	}
	unlink(path);
	strbuf_release(&sb);
	return 0;
}
