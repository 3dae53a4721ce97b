/* cmd_update.c: `oci-run update [options] <id>`: changes a container's cgroup limits, from a
 * linux.resources JSON file (--resources FILE, - for stdin) or from runc's flags (--memory 512m ...). */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "commands.h"
#include "log.h"

/* The flags, as runc 1.1 spells them; every value is text until parsed. */
typedef struct {
	const char *resources;
	const char *memory, *memory_swap, *memory_reservation, *kernel_memory, *kernel_memory_tcp;
	const char *cpu_share, *cpu_shares, *cpu_quota, *cpu_period, *cpu_rt_period, *cpu_rt_runtime;
	const char *cpuset_cpus, *cpuset_mems;
	const char *pids_limit, *blkio_weight;
	const char *l3_cache_schema, *mem_bw_schema;
} update_flags;

/* docker/go-units RAMInBytes, which runc uses: a decimal number, an optional space, then an
 * optional k/m/g/t/p (any case, powers of 1024), optional "i", optional "b" ("512m", "1.5GiB"). */
static int parse_ram(const char *flag, const char *text, int64_t *out, lc_error **err)
{
	static const char units[] = "kmgtp";
	const char *p = text;
	char *end;

	if (strcmp(text, "-1") == 0) {
		*out = -1;
		return 0;
	}
	if (*p < '0' || *p > '9')
		goto invalid;
	while (*p >= '0' && *p <= '9')
		p++;
	if (*p == '.') {
		p++;
		if (*p < '0' || *p > '9')
			goto invalid;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	double value = strtod(text, &end);
	if (end != p)
		goto invalid;
	if (*p == ' ')
		p++;
	if (*p != '\0' && strchr(units, *p | 0x20) != NULL) {
		for (const char *u = units; *u != (*p | 0x20); u++)
			value *= 1024;
		value *= 1024;
		p++;
	}
	if (*p == 'i' || *p == 'I')
		p++;
	if (*p == 'b' || *p == 'B')
		p++;
	if (*p != '\0' || value >= 9223372036854775808.0)
		goto invalid;
	*out = (int64_t)value;
	return 0;
invalid:
	return lc_fail(err, 0, "invalid value for %s: invalid size: '%s'", flag, text);
}

static int parse_i64(const char *flag, const char *text, int64_t *out, lc_error **err)
{
	char *end;

	errno = 0;
	long long v = strtoll(text, &end, 10);
	if (*text == '\0' || *end != '\0' || errno != 0)
		return lc_fail(err, 0, "invalid value for %s: \"%s\" is not an integer", flag, text);
	*out = v;
	return 0;
}

static int parse_u64(const char *flag, const char *text, uint64_t *out, lc_error **err)
{
	char *end;

	errno = 0;
	unsigned long long v = strtoull(text, &end, 10);
	if (*text < '0' || *text > '9' || *end != '\0' || errno != 0)
		return lc_fail(err, 0, "invalid value for %s: \"%s\" is not an unsigned integer", flag, text);
	*out = v;
	return 0;
}

static int set_ram(const char *flag, const char *text, lc_opt_i64 *out, bool *group, lc_error **err)
{
	if (text == NULL)
		return 0;
	if (parse_ram(flag, text, &out->value, err) < 0)
		return -1;
	out->has = *group = true;
	return 0;
}

static int set_i64(const char *flag, const char *text, lc_opt_i64 *out, bool *group, lc_error **err)
{
	if (text == NULL)
		return 0;
	if (parse_i64(flag, text, &out->value, err) < 0)
		return -1;
	out->has = *group = true;
	return 0;
}

static int set_u64(const char *flag, const char *text, lc_opt_u64 *out, bool *group, lc_error **err)
{
	if (text == NULL)
		return 0;
	if (parse_u64(flag, text, &out->value, err) < 0)
		return -1;
	out->has = *group = true;
	return 0;
}

/* The resources the flags ask for; strings point into argv. */
static int resources_from_flags(const update_flags *f, lc_resources *r, lc_error **err)
{
	const char *shares = f->cpu_shares ? f->cpu_shares : f->cpu_share;
	const char *shares_flag = f->cpu_shares ? "--cpu-shares" : "--cpu-share";

	if (f->l3_cache_schema != NULL || f->mem_bw_schema != NULL)
		return lc_fail(err, 0, "%s: Intel RDT is not supported by oci-run",
		               f->l3_cache_schema ? "--l3-cache-schema" : "--mem-bw-schema");
	if (set_ram("--memory", f->memory, &r->memory.limit, &r->has_memory, err) < 0 ||
	    set_ram("--memory-swap", f->memory_swap, &r->memory.swap, &r->has_memory, err) < 0 ||
	    set_ram("--memory-reservation", f->memory_reservation, &r->memory.reservation, &r->has_memory, err) < 0 ||
	    set_ram("--kernel-memory", f->kernel_memory, &r->memory.kernel, &r->has_memory, err) < 0 ||
	    set_ram("--kernel-memory-tcp", f->kernel_memory_tcp, &r->memory.kernel_tcp, &r->has_memory, err) < 0 ||
	    set_u64(shares_flag, shares, &r->cpu.shares, &r->has_cpu, err) < 0 ||
	    set_i64("--cpu-quota", f->cpu_quota, &r->cpu.quota, &r->has_cpu, err) < 0 ||
	    set_u64("--cpu-period", f->cpu_period, &r->cpu.period, &r->has_cpu, err) < 0 ||
	    set_i64("--cpu-rt-runtime", f->cpu_rt_runtime, &r->cpu.realtime_runtime, &r->has_cpu, err) < 0 ||
	    set_u64("--cpu-rt-period", f->cpu_rt_period, &r->cpu.realtime_period, &r->has_cpu, err) < 0 ||
	    set_i64("--pids-limit", f->pids_limit, &r->pids_limit, &r->has_pids, err) < 0 ||
	    set_u64("--blkio-weight", f->blkio_weight, &r->blkio.weight, &r->has_blkio, err) < 0)
		return -1;
	if (r->blkio.weight.has && r->blkio.weight.value > UINT16_MAX)
		return lc_fail(err, 0, "invalid value for --blkio-weight: %" PRIu64 " (expected 10 to 1000)",
		               r->blkio.weight.value);
	if (f->cpuset_cpus != NULL || f->cpuset_mems != NULL) {
		r->has_cpu = true;
		r->cpu.cpus = (char *)f->cpuset_cpus;
		r->cpu.mems = (char *)f->cpuset_mems;
	}
	if (r->memory.kernel.has)
		log_message(LC_LOG_WARN, "--kernel-memory: kernels since 5.16 accept but do not enforce kernel memory "
		                         "limits (memory.kmem.limit_in_bytes)");
	return 0;
}

static char *read_input(const char *path, size_t *len, lc_error **err)
{
	bool is_stdin = strcmp(path, "-") == 0;
	FILE *f = is_stdin ? stdin : fopen(path, "re");
	char *text = NULL;
	size_t cap = 0;

	if (f == NULL) {
		lc_fail(err, errno, "--resources: open %s", path);
		return NULL;
	}
	ssize_t n = getdelim(&text, &cap, '\0', f);
	bool failed = ferror(f);
	if (!is_stdin)
		fclose(f);
	if (failed) {
		free(text);
		lc_fail(err, errno ? errno : EIO, "--resources: read %s", is_stdin ? "stdin" : path);
		return NULL;
	}
	if (n < 0) { /* empty input */
		free(text);
		text = strdup("");
		n = 0;
	}
	*len = (size_t)n;
	return text;
}

static int run_update(const cli_command *self, lc_context *ctx, int argc, char **argv, lc_error **err)
{
	cleanup_free char **args = NULL;
	update_flags f = {0};
	const cli_option options[] = {
	    {"resources", "r", OPT_STRING, &f.resources, "FILE",
	     "a linux.resources JSON file ('-' for stdin); the other flags are then ignored"},
	    {"blkio-weight", NULL, OPT_STRING, &f.blkio_weight, "N", "block I/O weight, 10 to 1000"},
	    {"cpu-period", NULL, OPT_STRING, &f.cpu_period, "USEC", "CPU CFS period"},
	    {"cpu-quota", NULL, OPT_STRING, &f.cpu_quota, "USEC", "CPU CFS quota per period (-1: none)"},
	    {"cpu-share", NULL, OPT_STRING, &f.cpu_share, "N", "CPU shares (relative weight)"},
	    {"cpu-shares", NULL, OPT_STRING, &f.cpu_shares, "N", "the same as --cpu-share"},
	    {"cpu-rt-period", NULL, OPT_STRING, &f.cpu_rt_period, "USEC", "CPU realtime period"},
	    {"cpu-rt-runtime", NULL, OPT_STRING, &f.cpu_rt_runtime, "USEC", "CPU realtime runtime per period"},
	    {"cpuset-cpus", NULL, OPT_STRING, &f.cpuset_cpus, "LIST", "CPUs to use (0-3,5)"},
	    {"cpuset-mems", NULL, OPT_STRING, &f.cpuset_mems, "LIST", "memory nodes to use"},
	    {"kernel-memory", NULL, OPT_STRING, &f.kernel_memory, "SIZE", "kernel memory limit (deprecated)"},
	    {"kernel-memory-tcp", NULL, OPT_STRING, &f.kernel_memory_tcp, "SIZE", "kernel TCP buffer limit"},
	    {"memory", NULL, OPT_STRING, &f.memory, "SIZE", "memory limit (512m, 1g; -1: unlimited)"},
	    {"memory-reservation", NULL, OPT_STRING, &f.memory_reservation, "SIZE", "memory soft limit"},
	    {"memory-swap", NULL, OPT_STRING, &f.memory_swap, "SIZE", "memory + swap limit (-1: unlimited)"},
	    {"pids-limit", NULL, OPT_STRING, &f.pids_limit, "N", "maximum number of processes (-1: none)"},
	    {"l3-cache-schema", NULL, OPT_STRING, &f.l3_cache_schema, "SCHEMA", "Intel RDT L3 (not supported)"},
	    {"mem-bw-schema", NULL, OPT_STRING, &f.mem_bw_schema, "SCHEMA", "Intel RDT MBA (not supported)"},
	};
	lc_resources from_flags = {0};
	lc_resources *parsed = NULL;
	int n_args = 0;
	int rc;

	rc = cli_parse_command(self, options, sizeof(options) / sizeof(*options), argc, argv, &args, &n_args, err);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	if (cli_check_args(self, n_args, 1, 1, err) < 0)
		return -1;
	ctx->id = args[0];
	if (lc_id_validate(ctx->id, err) < 0)
		return -1;
	if (f.resources != NULL) {
		size_t len = 0;
		cleanup_free char *text = read_input(f.resources, &len, err);
		if (text == NULL)
			return -1;
		if (lc_resources_parse(text, len, &parsed, err) < 0)
			return lc_error_wrap(err, "--resources %s", f.resources);
	} else if (resources_from_flags(&f, &from_flags, err) < 0) {
		return -1;
	}
	rc = lc_container_update(ctx, parsed ? parsed : &from_flags, err);
	lc_resources_free(parsed);
	return rc < 0 ? -1 : 0;
}

const cli_command cmd_update = {
    .name = "update",
    .summary = "update the resource limits of a container",
    .arguments = "<container-id>",
    .run = run_update,
};
