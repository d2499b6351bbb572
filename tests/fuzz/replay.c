/*
 * replay.c: a plain main() for the fuzz targets, so that `make check` can
 * run them over their seed corpus with the ordinary compiler and no
 * libFuzzer. The Makefile links $(BUILD)/fuzz-replay/fuzz_X from
 * tests/fuzz/fuzz_X.c, this file and libec.a; tests/run.sh passes every file
 * of tests/fuzz/corpus/fuzz_X/ as arguments.
 *
 *   fuzz_X FILE...     each FILE (or each regular file in a directory
 *                      FILE, one level) is read whole and passed once to
 *                      LLVMFuzzerTestOneInput.
 *
 * Exit 0 when every input ran; 1 when a file could not be read; a broken
 * property aborts inside the target (status 134), as under libFuzzer. Like
 * libFuzzer, the input is a malloc'd copy of exactly its size, so that an
 * AddressSanitizer build (`make asan`) catches reads past its end.
 */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "replay: '%s': %s\n", path, strerror(errno));
		return -1;
	}
	size_t cap = 4096, n = 0;
	uint8_t *buf = malloc(cap);
	int rc = 0;
	for (;;) {
		if (!buf) {
			fprintf(stderr, "replay: '%s': out of memory\n", path);
			rc = -1;
			break;
		}
		n += fread(buf + n, 1, cap - n, f);
		if (n < cap)
			break;
		uint8_t *b = realloc(buf, cap *= 2);
		if (!b)
			free(buf);
		buf = b;
	}
	if (rc == 0 && ferror(f)) {
		fprintf(stderr, "replay: '%s': read error\n", path);
		rc = -1;
	}
	fclose(f);
	if (rc == 0) {
		/* An exact-size copy, so that one byte past the end is a fault. */
		uint8_t *exact = malloc(n ? n : 1);
		if (!exact) {
			fprintf(stderr, "replay: '%s': out of memory\n", path);
			rc = -1;
		} else {
			memcpy(exact, buf, n);
			LLVMFuzzerTestOneInput(exact, n);
			free(exact);
		}
	}
	free(buf);
	return rc;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every regular file directly in dir, in name order (runs reproducible). */
static int run_dir(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d) {
		fprintf(stderr, "replay: '%s': %s\n", dir, strerror(errno));
		return -1;
	}
	char **names = NULL;
	size_t nn = 0, cap = 0;
	int rc = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		if (nn == cap) {
			cap = cap ? 2 * cap : 64;
			char **p = realloc(names, cap * sizeof *p);
			if (!p) {
				rc = -1;
				break;
			}
			names = p;
		}
		size_t len = strlen(dir) + strlen(e->d_name) + 2;
		if (!(names[nn] = malloc(len))) {
			rc = -1;
			break;
		}
		snprintf(names[nn], len, "%s/%s", dir, e->d_name);
		nn++;
	}
	closedir(d);
	if (rc < 0)
		fprintf(stderr, "replay: '%s': out of memory\n", dir);
	if (nn)
		qsort(names, nn, sizeof *names, cmp_names);
	for (size_t i = 0; i < nn; i++) {
		struct stat st;
		if (rc == 0 && stat(names[i], &st) == 0 && S_ISREG(st.st_mode) &&
		    run_file(names[i]) < 0)
			rc = -1;
		free(names[i]);
	}
	free(names);
	return rc;
}

int main(int argc, char **argv)
{
	int rc = 0;
	for (int i = 1; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			if (run_dir(argv[i]) < 0)
				rc = 1;
		} else if (run_file(argv[i]) < 0) {
			rc = 1;
		}
	}
	return rc;
}
