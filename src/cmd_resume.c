/* cmd_resume.c: `oci-run resume <id>`: thaws the processes of a container that `pause` froze;
 * `state` then reports it running again. */
#include "commands.h"

static int run_resume(const cli_command *self, lc_context *ctx, int argc, char **argv, lc_error **err)
{
	int rc = cli_parse_id_only(self, ctx, argc, argv, err);

	if (rc != 0)
		return rc < 0 ? -1 : 0;
	return lc_container_resume(ctx, err) < 0 ? -1 : 0;
}

const cli_command cmd_resume = {
    .name = "resume",
    .summary = "resume all processes of a paused container",
    .arguments = "<container-id>",
    .run = run_resume,
};
