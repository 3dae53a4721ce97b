/* cmd_run.c: `oci-run run <id>`: create, start and, unless --detach, wait for the container and delete it.
 * The exit status is the container's (128+N when a signal N ended it), as runc's. */
#include <string.h>

#include "cleanup.h"
#include "commands.h"

static int run_run(const cli_command *self, lc_context *ctx, int argc, char **argv, lc_error **err)
{
	cli_option options[CLI_CREATE_OPTIONS + 1];
	cleanup_cli_paths cli_paths paths = {0};
	cleanup_free char **args = NULL;
	int exit_status = 0;
	int n_args = 0;
	int rc;

	cli_create_options(ctx, options);
	options[CLI_CREATE_OPTIONS] = (cli_option){"detach", "d", OPT_BOOL, &ctx->detach, NULL,
						    "do not wait for the container's process; leave it running"};
	rc = cli_parse_command(self, options, CLI_CREATE_OPTIONS + 1, argc, argv, &args, &n_args, err);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	if (cli_check_args(self, n_args, 1, 1, err) < 0)
		return -1;
	ctx->id = args[0];
	if (cli_prepare_create(ctx, &paths, err) < 0)
		return -1;
	/* exit_status is set on failure too: 126/127 when the executable cannot be run, as runc */
	if (lc_container_run(ctx, &exit_status, err) < 0)
		return exit_status > 1 ? exit_status : -1;
	return exit_status;
}

const cli_command cmd_run = {
	.name = "run",
	.summary = "create and run a container",
	.arguments = "<container-id>",
	.run = run_run,
};
