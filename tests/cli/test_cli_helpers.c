/* test_cli_helpers.c: unit tests for the helpers behind the command line: container id validation,
 * signal parsing and the runc-compatible log lines. Prints ok/not ok lines, exits 1 on any failure. */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cleanup.h"
#include "container.h"
#include "log.h"

static int passed, failed;

static void check(bool ok, const char *what, const char *detail)
{
	if (ok) {
		passed++;
		printf("ok %d - %s\n", passed + failed, what);
	} else {
		failed++;
		printf("not ok %d - %s%s%s\n", passed + failed, what, detail ? ": " : "", detail ? detail : "");
	}
}

static void id_ok(const char *id, const char *what)
{
	lc_error *err = NULL;
	int rc = lc_id_validate(id, &err);

	check(rc == 0 && err == NULL, what, err ? err->message : "returned non-zero without an error");
	lc_error_free(&err);
}

static void id_bad(const char *id, const char *expected, const char *what)
{
	lc_error *err = NULL;
	int rc = lc_id_validate(id, &err);

	if (rc != -1 || err == NULL) {
		check(false, what, "accepted");
	} else if (expected != NULL && strcmp(err->message, expected) != 0) {
		cleanup_free char *detail = NULL;

		if (asprintf(&detail, "got '%s', want '%s'", err->message, expected) < 0)
			detail = NULL;
		check(false, what, detail);
	} else {
		check(true, what, NULL);
	}
	lc_error_free(&err);
}

static void signal_ok(const char *text, int expected)
{
	lc_error *err = NULL;
	char what[128];
	int value = -1;
	int rc = lc_signal_parse(text, &value, &err);

	snprintf(what, sizeof(what), "signal \"%s\" is %d", text, expected);
	if (rc != 0 || err != NULL) {
		check(false, what, err ? err->message : "failed without an error");
	} else {
		char detail[64];

		snprintf(detail, sizeof(detail), "got %d", value);
		check(value == expected, what, detail);
	}
	lc_error_free(&err);
}

static void signal_bad(const char *text, const char *expected)
{
	lc_error *err = NULL;
	char what[160];
	int value = 12345;
	int rc = lc_signal_parse(text, &value, &err);

	snprintf(what, sizeof(what), "signal \"%.60s\" is rejected", text ? text : "(null)");
	for (char *p = what; *p != '\0'; p++) {
		if (*p < 0x20)
			*p = '?'; /* keep the result on one line */
	}
	if (rc != -1 || err == NULL) {
		check(false, what, "accepted");
	} else if (value != 12345) {
		check(false, what, "output written on failure");
	} else if (expected != NULL && strcmp(err->message, expected) != 0) {
		cleanup_free char *detail = NULL;

		if (asprintf(&detail, "got '%s', want '%s'", err->message, expected) < 0)
			detail = NULL;
		check(false, what, detail);
	} else {
		check(true, what, NULL);
	}
	lc_error_free(&err);
}

static void test_ids(void)
{
	char longest[1026];

	id_ok("a", "id of one letter");
	id_ok("abc-DEF_0.9", "id of every allowed character class");
	id_ok("...", "id \"...\" (only . and .. are reserved)");
	id_ok(".hidden", "id starting with a dot");
	id_ok("a..b", "id containing ..");
	id_ok("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "id of 64 hex digits");
	memset(longest, 'x', 255);
	longest[255] = '\0';
	id_ok(longest, "id of 255 characters (NAME_MAX: it names a directory)");

	id_bad(NULL, "invalid container id \"\": the id must not be empty", "NULL id");
	id_bad("", "invalid container id \"\": the id must not be empty", "empty id");
	id_bad(".", "invalid container id \".\": \".\" and \"..\" are not allowed", "id \".\"");
	id_bad("..", "invalid container id \"..\": \".\" and \"..\" are not allowed", "id \"..\"");
	id_bad("a/b", "invalid container id \"a/b\": only letters, digits, '_', '.' and '-' are allowed",
	       "id with a slash");
	id_bad("../etc", NULL, "id escaping the state root");
	id_bad("/abs", NULL, "absolute path as id");
	id_bad("a b", NULL, "id with a space");
	id_bad("a+b", NULL, "id with '+'");
	id_bad("a:b", NULL, "id with ':'");
	id_bad("caf\xc3\xa9", "invalid container id \"caf\\xc3\\xa9\": only letters, digits, '_', '.' and '-' are allowed",
	       "non-ASCII id, escaped in the message");
	id_bad("a\nb", "invalid container id \"a\\nb\": only letters, digits, '_', '.' and '-' are allowed",
	       "id with a newline, escaped in the message");
	id_bad("a\"b", "invalid container id \"a\\\"b\": only letters, digits, '_', '.' and '-' are allowed",
	       "id with a quote, escaped in the message");
	longest[255] = 'x';
	longest[256] = '\0';
	id_bad(longest,
	       "invalid container id \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...\": 256 characters "
	       "long, at most 255 are allowed",
	       "id of 256 characters, message truncated");
}

static void test_signals(void)
{
	char long_name[48];

	signal_ok("KILL", SIGKILL);
	signal_ok("SIGKILL", SIGKILL);
	signal_ok("sigkill", SIGKILL);
	signal_ok("kill", SIGKILL);
	signal_ok("Kill", SIGKILL);
	signal_ok("TERM", SIGTERM);
	signal_ok("SIGTERM", SIGTERM);
	signal_ok("HUP", SIGHUP);
	signal_ok("INT", SIGINT);
	signal_ok("QUIT", SIGQUIT);
	signal_ok("USR1", SIGUSR1);
	signal_ok("USR2", SIGUSR2);
	signal_ok("CHLD", SIGCHLD);
	signal_ok("CLD", SIGCHLD);
	signal_ok("IOT", SIGABRT);
	signal_ok("POLL", SIGIO);
	signal_ok("STKFLT", 16);
	signal_ok("CONT", SIGCONT);
	signal_ok("STOP", SIGSTOP);
	signal_ok("WINCH", SIGWINCH);
	signal_ok("PWR", SIGPWR);
	signal_ok("SYS", SIGSYS);
	signal_ok("9", 9);
	signal_ok("1", 1);
	signal_ok("15", 15);
	signal_ok("64", 64);
	signal_ok("009", 9);
	signal_ok("RTMIN", 34);
	signal_ok("SIGRTMIN", 34);
	signal_ok("rtmin", 34);
	signal_ok("RTMIN+1", 35);
	signal_ok("SIGRTMIN+3", 37);
	signal_ok("RTMIN+30", 64);
	signal_ok("RTMAX", 64);
	signal_ok("RTMAX-1", 63);
	signal_ok("sigrtmax-2", 62);
	signal_ok("RTMAX-30", 34);

	signal_bad("FOO", "unknown signal \"FOO\"");
	signal_bad("SIGFOO", "unknown signal \"SIGFOO\"");
	signal_bad("", "unknown signal \"\"");
	signal_bad(NULL, "unknown signal \"\"");
	signal_bad("SIG", "unknown signal \"SIG\"");
	signal_bad("SIGSIGKILL", "unknown signal \"SIGSIGKILL\"");
	signal_bad("KILL ", "unknown signal \"KILL \"");
	signal_bad(" 9", "unknown signal \" 9\"");
	signal_bad("-9", "unknown signal \"-9\"");
	signal_bad("+9", "unknown signal \"+9\"");
	signal_bad("9x", "unknown signal \"9x\"");
	signal_bad("0", "invalid signal \"0\": signal numbers go from 1 to 64");
	signal_bad("65", "invalid signal \"65\": signal numbers go from 1 to 64");
	signal_bad("99999999999999999999999", "invalid signal \"99999999999999999999999\": signal numbers go from 1 to 64");
	signal_bad("RTMIN+31", "invalid signal \"RTMIN+31\": RTMIN+N must not go beyond RTMAX (64)");
	signal_bad("RTMAX-31", "invalid signal \"RTMAX-31\": RTMAX-N must not go below RTMIN (34)");
	signal_bad("RTMIN+99999999999999999999", NULL);
	signal_bad("RTMIN-1", "unknown signal \"RTMIN-1\"");
	signal_bad("RTMAX+1", "unknown signal \"RTMAX+1\"");
	signal_bad("RTMIN+", "unknown signal \"RTMIN+\"");
	signal_bad("RTMIN+x", "unknown signal \"RTMIN+x\"");
	signal_bad("RTMINX", "unknown signal \"RTMINX\"");
	signal_bad("K\nILL", "unknown signal \"K\\x0aILL\"");
	memset(long_name, 'A', sizeof(long_name) - 1);
	long_name[sizeof(long_name) - 1] = '\0';
	signal_bad(long_name, "unknown signal \"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA...\"");
}

static void line_is(log_format format, lc_log_level level, const char *message, const char *expected,
		    const char *what)
{
	/* 2006-01-02T15:04:05Z, Go's reference time */
	cleanup_free char *line = log_format_line(format, level, message, 1136214245);
	cleanup_free char *detail = NULL;

	if (line == NULL || strcmp(line, expected) != 0) {
		if (asprintf(&detail, "got '%s', want '%s'", line ? line : "(null)", expected) < 0)
			detail = NULL;
	}
	check(line != NULL && strcmp(line, expected) == 0, what, detail);
}

static void test_log_lines(void)
{
	setenv("TZ", "UTC", 1);
	tzset();
	line_is(LOG_FORMAT_JSON, LC_LOG_ERROR, "container does not exist",
		"{\"level\":\"error\",\"msg\":\"container does not exist\",\"time\":\"2006-01-02T15:04:05Z\"}\n",
		"json error line as logrus writes it");
	line_is(LOG_FORMAT_JSON, LC_LOG_WARN, "w", "{\"level\":\"warning\",\"msg\":\"w\",\"time\":\"2006-01-02T15:04:05Z\"}\n",
		"json warning level is \"warning\"");
	line_is(LOG_FORMAT_JSON, LC_LOG_ERROR, "say \"hi\"\\ now\n\tnext\x01 caf\xc3\xa9 bad\xff",
		"{\"level\":\"error\",\"msg\":\"say \\\"hi\\\"\\\\ now\\n\\tnext\\u0001 caf\xc3\xa9 bad\\ufffd\","
		"\"time\":\"2006-01-02T15:04:05Z\"}\n",
		"json escapes quotes, backslashes, controls; keeps UTF-8; replaces invalid bytes");
	line_is(LOG_FORMAT_JSON, LC_LOG_ERROR, "\xed\xa0\x80\xc0\xaf",
		"{\"level\":\"error\",\"msg\":\"\\ufffd\\ufffd\\ufffd\\ufffd\\ufffd\",\"time\":\"2006-01-02T15:04:05Z\"}\n",
		"json replaces surrogates and overlong forms byte by byte");
	line_is(LOG_FORMAT_TEXT, LC_LOG_ERROR, "container does not exist",
		"time=\"2006-01-02T15:04:05Z\" level=error msg=\"container does not exist\"\n",
		"text error line as logrus writes it");
	line_is(LOG_FORMAT_TEXT, LC_LOG_DEBUG, "plain-word_1.2/x@y",
		"time=\"2006-01-02T15:04:05Z\" level=debug msg=plain-word_1.2/x@y\n",
		"text leaves a safe value bare");
	line_is(LOG_FORMAT_TEXT, LC_LOG_WARN, "a \"b\"\n\x7f",
		"time=\"2006-01-02T15:04:05Z\" level=warning msg=\"a \\\"b\\\"\\n\\x7f\"\n",
		"text quotes and escapes like Go's %q");

	setenv("TZ", "EST5", 1);
	tzset();
	line_is(LOG_FORMAT_JSON, LC_LOG_INFO, "x",
		"{\"level\":\"info\",\"msg\":\"x\",\"time\":\"2006-01-02T10:04:05-05:00\"}\n",
		"time carries a negative local offset");
	setenv("TZ", "IST-5:30", 1);
	tzset();
	line_is(LOG_FORMAT_TEXT, LC_LOG_INFO, "x", "time=\"2006-01-02T20:34:05+05:30\" level=info msg=x\n",
		"time carries a positive half-hour offset");
	setenv("TZ", "UTC", 1);
	tzset();
}

static char *read_whole(const char *path)
{
	cleanup_fclose FILE *f = fopen(path, "re");
	char *text = NULL;
	size_t size = 0;

	if (f == NULL || getdelim(&text, &size, '\0', f) < 0) {
		free(text);
		return NULL;
	}
	return text;
}

/* The file gets every error and warning (debug only with debug on); stderr gets errors bare. */
static void test_log_file(void)
{
	char dir[] = "/tmp/test-cli-log.XXXXXX";
	cleanup_free char *log_path = NULL;
	cleanup_free char *err_path = NULL;
	cleanup_free char *file_text = NULL;
	cleanup_free char *stderr_text = NULL;
	lc_error *err = NULL;
	int saved_stderr, err_fd;

	if (mkdtemp(dir) == NULL || asprintf(&log_path, "%s/log.json", dir) < 0 ||
	    asprintf(&err_path, "%s/stderr", dir) < 0) {
		check(false, "log file test setup", NULL);
		return;
	}
	check(log_open("/nonexistent-dir/x.log", LOG_FORMAT_JSON, false, &err) == -1 && err != NULL &&
		      strstr(err->message, "open log file /nonexistent-dir/x.log") != NULL,
	      "log_open reports an unopenable file", err ? err->message : NULL);
	lc_error_free(&err);

	saved_stderr = dup(STDERR_FILENO);
	err_fd = open(err_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	dup2(err_fd, STDERR_FILENO);
	close(err_fd);

	check(log_open(log_path, LOG_FORMAT_JSON, false, &err) == 0, "log_open opens the file", NULL);
	log_message(LC_LOG_DEBUG, "hidden debug");
	log_from_library(NULL, LC_LOG_WARN, "library warning");
	log_printf(LC_LOG_ERROR, "final %s", "error");
	log_close();
	check(log_open(log_path, LOG_FORMAT_TEXT, true, &err) == 0, "log_open appends", NULL);
	log_message(LC_LOG_DEBUG, "shown debug");
	log_close();

	dup2(saved_stderr, STDERR_FILENO);
	close(saved_stderr);

	file_text = read_whole(log_path);
	stderr_text = read_whole(err_path);
	check(file_text != NULL && strstr(file_text, "hidden") == NULL, "debug lines are dropped without --debug",
	      file_text);
	check(file_text != NULL && strstr(file_text, "{\"level\":\"warning\",\"msg\":\"library warning\",\"time\":\"") ==
					   file_text,
	      "library warnings reach the file", file_text);
	check(file_text != NULL && strstr(file_text, "\n{\"level\":\"error\",\"msg\":\"final error\",\"time\":\"") != NULL,
	      "the error reaches the file after the warning", file_text);
	check(file_text != NULL && strstr(file_text, "level=debug msg=\"shown debug\"\n") != NULL,
	      "debug lines are written with --debug, in the file's format", file_text);
	check(stderr_text != NULL && strcmp(stderr_text, "warning: library warning\nfinal error\n") == 0,
	      "stderr gets warnings prefixed and errors bare, no debug when a file is set", stderr_text);

	unlink(log_path);
	unlink(err_path);
	rmdir(dir);
}

int main(void)
{
	test_ids();
	test_signals();
	test_log_lines();
	test_log_file();
	printf("%d passed, %d failed\n", passed, failed);
	return failed == 0 ? 0 : 1;
}
