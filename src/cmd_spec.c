/* cmd_spec.c: `oci-run spec`: writes a starter config.json into the bundle directory.
 * Never overwrites: O_EXCL makes the existence check and the creation one step. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "cleanup.h"
#include "commands.h"

static int write_all(int fd, const char *text, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, text, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		text += n;
		len -= (size_t)n;
	}
	return 0;
}

static int run_spec(const cli_command *self, lc_context *ctx, int argc, char **argv, lc_error **err)
{
	cleanup_free char **args = NULL;
	cleanup_close int dir_fd = -1;
	cleanup_close int fd = -1;
	const char *bundle = NULL;
	bool rootless = false;
	const cli_option options[] = {
		{"bundle", "b", OPT_STRING, &bundle, "DIR", "directory to write config.json into (default: current directory)"},
		{"rootless", NULL, OPT_BOOL, &rootless, NULL, "generate a configuration for a rootless container"},
	};
	const char *json;
	int n_args = 0;
	int rc;

	(void)ctx;
	rc = cli_parse_command(self, options, 2, argc, argv, &args, &n_args, err);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	if (cli_check_args(self, n_args, 0, 0, err) < 0)
		return -1;
	if (bundle != NULL) {
		dir_fd = open(bundle, O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (dir_fd < 0)
			return lc_fail(err, errno, "bundle %s", bundle);
	}
	json = lc_spec_default_json(rootless);
	/* 0666 before the umask, as runc writes it. */
	fd = openat(bundle != NULL ? dir_fd : AT_FDCWD, "config.json", O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
	if (fd < 0 && errno == EEXIST)
		return lc_fail(err, 0, "File config.json exists. Remove it first");
	if (fd < 0)
		return lc_fail(err, errno, "create config.json");
	if (write_all(fd, json, strlen(json)) < 0 || close(steal_fd(fd)) < 0) {
		int saved = errno;

		/* Leave no half-written file: the next `spec` would refuse to replace it. */
		unlinkat(bundle != NULL ? dir_fd : AT_FDCWD, "config.json", 0);
		return lc_fail(err, saved, "write config.json");
	}
	return 0;
}

const cli_command cmd_spec = {
	.name = "spec",
	.summary = "write a starter config.json for a bundle",
	.arguments = "",
	.run = run_spec,
};
