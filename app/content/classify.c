/* classify.c - see classify.h and docs/article-format.md. */
#include "app/content/classify.h"

#include "app/content/arnorm.h"
#include "app/content/hash.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Thresholds, in code points or words. The seed's headings are 14-32 code
 * points and its shortest paragraph 133; newspaper section heads rarely
 * exceed 10 words. */
#define HEADING_MAX_CHARS  80
#define HEADING_MAX_WORDS  12
#define QUESTION_MIN_WORDS 3 /* "More rain on the way?" is a heading, "ماذا بعد؟" a line */
#define QUESTION_MAX_WORDS 8
#define RELATED_MAX_WORDS  16 /* the titles of a list of other stories */
#define TRAIL_MIN_LINES    3  /* titles after the last paragraph: a list */
#define TRAIL_MAX_WORDS    14
#define DECK_MAX_WORDS     60
#define DECK_SPAN          6
#define TEASER_SPAN        16 /* lines looked at for the story a teaser cuts */
#define TEASER_MIN_BYTES   40
#define CREDIT_MAX_WORDS   5 /* "Image Credit: WAM": the caption follows */
#define CAPTION_MAX_WORDS  40
#define KEY_MAX            SAH_LINE_KEY_MAX /* longer lines are keyed by their bytes */
#define PARAGRAPH_BYTES    400              /* and lines this long with more words than */
#define PARAGRAPH_WORDS    30

/* Words that head a section of a long article, at its start too. */
static const char *const section_heads[] = {"مقدمه",        "خاتمه",      "تمهيد",     "الخلاصه",
                                            "introduction", "conclusion", "background"};

/* ---- describing the lines --------------------------------------------- */

/* XXH3: a paragraph's hash costs a few instructions per 16 bytes where a
 * byte-at-a-time hash took five a byte. */
static uint64_t line_hash(const char *s, size_t n)
{
    return sah_fasthash64(s, n);
}

uint64_t sah_classify_line_hash(const char *s, size_t n, size_t words, char *key, size_t *k)
{
    /* A long paragraph is no chrome, no metadata and no caption: it is
     * keyed by its bytes (a copy of it is a byte-for-byte copy). */
    if (n >= KEY_MAX || (n > PARAGRAPH_BYTES && words > PARAGRAPH_WORDS)) {
        *k = 0;
        return line_hash(s, n);
    }
    *k = sah_arnorm_key(s, n, key, KEY_MAX);
    size_t ts, tn = sah_arnorm_trim_marks(key, *k, &ts);
    return line_hash(key + ts, tn);
}

static void describe(const char *t, sah_line_t *L, char *key, const sah_sitelines_t *site)
{
    size_t n = L->e - L->s, k;
    const char *s = t + L->s;
    sah_shape_read(s, n, &L->sh, &L->read);
    L->chrome = SAH_CHROME_NONE;
    L->featured = false;
    L->teaser = false;
    L->meta.kind = SAH_PART_BODY;
    L->hash = sah_classify_line_hash(s, n, L->sh.words, key, &k);
    if (k == 0)
        return;
    L->chrome = sah_chrome_vocab(key, k, L->sh.words);
    L->featured = sah_chrome_features(s, n, &L->sh);
    /* A line of the site's vocabulary is not metadata ("رئيس مجلس الإدارة /
     * name" is no dateline), nor is a link ("/2025/11/14/" is no date); a
     * site's name may be a dateline ("موقع كل يوم -جريدة اللواء"). */
    if ((L->chrome == SAH_CHROME_NONE || L->chrome == SAH_CHROME_SITE) && !L->sh.url)
        sah_head_meta(s, n, key, k, &L->sh, &L->meta);
    /* A short line the site prints in its other pages too is its own, as
     * much as a share bar is (sitelines.h); metadata stays: a dateline or
     * a source repeats in every story of one agency and still names it. */
    if (site && L->meta.kind == SAH_PART_BODY && sah_sitelines_has(site, L->hash, n, L->sh.words))
        L->featured = true;
}

/* first and copies, through an open-addressing table of line indices. */
static bool find_repeats(sah_line_t *L, size_t m)
{
    size_t cap = 16;
    while (cap < 2 * m)
        cap *= 2;
    size_t *slot = malloc(cap * sizeof *slot);
    if (!slot)
        return false;
    for (size_t i = 0; i < cap; i++)
        slot[i] = SIZE_MAX;
    for (size_t i = 0; i < m; i++) {
        size_t h = (size_t)(L[i].hash ^ (L[i].hash >> 29)) & (cap - 1);
        while (slot[h] != SIZE_MAX && L[slot[h]].hash != L[i].hash)
            h = (h + 1) & (cap - 1);
        if (slot[h] == SIZE_MAX)
            slot[h] = i;
        L[i].first = slot[h];
        L[i].copies = 0;
        L[slot[h]].copies++;
    }
    for (size_t i = 0; i < m; i++)
        L[i].copies = L[L[i].first].copies;
    free(slot);
    return true;
}

/* A teaser: the start of a later paragraph, cut by the site ("..." or in
 * the middle of a word). Looked for in the head only. */
static void find_teasers(const char *t, sah_line_t *L, size_t m)
{
    size_t window = sah_head_window(m);
    for (size_t i = 0; i < window; i++) {
        size_t n = L[i].e - L[i].s;
        const char *s = t + L[i].s;
        if (L[i].sh.ellipsis)
            n -= 3; /* "..." and "…" are both 3 bytes */
        if (n < TEASER_MIN_BYTES)
            continue;
        /* The first eight bytes compared first (n is at least
         * TEASER_MIN_BYTES): most lines differ there. */
        uint64_t head;
        memcpy(&head, s, 8);
        for (size_t j = i + 1; j < m && j <= i + TEASER_SPAN; j++) {
            uint64_t other;
            if (L[j].e - L[j].s <= n)
                continue;
            memcpy(&other, t + L[j].s, 8);
            if (other == head && memcmp(t + L[j].s, s, n) == 0) {
                L[i].teaser = true;
                break;
            }
        }
    }
}

/* ---- small predicates ------------------------------------------------- */

static bool own(const sah_line_t *L, size_t i)
{
    return L[i].first == i;
}

static bool heading_shaped(const sah_shape_t *sh)
{
    if (sh->chars > HEADING_MAX_CHARS || sh->words > HEADING_MAX_WORDS || sh->letters == 0)
        return false;
    if (sh->question && sh->words >= QUESTION_MIN_WORDS && sh->words <= QUESTION_MAX_WORDS)
        return true;
    return !sah_shape_final(sh);
}

static bool section_head(const char *t, const sah_line_t *L)
{
    char key[64];
    size_t n = L->e - L->s;
    if (n >= sizeof key || L->sh.words > 2)
        return false;
    size_t k = sah_arnorm_key(t + L->s, n, key, sizeof key);
    size_t ts, tn = sah_arnorm_trim_marks(key, k, &ts);
    for (size_t i = 0; i < sizeof section_heads / sizeof *section_heads; i++)
        if (tn == strlen(section_heads[i]) && memcmp(key + ts, section_heads[i], tn) == 0)
            return true;
    return false;
}

/* A title in a list of other stories: a sentence (a full stop) ends the
 * list. */
static bool related_title(const sah_shape_t *sh)
{
    return sah_shape_title(sh) && sh->words <= RELATED_MAX_WORDS && (!sh->stop || sh->question);
}

/* Chrome in the head: vocabulary of any class, features, a teaser. */
static bool head_chrome(const sah_line_t *L)
{
    return L->chrome != SAH_CHROME_NONE || L->featured || L->teaser;
}

/* A line the head passes over on the way to the body. */
static bool head_only(const sah_line_t *L, size_t m, size_t j, bool arabic)
{
    return head_chrome(&L[j]) || L[j].meta.kind != SAH_PART_BODY || !own(L, j) ||
           sah_head_pair(L, m, j) || sah_head_foreign(&L[j], arabic);
}

/* ---- the head --------------------------------------------------------- */

/* The line of the text equal to the front matter's title, among the head's. */
static size_t title_line(const char *t, const sah_line_t *L, size_t m, const char *title)
{
    size_t n = strlen(title), window = sah_head_window(m);
    for (size_t i = 0; i < window; i++)
        if (L[i].e - L[i].s == n && memcmp(t + L[i].s, title, n) == 0)
            return i;
    return SIZE_MAX;
}

/* A metadata line's kind; the reading-time icon's alt text alone is chrome. */
static sah_part_kind_t meta_kind(sah_line_t *L)
{
    if (L->meta.kind == SAH_PART_READING_TIME && L->meta.minutes == 0)
        return SAH_PART_CHROME;
    if (L->meta.kind == SAH_PART_READING_TIME)
        L->s += L->meta.skip; /* shown without the alt text glued on */
    return L->meta.kind;
}

/* Lines above the headline: the site's, but for metadata, a photo's caption
 * and a kicker (a short line right above the headline). */
static void above_headline(const char *t, sah_line_t *L, size_t h, bool arabic,
                           sah_part_kind_t *kind)
{
    (void)t;
    for (size_t i = 0; i < h; i++) {
        if (!own(L, i))
            kind[i] = kind[L[i].first] == SAH_PART_CHROME ? SAH_PART_CHROME : SAH_PART_REPEAT;
        else if (L[i].meta.kind != SAH_PART_BODY)
            kind[i] = meta_kind(&L[i]);
        else if (i + 1 == h && !head_chrome(&L[i]) && !sah_head_foreign(&L[i], arabic) &&
                 !L[i].sh.bullet && L[i].sh.words >= 3 && L[i].sh.words <= 10 &&
                 (arabic ? L[i].sh.latin == 0 : L[i].sh.arabic == 0) &&
                 !sah_shape_final(&L[i].sh) && L[i].copies == 1)
            kind[i] = SAH_PART_DECK;
        else
            kind[i] = SAH_PART_CHROME;
    }
}

/* The deck: a paragraph-shaped line under the headline with more of the
 * head (metadata, a caption, the site's lines) between it and the body. */
static bool is_deck(const sah_line_t *L, size_t m, size_t j, bool arabic)
{
    if (L[j].sh.words > DECK_MAX_WORDS)
        return false;
    for (size_t k = j + 1; k < m && k <= j + DECK_SPAN; k++) {
        /* A repeat alone is no head: a title and caption printed again
         * between paragraphs. */
        if (!own(L, k))
            continue;
        if (head_only(L, m, k, arabic))
            return true;
        if (sah_shape_body(&L[k].sh))
            return false;
    }
    return false;
}

/* The head under the headline @h. Returns where the body starts (m when it
 * never does). */
static size_t under_headline(const char *t, sah_line_t *L, size_t m, size_t h, bool arabic,
                             sah_part_kind_t *kind)
{
    bool deck = false, related = false;
    size_t j, tentative = SIZE_MAX;
    for (j = h + 1; j < m; j++) {
        sah_line_t *l = &L[j];
        /* The headline again, with or without " | Site". */
        if (!own(L, j) || sah_head_extends(t, &L[h], l) || sah_head_extends(t, l, &L[h])) {
            if (own(L, j)) {
                kind[j] = SAH_PART_REPEAT;
                continue;
            }
            kind[j] = kind[l->first] == SAH_PART_CHROME ? SAH_PART_CHROME : SAH_PART_REPEAT;
            continue;
        }
        if (l->meta.kind != SAH_PART_BODY) {
            kind[j] = meta_kind(l);
            related = false;
            continue;
        }
        if (head_chrome(l) || sah_head_foreign(l, arabic)) {
            kind[j] = SAH_PART_CHROME;
            related |= l->chrome == SAH_CHROME_RELATED;
            /* A staff title, then the name under it. */
            if (l->chrome == SAH_CHROME_MASTHEAD && j + 1 < m && L[j + 1].sh.words <= 4 &&
                !sah_shape_final(&L[j + 1].sh))
                kind[++j] = SAH_PART_CHROME;
            continue;
        }
        if (related && related_title(&l->sh)) {
            kind[j] = SAH_PART_CHROME;
            continue;
        }
        related = false;
        if (sah_head_pair(L, m, j)) {
            kind[j] = SAH_PART_CAPTION;
            continue;
        }
        if (l->sh.bullet) {
            kind[j] = SAH_PART_LIST_ITEM;
            continue;
        }
        /* Under a bare credit ("Image Credit: WAM") comes the caption. */
        if (j > h + 1 && kind[j - 1] == SAH_PART_CAPTION && L[j - 1].sh.words <= CREDIT_MAX_WORDS &&
            l->sh.words <= CAPTION_MAX_WORDS && j + 1 < m) {
            kind[j] = SAH_PART_CAPTION;
            continue;
        }
        if (sah_shape_body(&l->sh)) {
            if (!deck && is_deck(L, m, j, arabic)) {
                kind[j] = SAH_PART_DECK;
                deck = true;
                continue;
            }
            break;
        }
        if (section_head(t, l)) {
            kind[j] = SAH_PART_HEADING;
            continue;
        }
        /* A short line: the body when a paragraph follows at once (a
         * hard-wrapped paragraph's first line), else a caption. */
        if (j + 1 < m && !head_only(L, m, j + 1, arabic) && sah_shape_body(&L[j + 1].sh))
            break;
        kind[j] = SAH_PART_CAPTION;
        if (tentative == SIZE_MAX)
            tentative = j;
    }
    /* No paragraph after all: the short lines were the text, not captions. */
    return j == m && tentative != SIZE_MAX ? tentative : j;
}

/* No headline: the metadata above the first paragraph is shown, the rest
 * (other stories' titles and teasers, the site's lines) is not. Returns the
 * first paragraph. */
static size_t lead_head(sah_line_t *L, size_t m, bool arabic, sah_part_kind_t *kind)
{
    size_t b = SIZE_MAX;
    /* A paragraph, not one more title of a list above it. */
    for (size_t i = 0; i < m && b == SIZE_MAX; i++)
        if (!head_only(L, m, i, arabic) && sah_shape_body(&L[i].sh) && !sah_shape_title(&L[i].sh))
            b = i;
    for (size_t i = 0; i < m && b == SIZE_MAX; i++)
        if (!head_only(L, m, i, arabic) && sah_shape_body(&L[i].sh))
            b = i;
    for (size_t i = 0; i < m && b == SIZE_MAX; i++)
        if (!head_only(L, m, i, arabic))
            b = i;
    /* Only the other script's lines: they are the text. */
    for (size_t i = 0; i < m && b == SIZE_MAX; i++)
        if (own(L, i) && !head_chrome(&L[i]) && L[i].meta.kind == SAH_PART_BODY)
            b = i;
    if (b == SIZE_MAX)
        return m;
    for (size_t i = 0; i < b; i++) {
        if (!own(L, i))
            kind[i] = kind[L[i].first] == SAH_PART_CHROME ? SAH_PART_CHROME : SAH_PART_REPEAT;
        else if (L[i].meta.kind != SAH_PART_BODY)
            kind[i] = meta_kind(&L[i]);
        else
            kind[i] = SAH_PART_CHROME;
    }
    return b;
}

/* ---- the body --------------------------------------------------------- */

/* "Read more" closes a teaser: the other story's title and excerpt above. */
static void teaser_above(const sah_line_t *L, size_t b, size_t i, sah_part_kind_t *kind)
{
    if (i < b + 3 || kind[i - 1] != SAH_PART_BODY || kind[i - 2] != SAH_PART_BODY)
        return;
    if (!sah_shape_title(&L[i - 2].sh) || L[i - 2].sh.words > RELATED_MAX_WORDS)
        return;
    kind[i - 1] = kind[i - 2] = SAH_PART_CHROME;
}

/* Another story glued after this one opens with the same dateline. */
static bool glued_story(const char *t, const sah_line_t *L, size_t d, size_t i)
{
    size_t n = L[d].e - L[d].s;
    return L[i].e - L[i].s > n + 1 && memcmp(t + L[i].s, t + L[d].s, n) == 0 &&
           t[L[i].s + n] == ' ';
}

static void body(const char *t, sah_line_t *L, size_t m, size_t b, size_t dateline,
                 sah_part_kind_t *kind)
{
    bool related = false;
    for (size_t i = b; i < m; i++) {
        sah_line_t *l = &L[i];
        kind[i] = SAH_PART_BODY;
        if (i > b && !own(L, i) && (l->sh.words >= 4 || kind[l->first] != SAH_PART_BODY)) {
            kind[i] = kind[l->first] == SAH_PART_CHROME ? SAH_PART_CHROME : SAH_PART_REPEAT;
            continue;
        }
        if (i > b && l->chrome == SAH_CHROME_END) {
            for (; i < m; i++)
                kind[i] = SAH_PART_CHROME;
            return;
        }
        if (i > b && dateline != SIZE_MAX && glued_story(t, L, dateline, i)) {
            for (; i < m; i++)
                kind[i] = SAH_PART_CHROME;
            return;
        }
        if (l->chrome == SAH_CHROME_RELATED) {
            kind[i] = SAH_PART_CHROME;
            related = true;
            continue;
        }
        if (l->chrome == SAH_CHROME_MORE) {
            kind[i] = SAH_PART_CHROME;
            teaser_above(L, b, i, kind);
            continue;
        }
        if (l->chrome == SAH_CHROME_LINE || l->chrome == SAH_CHROME_MASTHEAD || l->featured) {
            kind[i] = SAH_PART_CHROME;
            continue;
        }
        if (related && related_title(&l->sh) && l->meta.kind != SAH_PART_CAPTION) {
            kind[i] = SAH_PART_CHROME;
            continue;
        }
        related = false;
        if (l->meta.kind == SAH_PART_SOURCE || l->meta.kind == SAH_PART_BYLINE)
            kind[i] = l->meta.kind;
        else if (l->sh.bullet)
            kind[i] = SAH_PART_LIST_ITEM;
    }
}

/* Titles after the last paragraph, three or more: other stories. */
static void trailing_titles(const sah_line_t *L, size_t m, size_t b, sah_part_kind_t *kind)
{
    size_t run = 0, first = m;
    for (size_t i = m; i-- > b + 1;) {
        if (kind[i] == SAH_PART_CHROME || kind[i] == SAH_PART_REPEAT)
            continue;
        /* A comma is a sentence's: hard-wrapped lines are not titles. */
        if (kind[i] != SAH_PART_BODY || !sah_shape_title(&L[i].sh) ||
            L[i].sh.words > TRAIL_MAX_WORDS || L[i].sh.stop || L[i].sh.inner_comma)
            break;
        run++;
        first = i;
    }
    if (run < TRAIL_MIN_LINES)
        return;
    for (size_t i = first; i < m; i++)
        if (kind[i] == SAH_PART_BODY)
            kind[i] = SAH_PART_CHROME;
}

/* Headings: heading-shaped lines with a paragraph somewhere after them
 * (the body is on both sides: the first paragraph is above). */
static void headings(const sah_line_t *L, size_t m, size_t b, sah_part_kind_t *kind)
{
    bool body_follows = false;
    for (size_t k = m; k-- > b;) {
        if (kind[k] != SAH_PART_BODY)
            continue;
        bool shaped = heading_shaped(&L[k].sh);
        if (shaped && body_follows && k > b)
            kind[k] = SAH_PART_HEADING;
        body_follows |= !shaped;
    }
}

/* ---- metadata --------------------------------------------------------- */

/* "Title | Site", "Title - Site": the site's name after the last spaced
 * bar or dash, when short; a dash needs the site's shape (a known word or a
 * repeat of the title alone) since "Sudan - the army ..." is a title. */
static void title_suffix(const char *t, const sah_line_t *L, size_t m, size_t h, sah_found_t *f)
{
    size_t s = L[h].s, e = L[h].e;
    f->title_end = e;
    for (size_t i = e; i-- > s + 1;) {
        if (t[i] != ' ' || i + 2 >= e || t[i - 1] == ' ')
            continue;
        bool bar = t[i + 1] == '|' && t[i + 2] == ' ';
        bool dash = (t[i + 1] == '-' && t[i + 2] == ' ') ||
                    (i + 4 < e && (unsigned char)t[i + 1] == 0xE2 && t[i + 2] == '\x80' &&
                     (t[i + 3] == '\x93' || t[i + 3] == '\x94') && t[i + 4] == ' ');
        if (!bar && !dash)
            continue;
        size_t site = i + (bar || t[i + 1] == '-' ? 3 : 5);
        sah_shape_t a, b;
        sah_shape_of(t + site, e - site, &b);
        sah_shape_of(t + s, i - s, &a);
        if (b.words == 0 || b.words > 4 || b.chars > 40 || a.words < 3)
            return;
        bool repeated = false;
        for (size_t j = h + 1; j < m && j <= h + 8 && !repeated; j++)
            repeated = L[j].e - L[j].s == i - s && memcmp(t + L[j].s, t + s, i - s) == 0;
        if (!bar && !repeated)
            return;
        f->title_end = i;
        f->site_s = site;
        f->site_e = e;
        return;
    }
}

/* "Title | Site" printed again under the headline: the site's name. */
static void site_from_repeat(const char *t, const sah_line_t *L, size_t h, size_t b,
                             const sah_part_kind_t *kind, sah_found_t *f)
{
    for (size_t j = h + 1; j < b && f->site_s == f->site_e; j++) {
        if (kind[j] != SAH_PART_REPEAT || !sah_head_extends(t, &L[h], &L[j]))
            continue;
        size_t p = L[j].s + (L[h].e - L[h].s) + 1; /* at the separator */
        p += t[p] == '|' || t[p] == '-' ? 1 : 3;   /* | - or – — */
        while (p < L[j].e && t[p] == ' ')
            p++;
        sah_shape_t sh;
        sah_shape_of(t + p, L[j].e - p, &sh);
        if (sh.words >= 1 && sh.words <= 4) {
            f->site_s = p;
            f->site_e = L[j].e;
        }
    }
}

static void find_source(const sah_line_t *L, size_t m, const sah_part_kind_t *kind, sah_found_t *f,
                        size_t *dateline)
{
    *dateline = SIZE_MAX;
    for (size_t i = 0; i < m; i++) {
        if (kind[i] == SAH_PART_READING_TIME && f->minutes < 0 && L[i].meta.minutes > 0)
            f->minutes = L[i].meta.minutes;
        if (kind[i] == SAH_PART_DATELINE && *dateline == SIZE_MAX)
            *dateline = i;
    }
    const sah_line_t *src = NULL;
    if (*dateline != SIZE_MAX && L[*dateline].meta.src_len)
        src = &L[*dateline];
    for (size_t i = 0; i < m && !src; i++)
        if (kind[i] == SAH_PART_SOURCE && L[i].meta.src_len)
            src = &L[i];
    if (src) {
        f->src_s = src->s + src->meta.src_off;
        f->src_e = f->src_s + src->meta.src_len;
    }
}

/* ---- all together ----------------------------------------------------- */

static bool anything_shown(const sah_part_kind_t *kind, size_t m)
{
    for (size_t i = 0; i < m; i++)
        if (sah_part_kind_is_shown(kind[i]))
            return true;
    return false;
}

bool sah_classify(const char *t, sah_line_t *L, size_t m, const char *title,
                  const sah_sitelines_t *site, sah_part_kind_t *kind, sah_found_t *f)
{
    char *key = malloc(KEY_MAX);
    if (!key)
        return false;
    size_t arabic = 0, latin = 0;
    for (size_t i = 0; i < m; i++) {
        describe(t, &L[i], key, site);
        arabic += L[i].sh.arabic;
        latin += L[i].sh.latin;
        kind[i] = SAH_PART_BODY;
    }
    free(key);
    if (!find_repeats(L, m))
        return false;
    find_teasers(t, L, m);
    memset(f, 0, sizeof *f);
    f->minutes = -1;
    f->lead = SIZE_MAX;
    f->arabic = arabic > latin;

    size_t h = title ? title_line(t, L, m, title) : sah_head_pick(t, L, m, f->arabic);
    size_t b;
    if (h != SIZE_MAX) {
        kind[h] = SAH_PART_HEADLINE;
        above_headline(t, L, h, f->arabic, kind);
        b = under_headline(t, L, m, h, f->arabic, kind);
    } else if (title) {
        b = 0; /* the front matter names the article: no head to find */
    } else {
        b = lead_head(L, m, f->arabic, kind);
        f->lead = b < m ? b : SIZE_MAX;
    }
    size_t dateline;
    find_source(L, m, kind, f, &dateline);
    if (b < m) {
        body(t, L, m, b, dateline, kind);
        trailing_titles(L, m, b, kind);
        headings(L, m, b, kind);
    }
    if (h != SIZE_MAX) {
        f->headline = h;
        title_suffix(t, L, m, h, f);
        site_from_repeat(t, L, h, b < m ? b : m, kind, f);
        if (f->src_s == f->src_e) {
            f->src_s = f->site_s;
            f->src_e = f->site_e;
        }
    } else {
        f->headline = SIZE_MAX;
    }
    /* When in doubt, keep: a page that is nothing but the site's lines is
     * read without them, and a page the rules would leave empty is shown
     * as it is written. */
    if (site && !anything_shown(kind, m))
        return sah_classify(t, L, m, title, NULL, kind, f);
    if (!anything_shown(kind, m))
        for (size_t i = 0; i < m; i++)
            kind[i] = SAH_PART_BODY;
    return true;
}
