/* cmd_exec.c: `oci-run exec [options] <id> <command> [args...]` or `exec --process FILE <id>`: runs a
 * new process in a running container; the exit status is the process's, as runc's. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "commands.h"

/* -g takes one gid per flag, as runc's --additional-gids. */
static int parse_gids(const cli_string_list *texts, unsigned **out, lc_error **err)
{
	unsigned *gids = calloc(texts->len ? texts->len : 1, sizeof(unsigned));

	if (gids == NULL)
		return lc_fail(err, ENOMEM, "--additional-gids");
	for (size_t i = 0; i < texts->len; i++) {
		char *end;
		unsigned long v = strtoul(texts->items[i], &end, 10);
		if (texts->items[i][0] == '\0' || *end != '\0' || v > 0xffffffffUL) {
			free(gids);
			return lc_fail(err, 0, "invalid value \"%s\" for flag \"--additional-gids\": expected a gid",
				       texts->items[i]);
		}
		gids[i] = (unsigned)v;
	}
	*out = gids;
	return 0;
}

static int run_exec(const cli_command *self, lc_context *ctx, int argc, char **argv, lc_error **err)
{
	cleanup_free char **args = NULL;
	cleanup_string_list cli_string_list env = {0}, caps = {0}, gid_texts = {0};
	cleanup_free unsigned *gids = NULL;
	cleanup_free char *process_path = NULL, *pid_file = NULL, *console_socket = NULL;
	lc_exec_options o = {0};
	const char *process_arg = NULL, *pid_file_arg = NULL, *console_arg = NULL;
	int exit_status = 0;
	int n_args = 0;
	int rc;
	const cli_option options[] = {
		{"process", "p", OPT_STRING, &process_arg, "FILE", "path to a process.json to run instead of a command"},
		{"env", "e", OPT_STRING_LIST, &env, "KEY=VALUE", "set an environment variable (repeatable)"},
		{"cwd", NULL, OPT_STRING, &o.cwd, "DIR", "working directory in the container"},
		{"user", "u", OPT_STRING, &o.user, "UID[:GID]", "user (and group) to run as"},
		{"additional-gids", "g", OPT_STRING_LIST, &gid_texts, "GID", "an additional group (repeatable)"},
		{"cap", "c", OPT_STRING_LIST, &caps, "CAP", "add a capability, e.g. CAP_NET_ADMIN (repeatable)"},
		{"tty", "t", OPT_BOOL, &o.tty, NULL, "allocate a pseudo-terminal"},
		{"detach", "d", OPT_BOOL, &ctx->detach, NULL, "do not wait for the process"},
		{"pid-file", NULL, OPT_STRING, &pid_file_arg, "FILE", "write the process's pid to FILE"},
		{"console-socket", NULL, OPT_STRING, &console_arg, "PATH", "unix socket to send the pty master to"},
		{"preserve-fds", NULL, OPT_UINT, &ctx->preserve_fds, "N", "pass N more fds (from 3 on) to the process"},
		{"no-new-privs", NULL, OPT_BOOL, &o.no_new_privs, NULL, "set no_new_privs on the process"},
		{"apparmor", NULL, OPT_STRING, &o.apparmor, "PROFILE", "AppArmor profile for the process"},
		{"process-label", NULL, OPT_STRING, &o.process_label, "LABEL", "SELinux label for the process"},
		{"ignore-paused", NULL, OPT_BOOL, &o.ignore_paused, NULL, "exec even when the container is paused"},
	};

	rc = cli_parse_command(self, options, sizeof(options) / sizeof(options[0]), argc, argv, &args, &n_args, err);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	if (cli_check_args(self, n_args, process_arg && process_arg[0] ? 1 : 2, process_arg && process_arg[0] ? 1 : -1,
			   err) < 0)
		return -1;
	ctx->id = args[0];
	if (lc_id_validate(ctx->id, err) < 0)
		return -1;
	/* runc treats empty path flags as unset; relative ones are taken from the current directory */
	if (process_arg && process_arg[0] && (process_path = cli_absolute_path(process_arg, err)) == NULL)
		return -1;
	if (pid_file_arg && pid_file_arg[0] && (pid_file = cli_absolute_path(pid_file_arg, err)) == NULL)
		return -1;
	if (console_arg && console_arg[0] && (console_socket = cli_absolute_path(console_arg, err)) == NULL)
		return -1;
	if (parse_gids(&gid_texts, &gids, err) < 0)
		return -1;
	ctx->pid_file = pid_file;
	ctx->console_socket = console_socket;
	o.process_path = process_path;
	o.args = args + 1;
	o.args_len = (size_t)n_args - 1;
	o.env = (char **)env.items;
	o.env_len = env.len;
	o.caps = (char **)caps.items;
	o.caps_len = caps.len;
	o.additional_gids = gids;
	o.additional_gids_len = gid_texts.len;
	if (lc_container_exec(ctx, &o, &exit_status, err) < 0)
		return exit_status > 1 ? exit_status : -1;
	return exit_status;
}

const cli_command cmd_exec = {
	.name = "exec",
	.summary = "run a new process inside a running container",
	.arguments = "<container-id> <command> [args...]",
	.flags_before_args = true,
	.run = run_exec,
};
