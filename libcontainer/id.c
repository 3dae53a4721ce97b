/* id.c: validation of container ids given on the command line.
 * An id names a directory under --root, so it must never carry a path separator or be "." / "..". */
#include "container.h"

#include <stdio.h>
#include <string.h>

#define ID_MAX_LEN 255 /* a directory name under --root: NAME_MAX */
/* Ids are echoed back in messages; cap what we echo so a huge argument stays readable. */
#define ID_ECHO_MAX 64

static bool id_char_allowed(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
	       c == '.' || c == '-';
}

/* Writes s into buf as a double-quoted string with non-printable bytes escaped (\n, \xNN), so an
 * id holding control characters cannot garble the terminal or the log line. */
static void quote_for_message(const char *s, char *buf, size_t size)
{
	size_t used = 0;
	size_t i;

	buf[used++] = '"';
	for (i = 0; s[i] != '\0' && used + 8 < size; i++) {
		unsigned char c = (unsigned char)s[i];

		if (i == ID_ECHO_MAX) {
			memcpy(buf + used, "...", 3);
			used += 3;
			break;
		}
		if (c == '"' || c == '\\') {
			buf[used++] = '\\';
			buf[used++] = (char)c;
		} else if (c == '\n') {
			buf[used++] = '\\';
			buf[used++] = 'n';
		} else if (c < 0x20 || c >= 0x7f) {
			used += (size_t)snprintf(buf + used, size - used, "\\x%02x", c);
		} else {
			buf[used++] = (char)c;
		}
	}
	buf[used++] = '"';
	buf[used] = '\0';
}

int lc_id_validate(const char *id, lc_error **err)
{
	char quoted[ID_ECHO_MAX * 4 + 16];
	size_t len;
	size_t i;

	if (id == NULL || id[0] == '\0')
		return lc_fail(err, 0, "invalid container id \"\": the id must not be empty");
	quote_for_message(id, quoted, sizeof(quoted));
	len = strlen(id);
	if (len > ID_MAX_LEN)
		return lc_fail(err, 0, "invalid container id %s: %zu characters long, at most %d are allowed", quoted,
			       len, ID_MAX_LEN);
	if (strcmp(id, ".") == 0 || strcmp(id, "..") == 0)
		return lc_fail(err, 0, "invalid container id %s: \".\" and \"..\" are not allowed", quoted);
	for (i = 0; i < len; i++) {
		if (!id_char_allowed((unsigned char)id[i]))
			return lc_fail(err, 0,
				       "invalid container id %s: only letters, digits, '_', '.' and '-' are allowed",
				       quoted);
	}
	return 0;
}
