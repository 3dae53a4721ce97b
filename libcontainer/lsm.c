/* lsm.c: the LSM fields of config.json. oci-run loads no AppArmor profile and sets no SELinux label,
 * so a config naming one is refused before anything is made, never run without its confinement. */
#include "lsm.h"

#include <stdbool.h>
#include <stdio.h>
#include <unistd.h>

/* As runc asks: the module is loaded and its securityfs is there. */
static bool apparmor_enabled(void)
{
	FILE *f = fopen("/sys/module/apparmor/parameters/enabled", "re");
	int c = f ? fgetc(f) : EOF;

	if (f != NULL)
		fclose(f);
	return c == 'Y' && access("/sys/kernel/security/apparmor", F_OK) == 0;
}

static bool selinux_enabled(void)
{
	return access("/sys/fs/selinux/enforce", F_OK) == 0;
}

static bool is_set(const char *value)
{
	return value != NULL && value[0] != '\0';
}

int lc_lsm_check(const lc_spec *spec, lc_error **err)
{
	const lc_process *p = &spec->process;

	/* runc 1.1 fails in its init writing /proc/self/attr/exec (EINVAL) where AppArmor is off */
	if (is_set(p->apparmor_profile))
		return lc_fail(err, 0, "process.apparmorProfile \"%s\": %s", p->apparmor_profile,
			       apparmor_enabled() ? "oci-run does not apply AppArmor profiles"
						  : "AppArmor is not enabled on this host");
	/* runc 1.1 refuses a process label up front without SELinux */
	if (is_set(p->selinux_label))
		return lc_fail(err, 0, "process.selinuxLabel \"%s\": %s", p->selinux_label,
			       selinux_enabled() ? "oci-run does not apply SELinux labels"
						 : "SELinux is not enabled on this host");
	/* runc 1.1 adds context="LABEL" to its mounts, which the kernel refuses (EINVAL) without SELinux */
	if (is_set(spec->linux_.mount_label))
		return lc_fail(err, 0, "linux.mountLabel \"%s\": %s", spec->linux_.mount_label,
			       selinux_enabled() ? "oci-run does not apply SELinux mount labels"
						 : "SELinux is not enabled on this host");
	return 0;
}
