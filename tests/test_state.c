/* test_state.c: state.json round trip (write then read back every field) and the refusal of
 * malformed or foreign state files, each with a clear error. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "state.h"

static int failures, count;

static void check(int cond, const char *name)
{
	count++;
	printf("%s %d - %s\n", cond ? "ok" : "not ok", count, name);
	if (!cond)
		failures++;
}

static void refused(const char *text, const char *name)
{
	lc_state *state = NULL;
	lc_error *err = NULL;
	int r = lc_state_parse(text, &state, &err);

	check(r < 0 && err != NULL && strstr(err->message, "state.json") != NULL, name);
	lc_state_free(state);
	lc_error_free(&err);
}

int main(void)
{
	char dir[] = "/tmp/test-state.XXXXXX";
	lc_keyval ann[] = {{(char *)"org.example/a", (char *)"1"}, {(char *)"b", (char *)"two words"}};
	lc_state in = {
		.id = (char *)"box-1",
		.pid = 4242,
		.pid_start = 123456789ULL,
		.bundle = (char *)"/srv/bundle",
		.rootfs = (char *)"/srv/bundle/rootfs",
		.created = (char *)"2026-01-02T03:04:05.000000006Z",
		.cgroup = (char *)"/oci-run/box-1",
		.owner_uid = 1000,
		.has_hooks = true,
		.annotations = {ann, 2},
	};
	lc_state *out = NULL;
	lc_error *err = NULL;

	if (mkdtemp(dir) == NULL)
		return 2;
	int dirfd = open(dir, O_DIRECTORY | O_RDONLY | O_CLOEXEC);
	check(lc_state_write(dirfd, &in, &err) == 0, "write state.json");
	check(lc_state_read(dirfd, &out, &err) == 0, "read it back");
	if (out != NULL) {
		check(strcmp(out->id, "box-1") == 0 && out->pid == 4242 && out->pid_start == 123456789ULL,
		      "id, pid and start time survive");
		check(strcmp(out->bundle, in.bundle) == 0 && strcmp(out->rootfs, in.rootfs) == 0 &&
			      strcmp(out->created, in.created) == 0 && strcmp(out->cgroup, in.cgroup) == 0,
		      "paths, created and cgroup survive");
		check(out->owner_uid == 1000 && out->has_hooks, "owner and hooks flag survive");
		check(out->annotations.len == 2 && strcmp(out->annotations.items[1].value, "two words") == 0,
		      "annotations survive in order");
	}
	lc_state_free(out);
	char tmp_name[64];
	snprintf(tmp_name, sizeof(tmp_name), ".state.json.tmp.%d", getpid());
	check(faccessat(dirfd, tmp_name, F_OK, 0) != 0 && faccessat(dirfd, "state.json", F_OK, 0) == 0,
	      "state.json in place and no temp file left after the rename");

	refused("", "empty text refused");
	refused("{", "truncated JSON refused");
	refused("[]", "a JSON array refused");
	refused("{\"version\":2,\"id\":\"x\",\"pid\":1,\"pid_start\":1,\"owner_uid\":0,\"bundle\":\"/b\"}",
		"a future state version refused");
	refused("{\"version\":1,\"pid\":1,\"pid_start\":1,\"owner_uid\":0,\"bundle\":\"/b\"}", "a missing id refused");
	refused("{\"version\":1,\"id\":\"x\",\"pid\":\"1\",\"pid_start\":1,\"owner_uid\":0,\"bundle\":\"/b\"}",
		"a pid that is a string refused");

	unlinkat(dirfd, "state.json", 0);
	close(dirfd);
	rmdir(dir);
	printf("%d passed, %d failed\n", count - failures, failures);
	return failures ? 1 : 0;
}
