/* head.c - see head.h. */
#define _GNU_SOURCE /* memrchr() */
#include "app/content/head.h"

#include "app/content/arnorm.h"

#include <string.h>
#include <strings.h>

#define N(a) (sizeof(a) / sizeof *(a))

/* Thresholds, in code points or words. The seed's dateline is 11 code
 * points; the longest real ones ("السومرية نيوز/ بغداد") about 25. */
#define DATELINE_MAX_CHARS 48
#define DATELINE_MAX_WORDS 4 /* per side: "أبو ظبي" - "سكاي نيوز عربية" */
#define DATE_MAX_WORDS     14
#define BYLINE_MAX_WORDS   8
#define SOURCE_MAX_WORDS   10
#define CAPTION_MAX_WORDS  60

/* ---- small helpers ----------------------------------------------------- */

static bool is_d(char c)
{
    return c >= '0' && c <= '9';
}

static bool begins_any(const char *k, size_t n, const char *const *words, size_t count)
{
    for (size_t i = 0; i < count; i++)
        if (sah_arnorm_begins(k, n, words[i]))
            return true;
    return false;
}

static bool contains(const char *k, size_t n, const char *w)
{
    return sah_arnorm_find(k, n, w, strlen(w)) != NULL;
}

/* ASCII letters and digits join words; any other ASCII byte parts them
 * ("0|رويترز"), and so does the key's end. */
static bool joins(char c)
{
    return (c >= 'a' && c <= 'z') || is_d(c) || (unsigned char)c >= 0x80;
}

/* @w in @k as a whole word: "ap" is in "ap photo", not in "whatsapp". */
static bool has_word(const char *k, size_t n, const char *w)
{
    size_t l = strlen(w);
    for (const char *p = k, *end = k + n; p < end;) {
        const char *hit = sah_arnorm_find(p, (size_t)(end - p), w, l);
        if (!hit)
            return false;
        bool left = hit == k || !joins(hit[-1]) ||
                    ((unsigned char)hit[-1] >= 0x80 && (unsigned char)hit[0] < 0x80);
        bool right = hit + l == end || !joins(hit[l]) ||
                     ((unsigned char)hit[l] >= 0x80 && (unsigned char)hit[l - 1] < 0x80);
        /* Arabic words are bounded by spaces or punctuation only. */
        if ((unsigned char)hit[0] >= 0x80)
            left = hit == k || (unsigned char)hit[-1] < 0x80 ? left || hit == k : false;
        if ((unsigned char)hit[l - 1] >= 0x80)
            right =
                hit + l == end || (unsigned char)hit[l] < 0x80 ? right || hit + l == end : false;
        if (left && right)
            return true;
        p = hit + 1;
    }
    return false;
}

/* The first number of a key (ASCII digits there), or -1. */
static long first_number(const char *k, size_t n)
{
    long v = -1;
    for (size_t i = 0; i < n; i++) {
        if (!is_d(k[i])) {
            if (v >= 0)
                return v;
            continue;
        }
        v = (v < 0 ? 0 : v * 10) + (k[i] - '0');
        if (v > 100000)
            return -1;
    }
    return v;
}

/* Digits at k[i..], how many (at most @max). */
static size_t digits_at(const char *k, size_t n, size_t i, size_t max)
{
    size_t d = 0;
    while (i + d < n && d < max + 1 && is_d(k[i + d]))
        d++;
    return d;
}

/* A date or time written in digits: 2025-11-14, 28-2-2026, 25/09/2021,
 * 14.11.2025, 08:58. */
static bool numeric_date(const char *k, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (!is_d(k[i]) || (i > 0 && is_d(k[i - 1])))
            continue;
        size_t a = digits_at(k, n, i, 4);
        size_t j = i + a;
        if (j + 1 >= n)
            return false;
        char sep = k[j];
        if (sep == ':' && a <= 2 && digits_at(k, n, j + 1, 2) == 2)
            return true;
        if (sep != '-' && sep != '/' && sep != '.')
            continue;
        size_t b = digits_at(k, n, j + 1, 2);
        if (b < 1 || b > 2 || j + 1 + b >= n || k[j + 1 + b] != sep)
            continue;
        size_t c = digits_at(k, n, j + 2 + b, 4);
        if ((a == 4 && c >= 1 && c <= 2) || (a <= 2 && (c == 2 || c == 4)))
            return true;
    }
    return false;
}

/* ---- reading time ------------------------------------------------------ */

static const char icon_alt[] = "time reading icon";

/* The reading-time icon's alt text a scraper glued to the label, and the
 * spaces after it: its length, 0 when absent. */
static size_t icon_alt_length(const char *s, size_t n)
{
    size_t k = sizeof icon_alt - 1;
    if (n < k || strncasecmp(s, icon_alt, k) != 0)
        return 0;
    while (k < n && (s[k] == ' ' || s[k] == '\t'))
        k++;
    return k;
}

/* The publisher's reading time: a label and a number. Keys: "قراءة" is
 * "قراه" (the hamza dropped), "دقائق" is "دقايق". */
static long reading_time(const char *k, size_t n)
{
    bool labelled = false;
    if (contains(k, n, "قراه"))
        labelled = contains(k, n, "دقايق") || contains(k, n, "دقيقه") || contains(k, n, "دقيقت") ||
                   contains(k, n, "وقت القراه") || contains(k, n, "مده القراه");
    /* "min read", "mins read", "minute read", "minutes read", "reading
     * time", "read time": each "read" of the key looked at once. */
    const char *end = k + n;
    for (const char *p = k; !labelled && (p = sah_arnorm_find(p, (size_t)(end - p), "read", 4));
         p++) {
        size_t before = (size_t)(p - k), after = (size_t)(end - p) - 4;
        static const char *const units[] = {"min ", "mins ", "minute ", "minutes "};
        for (size_t u = 0; u < N(units) && !labelled; u++) {
            size_t l = strlen(units[u]);
            labelled = before >= l && memcmp(p - l, units[u], l) == 0;
        }
        labelled = labelled || (after >= 8 && memcmp(p + 4, "ing time", 8) == 0) ||
                   (after >= 5 && memcmp(p + 4, " time", 5) == 0);
    }
    long v = labelled ? first_number(k, n) : -1;
    return v >= 1 && v <= 999 ? v : -1;
}

/* ---- dates ------------------------------------------------------------- */

/* Month and weekday names, as keys. Arabic Gregorian names in their
 * Egyptian/Gulf forms (يناير), Levantine/Iraqi forms (كانون الثاني) and
 * Maghrebi forms (يوليوز، غشت، شتنبر، دجنبر); Hijri months; Persian
 * (Solar Hijri) months; English. */
static const char *const months[] = {
    "يناير",    "فبراير",   "مارس",   "ابريل",  "مايو",      "يونيو",     "يونيه",    "يوليو",
    "يوليه",    "اغسطس",    "سبتمبر", "اكتوبر", "نوفمبر",    "ديسمبر",    "ماي",      "يوليوز",
    "غشت",      "شتنبر",    "نونبر",  "دجنبر",  "كانون",     "شباط",      "اذار",     "نيسان",
    "ايار",     "حزيران",   "تموز",   "اب",     "ايلول",     "تشرين",     "محرم",     "صفر",
    "ربيع",     "جمادي",    "رجب",    "شعبان",  "رمضان",     "شوال",      "القعده",   "الحجه",
    "فروردين",  "ارديبهشت", "خرداد",  "تير",    "مرداد",     "شهريور",    "مهر",      "ابان",
    "اذر",      "دي",       "بهمن",   "اسفند",  "january",   "february",  "march",    "april",
    "may",      "june",     "july",   "august", "september", "october",   "november", "december",
    "jan",      "feb",      "mar",    "apr",    "jun",       "jul",       "aug",      "sep",
    "sept",     "oct",      "nov",    "dec",    "الاحد",     "الاثنين",   "الثلاثاء", "الاربعاء",
    "الخميس",   "الجمعه",   "السبت",  "monday", "tuesday",   "wednesday", "thursday", "friday",
    "saturday", "sunday",
};

static const char *const date_labels[] = {
    "نشر",       "نشر في",  "نشر بتاريخ", "تاريخ النشر",  "بتاريخ", "اخر تحديث",
    "published", "updated", "posted",     "last updated", "تاريخ",
};

/* Whether a word of the key (between spaces, up to a colon) is a month's
 * or a weekday's name (a name at the key's start or after a space, before
 * its end, a space or a colon), each word looked at once rather than the
 * key read once a name. */
static bool month_word(const char *k, size_t n)
{
    for (size_t i = 0; i < n;) {
        size_t e = i;
        while (e < n && k[e] != ' ' && k[e] != ':')
            e++;
        /* The first two bytes first (an Arabic name's first is one of
         * two lead bytes); the name ends where the word does. */
        for (size_t m = 0; m < N(months) && e - i >= 2; m++)
            if (months[m][0] == k[i] && months[m][1] == k[i + 1] &&
                strncmp(months[m], k + i, e - i) == 0 && months[m][e - i] == 0)
                return true;
        /* On to the next word: past the next space. */
        const char *sp = memchr(k + e, ' ', n - e);
        i = sp ? (size_t)(sp - k) + 1 : n;
    }
    return false;
}

static bool is_date(const char *k, size_t n, const sah_shape_t *sh)
{
    if (sh->words > DATE_MAX_WORDS || (sh->stop && sh->words > 4))
        return false;
    /* "منذ ساعتين", "3 hours ago": a time without digits needs its word. */
    if (sah_arnorm_begins(k, n, "منذ") &&
        (contains(k, n, "ساع") || contains(k, n, "دقيق") || contains(k, n, "دقايق") ||
         contains(k, n, "يوم") || contains(k, n, "ايام")))
        return true;
    if (sh->digits == 0)
        return false;
    if (contains(k, n, " ago") && sh->words <= 5)
        return true;
    return numeric_date(k, n) || month_word(k, n) || begins_any(k, n, date_labels, N(date_labels));
}

/* ---- datelines --------------------------------------------------------- */

/* Where the source is in a "City - Source" line: returns its offset in @s
 * (and length) or false. */
static bool dateline(const char *s, size_t n, const sah_shape_t *sh, size_t *off, size_t *len)
{
    static const char *const seps[] = {
        " - ", " \xE2\x80\x93 ", " \xE2\x80\x94 ", " \xD9\x80 ", "- ", " -", "/ ", " / "};
    if (sh->chars > DATELINE_MAX_CHARS || sh->digits || sh->stop)
        return false;
    /* "مأرب ـ سبأنت :": a colon after the dateline. */
    size_t e = n;
    while (e > 0 && (s[e - 1] == ':' || s[e - 1] == ' '))
        e--;
    if (sh->clause && e == n)
        return false;
    /* "RIYADH —", "London (Reuters) -": the story follows on the next line. */
    static const char *const tails[] = {" -", " \xE2\x80\x93", " \xE2\x80\x94"};
    for (size_t d = 0; d < N(tails); d++) {
        size_t l = strlen(tails[d]);
        if (e > l && memcmp(s + e - l, tails[d], l) == 0 && sh->words <= DATELINE_MAX_WORDS + 1) {
            const char *open = memchr(s, '(', e);
            const char *close = open ? memchr(open, ')', (size_t)(s + e - open)) : NULL;
            *off = open && close ? (size_t)(open - s) + 1 : 0;
            *len = open && close ? (size_t)(close - open) - 1 : 0;
            return true;
        }
    }
    for (size_t d = 0; d < N(seps); d++) {
        size_t l = strlen(seps[d]);
        const char *hit = sah_arnorm_find(s, e, seps[d], l);
        if (!hit)
            continue;
        size_t left = (size_t)(hit - s), right = left + l;
        if (left == 0 || right >= e || sah_arnorm_find(s + right, e - right, seps[d], l))
            return false;
        while (left > 0 && s[left - 1] == ' ')
            left--;
        sah_shape_t a, b;
        sah_shape_of(s, left, &a);
        sah_shape_of(s + right, e - right, &b);
        if (a.words > DATELINE_MAX_WORDS || b.words > DATELINE_MAX_WORDS || !a.letters ||
            !b.letters)
            return false;
        /* The source is on the right ("دبي - الشرق"), on the left of a
         * slash ("السومرية نيوز/ بغداد"), or on the left when it names the
         * city ("بغداد اليوم – بغداد"). */
        bool src_left = seps[d][0] == '/' || seps[d][1] == '/' ||
                        (e - right <= left && sah_arnorm_find(s, left, s + right, e - right));
        *off = src_left ? 0 : right;
        *len = src_left ? left : e - right;
        return true;
    }
    return false;
}

/* ---- bylines, sources, credits ----------------------------------------- */

static const char *const byline_words[] = {"بقلم",         "كتب",    "كتبت",    "by",
                                           "ترجمه",        "اعداد",  "تقرير",   "written by",
                                           "reporting by", "الكاتب", "الكاتبه", "تحرير"};

static bool is_byline(const char *k, size_t n, const sah_shape_t *sh)
{
    if (sh->words > BYLINE_MAX_WORDS || sh->words < 2 || (sh->stop && !sh->question))
        return false;
    /* A comma may follow the name: "By Sarah Ahmed, Staff Reporter". */
    if (begins_any(k, n, byline_words, N(byline_words)))
        return sah_arnorm_begins(k, n, "الكاتب") || sah_arnorm_begins(k, n, "الكاتبه")
                   ? sh->words <= 5
                   : true;
    if (sh->inner_comma)
        return false;
    /* "Saudi Gazette report", "ويب ڈیسک": a desk's name. */
    return sh->words <= 5 && n > 7 && memcmp(k + n - 7, " report", 7) == 0;
}

/* News agencies, as keys: a short line naming one is the source. */
static const char *const agencies[] = {
    "رويترز",
    "فرانس برس",
    "ا ف ب",
    "اف ب",
    "الاناضول",
    "وكالات",
    "واس",
    "وام",
    "قنا",
    "بترا",
    "سانا",
    "كونا",
    "ارنا",
    "reuters",
    "afp",
    "ap",
    "wam",
    "spa",
    "associated press",
    "dpa",
    "epa",
    "انباء",
};

static bool is_source(const char *s, size_t n, const char *k, size_t kn, const sah_shape_t *sh,
                      size_t *off, size_t *len)
{
    if (sh->words > SOURCE_MAX_WORDS)
        return false;
    if (sah_arnorm_begins(k, kn, "المصدر") || sah_arnorm_begins(k, kn, "source") ||
        sah_arnorm_begins(k, kn, "مصدر")) {
        const char *colon = memchr(s, ':', n);
        if (!colon && sh->words > 3)
            return false;
        size_t o = colon ? (size_t)(colon - s) + 1 : 0;
        while (o < n && s[o] == ' ')
            o++;
        *off = o;
        *len = n - o;
        return true;
    }
    if (sh->words > 3 || sh->stop)
        return false;
    for (size_t i = 0; i < N(agencies); i++) {
        if (!has_word(k, kn, agencies[i]))
            continue;
        /* "0|رويترز": the source is after a separator. */
        const char *bar = memchr(s, '|', n);
        *off = bar ? (size_t)(bar - s) + 1 : 0;
        *len = n - *off;
        return true;
    }
    return false;
}

/* Where the credit of a caption starts: after the last " -", " /" or "("
 * of the key (at index 1 or later), found from the end with memrchr();
 * 0 when none. */
static size_t credit_cut(const char *k, size_t n)
{
    size_t best = 0;
    const char *p = n > 1 ? memrchr(k + 1, '(', n - 1) : NULL;
    if (p)
        best = (size_t)(p - k);
    static const char dashes[] = {'-', '/'};
    for (size_t d = 0; d < N(dashes); d++)
        for (size_t lim = n; lim > best + 1;) {
            const char *q = memrchr(k + best + 1, dashes[d], lim - best - 1);
            if (!q)
                break;
            lim = (size_t)(q - k);
            if (k[lim - 1] == ' ') {
                best = lim;
                break;
            }
        }
    return best;
}

/* A credit label anywhere in the key: "photo:", "photo by", "photo
 * credit", "image credit", "credit:", "صوره:" (and "الصوره:"), "الصوره ",
 * "تصوير:". Each occurrence of the four words is looked at once, where a
 * search a label read the key nine times. */
static bool credit_label(const char *k, size_t n)
{
    static const char photo[] = "photo", credit[] = "credit", image[] = "صوره";
    const char *end = k + n;
    for (const char *p = k; (p = sah_arnorm_find(p, (size_t)(end - p), photo, 5)); p++) {
        const char *a = p + 5;
        size_t r = (size_t)(end - a);
        if ((r >= 1 && *a == ':') || (r >= 3 && memcmp(a, " by", 3) == 0) ||
            (r >= 7 && memcmp(a, " credit", 7) == 0))
            return true;
    }
    for (const char *p = k; (p = sah_arnorm_find(p, (size_t)(end - p), credit, 6)); p++) {
        if ((p + 6 < end && p[6] == ':') ||
            ((size_t)(p - k) >= 6 && memcmp(p - 6, "image ", 6) == 0))
            return true;
    }
    const size_t il = sizeof image - 1;
    for (const char *p = k; (p = sah_arnorm_find(p, (size_t)(end - p), image, il)); p++) {
        const char *a = p + il;
        if (a < end && (*a == ':' || (*a == ' ' && (size_t)(p - k) >= 4 &&
                                      memcmp(p - 4, "\xD8\xA7\xD9\x84", 4) == 0)))
            return true;
    }
    return contains(k, n, "تصوير:");
}

/* A photo's credit at the end of a line ("... - REUTERS", "(أ ف ب)",
 * "/ Gettyimages.ru") or a credit label anywhere. */
static bool is_credit(const char *k, size_t n, const sah_shape_t *sh)
{
    static const char *const credits[] = {"getty",   "shutterstock", "ارشيف",      "ارشيفيه",
                                          "تعبيريه", "ap photo",     "gettyimages"};
    if (sh->words > CAPTION_MAX_WORDS || sh->words == 0)
        return false;
    if (credit_label(k, n))
        return true;
    /* The credit: after the last " - ", " / " or "(" of the line. */
    size_t sep = credit_cut(k, n), cut = sep + 1;
    if (sep == 0 || n - cut > 40)
        return false;
    /* A caption is a sentence or a name before its credit ("الرأي - وكالات"
     * is a source). */
    sah_shape_t before;
    sah_shape_of(k, sep, &before);
    if (before.words < 4)
        return false;
    const char *tail = k + cut;
    size_t tn = n - cut;
    for (size_t i = 0; i < N(agencies); i++)
        if (has_word(tail, tn, agencies[i]))
            return true;
    for (size_t i = 0; i < N(credits); i++)
        if (contains(tail, tn, credits[i]))
            return true;
    return false;
}

bool sah_head_meta(const char *s, size_t n, const char *key, size_t kn, const sah_shape_t *sh,
                   sah_meta_line_t *out)
{
    memset(out, 0, sizeof *out);
    out->kind = SAH_PART_BODY;
    if (n > SAH_HEAD_META_MAX_BYTES) {
        if (is_credit(key, kn, sh)) {
            out->kind = SAH_PART_CAPTION;
            return true;
        }
        return false;
    }
    size_t alt = icon_alt_length(s, n);
    if (alt) {
        out->skip = alt;
        long v = alt == n ? 0 : reading_time(key, kn);
        if (v >= 0) {
            out->kind = SAH_PART_READING_TIME;
            out->minutes = v;
            return true;
        }
    }
    long v = reading_time(key, kn);
    if (v > 0 && sh->words <= 8) {
        out->kind = SAH_PART_READING_TIME;
        out->minutes = v;
        return true;
    }
    if (is_byline(key, kn, sh) && !is_date(key, kn, sh)) {
        out->kind = SAH_PART_BYLINE;
        return true;
    }
    if (is_credit(key, kn, sh)) {
        out->kind = SAH_PART_CAPTION;
        return true;
    }
    if (is_date(key, kn, sh)) {
        out->kind = SAH_PART_DATE;
        return true;
    }
    if (dateline(s, n, sh, &out->src_off, &out->src_len)) {
        out->kind = SAH_PART_DATELINE;
        return true;
    }
    if (is_source(s, n, key, kn, sh, &out->src_off, &out->src_len)) {
        out->kind = SAH_PART_SOURCE;
        return true;
    }
    return false;
}

size_t sah_head_window(size_t m)
{
    return m > SAH_HEAD_WINDOW ? SAH_HEAD_WINDOW : m;
}

bool sah_head_foreign(const sah_line_t *L, bool arabic)
{
    bool other =
        arabic ? L->sh.arabic == 0 && L->sh.latin > 0 : L->sh.latin == 0 && L->sh.arabic > 0;
    /* A paragraph in the other script is the article's (a quotation), and
     * so is a sentence: a title-shaped line that ends in a full stop is
     * kept, because dropping a body sentence is worse than showing a
     * stray line. */
    bool sentence = sah_shape_body(&L->sh) && (!sah_shape_title(&L->sh) || L->sh.stop);
    return other && !sentence;
}

bool sah_head_pair(const sah_line_t *L, size_t m, size_t i)
{
    return i + 1 < m && L[i].first == i && L[i + 1].first == i;
}

/* ---- the headline ------------------------------------------------------ */

/* Points of the evidence, and the least a headline needs. */
#define PT_FIRST      2
#define PT_WORDS      1 /* each: 4+ words, 7+ words */
#define PT_OPEN_END   1 /* no final punctuation (or a question) */
#define PT_REPEAT     3 /* repeated within REPEAT_SPAN lines; 2 when at once */
#define PT_META_AFTER 3
#define PT_META_ABOVE 1
#define PT_BODY_NEXT  2
#define PT_LIST       3 /* taken away: one of a list of titles */
#define PT_NEEDED     3
#define REPEAT_SPAN   6
#define META_SPAN     3
#define BODY_SPAN     8

/* A line that the head's rules pass over: chrome, metadata, a repeat. */
static bool passed_over(const sah_line_t *L, size_t j, bool arabic)
{
    return L[j].chrome != SAH_CHROME_NONE || L[j].featured || L[j].teaser ||
           L[j].meta.kind != SAH_PART_BODY || L[j].first != j || L[j].sh.bullet ||
           sah_head_foreign(&L[j], arabic);
}

static bool candidate(const sah_line_t *L, size_t m, size_t i, bool arabic)
{
    const sah_line_t *l = &L[i];
    if (passed_over(L, i, arabic) || l->copies >= 3 || !sah_shape_title(&l->sh))
        return false;
    /* A title over a teaser cut with "...": one of a list of other stories. */
    if (i + 1 < m && L[i + 1].sh.ellipsis)
        return false;
    return i == 0 || l->sh.words >= 3;
}

bool sah_head_extends(const char *t, const sah_line_t *a, const sah_line_t *b)
{
    size_t an = a->e - a->s, bn = b->e - b->s;
    if (bn <= an + 3 || memcmp(t + a->s, t + b->s, an) != 0)
        return false;
    const char *r = t + b->s + an;
    return r[0] == ' ' && (r[1] == '|' || r[1] == '-' || (unsigned char)r[1] == 0xE2);
}

static bool meta_at(const sah_line_t *L, size_t m, size_t j)
{
    return L[j].meta.kind != SAH_PART_BODY || sah_head_pair(L, m, j);
}

/* Metadata that only a head has (a source line also closes articles). */
static bool head_meta_at(const sah_line_t *L, size_t m, size_t j)
{
    return meta_at(L, m, j) && L[j].meta.kind != SAH_PART_SOURCE;
}

static int score(const char *t, const sah_line_t *L, size_t m, size_t i, bool arabic)
{
    const sah_line_t *l = &L[i];
    int sc = i == 0 ? PT_FIRST : 0;
    sc += (l->sh.words >= 4) * PT_WORDS + (l->sh.words >= 7) * PT_WORDS;
    sc += (!sah_shape_final(&l->sh) || l->sh.question) * PT_OPEN_END;
    for (size_t j = i + 1; j < m && j <= i + REPEAT_SPAN; j++) {
        if (L[j].first == i || sah_head_extends(t, l, &L[j]) || sah_head_extends(t, &L[j], l)) {
            sc += j == i + 1 ? PT_REPEAT - 1 : PT_REPEAT;
            break;
        }
    }
    bool meta_after = false;
    for (size_t j = i + 1; j < m && j <= i + META_SPAN && !meta_after; j++)
        meta_after = meta_at(L, m, j) && L[j].first != i;
    sc += meta_after * PT_META_AFTER;
    bool meta_above = i > 0 && L[i - 1].meta.kind != SAH_PART_BODY;
    sc += meta_above * PT_META_ABOVE;
    /* The body starts under it: its next own line is a paragraph. */
    size_t seen = 0;
    for (size_t j = i + 1; j < m && j <= i + BODY_SPAN; j++) {
        if (passed_over(L, j, arabic) || L[j].copies >= 2 || sah_head_pair(L, m, j))
            continue;
        if (sah_shape_body(&L[j].sh)) {
            sc += seen == 0 ? PT_BODY_NEXT : seen == 1 && L[j - 1].sh.words < 3 ? 1 : 0;
            break;
        }
        if (++seen > 1)
            break;
    }
    /* One of three or more titles in a row: a list of other stories. */
    size_t run = 1;
    for (size_t j = i; j > 0 && candidate(L, m, j - 1, arabic); j--)
        run++;
    for (size_t j = i + 1; j < m && candidate(L, m, j, arabic); j++)
        run++;
    if (run >= 3 && !meta_after && !meta_above)
        sc -= PT_LIST;
    return sc;
}

size_t sah_head_pick(const char *t, const sah_line_t *L, size_t m, bool arabic)
{
    size_t best = SIZE_MAX, window = sah_head_window(m);
    int best_sc = PT_NEEDED - 1;
    bool paragraph_above = false;
    for (size_t i = 0; i < window; i++) {
        if (candidate(L, m, i, arabic)) {
            bool meta_close = (i + 1 < m && head_meta_at(L, m, i + 1)) ||
                              (i + 2 < m && head_meta_at(L, m, i + 2));
            /* Under a paragraph only with metadata right under it; a caption
             * printed twice under a headline is not another headline. */
            bool caption = best != SIZE_MAX && sah_head_pair(L, m, i);
            if ((!paragraph_above || meta_close) && !caption) {
                int sc = score(t, L, m, i, arabic);
                if (sc > best_sc) {
                    best_sc = sc;
                    best = i;
                }
            }
        }
        /* A paragraph: not a long title (a menu line, a list's title). */
        if (!passed_over(L, i, arabic) && sah_shape_body(&L[i].sh) && !sah_shape_title(&L[i].sh))
            paragraph_above = true;
    }
    return best;
}
