/* cmd_events.c: `oci-run events [--stats] [--interval DURATION] <id>`: prints the container's stats
 * and OOM events, one JSON object a line (runc's shape), until the container stops. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "commands.h"

/* A Go duration as runc's --interval takes it: numbers with units, "5s", "1m30s", "1.5s", "250ms"
 * (units ns, us, µs, ms, s, m, h; a bare "0" is zero). A leading "-" makes it negative. */
static int parse_duration(const char *text, int64_t *ns_out, lc_error **err)
{
	static const struct {
		const char *unit;
		double ns;
	} units[] = {{"ns", 1},   {"us", 1e3}, {"\xc2\xb5s", 1e3}, {"\xce\xbcs", 1e3},
	             {"ms", 1e6}, {"s", 1e9},  {"m", 60e9},        {"h", 3600e9}};
	const char *p = text;
	double total = 0;
	bool negative = false;

	if (*p == '-' || *p == '+')
		negative = *p++ == '-';
	if (strcmp(p, "0") == 0) {
		*ns_out = 0;
		return 0;
	}
	if (*p == '\0')
		goto invalid;
	while (*p != '\0') {
		const char *start = p;
		while ((*p >= '0' && *p <= '9') || *p == '.')
			p++;
		if (p == start)
			goto invalid;
		char number[64];
		if ((size_t)(p - start) >= sizeof(number))
			goto invalid;
		memcpy(number, start, (size_t)(p - start));
		number[p - start] = '\0';
		char *end;
		double value = strtod(number, &end);
		if (*end != '\0' || strcmp(number, ".") == 0)
			goto invalid;
		size_t best = 0, best_len = 0;
		for (size_t i = 0; i < sizeof(units) / sizeof(*units); i++) {
			size_t n = strlen(units[i].unit);
			if (strncmp(p, units[i].unit, n) == 0 && n > best_len) {
				best = i;
				best_len = n;
			}
		}
		if (best_len == 0)
			return lc_fail(err, 0, "invalid value \"%s\" for flag --interval: %s unit in duration", text,
			               (*p == '\0') ? "missing" : "unknown");
		total += value * units[best].ns;
		p += best_len;
	}
	if (total > 9.2e18)
		goto invalid;
	*ns_out = negative ? -(int64_t)total : (int64_t)total;
	return 0;
invalid:
	return lc_fail(err, 0, "invalid value \"%s\" for flag --interval: invalid duration", text);
}

static int print_event(void *data, const char *json)
{
	(void)data;
	if (fputs(json, stdout) == EOF || fputc('\n', stdout) == EOF || fflush(stdout) != 0)
		return -1;
	return 0;
}

static int run_events(const cli_command *self, lc_context *ctx, int argc, char **argv, lc_error **err)
{
	cleanup_free char **args = NULL;
	const char *interval = "5s";
	bool stats = false;
	const cli_option options[] = {
	    {"interval", NULL, OPT_STRING, &interval, "DURATION", "time between stats events (default 5s)"},
	    {"stats", NULL, OPT_BOOL, &stats, NULL, "print the container's stats once, then exit"},
	};
	int64_t interval_ns = 0;
	int n_args = 0;
	int rc;

	rc = cli_parse_command(self, options, 2, argc, argv, &args, &n_args, err);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	if (cli_check_args(self, n_args, 1, 1, err) < 0)
		return -1;
	ctx->id = args[0];
	if (lc_id_validate(ctx->id, err) < 0 || parse_duration(interval, &interval_ns, err) < 0)
		return -1;
	if (interval_ns <= 0)
		return lc_fail(err, 0, "duration interval must be greater than 0");
	lc_events_options events = {
	    .stats_only = stats,
	    .interval_ns = (uint64_t)interval_ns,
	    .emit = print_event,
	};
	return lc_container_events(ctx, &events, err) < 0 ? -1 : 0;
}

const cli_command cmd_events = {
    .name = "events",
    .summary = "print a container's resource usage and OOM events",
    .arguments = "<container-id>",
    .run = run_events,
};
