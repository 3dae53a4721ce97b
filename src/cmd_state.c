/* cmd_state.c: `oci-run state <id>`: prints the container's state as runc does (indented JSON,
 * no trailing newline). */
#include <errno.h>
#include <stdio.h>

#include "cleanup.h"
#include "commands.h"

static int run_state(const cli_command *self, lc_context *ctx, int argc, char **argv, lc_error **err)
{
	cleanup_free char *json = NULL;
	lc_container_state *state = NULL;
	int rc = cli_parse_id_only(self, ctx, argc, argv, err);

	if (rc != 0)
		return rc < 0 ? -1 : 0;
	if (lc_container_state_get(ctx, &state, err) < 0)
		return -1;
	json = lc_container_state_to_json(state, true);
	lc_container_state_free(state);
	if (json == NULL)
		return lc_fail(err, ENOMEM, "format the state of %s", ctx->id);
	if (fputs(json, stdout) == EOF || fflush(stdout) != 0)
		return lc_fail(err, errno, "write the state to stdout");
	return 0;
}

const cli_command cmd_state = {
	.name = "state",
	.summary = "print the state of a container",
	.arguments = "<container-id>",
	.run = run_state,
};
