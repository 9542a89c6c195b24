/*
 * replay.c: runs a fuzz target's LLVMFuzzerTestOneInput over every file of
 * the corpus folders (or files) named on the command line, one TAP test per
 * input, so the corpus and every crasher found replay as normal tests under
 * the sanitizers. A crash aborts the run, which fails the test.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int run_file(const char *path, unsigned *n)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL) {
		printf("not ok %u - %s (cannot open)\n", ++*n, path);
		return 1;
	}
	size_t cap = 4096, len = 0;
	uint8_t *buf = malloc(cap);
	size_t got;
	while (buf != NULL && (got = fread(buf + len, 1, cap - len, f)) > 0) {
		len += got;
		if (len == cap) {
			uint8_t *nb = realloc(buf, cap * 2);
			if (nb == NULL) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = nb;
			cap *= 2;
		}
	}
	fclose(f);
	if (buf == NULL) {
		printf("not ok %u - %s (out of memory)\n", ++*n, path);
		return 1;
	}
	LLVMFuzzerTestOneInput(buf, len);
	free(buf);
	printf("ok %u - %s\n", ++*n, strrchr(path, '/') ? strrchr(path, '/') + 1 : path);
	fflush(stdout);
	return 0;
}

int main(int argc, char **argv)
{
	unsigned n = 0;
	int failed = 0;
	char **files = NULL;
	size_t nfiles = 0;
	for (int i = 1; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st) != 0) {
			fprintf(stderr, "replay: %s: no such file or folder\n",
				argv[i]);
			return 1;
		}
		if (!S_ISDIR(st.st_mode)) {
			char **nf = realloc(files, (nfiles + 1) * sizeof(*files));
			if (nf == NULL)
				return 1;
			files = nf;
			files[nfiles++] = strdup(argv[i]);
			continue;
		}
		DIR *d = opendir(argv[i]);
		struct dirent *de;
		while (d != NULL && (de = readdir(d)) != NULL) {
			if (de->d_name[0] == '.')
				continue;
			size_t l = strlen(argv[i]) + strlen(de->d_name) + 2;
			char *p = malloc(l);
			char **nf = realloc(files, (nfiles + 1) * sizeof(*files));
			if (p == NULL || nf == NULL)
				return 1;
			snprintf(p, l, "%s/%s", argv[i], de->d_name);
			files = nf;
			files[nfiles++] = p;
		}
		if (d != NULL)
			closedir(d);
	}
	qsort(files, nfiles, sizeof(*files), cmp);
	printf("1..%zu\n", nfiles);
	for (size_t i = 0; i < nfiles; i++) {
		failed |= run_file(files[i], &n);
		free(files[i]);
	}
	free(files);
	if (nfiles == 0) {
		fprintf(stderr, "replay: empty corpus\n");
		return 1;
	}
	return failed;
}
