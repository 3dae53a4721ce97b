/* fuzz_replay.c: runs a fuzz target over corpus files and directories without libFuzzer,
 * so gcc builds (and the test suite) replay the corpus under ASan/UBSan and valgrind. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int replay_file(const char *path)
{
	FILE *f = fopen(path, "rbe");
	uint8_t *data = NULL;
	size_t len = 0, cap = 0, n;

	if (f == NULL) {
		perror(path);
		return -1;
	}
	do {
		if (len == cap) {
			uint8_t *grown = realloc(data, cap ? cap * 2 : 65536);
			if (grown == NULL) {
				fclose(f);
				free(data);
				return -1;
			}
			data = grown;
			cap = cap ? cap * 2 : 65536;
		}
		n = fread(data + len, 1, cap - len, f);
		len += n;
	} while (n > 0);
	fclose(f);
	/* exactly len bytes, as libFuzzer passes them: the target must not read past the end */
	LLVMFuzzerTestOneInput(len ? data : (const uint8_t *)"", len);
	free(data);
	return 0;
}

static int replay(const char *path, int *count)
{
	struct stat st;
	struct dirent **names;
	int n, ret = 0;

	if (stat(path, &st) < 0) {
		perror(path);
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		(*count)++;
		return replay_file(path);
	}
	n = scandir(path, &names, NULL, alphasort);
	if (n < 0) {
		perror(path);
		return -1;
	}
	for (int i = 0; i < n; i++) {
		char child[4096];
		if (names[i]->d_name[0] != '.' && ret == 0) {
			snprintf(child, sizeof(child), "%s/%s", path, names[i]->d_name);
			ret = replay(child, count);
		}
		free(names[i]);
	}
	free(names);
	return ret;
}

int main(int argc, char **argv)
{
	int count = 0;

	for (int i = 1; i < argc; i++) {
		if (replay(argv[i], &count) < 0)
			return 1;
	}
	printf("replayed %d inputs\n", count);
	return count > 0 ? 0 : 1;
}
