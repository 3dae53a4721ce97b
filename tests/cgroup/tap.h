/* tap.h: the TAP-style reporting the cgroup unit tests share: `ok N - what` / `not ok N - what`,
 * skips, and checks of an lc_error result. main ends with `failed ? 1 : 0`. */
#ifndef TESTS_CGROUP_TAP_H
#define TESTS_CGROUP_TAP_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "error.h"

static int test_number, failed;

static inline void report(bool ok, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static inline void report(bool ok, const char *fmt, ...)
{
	va_list ap;

	printf("%s %d - ", ok ? "ok" : "not ok", ++test_number);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	if (!ok)
		failed++;
}

static inline void skip(const char *what, const char *why)
{
	printf("ok %d - %s # SKIP %s\n", ++test_number, what, why);
	fflush(stdout);
}

/* Reports an lc_error result: ok when ret == 0, else shows the message. */
static inline bool expect_ok(int ret, lc_error **err, const char *what)
{
	report(ret == 0, "%s%s%s", what, ret == 0 ? "" : ": ", ret == 0 ? "" : (*err ? (*err)->message : "?"));
	lc_error_free(err);
	return ret == 0;
}

/* ok when ret failed with an error whose message contains needle. */
static inline bool expect_error(int ret, lc_error **err, const char *needle, const char *what)
{
	bool ok = ret < 0 && *err != NULL && strstr((*err)->message, needle) != NULL;
	report(ok, "%s (error: %s)", what, *err ? (*err)->message : "none");
	lc_error_free(err);
	return ok;
}

#endif
