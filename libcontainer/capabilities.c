/* capabilities.c: the five capability sets of process.capabilities through libcap, applied in the
 * order that survives the uid change: bounding first, final sets last, ambient after them. */
#include "capabilities.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/prctl.h>

/* The highest capability this kernel knows (libcap asks the kernel once). */
static unsigned last_cap(void)
{
	unsigned bits = cap_max_bits();
	return bits == 0 ? 0 : (bits > 64 ? 63 : bits - 1);
}

static uint64_t resolve_list(const lc_strv *names, const char *set_name,
			     void (*warn)(void *data, const char *message), void *warn_data)
{
	uint64_t bits = 0;

	for (size_t i = 0; i < names->len; i++) {
		cap_value_t value;
		/* libcap knows lowercase names; the spec writes CAP_SYS_ADMIN */
		char lower[64];
		size_t n = strlen(names->items[i]);
		if (n >= sizeof(lower))
			n = sizeof(lower) - 1;
		for (size_t j = 0; j < n; j++)
			lower[j] = (char)((names->items[i][j] >= 'A' && names->items[i][j] <= 'Z') ?
					  names->items[i][j] + 32 : names->items[i][j]);
		lower[n] = '\0';
		if (strncmp(lower, "cap_", 4) != 0 || cap_from_name(lower, &value) < 0 || value < 0 ||
		    (unsigned)value > last_cap()) {
			if (warn != NULL) {
				char message[160];
				snprintf(message, sizeof(message),
					 "process.capabilities.%s: unknown capability \"%s\" ignored", set_name,
					 names->items[i]);
				warn(warn_data, message);
			}
			continue;
		}
		/* runtime-spec 1.3: a capability the runtime cannot grant is a warning, not a failure
		 * (root on some hosts lacks CAP_SYS_RESOURCE, say, and capset would refuse it) */
		if (prctl(PR_CAPBSET_READ, (unsigned long)value, 0, 0, 0) == 0) {
			if (warn != NULL) {
				char message[200];
				snprintf(message, sizeof(message),
					 "process.capabilities.%s: \"%s\" is not in the runtime's own bounding set; ignored",
					 set_name, names->items[i]);
				warn(warn_data, message);
			}
			continue;
		}
		bits |= UINT64_C(1) << value;
	}
	return bits;
}

void lc_caps_resolve(const lc_capabilities *caps, bool configured, lc_cap_sets *out,
		     void (*warn)(void *data, const char *message), void *warn_data)
{
	memset(out, 0, sizeof(*out));
	out->configured = configured;
	if (!configured)
		return;
	out->bounding = resolve_list(&caps->bounding, "bounding", warn, warn_data);
	out->effective = resolve_list(&caps->effective, "effective", warn, warn_data);
	out->inheritable = resolve_list(&caps->inheritable, "inheritable", warn, warn_data);
	out->permitted = resolve_list(&caps->permitted, "permitted", warn, warn_data);
	out->ambient = resolve_list(&caps->ambient, "ambient", warn, warn_data);
}

int lc_caps_prepare(const lc_cap_sets *sets, lc_error **err)
{
	if (!sets->configured)
		return 0;
	for (unsigned cap = 0; cap <= last_cap(); cap++) {
		if (sets->bounding & (UINT64_C(1) << cap))
			continue;
		if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0 && errno != EINVAL)
			return lc_fail(err, errno, "process.capabilities.bounding: drop %s", cap_to_name(cap));
	}
	if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0)
		return lc_fail(err, errno, "process.capabilities: keep capabilities across setuid");
	return 0;
}

static int set_proc_caps(uint64_t effective, uint64_t permitted, uint64_t inheritable, lc_error **err)
{
	cap_t caps = cap_init();
	int ret = 0;

	if (caps == NULL)
		return lc_fail(err, errno, "process.capabilities");
	for (unsigned cap = 0; cap <= last_cap(); cap++) {
		cap_value_t v = (cap_value_t)cap;
		uint64_t bit = UINT64_C(1) << cap;
		if (effective & bit)
			cap_set_flag(caps, CAP_EFFECTIVE, 1, &v, CAP_SET);
		if (permitted & bit)
			cap_set_flag(caps, CAP_PERMITTED, 1, &v, CAP_SET);
		if (inheritable & bit)
			cap_set_flag(caps, CAP_INHERITABLE, 1, &v, CAP_SET);
	}
	if (cap_set_proc(caps) < 0)
		ret = lc_fail(err, errno, "process.capabilities: capset");
	cap_free(caps);
	return ret;
}

int lc_caps_raise_effective(lc_error **err)
{
	cap_t caps = cap_get_proc();
	int ret = 0;

	if (caps == NULL)
		return lc_fail(err, errno, "read capabilities");
	for (unsigned cap = 0; cap <= last_cap(); cap++) {
		cap_value_t v = (cap_value_t)cap;
		cap_flag_value_t permitted = CAP_CLEAR;
		cap_get_flag(caps, v, CAP_PERMITTED, &permitted);
		if (permitted == CAP_SET)
			cap_set_flag(caps, CAP_EFFECTIVE, 1, &v, CAP_SET);
	}
	if (cap_set_proc(caps) < 0)
		ret = lc_fail(err, errno, "raise effective capabilities");
	cap_free(caps);
	return ret;
}

int lc_caps_apply(const lc_cap_sets *sets, lc_error **err)
{
	if (!sets->configured)
		return 0;
	/* effective must be a subset of permitted for capset to accept it */
	if (set_proc_caps(sets->effective & sets->permitted, sets->permitted, sets->inheritable, err) < 0)
		return -1;
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL)
		return lc_fail(err, errno, "process.capabilities.ambient: clear");
	/* A capability can be ambient only when it is permitted and inheritable; runc skips the others
	 * without an error (its default spec lists ambient capabilities that are not inheritable). */
	for (unsigned cap = 0; cap <= last_cap(); cap++) {
		uint64_t bit = UINT64_C(1) << cap;
		if (!(sets->ambient & bit) || !(sets->permitted & bit) || !(sets->inheritable & bit))
			continue;
		if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, cap, 0, 0) < 0)
			return lc_fail(err, errno, "process.capabilities.ambient: raise capability %u", cap);
	}
	if (prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0) < 0)
		return lc_fail(err, errno, "process.capabilities: clear keep-caps");
	return 0;
}
