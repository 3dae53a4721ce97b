/* cmd_pause.c: `oci-run pause <id>`: freezes every process of a running container (cgroup freezer);
 * `state` then reports it paused until `resume`. */
#include "commands.h"

static int run_pause(const cli_command *self, lc_context *ctx, int argc, char **argv, lc_error **err)
{
	int rc = cli_parse_id_only(self, ctx, argc, argv, err);

	if (rc != 0)
		return rc < 0 ? -1 : 0;
	return lc_container_pause(ctx, err) < 0 ? -1 : 0;
}

const cli_command cmd_pause = {
    .name = "pause",
    .summary = "suspend all processes of a container",
    .arguments = "<container-id>",
    .run = run_pause,
};
