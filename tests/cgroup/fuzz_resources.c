/* fuzz_resources.c: libFuzzer target for `update --resources` input: lc_resources_parse, then the
 * eBPF device program built from whatever rules it accepted. Never a crash, a leak or a silent failure. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "cgroup_internal.h"
#include "spec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	lc_resources *resources = NULL;
	lc_error *err = NULL;
	struct bpf_insn *insns = NULL;
	size_t len = 0;

	if (lc_resources_parse((const char *)data, size, &resources, &err) < 0) {
		if (err == NULL || err->message == NULL || resources != NULL)
			__builtin_trap();
		lc_error_free(&err);
		return 0;
	}
	if (lc_cg_v2_devices_program(resources, &insns, &len, &err) < 0) {
		if (err == NULL || err->message == NULL)
			__builtin_trap();
		lc_error_free(&err);
	} else if (len == 0) {
		__builtin_trap();
	}
	free(insns);
	lc_resources_free(resources);
	return 0;
}
