/* error.h: the one error type of oci-run.
 * A fallible call returns -1 (or NULL) and fills *err; callers may prepend context with lc_error_wrap. */
#ifndef LC_ERROR_H
#define LC_ERROR_H

#include <stdarg.h>

typedef struct lc_error {
	int errnum;    /* errno of the root cause, 0 when there is none */
	char *message; /* "context: cause: strerror(errnum)", owned */
} lc_error;

/* Sets *err to a new error (if *err is already set, it is replaced). Returns -1.
 * When errnum != 0, ": strerror(errnum)" is appended to the formatted message. */
int lc_fail(lc_error **err, int errnum, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int lc_failv(lc_error **err, int errnum, const char *fmt, va_list ap);

/* Prepends "context: " to the message of *err (which must be set). Returns -1. */
int lc_error_wrap(lc_error **err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

void lc_error_free(lc_error **err);

#endif
