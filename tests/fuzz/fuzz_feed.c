/* fuzz_feed.c - libFuzzer target: feed digests to bulletins. */
#include <stdint.h>
#include <stdlib.h>

#include "tally/feed.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int take(void *ctx, struct bulletin *b, const struct reject *rj)
{
	struct strbuf *sb = ctx;

	if (b) {
		bulletin_write_jsonl(b, sb);
		bulletin_release(b);
	} else {
		reject_write_jsonl(rj, sb);
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct feed_options opts = { size % 2 ? "2024-11-26" : NULL };
	struct strbuf sb = STRBUF_INIT;
	char date[11];

	feed_parse((const char *)data, size, "fuzz", &opts, take, &sb);
	feed_parse_date((const char *)data, size, date);
	strbuf_release(&sb);
	return 0;
}
