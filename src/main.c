/* main.c: oci-run's entry point: global flags, the flag parser the commands share, usage and dispatch.
 * The command line follows runc 1.1 (flag spellings, argument-count messages, exit status 1 on error). */
#include <errno.h>
#include <limits.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cleanup.h"
#include "commands.h"
#include "commit.h"
#include "log.h"

#define OCI_SPEC_VERSION "1.3.0"
#define DEFAULT_STATE_ROOT "/run/oci-run"

static const cli_command *const commands[] = {
	&cmd_create, &cmd_delete, &cmd_exec, &cmd_features, &cmd_kill, &cmd_list, &cmd_run, &cmd_spec, &cmd_start, &cmd_state,
	&cmd_update, &cmd_pause, &cmd_resume, &cmd_ps, &cmd_events,
};
#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

/* Go's strconv.ParseBool, which runc's boolean flags use for "--flag=value". */
static int parse_bool(const char *text, bool *out)
{
	static const char *const truths[] = {"1", "t", "T", "true", "TRUE", "True"};
	static const char *const lies[] = {"0", "f", "F", "false", "FALSE", "False"};

	for (size_t i = 0; i < 6; i++) {
		if (strcmp(text, truths[i]) == 0) {
			*out = true;
			return 0;
		}
		if (strcmp(text, lies[i]) == 0) {
			*out = false;
			return 0;
		}
	}
	return -1;
}

static int parse_uint(const char *text, unsigned *out)
{
	unsigned long long value = 0;

	if (text[0] == '\0')
		return -1;
	for (const char *p = text; *p != '\0'; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		value = value * 10 + (unsigned)(*p - '0');
		if (value > INT_MAX)
			return -1;
	}
	*out = (unsigned)value;
	return 0;
}

static const cli_option *find_option(const cli_option *options, size_t n, const char *name, size_t len)
{
	for (size_t i = 0; i < n; i++) {
		if ((strlen(options[i].name) == len && strncmp(options[i].name, name, len) == 0) ||
		    (options[i].alias != NULL && strlen(options[i].alias) == len &&
		     strncmp(options[i].alias, name, len) == 0))
			return &options[i];
	}
	return NULL;
}

static bool looks_like_flag(const char *arg)
{
	return arg[0] == '-' && arg[1] != '\0';
}

/* Applies the flag at argv[*index] (one or two dashes, "=value" or a value in the next argument, as
 * Go's flag package), advancing *index past what it consumed. *help is set for --help/-h. */
static int apply_flag(const char *command, const cli_option *options, size_t n, int argc, char **argv,
		      int *index, bool *help, lc_error **err)
{
	const char *arg = argv[*index];
	const char *name = arg + (arg[1] == '-' ? 2 : 1);
	const char *equals = strchr(name, '=');
	size_t name_len = equals != NULL ? (size_t)(equals - name) : strlen(name);
	const char *value = equals != NULL ? equals + 1 : NULL;
	const cli_option *opt = find_option(options, n, name, name_len);
	int flag_len = (int)(name - arg + name_len);

	if (opt == NULL && ((name_len == 4 && strncmp(name, "help", 4) == 0) || (name_len == 1 && name[0] == 'h'))) {
		*help = true;
		(*index)++;
		return 0;
	}
	if (opt == NULL || name_len == 0 || name[0] == '-') {
		if (command == NULL)
			return lc_fail(err, 0, "unknown global flag \"%.*s\" (global flags go before the command)",
				       flag_len, arg);
		return lc_fail(err, 0, "unknown flag \"%.*s\" for command \"%s\"", flag_len, arg, command);
	}
	(*index)++;
	if (opt->kind == OPT_BOOL) {
		if (value == NULL)
			*(bool *)opt->target = true;
		else if (parse_bool(value, (bool *)opt->target) < 0)
			return lc_fail(err, 0, "invalid value \"%s\" for flag \"%.*s\": expected true or false", value,
				       flag_len, arg);
		return 0;
	}
	if (value == NULL) {
		if (*index >= argc)
			return lc_fail(err, 0, "flag \"%s\" needs a value", arg);
		value = argv[(*index)++];
	}
	if (opt->kind == OPT_STRING) {
		*(const char **)opt->target = value;
	} else if (opt->kind == OPT_STRING_LIST) {
		cli_string_list *list = opt->target;
		const char **bigger = realloc(list->items, (list->len + 1) * sizeof(*bigger));
		if (bigger == NULL)
			return lc_fail(err, ENOMEM, "flag \"%.*s\"", flag_len, arg);
		list->items = bigger;
		list->items[list->len++] = value;
	} else if (parse_uint(value, (unsigned *)opt->target) < 0) {
		return lc_fail(err, 0, "invalid value \"%s\" for flag \"%.*s\": expected an integer from 0 to %d", value,
			       flag_len, arg, INT_MAX);
	}
	return 0;
}

void cli_string_list_free(cli_string_list *list)
{
	free(list->items);
	list->items = NULL;
	list->len = 0;
}

static void print_options(const cli_option *options, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char spelled[64];

		snprintf(spelled, sizeof(spelled), "%s%s%s--%s%s%s", options[i].alias ? "-" : "",
			 options[i].alias ? options[i].alias : "", options[i].alias ? ", " : "", options[i].name,
			 options[i].value_name ? " " : "", options[i].value_name ? options[i].value_name : "");
		printf("   %-28s %s\n", spelled, options[i].help);
	}
	printf("   %-28s %s\n", "-h, --help", "show this help");
}

void cli_print_command_usage(const cli_command *cmd, const cli_option *options, size_t n_options)
{
	printf("Usage: oci-run %s%s%s%s\n\n%s\n", cmd->name, n_options > 0 ? " [options]" : "",
	       cmd->arguments[0] != '\0' ? " " : "", cmd->arguments, cmd->summary);
	printf("\nOptions:\n");
	print_options(options, n_options);
}

int cli_parse_command(const cli_command *cmd, const cli_option *options, size_t n_options, int argc,
		      char **argv, char ***args, int *n_args, lc_error **err)
{
	cleanup_free char **positional = calloc((size_t)argc + 1, sizeof(char *));
	bool help = false;
	int count = 0;
	int i = 1;

	if (positional == NULL)
		return lc_fail(err, ENOMEM, "parse arguments of %s", cmd->name);
	while (i < argc) {
		if (strcmp(argv[i], "--") == 0) {
			for (i++; i < argc; i++)
				positional[count++] = argv[i];
			break;
		}
		if (!looks_like_flag(argv[i])) {
			positional[count++] = argv[i++];
			/* exec: everything after the container id is the command and its own flags */
			if (cmd->flags_before_args) {
				while (i < argc)
					positional[count++] = argv[i++];
			}
			continue;
		}
		if (apply_flag(cmd->name, options, n_options, argc, argv, &i, &help, err) < 0)
			return -1;
	}
	if (help) {
		cli_print_command_usage(cmd, options, n_options);
		return 1;
	}
	*args = steal_ptr(positional);
	*n_args = count;
	return 0;
}

int cli_parse_id_only(const cli_command *cmd, lc_context *ctx, int argc, char **argv, lc_error **err)
{
	cleanup_free char **args = NULL;
	int n_args = 0;
	int rc = cli_parse_command(cmd, NULL, 0, argc, argv, &args, &n_args, err);

	if (rc != 0)
		return rc;
	if (cli_check_args(cmd, n_args, 1, 1, err) < 0)
		return -1;
	ctx->id = args[0]; /* borrowed from argv, not from args */
	return lc_id_validate(ctx->id, err) < 0 ? -1 : 0;
}

int cli_check_args(const cli_command *cmd, int n_args, int min, int max, lc_error **err)
{
	if (min == max && n_args != min)
		return lc_fail(err, 0, "oci-run: \"%s\" requires exactly %d argument(s)", cmd->name, min);
	if (n_args < min)
		return lc_fail(err, 0, "oci-run: \"%s\" requires a minimum of %d argument(s)", cmd->name, min);
	if (max >= 0 && n_args > max)
		return lc_fail(err, 0, "oci-run: \"%s\" requires a maximum of %d argument(s)", cmd->name, max);
	return 0;
}

char *cli_absolute_path(const char *path, lc_error **err)
{
	cleanup_free char *cwd = NULL;
	char *joined = NULL;

	if (path[0] == '/') {
		joined = strdup(path);
		if (joined == NULL)
			lc_fail(err, ENOMEM, "copy path %s", path);
		return joined;
	}
	cwd = getcwd(NULL, 0);
	if (cwd == NULL) {
		lc_fail(err, errno, "get the current directory to resolve %s", path);
		return NULL;
	}
	if (asprintf(&joined, "%s/%s", strcmp(cwd, "/") == 0 ? "" : cwd, path) < 0) {
		lc_fail(err, ENOMEM, "resolve %s", path);
		return NULL;
	}
	return joined;
}

static void print_version(void)
{
	const struct scmp_version *seccomp = seccomp_version();

	printf("oci-run version %s\n", OCI_RUN_VERSION);
	if (OCI_RUN_COMMIT[0] != '\0')
		printf("commit: %s\n", OCI_RUN_COMMIT);
	printf("spec: %s\n", OCI_SPEC_VERSION);
	if (seccomp != NULL)
		printf("libseccomp: %u.%u.%u\n", seccomp->major, seccomp->minor, seccomp->micro);
}

struct globals {
	const char *root;
	const char *log_path;
	const char *log_format;
	bool debug;
	bool systemd_cgroup;
	bool version;
};

static size_t global_options(struct globals *g, cli_option *out)
{
	const cli_option options[] = {
		{"debug", NULL, OPT_BOOL, &g->debug, NULL, "enable debug logging"},
		{"log", NULL, OPT_STRING, &g->log_path, "FILE", "also append log lines to FILE"},
		{"log-format", NULL, OPT_STRING, &g->log_format, "FORMAT", "log file format: text (default) or json"},
		{"root", NULL, OPT_STRING, &g->root, "DIR",
		 "container state directory (default " DEFAULT_STATE_ROOT ", or $XDG_RUNTIME_DIR/oci-run when rootless)"},
		{"systemd-cgroup", NULL, OPT_BOOL, &g->systemd_cgroup, NULL, "manage cgroups through systemd"},
		{"version", "v", OPT_BOOL, &g->version, NULL, "print the version"},
	};

	memcpy(out, options, sizeof(options));
	return sizeof(options) / sizeof(options[0]);
}

static void print_usage(const cli_option *options, size_t n)
{
	printf("Usage: oci-run [global options] <command> [command options] [arguments...]\n\n"
	       "oci-run runs containers from OCI bundles (a config.json and a root filesystem).\n\n"
	       "Commands:\n");
	for (size_t i = 0; i < N_COMMANDS; i++)
		printf("   %-10s %s\n", commands[i]->name, commands[i]->summary);
	printf("   %-10s %s\n", "help", "show this list, or the usage of a command");
	printf("\nGlobal options:\n");
	print_options(options, n);
	printf("\nRun \"oci-run <command> --help\" for the options of a command.\n");
}

static const cli_command *find_command(const char *name)
{
	for (size_t i = 0; i < N_COMMANDS; i++) {
		if (strcmp(commands[i]->name, name) == 0)
			return commands[i];
	}
	return NULL;
}

/* When the global flags themselves are wrong, the --log file (if one was named) should still get the
 * error, since an engine may show only what it finds there. Best effort, in text if the format is bad. */
static void open_log_anyway(const struct globals *g)
{
	log_format format = LOG_FORMAT_TEXT;
	lc_error *ignored = NULL;

	if (g->log_path == NULL || g->log_path[0] == '\0')
		return;
	if (log_format_parse(g->log_format, &format, &ignored) < 0)
		format = LOG_FORMAT_TEXT;
	lc_error_free(&ignored);
	log_open(g->log_path, format, false, &ignored);
	lc_error_free(&ignored);
}

/* Reports a failure and returns runc's exit status for errors. */
/* runc's rule: a rootless caller (not root, or "root" only inside a user namespace with $USER set to
 * someone else) keeps its state under $XDG_RUNTIME_DIR, which it owns, when that is set. */
static bool in_initial_user_ns(void)
{
	cleanup_fclose FILE *f = fopen("/proc/self/uid_map", "re");
	unsigned inside = 0, outside = 0, count = 0;

	if (f == NULL || fscanf(f, "%u %u %u", &inside, &outside, &count) != 3)
		return true;
	return inside == 0 && outside == 0 && count == 4294967295U;
}

static char *default_state_root(void)
{
	const char *xdg = getenv("XDG_RUNTIME_DIR");
	const char *user = getenv("USER");
	char *root = NULL;
	bool rootless = geteuid() != 0 ||
			(!in_initial_user_ns() && user != NULL && user[0] != '\0' && strcmp(user, "root") != 0);

	if (rootless && xdg != NULL && xdg[0] != '\0') {
		if (asprintf(&root, "%s/oci-run", xdg) < 0)
			return NULL;
		return root;
	}
	return strdup(DEFAULT_STATE_ROOT);
}

static int fail(lc_error **err)
{
	log_message(LC_LOG_ERROR, (*err)->message);
	lc_error_free(err);
	return 1;
}

int main(int argc, char **argv)
{
	cleanup_free char *default_root = default_state_root();
	struct globals g = {.root = default_root ? default_root : DEFAULT_STATE_ROOT, .log_format = "text"};
	cli_option options[8];
	size_t n_options = global_options(&g, options);
	cleanup_free char *root = NULL;
	const cli_command *cmd;
	log_format format = LOG_FORMAT_TEXT;
	lc_context ctx = {0};
	lc_error *err = NULL;
	bool help = false;
	int status;
	int i = 1;

	while (i < argc && looks_like_flag(argv[i])) {
		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		}
		if (apply_flag(NULL, options, n_options, argc, argv, &i, &help, &err) < 0) {
			open_log_anyway(&g);
			status = fail(&err);
			log_close();
			return status;
		}
	}
	if (g.version) {
		print_version();
		return 0;
	}
	if (help || i >= argc) {
		print_usage(options, n_options);
		return 0;
	}

	status = 1;
	if (g.log_path != NULL && g.log_path[0] == '\0')
		g.log_path = NULL; /* runc treats an empty --log as unset */
	if (log_format_parse(g.log_format, &format, &err) < 0) {
		open_log_anyway(&g);
		goto out;
	}
	if (log_open(g.log_path, format, g.debug, &err) < 0)
		goto out;
	if (g.root[0] == '\0') {
		lc_fail(&err, 0, "--root must not be empty");
		goto out;
	}
	root = cli_absolute_path(g.root, &err);
	if (root == NULL)
		goto out;
	ctx.state_root = root;
	ctx.systemd_cgroup = g.systemd_cgroup;
	ctx.debug = g.debug;
	ctx.log = log_from_library;
	ctx.log_data = NULL;

	if (strcmp(argv[i], "help") == 0 || strcmp(argv[i], "h") == 0) {
		char help_flag[] = "--help";
		char *help_argv[] = {argv[i + 1], help_flag, NULL};

		if (i + 1 >= argc) {
			print_usage(options, n_options);
			status = 0;
			goto out;
		}
		cmd = find_command(argv[i + 1]);
		if (cmd == NULL) {
			lc_fail(&err, 0, "unknown command \"%s\" (run \"oci-run --help\" for the list)", argv[i + 1]);
			goto out;
		}
		status = cmd->run(cmd, &ctx, 2, help_argv, &err);
		goto out;
	}
	cmd = find_command(argv[i]);
	if (cmd == NULL) {
		lc_fail(&err, 0, "unknown command \"%s\" (run \"oci-run --help\" for the list)", argv[i]);
		goto out;
	}
	status = cmd->run(cmd, &ctx, argc - i, argv + i, &err);
out:
	if (err != NULL) {
		/* a command may fail with its own status (run: 127 when the executable is missing) */
		int own = status > 1 ? status : 1;
		fail(&err);
		status = own;
	} else if (status < 0)
		status = 1; /* a command must set err when it fails; never exit with a negative status */
	log_close();
	return status;
}
