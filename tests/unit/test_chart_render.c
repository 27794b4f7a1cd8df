/* test_chart_render.c - every kind in every format; SVG parses, the PDF
 * has the asked page size and embedded fonts, the PNG the asked pixels
 * and DPI; a bar ends on the pixel its value says; the same chart gives
 * the same bytes after another chart and in another process.
 *
 * Run as `test_chart_render --pair ORDER DIR` it renders two charts in
 * ORDER ("ab" or "ba") into DIR and exits: the fresh process of the
 * determinism checks. */
#include <png.h>
#include <pango/pangocairo.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../pipeline/chart_int.h"
#include "tally/chart.h"
#include "testhelp.h"

/* LeakSanitizer: cairo 1.16 leaks the fontconfig patterns it resolves
 * fonts with (valgrind shows every such block allocated inside
 * libfontconfig, called from cairo-ft); not ours to free. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libfontconfig.so\n";
}

static const char *const months[24] = {
	"2023-01", "2023-02", "2023-03", "2023-04", "2023-05", "2023-06",
	"2023-07", "2023-08", "2023-09", "2023-10", "2023-11", "2023-12",
	"2024-01", "2024-02", "2024-03", "2024-04", "2024-05", "2024-06",
	"2024-07", "2024-08", "2024-09", "2024-10", "2024-11", "2024-12"
};
static const char *const places[8] = {
	"Rotterdam", "Zürich", "Київ", "Αθήνα", "القاهرة", "São Paulo",
	"A place with a name far too long to print in the label column",
	"Kraków"
};
static const char *const exts[3] = { "svg", "pdf", "png" };

static double va[24], vb[24], trend[24], lo[24], hi[24], money[60];
static const double place_a[8] = { 900, 40, 320, 75, 510, 12, 230, 66 };
static const double place_b[8] = { 700, 55, 200, 90, 380, NAN, 260, 40 };
static const struct chart_ref refs[2] = { { 300, "Target" }, { 600, NULL } };

static void make_data(void)
{
	for (int i = 0; i < 24; i++) {
		va[i] = 100 + 7 * i + (i % 5) * 9;
		vb[i] = 40 + (i % 7) * 6;
		trend[i] = 110 + 7.5 * i;
		lo[i] = trend[i] - 12;
		hi[i] = trend[i] + 12;
	}
	for (int i = 0; i < 60; i++)
		money[i] = pow(10, 3 + (i % 17) * 0.31);
}

/* The test chart of kind k, with every feature of the kind. */
static void spec_of(enum chart_kind k, struct chart_spec *s,
		    struct chart_series *se)
{
	chart_spec_init(s);
	s->kind = k;
	s->title = "Arrests in Zürich, Київ and Αθήνα";
	s->subtitle = "Arrests a month";
	s->footer = "Source: 12 bulletins from Interpol, Europol; "
		    "Jan 2023\u2013Dec 2024";
	s->date = "2024-12";
	s->labels = months;
	s->nlabels = 24;
	memset(se, 0, 3 * sizeof(*se));
	se[0] = (struct chart_series){ .name = "Interpol", .values = va,
		.nvalues = 24, .trend = trend, .band_lo = lo, .band_hi = hi };
	se[1] = (struct chart_series){ .name = "Europol", .values = vb,
		.nvalues = 24 };
	se[2] = (struct chart_series){ .name = "Money (USD)", .values = va,
		.nvalues = 24, .unit = CHART_UNIT_MONEY, .currency = "USD" };
	s->series = se;
	s->nseries = k == CHART_LINE ? 1 : k == CHART_MULTIPLES ? 3 : 2;
	if (k == CHART_HBARS || k == CHART_DOTS || k == CHART_RANKED) {
		s->labels = places;
		s->nlabels = 8;
		se[0].values = place_a;
		se[1].values = place_b;
		se[0].nvalues = se[1].nvalues = 8;
		se[0].trend = se[0].band_lo = se[0].band_hi = NULL;
		s->refs = refs;
		s->nrefs = k == CHART_RANKED ? 0 : 2;
		s->top_n = 6;
	}
	if (k == CHART_HISTOGRAM) {
		se[0].values = money;
		se[0].nvalues = 60;
		se[0].trend = se[0].band_lo = se[0].band_hi = NULL;
		s->nseries = 1;
		s->unit = CHART_UNIT_MONEY;
		s->currency = "EUR";
	}
}

/* ---- writers and files -------------------------------------------------- */

static int to_strbuf(void *ctx, const void *data, size_t len)
{
	strbuf_add(ctx, data, len);
	return 0;
}

static int refuse(void *ctx, const void *data, size_t len)
{
	(void)ctx;
	(void)data;
	(void)len;
	return -1;
}

static int render(const struct chart_spec *s, enum chart_format f,
		  struct strbuf *out)
{
	struct diag d;
	char buf[600];

	diag_clear(&d);
	strbuf_reset(out);
	if (chart_render(s, f, to_strbuf, out, &d) == 0)
		return 0;
	fprintf(stderr, "render: %s\n", diag_format(&d, buf, sizeof(buf)));
	return -1;
}

static char tmpdir[64];

static const char *tmp_path(const char *name)
{
	static char path[128];

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	return path;
}

static void save(const char *path, const struct strbuf *sb)
{
	FILE *fp = fopen(path, "wb");

	CHECK(fp != NULL);
	if (!fp)
		return;
	CHECK(fwrite(sb->buf, 1, sb->len, fp) == sb->len);
	fclose(fp);
}

/* ---- reading back -------------------------------------------------------- */

struct mem {
	const unsigned char *p;
	size_t len, off;
};

static void mem_read(png_structp png, png_bytep out, png_size_t n)
{
	struct mem *m = png_get_io_ptr(png);

	if (m->off + n > m->len)
		png_error(png, "short PNG");
	memcpy(out, m->p + m->off, n);
	m->off += n;
}

/* Reads size and pHYs of a PNG in memory; 0 or -1. */
static int png_header(const struct strbuf *sb, png_uint_32 *w, png_uint_32 *h,
		      png_uint_32 *ppm_x, png_uint_32 *ppm_y, int *unit)
{
	struct mem m = { (const unsigned char *)sb->buf, sb->len, 0 };
	png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, NULL,
						 NULL, NULL);
	png_infop info = png_create_info_struct(png);
	int ok = -1;

	if (setjmp(png_jmpbuf(png))) {
		png_destroy_read_struct(&png, &info, NULL);
		return -1;
	}
	png_set_read_fn(png, &m, mem_read);
	png_read_info(png, info);
	*w = png_get_image_width(png, info);
	*h = png_get_image_height(png, info);
	if (png_get_pHYs(png, info, ppm_x, ppm_y, unit) & PNG_INFO_pHYs)
		ok = 0;
	png_destroy_read_struct(&png, &info, NULL);
	return ok;
}

/* Decodes a PNG in memory to RGB; the caller frees the pixels. */
static unsigned char *png_pixels(const struct strbuf *sb, png_uint_32 *w,
				 png_uint_32 *h)
{
	png_image img;
	unsigned char *px;

	memset(&img, 0, sizeof(img));
	img.version = PNG_IMAGE_VERSION;
	if (!png_image_begin_read_from_memory(&img, sb->buf, sb->len))
		return NULL;
	img.format = PNG_FORMAT_RGB;
	px = malloc(PNG_IMAGE_SIZE(img));
	if (!png_image_finish_read(&img, NULL, px, 0, NULL)) {
		free(px);
		return NULL;
	}
	*w = img.width;
	*h = img.height;
	return px;
}

/* Runs cmd and returns its first output line that starts with prefix. */
static int command_line(const char *cmd, const char *prefix, char *out,
			size_t size)
{
	FILE *fp = popen(cmd, "r");
	char line[512];
	int found = 0;

	if (!fp)
		return 0;
	while (fgets(line, sizeof(line), fp))
		if (!found && !strncmp(line, prefix, strlen(prefix))) {
			snprintf(out, size, "%s", line);
			found = 1;
		}
	return pclose(fp) == 0 && found;
}

static int have(const char *tool)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "command -v %s >/dev/null 2>&1", tool);
	return system(cmd) == 0;
}

/* ---- every kind in every format ------------------------------------------- */

static void check_svg(const struct strbuf *sb, const char *path)
{
	char cmd[300];

	CHECK(sb->len > 100 && !strncmp(sb->buf, "<?xml", 5));
	CHECK(strstr(sb->buf, "</svg>") != NULL);
	CHECK(strstr(sb->buf, "width=\"453.543307pt\"") != NULL);
	if (!have("python3"))
		return;
	snprintf(cmd, sizeof(cmd), "python3 -c 'import sys, xml.dom.minidom; "
		 "xml.dom.minidom.parse(sys.argv[1])' %s", path);
	CHECK(system(cmd) == 0);
}

static void check_pdf(const struct strbuf *sb, const char *path,
		      double w, double h)
{
	char cmd[300], line[512], *end;
	double pw, ph;

	CHECK(sb->len > 100 && !strncmp(sb->buf, "%PDF-", 5));
	if (!have("pdfinfo"))
		return;
	snprintf(cmd, sizeof(cmd), "pdfinfo %s", path);
	CHECK(command_line(cmd, "Page size:", line, sizeof(line)));
	pw = strtod(line + 10, &end);	/* "Page size:  453.543 x 283.465 pts" */
	ph = strncmp(end, " x ", 3) ? 0 : strtod(end + 3, &end);
	CHECK(fabs(pw - w) < 0.01 && fabs(ph - h) < 0.01);
	snprintf(cmd, sizeof(cmd), "pdffonts %s | awk 'NR > 2 && $(NF-4) != "
		 "\"yes\"' | grep -q . && echo 'not embedded'", path);
	CHECK(!command_line(cmd, "not embedded", line, sizeof(line)));
}

static void check_png(const struct strbuf *sb, double w, double h,
		      double dpi)
{
	png_uint_32 pw, ph, px, py;
	int unit;

	CHECK(png_header(sb, &pw, &ph, &px, &py, &unit) == 0);
	CHECK(pw == (png_uint_32)lround(w * dpi / 72));
	CHECK(ph == (png_uint_32)lround(h * dpi / 72));
	CHECK(px == (png_uint_32)lround(dpi / 0.0254) && px == py);
	CHECK(unit == PNG_RESOLUTION_METER);
}

static void check_every_kind(void)
{
	struct strbuf sb = STRBUF_INIT;
	struct chart_series se[3];
	struct chart_spec s;
	char name[64];

	for (int k = 0; k < CHART_KIND__COUNT; k++)
		for (int f = 0; f < 3; f++) {
			spec_of((enum chart_kind)k, &s, se);
			if (k == CHART_HBARS || k == CHART_DOTS ||
			    k == CHART_RANKED)
				s.height = 100 * 72 / 25.4;
			if (f == CHART_PNG)
				s.dpi = k % 2 ? 96 : 0;
			snprintf(name, sizeof(name), "%s.%s",
				 chart_kind_name((enum chart_kind)k), exts[f]);
			CHECK(render(&s, (enum chart_format)f, &sb) == 0);
			save(tmp_path(name), &sb);
			if (f == CHART_SVG)
				check_svg(&sb, tmp_path(name));
			else if (f == CHART_PDF)
				check_pdf(&sb, tmp_path(name), 453.543, 283.465);
			else
				check_png(&sb, 160 * 72 / 25.4, 100 * 72 / 25.4,
					  s.dpi ? s.dpi : 192);
		}
	strbuf_release(&sb);
}

/* Other sizes: the page follows --width/--height, the pixels --dpi. */
static void check_sizes(void)
{
	struct strbuf sb = STRBUF_INIT;
	struct chart_series se[3];
	struct chart_spec s;

	spec_of(CHART_LINE, &s, se);
	s.width = 600;
	s.height = 400;
	CHECK(render(&s, CHART_PDF, &sb) == 0);
	save(tmp_path("size.pdf"), &sb);
	check_pdf(&sb, tmp_path("size.pdf"), 600, 400);
	s.dpi = 300;
	CHECK(render(&s, CHART_PNG, &sb) == 0);
	check_png(&sb, 600, 400, 300);
	strbuf_release(&sb);
}

/* ---- pixels ---------------------------------------------------------------- */

static int is_blue(const unsigned char *p)
{
	return abs(p[0] - 0x00) < 8 && abs(p[1] - 0x72) < 8 &&
	       abs(p[2] - 0xB2) < 8;
}

static const unsigned char *pixel(const unsigned char *px, png_uint_32 w,
				  double x, double y)
{
	return px + ((size_t)lround(y) * w + (size_t)lround(x)) * 3;
}

/* The plan of s exactly as chart_render() computes it. */
static void plan_as_rendered(const struct chart_spec *s, struct chart_plan *p)
{
	struct chart_painter *painter = chart_painter_new(s);
	struct chart_measure m;
	struct diag d;

	chart_painter_measure(painter, &m);
	diag_clear(&d);
	CHECK(chart_plan_compute(s, &m, p, &d) == 0);
	chart_painter_free(painter);
}

static const struct chart_item *bar_of(const struct chart_plan *p, long index)
{
	for (size_t i = 0; i < p->nitems; i++)
		if (p->items[i].role == CHART_ROLE_BAR &&
		    p->items[i].index == index)
			return &p->items[i];
	return NULL;
}

/* Horizontal bars of 50 and 100 at 144 dpi: the longer one ends on the
 * pixel its value maps to, and starts at zero. */
static void check_pixels_hbars(void)
{
	static const char *const names[2] = { "Alpha", "Beta" };
	const double v[2] = { 50, 100 };
	struct chart_series se = { .values = v, .nvalues = 2 };
	struct strbuf sb = STRBUF_INIT;
	struct chart_plan p;
	struct chart_spec s;
	const struct chart_item *bar;
	unsigned char *px;
	png_uint_32 w, h;
	double k = 2, x1, x0, y;

	chart_spec_init(&s);
	s.kind = CHART_HBARS;
	s.title = "Pixels";
	s.footer = "Source: test";
	s.labels = names;
	s.nlabels = 2;
	s.series = &se;
	s.nseries = 1;
	s.dpi = 144;
	s.height = 300;
	plan_as_rendered(&s, &p);
	bar = bar_of(&p, 1);
	CHECK(bar != NULL);
	CHECK(render(&s, CHART_PNG, &sb) == 0);
	px = png_pixels(&sb, &w, &h);
	CHECK(px != NULL);
	if (bar && px) {
		x1 = chart_scale_map(&p.value, 100) * k;
		x0 = chart_scale_map(&p.value, 0) * k;
		y = (bar->y0 + bar->y1) / 2 * k;
		CHECK(fabs(bar->x1 * k - x1) < 1e-9);
		CHECK(is_blue(pixel(px, w, x1 - 2, y)));
		CHECK(!is_blue(pixel(px, w, x1 + 2, y)));
		CHECK(pixel(px, w, x1 + 2, y)[0] > 230);	/* white */
		CHECK(is_blue(pixel(px, w, x0 + 3, y)));
		CHECK(!is_blue(pixel(px, w, x0 - 3, y)));
		/* The shorter bar ends half way. */
		bar = bar_of(&p, 0);
		y = (bar->y0 + bar->y1) / 2 * k;
		CHECK(is_blue(pixel(px, w, (x0 + x1) / 2 - 2, y)));
		CHECK(!is_blue(pixel(px, w, (x0 + x1) / 2 + 2, y)));
	}
	free(px);
	chart_plan_release(&p);
	strbuf_release(&sb);
}

/* A vertical bar of 40 tops out where 40 maps to. */
static void check_pixels_bars(void)
{
	const double v[2] = { 10, 40 };
	struct chart_series se = { .values = v, .nvalues = 2 };
	struct strbuf sb = STRBUF_INIT;
	struct chart_plan p;
	struct chart_spec s;
	const struct chart_item *bar;
	unsigned char *px;
	png_uint_32 w, h;
	double k = 192 / 72.0, x, top;

	chart_spec_init(&s);
	s.kind = CHART_BARS;
	s.title = "Pixels";
	s.footer = "Source: test";
	s.labels = months;
	s.nlabels = 2;
	s.series = &se;
	s.nseries = 1;
	plan_as_rendered(&s, &p);
	bar = bar_of(&p, 1);
	CHECK(render(&s, CHART_PNG, &sb) == 0);
	px = png_pixels(&sb, &w, &h);
	if (bar && px) {
		x = (bar->x0 + bar->x1) / 2 * k;
		top = chart_scale_map(&p.value, 40) * k;
		CHECK(is_blue(pixel(px, w, x, top + 2)));
		CHECK(!is_blue(pixel(px, w, x, top - 2)));
		CHECK(is_blue(pixel(px, w, x, chart_scale_map(&p.value, 0) * k - 3)));
	}
	free(px);
	chart_plan_release(&p);
	strbuf_release(&sb);
}

/* ---- determinism ------------------------------------------------------------ */

/* Chart "a" is a bar chart, "b" a histogram: different glyphs, sizes
 * and surfaces. */
static void pair_spec(char which, struct chart_spec *s, struct chart_series *se)
{
	spec_of(which == 'a' ? CHART_BARS : CHART_HISTOGRAM, s, se);
	if (which == 'b')
		s->title = "Another title, ÆØÅ and Ελλάδα";
}

static int render_pair(const char *order, const char *dir)
{
	struct strbuf sb = STRBUF_INIT;
	struct chart_series se[3];
	struct chart_spec s;
	char path[300];

	for (const char *c = order; *c; c++)
		for (int f = 0; f < 3; f++) {
			pair_spec(*c, &s, se);
			if (render(&s, (enum chart_format)f, &sb))
				return 1;
			snprintf(path, sizeof(path), "%s/%c.%s", dir, *c, exts[f]);
			save(path, &sb);
		}
	strbuf_release(&sb);
	return 0;
}

static int same_files(const char *a, const char *b)
{
	char cmd[600];

	snprintf(cmd, sizeof(cmd), "cmp -s %s %s", a, b);
	return system(cmd) == 0;
}

/* In this process after other charts, and in two fresh processes in both
 * orders: the same bytes every time. */
static void check_determinism(const char *self)
{
	char cmd[400], a[200], b[200];
	struct strbuf first = STRBUF_INIT, again = STRBUF_INIT;
	struct chart_series se[3];
	struct chart_spec s;

	for (int f = 0; f < 3; f++) {
		pair_spec('a', &s, se);
		CHECK(render(&s, (enum chart_format)f, &first) == 0);
		pair_spec('b', &s, se);
		CHECK(render(&s, (enum chart_format)f, &again) == 0);
		pair_spec('a', &s, se);
		CHECK(render(&s, (enum chart_format)f, &again) == 0);
		CHECK(first.len == again.len &&
		      !memcmp(first.buf, again.buf, first.len));
	}
	for (int i = 0; i < 2; i++) {
		snprintf(cmd, sizeof(cmd), "mkdir -p %s/%s && %s --pair %s %s/%s",
			 tmpdir, i ? "ba" : "ab", self, i ? "ba" : "ab", tmpdir,
			 i ? "ba" : "ab");
		CHECK(system(cmd) == 0);
	}
	CHECK(render_pair("ba", tmpdir) == 0);	/* here, after the rest */
	for (int f = 0; f < 3; f++)
		for (char c = 'a'; c <= 'b'; c++) {
			snprintf(a, sizeof(a), "%s/ab/%c.%s", tmpdir, c, exts[f]);
			snprintf(b, sizeof(b), "%s/ba/%c.%s", tmpdir, c, exts[f]);
			CHECK(same_files(a, b));
			snprintf(b, sizeof(b), "%s/%c.%s", tmpdir, c, exts[f]);
			CHECK(same_files(a, b));
		}
	strbuf_release(&first);
	strbuf_release(&again);
}

/* cairo's ids, whatever their numbers, come out in definition order. */
static void check_svg_renumber(void)
{
	const char *in = "<g id=\"surface57\"><use xlink:href=\"#glyph3-1\"/>"
			 "<symbol id=\"glyph3-1\"/><g clip-path=\"url(#clip9)\">"
			 "<clipPath id=\"clip9\"/><a href=\"#glyph3-10\"/>"
			 "<symbol id=\"glyph3-10\"/>#nothere</g></g>";
	struct strbuf out = STRBUF_INIT;

	chart_svg_renumber(in, strlen(in), &out);
	CHECK_STR(out.buf, "<g id=\"surface1\"><use xlink:href=\"#glyph2\"/>"
		  "<symbol id=\"glyph2\"/><g clip-path=\"url(#clip3)\">"
		  "<clipPath id=\"clip3\"/><a href=\"#glyph4\"/>"
		  "<symbol id=\"glyph4\"/>#nothere</g></g>");
	strbuf_release(&out);
}

static int contains(const struct strbuf *sb, const char *needle)
{
	size_t n = strlen(needle);

	for (size_t i = 0; i + n <= sb->len; i++)
		if (!memcmp(sb->buf + i, needle, n))
			return 1;
	return 0;
}

/* The PDF date: SOURCE_DATE_EPOCH, else the data period. */
static void check_pdf_date(void)
{
	struct strbuf sb = STRBUF_INIT;
	struct chart_series se[3];
	struct chart_spec s;

	spec_of(CHART_BARS, &s, se);
	unsetenv("SOURCE_DATE_EPOCH");
	CHECK(render(&s, CHART_PDF, &sb) == 0);
	CHECK(contains(&sb, "/CreationDate (D:202412010000Z)"));
	setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
	CHECK(render(&s, CHART_PDF, &sb) == 0);
	CHECK(contains(&sb, "/CreationDate (D:202311142213Z)"));
	unsetenv("SOURCE_DATE_EPOCH");
	strbuf_release(&sb);
}

/* ---- failures ------------------------------------------------------------- */

static void check_failures(void)
{
	struct chart_series se[3];
	struct chart_spec s;
	struct diag d;
	struct stat st;

	spec_of(CHART_LINE, &s, se);
	for (int f = 0; f < 3; f++) {
		diag_clear(&d);
		CHECK(chart_render(&s, (enum chart_format)f, refuse, NULL, &d) == -1);
		CHECK(strstr(d.msg, "cannot write") != NULL);
	}
	diag_clear(&d);
	CHECK(chart_render_file(&s, CHART_SVG, "/nonexistent-dir/x.svg", &d) == -1);
	CHECK_STR(d.file, "/nonexistent-dir/x.svg");
	/* A bad spec leaves no file behind. */
	s.footer = NULL;
	diag_clear(&d);
	CHECK(chart_render_file(&s, CHART_PNG, tmp_path("bad.png"), &d) == -1);
	CHECK_STR(d.field, "footer");
	CHECK(stat(tmp_path("bad.png"), &st) == -1);
	spec_of(CHART_LINE, &s, se);
	diag_clear(&d);
	CHECK(chart_render_file(&s, CHART_PNG, tmp_path("good.png"), &d) == 0);
	CHECK(stat(tmp_path("good.png"), &st) == 0 && st.st_size > 1000);
}

/* Accents and non-Latin scripts have glyphs in the default font. */
static void check_glyphs(void)
{
	PangoFontMap *map = pango_cairo_font_map_get_default();
	PangoContext *ctx = pango_font_map_create_context(map);
	PangoLayout *layout = pango_layout_new(ctx);
	PangoFontDescription *font =
		pango_font_description_from_string("DejaVu Sans 9");

	pango_layout_set_font_description(layout, font);
	pango_layout_set_text(layout, "Zürich Côte d'Ivoire São Paulo Київ "
			      "Αθήνα القاهرة Kraków Türkiye – ÆØÅ", -1);
	CHECK(pango_layout_get_unknown_glyphs_count(layout) == 0);
	pango_font_description_free(font);
	g_object_unref(layout);
	g_object_unref(ctx);
}

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "--pair")) {
		make_data();
		return render_pair(argv[2], argv[3]);
	}
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/test_chart_render.XXXXXX");
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	make_data();
	check_every_kind();
	check_sizes();
	check_pixels_hbars();
	check_pixels_bars();
	check_svg_renumber();
	check_determinism(argv[0]);
	check_pdf_date();
	check_failures();
	check_glyphs();
	if (!test_failed) {
		char cmd[128];

		snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
		if (system(cmd) != 0)
			fprintf(stderr, "could not remove %s\n", tmpdir);
	} else {
		fprintf(stderr, "outputs kept in %s\n", tmpdir);
	}
	return TEST_REPORT();
}
