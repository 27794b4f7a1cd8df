/*
 * report_json.c - the briefing as one JSON object, for machines and for
 * the tests that recompute its figures: the display text of every
 * section and the raw numbers behind the headlines.  Undefined numbers
 * are null.  Keys come in a fixed order; the output ends with a newline.
 */
#include <math.h>
#include <string.h>

#include "tally/report.h"

static void js_str(struct strbuf *out, const char *s)
{
	strbuf_addch(out, '"');
	strbuf_add_json_escaped(out, s ? s : "", s ? strlen(s) : 0);
	strbuf_addch(out, '"');
}

static void js_key(struct strbuf *out, const char *k, const char *v)
{
	js_str(out, k);
	strbuf_addch(out, ':');
	js_str(out, v);
}

static void js_num(struct strbuf *out, double v)
{
	char buf[40];

	if (isfinite(v))
		strbuf_addstr(out, fmt_double(buf, sizeof(buf), v));
	else
		strbuf_addstr(out, "null");
}

static void js_cell(struct strbuf *out, const struct report_cell *c)
{
	if (!c->sub && !c->href) {
		js_str(out, c->text);
		return;
	}
	strbuf_addch(out, '{');
	js_key(out, "text", c->text);
	if (c->sub) {
		strbuf_addch(out, ',');
		js_key(out, "sub", c->sub);
	}
	if (c->href) {
		strbuf_addch(out, ',');
		js_key(out, "href", c->href);
	}
	strbuf_addch(out, '}');
}

static void js_table(struct strbuf *out, const struct report_table *t)
{
	strbuf_addstr(out, "\"caption\":");
	if (t->caption)
		js_str(out, t->caption);
	else
		strbuf_addstr(out, "null");
	strbuf_addstr(out, ",\"head\":[");
	for (size_t i = 0; i < t->ncols; i++) {
		strbuf_addstr(out, i ? "," : "");
		js_str(out, t->head[i]);
	}
	strbuf_addstr(out, "],\"rows\":[");
	for (size_t r = 0; r < t->nrows; r++) {
		strbuf_addstr(out, r ? ",\n[" : "\n[");
		for (size_t i = 0; i < t->ncols; i++) {
			strbuf_addstr(out, i ? "," : "");
			js_cell(out, &t->cells[r * t->ncols + i]);
		}
		strbuf_addch(out, ']');
	}
	strbuf_addstr(out, "],\"note\":");
	if (t->note)
		js_str(out, t->note);
	else
		strbuf_addstr(out, "null");
}

static void js_block(struct strbuf *out, const struct report_block *b)
{
	static const char *const kinds[] = {
		"para", "heading", "list", "table", "headlines", "chart"
	};

	strbuf_addstr(out, "{\"kind\":");
	js_str(out, kinds[b->kind]);
	strbuf_addch(out, ',');
	switch (b->kind) {
	case REPORT_PARA:
	case REPORT_HEADING:
		js_key(out, "text", b->text);
		break;
	case REPORT_LIST:
		strbuf_addstr(out, "\"items\":[");
		for (size_t i = 0; i < b->nitems; i++) {
			strbuf_addstr(out, i ? "," : "");
			js_str(out, b->items[i]);
		}
		strbuf_addch(out, ']');
		break;
	case REPORT_TABLE:
		js_table(out, b->table);
		break;
	case REPORT_HEADLINES:
		strbuf_addstr(out, "\"headlines\":[");
		for (size_t i = 0; i < b->nheads; i++) {
			const struct report_headline *h = &b->heads[i];

			strbuf_addstr(out, i ? ",\n{" : "\n{");
			js_key(out, "key", h->key);
			strbuf_addch(out, ',');
			js_key(out, "label", h->label);
			strbuf_addch(out, ',');
			js_key(out, "value", h->value);
			strbuf_addch(out, ',');
			js_key(out, "change", h->change);
			strbuf_addch(out, ',');
			js_key(out, "trend", h->trend);
			strbuf_addch(out, ',');
			js_key(out, "basis", h->basis);
			strbuf_addch(out, '}');
		}
		strbuf_addch(out, ']');
		break;
	case REPORT_CHART:
		js_key(out, "name", b->chart->name);
		strbuf_addch(out, ',');
		js_key(out, "title", b->chart->title);
		strbuf_addch(out, ',');
		js_key(out, "alt", b->chart->alt);
		break;
	}
	strbuf_addch(out, '}');
}

static void js_number(struct strbuf *out, const struct report_number *n)
{
	strbuf_addch(out, '{');
	js_key(out, "key", n->key);
	strbuf_addch(out, ',');
	js_key(out, "unit", n->unit);
	strbuf_addstr(out, ",\"value\":");
	js_num(out, n->value);
	strbuf_addstr(out, ",\"low\":");
	js_num(out, n->low);
	strbuf_addstr(out, ",\"high\":");
	js_num(out, n->high);
	strbuf_addstr(out, ",\"previous\":");
	js_num(out, n->previous);
	strbuf_addstr(out, ",\"change_pct\":");
	js_num(out, n->change_pct);
	strbuf_addstr(out, ",\"trend_slope\":");
	js_num(out, n->trend_slope);
	strbuf_addf(out, ",\"trend_flagged\":%s,\"figures\":%ld,\"bulletins\":%ld}",
		    n->trend_flagged ? "true" : "false", n->figures, n->bulletins);
}

void report_write_json(const struct report_doc *doc, struct strbuf *out)
{
	strbuf_addch(out, '{');
	js_key(out, "month", doc->month);
	strbuf_addch(out, ',');
	js_key(out, "title", doc->title);
	strbuf_addch(out, ',');
	js_key(out, "subtitle", doc->subtitle);
	strbuf_addstr(out, ",\n\"numbers\":[");
	for (size_t i = 0; i < doc->nnumbers; i++) {
		strbuf_addstr(out, i ? ",\n" : "\n");
		js_number(out, &doc->numbers[i]);
	}
	strbuf_addstr(out, "],\n\"sections\":[");
	for (size_t i = 0; i < doc->nsections; i++) {
		const struct report_section *s = &doc->sections[i];

		strbuf_addstr(out, i ? ",\n{" : "\n{");
		js_key(out, "id", s->id);
		strbuf_addch(out, ',');
		js_key(out, "title", s->title);
		strbuf_addstr(out, ",\"blocks\":[");
		for (size_t j = 0; j < s->nblocks; j++) {
			strbuf_addstr(out, j ? ",\n" : "\n");
			js_block(out, &s->blocks[j]);
		}
		strbuf_addstr(out, "]}");
	}
	strbuf_addstr(out, "]}\n");
}
