/*
 * test-bigarticle.c - the largest article the reader takes, through the
 * real programs:
 *
 *   test-bigarticle SAHIFA SAHIFA_RENDER
 *
 * An article of SAH_ARTICLE_MAX_BYTES (8 MiB) that is one paragraph, in
 * shapes that once took 0.6-1.2 GB (Latin without a space, Arabic with and
 * without spaces, mixed bidi): `sahifa --screenshot` shows page 1 and exits 0
 * with a peak RSS (getrusage of the child) under the bound; sahifa-render
 * lays out and draws every page of one of them within the same bound, and
 * its lines (--dump-lines) hold every byte that is not a space or newline
 * exactly once, in order. The reader's screen cap holds at start: past
 * SAH_READER_MAX_PIXELS the screenshot is refused with a message, in little
 * memory. Timing is bench/bench-bigarticle's, not this test's.
 *
 * A sanitizer build has its own bound (shadow memory and quarantine); in a
 * cross build (MESON_EXE_WRAPPER) the RSS is the emulator's and is not
 * checked.
 */
#include <errno.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "app/content/article.h"
#include "app/ui/reader.h"
#include "testutil.h"

#if defined(__SANITIZE_ADDRESS__)
#define SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SANITIZED 1
#endif
#endif
#ifndef SANITIZED
#define SANITIZED 0
#endif

/* Peak RSS allowed, KiB: docs/limits.md's bound; ASan keeps shadow memory
 * (1/8 of the heap) and a 256 MB quarantine of freed blocks. */
#define BOUND_KIB (SANITIZED ? 640L * 1024 : 150L * 1024)

static const char *sahifa, *render, *wrapper;
static char tmp[64];

/* Runs @argv (with stderr to @err_path, stdout to /dev/null); returns its
 * exit status (-1 when it did not exit) and its peak RSS in KiB. */
static int run(char *const argv[], const char *err_path, long *maxrss_kib)
{
    pid_t pid = fork();
    if (pid == 0) {
        int out = open("/dev/null", O_WRONLY);
        int err = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (out < 0 || err < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0)
            _exit(127);
        if (wrapper) { /* "qemu-arm -L DIR": split by the shell */
            size_t n = 0;
            while (argv[n])
                n++;
            char **a = calloc(n + 4, sizeof *a);
            a[0] = "sh";
            a[1] = "-c";
            char cmd[512];
            snprintf(cmd, sizeof cmd, "exec %s \"$@\"", wrapper);
            a[2] = cmd;
            a[3] = "sh";
            memcpy(a + 4, argv, n * sizeof *a); /* the terminating NULL from calloc */
            execvp("sh", a);
        } else {
            execv(argv[0], argv);
        }
        _exit(127);
    }
    int status;
    struct rusage ru;
    if (pid < 0 || wait4(pid, &status, 0, &ru) != pid)
        return -1;
    *maxrss_kib = ru.ru_maxrss;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static bool rss_ok(long kib)
{
    return wrapper || kib <= BOUND_KIB;
}

/* Writes an article of exactly @size bytes: @head, then one paragraph of
 * @unit repeated (the last one cut at a character boundary). */
static bool write_article(const char *path, const char *head, const char *unit, size_t size)
{
    char *b = malloc(size);
    if (!b)
        return false;
    size_t n = strlen(head), u = strlen(unit);
    memcpy(b, head, n);
    while (n + u <= size) {
        memcpy(b + n, unit, u);
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

#define AR_NO_SPACE "\xD8\xA8\xD8\xB3\xD9\x85\xD9\x84\xD8\xA9\xD9\x83\xD8\xAA\xD8\xA7\xD8\xA8"
static const struct {
    const char *name, *head, *unit;
} shapes[] = {
    {"latin-no-space", "A headline\n\n", "abcdefghij"},
    {"arabic-no-space", "A headline\n\n", AR_NO_SPACE},
    {"arabic-spaces", "A headline\n\n",
     "\xD9\x83\xD8\xAA\xD8\xA8 \xD8\xA7\xD9\x84\xD8\xB7\xD8\xA7\xD9\x84\xD8\xA8 "},
    {"mixed-bidi", "A headline\n\n",
     "\xD8\xA7\xD9\x84\xD8\xB9\xD8\xB1\xD8\xA8\xD9\x8A\xD8\xA9 English 123 "
     "(\xD9\x86\xD8\xB5) [x] "},
    /* No headline: the paragraph is the first line, which the status bar
     * shows as the title. */
    {"arabic-no-space-untitled", "", AR_NO_SPACE},
};

static void screenshots(void)
{
    /* Under ASan one shape is enough (each run is slow there). */
    size_t n = SANITIZED ? 1 : sizeof shapes / sizeof *shapes;
    for (size_t i = 0; i < n; i++) {
        char file[128], png[128], err[128], state[128];
        snprintf(file, sizeof file, "%s/%s.txt", tmp, shapes[i].name);
        snprintf(png, sizeof png, "%s/%s.png", tmp, shapes[i].name);
        snprintf(err, sizeof err, "%s/%s.err", tmp, shapes[i].name);
        snprintf(state, sizeof state, "%s/state", tmp);
        CHECK(write_article(file, shapes[i].head, shapes[i].unit, SAH_ARTICLE_MAX_BYTES),
              "cannot write %s", file);
        char *argv[] = {(char *)sahifa, "--state-dir", state, "--screenshot", png, file, NULL};
        long kib = 0;
        int st = run(argv, err, &kib);
        struct stat sb;
        CHECK(st == 0, "%s: sahifa --screenshot exited %d (see %s)", shapes[i].name, st, err);
        CHECK(stat(png, &sb) == 0 && sb.st_size > 0, "%s: no screenshot", shapes[i].name);
        CHECK(rss_ok(kib), "%s: peak RSS %ld KiB, the bound is %ld KiB", shapes[i].name, kib,
              BOUND_KIB);
        printf("%s, 8 MiB in one paragraph: page 1 shown, peak RSS %ld KiB\n", shapes[i].name, kib);
        remove(png);
        if (i) /* the first is kept for every_page() */
            remove(file);
    }
}

/* Every page of the first shape through sahifa-render: bounded memory, and
 * every visible byte on exactly one line, lines in order. */
static void every_page(void)
{
    char file[128], err[128];
    snprintf(file, sizeof file, "%s/%s.txt", tmp, shapes[0].name);
    snprintf(err, sizeof err, "%s/render.err", tmp);
    char *argv[] = {(char *)render, "--quiet", "--dump-lines", file, NULL};
    long kib = 0;
    int st = run(argv, err, &kib);
    CHECK(st == 0, "sahifa-render exited %d (see %s)", st, err);
    CHECK(rss_ok(kib), "sahifa-render, every page: peak RSS %ld KiB, the bound is %ld KiB", kib,
          BOUND_KIB);
    size_t n, dn;
    char *text = t_read_file(file, &n);
    char *dump = t_read_file(err, &dn);
    unsigned char *seen = text ? calloc(n, 1) : NULL;
    CHECK(text && dump && seen, "cannot read the article or the dump");
    if (!text || !dump || !seen)
        goto out;
    size_t lines = 0, twice = 0, missing = 0, order = 0;
    unsigned long page = 0, last_page = 0, prev_end = 0;
    for (char *l = dump, *nl; l && *l; l = nl) {
        /* One line at a time: sscanf() measures the whole string it reads. */
        if ((nl = strchr(l, '\n')) != NULL)
            *nl++ = 0;
        unsigned long no, start, len;
        if (sscanf(l, "line %lu: page %lu x %*f baseline %*f para %*u start %lu len %lu", &no,
                   &page, &start, &len) != 4)
            continue;
        lines++;
        order += page < last_page || start < prev_end || start + len > n;
        for (unsigned long x = start; x < start + len && x < n; x++)
            twice += seen[x]++ > 0;
        last_page = page;
        prev_end = start + len;
    }
    for (size_t x = 0; x < n; x++)
        missing += !seen[x] && text[x] != ' ' && text[x] != '\n';
    CHECK(lines > 1000 && page > 100, "only %zu lines on %lu pages", lines, page);
    CHECK(order == 0, "%zu lines out of order", order);
    CHECK(twice == 0 && missing == 0, "%zu bytes on two lines, %zu on none", twice, missing);
    printf("%s: %lu pages, %zu lines cover the text; peak RSS %ld KiB\n", shapes[0].name, page,
           lines, kib);
out:
    free(seen);
    free(dump);
    free(text);
    remove(file);
    remove(err);
}

/* The reader's screen cap applies at start, not only on a resize. */
static void screen_cap(void)
{
    char *src = t_src_path("assets/articles/guide-en.txt");
    const char *sizes[][2] = {{"3840", "2161"}, {"16384", "16384"}, {"3840", "2160"}};
    for (int i = 0; i < 3; i++) {
        char png[128], err[128], state[128];
        snprintf(png, sizeof png, "%s/cap.png", tmp);
        snprintf(err, sizeof err, "%s/cap.err", tmp);
        snprintf(state, sizeof state, "%s/state", tmp);
        char *argv[] = {(char *)sahifa,
                        "--state-dir",
                        state,
                        "--width",
                        (char *)sizes[i][0],
                        "--height",
                        (char *)sizes[i][1],
                        "--screenshot",
                        png,
                        src,
                        NULL};
        long kib = 0;
        remove(png);
        int st = run(argv, err, &kib);
        size_t en = 0;
        char *msg = t_read_file(err, &en);
        struct stat sb;
        bool shot = stat(png, &sb) == 0;
        if (i < 2) {
            char want[64];
            snprintf(want, sizeof want, "cannot use a %sx%s screen", sizes[i][0], sizes[i][1]);
            CHECK(st == 1 && !shot && msg && strstr(msg, want),
                  "%sx%s: exit %d, screenshot %s, message: %s", sizes[i][0], sizes[i][1], st,
                  shot ? "written" : "none", msg ? msg : "(none)");
            CHECK(rss_ok(kib), "%sx%s refused: peak RSS %ld KiB", sizes[i][0], sizes[i][1], kib);
        } else {
            CHECK(st == 0 && shot, "%sx%s (the cap itself): exit %d, screenshot %s", sizes[i][0],
                  sizes[i][1], st, shot ? "written" : "none");
        }
        free(msg);
    }
    free(src);
}

/* Removes what the runs left in the temporary folder (the state dir's
 * files included). */
static void cleanup(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmp);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: test-bigarticle SAHIFA SAHIFA_RENDER\n");
        return 2;
    }
    sahifa = argv[1];
    render = argv[2];
    wrapper = getenv("MESON_EXE_WRAPPER");
    if (wrapper && !*wrapper)
        wrapper = NULL;
    const char *base = getenv("TMPDIR");
    snprintf(tmp, sizeof tmp, "%s/sahifa-big-XXXXXX", base && strlen(base) < 40 ? base : "/tmp");
    if (!mkdtemp(tmp)) {
        fprintf(stderr, "mkdtemp: %s\n", strerror(errno));
        return 1;
    }
    /* Nothing of the user's: config, data and state in the folder (not
     * the cache: fontconfig would rebuild its own there, for seconds). */
    const char *xdg[] = {"XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"};
    for (int i = 0; i < 3; i++) {
        char d[128];
        snprintf(d, sizeof d, "%s/%s", tmp, xdg[i]);
        setenv(xdg[i], d, 1);
    }
    printf("peak RSS bound: %ld KiB%s\n", BOUND_KIB, SANITIZED ? " (sanitizer build)" : "");
    screenshots();
    every_page();
    screen_cap();
    cleanup();
    return t_summary("test-bigarticle");
}
