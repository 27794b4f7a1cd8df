/* chart_png.c - a cairo image as a PNG that knows its DPI (see
 * chart_int.h).  cairo_surface_write_to_png() writes no pHYs chunk, so
 * word processors would place a 192 dpi chart at twice its size; libpng
 * writes one.  No tIME chunk: the same pixels give the same bytes. */
#include <cairo.h>
#include <math.h>
#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>

#include "chart_int.h"

struct png_sink {
	chart_write_fn write;
	void *ctx;
	char msg[128];
};

static void sink_write(png_structp png, png_bytep data, png_size_t len)
{
	struct png_sink *s = png_get_io_ptr(png);

	if (s->write(s->ctx, data, len))
		png_error(png, "cannot write the PNG");
}

static void sink_flush(png_structp png)
{
	(void)png;
}

static void on_error(png_structp png, png_const_charp msg)
{
	struct png_sink *s = png_get_error_ptr(png);

	snprintf(s->msg, sizeof(s->msg), "%s", msg);
	png_longjmp(png, 1);
}

static void on_warning(png_structp png, png_const_charp msg)
{
	(void)png;
	(void)msg;
}

/* 1 when some pixel of the ARGB32 image is not opaque. */
static int has_alpha(const unsigned char *data, int w, int h, int stride)
{
	uint32_t all = 0xff000000u;

	for (int y = 0; y < h; y++) {
		const uint32_t *px = (const uint32_t *)(data + (size_t)y * stride);

		for (int x = 0; x < w; x++)
			all &= px[x];
		if ((all >> 24) != 0xff)
			return 1;
	}
	return 0;
}

/* Turns a row of native-endian premultiplied ARGB32 into RGB or RGBA. */
static void convert_row(const uint32_t *px, int w, int alpha,
			unsigned char *out)
{
	if (!alpha) {		/* the usual case: every pixel opaque */
		for (int x = 0; x < w; x++, out += 3) {
			out[0] = (unsigned char)(px[x] >> 16);
			out[1] = (unsigned char)(px[x] >> 8);
			out[2] = (unsigned char)px[x];
		}
		return;
	}
	for (int x = 0; x < w; x++) {
		uint32_t p = px[x], a = p >> 24;

		if (a == 255 || a == 0) {
			out[0] = (unsigned char)(p >> 16);
			out[1] = (unsigned char)(p >> 8);
			out[2] = (unsigned char)p;
		} else {	/* undo cairo's premultiplication */
			out[0] = (unsigned char)((((p >> 16) & 255) * 255 + a / 2) / a);
			out[1] = (unsigned char)((((p >> 8) & 255) * 255 + a / 2) / a);
			out[2] = (unsigned char)(((p & 255) * 255 + a / 2) / a);
		}
		out += 3;
		if (alpha)
			*out++ = (unsigned char)a;
	}
}

/* Writes the header chunks, with pHYs for dpi and sRGB. */
static void write_header(png_structp png, png_infop info, int w, int h,
			 int alpha, double dpi)
{
	png_uint_32 ppm = (png_uint_32)lround(dpi / 0.0254);

	png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8,
		     alpha ? PNG_COLOR_TYPE_RGBA : PNG_COLOR_TYPE_RGB,
		     PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
		     PNG_FILTER_TYPE_DEFAULT);
	png_set_pHYs(png, info, ppm, ppm, PNG_RESOLUTION_METER);
	png_set_sRGB(png, info, PNG_sRGB_INTENT_PERCEPTUAL);
	png_set_compression_level(png, 3);
	png_set_filter(png, 0, PNG_FILTER_NONE);
	png_write_info(png, info);
}

int chart_png_write(cairo_surface_t *surface, double dpi,
		    chart_write_fn write, void *ctx, struct diag *d)
{
	struct png_sink sink = { write, ctx, "" };
	int w, h, stride, alpha;
	const unsigned char *data;
	unsigned char *row;
	png_structp png;
	png_infop info;

	cairo_surface_flush(surface);
	if (cairo_image_surface_get_format(surface) != CAIRO_FORMAT_ARGB32)
		return diag_set(d, NULL, 0, 0, NULL, "PNG: not an ARGB32 image");
	w = cairo_image_surface_get_width(surface);
	h = cairo_image_surface_get_height(surface);
	stride = cairo_image_surface_get_stride(surface);
	data = cairo_image_surface_get_data(surface);
	alpha = has_alpha(data, w, h, stride);
	png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &sink, on_error,
				      on_warning);
	info = png ? png_create_info_struct(png) : NULL;
	if (!info) {
		png_destroy_write_struct(&png, NULL);
		return diag_set(d, NULL, 0, 0, NULL, "PNG: out of memory");
	}
	row = xmalloc((size_t)w * 4);
	if (setjmp(png_jmpbuf(png))) {
		png_destroy_write_struct(&png, &info);
		free(row);
		return diag_set(d, NULL, 0, 0, NULL, "PNG: %s", sink.msg);
	}
	png_set_write_fn(png, &sink, sink_write, sink_flush);
	write_header(png, info, w, h, alpha, dpi);
	for (int y = 0; y < h; y++) {
		convert_row((const uint32_t *)(data + (size_t)y * stride), w,
			    alpha, row);
		png_write_row(png, row);
	}
	png_write_end(png, NULL);
	png_destroy_write_struct(&png, &info);
	free(row);
	return 0;
}
