/* cmd_ps.c: `oci-run ps [--format table|json] <id> [ps options]`: the container's processes, as a
 * JSON array of host pids, or the host's `ps` output (default `-ef`) cut down to those pids, as runc. */
#include <errno.h>
#include <fcntl.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cleanup.h"
#include "commands.h"

/* Runs `ps args...` with stdout and stderr into one buffer, as runc's CombinedOutput. */
static char *run_ps(char **ps_args, int n, int *exit_status, lc_error **err)
{
	cleanup_free char **argv = calloc((size_t)n + 2, sizeof(char *));
	char ps[] = "ps", ef[] = "-ef";
	int pipefd[2];

	if (argv == NULL) {
		lc_fail(err, ENOMEM, "ps");
		return NULL;
	}
	argv[0] = ps;
	for (int i = 0; i < n; i++)
		argv[i + 1] = ps_args[i];
	if (n == 0)
		argv[1] = ef;
	if (pipe2(pipefd, O_CLOEXEC) < 0) {
		lc_fail(err, errno, "ps: pipe");
		return NULL;
	}
	/* fork + execvp: <spawn.h> is shadowed by libcontainer/spawn.h on the include path */
	pid_t pid = fork();
	if (pid == 0) {
		if (dup2(pipefd[1], STDOUT_FILENO) < 0 || dup2(pipefd[1], STDERR_FILENO) < 0)
			_exit(127);
		execvp("ps", argv);
		dprintf(STDERR_FILENO, "exec ps: %s\n", strerror(errno));
		_exit(127);
	}
	int fork_errno = errno;
	close(pipefd[1]);
	if (pid < 0) {
		close(pipefd[0]);
		lc_fail(err, fork_errno, "ps: fork");
		return NULL;
	}
	FILE *out = fdopen(pipefd[0], "r");
	char *text = NULL;
	size_t cap = 0;
	if (out == NULL || getdelim(&text, &cap, '\0', out) < 0) {
		free(text);
		text = strdup("");
	}
	if (out != NULL)
		fclose(out);
	else
		close(pipefd[0]);
	int status = 0;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	*exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	if (text == NULL)
		lc_fail(err, ENOMEM, "ps");
	return text;
}

static bool has_pid(const pid_t *pids, size_t len, long pid)
{
	for (size_t i = 0; i < len; i++)
		if (pids[i] == pid)
			return true;
	return false;
}

/* The index of the PID column in ps's header line. */
static int pid_column(const char *header)
{
	int index = 0;

	for (const char *p = header; *p != '\0';) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0' || *p == '\n')
			break;
		size_t n = strcspn(p, " \t\n");
		if (n == 3 && strncmp(p, "PID", 3) == 0)
			return index;
		index++;
		p += n;
	}
	return -1;
}

/* Field number `column` of line, as a number (-1 when absent or not a number). */
static long field_as_pid(const char *line, int column)
{
	const char *p = line;

	for (int i = 0;; i++) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0')
			return -1;
		if (i == column) {
			char *end;
			long v = strtol(p, &end, 10);
			return end != p && (*end == ' ' || *end == '\t' || *end == '\0') ? v : -1;
		}
		p += strcspn(p, " \t");
	}
}

static int print_table(char **ps_args, int n, const pid_t *pids, size_t len, lc_error **err)
{
	int exit_status = 0;
	cleanup_free char *output = run_ps(ps_args, n, &exit_status, err);

	if (output == NULL)
		return -1;
	if (exit_status != 0)
		return lc_fail(err, 0, "ps exited with status %d: %s", exit_status, output);
	char *save = NULL;
	char *header = strtok_r(output, "\n", &save);
	int column = header ? pid_column(header) : -1;
	if (column < 0)
		return lc_fail(err, 0, "couldn't find PID field in ps output");
	printf("%s\n", header);
	for (char *line = strtok_r(NULL, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
		long pid = field_as_pid(line, column);
		if (pid < 0)
			return lc_fail(err, 0, "unable to parse pid from ps output line: %s", line);
		if (has_pid(pids, len, pid))
			printf("%s\n", line);
	}
	return 0;
}

static int run_ps_command(const cli_command *self, lc_context *ctx, int argc, char **argv, lc_error **err)
{
	cleanup_free char **args = NULL;
	cleanup_free pid_t *pids = NULL;
	const char *format = "table";
	const cli_option options[] = {
	    {"format", "f", OPT_STRING, &format, "FORMAT", "table (ps output, default) or json (pids)"},
	};
	size_t len = 0;
	int n_args = 0;
	int rc;

	rc = cli_parse_command(self, options, 1, argc, argv, &args, &n_args, err);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	if (cli_check_args(self, n_args, 1, -1, err) < 0)
		return -1;
	ctx->id = args[0];
	if (strcmp(format, "table") != 0 && strcmp(format, "json") != 0)
		return lc_fail(err, 0, "invalid format option \"%s\" (expected table or json)", format);
	if (lc_id_validate(ctx->id, err) < 0 || lc_container_pids(ctx, &pids, &len, err) < 0)
		return -1;
	if (strcmp(format, "json") == 0) {
		/* runc's encoding of its pid slice: null when there is none */
		if (len == 0)
			printf("null\n");
		for (size_t i = 0; i < len; i++)
			printf("%s%d%s", i ? "," : "[", (int)pids[i], i + 1 == len ? "]\n" : "");
	} else if (print_table(args + 1, n_args - 1, pids, len, err) < 0) {
		return -1;
	}
	if (fflush(stdout) != 0)
		return lc_fail(err, errno, "write to stdout");
	return 0;
}

const cli_command cmd_ps = {
    .name = "ps",
    .summary = "list the processes running in a container",
    .arguments = "<container-id> [ps options]",
    .flags_before_args = true,
    .run = run_ps_command,
};
