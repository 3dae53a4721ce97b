/* log.h: the CLI's logger. Errors and warnings always reach stderr; with --log they are also appended
 * to that file in runc's (logrus) text or json line format, where conmon and containerd look for them. */
#ifndef OCI_RUN_LOG_H
#define OCI_RUN_LOG_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "container.h"

typedef enum { LOG_FORMAT_TEXT, LOG_FORMAT_JSON } log_format;

/* "text" or "json". */
int log_format_parse(const char *text, log_format *out, lc_error **err);

/* Opens the --log file (append, created 0644) and sets the format and whether debug lines are kept.
 * path may be NULL: then only stderr is used. */
int log_open(const char *path, log_format format, bool debug, lc_error **err);
void log_close(void);

void log_message(lc_log_level level, const char *message);
void log_printf(lc_log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* An lc_log_fn for lc_context.log: library warnings and debug lines go through log_message. */
void log_from_library(void *data, lc_log_level level, const char *message);

/* One log-file line (with its trailing newline) as written for the given time, allocated.
 * Exposed so the format can be checked without a clock. */
char *log_format_line(log_format format, lc_log_level level, const char *message, time_t when);

#endif
