/*
 * testutil.h - small helpers shared by the tests (header-only on purpose:
 * each test stays one file plus this).
 */
#ifndef SAH_TESTUTIL_H
#define SAH_TESTUTIL_H

#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SKIP 77

static int t_failures;
static int t_checks;

#define CHECK(cond, ...)                                                                           \
    do {                                                                                           \
        t_checks++;                                                                                \
        if (!(cond)) {                                                                             \
            t_failures++;                                                                          \
            fprintf(stderr, "%s:%d: check failed: %s: ", __FILE__, __LINE__, #cond);               \
            fprintf(stderr, __VA_ARGS__);                                                          \
            fputc('\n', stderr);                                                                   \
        }                                                                                          \
    } while (0)

static inline int t_summary(const char *name)
{
    printf("%s: %d checks, %d failed\n", name, t_checks, t_failures);
    return t_failures ? 1 : 0;
}

/* Reads a whole file; NULL if it cannot. (transfer full) */
static inline char *t_read_file(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, len = 0, r;
    char *buf = malloc(cap + 1);
    while (buf && (r = fread(buf + len, 1, cap - len, f)) > 0) {
        len += r;
        if (len == cap) {
            char *nb = realloc(buf, (cap *= 2) + 1);
            if (!nb) {
                free(buf);
                buf = NULL;
            } else {
                buf = nb;
            }
        }
    }
    fclose(f);
    if (buf)
        buf[len] = 0;
    *n = len;
    return buf;
}

/* Path of a file in the source tree. (transfer full) */
static inline char *t_src_path(const char *rel)
{
    const char *root = getenv("SAHIFA_SOURCE_ROOT");
    if (!root)
        root = ".";
    char *p = malloc(strlen(root) + strlen(rel) + 2);
    sprintf(p, "%s/%s", root, rel);
    return p;
}

/* stderr into a file, to check what a module logs:
 *
 *   t_capture_begin(tmpdir);
 *   sah_article_load(path, &st);
 *   const char *log = t_capture_end();   // one line naming the file?
 *
 * The text is echoed to stdout so that it stays in the test log. (The
 * state lives in a function so that a test not capturing has no unused
 * variable.) */
typedef struct {
    char path[512];
    int saved; /* the real stderr while capturing */
    char text[1 << 16];
} t_capture_t;

static inline t_capture_t *t_capture_state(void)
{
    static t_capture_t c = {.saved = -1};
    return &c;
}

/* Sends stderr to @dir/stderr.log until t_capture_end(). */
static inline void t_capture_begin(const char *dir)
{
    t_capture_t *c = t_capture_state();
    snprintf(c->path, sizeof c->path, "%s/stderr.log", dir);
    fflush(stderr);
    c->saved = dup(2);
    int fd = open(c->path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(fd, 2);
    close(fd);
}

/* Returns: (transfer none) what was written to stderr since
 * t_capture_begin() (the first 64 KiB), valid until the next call. */
static inline const char *t_capture_end(void)
{
    t_capture_t *c = t_capture_state();
    fflush(stderr);
    dup2(c->saved, 2);
    close(c->saved);
    c->saved = -1;
    FILE *f = fopen(c->path, "rb");
    size_t n = f ? fread(c->text, 1, sizeof c->text - 1, f) : 0;
    c->text[n] = 0;
    if (f)
        fclose(f);
    fputs(c->text, stdout);
    return c->text;
}

#endif
