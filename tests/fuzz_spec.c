/* fuzz_spec.c: libFuzzer target for the config.json parser and validator.
 * Any input must give either a spec that validates or frees cleanly, or an error; never a crash or leak. */
#include "spec.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	lc_spec *spec = NULL;
	lc_error *err = NULL;

	if (lc_spec_parse((const char *)data, size, &spec, &err) < 0) {
		/* every failure must come with a message */
		if (err == NULL || err->message == NULL || spec != NULL)
			__builtin_trap();
		lc_error_free(&err);
		return 0;
	}
	/* NULL bundle: the validator must not touch the file system here */
	if (lc_spec_validate(spec, NULL, &err) < 0 && (err == NULL || err->message == NULL))
		__builtin_trap();
	lc_error_free(&err);
	for (int k = 0; k < LC_NS__COUNT; k++)
		(void)lc_spec_namespace(spec, (lc_ns_kind)k);
	lc_spec_free(spec);
	return 0;
}
