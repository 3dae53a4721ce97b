/* commands.h: what main.c and the one-file-per-command sources share: the flag parser, the usage
 * printer and the command table entries. Commands parse their own flags, fill lc_context, call the library. */
#ifndef OCI_RUN_COMMANDS_H
#define OCI_RUN_COMMANDS_H

#include <stdbool.h>
#include <stddef.h>

#include "container.h"

typedef enum { OPT_BOOL, OPT_STRING, OPT_UINT, OPT_STRING_LIST } cli_option_kind;

/* The target of an OPT_STRING_LIST option: every value of a repeatable flag, in order (borrowed
 * strings from argv; the array is owned, free it with cli_string_list_free). */
typedef struct cli_string_list {
	const char **items;
	size_t len;
} cli_string_list;
void cli_string_list_free(cli_string_list *list);
#define cleanup_string_list __attribute__((cleanup(cli_string_list_free)))

typedef struct cli_option {
	const char *name;       /* long name without dashes: "bundle" */
	const char *alias;      /* one-letter alias ("b") or NULL */
	cli_option_kind kind;
	void *target;           /* bool *, const char **, unsigned * or cli_string_list * */
	const char *value_name; /* "DIR" in the usage line; NULL for booleans */
	const char *help;
} cli_option;

typedef struct cli_command cli_command;
struct cli_command {
	const char *name;
	const char *summary;   /* one line, for `oci-run --help` */
	const char *arguments; /* "<container-id>", "" when none */
	bool flags_before_args; /* flags end at the first argument (exec: the command has its own) */
	/* Returns the process exit status, or -1 with *err set (main logs it and exits 1); a status > 1
	 * with *err set is logged and kept as the exit status. */
	int (*run)(const cli_command *self, lc_context *ctx, int argc, char **argv, lc_error **err);
};

/* cgroup commands (cmd_update.c, cmd_pause.c, cmd_resume.c, cmd_ps.c, cmd_events.c) */
extern const cli_command cmd_update, cmd_pause, cmd_resume, cmd_ps, cmd_events;
extern const cli_command cmd_spec, cmd_create, cmd_start, cmd_state, cmd_kill, cmd_delete, cmd_run,
	cmd_list, cmd_exec, cmd_features;

/* Parses a command's argv (argv[0] is the command name). As runc does, flags may come before or after
 * the positional arguments; everything after "--" is positional. --help/-h prints the usage.
 * Returns 0 with the positional arguments in *args (an allocated array of borrowed strings, *n_args
 * long), 1 when the usage was printed, -1 on a bad flag. */
int cli_parse_command(const cli_command *cmd, const cli_option *options, size_t n_options, int argc,
		      char **argv, char ***args, int *n_args, lc_error **err);

/* For commands whose only argument is the container id (start, state, pause, resume): parses,
 * checks the count and validates the id into ctx->id. Returns 0, 1 when the usage was printed, or -1. */
int cli_parse_id_only(const cli_command *cmd, lc_context *ctx, int argc, char **argv, lc_error **err);

/* Checks the positional argument count; max < 0 means no maximum. */
int cli_check_args(const cli_command *cmd, int n_args, int min, int max, lc_error **err);

/* Prints `oci-run <command> --help` to stdout. */
void cli_print_command_usage(const cli_command *cmd, const cli_option *options, size_t n_options);

/* path made absolute against the current directory (not resolving symlinks), allocated. */
char *cli_absolute_path(const char *path, lc_error **err);

/* create and run share their options and their checks (cmd_create.c). */
#define CLI_CREATE_OPTIONS 6
/* Fills out[0..CLI_CREATE_OPTIONS) with the create options bound to ctx's fields. */
void cli_create_options(lc_context *ctx, cli_option *out);

/* The absolute paths create/run put into lc_context, owned here. */
typedef struct cli_paths {
	char *bundle;
	char *pid_file;
	char *console_socket;
} cli_paths;
void cli_paths_free(cli_paths *paths);
#define cleanup_cli_paths __attribute__((cleanup(cli_paths_free)))

/* Validates ctx->id, resolves the bundle (must exist) and makes pid_file and console_socket absolute
 * against the current directory, pointing ctx at the copies in *paths. */
int cli_prepare_create(lc_context *ctx, cli_paths *paths, lc_error **err);

#endif
