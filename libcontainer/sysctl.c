/* sysctl.c: linux.sysctl validation against the container's namespaces and the writes to
 * /proc/sys, which apply to the namespaces of the writing process (the init). */
#include "sysctl.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cleanup.h"

static const char *const ipc_keys[] = {
	"kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.sem",
	"kernel.shmall", "kernel.shmmax", "kernel.shmmni", "kernel.shm_rmid_forced",
};

static bool has_namespace(const lc_spec *spec, lc_ns_kind kind)
{
	return lc_spec_namespace(spec, kind) != NULL;
}

int lc_sysctl_validate(const lc_spec *spec, lc_error **err)
{
	for (size_t i = 0; i < spec->linux_.sysctl.len; i++) {
		const char *key = spec->linux_.sysctl.items[i].key;
		bool ipc = strncmp(key, "fs.mqueue.", 10) == 0;

		for (size_t j = 0; !ipc && j < sizeof(ipc_keys) / sizeof(ipc_keys[0]); j++)
			ipc = strcmp(key, ipc_keys[j]) == 0;
		if (ipc) {
			if (!has_namespace(spec, LC_NS_IPC))
				return lc_fail(err, 0, "linux.sysctl.%s: requires a new IPC namespace", key);
			continue;
		}
		if (strncmp(key, "net.", 4) == 0) {
			if (!has_namespace(spec, LC_NS_NETWORK))
				return lc_fail(err, 0, "linux.sysctl.%s: requires a new network namespace", key);
			continue;
		}
		if (strcmp(key, "kernel.hostname") == 0 || strcmp(key, "kernel.domainname") == 0) {
			if (!has_namespace(spec, LC_NS_UTS))
				return lc_fail(err, 0, "linux.sysctl.%s: requires a new UTS namespace", key);
			continue;
		}
		return lc_fail(err, 0, "linux.sysctl.%s: not in a namespace the container owns, so it would change "
				       "the host", key);
	}
	return 0;
}

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
