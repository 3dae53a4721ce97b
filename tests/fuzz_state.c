/* fuzz_state.c: libFuzzer target for the state.json parser (lc_state_parse): any bytes must give a
 * state or an error, never a crash, leak or read past the input. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "state.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	lc_state *state = NULL;
	lc_error *err = NULL;

	if (text == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (lc_state_parse(text, &state, &err) == 0)
		lc_state_free(state);
	else
		lc_error_free(&err);
	free(text);
	return 0;
}
