/* cmd_features.c: `oci-run features`: prints the runtime-spec Features structure (JSON) describing
 * what this oci-run implements on this host, as `runc features` does. */
#include <errno.h>
#include <stdio.h>

#include "cleanup.h"
#include "commands.h"

static int run_features(const cli_command *self, lc_context *ctx, int argc, char **argv, lc_error **err)
{
	cleanup_free char **args = NULL;
	cleanup_free char *json = NULL;
	int n_args = 0;
	int rc;

	(void)ctx;
	rc = cli_parse_command(self, NULL, 0, argc, argv, &args, &n_args, err);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	if (cli_check_args(self, n_args, 0, 0, err) < 0)
		return -1;
	json = lc_features_json(err);
	if (json == NULL)
		return -1;
	if (puts(json) == EOF || fflush(stdout) != 0)
		return lc_fail(err, errno, "write the features to stdout");
	return 0;
}

const cli_command cmd_features = {
	.name = "features",
	.summary = "show the features this runtime implements (JSON)",
	.arguments = "",
	.run = run_features,
};
