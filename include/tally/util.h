/*
 * util.h - memory, growable buffers, string arenas, atomic output files.
 *
 * Memory: xmalloc() and friends never return NULL; when memory runs out
 * they print "tally: out of memory" and exit with status 3, so callers do
 * not check (as tmux's xmalloc.c).  Every *_release() and *_free() accepts
 * NULL or an already released object.
 *
 * Output: every file tally writes goes through struct outfile, which
 * writes to a temporary file beside the target and renames it into place
 * only on outfile_commit(), so an interrupted or failed run never leaves a
 * half-written target that make would believe.  "-" means stdout.
 */
#ifndef TALLY_UTIL_H
#define TALLY_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "tally/diag.h"

void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* Grows *v (holding *cap elements of elsize bytes) to at least need. */
void xgrow(void **v, size_t *cap, size_t need, size_t elsize);

/* qsort() that accepts an empty array with a NULL base (which qsort()
 * itself does not: C11 7.22.5 asks for a valid pointer even for n == 0). */
void xqsort(void *base, size_t n, size_t size,
	    int (*cmp)(const void *, const void *));

/* Eight bytes at p as a little-endian number on any machine (byte i in
 * bits 8i..8i+7), and back: for scanning text eight bytes at a time. */
static inline uint64_t load_le64(const void *p)
{
	uint64_t w;

	memcpy(&w, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	w = __builtin_bswap64(w);
#endif
	return w;
}

static inline void store_le64(void *p, uint64_t w)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	w = __builtin_bswap64(w);
#endif
	memcpy(p, &w, 8);
}

/* A growable byte buffer, always NUL-terminated once used. */
struct strbuf {
	char *buf;
	size_t len;
	size_t cap;
};

#define STRBUF_INIT { NULL, 0, 0 }

void strbuf_add(struct strbuf *sb, const void *data, size_t len);
void strbuf_addstr(struct strbuf *sb, const char *s);
void strbuf_addch(struct strbuf *sb, int c);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Appends s as the inside of a JSON string literal (no quotes). */
void strbuf_add_json_escaped(struct strbuf *sb, const char *s, size_t len);
/* Appends v in decimal, as "%ld" would. */
void strbuf_add_long(struct strbuf *sb, long v);
void strbuf_reset(struct strbuf *sb);
void strbuf_release(struct strbuf *sb);

/*
 * An arena of strings freed in one call.  Strings stay at fixed addresses
 * until arena_release().
 */
struct arena {
	struct arena_block *head;
};

#define ARENA_INIT { NULL }

char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_strdup(struct arena *a, const char *s);
/* n bytes (not aligned: for characters) at a fixed address. */
char *arena_alloc(struct arena *a, size_t n);
void arena_release(struct arena *a);
/* Frees every string, but keeps a block for the next ones (an arena
 * filled and emptied over and over). */
void arena_reset(struct arena *a);

/* 64-bit hash of a byte string (not cryptographic; for hash sets). */
uint64_t hash64(const void *data, size_t len);

/* Returns 1 when s[0..len) is valid UTF-8 (no overlongs, no surrogates). */
int utf8_valid(const char *s, size_t len);

/*
 * An output file written atomically.  outfile_open() creates a temporary
 * file "DIR/.NAME.tmp.XXXXXX" beside path (or uses stdout for "-");
 * outfile_commit() flushes, fsyncs and renames it over path;
 * outfile_abort() removes it.  Exactly one of the two ends every open.
 */
struct outfile {
	FILE *fp;
	char *path;
	char *tmp;
};

int outfile_open(struct outfile *o, const char *path, struct diag *d);
/* Makes SIGINT, SIGTERM, SIGHUP and SIGPIPE remove the temporary files
 * of outputs still being written before tally dies (running out of
 * memory does too). */
void outfile_cleanup_on_signals(void);
int outfile_commit(struct outfile *o, struct diag *d);
void outfile_abort(struct outfile *o);
/* Writes sb's bytes to o (nothing when o is not open) and empties sb;
 * 0 or -1 (d names o's path). */
int outfile_put(struct outfile *o, struct strbuf *sb, struct diag *d);

/*
 * The folder of tally's data files (lexicon, rates, sample corpus):
 * $TALLY_DATA when set, else the source tree's data/ when it exists,
 * else the installed share/tally.  Returns a static string.
 */
const char *tally_datadir(void);

/* Writes DATADIR/rel into buf; returns buf. */
char *tally_datapath(char *buf, size_t size, const char *rel);

/* Formats v as the shortest decimal that reads back as the same double
 * (locale-independent); returns buf. */
char *fmt_double(char *buf, size_t size, double v);

#endif
