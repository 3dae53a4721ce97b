/* log.c: the CLI's logger, writing runc-compatible (logrus) text or json lines to the --log file.
 * stderr gets the plain message for errors and warnings, so a user sees them whatever --log says. */
#include "log.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cleanup.h"

/* One logger per process: the CLI runs one command and exits. */
static struct {
	int fd; /* the --log file, -1 when absent */
	log_format format;
	bool debug;
} logger = {-1, LOG_FORMAT_TEXT, false};

static const char *level_name(lc_log_level level)
{
	switch (level) {
	case LC_LOG_DEBUG:
		return "debug";
	case LC_LOG_INFO:
		return "info";
	case LC_LOG_WARN:
		return "warning";
	case LC_LOG_ERROR:
	default:
		return "error";
	}
}

int log_format_parse(const char *text, log_format *out, lc_error **err)
{
	if (strcmp(text, "text") == 0)
		*out = LOG_FORMAT_TEXT;
	else if (strcmp(text, "json") == 0)
		*out = LOG_FORMAT_JSON;
	else
		return lc_fail(err, 0, "invalid --log-format \"%s\": expected \"text\" or \"json\"", text);
	return 0;
}

int log_open(const char *path, log_format format, bool debug, lc_error **err)
{
	logger.format = format;
	logger.debug = debug;
	if (path == NULL)
		return 0;
	logger.fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (logger.fd < 0)
		return lc_fail(err, errno, "open log file %s", path);
	return 0;
}

void log_close(void)
{
	if (logger.fd >= 0)
		close(logger.fd);
	logger.fd = -1;
}

/* Length of the valid UTF-8 sequence at p, or 0 when the byte at p does not start one. */
static size_t utf8_sequence_length(const unsigned char *p)
{
	unsigned char lo = 0x80, hi = 0xbf;
	size_t len;
	size_t i;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		len = 2;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		len = 3;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		len = 4;
	else
		return 0;
	/* The second byte's range excludes overlong forms, surrogates and code points above U+10FFFF. */
	if (p[0] == 0xe0)
		lo = 0xa0;
	else if (p[0] == 0xed)
		hi = 0x9f;
	else if (p[0] == 0xf0)
		lo = 0x90;
	else if (p[0] == 0xf4)
		hi = 0x8f;
	if (p[1] < lo || p[1] > hi)
		return 0;
	for (i = 2; i < len; i++) {
		if (p[i] < 0x80 || p[i] > 0xbf)
			return 0;
	}
	return len;
}

/* A JSON string literal; invalid UTF-8 becomes U+FFFD so every line stays valid JSON. */
static void put_json_string(FILE *out, const char *text)
{
	const unsigned char *p = (const unsigned char *)text;

	fputc('"', out);
	while (*p != '\0') {
		size_t len = utf8_sequence_length(p);

		if (len == 0) {
			fputs("\\ufffd", out);
			p++;
			continue;
		}
		if (len > 1) {
			fwrite(p, 1, len, out);
			p += len;
			continue;
		}
		switch (*p) {
		case '"': fputs("\\\"", out); break;
		case '\\': fputs("\\\\", out); break;
		case '\n': fputs("\\n", out); break;
		case '\r': fputs("\\r", out); break;
		case '\t': fputs("\\t", out); break;
		case '\b': fputs("\\b", out); break;
		case '\f': fputs("\\f", out); break;
		default:
			if (*p < 0x20)
				fprintf(out, "\\u%04x", *p);
			else
				fputc(*p, out);
		}
		p++;
	}
	fputc('"', out);
}

/* logrus quotes a text value unless every byte is in this set. */
static bool text_needs_quoting(const char *text)
{
	for (const char *p = text; *p != '\0'; p++) {
		char c = *p;

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
		      c == '.' || c == '_' || c == '/' || c == '@' || c == '^' || c == '+'))
			return true;
	}
	return false;
}

/* A value as logrus's text formatter writes it: bare when safe, else a Go-style quoted string. */
static void put_text_value(FILE *out, const char *text)
{
	const unsigned char *p = (const unsigned char *)text;

	if (!text_needs_quoting(text)) {
		fputs(text, out);
		return;
	}
	fputc('"', out);
	while (*p != '\0') {
		size_t len = utf8_sequence_length(p);

		if (len > 1) {
			fwrite(p, 1, len, out);
			p += len;
			continue;
		}
		switch (*p) {
		case '"': fputs("\\\"", out); break;
		case '\\': fputs("\\\\", out); break;
		case '\a': fputs("\\a", out); break;
		case '\b': fputs("\\b", out); break;
		case '\f': fputs("\\f", out); break;
		case '\n': fputs("\\n", out); break;
		case '\r': fputs("\\r", out); break;
		case '\t': fputs("\\t", out); break;
		case '\v': fputs("\\v", out); break;
		default:
			if (len == 0 || *p < 0x20 || *p == 0x7f)
				fprintf(out, "\\x%02x", *p);
			else
				fputc(*p, out);
		}
		p++;
	}
	fputc('"', out);
}

/* RFC 3339 in local time, "Z" for UTC, as Go's time.RFC3339. */
static void format_time(time_t when, char *buf, size_t size)
{
	struct tm tm;
	size_t used;
	long offset;

	localtime_r(&when, &tm);
	used = strftime(buf, size, "%Y-%m-%dT%H:%M:%S", &tm);
	offset = tm.tm_gmtoff / 60;
	if (offset == 0)
		snprintf(buf + used, size - used, "Z");
	else
		snprintf(buf + used, size - used, "%c%02ld:%02ld", offset < 0 ? '-' : '+', labs(offset) / 60,
			 labs(offset) % 60);
}

char *log_format_line(log_format format, lc_log_level level, const char *message, time_t when)
{
	char *line = NULL;
	size_t size = 0;
	char timestamp[64];
	FILE *out;

	format_time(when, timestamp, sizeof(timestamp));
	out = open_memstream(&line, &size);
	if (out == NULL)
		return NULL;
	if (format == LOG_FORMAT_JSON) {
		fprintf(out, "{\"level\":\"%s\",\"msg\":", level_name(level));
		put_json_string(out, message);
		fprintf(out, ",\"time\":\"%s\"}\n", timestamp);
	} else {
		fputs("time=", out);
		put_text_value(out, timestamp);
		fprintf(out, " level=%s msg=", level_name(level));
		put_text_value(out, message);
		fputc('\n', out);
	}
	if (fclose(out) != 0) {
		free(line);
		return NULL;
	}
	return line;
}

static void write_all(int fd, const char *text, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, text, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return; /* nowhere left to report a failing log write */
		text += n;
		len -= (size_t)n;
	}
}

void log_message(lc_log_level level, const char *message)
{
	bool to_stderr = level >= LC_LOG_WARN || logger.fd < 0;
	cleanup_free char *stderr_line = NULL;

	if (level == LC_LOG_DEBUG && !logger.debug)
		return;
	if (message == NULL)
		message = "";
	/* Errors go to stderr bare, as runc prints them; other levels say what they are. */
	if (to_stderr &&
	    asprintf(&stderr_line, "%s%s%s\n", level == LC_LOG_ERROR ? "" : level_name(level),
		     level == LC_LOG_ERROR ? "" : ": ", message) >= 0)
		write_all(STDERR_FILENO, stderr_line, strlen(stderr_line));
	if (logger.fd >= 0) {
		cleanup_free char *line = log_format_line(logger.format, level, message, time(NULL));

		/* One write per line: O_APPEND keeps lines whole when several commands share a file. */
		if (line != NULL)
			write_all(logger.fd, line, strlen(line));
	}
}

void log_printf(lc_log_level level, const char *fmt, ...)
{
	cleanup_free char *message = NULL;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vasprintf(&message, fmt, ap);
	va_end(ap);
	if (rc < 0)
		message = NULL;
	log_message(level, message != NULL ? message : fmt);
}

void log_from_library(void *data, lc_log_level level, const char *message)
{
	(void)data;
	log_message(level, message);
}
