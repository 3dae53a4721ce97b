/* cmd_resume.c: `oci-run resume <id>`: thaws the processes of a container that `pause` froze;
 * `state` then reports it running again. */
#include "cleanup.h"
#include "commands.h"

static int run_resume(const cli_command *self, lc_context *ctx, int argc, char **argv, lc_error **err)
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
	if (lc_id_validate(ctx->id, err) < 0 || lc_container_resume(ctx, err) < 0)
		return -1;
	return 0;
}

const cli_command cmd_resume = {
    .name = "resume",
    .summary = "resume all processes of a paused container",
    .arguments = "<container-id>",
    .run = run_resume,
};
