/*
 * bench-bigarticle - time to the first page and peak memory for the
 * largest articles the reader takes: SAH_ARTICLE_MAX_BYTES (8 MiB) in
 * shapes that stress one part each, every run in a child process of its own
 * so that each peak RSS (getrusage) is that shape's alone.
 *
 *   bench-bigarticle [--runs N] [--sahifa PATH] [--only SHAPE]
 *
 * first page: sah_reader_open() to the first frame drawn, as main.c does it
 * before the window shows: the file read and parsed, the text decoded, page
 * 1 laid out and drawn with its status bar. The peak RSS is the child's
 * whole life (UI, fonts, article). Targets: 500 ms and 150 MB (a Pi 3 has 1 GB).
 * With --sahifa, also `sahifa --screenshot FILE` as a whole: process start
 * to exit, which also finds every page (the status bar's "page 1 of N").
 * Medians and worst of N runs (default 5); nothing is asserted (figures,
 * not tests: tests/test-bigarticle.c holds the memory bound).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "app/content/article.h"
#include "app/ui/reader.h"
#include "app/ui/ui.h"
#include "benchutil.h"

#define MAX_RUNS 50

typedef struct {
    const char *name, *head, *unit;
} shape_t;

#define AR_WORDS    "\xD9\x83\xD8\xAA\xD8\xA8 \xD8\xA7\xD9\x84\xD8\xB7\xD8\xA7\xD9\x84\xD8\xA8 "
#define AR_NO_SPACE "\xD8\xA8\xD8\xB3\xD9\x85\xD9\x84\xD8\xA9\xD9\x83\xD8\xAA\xD8\xA7\xD8\xA8"
#define HEAD        "A headline\n\n"

static const shape_t shapes[] = {
    {"latin, no space", HEAD, "abcdefghij"},
    {"one letter repeated", HEAD, "x"},
    {"arabic, no space", HEAD, AR_NO_SPACE},
    {"arabic, spaces", HEAD, AR_WORDS},
    {"mixed bidi", HEAD,
     "\xD8\xA7\xD9\x84\xD8\xB9\xD8\xB1\xD8\xA8\xD9\x8A\xD8\xA9 English 123 "
     "(\xD9\x86\xD8\xB5) [x] "},
    {"marks (2 per letter)", HEAD, "\xD8\xA8\xD9\x8E\xD9\x91"},
    {"cjk", HEAD, "\xE6\xBC\xA2\xE5\xAD\x97\xE4\xBB\xAE\xE5\x90\x8D\xE3\x80\x82"},
    {"hard lines, one paragraph", HEAD, "\xD9\x83\xD8\xAA\xD8\xA8 \xD8\xA7\xD9\x84\xD8\xB7\n"},
    {"untitled (first line is all)", "", AR_NO_SPACE},
    {"short paragraphs", HEAD, AR_WORDS AR_WORDS "\n\n"},
};

static bool write_article(const char *path, const shape_t *s)
{
    size_t size = SAH_ARTICLE_MAX_BYTES, n = strlen(s->head), u = strlen(s->unit);
    char *b = malloc(size);
    if (!b)
        return false;
    memcpy(b, s->head, n);
    while (n + u <= size) {
        memcpy(b + n, s->unit, u);
        n += u;
    }
    while (n < size)
        b[n++] = 'x';
    FILE *f = fopen(path, "wb");
    bool ok = f && fwrite(b, 1, n, f) == n;
    ok = f && fclose(f) == 0 && ok;
    free(b);
    return ok;
}

/* The child: opens @file in a reader and reports the ms to its first frame
 * on @fd (a negative value when it failed). */
static int first_page_child(const char *file, int fd)
{
    sah_reader_settings_t set = SAH_READER_SETTINGS_INIT;
    sah_ui_t *ui = sah_ui_new("ar", sah_ui_scale_for(800, 480));
    sah_reader_t *r = ui ? sah_reader_new(ui, "default", 800, 480, &set) : NULL;
    double t0 = bench_now_ms(), ms = -1;
    if (r && sah_reader_open(r, file, 0) && sah_reader_frame(r))
        ms = bench_now_ms() - t0;
    bool ok = write(fd, &ms, sizeof ms) == (ssize_t)sizeof ms;
    sah_reader_free(r);
    sah_ui_free(ui);
    return ok && ms >= 0 ? 0 : 1;
}

/* One run of the first-page child: its ms and peak RSS (KiB). */
static bool run_first_page(const char *file, double *ms, long *kib)
{
    int p[2];
    if (pipe(p) != 0)
        return false;
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        close(p[0]);
        _exit(first_page_child(file, p[1]));
    }
    close(p[1]);
    bool ok = pid > 0 && read(p[0], ms, sizeof *ms) == (ssize_t)sizeof *ms;
    close(p[0]);
    int status;
    struct rusage ru;
    if (pid <= 0 || wait4(pid, &status, 0, &ru) != pid)
        return false;
    *kib = ru.ru_maxrss;
    return ok && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/* One `sahifa --screenshot` of @file: wall ms and peak RSS (KiB). */
static bool run_screenshot(const char *sahifa, const char *dir, const char *file, double *ms,
                           long *kib)
{
    char png[512], state[512];
    snprintf(png, sizeof png, "%s/shot.png", dir);
    snprintf(state, sizeof state, "%s/state", dir);
    double t0 = bench_now_ms();
    pid_t pid = fork();
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        if (null >= 0) {
            dup2(null, 1);
            dup2(null, 2);
        }
        execl(sahifa, sahifa, "--state-dir", state, "--screenshot", png, file, (char *)NULL);
        _exit(127);
    }
    int status;
    struct rusage ru;
    if (pid < 0 || wait4(pid, &status, 0, &ru) != pid)
        return false;
    *ms = bench_now_ms() - t0;
    *kib = ru.ru_maxrss;
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

int main(int argc, char **argv)
{
    int runs = 5;
    const char *sahifa = NULL, *only = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--runs") && i + 1 < argc)
            runs = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--sahifa") && i + 1 < argc)
            sahifa = argv[++i];
        else if (!strcmp(argv[i], "--only") && i + 1 < argc)
            only = argv[++i];
        else
            runs = 0;
    }
    if (runs < 1 || runs > MAX_RUNS) {
        fprintf(stderr, "usage: bench-bigarticle [--runs 1..%d] [--sahifa PATH] [--only SHAPE]\n",
                MAX_RUNS);
        return 2;
    }
    char dir[] = "/tmp/sahifa-bench-big-XXXXXX";
    if (!mkdtemp(dir)) {
        fprintf(stderr, "bench-bigarticle: mkdtemp: %s\n", strerror(errno));
        return 1;
    }
    /* The app's state, config and data (font memo) in the folder. */
    const char *xdg[] = {"XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"};
    for (int i = 0; i < 3; i++) {
        char d[512];
        snprintf(d, sizeof d, "%s/%s", dir, xdg[i]);
        setenv(xdg[i], d, 1);
    }
    char file[512];
    snprintf(file, sizeof file, "%s/article.txt", dir);
    printf("%d runs a shape, 8 MiB articles (%zu bytes); targets: first page <= 500 ms, peak RSS "
           "<= 150 MB\n",
           runs, (size_t)SAH_ARTICLE_MAX_BYTES);
    printf("%-30s %26s %10s", "shape", "first page ms median/worst", "peak RSS");
    if (sahifa)
        printf("   %28s %10s", "sahifa --screenshot ms med/max", "peak RSS");
    printf("\n");
    int status = 0;
    for (size_t s = 0; s < sizeof shapes / sizeof *shapes; s++) {
        if (only && !strstr(shapes[s].name, only))
            continue;
        if (!write_article(file, &shapes[s])) {
            fprintf(stderr, "bench-bigarticle: cannot write %s\n", file);
            status = 1;
            break;
        }
        double ms[MAX_RUNS], shot[MAX_RUNS];
        long kib = 0, shot_kib = 0;
        bool ok = true;
        for (int r = 0; r < runs && ok; r++) {
            long k = 0;
            ok = run_first_page(file, &ms[r], &k);
            kib = k > kib ? k : kib;
            if (ok && sahifa) {
                ok = run_screenshot(sahifa, dir, file, &shot[r], &k);
                shot_kib = k > shot_kib ? k : shot_kib;
            }
        }
        if (!ok) {
            printf("%-30s failed\n", shapes[s].name);
            status = 1;
            continue;
        }
        double worst = 0, shot_worst = 0;
        for (int r = 0; r < runs; r++) {
            worst = ms[r] > worst ? ms[r] : worst;
            shot_worst = sahifa && shot[r] > shot_worst ? shot[r] : shot_worst;
        }
        printf("%-30s %13.1f / %10.1f %7.1f MB", shapes[s].name, bench_median(ms, runs), worst,
               kib / 1024.0);
        if (sahifa)
            printf("   %14.1f / %11.1f %7.1f MB", bench_median(shot, runs), shot_worst,
                   shot_kib / 1024.0);
        printf("\n");
        fflush(stdout);
    }
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "bench-bigarticle: could not remove %s\n", dir);
    return status;
}
