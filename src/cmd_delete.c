/* cmd_delete.c: `oci-run delete [--force] <id>`: removes a stopped (or, with --force, any) container.
 * Which states may be deleted without --force is the library's rule, not repeated here. */
#include "cleanup.h"
#include "commands.h"

static int run_delete(const cli_command *self, lc_context *ctx, int argc, char **argv, lc_error **err)
{
	cleanup_free char **args = NULL;
	bool force = false;
	const cli_option options[] = {
		{"force", "f", OPT_BOOL, &force, NULL, "kill the container with SIGKILL first if it is running"},
	};
	int n_args = 0;
	int rc;

	rc = cli_parse_command(self, options, 1, argc, argv, &args, &n_args, err);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	if (cli_check_args(self, n_args, 1, 1, err) < 0)
		return -1;
	ctx->id = args[0];
	if (lc_id_validate(ctx->id, err) < 0 || lc_container_delete(ctx, force, err) < 0)
		return -1;
	return 0;
}

const cli_command cmd_delete = {
	.name = "delete",
	.summary = "delete a container and the resources it holds",
	.arguments = "<container-id>",
	.run = run_delete,
};
