/*
 * testhelp.h - the smallest test harness that does the job (in the
 * manner of redis's testhelp.h).  CHECK(cond) records a failure with
 * file:line and the expression and goes on; CHECK_STR and CHECK_NUM show
 * both values.  TEST_REPORT() prints the count and returns the status.
 */
#ifndef TALLY_TESTHELP_H
#define TALLY_TESTHELP_H

#include <math.h>
#include <stdio.h>
#include <string.h>

static int test_failed, test_checked;

#define CHECK(cond) do { \
	test_checked++; \
	if (!(cond)) { \
		test_failed++; \
		fprintf(stderr, "%s:%d: check failed: %s\n", \
			__FILE__, __LINE__, #cond); \
	} \
} while (0)

#define CHECK_STR(got, want) do { \
	const char *g_ = (got), *w_ = (want); \
	test_checked++; \
	if (!g_ || !w_ || strcmp(g_, w_)) { \
		test_failed++; \
		fprintf(stderr, "%s:%d: %s is \"%s\", expected \"%s\"\n", \
			__FILE__, __LINE__, #got, g_ ? g_ : "(null)", \
			w_ ? w_ : "(null)"); \
	} \
} while (0)

#define CHECK_NUM(got, want) do { \
	double g_ = (double)(got), w_ = (double)(want); \
	test_checked++; \
	if (!(fabs(g_ - w_) <= 1e-9 * fmax(1.0, fabs(w_)))) { \
		test_failed++; \
		fprintf(stderr, "%s:%d: %s is %.17g, expected %.17g\n", \
			__FILE__, __LINE__, #got, g_, w_); \
	} \
} while (0)

#define TEST_REPORT() ( \
	fprintf(stderr, "%s: %d checks, %d failed\n", __FILE__, \
		test_checked, test_failed), \
	test_failed ? 1 : 0)

#endif
