/* spec_test.h: what the spec unit tests share: TAP-style checks, parse/validate helpers, a scratch bundle.
 * Tests print `ok N - name` / `not ok N - name`; spec_test_finish() gives the exit status. */
#ifndef SPEC_TEST_H
#define SPEC_TEST_H

#include "spec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int test_number;
static int failures;
static bool current_ok;

/* A check inside a test: records the first failure with its line, keeps going. */
#define CHECK(cond)                                                                                                    \
	do {                                                                                                           \
		if (!(cond)) {                                                                                         \
			printf("#   %s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);                            \
			current_ok = false;                                                                            \
		}                                                                                                      \
	} while (0)

#define CHECK_STR(a, b)                                                                                                \
	do {                                                                                                           \
		const char *a_ = (a), *b_ = (b);                                                                       \
		if (a_ == NULL || b_ == NULL || strcmp(a_, b_) != 0) {                                                 \
			printf("#   %s:%d: %s is \"%s\", expected \"%s\"\n", __FILE__, __LINE__, #a,                   \
			       a_ ? a_ : "(null)", b_ ? b_ : "(null)");                                                \
			current_ok = false;                                                                            \
		}                                                                                                      \
	} while (0)

static inline void begin(void)
{
	current_ok = true;
}

static inline void end(const char *name)
{
	test_number++;
	if (!current_ok)
		failures++;
	printf("%s %d - %s\n", current_ok ? "ok" : "not ok", test_number, name);
}

static inline lc_spec *parse(const char *json)
{
	lc_spec *spec = NULL;
	lc_error *err = NULL;

	if (lc_spec_parse(json, strlen(json), &spec, &err) < 0) {
		printf("#   unexpected parse error: %s\n", err->message);
		lc_error_free(&err);
		current_ok = false;
		return NULL;
	}
	return spec;
}

/* The parse must fail with exactly this message. */
static inline void parse_error(const char *name, const char *json, size_t len, const char *message)
{
	lc_spec *spec = NULL;
	lc_error *err = NULL;

	begin();
	if (lc_spec_parse(json, len, &spec, &err) == 0) {
		printf("#   parse succeeded, expected: %s\n", message);
		current_ok = false;
		lc_spec_free(spec);
	} else {
		CHECK(spec == NULL);
		CHECK_STR(err->message, message);
		CHECK(err->errnum == 0);
		lc_error_free(&err);
	}
	end(name);
}

#define PARSE_ERROR(name, json, message) parse_error(name, json, strlen(json), message)

static char *bundle;

/* Parse must succeed; validation against the test bundle must fail with exactly `message`
 * (or succeed when message is NULL). */
static inline void validate(const char *name, const char *json, const char *message)
{
	lc_spec *spec;
	lc_error *err = NULL;
	int ret;

	begin();
	spec = parse(json);
	if (spec != NULL) {
		ret = lc_spec_validate(spec, bundle, &err);
		if (message == NULL) {
			if (ret < 0) {
				printf("#   unexpected validation error: %s\n", err->message);
				current_ok = false;
			}
		} else if (ret == 0) {
			printf("#   validation passed, expected: %s\n", message);
			current_ok = false;
		} else {
			CHECK_STR(err->message, message);
		}
		lc_error_free(&err);
		lc_spec_free(spec);
	}
	end(name);
}

/* A valid config up to the end of "process"; tests append their own fields and the closing brace. */
#define HEAD                                                                                                           \
	"{\"ociVersion\": \"1.2.0\", \"root\": {\"path\": \"rootfs\"}, "                                               \
	"\"process\": {\"args\": [\"sh\"], \"cwd\": \"/\"}"
#define WITH(fields) HEAD ", " fields "}"
#define WITH_LINUX(fields) HEAD ", \"linux\": {" fields "}}"
#define WITH_PROCESS(fields) "{\"ociVersion\": \"1.2.0\", \"root\": {\"path\": \"rootfs\"}, \"process\": {" fields "}}"

static inline int make_bundle(void)
{
	char path[4096];
	FILE *f;

	bundle = strdup("/tmp/oci-run-test-spec-XXXXXX");
	if (bundle == NULL || mkdtemp(bundle) == NULL)
		return -1;
	snprintf(path, sizeof(path), "%s/rootfs", bundle);
	if (mkdir(path, 0755) < 0)
		return -1;
	snprintf(path, sizeof(path), "%s/file", bundle);
	f = fopen(path, "we");
	if (f == NULL)
		return -1;
	fclose(f);
	return 0;
}

static inline void remove_bundle(void)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/rootfs", bundle);
	rmdir(path);
	snprintf(path, sizeof(path), "%s/file", bundle);
	unlink(path);
	rmdir(bundle);
	free(bundle);
}

static inline int spec_test_finish(void)
{
	printf("1..%d\n# %d passed, %d failed\n", test_number, test_number - failures, failures);
	return failures == 0 ? 0 : 1;
}

#endif
