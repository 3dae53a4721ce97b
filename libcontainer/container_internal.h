/* container_internal.h: what the operation files of the library (container.c, exec.c, ...) share
 * and the CLI does not see: opening a container under its lock, and reading its config copy. */
#ifndef LC_CONTAINER_INTERNAL_H
#define LC_CONTAINER_INTERNAL_H

#include <stdbool.h>

#include "container.h"
#include "state.h"

/* Opens and locks (shared or exclusive) ctx->id, reads its state (NULL while it is being created)
 * and derives its status. The caller closes *dirfd and frees *state. */
int lc_container_open(const lc_context *ctx, bool shared, int *dirfd, lc_state **state, lc_status *status,
		      lc_error **err);

/* Parses the config.json copy taken at create. */
int lc_container_load_config(int dirfd, lc_spec **out, lc_error **err);

#define LC_OCI_VERSION "1.3.0" /* the runtime-spec version of the state oci-run reports */

/* A line to ctx->log (debug lines only with ctx->debug). */
void lc_container_log(const lc_context *ctx, lc_log_level level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* A warning callback for library parts that warn (data: the lc_context). */
void lc_container_warn(void *data, const char *message);

char *lc_read_whole_file(const char *path, size_t *len_out, lc_error **err);
int lc_copy_annotations(const lc_map *from, lc_map *to);

/* The state JSON a hook reads on its stdin, for status. */
char *lc_container_hook_state_json(const lc_context *ctx, const lc_state *state, lc_status status);

/* Stops what still runs, removes the cgroup and the state dir, then runs the poststop hooks (their
 * failures are warnings). Used by delete and when a failed hook destroys the container. */
int lc_container_destroy(const lc_context *ctx, int dirfd, const lc_state *state, lc_status status,
			 lc_error **err);

#endif
