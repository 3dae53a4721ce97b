/* cmd_start.c: `oci-run start <id>`: runs the user's process in a created container.
 * Takes no options; the library checks that the container is in the created state. */
#include "commands.h"

static int run_start(const cli_command *self, lc_context *ctx, int argc, char **argv, lc_error **err)
{
	int rc = cli_parse_id_only(self, ctx, argc, argv, err);

	if (rc != 0)
		return rc < 0 ? -1 : 0;
	return lc_container_start(ctx, err) < 0 ? -1 : 0;
}

const cli_command cmd_start = {
	.name = "start",
	.summary = "start the user's process in a created container",
	.arguments = "<container-id>",
	.run = run_start,
};
