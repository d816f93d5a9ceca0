/*
 * attach-seeds SIZE DIR - writes the hostile mark texts of
 * tests/attach-family.h at SIZE bytes as fuzz-text inputs (the 8-byte
 * header of a 480 x 800 page at 20 px, then the text) into DIR, one file
 * per member whose characters HarfBuzz may look past: the "pairs" and "run"
 * patterns (the controls and the other two patterns are in the tests).
 * fuzz/run.sh writes them at the text target's -max_len when that is past
 * 64 KB (the long runs): libFuzzer's length control takes hours to grow an
 * input that long, and these are where HarfBuzz 6.0 aborted or took seconds.
 * Not committed: 256 KB each.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attach-family.h"

int main(int argc, char **argv)
{
    long size = argc == 3 ? strtol(argv[1], NULL, 10) : 0;
    if (size < 64 || size > (16L << 20)) {
        fprintf(stderr, "usage: attach-seeds SIZE DIR (SIZE in bytes, 64 .. 16 MiB)\n");
        return 2;
    }
    /* fuzz-text.c's header: width 100 + 4 * 95, height 100 + 4 * 175,
     * margin 24, px 6 + 14, line height 0.8 + 0.1 * 8. */
    static const char header[8] = {95, (char)175, 24, 14, 8, 0, 0, 0};
    char *buf = malloc((size_t)size);
    if (!buf)
        return 1;
    memcpy(buf, header, sizeof header);
    int written = 0;
    for (int p = 0; p < FAM_N_PATTERNS; p++) {
        if (p != FAM_PAIRS && p != FAM_RUN)
            continue;
        for (size_t k = 0; k < FAM_N_SEPS; k++) {
            const fam_sep_t *x = &fam_seps[k];
            if (x->base)
                continue;
            size_t n = sizeof header + fam_make(buf + sizeof header, (size_t)size - sizeof header,
                                                (fam_pattern_t)p, x, 0, NULL);
            char path[4096];
            snprintf(path, sizeof path, "%s/seed-attach-%ldk-%s-%s", argv[2], size / 1024,
                     fam_pattern_names[p], x->name);
            FILE *f = fopen(path, "wb");
            if (!f || fwrite(buf, 1, n, f) != n || fclose(f) != 0) {
                fprintf(stderr, "attach-seeds: %s: %s\n", path, strerror(errno));
                free(buf);
                return 1;
            }
            written++;
        }
    }
    free(buf);
    printf("attach-seeds: %d inputs of %ld bytes in %s\n", written, size, argv[2]);
    return 0;
}
