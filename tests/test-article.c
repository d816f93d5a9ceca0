/*
 * test-article.c - the article parser: the seed article, front matter and
 * heuristics (data-driven), byte-range coverage, and every bad input.
 *
 * Each failure prints "expected X, got Y" with its input; the last line is
 * "N passed, N failed".
 */
#include "app/content/article.h"
#include "app/content/chrome.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "testutil.h"

static bool streq(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static void check_str(const char *got, const char *want, const char *input, int line)
{
    t_checks++;
    if (streq(got, want))
        return;
    t_failures++;
    printf("FAIL %s:%d: %s: expected \"%s\", got \"%s\"\n", __FILE__, line, input,
           want ? want : "(null)", got ? got : "(null)");
}

#define CHECK_STR(got, want, input) check_str((got), (want), (input), __LINE__)

/* ---- helpers ---------------------------------------------------------- */

static char tmpdir[] = "/tmp/sahifa-test-article-XXXXXX";

static char *tmp_file(const char *name, const void *bytes, size_t n)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(bytes, 1, n, f) != n || fclose(f) != 0) {
        perror(path);
        exit(99);
    }
    return path;
}

static bool one_line_naming(const char *log, const char *path)
{
    const char *nl = strchr(log, '\n');
    return nl && nl[1] == 0 && strstr(log, path) != NULL;
}

/* The parts cover the text from 0 to its end, in order, none empty. */
static void check_coverage(const sah_article_t *a, const char *what)
{
    size_t len, pos = 0;
    sah_article_text(a, &len);
    bool ok = sah_article_n_parts(a) > 0;
    for (size_t i = 0; ok && i < sah_article_n_parts(a); i++) {
        const sah_part_t *p = sah_article_part(a, i);
        ok = p->start == pos && p->end > p->start;
        if (!ok)
            printf("%s: part %zu is [%zu, %zu), expected to start at %zu\n", what, i, p->start,
                   p->end, pos);
        pos = p->end;
    }
    CHECK(ok && pos == len, "%s: parts end at %zu, expected %zu", what, pos, len);
}

/* One letter per part that is not a SPACE: a compact picture of the parse. */
static void signature(const sah_article_t *a, char *buf, size_t size)
{
    /* One letter per kind; space parts are left out. */
    static const char letters[SAH_PART_KIND_COUNT + 1] = {
        [SAH_PART_HEADLINE] = 'H', [SAH_PART_DECK] = 'd',         [SAH_PART_BYLINE] = 'y',
        [SAH_PART_DATELINE] = 'D', [SAH_PART_DATE] = 't',         [SAH_PART_READING_TIME] = 'M',
        [SAH_PART_SOURCE] = 's',   [SAH_PART_CAPTION] = 'C',      [SAH_PART_HEADING] = 'h',
        [SAH_PART_BODY] = 'B',     [SAH_PART_QUOTE] = 'q',        [SAH_PART_LIST_ITEM] = 'l',
        [SAH_PART_FIGURE] = 'g',   [SAH_PART_FRONT_MATTER] = 'F', [SAH_PART_REPEAT] = 'R',
        [SAH_PART_CHROME] = 'X',   [SAH_PART_SPACE] = ' ',
    };
    size_t k = 0;
    for (size_t i = 0; i < sah_article_n_parts(a) && k + 1 < size; i++) {
        sah_part_kind_t kind = sah_article_part(a, i)->kind;
        if (kind != SAH_PART_SPACE)
            buf[k++] = letters[kind];
    }
    buf[k] = 0;
}

static char *part_text(const sah_article_t *a, const sah_part_t *p)
{
    const char *t = sah_article_text(a, NULL);
    return strndup(t + p->start, p->end - p->start);
}

/* ---- the seed article ------------------------------------------------- */

/*
 * Expected values, verified by reading the file itself, not the parser:
 * `awk '{printf "%3d [%4d] %s\n", NR, length($0), $0}' seed-article-ar.txt`
 * lists its 100 lines with their byte lengths. The corpus README's 49
 * blank-line-separated paragraphs are: line 1 (headline); lines 3-6 (one
 * block: reading-time line, caption, the same caption again - `cmp` of lines
 * 4 and 5 is silent -, "دبي - الشرق"); 45 blocks on the even lines 8-96; line
 * 98 "اقرأ أيضاً:" and line 100 "تصنيفات" (page furniture, the file ends
 * without a newline). Of the 45, lines 14 22 34 44 52 60 70 82 are 27-61
 * bytes and end in a letter: the 8 section headings; the other 37 are
 * 244-847 bytes and all end with "." (checked with
 * `sed -n 'Np' | tail -c 4 | od -c` on each): 37 body paragraphs. Line 1 is
 * 103 bytes, so the headline is [0, 103). Line 3 reads "دقائق القراءة - 12".
 */
static const char *const seed_headings[] = {
    "\"تحدٍ غير متوقّع\" لبوتين",         /* line 14 */
    "قصة الدب والسنجاب",                /* 22 */
    "مساعدات كازاخية لكييف",            /* 34 */
    "كازاخستان والقومية الروسية",       /* 44 */
    "زيارات أميركية",                   /* 52 */
    "استقالة وزير خارجية قيرغيزستان",   /* 60 */
    "تنويع طرق التجارة",                /* 70 */
    "الاستفادة من المقاومة الأوكرانية", /* 82 */
};

static void test_seed(void)
{
    const char *root = getenv("SAHIFA_SOURCE_ROOT");
    char path[1024];
    snprintf(path, sizeof path, "%s/assets/articles/seed-article-ar.txt", root ? root : ".");
    sah_article_status_t st;
    sah_article_t *a = sah_article_load(path, &st);
    CHECK(a && st == SAH_ARTICLE_OK, "seed: expected to load, got status %d", st);
    if (!a)
        return;
    size_t len;
    sah_article_text(a, &len);
    CHECK(len == 17172, "seed: expected 17172 bytes, got %zu", len);
    check_coverage(a, "seed");

    const char *headline = "\"غزو أوكرانيا\" يقرّب حلفاء روسيا في آسيا الوسطى من واشنطن";
    const char *caption = "الرئيس الروسي فلاديمير بوتين يصافح نظيره الكازاخستاني قاسم جومارت "
                          "توكاييف في ضواحي سانت بطرسبرج - 28 ديسمبر 2021 - REUTERS";
    size_t n_head = 0, n_cap = 0, n_rep = 0, n_date = 0, n_body = 0, n_meta = 0, n_furn = 0;
    for (size_t i = 0; i < sah_article_n_parts(a); i++) {
        const sah_part_t *p = sah_article_part(a, i);
        char *t = part_text(a, p);
        switch (p->kind) {
        case SAH_PART_HEADLINE:
            n_head++;
            CHECK_STR(t, headline, "seed headline");
            CHECK(p->start == 0 && p->end == 103,
                  "seed headline: expected [0, 103), got [%zu, %zu)", p->start, p->end);
            break;
        case SAH_PART_CAPTION:
            n_cap++;
            CHECK_STR(t, caption, "seed caption");
            break;
        case SAH_PART_REPEAT:
            n_rep++;
            CHECK_STR(t, caption, "seed caption repeat");
            break;
        case SAH_PART_DATELINE:
            n_date++;
            CHECK_STR(t, "دبي - الشرق", "seed dateline");
            break;
        case SAH_PART_READING_TIME:
            n_meta++;
            CHECK_STR(t, "دقائق القراءة - 12",
                      "seed reading-time line, without the icon's alt text");
            break;
        case SAH_PART_HEADING: {
            size_t k = 0;
            for (size_t j = 0; j < i; j++)
                k += sah_article_part(a, j)->kind == SAH_PART_HEADING;
            CHECK(k < 8, "seed: more than 8 headings: \"%s\"", t);
            if (k < 8)
                CHECK_STR(t, seed_headings[k], "seed heading");
            break;
        }
        case SAH_PART_BODY:
            n_body++;
            break;
        case SAH_PART_CHROME:
            n_furn++;
            CHECK_STR(t, "اقرأ أيضاً:\n\nتصنيفات", "seed furniture");
            CHECK(p->end == len, "seed furniture: expected to end at %zu, got %zu", len, p->end);
            break;
        default:
            break;
        }
        free(t);
    }
    size_t n_heading = 0;
    for (size_t i = 0; i < sah_article_n_parts(a); i++)
        n_heading += sah_article_part(a, i)->kind == SAH_PART_HEADING;
    CHECK(n_head == 1 && n_cap == 1 && n_rep == 1 && n_date == 1 && n_meta == 1 && n_furn == 1,
          "seed: expected 1 headline, caption, repeat, dateline, meta, furniture; got %zu %zu %zu "
          "%zu %zu %zu",
          n_head, n_cap, n_rep, n_date, n_meta, n_furn);
    CHECK(n_heading == 8, "seed: expected 8 headings, got %zu", n_heading);
    CHECK(n_body == 37, "seed: expected 37 body paragraphs, got %zu", n_body);

    const sah_article_meta_t *m = sah_article_meta(a);
    CHECK_STR(m->title, headline, "seed title");
    CHECK_STR(m->source, "الشرق", "seed source");
    CHECK_STR(m->lang, "ar", "seed lang");
    CHECK_STR(m->dir, "rtl", "seed dir");
    CHECK(m->minutes == 12 && m->minutes_from_publisher,
          "seed: expected the publisher's 12 minutes, got %d (publisher %d)", m->minutes,
          m->minutes_from_publisher);
    /* `sed -n '1p;4p;6p;8,96p' | wc -w` counts 1474 space-separated tokens
     * in the shown lines; 3 of them are lone dashes (" - " twice in the
     * caption, once in the dateline), which are not words. */
    CHECK(m->words == 1471, "seed: expected 1471 words, got %zu", m->words);
    CHECK(m->encoding == SAH_ENCODING_UTF8, "seed: expected UTF-8");
    CHECK(m->hash && strlen(m->hash) == 64, "seed: expected a 64-digit hash");
    sah_article_free(a);
}

/* ---- data-driven cases ------------------------------------------------ */

/* Parts signature letters: H headline, C caption, R its repeat, D dateline,
 * h heading, B body, F front matter, M reading-time line, t date, X chrome. */
typedef struct {
    const char *input;
    const char *parts;
    const char *title, *source, *date, *lang, *dir;
    int minutes;    /* 0: do not check */
    bool publisher; /* minutes_from_publisher, checked with minutes */
    size_t n_tags;
} case_t;

static const case_t cases[] = {
    {"Title\n\nA body paragraph.", "HB", "Title", NULL, NULL, NULL, "ltr", 1, false, 0},
    {"---\ntitle: T\nsource: S\ndate: 2024-01-02\nlang: ar\ndir: rtl\nauthor: A\nsummary: Sm\n"
     "tags: a, b\xD8\x8C c\n---\nT\n\nbody.",
     "FHB", "T", "S", "2024-01-02", "ar", "rtl", 0, false, 3},
    /* A title that differs from the first line: that line is not the
     * headline (here a heading, as body follows). */
    {"---\ntitle: Other\n---\nShort line\n\nA body paragraph, long enough.\n", "FBB", "Other", NULL,
     NULL, NULL, "ltr", 0, false, 0},
    {"---\ndate: 2024-13-01\nlang: not a tag\ndir: up\n---\nX\n\nbody.", "FHB", "X", NULL, NULL,
     NULL, "ltr", 0, false, 0},
    {"---\ndate: 2024-06-01T10:30:00+03:00\n---\nX\n\nbody.", "FHB", "X", NULL,
     "2024-06-01T10:30:00+03:00", NULL, "ltr", 0, false, 0},
    {"---\ndate: 2024-06-01T10:30Z\ntags: [x, y]\nunknown: ignored\n# comment\n---\nX\n\nbody.",
     "FHB", "X", NULL, "2024-06-01T10:30Z", NULL, "ltr", 0, false, 2},
    {"---\ntitle: \"Quoted: yes\"\nreading_time: 7\n...\nX\n\nbody.", "FBB", "Quoted: yes", NULL,
     NULL, NULL, "ltr", 7, true, 0},
    /* Not closed: read as text; the rule is chrome (no letters), and with
     * no headline the page is named by a lead. */
    {"---\ntitle: T\n\nno close here.", "XBB", "title: T", NULL, NULL, NULL, "ltr", 0, false, 0},
    /* dir from front matter beats the script; lang beats detection. */
    {"---\ndir: ltr\nlang: fa\n---\nعنوان\n\nنص المقال.", "FHB", "عنوان", NULL, NULL, "fa", "ltr",
     0, false, 0},
    {"T\r\n\r\nBody one.\r\nBody two.\r\n", "HBB", "T", NULL, NULL, NULL, "ltr", 0, false, 0},
    {"\xEF\xBB\xBFT\n\nbody.", "HB", "T", NULL, NULL, NULL, "ltr", 0, false, 0},
    {"H\nCap line\nCap line\nCap line\nCity - Src\n\nbody.", "HCRRDB", "H", "Src", NULL, NULL,
     "ltr", 0, false, 0},
    /* A dateline has no digits: a month and a day make this a date. */
    {"H\nLondon 28 June - Reuters\n\nbody.", "HtB", "H", NULL, NULL, NULL, "ltr", 0, false, 0},
    /* A "read also" line is chrome; a sentence after it is the article's. */
    {"H\n\nbody.\n\nRead also:\n\nmore body text here.\n", "HBXB", "H", NULL, NULL, NULL, "ltr", 0,
     false, 0},
    {"H\n\nbody.\n\nRead also:\n\nSome other headline\n\nTags\n\nx", "HBX", "H", NULL, NULL, NULL,
     "ltr", 0, false, 0},
    {"عنوان\n\nبعض النص.\n\nإقرأ أيضا\n\nتصنيفات", "HBX", "عنوان", NULL, NULL, "ar", "rtl", 0,
     false, 0},
    /* A heading needs body after it. */
    {"H\n\nbody.\n\nShort end", "HBB", "H", NULL, NULL, NULL, "ltr", 0, false, 0},
    {"H\n\nbody.\n\nOne\n\nTwo\n\nbody again.", "HBhhB", "H", NULL, NULL, NULL, "ltr", 0, false, 0},
    /* Final punctuation, also inside closing quotes, makes a paragraph. */
    {"عنوان\n\nنص.\n\nقال: \"انتهى.\"\n\nنص.", "HBBB", "عنوان", NULL, NULL, "ar", "rtl", 0, false,
     0},
    {"عنوان\n\nنص.\n\nماذا بعد؟\n\nنص.", "HBBB", "عنوان", NULL, NULL, "ar", "rtl", 0, false, 0},
    /* Reading time: Arabic-Indic digits, the alt text alone, English. */
    {"A headline\nدقائق القراءة - ١٢\n\nThe body of it.", "HMB", "A headline", NULL, NULL, NULL,
     "ltr", 12, true, 0},
    {"H\ntime reading icon\n\nbody.", "HXB", "H", NULL, NULL, NULL, "ltr", 1, false, 0},
    {"H\n5 min read\n\nbody.", "HMB", "H", NULL, NULL, NULL, "ltr", 5, true, 0},
    /* The reading-time line first: it is not the headline; the page is
     * named by a lead. */
    {"دقائق القراءة - 3\n\nbody.", "MB", "body.", NULL, NULL, NULL, "ltr", 3, true, 0},
    /* Front matter reading time beats the text's. */
    {"---\nreading_time: 4\n---\nA headline\nدقائق القراءة - 9\n\nThe body of it.", "FHMB",
     "A headline", NULL, NULL, NULL, "ltr", 4, true, 0},
    {"  H  \n\n\tbody.\xC2\xA0\n", "HB", "H", NULL, NULL, NULL, "ltr", 0, false, 0},
};

static void test_cases(void)
{
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const case_t *c = &cases[i];
        char what[64], sig[64];
        snprintf(what, sizeof what, "case %zu", i);
        sah_article_status_t st;
        sah_article_t *a = sah_article_new_from_bytes(what, c->input, strlen(c->input), &st);
        CHECK(a != NULL, "case %zu: expected to parse, got status %d; input: %s", i, st, c->input);
        if (!a)
            continue;
        check_coverage(a, what);
        signature(a, sig, sizeof sig);
        CHECK(strcmp(sig, c->parts) == 0, "case %zu: expected parts %s, got %s; input: %s", i,
              c->parts, sig, c->input);
        const sah_article_meta_t *m = sah_article_meta(a);
        CHECK_STR(m->title, c->title, what);
        CHECK_STR(m->source, c->source, what);
        CHECK_STR(m->date, c->date, what);
        CHECK_STR(m->lang, c->lang, what);
        CHECK_STR(m->dir, c->dir, what);
        if (c->minutes)
            CHECK(m->minutes == c->minutes && m->minutes_from_publisher == c->publisher,
                  "case %zu: expected %d min (publisher %d), got %d (%d)", i, c->minutes,
                  c->publisher, m->minutes, m->minutes_from_publisher);
        CHECK(m->n_tags == c->n_tags, "case %zu: expected %zu tags, got %zu", i, c->n_tags,
              m->n_tags);
        sah_article_free(a);
    }
}

static void test_tags_and_fields(void)
{
    const char *in = "---\nauthor: Ali\nsummary: Short.\ntags: a, b\xD8\x8C  c ,\n---\nT\n\nx.";
    sah_article_t *a = sah_article_new_from_bytes("tags", in, strlen(in), NULL);
    CHECK(a != NULL, "tags: expected to parse");
    if (!a)
        return;
    const sah_article_meta_t *m = sah_article_meta(a);
    CHECK(m->n_tags == 3, "tags: expected 3, got %zu", m->n_tags);
    if (m->n_tags == 3) {
        CHECK_STR(m->tags[0], "a", "tag 0");
        CHECK_STR(m->tags[1], "b", "tag 1");
        CHECK_STR(m->tags[2], "c", "tag 2");
    }
    CHECK_STR(m->author, "Ali", "author");
    CHECK_STR(m->summary, "Short.", "summary");
    sah_article_free(a);
}

/* Computed reading time: words / rate, rounded up (IReST rates). */
static void test_reading_time(void)
{
    static const struct {
        const char *word;
        size_t n;
        int minutes;
    } rt[] = {
        {"كلمة ", 138, 1}, /* 138 + the 1-word headline = 139 words: 2 min at 138 wpm */
        {"كلمة ", 137, 1}, /* 138 words: 1 min */
        {"word ", 227, 1}, /* 228 words at 228 wpm: 1 min */
        {"word ", 228, 2},
    };
    for (size_t i = 0; i < sizeof rt / sizeof *rt; i++) {
        size_t wl = strlen(rt[i].word), n = 0;
        char *buf = malloc(16 + wl * rt[i].n);
        n += (size_t)sprintf(buf, "%s\n\n", i < 2 ? "عنوان" : "Title");
        for (size_t k = 0; k < rt[i].n; k++, n += wl)
            memcpy(buf + n, rt[i].word, wl);
        buf[n++] = '.';
        sah_article_t *a = sah_article_new_from_bytes("rt", buf, n, NULL);
        int want = i == 0 ? 2 : rt[i].minutes;
        CHECK(a && sah_article_meta(a)->minutes == want &&
                  !sah_article_meta(a)->minutes_from_publisher,
              "reading time %zu: expected %d min for %zu words, got %d (%zu words)", i, want,
              rt[i].n + 1, a ? sah_article_meta(a)->minutes : -1,
              a ? sah_article_meta(a)->words : 0);
        sah_article_free(a);
        free(buf);
    }
}

/* ---- identity --------------------------------------------------------- */

static void test_identity(void)
{
    char h1[65], h2[65], h3[65];
    /* Normalisation: CR LF, trailing spaces, blank-line runs, a BOM, the
     * final newline do not change the identity; a letter does. */
    const char *a = "Title\n\nFirst paragraph.\nSecond.";
    const char *b = "\xEF\xBB\xBF  Title  \r\n\r\n\r\n\r\nFirst paragraph.\t\r\nSecond.\r\n\r\n";
    const char *c = "Title\n\nFirst paragraph.\nSecond!";
    CHECK(sah_article_identity(a, strlen(a), h1) && sah_article_identity(b, strlen(b), h2) &&
              sah_article_identity(c, strlen(c), h3),
          "identity: expected to hash");
    CHECK(strcmp(h1, h2) == 0, "identity: expected equal for re-saved text, got %s and %s", h1, h2);
    CHECK(strcmp(h1, h3) != 0, "identity: expected different for a changed letter");
    /* The normalised text of @a is "Title\nFirst paragraph.\nSecond."; its
     * SHA-256 from coreutils: printf 'Title\nFirst paragraph.\nSecond.' | sha256sum */
    CHECK_STR(h1, "e4b2508097d990825d5bca1c026ac827f723231c3fe74001a152209cb4ec2e64",
              "identity of a");

    /* The content key hashes what the identity does: equal for a and b
     * (and for b read lazily, its identity not computed), unequal for c;
     * XXH3-128 of "Title\nFirst paragraph.\nSecond." (libxxhash). */
    {
        char k[3][65];
        const char *t[3] = {a, b, c};
        for (int i = 0; i < 3; i++) {
            sah_article_t *y = sah_article_new_from_bytes("key", t[i], strlen(t[i]), NULL);
            CHECK(y && sah_article_content_key(y, k[i]), "content key: expected one for text %d",
                  i);
            sah_article_free(y);
        }
        CHECK_STR(k[0], "f01dba9c0f49c63231bbc754a72833af", "content key of a");
        CHECK(strcmp(k[0], k[1]) == 0, "content key: expected equal for re-saved text");
        CHECK(strcmp(k[0], k[2]) != 0, "content key: expected different for a changed letter");
        /* Read lazily (as the library lists a file), the key is made from
         * the parse's lines: the same as from the text, with a BOM, front
         * matter (and a BOM after it), a reading-time line whose shown part
         * starts after its icon's alt text. */
        const char *lazy[] = {
            a,
            b,
            "---\ntitle: T\n---\nTitle\n\nFirst paragraph.\nSecond.",
            "---\ntitle: T\n---\n\xEF\xBB\xBFTitle\n\nFirst paragraph.\nSecond.",
            "Title\n\ntime reading icon 3 min read\n\nFirst paragraph, longer than a title "
            "and ending in a full stop.\nSecond.",
        };
        for (size_t i = 0; i < sizeof lazy / sizeof *lazy; i++) {
            char path[300], whole[65], part[65];
            snprintf(path, sizeof path, "%s/lazy-%zu.txt", tmpdir, i);
            FILE *f = fopen(path, "wb");
            CHECK(f && fputs(lazy[i], f) >= 0 && fclose(f) == 0, "content key: cannot write %s",
                  path);
            sah_article_t *w = sah_article_new_from_bytes("key", lazy[i], strlen(lazy[i]), NULL);
            sah_article_t *l = sah_article_load_in_lazy(AT_FDCWD, path, path, NULL);
            CHECK(w && l && sah_article_content_key(w, whole) && sah_article_content_key(l, part) &&
                      strcmp(whole, part) == 0,
                  "content key of text %zu: expected the lazy parse's %s equal to %s", i,
                  l ? part : "-", w ? whole : "-");
            if (i < 3)
                CHECK_STR(part, k[0], "content key of a lazily read copy");
            sah_article_free(w);
            sah_article_free(l);
        }
    }

    /* Front matter is not part of the identity: adding metadata keeps it. */
    const char *fm = "---\ntitle: Title\n---\nTitle\n\nFirst paragraph.\nSecond.";
    sah_article_t *x = sah_article_new_from_bytes("fm", fm, strlen(fm), NULL);
    CHECK(x && strcmp(sah_article_meta(x)->hash, h1) == 0,
          "identity: expected front matter to be left out, got %s",
          x ? sah_article_meta(x)->hash : "-");
    sah_article_free(x);
}

/* ---- bad input -------------------------------------------------------- */

static void expect_failure(const char *path, sah_article_status_t want, const char *what)
{
    sah_article_status_t st;
    t_capture_begin(tmpdir);
    sah_article_t *a = sah_article_load(path, &st);
    const char *log = t_capture_end();
    CHECK(!a && st == want, "%s: expected status %d (%s), got %d", what, want,
          sah_article_status_string(want), st);
    CHECK(one_line_naming(log, path), "%s: expected one line naming %s, got \"%s\"", what, path,
          log);
    sah_article_free(a);
}

static void test_bad_input(void)
{
    /* "مرحبا بالعالم." in Windows-1256 (iconv -t CP1256), then the same in UTF-8. */
    static const char cp1256[] = "\xE3\xD1\xCD\xC8\xC7 \xC8\xC7\xE1\xDA\xC7\xE1\xE3.";
    static const char utf8[] = "مرحبا بالعالم.";
    char *path = tmp_file("cp1256.txt", cp1256, sizeof cp1256 - 1);
    t_capture_begin(tmpdir);
    sah_article_t *a = sah_article_load(path, NULL);
    const char *log = t_capture_end();
    CHECK(a && sah_article_meta(a)->encoding == SAH_ENCODING_CP1256, "cp1256: expected converted");
    CHECK(log[0] == 0, "cp1256: expected no message (the listing shows it), got \"%s\"", log);
    if (a) {
        size_t len;
        const char *t = sah_article_text(a, &len);
        CHECK(len == strlen(utf8) && memcmp(t, utf8, len) == 0,
              "cp1256: expected the text as UTF-8 \"%s\", got \"%.*s\"", utf8, (int)len, t);
        check_coverage(a, "cp1256");
        sah_article_t *b = sah_article_new_from_bytes("utf8", utf8, strlen(utf8), NULL);
        CHECK(b && strcmp(sah_article_meta(a)->hash, sah_article_meta(b)->hash) == 0,
              "cp1256: expected the same identity as the UTF-8 copy");
        sah_article_free(b);
    }
    sah_article_free(a);

    static const char latin1[] = "caf\xe9 cr\xe8me br\xfbl\xe9\x65.";
    expect_failure(tmp_file("latin1.txt", latin1, sizeof latin1 - 1), SAH_ARTICLE_ERR_ENCODING,
                   "Latin-1");
    static const char elf[] = "\x7f"
                              "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0>\0";
    expect_failure(tmp_file("program.txt", elf, sizeof elf - 1), SAH_ARTICLE_ERR_BINARY, "binary");
    static const char ctl[] = "\x1b\x01\x02\x03\x04\x05 abc";
    expect_failure(tmp_file("controls.txt", ctl, sizeof ctl - 1), SAH_ARTICLE_ERR_BINARY,
                   "controls");
    /* The 1% bound, exact at every alignment: 10 stray controls (and DEL)
     * in 1,000 bytes are text, 11 are not; tabs, line and page breaks are
     * never counted. */
    for (int k = 10; k <= 11; k++) {
        char buf[1000];
        static const char fill[] = "Title words\tand\n\r\f";
        static const char strays[] = {'\x01', '\x7F', '\x1B', '\x1F', '\b'};
        for (size_t i = 0; i < sizeof buf; i++)
            buf[i] = fill[i % (sizeof fill - 1)];
        for (int j = 0; j < k; j++)
            buf[37 * j + 3 + j % 8] = strays[j % 5];
        sah_article_status_t st;
        t_capture_begin(tmpdir);
        sah_article_t *x = sah_article_new_from_bytes("strays", buf, sizeof buf, &st);
        (void)t_capture_end();
        CHECK(k == 10 ? x != NULL : st == SAH_ARTICLE_ERR_BINARY,
              "%d stray controls in 1,000 bytes: expected %s, got status %d", k,
              k == 10 ? "text" : "binary", (int)st);
        sah_article_free(x);
    }
    static const char u16[] = "\xFF\xFE"
                              "a\0b\0";
    expect_failure(tmp_file("utf16.txt", u16, sizeof u16 - 1), SAH_ARTICLE_ERR_ENCODING, "UTF-16");
    expect_failure(tmp_file("empty.txt", "", 0), SAH_ARTICLE_ERR_EMPTY, "empty");
    expect_failure(tmp_file("blank.txt", " \n\n\t\n", 5), SAH_ARTICLE_ERR_EMPTY, "blank");
    expect_failure(tmp_file("only-fm.txt", "---\ntitle: x\n---\n", 17), SAH_ARTICLE_ERR_EMPTY,
                   "front matter only");

    /* Over 8 MB: a sparse file, refused from its size before any read. */
    path = tmp_file("huge.txt", "x", 1);
    CHECK(truncate(path, SAH_ARTICLE_MAX_BYTES + 1) == 0, "huge: truncate");
    expect_failure(path, SAH_ARTICLE_ERR_TOO_LARGE, "over 8 MB");
    /* Exactly 8 MB of text is still an article. */
    char *big = malloc(SAH_ARTICLE_MAX_BYTES);
    for (size_t i = 0; i < SAH_ARTICLE_MAX_BYTES; i++)
        big[i] = i % 64 == 63 ? '\n' : 'a';
    a = sah_article_new_from_bytes("8mb", big, SAH_ARTICLE_MAX_BYTES, NULL);
    CHECK(a != NULL, "8 MB: expected to parse");
    sah_article_free(a);
    free(big);

    char missing[600];
    snprintf(missing, sizeof missing, "%s/missing.txt", tmpdir);
    expect_failure(missing, SAH_ARTICLE_ERR_IO, "missing");
    char dir[600];
    snprintf(dir, sizeof dir, "%s/folder.txt", tmpdir);
    mkdir(dir, 0700);
    expect_failure(dir, SAH_ARTICLE_ERR_IO, "a folder named .txt");
    /* chmod 000 does not stop root (CAP_DAC_OVERRIDE): then the folder and
     * missing-file cases above stand in for "cannot open". */
    path = tmp_file("unreadable.txt", "x\n", 2);
    chmod(path, 0);
    if (geteuid() != 0)
        expect_failure(path, SAH_ARTICLE_ERR_IO, "unreadable");
    else
        printf("SKIP unreadable file: running as root, which reads mode 000 files\n");

    CHECK(sah_article_new_from_bytes("null", "", 0, NULL) == NULL, "empty bytes: expected NULL");
    sah_article_free(NULL);
}

int main(void)
{
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 99;
    }
    test_seed();
    CHECK(sah_chrome_vocab_is_normalised(),
          "chrome vocabulary: expected every entry written as its key (arnorm.h)");
    test_cases();
    test_tags_and_fields();
    test_reading_time();
    test_identity();
    test_bad_input();
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        printf("note: could not remove %s\n", tmpdir);
    printf("%d passed, %d failed\n", t_checks - t_failures, t_failures);
    return t_failures ? 1 : 0;
}
