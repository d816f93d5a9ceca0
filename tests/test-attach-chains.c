/*
 * test-attach-chains.c SAHIFA SAHIFA_LAYOUT - the hostile mark texts of
 * attach-family.h, every member at 64 KB and 256 KB, generated here and read
 * by the real programs:
 *   sahifa-layout --glyphs: exits 0, its lines cover every byte of the body
 *     in order (the text and its offsets are unchanged), and the glyphs are
 *     the bases plus at most one bounded run (SAH_MAX_MARKS_PER_CLUSTER
 *     characters, a few glyphs each), however long the run in the file;
 *   sahifa --screenshot, for the "pairs" and "run" members (the shapes
 *     that aborted HarfBuzz 6.0 in propagate_attachment_offsets, or took
 *     seconds; the app's start is most of a run under ASan, so not for
 *     all): exits 0 with a picture; for the "pairs" members at 64 KB the
 *     picture is the very one of the file cut after the base and its first
 *     SAH_MAX_MARKS_PER_CLUSTER followers.
 * No timing is asserted (bench/bench-attach prints the times); the meson
 * timeout catches a hang. In a cross build MESON_EXE_WRAPPER runs both.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "attach-family.h"
#include "render/text/layout.h"
#include "testutil.h"

static const char *sahifa, *layout_tool, *wrap;
static char dir[256];

/* Runs @cmd (a shell command); its output into @out (NULL: discarded).
 * Returns the exit status, or -1 when it did not exit normally. */
static int run(const char *cmd, char **out, size_t *out_len)
{
    FILE *p = popen(cmd, "r");
    if (!p)
        return -1;
    size_t cap = 1 << 16, n = 0, r;
    char *buf = malloc(cap + 1);
    while (buf && (r = fread(buf + n, 1, cap - n, p)) > 0) {
        n += r;
        if (n == cap) {
            char *nb = realloc(buf, (cap *= 2) + 1);
            if (!nb)
                free(buf);
            buf = nb;
        }
    }
    int st = pclose(p);
    if (buf)
        buf[n] = 0;
    if (out) {
        *out = buf;
        *out_len = n;
    } else {
        free(buf);
    }
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static bool write_bytes(const char *path, const char *b, size_t n)
{
    FILE *f = fopen(path, "wb");
    bool ok = f && fwrite(b, 1, n, f) == n;
    if (f)
        ok = fclose(f) == 0 && ok;
    return ok;
}

/* The layout tool's view of @path: its lines (the title's, then the
 * body's) cover [0, len - 1) in order, and the glyph count is bounded. */
static void check_layout(const char *what, const char *path, size_t len, size_t shaped)
{
    char cmd[1024], *out = NULL;
    size_t n = 0;
    snprintf(cmd, sizeof cmd, "%s '%s' --width 432 --glyphs '%s'", wrap, layout_tool, path);
    int rc = run(cmd, &out, &n);
    CHECK(rc == 0, "%s: sahifa-layout exited %d", what, rc);
    if (rc != 0 || !out) {
        free(out);
        return;
    }
    unsigned long glyphs = 0, end = 0, lines = 0;
    bool ordered = true;
    for (char *line = strtok(out, "\n"); line; line = strtok(NULL, "\n")) {
        unsigned long no, para, a, b, ng;
        char d[8];
        double x, w;
        if (sscanf(line, "%lu %lu %lu-%lu %7s %lf %lf %lu", &no, &para, &a, &b, d, &x, &w, &ng) !=
            8)
            continue;
        /* Each line starts where the last one ended, or after its "\n". */
        ordered = ordered && (a == end || (lines && a == end + 1)) && b >= a;
        end = b;
        glyphs += ng;
        lines++;
    }
    /* The title's glyph and up to 3 glyphs for each character shaped (a
     * decomposed mark, a hidden format character): a run past the limit
     * adds none. */
    unsigned long bound = 1 + 3 * (unsigned long)shaped;
    CHECK(lines >= 2 && ordered && end == len - 1,
          "%s: %lu lines cover bytes 0..%lu in order (the file has %zu)", what, lines, end, len);
    CHECK(glyphs <= bound, "%s: %lu glyphs for %zu characters shaped (bound %lu)", what, glyphs,
          shaped, bound);
    free(out);
}

static bool screenshot(const char *what, const char *path, const char *png)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "%s '%s' --state-dir '%s/state' --screenshot '%s' '%s' 2>&1", wrap,
             sahifa, dir, png, path);
    char *out = NULL;
    size_t n = 0;
    int rc = run(cmd, &out, &n);
    size_t pn = 0;
    char *p = t_read_file(png, &pn);
    CHECK(rc == 0 && p && pn > 0, "%s: sahifa --screenshot exited %d, %zu bytes of PNG: %s", what,
          rc, pn, out ? out : "");
    free(p);
    free(out);
    return rc == 0 && pn > 0;
}

/* The first bytes of a "pairs" member: the title, the base and its first
 * SAH_MAX_MARKS_PER_CLUSTER followers. */
static size_t prefix_len(const char *b, size_t n)
{
    size_t i = 2, chars = 0;
    while (i < n && chars < 1 + SAH_MAX_MARKS_PER_CLUSTER) {
        i++;
        while (i < n && ((unsigned char)b[i] & 0xC0) == 0x80)
            i++;
        chars++;
    }
    return i;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: test-attach-chains SAHIFA SAHIFA_LAYOUT\n");
        return 2;
    }
    sahifa = argv[1];
    layout_tool = argv[2];
    wrap = getenv("MESON_EXE_WRAPPER") ? getenv("MESON_EXE_WRAPPER") : "";
    snprintf(dir, sizeof dir, "%s/sahifa-attach-XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    /* No sahifa.ini or library of the user's. */
    setenv("XDG_CONFIG_HOME", dir, 1);
    setenv("XDG_DATA_HOME", dir, 1);
    setenv("XDG_STATE_HOME", dir, 1);
    setenv("XDG_CACHE_HOME", dir, 1);
    const size_t sizes[] = {64 * 1024, 256 * 1024};
    char *buf = malloc(sizes[1]);
    char path[512], png[512], ppath[512], ppng[512];
    snprintf(path, sizeof path, "%s/member.txt", dir);
    snprintf(png, sizeof png, "%s/member.png", dir);
    snprintf(ppath, sizeof ppath, "%s/prefix.txt", dir);
    snprintf(ppng, sizeof ppng, "%s/prefix.png", dir);
    for (size_t s = 0; buf && s < 2; s++) {
        for (int p = 0; p < FAM_N_PATTERNS; p++) {
            for (size_t k = 0; k < FAM_N_SEPS; k++) {
                const fam_sep_t *x = &fam_seps[k];
                if (p == FAM_ALONE && !x->cp)
                    continue;
                char what[128];
                snprintf(what, sizeof what, "%s %s %zu KB", fam_pattern_names[p], x->name,
                         sizes[s] / 1024);
                size_t shaped, n = fam_make(buf, sizes[s], (fam_pattern_t)p, x,
                                            SAH_MAX_MARKS_PER_CLUSTER, &shaped);
                CHECK(write_bytes(path, buf, n), "%s: cannot write %s", what, path);
                int before = t_failures;
                check_layout(what, path, n, shaped);
                if (p != FAM_PAIRS && p != FAM_RUN) {
                    printf("%s %s\n", t_failures == before ? "ok" : "FAIL", what);
                    continue;
                }
                remove(png);
                bool shot = screenshot(what, path, png);
                if (shot && p == FAM_PAIRS && s == 0 && !x->base) {
                    size_t pl = prefix_len(buf, n);
                    memcpy(buf + pl, "\n", 1);
                    remove(ppng);
                    if (write_bytes(ppath, buf, pl + 1) && screenshot(what, ppath, ppng)) {
                        size_t na = 0, nb = 0;
                        char *a = t_read_file(png, &na), *b = t_read_file(ppng, &nb);
                        CHECK(a && b && na == nb && memcmp(a, b, na) == 0,
                              "%s: the page is not that of the file cut after %d followers", what,
                              SAH_MAX_MARKS_PER_CLUSTER);
                        free(a);
                        free(b);
                    }
                }
                printf("%s %s\n", t_failures == before ? "ok" : "FAIL", what);
            }
        }
    }
    free(buf);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    return t_summary("attach-chains");
}
