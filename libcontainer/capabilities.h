/* capabilities.h: process.capabilities: names to numbers, the bounding set dropped before the uid
 * change, and the final effective/permitted/inheritable/ambient sets applied right before exec. */
#ifndef LC_CAPABILITIES_H
#define LC_CAPABILITIES_H

#include <stdbool.h>
#include <stdint.h>

#include "error.h"
#include "spec.h"

/* One bit per capability number; names the host does not know are skipped. */
typedef struct lc_cap_sets {
	uint64_t bounding, effective, inheritable, permitted, ambient;
	bool configured; /* process.capabilities present */
} lc_cap_sets;

/* Resolves names. Each unknown name (or one this kernel lacks) is passed to warn, as runc warns
 * and skips it; warn may be NULL. */
void lc_caps_resolve(const lc_capabilities *caps, bool configured, lc_cap_sets *out,
		     void (*warn)(void *data, const char *message), void *warn_data);

/* Before the uid change: drop what is not in the bounding set and keep the permitted set
 * across setuid (PR_SET_KEEPCAPS). */
int lc_caps_prepare(const lc_cap_sets *sets, lc_error **err);

/* Makes every permitted capability effective again (after the uid change cleared them). */
int lc_caps_raise_effective(lc_error **err);

/* The final sets, then the ambient ones. */
int lc_caps_apply(const lc_cap_sets *sets, lc_error **err);

#endif
