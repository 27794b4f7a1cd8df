/*
 * parse-floor.c - the floor for any stage that reads bulletins with
 * Jansson: getline, json_loadb, json_decref over every line, nothing
 * else.  `parse-floor FILE...` prints lines, bytes and failures.
 */
#define _POSIX_C_SOURCE 200809L
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	char *line = NULL;
	size_t cap = 0;
	long lines = 0, failed = 0;
	long long bytes = 0;

	for (int i = 1; i < argc; i++) {
		FILE *fp = fopen(argv[i], "r");
		ssize_t n;

		if (!fp) {
			perror(argv[i]);
			return 3;
		}
		while ((n = getline(&line, &cap, fp)) > 0) {
			json_error_t err;
			json_t *v = json_loadb(line, (size_t)n, 0, &err);

			lines++;
			bytes += n;
			if (!v)
				failed++;
			json_decref(v);
		}
		fclose(fp);
	}
	free(line);
	printf("lines %ld bytes %lld failed %ld\n", lines, bytes, failed);
	return 0;
}
