/* error.c: building, wrapping and freeing lc_error values.
 * Allocation failure while building an error falls back to a static-free minimal message. */
#include "error.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int lc_failv(lc_error **err, int errnum, const char *fmt, va_list ap)
{
	char *text = NULL;
	char *full = NULL;

	if (err == NULL)
		return -1;
	if (vasprintf(&text, fmt, ap) < 0)
		text = NULL;
	if (errnum != 0) {
		if (asprintf(&full, "%s: %s", text ? text : "error", strerror(errnum)) < 0)
			full = NULL;
		free(text);
	} else {
		full = text;
	}
	lc_error_free(err);
	*err = calloc(1, sizeof(**err));
	if (*err == NULL) {
		free(full);
		return -1;
	}
	(*err)->errnum = errnum;
	(*err)->message = full ? full : strdup("out of memory while reporting an error");
	return -1;
}

int lc_fail(lc_error **err, int errnum, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	lc_failv(err, errnum, fmt, ap);
	va_end(ap);
	return -1;
}

int lc_error_wrap(lc_error **err, const char *fmt, ...)
{
	va_list ap;
	char *context = NULL;
	char *joined = NULL;

	if (err == NULL || *err == NULL)
		return -1;
	va_start(ap, fmt);
	if (vasprintf(&context, fmt, ap) < 0)
		context = NULL;
	va_end(ap);
	if (context == NULL)
		return -1;
	if (asprintf(&joined, "%s: %s", context, (*err)->message ? (*err)->message : "") >= 0) {
		free((*err)->message);
		(*err)->message = joined;
	}
	free(context);
	return -1;
}

void lc_error_free(lc_error **err)
{
	if (err == NULL || *err == NULL)
		return;
	free((*err)->message);
	free(*err);
	*err = NULL;
}
