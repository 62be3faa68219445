/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * replay_main.c — run a libFuzzer target over saved inputs without libFuzzer, so that
 * `make check` replays every corpus as a regression test (with gcc, optionally under
 * sanitizers).  Usage: fuzz_NAME PATH...; a directory means every regular file in it, in
 * name order.  A crash or an abort is the failure; otherwise it prints how many inputs ran.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);
/* Optional in a target, as with libFuzzer: weak, so it is NULL when not defined. */
int	LLVMFuzzerInitialize(int *, char ***) __attribute__((weak));

/* Returns 0 after running the input, -1 if it could not be read. */
static int
run_file(const char *path)
{
	struct stat st;
	uint8_t *buf, *nbuf;
	size_t len = 0, cap = 0;
	ssize_t r;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1 || fstat(fd, &st) == -1) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		if (fd != -1)
			close(fd);
		return -1;
	}
	cap = st.st_size > 0 ? (size_t)st.st_size : 1;
	if ((buf = malloc(cap)) == NULL) {
		fprintf(stderr, "%s: out of memory\n", path);
		close(fd);
		return -1;
	}
	for (;;) {
		if (len == cap) {
			if ((nbuf = realloc(buf, cap * 2)) == NULL) {
				fprintf(stderr, "%s: out of memory\n", path);
				free(buf);
				close(fd);
				return -1;
			}
			buf = nbuf;
			cap *= 2;
		}
		r = read(fd, buf + len, cap - len);
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1) {
			fprintf(stderr, "%s: %s\n", path, strerror(errno));
			free(buf);
			close(fd);
			return -1;
		}
		if (r == 0)
			break;
		len += (size_t)r;
	}
	close(fd);
	/* An exact-size copy, so that AddressSanitizer sees a read past the input. */
	if ((nbuf = malloc(len > 0 ? len : 1)) == NULL) {
		fprintf(stderr, "%s: out of memory\n", path);
		free(buf);
		return -1;
	}
	memcpy(nbuf, buf, len);
	free(buf);
	LLVMFuzzerTestOneInput(nbuf, len);
	free(nbuf);
	return 0;
}

int
main(int argc, char *argv[])
{
	struct dirent **ents;
	struct stat st;
	char *path;
	size_t count = 0;
	int i, j, n, failed = 0;

	if (LLVMFuzzerInitialize != NULL)
		LLVMFuzzerInitialize(&argc, &argv);
	for (i = 1; i < argc; i++) {
		if (stat(argv[i], &st) == -1) {
			fprintf(stderr, "%s: %s\n", argv[i], strerror(errno));
			failed = 1;
			continue;
		}
		if (!S_ISDIR(st.st_mode)) {
			if (run_file(argv[i]) == -1)
				failed = 1;
			else
				count++;
			continue;
		}
		if ((n = scandir(argv[i], &ents, NULL, alphasort)) == -1) {
			fprintf(stderr, "%s: %s\n", argv[i], strerror(errno));
			failed = 1;
			continue;
		}
		for (j = 0; j < n; j++) {
			if (asprintf(&path, "%s/%s", argv[i], ents[j]->d_name) == -1) {
				fprintf(stderr, "out of memory\n");
				return 1;
			}
			if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
				if (run_file(path) == -1)
					failed = 1;
				else
					count++;
			}
			free(path);
			free(ents[j]);
		}
		free(ents);
	}
	printf("%zu inputs%s\n", count, failed ? ", some could not be read" : "");
	return failed;
}
