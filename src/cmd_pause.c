/* cmd_pause.c: `oci-run pause <id>`: freezes every process of a running container (cgroup freezer);
 * `state` then reports it paused until `resume`. */
#include "cleanup.h"
#include "commands.h"

static int run_pause(const cli_command *self, lc_context *ctx, int argc, char **argv, lc_error **err)
{
	cleanup_free char **args = NULL;
	int n_args = 0;
	int rc;

	rc = cli_parse_command(self, NULL, 0, argc, argv, &args, &n_args, err);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	if (cli_check_args(self, n_args, 1, 1, err) < 0)
		return -1;
	ctx->id = args[0];
	if (lc_id_validate(ctx->id, err) < 0 || lc_container_pause(ctx, err) < 0)
		return -1;
	return 0;
}

const cli_command cmd_pause = {
    .name = "pause",
    .summary = "suspend all processes of a container",
    .arguments = "<container-id>",
    .run = run_pause,
};
