/* sysctl.h: linux.sysctl: which keys a container may set (only those of namespaces it owns, as
 * runc validates them) and writing them from the init, before the read-only paths go on. */
#ifndef LC_SYSCTL_H
#define LC_SYSCTL_H

#include "error.h"
#include "spec.h"

/* Refuses a key that does not belong to a namespace the container creates (or joins). */
int lc_sysctl_validate(const lc_spec *spec, lc_error **err);

/* Writes every key to /proc/sys (the init is already in its namespaces). */
int lc_sysctl_apply(const lc_spec *spec, lc_error **err);

#endif
