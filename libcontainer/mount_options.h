/* mount_options.h: turning the options list of a config.json mount into mount(2) flags,
 * propagation changes, mount_setattr attributes and the data string passed to the filesystem. */
#ifndef LC_MOUNT_OPTIONS_H
#define LC_MOUNT_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>

#include "error.h"
#include "spec.h"

typedef struct lc_mount_flags {
	unsigned long flags;       /* MS_* set by the options (MS_RDONLY, MS_NOSUID, MS_BIND, MS_REC ...) */
	unsigned long clear;       /* MS_* the options explicitly turned off (rw, suid, dev, exec ...) */
	unsigned long propagation; /* MS_SHARED/MS_SLAVE/MS_PRIVATE/MS_UNBINDABLE, with MS_REC for r-forms */
	bool has_propagation;
	bool bind;                 /* bind or rbind */
	bool tmpcopyup;            /* tmpfs: copy the rootfs content of the destination into it */
	bool idmap;                /* idmap / ridmap: id-mapped bind mount */
	bool recursive_idmap;
	bool has_rec_attr;         /* an r- option (rro, rnosuid, ratime ...) was given */
	uint64_t rec_attr_set;     /* MOUNT_ATTR_* for mount_setattr(AT_RECURSIVE) */
	uint64_t rec_attr_clr;
	char *data;                /* comma-joined options that are not flags (size=, mode= ...); owned */
} lc_mount_flags;

/* where: used in error messages, e.g. "mounts[3].options". */
int lc_mount_options_parse(const lc_strv *options, const char *where, lc_mount_flags *out, lc_error **err);
void lc_mount_flags_clear(lc_mount_flags *m);

/* Parses a propagation name ("rslave", "private" ...) into MS_ flags. Returns -1 if unknown. */
int lc_mount_propagation_parse(const char *name, unsigned long *out);

/* Every option name lc_mount_options_parse takes as an option of its own (filesystem data such as
 * size= aside), for `features`: each(name, data) once per name. */
void lc_mount_option_names(void (*each)(const char *name, void *data), void *data);

#endif
