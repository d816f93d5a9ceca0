/*
 * test-epub-library.c - an EPUB's rows in the library, opened as the window
 * opens them: Enter goes through the dispatcher (app/ui/dispatch.h) and its
 * one table, as tests/test-gui.sh drives it under Xvfb. A periodical of
 * three articles (zipped here by libzip) whose article 2 shows nothing:
 *
 * - the library lists its three rows;
 * - Enter on row 2 leaves the library on screen and writes lines naming
 *   "#2" only (its document's reason, and that it cannot open);
 * - Enter on row 3 then opens the reader on "#3" (the library kept working),
 *   Esc returns, and row 1 opens too.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include "app/content/library.h"
#include "app/ui/dispatch.h"
#include "app/ui/libview.h"
#include "app/ui/reader.h"
#include "app/ui/session.h"
#include "testfonts.h"
#include "testutil.h"

static const char *const files[][2] = {
    {"mimetype", "application/epub+zip"},
    {"META-INF/container.xml",
     "<?xml version=\"1.0\"?><container version=\"1.0\" "
     "xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\"><rootfiles><rootfile "
     "full-path=\"OEBPS/content.opf\" media-type=\"application/oebps-package+xml\"/>"
     "</rootfiles></container>"},
    {"OEBPS/content.opf",
     "<?xml version=\"1.0\"?><package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" "
     "unique-identifier=\"u\"><metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">"
     "<dc:identifier id=\"u\">urn:lib</dc:identifier><dc:title>Paper</dc:title>"
     "<dc:language>ar</dc:language><dc:type>newspaper</dc:type></metadata><manifest>"
     "<item id=\"nav\" href=\"nav.xhtml\" media-type=\"application/xhtml+xml\" "
     "properties=\"nav\"/>"
     "<item id=\"a1\" href=\"a1.xhtml\" media-type=\"application/xhtml+xml\"/>"
     "<item id=\"a2\" href=\"a2.xhtml\" media-type=\"application/xhtml+xml\"/>"
     "<item id=\"a3\" href=\"a3.xhtml\" media-type=\"application/xhtml+xml\"/>"
     "</manifest><spine><itemref idref=\"a1\"/><itemref idref=\"a2\"/><itemref idref=\"a3\"/>"
     "</spine></package>"},
    {"OEBPS/nav.xhtml",
     "<?xml version=\"1.0\"?><html xmlns=\"http://www.w3.org/1999/xhtml\" "
     "xmlns:epub=\"http://www.idpf.org/2007/ops\"><body><nav epub:type=\"toc\"><ol>"
     "<li><a href=\"a1.xhtml\">الأول</a></li><li><a href=\"a2.xhtml\">الثاني</a></li>"
     "<li><a href=\"a3.xhtml\">الثالث</a></li></ol></nav></body></html>"},
    {"OEBPS/a1.xhtml", "<?xml version=\"1.0\"?><html xmlns=\"http://www.w3.org/1999/xhtml\" "
                       "lang=\"ar\"><body><h1>الخبر الأول</h1><p>نص الخبر الأول في سطرين "
                       "قصيرين.</p></body></html>"},
    {"OEBPS/a2.xhtml", "<?xml version=\"1.0\"?><html xmlns=\"http://www.w3.org/1999/xhtml\">"
                       "<body><div> </div></body></html>"},
    {"OEBPS/a3.xhtml", "<?xml version=\"1.0\"?><html xmlns=\"http://www.w3.org/1999/xhtml\" "
                       "lang=\"ar\"><body><h1>الخبر الثالث</h1><p>نص الخبر الثالث في سطرين "
                       "قصيرين.</p></body></html>"},
};

static bool ends_with(const char *s, const char *end)
{
    size_t n = s ? strlen(s) : 0, e = strlen(end);
    return n >= e && !strcmp(s + n - e, end);
}

/* Selects the row whose path ends with @end; false when none does. */
static bool select_row(sah_dispatch_t *d, sah_libview_t *lv, const char *end)
{
    sah_ui_event_t home = {.type = SAH_UI_EV_KEY, .key = SAH_UI_KEY_HOME};
    sah_ui_event_t down = {.type = SAH_UI_EV_KEY, .key = SAH_UI_KEY_DOWN};
    sah_dispatch_event(d, &home);
    for (size_t i = 0; i < sah_libview_rows(lv); i++) {
        if (ends_with(sah_libview_selected(lv), end))
            return true;
        sah_dispatch_event(d, &down);
    }
    return false;
}

static void key(sah_dispatch_t *d, sah_ui_key_t k)
{
    sah_ui_event_t ev = {.type = SAH_UI_EV_KEY, .key = k};
    sah_dispatch_event(d, &ev);
}

int main(void)
{
    if (!t_default_fonts_present())
        return SKIP;
    const char *tmp = getenv("TMPDIR");
    char root[512], lib_dir[600], state[600], path[700], cache[700], err_path[700];
    snprintf(root, sizeof root, "%s/sahifa-epub-library-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(root))
        return 1;
    snprintf(lib_dir, sizeof lib_dir, "%s/lib", root);
    snprintf(state, sizeof state, "%s/state", root);
    snprintf(path, sizeof path, "%s/paper.epub", lib_dir);
    snprintf(cache, sizeof cache, "%s/library.sqlite", state);
    snprintf(err_path, sizeof err_path, "%s/stderr.txt", root);
    int zerr;
    zip_t *z = (mkdir(lib_dir, 0755) == 0 && mkdir(state, 0755) == 0)
                   ? zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr)
                   : NULL;
    for (size_t i = 0; z && i < sizeof files / sizeof *files; i++) {
        zip_source_t *s = zip_source_buffer(z, files[i][1], strlen(files[i][1]), 0);
        if (!s || zip_file_add(z, files[i][0], s, 0) < 0) {
            zip_discard(z);
            z = NULL;
        }
    }
    CHECK(z && zip_close(z) == 0, "cannot zip %s", path);

    sah_session_opts_t so = SAH_SESSION_OPTS_INIT;
    so.state_dir = state;
    sah_session_t *s = sah_session_new(&so);
    sah_library_t *lib = sah_library_new(cache);
    bool ok = s && lib && sah_library_add_root(lib, lib_dir) && sah_library_scan(lib);
    CHECK(ok && sah_library_n_entries(lib) == 3, "three rows listed (%zu)",
          lib ? sah_library_n_entries(lib) : 0);
    if (!ok || !sah_session_set_library(s, lib, NULL)) { /* takes @lib */
        sah_session_free(s);
        return t_summary("epub-library");
    }
    sah_dispatch_opts_t o = SAH_DISPATCH_OPTS_INIT;
    sah_dispatch_t *d = sah_dispatch_new(s, &o);
    sah_libview_t *lv = sah_session_libview(s);
    sah_reader_t *r = sah_session_reader(s);
    CHECK(d && sah_dispatch_screen(d) == SAH_SCREEN_LIBRARY, "the library first");

    /* Row 2: stderr to a file while Enter is pressed. */
    CHECK(select_row(d, lv, "paper.epub#2"), "row #2 found");
    fflush(stderr);
    int saved = dup(2), fd = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(fd, 2);
    key(d, SAH_UI_KEY_ENTER);
    fflush(stderr);
    dup2(saved, 2);
    close(fd);
    close(saved);
    CHECK(sah_dispatch_screen(d) == SAH_SCREEN_LIBRARY, "the broken row leaves the library on");
    size_t n;
    char *err = t_read_file(err_path, &n), *line = err;
    size_t lines = 0;
    for (char *nl; line && (nl = strchr(line, '\n')); line = nl + 1, lines++) {
        *nl = 0;
        CHECK(strstr(line, "paper.epub#2") != NULL, "a line not naming #2: %s", line);
    }
    CHECK(lines >= 1 && lines <= 2, "expected one or two lines naming #2, got %zu", lines);
    free(err);

    /* The rest still opens. */
    CHECK(select_row(d, lv, "paper.epub#3"), "row #3 found");
    key(d, SAH_UI_KEY_ENTER);
    CHECK(sah_dispatch_screen(d) == SAH_SCREEN_READER && ends_with(sah_reader_path(r), "#3"),
          "row #3 opens in the reader");
    key(d, SAH_UI_KEY_ESCAPE);
    CHECK(sah_dispatch_screen(d) == SAH_SCREEN_LIBRARY, "Esc: back to the library");
    CHECK(select_row(d, lv, "paper.epub#1"), "row #1 found");
    key(d, SAH_UI_KEY_ENTER);
    CHECK(sah_dispatch_screen(d) == SAH_SCREEN_READER && ends_with(sah_reader_path(r), "#1"),
          "row #1 opens in the reader");
    sah_dispatch_free(d);
    sah_session_free(s);
    char cmd[800];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    if (system(cmd) != 0)
        fprintf(stderr, "test-epub-library: cannot remove %s\n", root);
    return t_summary("epub-library");
}
