/*
 * aggregate_spill.c - probable duplicates kept in a temporary file
 * instead of memory (agg_state_spill_duplicates()).
 *
 * The list of duplicates is output, and it grows with the data (on dense
 * corpora faster than the figures).  A run finds duplicates in canonical
 * order, which is the order of the output list (published, bulletin,
 * category, unit), so each one found is written, as its JSON object,
 * to a temporary file, and the writer copies the file out.  One found
 * out of that order (a figure that came after the window had passed
 * its date, in --sketch) stays in memory instead, in the table's array;
 * the writer merges the two sorted lists.  On equal keys the spilled
 * ones come first: they were found first (the spilled keys only grow).
 *
 * A record is: u32 key length, the key (published, bulletin id,
 * category and unit, each with its NUL), u32 JSON length, the JSON.
 * A temporary file that cannot be written or read back is fatal, as
 * running out of memory is (exit status 3).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "aggregate_int.h"

struct agg_spill {
	FILE *fp;
	size_t n;
	struct strbuf last;	/* the key of the last record written */
	struct strbuf key, json;	/* the record being read or written */
};

static void spill_fail(void)
{
	fputs("tally: cannot write or read a temporary file\n", stderr);
	exit(3);
}

/* The four strings of a key: published, bulletin id, category, unit. */
static void key_of(const struct agg_duplicate *u, const char *k[4])
{
	k[0] = u->dup.published;
	k[1] = u->dup.bulletin_id;
	k[2] = u->category;
	k[3] = u->unit;
}

/* Compares a key held as 4 NUL-terminated strings in a row with k. */
static int key_cmp(const char *row, const char *const k[4])
{
	for (int i = 0; i < 4; i++) {
		int c = strcmp(row, k[i]);

		if (c)
			return c;
		row += strlen(row) + 1;
	}
	return 0;
}

int agg_dup_cmp(const struct agg_duplicate *x, const struct agg_duplicate *y)
{
	const char *a[4], *b[4];

	key_of(x, a);
	key_of(y, b);
	for (int i = 0; i < 4; i++) {
		int c = strcmp(a[i], b[i]);

		if (c)
			return c;
	}
	return 0;
}

struct agg_spill *agg_spill_new(void)
{
	struct agg_spill *sp;
	FILE *fp = tmpfile();

	if (!fp)
		return NULL;
	sp = xcalloc(1, sizeof(*sp));
	sp->fp = fp;
	return sp;
}

void agg_spill_free(struct agg_spill *sp)
{
	if (!sp)
		return;
	fclose(sp->fp);
	strbuf_release(&sp->last);
	strbuf_release(&sp->key);
	strbuf_release(&sp->json);
	free(sp);
}

static void put_u32(FILE *fp, size_t v)
{
	uint32_t u = (uint32_t)v;

	if (v > UINT32_MAX || fwrite(&u, sizeof(u), 1, fp) != 1)
		spill_fail();
}

int agg_spill_put(struct agg_spill *sp, const struct agg_duplicate *u)
{
	const char *k[4];

	key_of(u, k);
	if (sp->n && key_cmp(sp->last.buf, k) > 0)
		return -1;	/* out of order: the caller keeps it */
	strbuf_reset(&sp->last);
	for (int i = 0; i < 4; i++)
		strbuf_add(&sp->last, k[i], strlen(k[i]) + 1);
	strbuf_reset(&sp->json);
	agg_json_duplicate(&sp->json, u);
	put_u32(sp->fp, sp->last.len);
	put_u32(sp->fp, sp->json.len);
	if (fwrite(sp->last.buf, 1, sp->last.len, sp->fp) != sp->last.len ||
	    fwrite(sp->json.buf, 1, sp->json.len, sp->fp) != sp->json.len)
		spill_fail();
	sp->n++;
	return 0;
}

void agg_spill_rewind(struct agg_spill *sp)
{
	if (fflush(sp->fp) != 0 || fseek(sp->fp, 0, SEEK_SET) != 0)
		spill_fail();
}

/* Reads len bytes into sb. */
static void get_bytes(FILE *fp, struct strbuf *sb, uint32_t len)
{
	strbuf_reset(sb);
	xgrow((void **)&sb->buf, &sb->cap, (size_t)len + 1, 1);
	if (len && fread(sb->buf, 1, len, fp) != len)
		spill_fail();
	sb->len = len;
	sb->buf[len] = '\0';
}

const char *agg_spill_next(struct agg_spill *sp, size_t *len)
{
	uint32_t klen, jlen;

	if (fread(&klen, sizeof(klen), 1, sp->fp) != 1) {
		if (ferror(sp->fp))
			spill_fail();
		return NULL;
	}
	if (fread(&jlen, sizeof(jlen), 1, sp->fp) != 1)
		spill_fail();
	get_bytes(sp->fp, &sp->key, klen);
	get_bytes(sp->fp, &sp->json, jlen);
	*len = sp->json.len;
	return sp->json.buf;
}

int agg_spill_cmp(const struct agg_spill *sp, const struct agg_duplicate *u)
{
	const char *k[4];

	key_of(u, k);
	return key_cmp(sp->key.buf, k);
}
