/* lsm.h: process.apparmorProfile, process.selinuxLabel and linux.mountLabel. oci-run applies no LSM
 * label; like runc on a host without that LSM, a config that asks for one is refused at create. */
#ifndef LC_LSM_H
#define LC_LSM_H

#include "error.h"
#include "spec.h"

/* Fails, naming the field, when the config sets a profile or label (checked before create makes
 * anything, so nothing is left to undo). */
int lc_lsm_check(const lc_spec *spec, lc_error **err);

#endif
