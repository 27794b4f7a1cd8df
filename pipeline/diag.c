/* diag.c - error positions and messages (see diag.h). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "tally/diag.h"

void diag_clear(struct diag *d)
{
	memset(d, 0, sizeof(*d));
}

int diag_set(struct diag *d, const char *file, long line, long col,
	     const char *field, const char *fmt, ...)
{
	va_list ap;

	if (!d || d->set)
		return -1;
	d->set = 1;
	snprintf(d->file, sizeof(d->file), "%s", file ? file : "");
	d->line = line;
	d->col = col;
	snprintf(d->field, sizeof(d->field), "%s", field ? field : "");
	va_start(ap, fmt);
	vsnprintf(d->msg, sizeof(d->msg), fmt, ap);
	va_end(ap);
	return -1;
}

void diag_locate(struct diag *d, const char *file, long line, long col)
{
	if (!d->file[0] && file)
		snprintf(d->file, sizeof(d->file), "%s", file);
	if (!d->line)
		d->line = line;
	if (!d->col)
		d->col = col;
}

char *diag_format(const struct diag *d, char *buf, size_t size)
{
	size_t n = 0;

	buf[0] = '\0';
	if (d->file[0])
		n += (size_t)snprintf(buf, size, "%s:", d->file);
	if (d->line > 0 && n < size)
		n += (size_t)snprintf(buf + n, size - n, "%ld:", d->line);
	if (d->line > 0 && d->col > 0 && n < size)
		n += (size_t)snprintf(buf + n, size - n, "%ld:", d->col);
	if (n > 0 && n < size)
		n += (size_t)snprintf(buf + n, size - n, " ");
	if (d->field[0] && n < size)
		n += (size_t)snprintf(buf + n, size - n, "field '%s': ", d->field);
	if (n < size)
		snprintf(buf + n, size - n, "%s", d->msg);
	return buf;
}
