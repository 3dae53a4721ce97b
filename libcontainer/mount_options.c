/* mount_options.c: the table of mount options oci-run understands (mount(8) names, as runc accepts
 * them) and the parser from a config.json options list to lc_mount_flags. */
#include "mount_options.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>

#ifndef MS_NOSYMFOLLOW
#define MS_NOSYMFOLLOW 256
#endif

struct flag_option {
	const char *name;
	bool clear;          /* the option turns the flag off */
	unsigned long flag;
};

static const struct flag_option flag_options[] = {
	{"defaults", false, 0},
	{"ro", false, MS_RDONLY},
	{"rw", true, MS_RDONLY},
	{"suid", true, MS_NOSUID},
	{"nosuid", false, MS_NOSUID},
	{"dev", true, MS_NODEV},
	{"nodev", false, MS_NODEV},
	{"exec", true, MS_NOEXEC},
	{"noexec", false, MS_NOEXEC},
	{"sync", false, MS_SYNCHRONOUS},
	{"async", true, MS_SYNCHRONOUS},
	{"dirsync", false, MS_DIRSYNC},
	{"remount", false, MS_REMOUNT},
	{"mand", false, MS_MANDLOCK},
	{"nomand", true, MS_MANDLOCK},
	{"atime", true, MS_NOATIME},
	{"noatime", false, MS_NOATIME},
	{"diratime", true, MS_NODIRATIME},
	{"nodiratime", false, MS_NODIRATIME},
	{"relatime", false, MS_RELATIME},
	{"norelatime", true, MS_RELATIME},
	{"strictatime", false, MS_STRICTATIME},
	{"nostrictatime", true, MS_STRICTATIME},
	{"nosymfollow", false, MS_NOSYMFOLLOW},
	{"symfollow", true, MS_NOSYMFOLLOW},
	{"silent", false, MS_SILENT},
	{"loud", true, MS_SILENT},
	{"iversion", false, MS_I_VERSION},
	{"noiversion", true, MS_I_VERSION},
	{"lazytime", false, MS_LAZYTIME},
	{"nolazytime", true, MS_LAZYTIME},
	{"acl", false, MS_POSIXACL},
	{"noacl", true, MS_POSIXACL},
};

/* The r- forms apply to the whole tree with mount_setattr(AT_RECURSIVE). The access-time modes are
 * an enum in mount_attr, not bits: each one replaces the whole MOUNT_ATTR__ATIME field. */
struct recursive_option {
	const char *name;
	bool clear;
	uint64_t attr;
	bool atime;
};

static const struct recursive_option recursive_options[] = {
	{"rro", false, MOUNT_ATTR_RDONLY, false},
	{"rrw", true, MOUNT_ATTR_RDONLY, false},
	{"rnosuid", false, MOUNT_ATTR_NOSUID, false},
	{"rsuid", true, MOUNT_ATTR_NOSUID, false},
	{"rnodev", false, MOUNT_ATTR_NODEV, false},
	{"rdev", true, MOUNT_ATTR_NODEV, false},
	{"rnoexec", false, MOUNT_ATTR_NOEXEC, false},
	{"rexec", true, MOUNT_ATTR_NOEXEC, false},
	{"rnodiratime", false, MOUNT_ATTR_NODIRATIME, false},
	{"rdiratime", true, MOUNT_ATTR_NODIRATIME, false},
	{"rnosymfollow", false, MOUNT_ATTR_NOSYMFOLLOW, false},
	{"rsymfollow", true, MOUNT_ATTR_NOSYMFOLLOW, false},
	/* "atime" and "norelatime" have no mode of their own: the kernel's default is relatime, and
	 * the one mode that is neither relatime nor noatime is strictatime. */
	{"rnoatime", false, MOUNT_ATTR_NOATIME, true},
	{"ratime", false, MOUNT_ATTR_RELATIME, true},
	{"rrelatime", false, MOUNT_ATTR_RELATIME, true},
	{"rnorelatime", false, MOUNT_ATTR_STRICTATIME, true},
	{"rstrictatime", false, MOUNT_ATTR_STRICTATIME, true},
	{"rnostrictatime", false, MOUNT_ATTR_RELATIME, true},
};

static bool parse_recursive(const char *opt, lc_mount_flags *out)
{
	for (size_t i = 0; i < sizeof(recursive_options) / sizeof(recursive_options[0]); i++) {
		const struct recursive_option *r = &recursive_options[i];
		if (strcmp(opt, r->name) != 0)
			continue;
		if (r->atime) {
			out->rec_attr_set = (out->rec_attr_set & ~(uint64_t)MOUNT_ATTR__ATIME) | r->attr;
			out->rec_attr_clr |= MOUNT_ATTR__ATIME;
		} else if (r->clear) {
			out->rec_attr_set &= ~r->attr;
			out->rec_attr_clr |= r->attr;
		} else {
			out->rec_attr_set |= r->attr;
			out->rec_attr_clr &= ~r->attr;
		}
		out->has_rec_attr = true;
		return true;
	}
	return false;
}

struct propagation_option {
	const char *name;
	unsigned long flags;
};

static const struct propagation_option propagation_options[] = {
	{"private", MS_PRIVATE},
	{"rprivate", MS_PRIVATE | MS_REC},
	{"shared", MS_SHARED},
	{"rshared", MS_SHARED | MS_REC},
	{"slave", MS_SLAVE},
	{"rslave", MS_SLAVE | MS_REC},
	{"unbindable", MS_UNBINDABLE},
	{"runbindable", MS_UNBINDABLE | MS_REC},
};

int lc_mount_propagation_parse(const char *name, unsigned long *out)
{
	for (size_t i = 0; i < sizeof(propagation_options) / sizeof(propagation_options[0]); i++) {
		if (strcmp(name, propagation_options[i].name) == 0) {
			*out = propagation_options[i].flags;
			return 0;
		}
	}
	return -1;
}

static int append_data(char **data, const char *option)
{
	size_t old = *data ? strlen(*data) : 0;
	size_t add = strlen(option);
	char *bigger = realloc(*data, old + add + 2);

	if (bigger == NULL)
		return -1;
	if (old > 0)
		bigger[old++] = ',';
	memcpy(bigger + old, option, add + 1);
	*data = bigger;
	return 0;
}

void lc_mount_flags_clear(lc_mount_flags *m)
{
	free(m->data);
	memset(m, 0, sizeof(*m));
}

int lc_mount_options_parse(const lc_strv *options, const char *where, lc_mount_flags *out, lc_error **err)
{
	memset(out, 0, sizeof(*out));
	for (size_t i = 0; options != NULL && i < options->len; i++) {
		const char *opt = options->items[i];
		bool matched = false;

		for (size_t j = 0; j < sizeof(flag_options) / sizeof(flag_options[0]); j++) {
			if (strcmp(opt, flag_options[j].name) != 0)
				continue;
			if (flag_options[j].clear) {
				out->flags &= ~flag_options[j].flag;
				out->clear |= flag_options[j].flag;
			} else {
				out->flags |= flag_options[j].flag;
				out->clear &= ~flag_options[j].flag;
			}
			matched = true;
			break;
		}
		if (matched)
			continue;
		unsigned long propagation;
		if (parse_recursive(opt, out)) {
			continue;
		} else if (lc_mount_propagation_parse(opt, &propagation) == 0) {
			out->propagation = propagation;
			out->has_propagation = true;
		} else if (strcmp(opt, "bind") == 0) {
			out->bind = true;
			out->flags |= MS_BIND;
		} else if (strcmp(opt, "rbind") == 0) {
			out->bind = true;
			out->flags |= MS_BIND | MS_REC;
		} else if (strcmp(opt, "tmpcopyup") == 0) {
			out->tmpcopyup = true;
		} else if (strcmp(opt, "idmap") == 0) {
			out->idmap = true;
		} else if (strcmp(opt, "ridmap") == 0) {
			out->idmap = true;
			out->recursive_idmap = true;
		} else if (opt[0] == '\0') {
			lc_mount_flags_clear(out);
			return lc_fail(err, 0, "%s[%zu]: empty mount option", where, i);
		} else {
			/* Anything else is the filesystem's business (size=, mode=, newinstance ...). */
			if (append_data(&out->data, opt) < 0) {
				lc_mount_flags_clear(out);
				return lc_fail(err, ENOMEM, "%s", where);
			}
		}
	}
	return 0;
}

/* Options handled by name in lc_mount_options_parse rather than through a table. */
static const char *const named_options[] = {"bind", "rbind", "tmpcopyup", "idmap", "ridmap"};

void lc_mount_option_names(void (*each)(const char *name, void *data), void *data)
{
	for (size_t i = 0; i < sizeof(flag_options) / sizeof(flag_options[0]); i++)
		each(flag_options[i].name, data);
	for (size_t i = 0; i < sizeof(recursive_options) / sizeof(recursive_options[0]); i++)
		each(recursive_options[i].name, data);
	for (size_t i = 0; i < sizeof(propagation_options) / sizeof(propagation_options[0]); i++)
		each(propagation_options[i].name, data);
	for (size_t i = 0; i < sizeof(named_options) / sizeof(named_options[0]); i++)
		each(named_options[i], data);
}
