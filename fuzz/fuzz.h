/*
 * fuzz.h - what every fuzz target shares.
 *
 * A target is one .c defining LLVMFuzzerTestOneInput() (and, if it needs
 * set-up, LLVMFuzzerInitialize()). Built with clang -fsanitize=fuzzer it is a
 * libFuzzer binary (fuzz/run.sh); built with anything else it is linked with
 * replay.c, whose main() runs the target on every file of the directories and
 * files it is given (the fuzz-replay-* meson tests).
 *
 * FUZZ_CHECK(cond): an invariant the module's header promises. A violation
 * aborts, which libFuzzer reports as a crash with the input saved.
 */
#ifndef SAH_FUZZ_H
#define SAH_FUZZ_H

#include <dirent.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Sanitizers' report channel: fuzz/run.sh closes stderr (-close_fd_mask=2,
 * since the parsers log a line per bad input) and libFuzzer keeps only the
 * sanitizer's report; this puts the failed condition into it. Weak: absent
 * in a build without sanitizers. */
void __sanitizer_report_error_summary(const char *summary) __attribute__((weak));

__attribute__((noreturn, unused)) static void fuzz_check_failed(const char *file, int line,
                                                                const char *what)
{
    char msg[512];
    snprintf(msg, sizeof msg, "%s:%d: invariant failed: %s", file, line, what);
    fprintf(stderr, "%s\n", msg);
    if (__sanitizer_report_error_summary)
        __sanitizer_report_error_summary(msg);
    abort();
}

#define FUZZ_CHECK(cond)                                                                           \
    do {                                                                                           \
        if (!(cond))                                                                               \
            fuzz_check_failed(__FILE__, __LINE__, #cond);                                          \
    } while (0)

/* Exit status that meson reads as "skipped" (a font or a temp dir missing). */
#define FUZZ_SKIP 77

/* Removes every file of @dir (one level: the targets make no subfolders). */
__attribute__((unused)) static void fuzz_empty_dir(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d))) {
        char path[4200];
        int n = snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0 && n > 0 &&
            (size_t)n < sizeof path)
            unlink(path);
    }
    if (d)
        closedir(d);
}

static const char *fuzz_tmpdir_made; /* the folder fuzz_tmpdir() removes at exit */

static void fuzz_tmpdir_remove(void)
{
    fuzz_empty_dir(fuzz_tmpdir_made);
    rmdir(fuzz_tmpdir_made);
}

/* Makes a new empty folder "sahifa-fuzz-<tag>-XXXXXX" into @dir: under
 * $TMPDIR, else under /dev/shm when @tmpfs and it exists, else under /tmp.
 * tmpfs for a target that writes every input to a file (ext4 flushes a file
 * rewritten after a truncation when it is closed: the fuzzer then waits on
 * the disk) or whose store fsync()s every commit (free on tmpfs,
 * milliseconds on a disk). The folder and its files are removed at exit
 * (one folder per process). Exits with FUZZ_SKIP when it cannot. */
__attribute__((unused)) static void fuzz_tmpdir(const char *tag, bool tmpfs, char *dir, size_t size)
{
    const char *base = getenv("TMPDIR");
    if (!base || !*base)
        base = tmpfs && access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    snprintf(dir, size, "%s/sahifa-fuzz-%s-XXXXXX", base, tag);
    if (!mkdtemp(dir)) {
        perror("fuzz: mkdtemp");
        exit(FUZZ_SKIP);
    }
    fuzz_tmpdir_made = dir;
    atexit(fuzz_tmpdir_remove);
}

/* Writes @size bytes to @path; aborts when it cannot (the machine, not the
 * input: stop the run). */
__attribute__((unused)) static void fuzz_write_file(const char *path, const void *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0) {
        perror(path);
        abort();
    }
}

#endif
