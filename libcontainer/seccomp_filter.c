/* seccomp_filter.c: linux.seccomp to a libseccomp filter: default action, architectures, flags and the
 * syscall rules with their argument comparisons, following runc's reading of the spec; loading it,
 * and with SCMP_ACT_NOTIFY rules handing its notify fd to listenerPath (seccomp_notify.c). */
#include "seccomp_filter.h"

#include <errno.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "seccomp_notify.h"

struct lc_seccomp_filter {
	scmp_filter_ctx ctx;
	bool has_notify;     /* an SCMP_ACT_NOTIFY rule was added (its syscall is known here) */
	int listener_fd;     /* connected to listenerPath by the runtime before clone, or -1 */
	char *metadata;      /* listenerMetadata */
	char *message;       /* the container process state, rendered before the filter is loaded */
};

static int parse_action(const char *name, const lc_opt_u64 *errno_ret, uint32_t *out)
{
	uint32_t ret_errno = errno_ret && errno_ret->has ? (uint32_t)errno_ret->value : EPERM;

	if (strcmp(name, "SCMP_ACT_KILL") == 0 || strcmp(name, "SCMP_ACT_KILL_THREAD") == 0)
		*out = SCMP_ACT_KILL_THREAD;
	else if (strcmp(name, "SCMP_ACT_KILL_PROCESS") == 0)
		*out = SCMP_ACT_KILL_PROCESS;
	else if (strcmp(name, "SCMP_ACT_TRAP") == 0)
		*out = SCMP_ACT_TRAP;
	else if (strcmp(name, "SCMP_ACT_ERRNO") == 0)
		*out = SCMP_ACT_ERRNO(ret_errno);
	else if (strcmp(name, "SCMP_ACT_TRACE") == 0)
		*out = SCMP_ACT_TRACE(ret_errno);
	else if (strcmp(name, "SCMP_ACT_ALLOW") == 0)
		*out = SCMP_ACT_ALLOW;
	else if (strcmp(name, "SCMP_ACT_LOG") == 0)
		*out = SCMP_ACT_LOG;
	else if (strcmp(name, "SCMP_ACT_NOTIFY") == 0)
		*out = SCMP_ACT_NOTIFY;
	else
		return -1;
	return 0;
}

int lc_seccomp_action_known(const char *name)
{
	uint32_t ignored;
	return parse_action(name, NULL, &ignored);
}

static int parse_op(const char *name, enum scmp_compare *out)
{
	static const struct {
		const char *name;
		enum scmp_compare op;
	} ops[] = {
		{"SCMP_CMP_NE", SCMP_CMP_NE}, {"SCMP_CMP_LT", SCMP_CMP_LT}, {"SCMP_CMP_LE", SCMP_CMP_LE},
		{"SCMP_CMP_EQ", SCMP_CMP_EQ}, {"SCMP_CMP_GE", SCMP_CMP_GE}, {"SCMP_CMP_GT", SCMP_CMP_GT},
		{"SCMP_CMP_MASKED_EQ", SCMP_CMP_MASKED_EQ},
	};
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (strcmp(ops[i].name, name) == 0) {
			*out = ops[i].op;
			return 0;
		}
	return -1;
}

static void say(void (*warn)(void *, const char *), void *data, const char *fmt, const char *value)
{
	char message[256];
	if (warn == NULL)
		return;
	snprintf(message, sizeof(message), fmt, value);
	warn(data, message);
}

static int add_arch(scmp_filter_ctx ctx, const char *name, size_t index, lc_error **err)
{
	char lower[32];
	const char *suffix = strncmp(name, "SCMP_ARCH_", 10) == 0 ? name + 10 : name;
	size_t n = strlen(suffix);

	if (n >= sizeof(lower))
		return lc_fail(err, 0, "linux.seccomp.architectures[%zu]: unknown architecture \"%s\"", index, name);
	for (size_t i = 0; i <= n; i++)
		lower[i] = (char)((suffix[i] >= 'A' && suffix[i] <= 'Z') ? suffix[i] + 32 : suffix[i]);
	uint32_t arch = seccomp_arch_resolve_name(lower);
	if (arch == 0)
		return lc_fail(err, 0, "linux.seccomp.architectures[%zu]: unknown architecture \"%s\"", index, name);
	int r = seccomp_arch_add(ctx, arch);
	if (r < 0 && r != -EEXIST)
		return lc_fail(err, -r, "linux.seccomp.architectures[%zu]: add %s", index, name);
	return 0;
}

static int set_flag(scmp_filter_ctx ctx, const char *flag, size_t index, void (*warn)(void *, const char *),
		    void *warn_data, lc_error **err)
{
	enum scmp_filter_attr attr;

	if (strcmp(flag, "SECCOMP_FILTER_FLAG_TSYNC") == 0)
		attr = SCMP_FLTATR_CTL_TSYNC;
	else if (strcmp(flag, "SECCOMP_FILTER_FLAG_LOG") == 0)
		attr = SCMP_FLTATR_CTL_LOG;
	else if (strcmp(flag, "SECCOMP_FILTER_FLAG_SPEC_ALLOW") == 0)
		attr = SCMP_FLTATR_CTL_SSB;
	else if (strcmp(flag, "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV") == 0) {
		say(warn, warn_data, "linux.seccomp.flags: %s is not supported by this libseccomp; ignored", flag);
		return 0;
	} else
		return lc_fail(err, 0, "linux.seccomp.flags[%zu]: unknown flag \"%s\"", index, flag);
	int r = seccomp_attr_set(ctx, attr, 1);
	if (r < 0)
		return lc_fail(err, -r, "linux.seccomp.flags[%zu]: %s", index, flag);
	return 0;
}

static int add_rule(scmp_filter_ctx ctx, const lc_seccomp_syscall *sc, size_t index, uint32_t action, int nr,
		    lc_error **err)
{
	struct scmp_arg_cmp cmps[6];
	bool repeated_index = false;
	unsigned seen = 0;

	if (sc->args_len > 6)
		return lc_fail(err, 0, "linux.seccomp.syscalls[%zu].args: at most 6 arguments", index);
	for (size_t i = 0; i < sc->args_len; i++) {
		enum scmp_compare op;
		if (sc->args[i].index > 5)
			return lc_fail(err, 0, "linux.seccomp.syscalls[%zu].args[%zu].index: must be 0..5", index, i);
		if (parse_op(sc->args[i].op ? sc->args[i].op : "", &op) < 0)
			return lc_fail(err, 0, "linux.seccomp.syscalls[%zu].args[%zu].op: unknown operator \"%s\"", index,
				       i, sc->args[i].op ? sc->args[i].op : "");
		if (seen & (1u << sc->args[i].index))
			repeated_index = true;
		seen |= 1u << sc->args[i].index;
		cmps[i] = (struct scmp_arg_cmp){.arg = sc->args[i].index, .op = op, .datum_a = sc->args[i].value,
						.datum_b = sc->args[i].value_two};
	}
	int r;
	if (!repeated_index) {
		/* all comparisons must hold */
		r = seccomp_rule_add_array(ctx, action, nr, (unsigned)sc->args_len, cmps);
	} else {
		/* the same argument compared twice cannot be one libseccomp rule: any of them matches */
		r = 0;
		for (size_t i = 0; i < sc->args_len && r >= 0; i++)
			r = seccomp_rule_add_array(ctx, action, nr, 1, &cmps[i]);
	}
	if (r < 0)
		return lc_fail(err, -r, "linux.seccomp.syscalls[%zu]: add rule", index);
	return 0;
}

int lc_seccomp_build(const lc_seccomp *profile, lc_seccomp_filter **out,
		     void (*warn)(void *data, const char *message), void *warn_data, lc_error **err)
{
	uint32_t default_action;
	lc_seccomp_filter *filter;

	if (parse_action(profile->default_action ? profile->default_action : "", &profile->default_errno_ret,
			 &default_action) < 0)
		return lc_fail(err, 0, "linux.seccomp.defaultAction: unknown action \"%s\"",
			       profile->default_action ? profile->default_action : "");
	filter = calloc(1, sizeof(*filter));
	if (filter == NULL)
		return lc_fail(err, ENOMEM, "linux.seccomp");
	filter->listener_fd = -1;
	filter->ctx = seccomp_init(default_action);
	if (filter->ctx == NULL) {
		free(filter);
		return lc_fail(err, EINVAL, "linux.seccomp: seccomp_init");
	}
	/* no_new_privs is process.noNewPrivileges' business, not libseccomp's */
	seccomp_attr_set(filter->ctx, SCMP_FLTATR_CTL_NNP, 0);
	for (size_t i = 0; i < profile->architectures.len; i++)
		if (add_arch(filter->ctx, profile->architectures.items[i], i, err) < 0)
			goto fail;
	for (size_t i = 0; i < profile->flags.len; i++)
		if (set_flag(filter->ctx, profile->flags.items[i], i, warn, warn_data, err) < 0)
			goto fail;
	for (size_t i = 0; i < profile->syscalls_len; i++) {
		const lc_seccomp_syscall *sc = &profile->syscalls[i];
		uint32_t action;
		if (parse_action(sc->action ? sc->action : "", &sc->errno_ret, &action) < 0) {
			lc_fail(err, 0, "linux.seccomp.syscalls[%zu].action: unknown action \"%s\"", i,
				sc->action ? sc->action : "");
			goto fail;
		}
		if (action == default_action)
			continue; /* libseccomp refuses a rule that repeats the default */
		for (size_t j = 0; j < sc->names_len; j++) {
			int nr = seccomp_syscall_resolve_name(sc->names[j]);
			if (nr == __NR_SCMP_ERROR) {
				say(warn, warn_data, "linux.seccomp: unknown syscall \"%s\" skipped", sc->names[j]);
				continue;
			}
			if (add_rule(filter->ctx, sc, i, action, nr, err) < 0)
				goto fail;
			if (action == SCMP_ACT_NOTIFY)
				filter->has_notify = true;
		}
	}
	/* Without a notify rule the kernel makes no notify fd, so there is nothing to hand over. */
	if (filter->has_notify && profile->listener_path != NULL && profile->listener_path[0] != '\0') {
		filter->listener_fd = lc_seccomp_notify_connect(profile->listener_path, err);
		if (filter->listener_fd < 0)
			goto fail;
		if (profile->listener_metadata != NULL && (filter->metadata = strdup(profile->listener_metadata)) == NULL) {
			lc_fail(err, ENOMEM, "linux.seccomp.listenerMetadata");
			goto fail;
		}
	}
	*out = filter;
	return 0;
fail:
	lc_seccomp_free(filter);
	return -1;
}

int lc_seccomp_set_notify_state(lc_seccomp_filter *filter, const lc_container_state *state, lc_error **err)
{
	if (filter == NULL || filter->listener_fd < 0)
		return 0;
	free(filter->message);
	filter->message = lc_seccomp_notify_message(state, filter->metadata);
	if (filter->message == NULL)
		return lc_fail(err, ENOMEM, "linux.seccomp.listenerPath: container process state");
	return 0;
}

int lc_seccomp_load(lc_seccomp_filter *filter, lc_error **err)
{
	int r = seccomp_load(filter->ctx);

	if (r < 0)
		return lc_fail(err, -r, "linux.seccomp: load filter");
	if (filter->listener_fd < 0)
		return 0;
	/* From here on every syscall passes the filter: only sendmsg and close until execve. */
	int notify_fd = seccomp_notify_fd(filter->ctx);
	if (notify_fd < 0)
		return lc_fail(err, -notify_fd, "linux.seccomp: no notify fd after loading the filter");
	if (filter->message == NULL)
		return lc_fail(err, EINVAL, "linux.seccomp.listenerPath: no container state to send");
	r = lc_seccomp_notify_send(filter->listener_fd, notify_fd, filter->message, err);
	/* The agent has its own copy now; the container's process keeps none. */
	close(notify_fd);
	close(filter->listener_fd);
	filter->listener_fd = -1;
	return r;
}

void lc_seccomp_free(lc_seccomp_filter *filter)
{
	if (filter == NULL)
		return;
	if (filter->listener_fd >= 0)
		close(filter->listener_fd);
	free(filter->metadata);
	free(filter->message);
	seccomp_release(filter->ctx);
	free(filter);
}
