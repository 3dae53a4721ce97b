/* process.h: what the container's process is made of just before exec: its user and groups,
 * umask, working directory, the executable found through the container's PATH, and the exec. */
#ifndef LC_PROCESS_H
#define LC_PROCESS_H

#include "error.h"
#include "spec.h"

/* Finds args[0]: a name with '/' is taken as is, a bare name is searched in the PATH of
 * process.env (default "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin").
 * Errors say `exec: "foo": executable file not found in $PATH` and set *exit_code to 127
 * (not found) or 126 (found, not executable). */
int lc_process_find_executable(const lc_process *process, char **path_out, int *exit_code, lc_error **err);

/* setgroups(additionalGids), setresgid, setresuid, umask. */
int lc_process_set_user(const lc_process *process, lc_error **err);

int lc_process_chdir(const lc_process *process, lc_error **err);

/* Socket activation for the container's init, as runc: N when the runtime was started with
 * LISTEN_FDS=N and LISTEN_PID=<its pid> (fds 3..3+N-1 then go to the process, before the
 * --preserve-fds ones), else 0. Calling it also makes lc_process_exec add LISTEN_FDS=N and
 * LISTEN_PID=1 to the environment. */
unsigned lc_process_pass_listen_fds(void);

/* execve of path with args and env; returns only on failure, with *exit_code set (126/127). */
int lc_process_exec(const lc_process *process, const char *path, int *exit_code, lc_error **err);

/* RLIMIT_ number for "RLIMIT_NOFILE" ..., or -1. */
int lc_rlimit_resource(const char *name);
int lc_process_set_rlimits(const lc_process *process, lc_error **err);
int lc_process_set_oom_score_adj(const lc_process *process, lc_error **err);

/* process_attrs.c */
int lc_process_set_personality(const lc_spec *spec, lc_error **err);
int lc_scheduler_policy(const char *name); /* SCHED_ number or -1 */
int lc_process_set_scheduler(const lc_process *process, lc_error **err);
int lc_ioprio_class(const char *name);     /* IOPRIO_CLASS_ number or -1 */
int lc_process_set_io_priority(const lc_process *process, lc_error **err);

#endif
