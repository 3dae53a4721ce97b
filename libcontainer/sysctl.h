/* sysctl.h: linux.sysctl written from the init, before the read-only paths go on
 * (spec_validate.c has already refused keys outside the container's namespaces). */
#ifndef LC_SYSCTL_H
#define LC_SYSCTL_H

#include "error.h"
#include "spec.h"

/* Writes every key to /proc/sys (the init is already in its namespaces). */
int lc_sysctl_apply(const lc_spec *spec, lc_error **err);

#endif
