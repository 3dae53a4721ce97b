/* cmd_create.c: `oci-run create <id>`, and the options and path handling `run` shares with it.
 * Paths given relative are made absolute here, since the library may change directory. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "commands.h"

void cli_create_options(lc_context *ctx, cli_option *out)
{
	const cli_option options[CLI_CREATE_OPTIONS] = {
		{"bundle", "b", OPT_STRING, &ctx->bundle, "DIR",
		 "bundle directory (config.json and rootfs; default: current directory)"},
		{"console-socket", NULL, OPT_STRING, &ctx->console_socket, "PATH",
		 "AF_UNIX socket that receives the master fd of the console's pseudoterminal"},
		{"pid-file", NULL, OPT_STRING, &ctx->pid_file, "FILE", "write the container's init pid to FILE"},
		{"no-pivot", NULL, OPT_BOOL, &ctx->no_pivot, NULL, "do not use pivot_root (needed on a ramdisk rootfs)"},
		{"no-new-keyring", NULL, OPT_BOOL, &ctx->no_new_keyring, NULL,
		 "do not create a new session keyring for the container"},
		{"preserve-fds", NULL, OPT_UINT, &ctx->preserve_fds, "N",
		 "pass N additional file descriptors (3 .. 3+N-1) to the container"},
	};

	memcpy(out, options, sizeof(options));
}

void cli_paths_free(cli_paths *paths)
{
	free(paths->bundle);
	free(paths->pid_file);
	free(paths->console_socket);
	paths->bundle = paths->pid_file = paths->console_socket = NULL;
}

int cli_prepare_create(lc_context *ctx, cli_paths *paths, lc_error **err)
{
	if (lc_id_validate(ctx->id, err) < 0)
		return -1;
	/* As runc, an empty value means the flag was not given. */
	if (ctx->bundle != NULL && ctx->bundle[0] == '\0')
		ctx->bundle = NULL;
	if (ctx->pid_file != NULL && ctx->pid_file[0] == '\0')
		ctx->pid_file = NULL;
	if (ctx->console_socket != NULL && ctx->console_socket[0] == '\0')
		ctx->console_socket = NULL;
	if (ctx->bundle != NULL) {
		/* Resolved as runc does (it records the directory it changed into), so state shows one path. */
		paths->bundle = realpath(ctx->bundle, NULL);
		if (paths->bundle == NULL)
			return lc_fail(err, errno, "bundle %s", ctx->bundle);
		ctx->bundle = paths->bundle;
	}
	if (ctx->pid_file != NULL) {
		paths->pid_file = cli_absolute_path(ctx->pid_file, err);
		if (paths->pid_file == NULL)
			return -1;
		ctx->pid_file = paths->pid_file;
	}
	if (ctx->console_socket != NULL) {
		paths->console_socket = cli_absolute_path(ctx->console_socket, err);
		if (paths->console_socket == NULL)
			return -1;
		ctx->console_socket = paths->console_socket;
	}
	return 0;
}

static int run_create(const cli_command *self, lc_context *ctx, int argc, char **argv, lc_error **err)
{
	cli_option options[CLI_CREATE_OPTIONS];
	cleanup_cli_paths cli_paths paths = {0};
	cleanup_free char **args = NULL;
	int n_args = 0;
	int rc;

	cli_create_options(ctx, options);
	rc = cli_parse_command(self, options, CLI_CREATE_OPTIONS, argc, argv, &args, &n_args, err);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	if (cli_check_args(self, n_args, 1, 1, err) < 0)
		return -1;
	ctx->id = args[0];
	if (cli_prepare_create(ctx, &paths, err) < 0)
		return -1;
	if (lc_container_create(ctx, err) < 0)
		return -1;
	return 0;
}

const cli_command cmd_create = {
	.name = "create",
	.summary = "create a container",
	.arguments = "<container-id>",
	.run = run_create,
};
