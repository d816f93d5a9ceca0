/*
 * test-library.c - the library: scanning roots of bundles, every bad file
 * (a one-line message naming it, the rest loads), duplicates listed once,
 * a folder of 10,000 files, a file gone between listing and opening, the
 * cache (warm scans open nothing; a touched file is re-read), sort orders,
 * and import atomicity (an import killed halfway leaves no bundle visible).
 */
#include "app/content/library.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "testutil.h"

static char tmpdir[] = "/tmp/sahifa-test-library-XXXXXX";

/* ---- helpers ---------------------------------------------------------- */

static char *path_of(const char *rel)
{
    static char buf[8][1024];
    static int k;
    k = (k + 1) % 8;
    snprintf(buf[k], sizeof buf[k], "%s/%s", tmpdir, rel);
    return buf[k];
}

static void mkdirs(const char *rel)
{
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "mkdir -p '%s'", path_of(rel));
    if (system(cmd) != 0)
        exit(99);
}

static void put(const char *rel, const void *bytes, size_t n)
{
    FILE *f = fopen(path_of(rel), "wb");
    if (!f || fwrite(bytes, 1, n, f) != n || fclose(f) != 0) {
        perror(rel);
        exit(99);
    }
}

static void put_text(const char *rel, const char *text)
{
    put(rel, text, strlen(text));
}

/* Sets a file's mtime to @sec seconds past the epoch. */
static void set_mtime(const char *rel, time_t sec)
{
    struct timespec t[2] = {{sec, 0}, {sec, 0}};
    if (utimensat(AT_FDCWD, path_of(rel), t, 0) != 0)
        perror(rel);
}

static size_t count_lines(const char *s, const char *needle)
{
    size_t n = 0;
    for (const char *line = s; *line;) {
        const char *nl = strchr(line, '\n');
        size_t len = nl ? (size_t)(nl - line) : strlen(line);
        if (!needle || memmem(line, len, needle, strlen(needle)))
            n++;
        line += len + (nl != NULL);
    }
    return n;
}

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/* A library over @roots (NULL-terminated, relative to tmpdir), scanned. */
static sah_library_t *scan(const char *cache, const char *const *roots)
{
    sah_library_t *lib = sah_library_new(cache ? path_of(cache) : NULL);
    if (!lib)
        exit(99);
    for (size_t i = 0; roots[i]; i++)
        if (!sah_library_add_root(lib, path_of(roots[i])))
            exit(99);
    if (!sah_library_scan(lib))
        exit(99);
    return lib;
}

static const sah_library_entry_t *find(const sah_library_t *lib, const char *path_suffix)
{
    size_t k = strlen(path_suffix);
    for (size_t i = 0; i < sah_library_n_entries(lib); i++) {
        const sah_library_entry_t *e = sah_library_entry(lib, i);
        size_t n = strlen(e->path);
        if (n >= k && strcmp(e->path + n - k, path_suffix) == 0)
            return e;
    }
    return NULL;
}

static bool has_problem(const sah_library_t *lib, const char *path)
{
    for (size_t i = 0; i < sah_library_n_problems(lib); i++)
        if (strstr(sah_library_problem(lib, i), path))
            return true;
    return false;
}

/* ---- bad files, duplicates -------------------------------------------- */

static void test_bad_files(void)
{
    mkdirs("bad/one");
    mkdirs("bad/two");
    mkdirs("bad/one/folder.txt");
    put_text("bad/one/a.txt", "Alpha\n\nThe first article.\n");
    put_text("bad/one/b.txt", "Beta\n\nThe second article.\n");
    put("bad/one/binary.txt",
        "\x7f"
        "ELF\x02\x01\x01\0\0\0",
        10);
    put("bad/one/empty.txt", "", 0);
    put("bad/one/cp1256.txt", "\xE3\xD1\xCD\xC8\xC7\n\n\xC8\xC7\xE1\xDA\xC7\xE1\xE3.", 15);
    put_text("bad/one/huge.txt", "x");
    if (truncate(path_of("bad/one/huge.txt"), 9 * 1024 * 1024) != 0)
        exit(99);
    put_text("bad/one/bundle.ini", "[bundle\nname = broken\n");
    /* two/ holds a copy of a.txt (another name, CR LF line ends: the same
     * identity) and one article of its own. */
    put_text("bad/two/copy-of-a.txt", "Alpha\r\n\r\nThe first article.\r\n");
    put_text("bad/two/c.txt", "Gamma\n\nThe third article.\n");
    chmod(path_of("bad/one/b.txt"), 0);

    t_capture_begin(tmpdir);
    sah_library_t *lib = scan(NULL, (const char *const[]){"bad", NULL});
    const char *log = t_capture_end();

    bool root = geteuid() == 0;
    size_t want = root ? 4 : 3; /* a, b (root reads mode 000), cp1256, c; not the copy */
    CHECK(sah_library_n_entries(lib) == want, "bad: expected %zu entries, got %zu", want,
          sah_library_n_entries(lib));
    const sah_library_entry_t *a = find(lib, "bad/one/a.txt");
    CHECK(a && a->copies == 2, "bad: expected a.txt listed once with 2 copies, got %zu",
          a ? a->copies : 0);
    CHECK(!find(lib, "copy-of-a.txt"), "bad: expected the copy not listed");
    const sah_library_entry_t *cp = find(lib, "cp1256.txt");
    CHECK(cp && !strcmp(cp->encoding, "windows-1256"), "bad: expected cp1256 listed as such");
    CHECK(find(lib, "bad/two/c.txt") != NULL, "bad: expected c.txt");

    static const char *const bad[] = {"bad/one/binary.txt", "bad/one/empty.txt",
                                      "bad/one/huge.txt"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        CHECK(has_problem(lib, path_of(bad[i])), "bad: expected a problem for %s", bad[i]);
        CHECK(count_lines(log, path_of(bad[i])) == 1, "bad: expected one line naming %s", bad[i]);
    }
    if (!root) {
        CHECK(has_problem(lib, path_of("bad/one/b.txt")), "bad: expected unreadable b.txt");
        CHECK(count_lines(log, path_of("bad/one/b.txt")) == 1, "bad: one line for b.txt");
    }
    CHECK(count_lines(log, "bundle.ini") == 1, "bad: expected one line for the broken bundle.ini");
    CHECK(count_lines(log, NULL) == count_lines(log, "sahifa: /"),
          "bad: expected every line to name a file");
    /* A folder named .txt is not an article: skipped without a word. */
    CHECK(count_lines(log, "folder.txt") == 0, "bad: expected folder.txt skipped");
    CHECK(sah_library_n_problems(lib) == 3u + !root, "bad: expected %d problems, got %zu",
          3 + !root, sah_library_n_problems(lib));
    /* The broken bundle.ini left the defaults: the folder's name. */
    CHECK(a && !strcmp(a->bundle, "one"), "bad: expected bundle name 'one', got %s",
          a ? a->bundle : "-");
    sah_library_free(lib);
    chmod(path_of("bad/one/b.txt"), 0644);

    /* A missing root is a problem, not a failure. */
    t_capture_begin(tmpdir);
    lib = scan(NULL, (const char *const[]){"no-such-root", "bad/two", NULL});
    log = t_capture_end();
    CHECK(sah_library_n_entries(lib) == 2 && sah_library_n_problems(lib) == 1 &&
              count_lines(log, "no-such-root") == 1,
          "missing root: expected 2 entries, 1 problem; got %zu, %zu", sah_library_n_entries(lib),
          sah_library_n_problems(lib));
    sah_library_free(lib);
    sah_library_free(NULL);
}

/* Listed by the bundle, deleted before the scan opens it. */
static void test_vanished(void)
{
    mkdirs("gone");
    put_text("gone/stays.txt", "Stays\n\nText.\n");
    put_text("gone/goes.txt", "Goes\n\nText.\n");
    sah_library_t *lib = sah_library_new(NULL);
    CHECK(lib && sah_library_add_root(lib, path_of("gone")), "vanished: expected a root");
    unlink(path_of("gone/goes.txt"));
    t_capture_begin(tmpdir);
    bool ok = sah_library_scan(lib);
    const char *log = t_capture_end();
    CHECK(ok && sah_library_n_entries(lib) == 1, "vanished: expected 1 entry, got %zu",
          sah_library_n_entries(lib));
    CHECK(has_problem(lib, path_of("gone/goes.txt")) && count_lines(log, "goes.txt") == 1 &&
              count_lines(log, NULL) == 1,
          "vanished: expected one line naming goes.txt, got %s", log);
    sah_library_free(lib);
}

/* ---- cache ------------------------------------------------------------ */

static void test_cache(void)
{
    mkdirs("cached/b");
    put_text("cached/b/one.txt", "One\n\nFirst.\n");
    put_text("cached/b/two.txt", "Two\n\nSecond.\n");
    put("cached/b/bin.txt", "\0\0\0", 3);
    const char *const roots[] = {"cached", NULL};
    size_t parsed, cached;

    t_capture_begin(tmpdir);
    sah_library_t *lib = scan("cache.sqlite", roots);
    t_capture_end();
    sah_library_stats(lib, &parsed, &cached);
    CHECK(parsed == 3 && cached == 0, "cache cold: expected 3 parsed, got %zu/%zu", parsed, cached);
    sah_library_free(lib);

    /* Warm: nothing opened; the binary file is still reported, once. */
    t_capture_begin(tmpdir);
    lib = scan("cache.sqlite", roots);
    const char *log = t_capture_end();
    sah_library_stats(lib, &parsed, &cached);
    CHECK(parsed == 0 && cached == 3, "cache warm: expected 3 cached, got %zu/%zu", parsed, cached);
    CHECK(sah_library_n_entries(lib) == 2 && count_lines(log, "bin.txt") == 1,
          "cache warm: expected 2 entries and bin.txt reported");
    const sah_library_entry_t *e = find(lib, "one.txt");
    CHECK(e && !strcmp(e->title, "One"), "cache warm: expected title One");
    sah_library_free(lib);

    /* Edit a file (a new mtime): only it is re-read, its new title shows. */
    put_text("cached/b/one.txt", "Uno\n\nFirst, edited.\n");
    set_mtime("cached/b/one.txt", time(NULL) + 10);
    lib = scan("cache.sqlite", roots);
    sah_library_stats(lib, &parsed, &cached);
    e = find(lib, "one.txt");
    CHECK(parsed == 1 && cached == 2, "cache edit: expected 1 parsed, got %zu/%zu", parsed, cached);
    CHECK(e && !strcmp(e->title, "Uno"), "cache edit: expected title Uno, got %s",
          e ? e->title : "-");
    sah_library_free(lib);

    /* Touch only: re-read (mtime changed), same identity. */
    char hash[65];
    lib = scan("cache.sqlite", roots);
    snprintf(hash, sizeof hash, "%s", find(lib, "two.txt")->hash);
    sah_library_free(lib);
    set_mtime("cached/b/two.txt", time(NULL) + 20);
    lib = scan("cache.sqlite", roots);
    sah_library_stats(lib, &parsed, &cached);
    e = find(lib, "two.txt");
    CHECK(parsed == 1 && e && !strcmp(e->hash, hash), "cache touch: expected 1 parsed, same hash");
    sah_library_free(lib);

    /* A deleted file leaves the index. */
    unlink(path_of("cached/b/two.txt"));
    lib = scan("cache.sqlite", roots);
    sah_library_stats(lib, &parsed, &cached);
    CHECK(sah_library_n_entries(lib) == 1 && parsed == 0, "cache delete: expected 1 entry");
    sah_library_free(lib);

    /* A cache that is not a database is rebuilt, with one line. */
    put_text("bad-cache.sqlite", "this is not an SQLite file, just text, long enough......");
    t_capture_begin(tmpdir);
    lib = scan("bad-cache.sqlite", roots);
    log = t_capture_end();
    CHECK(count_lines(log, "bad-cache.sqlite") == 1 && sah_library_n_entries(lib) == 1,
          "corrupt cache: expected one line and the library, got %s", log);
    sah_library_free(lib);
    lib = scan("bad-cache.sqlite", roots);
    sah_library_stats(lib, &parsed, &cached);
    CHECK(cached == 2, "corrupt cache: expected a working cache after, got %zu cached", cached);
    sah_library_free(lib);
}

/* ---- scale ------------------------------------------------------------ */

static void test_many(void)
{
    enum { N = 10000 };
    mkdirs("many/big");
    char name[64], text[128];
    for (int i = 0; i < N; i++) {
        snprintf(name, sizeof name, "many/big/%05d.txt", i);
        snprintf(text, sizeof text, "Article %d\n\nBody of article number %d.\n", i, i);
        put_text(name, text);
    }
    const char *const roots[] = {"many", NULL};
    double t0 = now_ms();
    sah_library_t *lib = scan("many.sqlite", roots);
    double t1 = now_ms();
    CHECK(sah_library_n_entries(lib) == N && sah_library_n_problems(lib) == 0,
          "10000: expected %d entries, got %zu", N, sah_library_n_entries(lib));
    const sah_library_entry_t *e = sah_library_entry(lib, 1234);
    CHECK(e && !strcmp(e->title, "Article 1234"), "10000: expected file order");
    sah_library_free(lib);
    double t2 = now_ms();
    lib = scan("many.sqlite", roots);
    double t3 = now_ms();
    size_t parsed, cached;
    sah_library_stats(lib, &parsed, &cached);
    CHECK(parsed == 0 && cached == N, "10000 warm: expected all cached, got %zu/%zu", parsed,
          cached);
    sah_library_free(lib);
    /* Figures for the log only: timing is bench/'s job, not a test's. */
    printf("10000 files: cold %.0f ms, warm %.0f ms\n", t1 - t0, t3 - t2);
}

/* ---- sort orders ------------------------------------------------------ */

static void test_sort(void)
{
    mkdirs("sorted/bydate");
    put_text("sorted/bydate/bundle.ini", "[bundle]\nsort = date\n");
    put_text("sorted/bydate/a.txt", "---\ndate: 2024-01-01\n---\nOld\n\nx.\n");
    put_text("sorted/bydate/b.txt", "Undated\n\nx.\n");
    put_text("sorted/bydate/c.txt", "---\ndate: 2024-06-01\n---\nNew\n\nx.\n");
    mkdirs("sorted/bytitle");
    put_text("sorted/bytitle/bundle.ini", "sort = title\n");
    put_text("sorted/bytitle/1.txt", "Zebra\n\nx.\n");
    put_text("sorted/bytitle/2.txt", "Apple\n\nx.\n");
    sah_library_t *lib = scan(NULL, (const char *const[]){"sorted", NULL});
    static const char *const want[] = {"New", "Old", "Undated", "Apple", "Zebra"};
    CHECK(sah_library_n_entries(lib) == 5, "sort: expected 5 entries");
    for (size_t i = 0; i < 5 && i < sah_library_n_entries(lib); i++)
        CHECK(!strcmp(sah_library_entry(lib, i)->title, want[i]),
              "sort: expected %s at %zu, got %s", want[i], i, sah_library_entry(lib, i)->title);
    sah_library_free(lib);
}

/* ---- default roots ---------------------------------------------------- */

static void test_default_roots(void)
{
    setenv("XDG_DATA_HOME", path_of("xdg-data"), 1);
    unsetenv("SAHIFA_ASSETS_DIR");
    sah_library_t *lib = sah_library_new(NULL);
    char *assets = sah_library_assets_dir();
    /* The assets again as --library: the same folder, read once. */
    CHECK(lib && sah_library_add_default_roots(lib) && sah_library_add_root(lib, path_of("dup")) &&
              sah_library_add_root(lib, assets) && sah_library_scan(lib),
          "defaults: expected to scan");
    /* The build tree's assets: the seed and the two guides; dup/ holds a
     * second copy of the seed, listed once at its first place. */
    const sah_library_entry_t *seed = find(lib, "assets/articles/seed-article-ar.txt");
    CHECK(seed && seed->copies == 2 && seed->minutes == 12 && seed->minutes_from_publisher,
          "defaults: expected the seed, 2 copies, 12 min");
    CHECK(find(lib, "assets/articles/guide-ar.txt") && find(lib, "assets/articles/guide-en.txt"),
          "defaults: expected the guides");
    CHECK(sah_library_n_entries(lib) == 3 && sah_library_n_problems(lib) == 0,
          "defaults: expected 3 entries, 0 problems; got %zu, %zu", sah_library_n_entries(lib),
          sah_library_n_problems(lib));
    sah_library_free(lib);
    free(assets);
}

/* ---- import ----------------------------------------------------------- */

static size_t listing(const char *rel, bool hidden)
{
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "ls -1%s '%s' 2>/dev/null | grep -v '^\\.\\.\\?$' | wc -l",
             hidden ? "a" : "", path_of(rel));
    FILE *p = popen(cmd, "r");
    size_t n = 0;
    if (p && fscanf(p, "%zu", &n) != 1)
        n = 0;
    if (p)
        pclose(p);
    return n;
}

static bool stop_after_first(const char *file, size_t done, size_t total, void *user)
{
    (void)file;
    (void)total;
    if (done == 1) {
        int fd = *(int *)user;
        if (write(fd, "1", 1) != 1)
            _exit(3);
        for (;;)
            pause(); /* killed here, halfway */
    }
    return true;
}

static void test_import(void)
{
    mkdirs("usb/news");
    put_text("usb/news/bundle.ini", "[bundle]\nname = News\n");
    put_text("usb/news/1.txt", "First\n\nOne.\n");
    put_text("usb/news/2.txt", "Second\n\nTwo.\n");
    put_text("usb/news/3.txt", "Third\n\nThree.\n");
    char bundles[1024], *dest = NULL;
    snprintf(bundles, sizeof bundles, "%s", path_of("data/bundles"));

    /* Killed after copying one file: nothing visible. */
    int fds[2];
    if (pipe(fds) != 0)
        exit(99);
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        bool ok = sah_library_import(path_of("usb/news"), bundles, stop_after_first, &fds[1], NULL);
        _exit(ok ? 0 : 1);
    }
    close(fds[1]);
    char c;
    CHECK(read(fds[0], &c, 1) == 1, "import kill: expected the child to copy one file");
    kill(pid, SIGKILL);
    int status;
    waitpid(pid, &status, 0);
    close(fds[0]);
    CHECK(WIFSIGNALED(status), "import kill: expected the child killed");
    CHECK(listing("data/bundles", false) == 0 && listing("data/bundles", true) == 1,
          "import kill: expected only a hidden temporary folder, got %zu visible, %zu in all",
          listing("data/bundles", false), listing("data/bundles", true));
    sah_library_t *lib = scan(NULL, (const char *const[]){"data/bundles", NULL});
    CHECK(sah_library_n_entries(lib) == 0, "import kill: expected no article listed, got %zu",
          sah_library_n_entries(lib));
    sah_library_free(lib);

    /* A full import: visible under its folder name, the stale half-copy gone. */
    bool ok = sah_library_import(path_of("usb/news"), bundles, NULL, NULL, &dest);
    CHECK(ok && dest && strstr(dest, "data/bundles/news"), "import: expected data/bundles/news");
    CHECK(listing("data/bundles", true) == 1 && listing("data/bundles/news", false) == 4,
          "import: expected news/ with 4 files and nothing else, got %zu, %zu",
          listing("data/bundles", true), listing("data/bundles/news", false));
    free(dest);
    lib = scan(NULL, (const char *const[]){"data/bundles", NULL});
    CHECK(sah_library_n_entries(lib) == 3 && !strcmp(sah_library_entry(lib, 0)->bundle, "News"),
          "import: expected 3 articles in bundle News");
    sah_library_free(lib);

    /* Again, with a changed file: replaced in one step. */
    put_text("usb/news/2.txt", "Second, revised\n\nTwo.\n");
    ok = sah_library_import(path_of("usb/news"), bundles, NULL, NULL, NULL);
    lib = scan(NULL, (const char *const[]){"data/bundles", NULL});
    const sah_library_entry_t *e = find(lib, "news/2.txt");
    CHECK(ok && e && !strcmp(e->title, "Second, revised") && listing("data/bundles", true) == 1,
          "re-import: expected the new version and no leftovers");
    sah_library_free(lib);

    /* Not a bundle: refused with one line, nothing created. */
    mkdirs("usb/empty");
    t_capture_begin(tmpdir);
    ok = sah_library_import(path_of("usb/empty"), bundles, NULL, NULL, NULL);
    const char *log = t_capture_end();
    CHECK(!ok && count_lines(log, "usb/empty") == 1 && listing("data/bundles", true) == 1,
          "import of a non-bundle: expected a refusal, got %s", log);
}

int main(void)
{
    if (!mkdtemp(tmpdir))
        return 99;
    setenv("XDG_DATA_HOME", path_of("xdg-data"), 1);
    setenv("XDG_STATE_HOME", path_of("xdg-state"), 1);
    mkdirs("dup");
    const char *src = getenv("SAHIFA_SOURCE_ROOT");
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "cp '%s/assets/articles/seed-article-ar.txt' '%s/copy.txt'",
             src ? src : ".", path_of("dup"));
    if (system(cmd) != 0)
        return 99;

    test_bad_files();
    test_vanished();
    test_cache();
    test_many();
    test_sort();
    test_default_roots();
    test_import();

    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        printf("note: could not remove %s\n", tmpdir);
    printf("%d passed, %d failed\n", t_checks - t_failures, t_failures);
    return t_failures ? 1 : 0;
}
