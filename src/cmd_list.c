/* cmd_list.c: `oci-run list`: every container under --root, as runc's table, a JSON array or bare ids.
 * Output is built in memory and written at the end, so a failure prints nothing to stdout. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "commands.h"

#define TABLE_COLUMNS 6

/* runc's table is a Go tabwriter with minimum cell width 12 and padding 3. */
#define TABLE_MIN_WIDTH 12
#define TABLE_PADDING 3

/* Characters, not bytes, as tabwriter counts them (UTF-8 continuation bytes do not count). */
static size_t display_width(const char *text)
{
	size_t width = 0;

	for (const unsigned char *p = (const unsigned char *)text; *p != '\0'; p++) {
		if ((*p & 0xc0) != 0x80)
			width++;
	}
	return width;
}

/* runc's list shows the owner's user name where its state shows "" for root. */
static const char *owner_name(const lc_container_state *state)
{
	return state->owner != NULL && state->owner[0] != '\0' ? state->owner : "root";
}

static void fill_row(const lc_container_state *state, char pid[24], const char *cells[TABLE_COLUMNS])
{
	snprintf(pid, 24, "%d", (int)state->pid);
	cells[0] = state->id;
	cells[1] = pid;
	cells[2] = state->status;
	cells[3] = state->bundle;
	cells[4] = state->created;
	cells[5] = owner_name(state);
	for (int c = 0; c < TABLE_COLUMNS; c++) {
		if (cells[c] == NULL)
			cells[c] = "";
	}
}

static void print_row(FILE *out, const char *cells[TABLE_COLUMNS], const size_t widths[TABLE_COLUMNS])
{
	/* The last column is not a tab-terminated cell in runc's output, so it is not padded. */
	for (int c = 0; c < TABLE_COLUMNS - 1; c++)
		fprintf(out, "%s%*s", cells[c], (int)(widths[c] - display_width(cells[c])), "");
	fprintf(out, "%s\n", cells[TABLE_COLUMNS - 1]);
}

static void print_table(FILE *out, lc_container_state **states, size_t len)
{
	const char *header[TABLE_COLUMNS] = {"ID", "PID", "STATUS", "BUNDLE", "CREATED", "OWNER"};
	size_t widths[TABLE_COLUMNS];
	const char *cells[TABLE_COLUMNS];
	char pid[24];

	for (int c = 0; c < TABLE_COLUMNS; c++)
		widths[c] = display_width(header[c]) + TABLE_PADDING;
	for (size_t i = 0; i < len; i++) {
		fill_row(states[i], pid, cells);
		for (int c = 0; c < TABLE_COLUMNS; c++) {
			if (display_width(cells[c]) + TABLE_PADDING > widths[c])
				widths[c] = display_width(cells[c]) + TABLE_PADDING;
		}
	}
	for (int c = 0; c < TABLE_COLUMNS; c++) {
		if (widths[c] < TABLE_MIN_WIDTH)
			widths[c] = TABLE_MIN_WIDTH;
	}
	print_row(out, header, widths);
	for (size_t i = 0; i < len; i++) {
		fill_row(states[i], pid, cells);
		print_row(out, cells, widths);
	}
}

/* Compact objects in one array on one line; runc (Go's json.Encoder on a nil slice) prints "null"
 * when there is no container. */
static int print_json(FILE *out, lc_container_state **states, size_t len, lc_error **err)
{
	if (len == 0) {
		fputs("null\n", out);
		return 0;
	}
	fputc('[', out);
	for (size_t i = 0; i < len; i++) {
		cleanup_free char *json = NULL;
		char *saved_owner = states[i]->owner;

		states[i]->owner = (char *)owner_name(states[i]);
		json = lc_container_state_to_json(states[i], false);
		states[i]->owner = saved_owner;
		if (json == NULL)
			return lc_fail(err, ENOMEM, "format the state of %s", states[i]->id);
		fprintf(out, "%s%s", i > 0 ? "," : "", json);
	}
	fputs("]\n", out);
	return 0;
}

static void free_states(lc_container_state **states, size_t len)
{
	for (size_t i = 0; i < len; i++)
		lc_container_state_free(states[i]);
	free(states);
}

static int run_list(const cli_command *self, lc_context *ctx, int argc, char **argv, lc_error **err)
{
	cleanup_free char **args = NULL;
	cleanup_free char *output = NULL;
	cleanup_fclose FILE *out = NULL;
	lc_container_state **states = NULL;
	const char *format = "table";
	bool quiet = false;
	const cli_option options[] = {
		{"format", "f", OPT_STRING, &format, "FORMAT", "table (default) or json"},
		{"quiet", "q", OPT_BOOL, &quiet, NULL, "print only the container ids"},
	};
	size_t output_size = 0;
	size_t len = 0;
	int n_args = 0;
	int rc;

	rc = cli_parse_command(self, options, 2, argc, argv, &args, &n_args, err);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	if (cli_check_args(self, n_args, 0, 0, err) < 0)
		return -1;
	if (strcmp(format, "table") != 0 && strcmp(format, "json") != 0)
		return lc_fail(err, 0, "invalid value \"%s\" for flag \"--format\": expected table or json", format);
	if (lc_container_list(ctx, &states, &len, err) < 0)
		return -1;

	out = open_memstream(&output, &output_size);
	if (out == NULL) {
		free_states(states, len);
		return lc_fail(err, errno, "list containers");
	}
	rc = 0;
	if (quiet) {
		for (size_t i = 0; i < len; i++)
			fprintf(out, "%s\n", states[i]->id);
	} else if (strcmp(format, "json") == 0) {
		rc = print_json(out, states, len, err);
	} else {
		print_table(out, states, len);
	}
	free_states(states, len);
	if (rc < 0)
		return -1;
	if (fclose(steal_ptr(out)) != 0)
		return lc_fail(err, errno, "list containers");
	if (fwrite(output, 1, output_size, stdout) != output_size || fflush(stdout) != 0)
		return lc_fail(err, errno, "write the list to stdout");
	return 0;
}

const cli_command cmd_list = {
	.name = "list",
	.summary = "list the containers under --root",
	.arguments = "",
	.run = run_list,
};
