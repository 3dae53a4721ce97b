/* signal.c: parsing of signal names and numbers as `kill` accepts them.
 * Accepts what runc does (KILL, SIGKILL, sigkill, 9) plus the real-time forms RTMIN+N and RTMAX-N. */
#include "container.h"

#include <ctype.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

/* The real-time range is fixed at the values glibc reports (32 and 33 are reserved for its threads)
 * rather than read from SIGRTMIN here: the receiving process runs its own libc, and a fixed
 * mapping is what docker, kill(1) and runc's users expect "RTMIN+1" to mean. */
#define RT_MIN 34
#define RT_MAX 64
#define SIGNAL_MAX 64
#define ECHO_MAX 32

struct signal_name {
	const char *name; /* without the SIG prefix */
	int number;
};

static const struct signal_name signal_names[] = {
	{"HUP", SIGHUP},       {"INT", SIGINT},       {"QUIT", SIGQUIT},   {"ILL", SIGILL},
	{"TRAP", SIGTRAP},     {"ABRT", SIGABRT},     {"IOT", SIGIOT},     {"BUS", SIGBUS},
	{"FPE", SIGFPE},       {"KILL", SIGKILL},     {"USR1", SIGUSR1},   {"SEGV", SIGSEGV},
	{"USR2", SIGUSR2},     {"PIPE", SIGPIPE},     {"ALRM", SIGALRM},   {"TERM", SIGTERM},
	{"STKFLT", SIGSTKFLT}, {"CHLD", SIGCHLD},     {"CLD", SIGCHLD},    {"CONT", SIGCONT},
	{"STOP", SIGSTOP},     {"TSTP", SIGTSTP},     {"TTIN", SIGTTIN},   {"TTOU", SIGTTOU},
	{"URG", SIGURG},       {"XCPU", SIGXCPU},     {"XFSZ", SIGXFSZ},   {"VTALRM", SIGVTALRM},
	{"PROF", SIGPROF},     {"WINCH", SIGWINCH},   {"IO", SIGIO},       {"POLL", SIGPOLL},
	{"PWR", SIGPWR},       {"SYS", SIGSYS},
};

/* Quotes text for an error message, escaping what is not printable ASCII. */
static void quote_for_message(const char *s, char *buf, size_t size)
{
	size_t used = 0;
	size_t i;

	buf[used++] = '"';
	for (i = 0; s[i] != '\0' && used + 8 < size; i++) {
		unsigned char c = (unsigned char)s[i];

		if (i == ECHO_MAX) {
			memcpy(buf + used, "...", 3);
			used += 3;
			break;
		}
		if (c == '"' || c == '\\') {
			buf[used++] = '\\';
			buf[used++] = (char)c;
		} else if (c < 0x20 || c >= 0x7f) {
			used += (size_t)snprintf(buf + used, size - used, "\\x%02x", c);
		} else {
			buf[used++] = (char)c;
		}
	}
	buf[used++] = '"';
	buf[used] = '\0';
}

/* Parses a run of decimal digits that makes up the whole of text; -1 if it does not, or if the value
 * exceeds limit (so huge numbers are reported as out of range, not wrapped). */
static long parse_decimal(const char *text, long limit)
{
	long value = 0;
	size_t i;

	if (text[0] == '\0')
		return -1;
	for (i = 0; text[i] != '\0'; i++) {
		if (!isdigit((unsigned char)text[i]))
			return -1;
		value = value * 10 + (text[i] - '0');
		if (value > limit)
			return limit + 1;
	}
	return value;
}

static int parse_realtime(const char *name, const char *quoted, int *signal_out, lc_error **err)
{
	bool from_min = strncmp(name, "RTMIN", 5) == 0;
	const char *rest = name + 5;
	long offset;

	if (*rest == '\0') {
		*signal_out = from_min ? RT_MIN : RT_MAX;
		return 0;
	}
	if (*rest != (from_min ? '+' : '-'))
		return lc_fail(err, 0, "unknown signal %s", quoted);
	offset = parse_decimal(rest + 1, RT_MAX);
	if (offset < 0)
		return lc_fail(err, 0, "unknown signal %s", quoted);
	if (from_min && RT_MIN + offset > RT_MAX)
		return lc_fail(err, 0, "invalid signal %s: RTMIN+N must not go beyond RTMAX (%d)", quoted, RT_MAX);
	if (!from_min && RT_MAX - offset < RT_MIN)
		return lc_fail(err, 0, "invalid signal %s: RTMAX-N must not go below RTMIN (%d)", quoted, RT_MIN);
	*signal_out = (int)(from_min ? RT_MIN + offset : RT_MAX - offset);
	return 0;
}

int lc_signal_parse(const char *text, int *signal_out, lc_error **err)
{
	char quoted[ECHO_MAX * 4 + 16];
	char upper[ECHO_MAX + 1];
	const char *name;
	long number;
	size_t len;
	size_t i;

	if (text == NULL)
		text = "";
	quote_for_message(text, quoted, sizeof(quoted));
	number = parse_decimal(text, SIGNAL_MAX);
	if (number >= 0) {
		if (number < 1 || number > SIGNAL_MAX)
			return lc_fail(err, 0, "invalid signal %s: signal numbers go from 1 to %d", quoted,
				       SIGNAL_MAX);
		*signal_out = (int)number;
		return 0;
	}

	len = strlen(text);
	if (len == 0 || len >= sizeof(upper))
		return lc_fail(err, 0, "unknown signal %s", quoted);
	for (i = 0; i <= len; i++)
		upper[i] = (char)toupper((unsigned char)text[i]);
	name = strncmp(upper, "SIG", 3) == 0 ? upper + 3 : upper;

	if (strncmp(name, "RTMIN", 5) == 0 || strncmp(name, "RTMAX", 5) == 0)
		return parse_realtime(name, quoted, signal_out, err);
	for (i = 0; i < sizeof(signal_names) / sizeof(signal_names[0]); i++) {
		if (strcmp(name, signal_names[i].name) == 0) {
			*signal_out = signal_names[i].number;
			return 0;
		}
	}
	return lc_fail(err, 0, "unknown signal %s", quoted);
}
