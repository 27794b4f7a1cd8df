/* fuzz_file.h - fuzz inputs as files, for readers that take a path. */
#ifndef TALLY_FUZZ_FILE_H
#define TALLY_FUZZ_FILE_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* Writes data to a new temporary file whose name goes into path[64]. */
static inline int fuzz_write_file(char path[64], const void *data, size_t size)
{
	const char *dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
	int fd;

	snprintf(path, 64, "%s/tally-fuzz.XXXXXX", dir);
	fd = mkstemp(path);
	if (fd < 0)
		return -1;
	if (size && write(fd, data, size) != (ssize_t)size) {
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

#endif
