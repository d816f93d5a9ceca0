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

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

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

#endif
