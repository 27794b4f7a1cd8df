/* lines.c - bounded line reading over zlib (see lines.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "tally/lines.h"
#include "tally/util.h"

#define CHUNK (256 * 1024)

struct line_reader {
	gzFile gz;
	char *path;
	char *buf;		/* bytes [pos, len) are unread */
	size_t pos, len, cap;
	size_t max_line;
	int eof;
	long lineno;
	uint64_t bytes;
	int started;		/* BOM check done */
};

int line_reader_open(struct line_reader **out, const char *path,
		     size_t max_line, struct diag *d)
{
	struct line_reader *lr;
	int fd = strcmp(path, "-") ? open(path, O_RDONLY) : dup(0);

	*out = NULL;
	if (fd < 0)
		return diag_set(d, path, 0, 0, NULL, "cannot open: %s",
				strerror(errno));
	lr = xcalloc(1, sizeof(*lr));
	lr->gz = gzdopen(fd, "rb");
	if (!lr->gz) {
		close(fd);
		free(lr);
		return diag_set(d, path, 0, 0, NULL, "cannot open: %s",
				strerror(errno ? errno : ENOMEM));
	}
	/* zlib reads straight into our buffer (no copy through its own)
	 * when asked for twice its buffer size or more, as fill() always
	 * asks for CHUNK / 2 at least */
	gzbuffer(lr->gz, CHUNK / 4);
	lr->path = xstrdup(path);
	lr->max_line = max_line;
	lr->cap = CHUNK;
	lr->buf = xmalloc(lr->cap + 1);
	*out = lr;
	return 0;
}

/* zlib's message without the "<fd:N>: " it puts in front. */
static const char *gz_message(gzFile gz, int *errnum)
{
	const char *msg = gzerror(gz, errnum), *colon;

	if (*errnum == Z_ERRNO)
		return strerror(errno);
	if (!strncmp(msg, "<fd:", 4) && (colon = strstr(msg, ": ")))
		msg = colon + 2;
	return msg;
}

/* Reads more input after the unread bytes; returns bytes added, 0 at the
 * end, -1 on error. */
static long fill(struct line_reader *lr, struct diag *d)
{
	int n, errnum;
	const char *msg;

	if (lr->eof)
		return 0;
	if (lr->pos > 0) {
		memmove(lr->buf, lr->buf + lr->pos, lr->len - lr->pos);
		lr->len -= lr->pos;
		lr->pos = 0;
	}
	if (lr->cap - lr->len < CHUNK / 2) {
		lr->cap = lr->len + CHUNK;
		lr->buf = xrealloc(lr->buf, lr->cap + 1);
	}
	n = gzread(lr->gz, lr->buf + lr->len, (unsigned)(lr->cap - lr->len));
	if (n < 0 || (n == 0 && !gzeof(lr->gz))) {
		msg = gz_message(lr->gz, &errnum);
		diag_set(d, lr->path, lr->lineno, 0, NULL,
			 "cannot read: %s", msg);
		return -1;
	}
	if (n == 0) {
		/* zlib reports a gzip stream cut short only here. */
		msg = gz_message(lr->gz, &errnum);
		if (errnum != Z_OK && errnum != Z_STREAM_END) {
			diag_set(d, lr->path, lr->lineno, 0, NULL,
				 "cannot read: %s", msg);
			return -1;
		}
		lr->eof = 1;
		return 0;
	}
	lr->len += (size_t)n;
	lr->bytes += (uint64_t)n;
	return n;
}

static int skip_bom(struct line_reader *lr, struct diag *d)
{
	lr->started = 1;
	while (lr->len - lr->pos < 3 && !lr->eof)
		if (fill(lr, d) < 0)
			return -1;
	if (lr->len - lr->pos >= 3 &&
	    !memcmp(lr->buf + lr->pos, "\xef\xbb\xbf", 3))
		lr->pos += 3;
	return 0;
}

/* Discards bytes up to and including the next newline; returns the
 * number discarded, or -1 on error. */
static long skip_line(struct line_reader *lr, struct diag *d)
{
	long skipped = 0;

	for (;;) {
		char *nl = memchr(lr->buf + lr->pos, '\n', lr->len - lr->pos);
		long f;

		if (nl) {
			skipped += nl - (lr->buf + lr->pos);
			lr->pos = (size_t)(nl - lr->buf) + 1;
			return skipped;
		}
		skipped += (long)(lr->len - lr->pos);
		lr->pos = lr->len = 0;
		f = fill(lr, d);
		if (f < 0)
			return -1;
		if (f == 0)
			return skipped;
	}
}

int line_reader_next(struct line_reader *lr, char **line, size_t *len,
		     struct diag *d)
{
	size_t scanned = 0;

	if (!lr->started && skip_bom(lr, d) < 0)
		return -1;
	for (;;) {
		char *start = lr->buf + lr->pos;
		size_t avail = lr->len - lr->pos;
		char *nl = memchr(start + scanned, '\n', avail - scanned);
		long f;

		if (nl || (lr->eof && avail > 0)) {
			size_t n = nl ? (size_t)(nl - start) : avail;

			lr->lineno++;
			if (n > lr->max_line) {
				lr->pos += n + (nl != NULL);
				*len = n;
				return 2;
			}
			lr->pos += n + (nl != NULL);
			if (n > 0 && start[n - 1] == '\r')
				n--;
			start[n] = '\0';
			*line = start;
			*len = n;
			return 1;
		}
		if (lr->eof)
			return 0;
		if (avail > lr->max_line) {
			long rest;

			lr->lineno++;
			rest = skip_line(lr, d);
			if (rest < 0)
				return -1;
			*len = avail + (size_t)rest;
			return 2;
		}
		scanned = avail;
		f = fill(lr, d);
		if (f < 0)
			return -1;
	}
}

int line_reader_peek_nonspace(struct line_reader *lr, struct diag *d)
{
	if (!lr->started && skip_bom(lr, d) < 0)
		return -1;
	for (;;) {
		while (lr->pos < lr->len) {
			unsigned char c = (unsigned char)lr->buf[lr->pos];

			if (c != ' ' && c != '\t' && c != '\r' && c != '\n')
				return c;
			if (c == '\n')
				lr->lineno++;
			lr->pos++;
		}
		if (fill(lr, d) <= 0)
			return -1;
	}
}

int line_reader_getc(struct line_reader *lr, struct diag *d)
{
	unsigned char c;

	if (!lr->started && skip_bom(lr, d) < 0)
		return -2;
	if (lr->pos >= lr->len) {
		long f = fill(lr, d);

		if (f < 0)
			return -2;
		if (f == 0)
			return -1;
	}
	c = (unsigned char)lr->buf[lr->pos++];
	if (c == '\n')
		lr->lineno++;
	return c;
}

long line_reader_lineno(const struct line_reader *lr)
{
	return lr->lineno;
}

uint64_t line_reader_bytes(const struct line_reader *lr)
{
	return lr->bytes;
}

const char *line_reader_path(const struct line_reader *lr)
{
	return lr->path;
}

void line_reader_close(struct line_reader *lr)
{
	if (!lr)
		return;
	gzclose(lr->gz);
	free(lr->buf);
	free(lr->path);
	free(lr);
}
