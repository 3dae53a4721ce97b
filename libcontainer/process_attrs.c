/* process_attrs.c: the scheduling and execution-domain attributes of the container's process:
 * linux.personality, process.scheduler (sched_setattr) and process.ioPriority (ioprio_set). */
#include "process.h"

#include <errno.h>
#include <sched.h>
#include <stdint.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/syscall.h>
#include <unistd.h>

int lc_process_set_personality(const lc_spec *spec, lc_error **err)
{
	unsigned long domain;

	if (!spec->linux_.has_personality || spec->linux_.personality.domain == NULL)
		return 0;
	if (strcmp(spec->linux_.personality.domain, "LINUX") == 0)
		domain = PER_LINUX;
	else if (strcmp(spec->linux_.personality.domain, "LINUX32") == 0)
		domain = PER_LINUX32;
	else
		return lc_fail(err, 0, "linux.personality.domain: unknown domain \"%s\"", spec->linux_.personality.domain);
	if (personality(domain) < 0)
		return lc_fail(err, errno, "linux.personality: personality(%s)", spec->linux_.personality.domain);
	return 0;
}

/* The kernel's struct sched_attr (glibc 2.36 does not declare it). */
struct kernel_sched_attr {
	uint32_t size;
	uint32_t sched_policy;
	uint64_t sched_flags;
	int32_t sched_nice;
	uint32_t sched_priority;
	uint64_t sched_runtime;
	uint64_t sched_deadline;
	uint64_t sched_period;
};

static const struct {
	const char *name;
	uint32_t value;
} sched_policies[] = {
	{"SCHED_OTHER", 0}, {"SCHED_FIFO", 1}, {"SCHED_RR", 2}, {"SCHED_BATCH", 3},
	{"SCHED_ISO", 4},   {"SCHED_IDLE", 5}, {"SCHED_DEADLINE", 6},
};

static const struct {
	const char *name;
	uint64_t value;
} sched_flags[] = {
	{"SCHED_FLAG_RESET_ON_FORK", 0x01}, {"SCHED_FLAG_RECLAIM", 0x02},     {"SCHED_FLAG_DL_OVERRUN", 0x04},
	{"SCHED_FLAG_KEEP_POLICY", 0x08},   {"SCHED_FLAG_KEEP_PARAMS", 0x10}, {"SCHED_FLAG_UTIL_CLAMP_MIN", 0x20},
	{"SCHED_FLAG_UTIL_CLAMP_MAX", 0x40},
};

int lc_scheduler_policy(const char *name)
{
	for (size_t i = 0; i < sizeof(sched_policies) / sizeof(sched_policies[0]); i++)
		if (strcmp(sched_policies[i].name, name) == 0)
			return (int)sched_policies[i].value;
	return -1;
}

int lc_process_set_scheduler(const lc_process *process, lc_error **err)
{
	const lc_scheduler *s = &process->scheduler;
	struct kernel_sched_attr attr = {.size = sizeof(attr)};
	int policy;

	if (!process->has_scheduler)
		return 0;
	policy = lc_scheduler_policy(s->policy ? s->policy : "");
	if (policy < 0)
		return lc_fail(err, 0, "process.scheduler.policy: unknown policy \"%s\"", s->policy ? s->policy : "");
	attr.sched_policy = (uint32_t)policy;
	for (size_t i = 0; i < s->flags.len; i++) {
		bool known = false;
		for (size_t j = 0; j < sizeof(sched_flags) / sizeof(sched_flags[0]); j++)
			if (strcmp(sched_flags[j].name, s->flags.items[i]) == 0) {
				attr.sched_flags |= sched_flags[j].value;
				known = true;
			}
		if (!known)
			return lc_fail(err, 0, "process.scheduler.flags[%zu]: unknown flag \"%s\"", i, s->flags.items[i]);
	}
	attr.sched_nice = s->nice.has ? (int32_t)s->nice.value : 0;
	attr.sched_priority = s->priority.has ? (uint32_t)s->priority.value : 0;
	attr.sched_runtime = s->runtime.has ? s->runtime.value : 0;
	attr.sched_deadline = s->deadline.has ? s->deadline.value : 0;
	attr.sched_period = s->period.has ? s->period.value : 0;
	if (syscall(SYS_sched_setattr, 0, &attr, 0) < 0)
		return lc_fail(err, errno, "process.scheduler: sched_setattr %s", s->policy);
	return 0;
}

int lc_ioprio_class(const char *name)
{
	if (strcmp(name, "IOPRIO_CLASS_RT") == 0)
		return 1;
	if (strcmp(name, "IOPRIO_CLASS_BE") == 0)
		return 2;
	if (strcmp(name, "IOPRIO_CLASS_IDLE") == 0)
		return 3;
	return -1;
}

int lc_process_set_io_priority(const lc_process *process, lc_error **err)
{
	int cls;

	if (!process->has_io_priority)
		return 0;
	cls = lc_ioprio_class(process->io_priority.class ? process->io_priority.class : "");
	if (cls < 0)
		return lc_fail(err, 0, "process.ioPriority.class: unknown class \"%s\"",
			       process->io_priority.class ? process->io_priority.class : "");
	if (process->io_priority.priority < 0 || process->io_priority.priority > 7)
		return lc_fail(err, 0, "process.ioPriority.priority: %lld is not in 0..7",
			       (long long)process->io_priority.priority);
	/* IOPRIO_WHO_PROCESS = 1, value = class << 13 | data */
	if (syscall(SYS_ioprio_set, 1, 0, (cls << 13) | (int)process->io_priority.priority) < 0)
		return lc_fail(err, errno, "process.ioPriority: ioprio_set");
	return 0;
}
