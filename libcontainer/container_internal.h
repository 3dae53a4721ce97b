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

#endif
