/* cmd_kill.c: `oci-run kill [--all] <id> [signal]`: sends a signal (default SIGTERM) to the init
 * process, or with --all to every process of the container. */
#include <signal.h>

#include "cleanup.h"
#include "commands.h"

static int run_kill(const cli_command *self, lc_context *ctx, int argc, char **argv, lc_error **err)
{
	cleanup_free char **args = NULL;
	bool all = false;
	const cli_option options[] = {
		{"all", "a", OPT_BOOL, &all, NULL, "send the signal to all processes of the container"},
	};
	int signal = SIGTERM;
	int n_args = 0;
	int rc;

	rc = cli_parse_command(self, options, 1, argc, argv, &args, &n_args, err);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	if (cli_check_args(self, n_args, 1, 2, err) < 0)
		return -1;
	ctx->id = args[0];
	if (lc_id_validate(ctx->id, err) < 0)
		return -1;
	/* runc treats an empty signal argument as the default too. */
	if (n_args == 2 && args[1][0] != '\0' && lc_signal_parse(args[1], &signal, err) < 0)
		return -1;
	if (lc_container_kill(ctx, signal, all, err) < 0)
		return -1;
	return 0;
}

const cli_command cmd_kill = {
	.name = "kill",
	.summary = "send a signal (default SIGTERM) to the container's init process",
	.arguments = "<container-id> [signal]",
	.run = run_kill,
};
