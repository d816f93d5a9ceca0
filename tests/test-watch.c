/* test-watch.c - the folder watch (platform/watch.h): which names are
 * temporary files (a table), a file written and closed is one change, a
 * sync's temporary file none, a file written in two halves busy until it
 * is closed, a burst of 500 files one call or a few, a subfolder made. */
#include "platform/watch.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "testutil.h"

static const struct {
    const char *name;
    bool ignored;
} names[] = {
    {"article.txt", false},
    {"مقالة.txt", false},
    {"bundle.ini", false},
    {"news", false},
    {"a~b.txt", false},
    {".syncthing.article.txt.tmp", true}, /* Syncthing */
    {"article.txt.~tmp~", true},          /* Syncthing's other spelling */
    {".~tmp~", true},
    {"~syncthing~article.txt.tmp", true}, /* Syncthing on FAT/NTFS */
    {".article.txt.AbC123", true},        /* rsync */
    {"article.txt~", true},               /* an editor's backup */
    {".#article.txt", true},              /* Emacs' lock */
    {".article.txt.swp", true},           /* Vim */
    {"article.txt.tmp", true},
    {"article.txt.part", true}, /* a download */
    {"", true},
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static int calls;

static void on_change(void *user)
{
    (void)user;
    pthread_mutex_lock(&mu);
    calls++;
    pthread_mutex_unlock(&mu);
}

static int n_calls(void)
{
    pthread_mutex_lock(&mu);
    int n = calls;
    pthread_mutex_unlock(&mu);
    return n;
}

static void sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* Waits up to 3 s for a change to be told; returns whether one was. */
static bool wait_change(sah_watch_t *w)
{
    for (int i = 0; i < 300; i++) {
        if (sah_watch_take(w))
            return true;
        sleep_ms(10);
    }
    return false;
}

static void write_file(const char *dir, const char *name, const char *text)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

int main(void)
{
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        CHECK(sah_watch_ignored_name(names[i].name) == names[i].ignored, "%s: expected %s, got %s",
              names[i].name, names[i].ignored ? "ignored" : "a change",
              names[i].ignored ? "a change" : "ignored");

    char dir[] = "/tmp/sahifa-test-watch-XXXXXX";
    if (!mkdtemp(dir))
        return SKIP;
    sah_watch_t *w = sah_watch_new(100, 1000, on_change, NULL);
    if (!w) {
        rmdir(dir);
        printf("SKIP: no inotify here\n");
        return SKIP;
    }
    CHECK(sah_watch_add(w, dir), "watch %s", dir);
    CHECK(sah_watch_add(w, dir), "the same folder again");
    CHECK(!sah_watch_add(w, "/nonexistent-sahifa-folder"), "a missing folder is refused");
    CHECK(!sah_watch_exhausted(w), "watches left");
    CHECK(!sah_watch_take(w), "nothing changed yet");

    /* A file written and closed: one change. */
    write_file(dir, "one.txt", "نص\n");
    CHECK(wait_change(w), "a new file is a change");
    CHECK(n_calls() == 1, "told once (%d)", n_calls());

    /* A sync's temporary file, renamed or not, written and removed: none. */
    write_file(dir, ".syncthing.two.txt.tmp", "x\n");
    write_file(dir, "three.txt~", "x\n");
    sleep_ms(400);
    CHECK(!sah_watch_take(w), "temporary files are no change");
    CHECK(n_calls() == 1, "not told (%d)", n_calls());

    /* Written in two halves: busy, and no change, until closed. */
    char path[1100];
    snprintf(path, sizeof path, "%s/slow.txt", dir);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    CHECK(fd >= 0, "open %s", path);
    CHECK(write(fd, "first half\n", 11) == 11, "write");
    sleep_ms(400);
    CHECK(sah_watch_busy(w, path), "a file half written is busy");
    CHECK(!sah_watch_take(w), "and no change yet");
    CHECK(write(fd, "second half\n", 12) == 12, "write");
    close(fd);
    CHECK(wait_change(w), "closed: a change");
    CHECK(!sah_watch_busy(w, path), "closed: not busy");
    CHECK(!sah_watch_busy(w, "/elsewhere/slow.txt"), "another path is not busy");

    /* A burst: 500 files, one call or a few (the burst is capped at 1 s). */
    int before = n_calls();
    for (int i = 0; i < 500; i++) {
        char name[32];
        snprintf(name, sizeof name, "burst-%03d.txt", i);
        write_file(dir, name, "x\n");
    }
    CHECK(wait_change(w), "the burst is a change");
    sleep_ms(300);
    (void)sah_watch_take(w);
    CHECK(n_calls() - before >= 1 && n_calls() - before <= 3, "500 files: %d calls",
          n_calls() - before);

    /* A subfolder made: a change; removed files: a change. */
    char sub[1100];
    snprintf(sub, sizeof sub, "%s/bundle", dir);
    CHECK(mkdir(sub, 0755) == 0, "mkdir");
    CHECK(wait_change(w), "a new folder is a change");
    rmdir(sub);
    CHECK(wait_change(w), "a folder removed is a change");
    unlink(path);
    CHECK(wait_change(w), "a file removed is a change");

    sah_watch_free(w);
    sah_watch_free(NULL);
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    CHECK(system(cmd) == 0, "rm");
    return t_summary("test-watch");
}
