/* article.c - see article.h and docs/article-format.md. */
#define _GNU_SOURCE /* memmem() */
#include "app/content/article.h"

#include "app/content/article-build.h"
#include "app/content/classify.h"
#include "app/content/figure.h"
#include "app/content/hash.h"
#include "app/content/sitelines.h"
#include "app/content/toc.h"
#include "app/content/webarticle.h"
#include "platform/isodate.h"
#include "platform/log.h"
#include "platform/readfile.h"
#include "render/text/bidi.h"
#include "render/text/utf8.h"

#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* A page without a headline is named by a lead cut from its first
 * paragraph: its first sentence when that has LEAD_MIN_CHARS.. code points,
 * else its words up to LEAD_MAX_CHARS (a headline's length). */
#define LEAD_MAX_CHARS 120
#define LEAD_MIN_CHARS 30
/* A front matter block longer than this is not one: an article that happens
 * to start with a "---" rule must not lose its text to a missing close. */
#define FRONT_MATTER_MAX_LINES 100

/* Where an identity stands: the lines of the text from pos on are still to
 * be added; [cur, cur_e) is the rest of the line being added (a line of
 * megabytes is added a slice at a time). */
typedef struct {
    sah_hash_t *h;
    size_t pos, cur, cur_e;
    bool first;
} id_state_t;

struct sah_article {
    char *text;
    size_t len;
    sah_part_t *parts;
    size_t n_parts, cap_parts;
    sah_article_meta_t meta;
    char *title, *source, *date, *lang, *author, *summary;
    char **tags;
    char hash[SAH_HASH_HEX_SIZE];
    sah_figure_t *figures;
    size_t n_figures;
    /* Text to source, for an article whose text is not its file (a web
     * page); NULL for a text article, whose source is its text. */
    sah_offset_point_t *map;
    size_t n_map, source_len;
    sah_toc_t *toc; /* its own contents (an EPUB's), nullable */
    /* The identity still to compute (sah_article_identity_step()); h NULL
     * once hash[] holds it. */
    id_state_t id;
    /* A head (sah_article_load_head()): the parse of the file's first
     * lines only; whole_len is the file's length, which its places range
     * over. Its identity is the whole file's, never the head's: unknown
     * until given (sah_article_set_identity()). */
    bool partial, id_given;
    size_t whole_len;
    /* A text article's identity is of its lines from id_from on (after the
     * front matter); false for one whose identity was given (a web page's,
     * an EPUB article's). */
    bool id_lines;
    size_t id_from;
    /* The content key, when the parse made it from its lines ("" when
     * not): sah_article_content_key(). */
    char key[SAH_FASTHASH_HEX_SIZE];
};

/* What the front matter said, unchecked; the strings are its own until
 * apply_front() moves the valid ones into the article. */
typedef struct {
    bool present;
    size_t end; /* byte after the closing line */
    char *title, *source, *date, *lang, *dir, *author, *summary, *tags, *minutes;
    char *photo, *photo_alt;
} front_t;

/* ---- small helpers ---------------------------------------------------- */

/* The one line a failure gets, "sahifa: NAME: what", written in one call
 * so that lines from two threads never interleave; the name and the quoted
 * text come from the file, so sah_log() escapes their control characters. */
__attribute__((format(printf, 2, 3))) static void log_file(const char *name, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (name) /* none: a head's parse, the whole one says it */
        sah_log("%s: %s", name, msg);
}

static void too_large(const char *name, uintmax_t n)
{
    log_file(name, "too large (%ju bytes; the limit is %zu)", n, SAH_ARTICLE_MAX_BYTES);
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\f' || c == '\v';
}

/* ---- front matter ----------------------------------------------------- */

/* The line at @pos: content [pos, *end), the next line at *next. LF, CR LF
 * and CR all end a line, as in sah_utf8's text mode. */
static void line_at(const char *t, size_t len, size_t pos, size_t *end, size_t *next)
{
    /* memchr: a long line costs a fraction of an instruction a byte. */
    const char *lf = memchr(t + pos, '\n', len - pos);
    size_t e = lf ? (size_t)(lf - t) : len;
    const char *cr = memchr(t + pos, '\r', e - pos);
    if (cr)
        e = (size_t)(cr - t);
    *end = e;
    if (e < len && t[e] == '\r' && e + 1 < len && t[e + 1] == '\n')
        *next = e + 2;
    else
        *next = e < len ? e + 1 : len;
}

/* Trims spaces, tabs and no-break spaces (U+00A0, which scraped pages leave
 * at paragraph ends) from both ends of [*s, *e). */
static void trim(const char *t, size_t *s, size_t *e)
{
    for (;;) {
        if (*s < *e && is_blank(t[*s]))
            (*s)++;
        else if (*e - *s >= 2 && t[*s] == '\xC2' && t[*s + 1] == '\xA0')
            *s += 2;
        else
            break;
    }
    for (;;) {
        if (*e > *s && is_blank(t[*e - 1]))
            (*e)--;
        else if (*e - *s >= 2 && t[*e - 2] == '\xC2' && t[*e - 1] == '\xA0')
            *e -= 2;
        else
            break;
    }
}

static bool is_fence(const char *t, size_t s, size_t e, const char *fence)
{
    trim(t, &s, &e);
    return e - s == 3 && memcmp(t + s, fence, 3) == 0;
}

static bool digits(const char *s, int n)
{
    for (int i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

/* BCP 47 shape: a 2-3 letter language, then subtags of 1-8 alphanumerics. */
static bool bcp47(const char *s)
{
    size_t k = 0;
    while ((s[k] | 32) >= 'a' && (s[k] | 32) <= 'z')
        k++;
    if (k < 2 || k > 3)
        return false;
    while (s[k] == '-') {
        size_t j = ++k;
        while ((s[k] >= '0' && s[k] <= '9') || ((s[k] | 32) >= 'a' && (s[k] | 32) <= 'z'))
            k++;
        if (k == j || k - j > 8)
            return false;
    }
    return s[k] == 0;
}

static void front_clear(front_t *fm)
{
    char **f[] = {&fm->title,   &fm->source, &fm->date,    &fm->lang,  &fm->dir,      &fm->author,
                  &fm->summary, &fm->tags,   &fm->minutes, &fm->photo, &fm->photo_alt};
    for (size_t i = 0; i < sizeof f / sizeof *f; i++) {
        char **slot = f[i];
        free(*slot);
        *slot = NULL;
    }
}

static char **front_field(front_t *fm, const char *key, size_t n)
{
    static const char *const names[] = {"title",        "source", "date",     "lang",
                                        "dir",          "author", "summary",  "tags",
                                        "reading_time", "photo",  "photo_alt"};
    char **f[] = {&fm->title,   &fm->source, &fm->date,    &fm->lang,  &fm->dir,      &fm->author,
                  &fm->summary, &fm->tags,   &fm->minutes, &fm->photo, &fm->photo_alt};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strlen(names[i]) == n && strncasecmp(key, names[i], n) == 0)
            return f[i];
    return NULL;
}

/* Reads a front matter block starting at @pos. Returns false only when out
 * of memory; fm->present says whether there was one. */
static bool front_parse(const char *name, const char *t, size_t len, size_t pos, front_t *fm)
{
    size_t e, next, line = 1;
    line_at(t, len, pos, &e, &next);
    if (!is_fence(t, pos, e, "---"))
        return true;
    size_t first = next;
    /* Find the close first, so that an unclosed block costs nothing. */
    for (pos = first;; pos = next, line++) {
        if (pos >= len || line > FRONT_MATTER_MAX_LINES) {
            log_file(name, "%s", "front matter \"---\" is not closed, read as text");
            return true;
        }
        line_at(t, len, pos, &e, &next);
        if (is_fence(t, pos, e, "---") || is_fence(t, pos, e, "..."))
            break;
    }
    fm->present = true;
    fm->end = next;
    size_t close = pos;
    line = 2;
    for (pos = first; pos < close; pos = next, line++) {
        line_at(t, len, pos, &e, &next);
        size_t s = pos;
        trim(t, &s, &e);
        if (s == e || t[s] == '#')
            continue;
        const char *colon = memchr(t + s, ':', e - s);
        if (!colon) {
            log_file(name, "front matter line %zu is not \"key: value\", ignored", line);
            continue;
        }
        size_t ks = s, ke = (size_t)(colon - t), vs = ke + 1, ve = e;
        trim(t, &ks, &ke);
        trim(t, &vs, &ve);
        if (ve - vs >= 2 && (t[vs] == '"' || t[vs] == '\'') && t[ve - 1] == t[vs])
            vs++, ve--;
        char **field = front_field(fm, t + ks, ke - ks);
        if (!field)
            continue; /* unknown keys are for newer readers: not an error */
        free(*field);
        *field = strndup(t + vs, ve - vs);
        if (!*field)
            return false;
    }
    return true;
}

/* ---- bytes to UTF-8 text ---------------------------------------------- */

/* Windows-1256 through glibc's iconv. Every byte has a character in CP1256,
 * so "decodes cleanly" alone would accept any Latin-1 file or random bytes
 * as Arabic; we also ask that Arabic-block characters (lead bytes D8..DB)
 * be at least half of the non-ASCII characters produced. */
static sah_article_status_t from_cp1256(const char *b, size_t n, char **out, size_t *out_len)
{
    sah_article_status_t st = SAH_ARTICLE_ERR_ENCODING;
    iconv_t cd = iconv_open("UTF-8", "CP1256");
    char *buf = NULL;
    if (cd == (iconv_t)-1)
        return st;
    size_t cap = 3 * n + 1, in_left = n, out_left = cap;
    buf = malloc(cap);
    if (!buf) {
        st = SAH_ARTICLE_ERR_NOMEM;
        goto out;
    }
    char *in = (char *)b, *o = buf;
    if (iconv(cd, &in, &in_left, &o, &out_left) == (size_t)-1)
        goto out;
    size_t len = (size_t)(o - buf), arabic = 0, other = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)buf[i];
        if (c >= 0xD8 && c <= 0xDB)
            arabic++;
        else if (c >= 0xC0)
            other++;
    }
    if (arabic == 0 || arabic < other)
        goto out;
    buf[len] = 0;
    *out = buf;
    *out_len = len;
    buf = NULL;
    st = SAH_ARTICLE_OK;
out:
    free(buf);
    iconv_close(cd);
    return st;
}

/* Whether byte @c is a control character that text does not have (a tab,
 * a line or page break is text). */
static bool stray_control(unsigned char c)
{
    return (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') || c == 0x7F;
}

/* The stray control characters of @b: sixteen bytes at a time, looked at
 * one by one only when they have a byte below 0x20 or a DEL (a line break:
 * one in ten of an article). GCC's -O2 does not vectorise the byte
 * loop, which cost 13 instructions a byte: 0.23 M of a 17 KB article's
 * listing, where this costs about a sixth of it. */
static size_t count_controls(const char *b, size_t n)
{
    const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
    size_t controls = 0, i = 0;
    for (; i + 16 <= n; i += 16) {
        uint64_t w, v;
        memcpy(&w, b + i, 8);
        memcpy(&v, b + i + 8, 8);
        /* A byte below 0x20, or equal to 0x7F (w ^ 0x7F.. has a zero):
         * the usual "has less than" test, exact as a yes or no; two words
         * a turn. */
        uint64_t dw = w ^ (0x7F * ones), dv = v ^ (0x7F * ones);
        if (!((((w - 0x20 * ones) & ~w) | ((dw - ones) & ~dw) | ((v - 0x20 * ones) & ~v) |
               ((dv - ones) & ~dv)) &
              high))
            continue;
        for (size_t k = 0; k < 16; k++)
            controls += stray_control((unsigned char)b[i + k]);
    }
    for (; i < n; i++)
        controls += stray_control((unsigned char)b[i]);
    return controls;
}

/* The text of the @n bytes @b. @own: (nullable) (inout): @b itself when
 * the caller hands it over (NUL-terminated, from malloc()): UTF-8 is then
 * taken as it is, not copied, and *@own set to NULL. */
static sah_article_status_t decode(const char *name, const char *b, size_t n, char **own,
                                   char **out, size_t *out_len, sah_encoding_t *enc)
{
    if (n == 0) {
        log_file(name, "%s", "empty file");
        return SAH_ARTICLE_ERR_EMPTY;
    }
    if (n > SAH_ARTICLE_MAX_BYTES) {
        too_large(name, n);
        return SAH_ARTICLE_ERR_TOO_LARGE;
    }
    if (n >= 2 && ((b[0] == '\xFF' && b[1] == '\xFE') || (b[0] == '\xFE' && b[1] == '\xFF'))) {
        log_file(name, "%s", "UTF-16 text: save it as UTF-8");
        return SAH_ARTICLE_ERR_ENCODING;
    }
    const char *nul = memchr(b, 0, n);
    if (nul) {
        log_file(name, "binary data, not text (a NUL byte at offset %zu)", (size_t)(nul - b));
        return SAH_ARTICLE_ERR_BINARY;
    }
    size_t controls = count_controls(b, n);
    /* Old DOS files end with ^Z and logs carry escapes: a few stray controls
     * are text; more than 1% is a binary format. */
    if (controls * 100 > n) {
        log_file(name, "%s", "binary data, not text (control characters)");
        return SAH_ARTICLE_ERR_BINARY;
    }
    if (sah_utf8_valid(b, n)) {
        if (own && *own) {
            *out = *own;
            *own = NULL;
        } else if ((*out = malloc(n + 1))) {
            memcpy(*out, b, n);
            (*out)[n] = 0;
        } else {
            return SAH_ARTICLE_ERR_NOMEM;
        }
        *out_len = n;
        *enc = SAH_ENCODING_UTF8;
        return SAH_ARTICLE_OK;
    }
    sah_article_status_t st = from_cp1256(b, n, out, out_len);
    /* A successful conversion is not logged: the listing shows the encoding. */
    if (st == SAH_ARTICLE_OK)
        *enc = SAH_ENCODING_CP1256;
    else if (st == SAH_ARTICLE_ERR_ENCODING) {
        log_file(name, "%s", "neither UTF-8 nor Windows-1256 text");
    }
    return st;
}

/* ---- structure -------------------------------------------------------- */

static bool push_part(sah_article_t *a, sah_part_kind_t kind, size_t s, size_t e)
{
    if (s >= e)
        return true;
    if (a->n_parts == a->cap_parts) {
        size_t cap = a->cap_parts ? 2 * a->cap_parts : 64;
        sah_part_t *p = realloc(a->parts, cap * sizeof *p);
        if (!p)
            return false;
        a->parts = p;
        a->cap_parts = cap;
    }
    a->parts[a->n_parts++] = (sah_part_t){kind, s, e, false}; /* rtl: set_directions() */
    return true;
}

/* The non-blank lines from @pos on, trimmed. */
static bool split_lines(const char *t, size_t len, size_t pos, sah_line_t **out, size_t *m)
{
    size_t cap = 64, n = 0, e, next;
    sah_line_t *lines = malloc(cap * sizeof *lines);
    if (!lines)
        return false;
    /* Most texts have no CR: their lines end at LF alone, one memchr()
     * a line rather than two. */
    bool cr = memchr(t + pos, '\r', len - pos) != NULL;
    for (; pos < len; pos = next) {
        if (cr) {
            line_at(t, len, pos, &e, &next);
        } else {
            const char *lf = memchr(t + pos, '\n', len - pos);
            e = lf ? (size_t)(lf - t) : len;
            next = e < len ? e + 1 : len;
        }
        size_t s = pos;
        trim(t, &s, &e);
        if (s == e)
            continue;
        if (n == cap) {
            sah_line_t *r = realloc(lines, 2 * cap * sizeof *r);
            if (!r) {
                free(lines);
                return false;
            }
            lines = r;
            cap *= 2;
        }
        lines[n++] = (sah_line_t){.s = s, .e = e};
    }
    *out = lines;
    *m = n;
    return true;
}

/* ---- metadata --------------------------------------------------------- */

/* Whether part @p is read for the reading time: the small print is not. */
static bool is_read(const sah_part_t *p)
{
    return sah_part_kind_is_shown(p->kind) && p->kind != SAH_PART_BYLINE &&
           p->kind != SAH_PART_DATE && p->kind != SAH_PART_READING_TIME &&
           p->kind != SAH_PART_SOURCE;
}

/* Words, Arabic letters and Latin letters of the shown parts. A part that
 * is one of the @m lines @L takes the count sah_classify() made in its walk
 * of the line (sah_shape_read()); any other (a headline without its " |
 * Site", a draft's) is walked here. */
static void count_text(const sah_article_t *a, const sah_line_t *L, size_t m, size_t *words,
                       size_t *arabic, size_t *latin)
{
    *words = *arabic = *latin = 0;
    size_t j = 0;
    for (size_t i = 0; i < a->n_parts; i++) {
        const sah_part_t *p = &a->parts[i];
        if (!is_read(p))
            continue;
        while (j < m && L[j].s < p->start)
            j++;
        sah_reading_t r;
        if (j < m && L[j].s == p->start && L[j].e == p->end) {
            r = L[j].read;
        } else {
            sah_shape_t sh;
            sah_shape_read(a->text + p->start, p->end - p->start, &sh, &r);
        }
        *words += r.words;
        *arabic += r.arabic;
        *latin += r.latin;
    }
}

/* Moves *@from to *@to when @ok, else logs that @key was ignored. */
static void take(const char *name, const char *key, bool ok, char **from, char **to)
{
    if (!*from)
        return;
    if (ok && **from) {
        *to = *from;
        *from = NULL;
        return;
    }
    if (**from)
        log_file(name, "front matter: %s \"%.100s\" is not valid, ignored", key, *from);
}

/* "a, b، c" or "[a, b]" into the article's tag list. */
static bool split_tags(sah_article_t *a, const char *s)
{
    size_t n = strlen(s), cap = 1;
    if (n >= 2 && s[0] == '[' && s[n - 1] == ']')
        s++, n -= 2;
    for (size_t i = 0; i < n; i++)
        cap += s[i] == ',' || (s[i] == '\xD8' && i + 1 < n && s[i + 1] == '\x8C');
    if (!(a->tags = calloc(cap, sizeof *a->tags)))
        return false;
    size_t start = 0;
    for (size_t i = 0; i <= n; i++) {
        size_t sep = i == n || s[i] == ','                                 ? 1
                     : (s[i] == '\xD8' && i + 1 < n && s[i + 1] == '\x8C') ? 2
                                                                           : 0;
        if (!sep)
            continue;
        size_t ts = start, te = i;
        trim(s, &ts, &te);
        if (ts < te && !(a->tags[a->meta.n_tags++] = strndup(s + ts, te - ts)))
            return false;
        start = i + sep;
        i += sep - 1;
    }
    return true;
}

static bool apply_front(sah_article_t *a, const char *name, front_t *fm)
{
    char *dir = NULL, *minutes = NULL;
    take(name, "title", true, &fm->title, &a->title);
    take(name, "source", true, &fm->source, &a->source);
    take(name, "author", true, &fm->author, &a->author);
    take(name, "summary", true, &fm->summary, &a->summary);
    take(name, "date", fm->date && sah_iso_date_ok(fm->date), &fm->date, &a->date);
    take(name, "lang", fm->lang && bcp47(fm->lang), &fm->lang, &a->lang);
    take(name, "dir",
         fm->dir &&
             (!strcmp(fm->dir, "rtl") || !strcmp(fm->dir, "ltr") || !strcmp(fm->dir, "auto")),
         &fm->dir, &dir);
    long v =
        fm->minutes && strlen(fm->minutes) <= 3 && digits(fm->minutes, (int)strlen(fm->minutes))
            ? strtol(fm->minutes, NULL, 10)
            : 0;
    take(name, "reading_time", v >= 1, &fm->minutes, &minutes);
    if (dir && strcmp(dir, "auto") != 0)
        a->meta.dir = !strcmp(dir, "rtl") ? "rtl" : "ltr";
    if (minutes) {
        a->meta.minutes = (int)v;
        a->meta.minutes_from_publisher = true;
    }
    free(dir);
    free(minutes);
    return !fm->tags || split_tags(a, fm->tags);
}

/* The lead of a page without a headline: the paragraph's first sentence
 * when it is short, else its words up to LEAD_MAX_CHARS code points. */
static void cut_lead(const char *t, size_t s, size_t e, size_t *lead_end)
{
    size_t chars = 0, last_space = 0, sentence = 0;
    for (size_t i = s; i < e; i++) {
        unsigned char c = (unsigned char)t[i];
        if ((c & 0xC0) == 0x80)
            continue;
        if (chars == LEAD_MAX_CHARS)
            break;
        chars++;
        if (c == ' ' && i > s && t[i - 1] != ' ')
            last_space = i;
        if (c == ' ' && i > s && (t[i - 1] == '.' || t[i - 1] == '!' || t[i - 1] == '?') &&
            sentence == 0 && chars >= LEAD_MIN_CHARS)
            sentence = i;
    }
    if (chars < LEAD_MAX_CHARS)
        *lead_end = e;
    else if (sentence)
        *lead_end = sentence;
    else
        *lead_end = last_space ? last_space : e;
}

static void set_reading_time(sah_article_t *a, size_t words);
static void point_meta(sah_article_t *a);

static bool fill_meta(sah_article_t *a, const sah_line_t *L, size_t m_lines, const sah_found_t *f)
{
    size_t words, arabic, latin;
    count_text(a, L, m_lines, &words, &arabic, &latin);
    sah_article_meta_t *m = &a->meta;
    for (size_t i = 0; i < a->n_parts && !a->title; i++)
        if (a->parts[i].kind == SAH_PART_HEADLINE &&
            !(a->title = strndup(a->text + a->parts[i].start, a->parts[i].end - a->parts[i].start)))
            return false;
    if (!a->title && f->lead != SIZE_MAX) {
        m->lead_start = L[f->lead].s;
        cut_lead(a->text, L[f->lead].s, L[f->lead].e, &m->lead_end);
        if (!(a->title = strndup(a->text + m->lead_start, m->lead_end - m->lead_start)))
            return false;
    }
    if (!a->source && f->src_e > f->src_s &&
        !(a->source = strndup(a->text + f->src_s, f->src_e - f->src_s)))
        return false;
    if (!a->lang && arabic > latin && !(a->lang = strdup("ar")))
        return false;
    if (!m->dir)
        m->dir = arabic > latin ? "rtl" : "ltr";
    if (!m->minutes_from_publisher && f->minutes > 0) {
        m->minutes = (int)f->minutes;
        m->minutes_from_publisher = true;
    }
    set_reading_time(a, words);
    point_meta(a);
    return true;
}

/* The computed reading time of @words at the rate of the article's
 * language, unless the publisher gave one. */
static void set_reading_time(sah_article_t *a, size_t words)
{
    sah_article_meta_t *m = &a->meta;
    m->words = words;
    if (!m->minutes_from_publisher) {
        bool ar =
            a->lang && strncasecmp(a->lang, "ar", 2) == 0 && (a->lang[2] == 0 || a->lang[2] == '-');
        size_t wpm = ar ? SAH_ARTICLE_WPM_ARABIC : SAH_ARTICLE_WPM_OTHER;
        m->minutes = (int)((words + wpm - 1) / wpm);
        if (m->minutes < 1)
            m->minutes = 1;
    }
}

/* The public meta's strings are the article's own. */
static void point_meta(sah_article_t *a)
{
    sah_article_meta_t *m = &a->meta;
    m->title = a->title;
    m->source = a->source;
    m->date = a->date;
    m->lang = a->lang;
    m->author = a->author;
    m->summary = a->summary;
    m->tags = (const char *const *)a->tags;
    m->hash = a->hash;
}

/* ---- directions ------------------------------------------------------- */

/* Enough code points to find the first strong character of any real
 * paragraph; one with none this far (a line of digits and punctuation
 * longer than this) takes the article's direction. */
#define DIR_PROBE_CPS   1024
#define DIR_FIRST_BYTES 48

/* The direction of a part whose first character is a letter of the basic
 * Arabic block (AL: 1) or an ASCII letter (L: 0), read from its bytes;
 * -1 for any other start. Most parts start so, and need no decode. */
static int first_letter_level(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    if (n >= 2 && (u[0] == 0xD8 || u[0] == 0xD9) && (u[1] & 0xC0) == 0x80) {
        uint32_t c = (uint32_t)(u[0] & 0x1F) << 6 | (u[1] & 0x3F);
        return c >= 0x0621 && c <= 0x064A ? 1 : -1;
    }
    return n >= 1 && (u[0] | 32) >= 'a' && (u[0] | 32) <= 'z' ? 0 : -1;
}

/* Gives each shown part its own base direction (UAX#9 P2-P3), the
 * article's when it has no strong character: a paragraph is laid out in
 * its own direction, whatever the article's language. */
static void set_directions(sah_article_t *a)
{
    uint32_t cp[DIR_PROBE_CPS];
    bool article_rtl = strcmp(a->meta.dir, "ltr") != 0;
    for (size_t i = 0; i < a->n_parts; i++) {
        sah_part_t *p = &a->parts[i];
        p->rtl = article_rtl;
        if (!sah_part_kind_is_shown(p->kind))
            continue;
        /* A few bytes first: the first strong character is nearly always
         * there, and the library parses every article it indexes. A cut
         * sequence decodes as U+FFFD, a neutral, so a prefix gives the
         * answer of the whole whenever it has a strong character. */
        int level = first_letter_level(a->text + p->start, p->end - p->start);
        for (size_t probe = DIR_FIRST_BYTES; level < 0; probe = DIR_PROBE_CPS) {
            size_t n = p->end - p->start < probe ? p->end - p->start : probe;
            size_t k = sah_utf8_decode(a->text + p->start, n, SAH_UTF8_STRICT, cp, NULL, NULL);
            level = sah_bidi_first_strong(cp, k);
            if (n < probe || probe == DIR_PROBE_CPS)
                break;
        }
        if (level >= 0)
            p->rtl = level == 1;
    }
}

/* ---- the front matter's photo ------------------------------------------ */

/* Where a text article's front-matter photo stands: the line break(s)
 * before its caption, else after its headline, else after its first shown
 * line. Returns the part's index, or SIZE_MAX when the text has no break
 * (a single line). */
static size_t photo_place(const sah_article_t *a)
{
    for (size_t i = 0; i < a->n_parts; i++)
        if (a->parts[i].kind == SAH_PART_CAPTION) {
            if (i > 0 && a->parts[i - 1].kind == SAH_PART_SPACE)
                return i - 1;
            break;
        }
    for (size_t i = 0; i < a->n_parts; i++) {
        if (a->parts[i].kind == SAH_PART_HEADLINE && i + 1 < a->n_parts &&
            a->parts[i + 1].kind == SAH_PART_SPACE)
            return i + 1;
    }
    bool shown = false;
    for (size_t i = 0; i + 1 < a->n_parts; i++) {
        shown = shown || sah_part_kind_is_shown(a->parts[i].kind);
        if (shown && a->parts[i].kind == SAH_PART_SPACE)
            return i;
    }
    return SIZE_MAX;
}

/* Makes the front matter's photo the article's one figure. A photo that
 * names no file beside the article, or has no place, is logged and left
 * out: the text still reads. */
static bool place_photo(sah_article_t *a, const char *name, front_t *fm)
{
    if (!fm->photo || !fm->photo[0])
        return true;
    bool remote = sah_html_src_is_remote(fm->photo);
    char *local = remote ? NULL : sah_figure_local_path(fm->photo);
    if (!remote && !local) {
        log_file(name, "front matter: photo \"%.100s\" is not a file beside the article, ignored",
                 fm->photo);
        return true;
    }
    free(local);
    size_t at = photo_place(a);
    if (at == SIZE_MAX) {
        log_file(name, "%s", "front matter: the photo has no place in a one-line text, not shown");
        return true;
    }
    if (!(a->figures = calloc(1, sizeof *a->figures)))
        return false;
    a->figures[0] = (sah_figure_t){fm->photo, fm->photo_alt, remote};
    a->n_figures = 1;
    fm->photo = fm->photo_alt = NULL; /* now the article's */
    a->parts[at].kind = SAH_PART_FIGURE;
    return true;
}

/* ---- identity --------------------------------------------------------- */

/* Starts the identity of text[from, ...): a leading BOM is not hashed. */
static bool id_start(id_state_t *id, const char *text, size_t n, size_t from)
{
    *id = (id_state_t){.h = sah_hash_new(), .pos = from, .first = true};
    if (n - from >= 3 && memcmp(text + from, "\xEF\xBB\xBF", 3) == 0)
        id->pos += 3;
    return id->h != NULL;
}

/* Adds about @budget bytes more of text[0, n)'s normalised lines to @id
 * (a blank line skipped counts its bytes; at least one byte is done).
 * Returns: true when the whole text is in. */
static bool id_feed(id_state_t *id, const char *text, size_t n, size_t budget)
{
    for (;;) {
        if (id->cur == id->cur_e) {
            if (id->pos >= n)
                return true;
            if (budget == 0)
                return false;
            size_t s = id->pos, e, next;
            line_at(text, n, id->pos, &e, &next);
            trim(text, &s, &e);
            size_t seen = next - id->pos;
            id->pos = next;
            if (s == e) {
                budget -= seen < budget ? seen : budget;
                continue;
            }
            if (!id->first)
                sah_hash_update(id->h, "\n", 1);
            id->first = false;
            id->cur = s;
            id->cur_e = e;
        }
        if (budget == 0)
            return false;
        size_t k = id->cur_e - id->cur < budget ? id->cur_e - id->cur : budget;
        sah_hash_update(id->h, text + id->cur, k);
        id->cur += k;
        budget -= k;
    }
}

/* Writes the finished identity to @hex and frees @id's state. */
static void id_finish(id_state_t *id, char hex[SAH_HASH_HEX_SIZE])
{
    sah_hash_finish_hex(id->h, hex);
    sah_hash_free(id->h);
    id->h = NULL;
}

bool sah_article_identity(const char *text, size_t n, char hex[SAH_HASH_HEX_SIZE])
{
    id_state_t id;
    if (!id_start(&id, text, n, 0))
        return false;
    (void)id_feed(&id, text, n, SIZE_MAX);
    id_finish(&id, hex);
    return true;
}

bool sah_article_identity_known(const sah_article_t *a)
{
    return a->partial ? a->id_given : a->id.h == NULL;
}

bool sah_article_identity_step(sah_article_t *a, size_t max_bytes)
{
    if (a->partial)
        return a->id_given; /* a head's bytes are not the file's */
    if (!a->id.h)
        return true;
    if (!id_feed(&a->id, a->text, a->len, max_bytes ? max_bytes : 1))
        return false;
    id_finish(&a->id, a->hash);
    return true;
}

bool sah_article_content_key(const sah_article_t *a, char hex[SAH_HASH_HEX_SIZE])
{
    if (!a->id_lines) {
        snprintf(hex, SAH_HASH_HEX_SIZE, "%s", a->hash);
        return true;
    }
    if (a->key[0]) {
        snprintf(hex, SAH_HASH_HEX_SIZE, "%s", a->key);
        return true;
    }
    /* The lines sah_article_identity() hashes, joined as it joins them,
     * gathered and hashed at once: an update a line cost more than the
     * hash of the line. */
    char *joined = malloc(a->len + 1);
    if (!joined)
        return false;
    size_t pos = a->id_from, e, next, n = 0;
    if (a->len - pos >= 3 && memcmp(a->text + pos, "\xEF\xBB\xBF", 3) == 0)
        pos += 3;
    for (; pos < a->len; pos = next) {
        line_at(a->text, a->len, pos, &e, &next);
        size_t s = pos;
        trim(a->text, &s, &e);
        if (s == e)
            continue;
        if (n)
            joined[n++] = '\n';
        memcpy(joined + n, a->text + s, e - s);
        n += e - s;
    }
    sah_fasthash_hex(joined, n, hex);
    free(joined);
    return true;
}

void sah_article_set_identity(sah_article_t *a, const char hex[SAH_HASH_HEX_SIZE])
{
    sah_hash_free(a->id.h);
    a->id.h = NULL;
    a->id_given = true;
    snprintf(a->hash, sizeof a->hash, "%s", hex);
}

/* ---- the article ------------------------------------------------------ */

/* The content key of @a from its @m lines @L (split from @id_from), which
 * are the lines sah_article_content_key() reads from the text: the
 * listing keys every file it parses, and the lines are at hand. A
 * byte-order mark after the front matter (which the key's lines skip and
 * @L keeps) leaves it to sah_article_content_key(). Returns false when out
 * of memory. */
static bool key_of_lines(sah_article_t *a, const sah_line_t *L, size_t m, size_t id_from)
{
    if (id_from > 0 && a->len - id_from >= 3 && memcmp(a->text + id_from, "\xEF\xBB\xBF", 3) == 0)
        return true;
    char *joined = malloc(a->len + 1);
    if (!joined)
        return false;
    size_t n = 0;
    for (size_t i = 0; i < m; i++) {
        if (i)
            joined[n++] = '\n';
        memcpy(joined + n, a->text + L[i].s, L[i].e - L[i].s);
        n += L[i].e - L[i].s;
    }
    sah_fasthash_hex(joined, n, a->key);
    free(joined);
    return true;
}

static bool build_parts(sah_article_t *a, size_t body, const front_t *fm, const sah_line_t *L,
                        const sah_part_kind_t *kind, size_t m, const sah_found_t *f)
{
    size_t pos = 0;
    if (a->len >= 3 && memcmp(a->text, "\xEF\xBB\xBF", 3) == 0) {
        if (!push_part(a, SAH_PART_SPACE, 0, 3))
            return false;
        pos = 3;
    }
    if (fm->present) {
        if (!push_part(a, SAH_PART_FRONT_MATTER, pos, body))
            return false;
        pos = body;
    }
    for (size_t i = 0; i < m; i++) {
        /* Chrome lines in a row, and the blank lines between them, are one
         * part. */
        if (kind[i] == SAH_PART_CHROME && a->n_parts && a->parts[a->n_parts - 1].kind == kind[i]) {
            a->parts[a->n_parts - 1].end = pos = L[i].e;
            continue;
        }
        size_t e = L[i].e;
        /* "Title | Site": the site's name is not the headline's. */
        if (i == f->headline && f->title_end < e)
            e = f->title_end;
        if (!push_part(a, SAH_PART_SPACE, pos, L[i].s) || !push_part(a, kind[i], L[i].s, e) ||
            !push_part(a, SAH_PART_CHROME, e, L[i].e))
            return false;
        pos = L[i].e;
    }
    return push_part(a, SAH_PART_SPACE, pos, a->len);
}

static sah_article_status_t parse(sah_article_t *a, const char *name, const sah_sitelines_t *site,
                                  bool lazy)
{
    sah_article_status_t st = SAH_ARTICLE_ERR_NOMEM;
    front_t fm = {0};
    sah_line_t *lines = NULL;
    sah_part_kind_t *kind = NULL;
    sah_found_t found = {0};
    size_t m = 0, body = 0;

    if (a->len >= 3 && memcmp(a->text, "\xEF\xBB\xBF", 3) == 0)
        body = 3;
    if (!front_parse(name, a->text, a->len, body, &fm))
        goto out;
    if (fm.present)
        body = fm.end;
    if (!split_lines(a->text, a->len, body, &lines, &m))
        goto out;
    if (m == 0) {
        log_file(name, "%s", "no text (only blank lines or front matter)");
        st = SAH_ARTICLE_ERR_EMPTY;
        goto out;
    }
    if (!(kind = malloc(m * sizeof *kind)))
        goto out;
    /* The listing's content key, from the lines as split (the head's
     * rules move a line's start). */
    if (lazy && !key_of_lines(a, lines, m, fm.present ? fm.end : 0))
        goto out;
    if (!apply_front(a, name, &fm))
        goto out;
    if (!sah_classify(a->text, lines, m, a->title, site, kind, &found))
        goto out;
    /* The identity is of the text without its front matter. A leading BOM
     * is sah_article_identity()'s to drop: hand it the text from the start
     * (not from @body, past the BOM), or a second BOM would be dropped too. */
    size_t id_from = fm.present ? fm.end : 0;
    a->id_lines = true;
    a->id_from = id_from;
    if (!build_parts(a, body, &fm, lines, kind, m, &found) || !place_photo(a, name, &fm) ||
        !fill_meta(a, lines, m, &found) || !id_start(&a->id, a->text, a->len, id_from))
        goto out;
    if (!lazy)
        (void)sah_article_identity_step(a, SIZE_MAX);
    set_directions(a);
    st = SAH_ARTICLE_OK;
out:
    front_clear(&fm);
    free(lines);
    free(kind);
    return st;
}

/* sah_article_new_from_bytes() with the site's lines. */
static sah_article_t *from_bytes(const char *name, const char *bytes, size_t n, char **own,
                                 const sah_sitelines_t *site, bool lazy,
                                 sah_article_status_t *status)
{
    if (sah_article_is_web_page(name))
        return sah_article_from_html_bytes(name, bytes, n, status);
    sah_article_t *a = calloc(1, sizeof *a);
    sah_article_status_t st = SAH_ARTICLE_ERR_NOMEM;
    if (!a)
        goto out;
    st = decode(name, bytes, n, own, &a->text, &a->len, &a->meta.encoding);
    if (st == SAH_ARTICLE_OK)
        st = parse(a, name, site, lazy);
out:
    if (st == SAH_ARTICLE_ERR_NOMEM)
        log_file(name, "%s", "out of memory");
    if (st != SAH_ARTICLE_OK) {
        sah_article_free(a);
        a = NULL;
    }
    if (status)
        *status = st;
    return a;
}

sah_article_t *sah_article_new_from_bytes(const char *name, const char *bytes, size_t n,
                                          sah_article_status_t *status)
{
    return from_bytes(name, bytes, n, NULL, NULL, false, status);
}

/* The article of what sah_file_read() gave for @path. */
static sah_article_t *load_read(const char *path, char *buf, size_t n, int err,
                                const sah_sitelines_t *site, bool lazy,
                                sah_article_status_t *status)
{
    sah_article_t *a = NULL;
    sah_article_status_t st = SAH_ARTICLE_ERR_IO;
    if (buf) {
        /* A text file's bytes become its text: no copy. */
        a = from_bytes(path, buf, n, &buf, site, lazy, &st);
        free(buf);
    } else if (err == SAH_FILE_ERR_TOO_LARGE) {
        too_large(path, (uintmax_t)n);
        st = SAH_ARTICLE_ERR_TOO_LARGE;
    } else {
        if (err == ENOMEM)
            st = SAH_ARTICLE_ERR_NOMEM;
        log_file(path, "cannot read: %s", sah_file_strerror(err));
    }
    if (status)
        *status = st;
    return a;
}

sah_article_t *sah_article_load_site(const char *path, const sah_sitelines_t *site,
                                     sah_article_status_t *status)
{
    size_t n = 0;
    int err = 0;
    char *buf = sah_file_read(path, SAH_ARTICLE_MAX_BYTES, &n, &err);
    return load_read(path, buf, n, err, site, false, status);
}

sah_article_t *sah_article_load(const char *path, sah_article_status_t *status)
{
    return sah_article_load_site(path, NULL, status);
}

sah_article_t *sah_article_load_in_site(int dirfd, const char *name, const char *path,
                                        const sah_sitelines_t *site, sah_article_status_t *status)
{
    size_t n = 0;
    int err = 0;
    char *buf = sah_file_read_in(dirfd, name, SAH_ARTICLE_MAX_BYTES, &n, &err);
    return load_read(path, buf, n, err, site, false, status);
}

sah_article_t *sah_article_load_in_lazy(int dirfd, const char *name, const char *path,
                                        sah_article_status_t *status)
{
    size_t n = 0;
    int err = 0;
    char *buf = sah_file_read_in(dirfd, name, SAH_ARTICLE_MAX_BYTES, &n, &err);
    return load_read(path, buf, n, err, NULL, true, status);
}

sah_article_t *sah_article_load_in(int dirfd, const char *name, const char *path,
                                   sah_article_status_t *status)
{
    return sah_article_load_in_site(dirfd, name, path, NULL, status);
}

/* ---- a long article in two steps ---------------------------------------- */

struct sah_article_rest {
    char *name; /* read whole by sah_article_rest_parse() */
    /* A copy: the caller's may go while a worker parses. */
    sah_sitelines_t *site;
};

/* Whether decode() would read a file starting with @b as UTF-8 text, as
 * far as its first @head bytes tell: no NUL in them (a video renamed .txt
 * is refused at once: its first bytes have them), their control
 * characters and their UTF-8. Only the head, so that page 1 costs the
 * same in any file (a look for NUL in 8 MiB is 1.3 M instructions). The
 * rest of the checks are the whole parse's (a file whose tail is not
 * text, NUL bytes in it too: its head is shown, the whole parse logs why
 * it stops there). */
static bool head_decodes(const char *b, size_t head)
{
    if ((b[0] == '\xFF' && b[1] == '\xFE') || (b[0] == '\xFE' && b[1] == '\xFF') ||
        memchr(b, 0, head))
        return false;
    size_t controls = 0;
    for (size_t i = 0; i < head; i++) {
        unsigned char c = (unsigned char)b[i];
        controls += (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') || c == 0x7F;
    }
    return controls * 100 <= head && sah_utf8_valid(b, head);
}

/* Where a head of at most @max bytes ends: after the last line break in
 * its second half (LF never occurs inside a UTF-8 sequence, so no cut
 * character decodes as U+FFFD), else at the last space, else at the last
 * character boundary: a first line of megabytes still has a head. */
static size_t head_cut(const char *b, size_t max)
{
    const char *lf = memrchr(b + max / 2, '\n', max - max / 2);
    if (!lf)
        lf = memrchr(b + max / 2, '\r', max - max / 2);
    if (lf)
        return (size_t)(lf - b) + 1;
    const char *sp = memrchr(b + max / 2, ' ', max - max / 2);
    if (sp)
        return (size_t)(sp - b);
    size_t e = max;
    while (e > 0 && ((unsigned char)b[e] & 0xC0) == 0x80)
        e--;
    return e;
}

/* The parse of the head of a file of @whole bytes starting with @b (at
 * least SAH_ARTICLE_HEAD_BYTES of them), or NULL when it gets none (see
 * article.h). */
static sah_article_t *head_of(const char *b, size_t whole, const sah_sitelines_t *site)
{
    size_t head = head_cut(b, SAH_ARTICLE_HEAD_BYTES);
    if (head == 0 || !head_decodes(b, head))
        return NULL;
    sah_article_t *a = calloc(1, sizeof *a);
    if (!a || !(a->text = malloc(head + 1))) {
        free(a);
        return NULL;
    }
    memcpy(a->text, b, head);
    a->text[head] = 0;
    a->len = head;
    a->partial = true;
    a->whole_len = whole;
    /* Quiet (no name): the whole parse logs what the file deserves. */
    if (parse(a, NULL, site, true) != SAH_ARTICLE_OK) {
        sah_article_free(a);
        return NULL; /* the whole parse decides, and says why */
    }
    sah_hash_free(a->id.h);
    a->id.h = NULL;
    return a;
}

sah_article_t *sah_article_load_head(const char *path, const sah_sitelines_t *site,
                                     sah_article_status_t *status, sah_article_rest_t **rest)
{
    size_t n = 0, size = 0;
    int err = 0;
    *rest = NULL;
    /* The head alone is read here, the whole file on the worker
     * (sah_article_rest_parse()): reading 8 MiB (its page faults and the
     * copy, which no instruction count shows) took a third of page 1's
     * time. A file not opened by its head (within SAH_ARTICLE_HEAD_FROM)
     * is read whole at once. */
    char *buf = sah_article_is_web_page(path)
                    ? NULL
                    : sah_file_read_head(path, SAH_ARTICLE_MAX_BYTES, SAH_ARTICLE_HEAD_BYTES,
                                         SAH_ARTICLE_HEAD_FROM, &n, &size, &err);
    if (buf && n == size)
        return load_read(path, buf, n, 0, site, true, status);
    sah_article_t *a = buf && size > SAH_ARTICLE_HEAD_FROM && n == SAH_ARTICLE_HEAD_BYTES
                           ? head_of(buf, size, site)
                           : NULL;
    free(buf);
    sah_article_rest_t *r = a ? calloc(1, sizeof *r) : NULL;
    if (r && (r->name = strdup(path)) && (!site || (r->site = sah_sitelines_copy(site)))) {
        *rest = r;
        if (status)
            *status = SAH_ARTICLE_OK;
        return a;
    }
    sah_article_rest_free(r);
    sah_article_free(a);
    buf = sah_file_read(path, SAH_ARTICLE_MAX_BYTES, &n, &err);
    return load_read(path, buf, n, err, site, true, status);
}

sah_article_t *sah_article_rest_parse(sah_article_rest_t *rest, sah_article_status_t *status)
{
    size_t n = 0;
    int err = 0;
    char *buf = sah_file_read(rest->name, SAH_ARTICLE_MAX_BYTES, &n, &err);
    return load_read(rest->name, buf, n, err, rest->site, false, status);
}

void sah_article_rest_free(sah_article_rest_t *rest)
{
    if (!rest)
        return;
    free(rest->name);
    sah_sitelines_free(rest->site);
    free(rest);
}

bool sah_article_is_head(const sah_article_t *a)
{
    return a->partial;
}

/* ---- an article from another format (article-build.h) ------------------ */

void sah_article_draft_clear(sah_article_draft_t *d)
{
    free(d->text);
    free(d->parts);
    for (size_t i = 0; i < d->n_figures; i++) {
        free((char *)d->figures[i].src);
        free((char *)d->figures[i].alt);
    }
    free(d->figures);
    free(d->title);
    free(d->source);
    free(d->date);
    free(d->lang);
    free(d->author);
    free(d->summary);
    free(d->map);
    memset(d, 0, sizeof *d);
}

sah_article_t *sah_article_from_draft(sah_article_draft_t *d)
{
    sah_article_t *a = calloc(1, sizeof *a);
    if (!a) {
        sah_article_draft_clear(d);
        return NULL;
    }
    a->text = d->text;
    a->len = d->len;
    a->parts = d->parts;
    a->n_parts = a->cap_parts = d->n_parts;
    a->figures = d->figures;
    a->n_figures = d->n_figures;
    a->title = d->title;
    a->source = d->source;
    a->date = d->date;
    a->lang = d->lang;
    a->author = d->author;
    a->summary = d->summary;
    a->map = d->map;
    a->n_map = d->n_map;
    a->source_len = d->source_len;
    memcpy(a->hash, d->hash, sizeof a->hash);
    a->meta.dir = d->dir;
    a->meta.encoding = d->encoding;
    memset(d, 0, sizeof *d);
    size_t words, arabic, latin;
    count_text(a, NULL, 0, &words, &arabic, &latin);
    if (!a->lang && arabic > latin && !(a->lang = strdup("ar"))) {
        sah_article_free(a);
        return NULL;
    }
    set_reading_time(a, words);
    point_meta(a);
    return a;
}

/* ---- text and source -------------------------------------------------- */

/* The last map point whose text offset is at most @t (the map's first
 * point is at text offset 0). */
static size_t last_at_text(const sah_article_t *a, size_t t)
{
    size_t lo = 0, hi = a->n_map;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (a->map[mid].text <= t)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

/* Between points, linearly; floor for text to source. Where several points
 * share a text offset (markup the text does not show), the last: the
 * character's own byte, past the markup before it. */
/* The length a text article's places range over: a head's, the file's. */
static size_t place_len(const sah_article_t *a)
{
    return a->partial ? a->whole_len : a->len;
}

size_t sah_article_source_offset(const sah_article_t *a, size_t text_offset)
{
    if (!a->map)
        return text_offset < place_len(a) ? text_offset : place_len(a);
    size_t i = last_at_text(a, text_offset);
    const sah_offset_point_t *p = &a->map[i];
    if (i + 1 == a->n_map || text_offset <= p->text)
        return p->source;
    const sah_offset_point_t *q = p + 1;
    /* 64-bit: two 8 MiB spans multiply past 32 bits on a 32-bit board. */
    return p->source + (size_t)((uint64_t)(text_offset - p->text) * (q->source - p->source) /
                                (q->text - p->text));
}

/* The first point at @text_end, else the segment that holds it: an end
 * stops before the markup after the text. */
size_t sah_article_source_end(const sah_article_t *a, size_t text_end)
{
    if (!a->map)
        return text_end < place_len(a) ? text_end : place_len(a);
    size_t i = last_at_text(a, text_end);
    while (i > 0 && a->map[i - 1].text == text_end)
        i--;
    const sah_offset_point_t *p = &a->map[i];
    if (i + 1 == a->n_map || text_end <= p->text)
        return p->source;
    const sah_offset_point_t *q = p + 1;
    size_t dt = q->text - p->text, ds = q->source - p->source;
    return p->source + (size_t)((uint64_t)(text_end - p->text) * ds / dt);
}

/* The last point whose source offset is at most @s, rounding up between
 * points: a source byte inside markup or hidden text gives the next text
 * the reader sees. */
size_t sah_article_text_offset(const sah_article_t *a, size_t source_offset)
{
    if (!a->map)
        return source_offset < place_len(a) ? source_offset : place_len(a);
    size_t lo = 0, hi = a->n_map;
    if (source_offset < a->map[0].source)
        return 0;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (a->map[mid].source <= source_offset)
            lo = mid;
        else
            hi = mid;
    }
    const sah_offset_point_t *p = &a->map[lo];
    if (lo + 1 == a->n_map)
        return p->text;
    const sah_offset_point_t *q = p + 1;
    size_t dt = q->text - p->text, ds = q->source - p->source; /* ds > 0: lo is the last */
    size_t t = p->text + (size_t)(((uint64_t)(source_offset - p->source) * dt + ds - 1) / ds);
    /* Inside one character of the text (an entity, a collapsed run of
     * spaces): the character's start, not the byte inside it. */
    while (t > p->text && t < a->len && ((unsigned char)a->text[t] & 0xC0) == 0x80)
        t--;
    return t;
}

size_t sah_article_source_length(const sah_article_t *a)
{
    return a->map ? a->source_len : place_len(a);
}

void sah_article_free(sah_article_t *a)
{
    if (!a)
        return;
    free(a->text);
    free(a->parts);
    free(a->title);
    free(a->source);
    free(a->date);
    free(a->lang);
    free(a->author);
    free(a->summary);
    for (size_t i = 0; a->tags && i < a->meta.n_tags; i++)
        free(a->tags[i]);
    free(a->tags);
    for (size_t i = 0; i < a->n_figures; i++) {
        free((char *)a->figures[i].src);
        free((char *)a->figures[i].alt);
    }
    free(a->figures);
    free(a->map);
    sah_toc_free(a->toc);
    sah_hash_free(a->id.h);
    free(a);
}

void sah_article_set_own_toc(sah_article_t *a, sah_toc_t *toc)
{
    sah_toc_free(a->toc);
    a->toc = toc;
}

const sah_toc_t *sah_article_own_toc(const sah_article_t *a)
{
    return a->toc;
}

const char *sah_article_text(const sah_article_t *a, size_t *len)
{
    if (len)
        *len = a->len;
    return a->text;
}

size_t sah_article_n_parts(const sah_article_t *a)
{
    return a->n_parts;
}

const sah_part_t *sah_article_part(const sah_article_t *a, size_t i)
{
    return i < a->n_parts ? &a->parts[i] : NULL;
}

const sah_article_meta_t *sah_article_meta(const sah_article_t *a)
{
    return &a->meta;
}

size_t sah_article_n_figures(const sah_article_t *a)
{
    return a->n_figures;
}

const sah_figure_t *sah_article_figure(const sah_article_t *a, size_t i)
{
    return &a->figures[i];
}

const char *sah_article_status_string(sah_article_status_t st)
{
    switch (st) {
    case SAH_ARTICLE_OK:
        return "ok";
    case SAH_ARTICLE_ERR_IO:
        return "cannot read";
    case SAH_ARTICLE_ERR_EMPTY:
        return "empty";
    case SAH_ARTICLE_ERR_TOO_LARGE:
        return "too large";
    case SAH_ARTICLE_ERR_BINARY:
        return "binary data, not text";
    case SAH_ARTICLE_ERR_ENCODING:
        return "neither UTF-8 nor Windows-1256";
    case SAH_ARTICLE_ERR_NOMEM:
        return "out of memory";
    }
    return "unknown error";
}

const char *sah_encoding_name(sah_encoding_t enc)
{
    static const char *const names[] = {
        [SAH_ENCODING_UTF8] = "utf-8",           [SAH_ENCODING_CP1256] = "windows-1256",
        [SAH_ENCODING_UTF16LE] = "utf-16le",     [SAH_ENCODING_UTF16BE] = "utf-16be",
        [SAH_ENCODING_CP1252] = "windows-1252",  [SAH_ENCODING_CP1255] = "windows-1255",
        [SAH_ENCODING_ISO8859_6] = "iso-8859-6", [SAH_ENCODING_OTHER] = "other",
    };
    return (unsigned)enc < sizeof names / sizeof *names ? names[enc] : "utf-8";
}

bool sah_part_kind_is_shown(sah_part_kind_t kind)
{
    return kind <= SAH_PART_FIGURE;
}

const char *sah_part_kind_name(sah_part_kind_t kind)
{
    static const char *const names[SAH_PART_KIND_COUNT] = {
        [SAH_PART_HEADLINE] = "headline", [SAH_PART_DECK] = "deck",
        [SAH_PART_BYLINE] = "byline",     [SAH_PART_DATELINE] = "dateline",
        [SAH_PART_DATE] = "date",         [SAH_PART_READING_TIME] = "reading_time",
        [SAH_PART_SOURCE] = "source",     [SAH_PART_CAPTION] = "caption",
        [SAH_PART_HEADING] = "heading",   [SAH_PART_BODY] = "body",
        [SAH_PART_QUOTE] = "quote",       [SAH_PART_LIST_ITEM] = "list_item",
        [SAH_PART_FIGURE] = "figure",     [SAH_PART_FRONT_MATTER] = "front_matter",
        [SAH_PART_REPEAT] = "repeat",     [SAH_PART_CHROME] = "chrome",
        [SAH_PART_SPACE] = "space",
    };
    return (unsigned)kind < SAH_PART_KIND_COUNT ? names[kind] : "unknown";
}
