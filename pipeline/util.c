/* util.c - memory, buffers, arenas, atomic output (see util.h). */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <math.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tally/util.h"

/* The temporary files of the outputs being written, removed when tally
 * dies of an interrupt or of running out of memory.  (SIGKILL leaves them:
 * their names, .NAME.tmp.XXXXXX, are never taken for outputs.) */
#define MAX_TEMPS 512
static char *volatile temps[MAX_TEMPS];

static void temps_add(char *path)
{
	for (int i = 0; i < MAX_TEMPS; i++)
		if (!temps[i]) {
			temps[i] = path;
			return;
		}
}

static void temps_remove(const char *path)
{
	for (int i = 0; i < MAX_TEMPS; i++)
		if (temps[i] == path)
			temps[i] = NULL;
}

/* Async-signal-safe: unlink() only. */
static void temps_unlink_all(void)
{
	for (int i = 0; i < MAX_TEMPS; i++)
		if (temps[i])
			unlink(temps[i]);
}

static void on_fatal_signal(int sig)
{
	temps_unlink_all();
	signal(sig, SIG_DFL);
	raise(sig);
}

void outfile_cleanup_on_signals(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGPIPE };

	for (size_t i = 0; i < sizeof(sigs) / sizeof(*sigs); i++)
		signal(sigs[i], on_fatal_signal);
}

static void out_of_memory(void)
{
	temps_unlink_all();
	fputs("tally: out of memory\n", stderr);
	exit(3);
}

void *xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (!p)
		out_of_memory();
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		out_of_memory();
	return p;
}

void *xrealloc(void *p, size_t size)
{
	void *q = realloc(p, size ? size : 1);

	if (!q)
		out_of_memory();
	return q;
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

void xgrow(void **v, size_t *cap, size_t need, size_t elsize)
{
	size_t n = *cap ? *cap : 8;

	if (need <= *cap)
		return;
	while (n < need) {
		if (n > SIZE_MAX / 2 / elsize)
			out_of_memory();
		n *= 2;
	}
	*v = xrealloc(*v, n * elsize);
	*cap = n;
}

void xqsort(void *base, size_t n, size_t size,
	    int (*cmp)(const void *, const void *))
{
	if (n > 1)
		qsort(base, n, size, cmp);
}

/* ---- strbuf ---------------------------------------------------------- */

static void strbuf_grow(struct strbuf *sb, size_t extra)
{
	if (extra > SIZE_MAX - sb->len - 1)
		out_of_memory();
	xgrow((void **)&sb->buf, &sb->cap, sb->len + extra + 1, 1);
}

void strbuf_add(struct strbuf *sb, const void *data, size_t len)
{
	strbuf_grow(sb, len);
	memcpy(sb->buf + sb->len, data, len);
	sb->len += len;
	sb->buf[sb->len] = '\0';
}

void strbuf_addstr(struct strbuf *sb, const char *s)
{
	strbuf_add(sb, s, strlen(s));
}

void strbuf_addch(struct strbuf *sb, int c)
{
	strbuf_grow(sb, 1);
	sb->buf[sb->len++] = (char)c;
	sb->buf[sb->len] = '\0';
}

void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int n;

	strbuf_grow(sb, 64);
	va_start(ap, fmt);
	n = vsnprintf(sb->buf + sb->len, sb->cap - sb->len, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sb->cap - sb->len) {
		strbuf_grow(sb, (size_t)n);
		va_start(ap, fmt);
		vsnprintf(sb->buf + sb->len, sb->cap - sb->len, fmt, ap);
		va_end(ap);
	}
	sb->len += (size_t)n;
}

/* Does the 8-byte word w hold a byte below 0x20, a '"' or a '\\'?
 * (The classic has-zero-byte trick, applied three times.) */
static int needs_escape8(uint64_t w)
{
	const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
	uint64_t q = w ^ (ones * '"'), b = w ^ (ones * '\\');

	return ((((w - ones * 0x20) & ~w) | ((q - ones) & ~q) |
		 ((b - ones) & ~b)) & high) != 0;
}

void strbuf_add_json_escaped(struct strbuf *sb, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, run = 0;

	strbuf_grow(sb, len);
	for (i = 0; i < len; i++) {
		unsigned char c;
		char esc[7];
		size_t n = 2;

		while (i + 8 <= len) {		/* skip clean words fast */
			uint64_t w;

			memcpy(&w, s + i, 8);
			if (needs_escape8(w))
				break;
			i += 8;
		}
		if (i >= len)
			break;
		c = (unsigned char)s[i];
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		strbuf_add(sb, s + run, i - run);
		run = i + 1;
		esc[0] = '\\';
		switch (c) {
		case '"': esc[1] = '"'; break;
		case '\\': esc[1] = '\\'; break;
		case '\n': esc[1] = 'n'; break;
		case '\t': esc[1] = 't'; break;
		case '\r': esc[1] = 'r'; break;
		case '\b': esc[1] = 'b'; break;
		case '\f': esc[1] = 'f'; break;
		default:
			memcpy(esc + 1, "u00", 3);
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 15];
			n = 6;
		}
		strbuf_add(sb, esc, n);
	}
	strbuf_add(sb, s + run, len - run);
}

/* Writes the digits of u to end backwards; returns where they start. */
static char *digits_rev(char *end, unsigned long long u)
{
	do {
		*--end = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	return end;
}

void strbuf_add_long(struct strbuf *sb, long v)
{
	char buf[24], *end = buf + sizeof(buf);
	char *p = digits_rev(end, v < 0 ? 0ULL - (unsigned long long)v :
			     (unsigned long long)v);

	if (v < 0)
		*--p = '-';
	strbuf_add(sb, p, (size_t)(end - p));
}

void strbuf_reset(struct strbuf *sb)
{
	sb->len = 0;
	if (sb->buf)
		sb->buf[0] = '\0';
}

void strbuf_release(struct strbuf *sb)
{
	free(sb->buf);
	sb->buf = NULL;
	sb->len = sb->cap = 0;
}

/* ---- arena ----------------------------------------------------------- */

struct arena_block {
	struct arena_block *next;
	size_t used, size;
	char data[];
};

#define ARENA_BLOCK 65536

char *arena_alloc(struct arena *a, size_t n)
{
	struct arena_block *b = a->head;
	char *p;

	if (!b || b->size - b->used < n) {
		size_t size = n > ARENA_BLOCK / 4 ? n : ARENA_BLOCK;

		b = xmalloc(sizeof(*b) + size);
		b->used = 0;
		b->size = size;
		if (size == ARENA_BLOCK || !a->head) {
			b->next = a->head;
			a->head = b;
		} else {	/* a big block: keep filling the current one */
			b->next = a->head->next;
			a->head->next = b;
		}
	}
	p = b->data + b->used;
	b->used += n;
	return p;
}

void arena_reset(struct arena *a)
{
	struct arena_block *keep = a->head;

	if (keep && keep->size != ARENA_BLOCK)
		keep = NULL;	/* a lone big block: not worth keeping */
	for (struct arena_block *b = a->head; b;) {
		struct arena_block *next = b->next;

		if (b != keep)
			free(b);
		b = next;
	}
	a->head = keep;
	if (keep) {
		keep->next = NULL;
		keep->used = 0;
	}
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

void arena_release(struct arena *a)
{
	struct arena_block *b = a->head;

	while (b) {
		struct arena_block *next = b->next;

		free(b);
		b = next;
	}
	a->head = NULL;
}

/* ---- hashing and UTF-8 ------------------------------------------------ */

uint64_t hash64(const void *data, size_t len)
{
	/* FNV-1a over the bytes, then a murmur3 finaliser to spread bits. */
	const unsigned char *p = data;
	uint64_t h = 0xcbf29ce484222325ULL ^ (uint64_t)len;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= p[i];
		h *= 0x100000001b3ULL;
	}
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

int utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;

	while (p < end) {
		unsigned c = *p;
		size_t n;
		unsigned cp;

		if (c < 0x80) {
			p++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			n = 1;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			n = 2;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			n = 3;
			cp = c & 0x07;
		} else {
			return 0;
		}
		if ((size_t)(end - p) <= n)
			return 0;
		for (size_t i = 1; i <= n; i++) {
			if ((p[i] & 0xc0) != 0x80)
				return 0;
			cp = (cp << 6) | (p[i] & 0x3f);
		}
		if ((n == 2 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
		    (n == 3 && (cp < 0x10000 || cp > 0x10ffff)))
			return 0;
		p += n + 1;
	}
	return 1;
}

/* ---- atomic output ---------------------------------------------------- */

/* Opens a path that is not a regular file (a device such as /dev/null,
 * a FIFO) for writing in place: renaming over it would replace it. */
static int open_in_place(struct outfile *o, const char *path, struct diag *d)
{
	o->fp = fopen(path, "w");
	if (!o->fp) {
		diag_set(d, path, 0, 0, NULL, "cannot open output: %s",
			 strerror(errno));
		outfile_abort(o);
		return -1;
	}
	return 0;
}

int outfile_open(struct outfile *o, const char *path, struct diag *d)
{
	const char *slash;
	size_t dirlen;
	struct stat st;
	char *real = NULL;
	int fd;

	memset(o, 0, sizeof(*o));
	if (!strcmp(path, "-")) {
		o->fp = stdout;
		o->path = xstrdup("-");
		return 0;
	}
	o->path = xstrdup(path);
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
		return open_in_place(o, path, d);
	/* A symbolic link keeps pointing where it did: the file it names is
	 * the one replaced. */
	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode) &&
	    (real = realpath(path, NULL))) {
		free(o->path);
		o->path = real;
		path = real;
	}
	slash = strrchr(path, '/');
	dirlen = slash ? (size_t)(slash - path) + 1 : 0;
	o->tmp = xmalloc(strlen(path) + 16);
	memcpy(o->tmp, path, dirlen);
	sprintf(o->tmp + dirlen, ".%s.tmp.XXXXXX", path + dirlen);
	fd = mkstemp(o->tmp);
	if (fd < 0) {
		diag_set(d, path, 0, 0, NULL, "cannot create output: %s",
			 strerror(errno));
		outfile_abort(o);
		return -1;
	}
	/* mkstemp makes 0600; outputs are ordinary files. */
	{
		mode_t mask = umask(0);

		umask(mask);
		fchmod(fd, 0666 & ~mask);
	}
	o->fp = fdopen(fd, "w");
	if (!o->fp) {
		close(fd);
		diag_set(d, path, 0, 0, NULL, "cannot open output: %s",
			 strerror(errno));
		outfile_abort(o);
		return -1;
	}
	temps_add(o->tmp);
	return 0;
}

int outfile_put(struct outfile *o, struct strbuf *sb, struct diag *d)
{
	if (!o->fp || !sb->len)
		return 0;
	if (fwrite(sb->buf, 1, sb->len, o->fp) != sb->len)
		return diag_set(d, o->path, 0, 0, NULL, "cannot write: %s",
				strerror(errno));
	strbuf_reset(sb);
	return 0;
}

int outfile_commit(struct outfile *o, struct diag *d)
{
	int err = 0;

	if (!o->fp)
		return diag_set(d, o->path, 0, 0, NULL, "output not open");
	if (fflush(o->fp) != 0 || ferror(o->fp))
		err = errno ? errno : EIO;
	if (!o->tmp) {		/* stdout, or a device written in place */
		if (o->fp != stdout && fclose(o->fp) != 0 && !err)
			err = errno ? errno : EIO;
		if (err) {
			diag_set(d, o->path, 0, 0, NULL, "cannot write output: %s",
				 strerror(err));
		}
		o->fp = NULL;
		free(o->path);
		o->path = NULL;
		return err ? -1 : 0;
	}
	if (!err && fsync(fileno(o->fp)) != 0 && errno != EINVAL)
		err = errno;
	if (fclose(o->fp) != 0 && !err)
		err = errno ? errno : EIO;
	o->fp = NULL;
	if (!err && rename(o->tmp, o->path) != 0)
		err = errno;
	if (!err)
		temps_remove(o->tmp);
	if (err) {
		diag_set(d, o->path, 0, 0, NULL, "cannot write output: %s",
			 strerror(err));
		outfile_abort(o);
		return -1;
	}
	free(o->tmp);
	free(o->path);
	o->tmp = o->path = NULL;
	return 0;
}

void outfile_abort(struct outfile *o)
{
	if (o->fp && o->fp != stdout)
		fclose(o->fp);
	if (o->tmp) {
		temps_remove(o->tmp);
		unlink(o->tmp);
	}
	free(o->tmp);
	free(o->path);
	memset(o, 0, sizeof(*o));
}

/* ---- data files ------------------------------------------------------- */

const char *tally_datadir(void)
{
	static char dir[4096];
	const char *env = getenv("TALLY_DATA");
	struct stat st;

	if (dir[0])
		return dir;
	if (env && env[0])
		snprintf(dir, sizeof(dir), "%s", env);
	else if (stat(TALLY_SOURCE_DATADIR "/sample", &st) == 0)
		snprintf(dir, sizeof(dir), "%s", TALLY_SOURCE_DATADIR);
	else
		snprintf(dir, sizeof(dir), "%s", TALLY_INSTALL_DATADIR);
	return dir;
}

char *tally_datapath(char *buf, size_t size, const char *rel)
{
	snprintf(buf, size, "%s/%s", tally_datadir(), rel);
	return buf;
}

/* Writes, as %.{p}g would, the p significant digits d (a decimal
 * exponent x: d[0].d[1]... x 10^x) with sign neg; returns the length. */
static size_t g_style(char *out, int neg, const char *d, int p, int x)
{
	size_t n = 0;
	int last = p - 1;

	while (last > 0 && d[last] == '0')	/* trailing zeros go */
		last--;
	if (neg)
		out[n++] = '-';
	if (x < -4 || x >= p) {			/* d.ddde+XX */
		out[n++] = d[0];
		if (last > 0) {
			out[n++] = '.';
			memcpy(out + n, d + 1, (size_t)last);
			n += (size_t)last;
		}
		n += (size_t)sprintf(out + n, "e%c%02d", x < 0 ? '-' : '+',
				     x < 0 ? -x : x);
	} else if (x >= 0) {			/* ddd.ddd */
		memcpy(out + n, d, (size_t)x + 1);
		n += (size_t)x + 1;
		if (last > x) {
			out[n++] = '.';
			memcpy(out + n, d + x + 1, (size_t)(last - x));
			n += (size_t)(last - x);
		}
	} else {				/* 0.000ddd */
		out[n++] = '0';
		out[n++] = '.';
		for (int i = 0; i < -x - 1; i++)
			out[n++] = '0';
		memcpy(out + n, d, (size_t)last + 1);
		n += (size_t)last + 1;
	}
	out[n] = '\0';
	return n;
}

/*
 * fmt_double() with one snprintf(): v's 17 significant digits (%.16e,
 * correctly rounded) give its 15 and 16 digits too, by rounding them
 * again, except when the digits dropped are exactly a half (then the
 * value itself may lie on either side: -1, and the caller asks printf).
 * The shortest that reads back is written as %.{15,16,17}g would.
 */
static int fmt_fast(char *buf, size_t size, double v)
{
	char e[40], d[18], t[40];
	int x, neg = v < 0;
	const char *p = e + neg;

	if (size < 32 || snprintf(e, sizeof(e), "%.16e", v) >= (int)sizeof(e))
		return -1;
	d[0] = p[0];
	memcpy(d + 1, p + 2, 16);
	d[17] = '\0';
	x = atoi(p + 19);
	for (int prec = 15; prec <= 16; prec++) {
		char r[18];
		int rx = x, up;

		if (d[prec] == '5' && (prec == 16 || d[16] == '0'))
			return -1;	/* a half: rounding twice may differ */
		up = d[prec] >= '5';
		memcpy(r, d, (size_t)prec);
		for (int i = prec - 1; up && i >= 0; i--) {
			if (r[i] == '9') {
				r[i] = '0';
				continue;
			}
			r[i]++;
			up = 0;
		}
		if (up) {		/* 99.9 -> 100 */
			memmove(r + 1, r, (size_t)prec - 1);
			r[0] = '1';
			rx++;
		}
		t[0] = r[0];		/* d.ddd...e<rx>, for strtod() */
		t[1] = '.';
		memcpy(t + 2, r + 1, (size_t)prec - 1);
		sprintf(t + prec + 1, "e%d", rx);
		if ((neg ? -strtod(t, NULL) : strtod(t, NULL)) == v) {
			g_style(buf, neg, r, prec, rx);
			return 0;
		}
	}
	g_style(buf, neg, d, 17, x);
	return 0;
}

/*
 * fmt_double() in integer arithmetic, for the usual values between 1e-6
 * and 1e15 that are not whole: v = m 2^-k exactly (m < 2^53), so
 * v 10^s = m 10^s / 2^k is a quotient q and a remainder r that unsigned
 * 128-bit numbers hold whole (m 10^s < 2^53 10^22 < 2^127, k < 127).
 * For p = 15, 16, 17 the p-digit rounding of v is q or q + 1 (s =
 * p - 1 - x, x the decimal exponent of v), and it reads back as v when it
 * lies closer to v than half the gap to v's neighbours: 2 |d - r| <
 * 10^s, d being 0 or 2^k, or equal with an even m (ties go to even).
 * The first p that reads back is the one %.{p}g and strtod() pick.  An
 * exact tie in the rounding (printf's rounding mode would decide), or
 * v out of that range: -1, and the caller takes the general way.
 */
static int fmt_exact(char *buf, size_t size, double v)
{
	typedef unsigned __int128 u128;
	static const uint64_t p10[23] = {
		1ull, 10ull, 100ull, 1000ull, 10000ull, 100000ull, 1000000ull,
		10000000ull, 100000000ull, 1000000000ull, 10000000000ull,
		100000000000ull, 1000000000000ull, 10000000000000ull,
		100000000000000ull, 1000000000000000ull, 10000000000000000ull,
		100000000000000000ull, 1000000000000000000ull,
		10000000000000000000ull, 0, 0, 0	/* 1e20..1e22: below */
	};
	double a = fabs(v);
	int e2, k, x;
	uint64_t m;

	if (size < 32 || !(a >= 1e-6 && a < 1e15))
		return -1;
	m = (uint64_t)ldexp(frexp(a, &e2), 53);	/* a = m 2^(e2 - 53) */
	k = 53 - e2;
	if (k <= 0 || k > 126)
		return -1;
	x = (int)floor(log10(a));
	for (int p = 15; p <= 17; p++) {
		u128 big, q, r, half, ten_s, dist;
		int s, xr = x, up, ok;
		char d[24];

		for (;;) {	/* x checked: q must have p digits */
			s = p - 1 - xr;
			if (s < 0 || s > 22)
				return -1;
			ten_s = s <= 19 ? (u128)p10[s] : (u128)p10[19] * p10[s - 19];
			big = (u128)m * ten_s;
			q = big >> k;
			if (q < p10[p - 1])
				xr--;
			else if (q >= p10[p])
				xr++;
			else
				break;
		}
		x = xr;
		r = big & (((u128)1 << k) - 1);
		half = (u128)1 << (k - 1);
		if (r == half)
			return -1;	/* a tie: printf's rounding decides */
		up = r > half;
		dist = up ? ((u128)1 << k) - r : r;	/* |d - v 10^s| 2^k */
		ok = 2 * dist < ten_s || (2 * dist == ten_s && !(m & 1));
		/* below v, when m is a power of two the gap to the lower
		 * neighbour is half: the same test against 10^s / 2 */
		if (!up && dist && m == (1ull << 52) && !(4 * dist < ten_s ||
		    (4 * dist == ten_s && !(m & 1))))
			ok = 0;
		if (!ok && p < 17)
			continue;
		q += (u128)up;
		if (q == p10[p]) {	/* 99.9 -> 100: one more digit */
			q = p10[p - 1];
			xr++;
		}
		for (int i = p - 1; i >= 0; i--, q /= 10)
			d[i] = (char)('0' + (int)(q % 10));
		g_style(buf, v < 0, d, p, xr);
		return 0;
	}
	return -1;
}

char *fmt_double(char *buf, size_t size, double v)
{
	int prec;

	if (v == 0) {		/* also -0: tables never say "-0" */
		if (size >= 2)
			memcpy(buf, "0", 2);
		else if (size)
			buf[0] = '\0';	/* as snprintf() would cut it */
		return buf;
	}
	/* (the range test first: converting a double out of the range of
	 * long long is undefined) */
	if (fabs(v) < 1e15 && v == (double)(long long)v && size >= 18) {
		/* a whole number of at most 15 digits: what %.15g writes */
		char tmp[24], *end = tmp + sizeof(tmp), *p;
		long long i = (long long)v;

		p = digits_rev(end, i < 0 ? 0ULL - (unsigned long long)i :
			       (unsigned long long)i);
		if (i < 0)
			*--p = '-';
		memcpy(buf, p, (size_t)(end - p));
		buf[end - p] = '\0';
		return buf;
	}
	if (fmt_exact(buf, size, v) == 0)
		return buf;
	if (isfinite(v) && fmt_fast(buf, size, v) == 0)
		return buf;
	for (prec = 15; prec <= 17; prec++) {
		snprintf(buf, size, "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	return buf;
}
