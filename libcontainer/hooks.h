/* hooks.h: running config.json hooks: each with its path, args, env and timeout, the container's
 * state JSON on its stdin, and its output kept for the error message when it fails. */
#ifndef LC_HOOKS_H
#define LC_HOOKS_H

#include <stdbool.h>

#include "error.h"
#include "spec.h"

/* Runs the hooks in order and stops at the first failure, which names the hook kind ("createRuntime"),
 * its index and path, and its exit status, signal or timeout, followed by what it printed. A hook that
 * ran and failed leaves errnum ECANCELED; any other errnum is the runtime's own failure (fork...). */
int lc_hooks_run(const lc_hook_list *hooks, const char *kind, const char *state_json, lc_error **err);

/* Runs every hook even when some fail (poststop); each failure goes to warn. */
void lc_hooks_run_all(const lc_hook_list *hooks, const char *kind, const char *state_json,
		      void (*warn)(void *data, const char *message), void *warn_data);

bool lc_spec_has_hooks(const lc_spec *spec);
/* prestart or createRuntime hooks: the ones the parent runs while the init waits before pivot_root. */
bool lc_spec_has_parent_hooks(const lc_spec *spec);

#endif
