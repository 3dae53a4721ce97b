/* sysctl.c: writing linux.sysctl to /proc/sys from the init; the writes apply to the namespaces of
 * the writing process. Which keys are allowed is checked by spec_validate.c. */
#include "sysctl.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cleanup.h"

int lc_sysctl_apply(const lc_spec *spec, lc_error **err)
{
	for (size_t i = 0; i < spec->linux_.sysctl.len; i++) {
		const lc_keyval *kv = &spec->linux_.sysctl.items[i];
		char path[512];
		size_t len = (size_t)snprintf(path, sizeof(path), "/proc/sys/%s", kv->key);

		if (len >= sizeof(path) || strstr(kv->key, "..") != NULL || strchr(kv->key, '/') != NULL)
			return lc_fail(err, 0, "linux.sysctl.%s: invalid key", kv->key);
		for (char *p = path + 10; *p; p++)
			if (*p == '.')
				*p = '/';
		cleanup_close int fd = open(path, O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
		if (fd < 0)
			return lc_fail(err, errno, "linux.sysctl.%s: open %s", kv->key, path);
		size_t value_len = strlen(kv->value);
		if (write(fd, kv->value, value_len) != (ssize_t)value_len)
			return lc_fail(err, errno, "linux.sysctl.%s: write \"%s\"", kv->key, kv->value);
	}
	return 0;
}
