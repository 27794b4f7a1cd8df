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
 * The same files hold the figures of a --sketch --partial run, written
 * in canonical order as the window releases them.  A record is: u32 key
 * length, u32 data length, the key, the data (the JSON); keys are built
 * so that their byte order is the order of the list (agg_dup_key(),
 * agg_figure_key()).
 * The files are made in $TMPDIR (default /tmp) and unlinked at once.
 * One that cannot be made leaves the list in memory; one that cannot be
 * written or read back is fatal, as running out of memory is (exit
 * status 3).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "aggregate_int.h"

struct agg_spill {
	FILE *fp;
	size_t n;
	struct strbuf last;	/* the key of the last record written */
	struct strbuf key, data;	/* the record last read */
};

static void spill_fail(void)
{
	fputs("tally: cannot write or read a temporary file\n", stderr);
	exit(3);
}

/* memcmp() order of byte strings, the shorter first on a tie. */
static int bytes_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
	int c = memcmp(a, b, alen < blen ? alen : blen);

	return c ? c : (alen > blen) - (alen < blen);
}

/* Strings with their NULs: as NUL is the lowest byte, byte order of the
 * concatenation is the order of strcmp() field by field. */
static void add_field(struct strbuf *key, const char *s)
{
	strbuf_add(key, s, strlen(s) + 1);
}

void agg_dup_key(struct strbuf *key, const struct agg_duplicate *u)
{
	strbuf_reset(key);
	add_field(key, u->dup.published);
	add_field(key, u->dup.bulletin_id);
	add_field(key, u->category);
	add_field(key, u->unit);
}

void agg_figure_key(struct strbuf *key, const struct agg_figure *f)
{
	uint32_t day = (uint32_t)f->day + 0x80000000u;
	unsigned char be[4] = { (unsigned char)(day >> 24),
				(unsigned char)(day >> 16),
				(unsigned char)(day >> 8), (unsigned char)day };

	strbuf_reset(key);
	strbuf_add(key, be, sizeof(be));
	add_field(key, f->bulletin_id);
	add_field(key, f->category);
	add_field(key, f->orig_unit);
}

int agg_dup_cmp(const struct agg_duplicate *x, const struct agg_duplicate *y)
{
	const char *a[4] = { x->dup.published, x->dup.bulletin_id, x->category,
			     x->unit };
	const char *b[4] = { y->dup.published, y->dup.bulletin_id, y->category,
			     y->unit };

	for (int i = 0; i < 4; i++) {
		int c = strcmp(a[i], b[i]);

		if (c)
			return c;
	}
	return 0;
}

/* A temporary file in $TMPDIR (default /tmp), unlinked at once so that
 * it goes however the run ends. */
static FILE *spill_file(void)
{
	const char *dir = getenv("TMPDIR");
	struct strbuf path = STRBUF_INIT;
	FILE *fp = NULL;
	int fd;

	strbuf_addf(&path, "%s/tally-duplicates-XXXXXX", dir && *dir ? dir : "/tmp");
	if ((fd = mkstemp(path.buf)) >= 0) {
		unlink(path.buf);
		if (!(fp = fdopen(fd, "w+b")))
			close(fd);
	}
	strbuf_release(&path);
	return fp;
}

struct agg_spill *agg_spill_new(void)
{
	struct agg_spill *sp;
	FILE *fp = spill_file();

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
	strbuf_release(&sp->data);
	free(sp);
}

static void put_u32(FILE *fp, size_t v)
{
	uint32_t u = (uint32_t)v;

	if (v > UINT32_MAX || fwrite(&u, sizeof(u), 1, fp) != 1)
		spill_fail();
}

int agg_spill_put(struct agg_spill *sp, const struct strbuf *key,
		  const char *data, size_t len)
{
	if (sp->n && bytes_cmp(sp->last.buf, sp->last.len, key->buf,
			       key->len) > 0)
		return -1;	/* out of order: the caller keeps it */
	strbuf_reset(&sp->last);
	strbuf_add(&sp->last, key->buf, key->len);
	put_u32(sp->fp, key->len);
	put_u32(sp->fp, len);
	if (fwrite(key->buf, 1, key->len, sp->fp) != key->len ||
	    (len && fwrite(data, 1, len, sp->fp) != len))
		spill_fail();
	sp->n++;
	return 0;
}

size_t agg_spill_count(const struct agg_spill *sp)
{
	return sp ? sp->n : 0;
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
	uint32_t klen, dlen;

	if (fread(&klen, sizeof(klen), 1, sp->fp) != 1) {
		if (ferror(sp->fp))
			spill_fail();
		return NULL;
	}
	if (fread(&dlen, sizeof(dlen), 1, sp->fp) != 1)
		spill_fail();
	get_bytes(sp->fp, &sp->key, klen);
	get_bytes(sp->fp, &sp->data, dlen);
	*len = sp->data.len;
	return sp->data.buf;
}

int agg_spill_cmp(const struct agg_spill *sp, const struct strbuf *key)
{
	return bytes_cmp(sp->key.buf, sp->key.len, key->buf, key->len);
}

const char *agg_spill_key(const struct agg_spill *sp, size_t *len)
{
	*len = sp->key.len;
	return sp->key.buf;
}
