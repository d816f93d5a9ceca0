/* chrome.c - see chrome.h. */
#include "app/content/chrome.h"

#include "app/content/arnorm.h"

#include <string.h>

/* Vocabulary, written as keys (arnorm.h: no hamza on alef, ه for ة, ي for
 * ى and ئ, lowercase): sah_chrome_vocab_is_normalised() checks it. Lines of
 * other stories' titles and widgets seen on Arabic, English, Persian and
 * Urdu news sites. */

typedef struct {
    const char *key;
    sah_chrome_t cls;
    size_t len; /* strlen(key), by E(): every line is matched against every entry */
} entry_t;

#define E(k, c)                                                                                    \
    {                                                                                              \
        k, c, sizeof(k) - 1                                                                        \
    }

/* The whole line (after its bullets and final colon) is one of these. */
static const entry_t whole[] = {
    E("اعلان", SAH_CHROME_LINE),
    E("اعلانات", SAH_CHROME_LINE),
    E("مساحه اعلانيه", SAH_CHROME_LINE),
    E("advertisement", SAH_CHROME_LINE),
    E("sponsored", SAH_CHROME_LINE),
    E("شارك", SAH_CHROME_LINE),
    E("مشاركه", SAH_CHROME_LINE),
    E("شارك الخبر", SAH_CHROME_LINE),
    E("شارك المقال", SAH_CHROME_LINE),
    E("طباعه", SAH_CHROME_LINE),
    E("print", SAH_CHROME_LINE),
    E("share", SAH_CHROME_LINE),
    E("tweet", SAH_CHROME_LINE),
    E("تويتر", SAH_CHROME_LINE),
    E("فيسبوك", SAH_CHROME_LINE),
    E("فيس بوك", SAH_CHROME_LINE),
    E("واتساب", SAH_CHROME_LINE),
    E("تيليجرام", SAH_CHROME_LINE),
    E("تلغرام", SAH_CHROME_LINE),
    E("يوتيوب", SAH_CHROME_LINE),
    E("انستغرام", SAH_CHROME_LINE),
    E("انستجرام", SAH_CHROME_LINE),
    E("twitter", SAH_CHROME_LINE),
    E("facebook", SAH_CHROME_LINE),
    E("whatsapp", SAH_CHROME_LINE),
    E("telegram", SAH_CHROME_LINE),
    E("youtube", SAH_CHROME_LINE),
    E("instagram", SAH_CHROME_LINE),
    E("linkedin", SAH_CHROME_LINE),
    E("تم نسخ الرابط", SAH_CHROME_LINE),
    E("نسخ الرابط", SAH_CHROME_LINE),
    E("انسخ الرابط", SAH_CHROME_LINE),
    E("copy link", SAH_CHROME_LINE),
    E("link copied", SAH_CHROME_LINE),
    E("الرييسيه", SAH_CHROME_LINE),
    E("home", SAH_CHROME_HEAD),
    E("عاجل", SAH_CHROME_HEAD),
    E("مباشر", SAH_CHROME_HEAD),
    E("live", SAH_CHROME_HEAD),
    E("بحث", SAH_CHROME_HEAD),
    E("search", SAH_CHROME_HEAD),
    E("menu", SAH_CHROME_LINE),
    E("القايمه", SAH_CHROME_LINE),
    E("حجم الخط", SAH_CHROME_HEAD),
    E("تكبير الخط", SAH_CHROME_LINE),
    E("تصغير الخط", SAH_CHROME_LINE),
    E("font size", SAH_CHROME_HEAD),
    E("تم التحديث", SAH_CHROME_LINE),
    E("updated", SAH_CHROME_HEAD),
    E("فيديو", SAH_CHROME_HEAD),
    E("video", SAH_CHROME_HEAD),
    E("صور", SAH_CHROME_HEAD),
    E("photos", SAH_CHROME_HEAD),
    E("gallery", SAH_CHROME_HEAD),
    E("newsletter", SAH_CHROME_LINE),
    E("النشره البريديه", SAH_CHROME_LINE),
    E("اشترك", SAH_CHROME_LINE),
    E("اشترك الان", SAH_CHROME_LINE),
    E("subscribe", SAH_CHROME_LINE),
    E("sign in", SAH_CHROME_LINE),
    E("log in", SAH_CHROME_LINE),
    E("login", SAH_CHROME_LINE),
    E("register", SAH_CHROME_HEAD),
    E("تسجيل الدخول", SAH_CHROME_LINE),
    E("الخروج", SAH_CHROME_LINE),
    E("تسجيل الخروج", SAH_CHROME_LINE),
    E("english", SAH_CHROME_HEAD),
    E("arabic", SAH_CHROME_HEAD),
    E("العربيه", SAH_CHROME_HEAD),
    E("english en", SAH_CHROME_HEAD),
    E("no image", SAH_CHROME_LINE),
    E("image", SAH_CHROME_HEAD),
    E("stories", SAH_CHROME_HEAD),
    E("google news", SAH_CHROME_LINE),
    E("rss", SAH_CHROME_LINE),
    E("تابعنا", SAH_CHROME_LINE),
    E("تابعونا", SAH_CHROME_LINE),
    E("follow us", SAH_CHROME_LINE),
    E("back to top", SAH_CHROME_LINE),
    E("اين يمكنك متابعتنا", SAH_CHROME_LINE),
    E("اقرا ايضا", SAH_CHROME_RELATED),
    E("اقرا كذلك", SAH_CHROME_RELATED),
    E("مقالات ذات صله", SAH_CHROME_RELATED),
    E("اخبار ذات صله", SAH_CHROME_RELATED),
    E("ذات صله", SAH_CHROME_RELATED),
    E("مواضيع ذات صله", SAH_CHROME_RELATED),
    E("موضوعات ذات صله", SAH_CHROME_RELATED),
    E("مواد ذات صله", SAH_CHROME_RELATED),
    E("اخبار متعلقه", SAH_CHROME_RELATED),
    E("مواضيع متعلقه", SAH_CHROME_RELATED),
    E("مقالات متعلقه", SAH_CHROME_RELATED),
    E("قد يعجبك", SAH_CHROME_RELATED),
    E("قد يعجبك ايضا", SAH_CHROME_RELATED),
    E("فيديو قد يعجبك", SAH_CHROME_RELATED),
    E("قد يهمك", SAH_CHROME_RELATED),
    E("قد يهمك ايضا", SAH_CHROME_RELATED),
    E("شاهد ايضا", SAH_CHROME_RELATED),
    E("الاكثر قراه", SAH_CHROME_RELATED),
    E("الاكثر مشاهده", SAH_CHROME_RELATED),
    E("الاكثر تداولا", SAH_CHROME_RELATED),
    E("ابرز الاخبار", SAH_CHROME_RELATED),
    E("اخر الاخبار", SAH_CHROME_RELATED),
    E("اهم الاخبار", SAH_CHROME_RELATED),
    E("السابق", SAH_CHROME_RELATED),
    E("التالي", SAH_CHROME_RELATED),
    E("المقال السابق", SAH_CHROME_RELATED),
    E("المقال التالي", SAH_CHROME_RELATED),
    E("الخبر السابق", SAH_CHROME_RELATED),
    E("الخبر التالي", SAH_CHROME_RELATED),
    E("تصنيفات", SAH_CHROME_RELATED),
    E("التصنيفات", SAH_CHROME_RELATED),
    E("الوسوم", SAH_CHROME_RELATED),
    E("وسوم", SAH_CHROME_RELATED),
    E("كلمات مفتاحيه", SAH_CHROME_RELATED),
    E("الكلمات المفتاحيه", SAH_CHROME_RELATED),
    E("الكلمات الداله", SAH_CHROME_RELATED),
    E("read also", SAH_CHROME_RELATED),
    E("see also", SAH_CHROME_RELATED),
    E("related", SAH_CHROME_RELATED),
    E("related articles", SAH_CHROME_RELATED),
    E("related stories", SAH_CHROME_RELATED),
    E("related news", SAH_CHROME_RELATED),
    E("more stories", SAH_CHROME_RELATED),
    E("you may also like", SAH_CHROME_RELATED),
    E("recommended", SAH_CHROME_RELATED),
    E("previous", SAH_CHROME_RELATED),
    E("next", SAH_CHROME_RELATED),
    E("read previous", SAH_CHROME_RELATED),
    E("read next", SAH_CHROME_RELATED),
    E("previous article", SAH_CHROME_RELATED),
    E("next article", SAH_CHROME_RELATED),
    E("tags", SAH_CHROME_RELATED),
    E("categories", SAH_CHROME_RELATED),
    E("topics", SAH_CHROME_RELATED),
    E("التعليقات", SAH_CHROME_END),
    E("تعليقات", SAH_CHROME_END),
    E("اضف تعليق", SAH_CHROME_END),
    E("اضف تعليقك", SAH_CHROME_END),
    E("اترك تعليقا", SAH_CHROME_END),
    E("leave a reply", SAH_CHROME_END),
    E("leave a comment", SAH_CHROME_END),
    E("comments", SAH_CHROME_END),
    E("post a comment", SAH_CHROME_END),
    E("read more", SAH_CHROME_MORE),
    E("اقرا المزيد", SAH_CHROME_MORE),
    E("اقرا اكثر", SAH_CHROME_MORE),
    E("المزيد", SAH_CHROME_MORE),
    E("more", SAH_CHROME_MORE),
    E("continue reading", SAH_CHROME_MORE),
    E("تابع القراه", SAH_CHROME_MORE),
};

/* The line begins with one of these (then a space, a colon or its end). */
static const entry_t prefixes[] = {
    E("تم التحديث", SAH_CHROME_LINE),
    /* A ticker's item, another story: "عاجل: ...", "Breaking: ..." */
    E("عاجل", SAH_CHROME_LINE),
    E("breaking", SAH_CHROME_LINE),
    E("sorry, you need to enable", SAH_CHROME_LINE),
    E("لديك حساب", SAH_CHROME_LINE),
    E("تابعنا علي", SAH_CHROME_LINE),
    E("تابعونا علي", SAH_CHROME_LINE),
    E("follow us on", SAH_CHROME_LINE),
    E("اشترك في", SAH_CHROME_LINE),
    E("subscribe to", SAH_CHROME_LINE),
    E("اقرا ايضا", SAH_CHROME_RELATED),
    E("اقرا كذلك", SAH_CHROME_RELATED),
    E("اخبار ذات صله", SAH_CHROME_RELATED),
    E("مقالات ذات صله", SAH_CHROME_RELATED),
    E("مواضيع ذات صله", SAH_CHROME_RELATED),
    E("الكلمات الداله", SAH_CHROME_RELATED),
    E("الكلمات المفتاحيه", SAH_CHROME_RELATED),
    E("كلمات مفتاحيه", SAH_CHROME_RELATED),
    E("الوسوم", SAH_CHROME_RELATED),
    E("tags", SAH_CHROME_RELATED),
    E("read also", SAH_CHROME_RELATED),
    E("see also", SAH_CHROME_RELATED),
    E("التعليقات", SAH_CHROME_END),
    E("comments", SAH_CHROME_END),
    E("رييس التحرير", SAH_CHROME_MASTHEAD),
    E("رييسه التحرير", SAH_CHROME_MASTHEAD),
    E("رييس مجلس الاداره", SAH_CHROME_MASTHEAD),
    E("نايب رييس التحرير", SAH_CHROME_MASTHEAD),
    E("مدير التحرير", SAH_CHROME_MASTHEAD),
    E("المدير العام", SAH_CHROME_MASTHEAD),
    E("الاشراف العام", SAH_CHROME_MASTHEAD),
    E("مستشار التحرير", SAH_CHROME_MASTHEAD),
    E("editor-in-chief", SAH_CHROME_MASTHEAD),
    E("editor in chief", SAH_CHROME_MASTHEAD),
    E("managing editor", SAH_CHROME_MASTHEAD),
};

/* Found anywhere in a line of at most CONTAINS_MAX_WORDS words. */
static const entry_t contains[] = {
    E("javascript", SAH_CHROME_LINE),
    E("cookie", SAH_CHROME_LINE),
    E("ملفات تعريف الارتباط", SAH_CHROME_LINE),
    E("facebook-domain-verification", SAH_CHROME_LINE),
    E("powered by", SAH_CHROME_LINE),
    E("تصفح بدون اعلانات", SAH_CHROME_LINE),
    E("privacy policy", SAH_CHROME_LINE),
    E("سياسه الخصوصيه", SAH_CHROME_LINE),
    E("terms of use", SAH_CHROME_LINE),
    E("شروط الاستخدام", SAH_CHROME_LINE),
    E("\xC2\xA9", SAH_CHROME_LINE), /* © */
    E("مخصص للمشتركين", SAH_CHROME_END),
    E("للمشتركين فقط", SAH_CHROME_END),
    E("subscribers only", SAH_CHROME_END),
    E("subscriber-only", SAH_CHROME_END),
    E("مقال مورشف", SAH_CHROME_END),
    E("جميع الحقوق محفوظه", SAH_CHROME_END),
    E("all rights reserved", SAH_CHROME_END),
};

/* A short line starting with one of these names a publication: the site's
 * masthead, not the story ("صحيفة عاجل الإلكترونية"). */
static const char *const site_words[] = {"صحيفه", "جريده", "بوابه", "قناه", "موقع", "شبكه", "مجله"};

/* Section labels: "أخبار لبنان", "الأخبار المحلية" (two words at most). */
static const char *const section_words[] = {"اخبار", "الاخبار"};

#define VOCAB_MAX_WORDS    30
#define CONTAINS_MAX_WORDS 20
#define SITE_MAX_WORDS     4
/* No entry of whole[] is longer (sah_chrome_vocab_is_normalised() checks
 * it): a longer key is none of them, and the table is not read. */
#define WHOLE_MAX_BYTES 48

#define N(a) (sizeof(a) / sizeof *(a))

/* The second byte is compared before memcmp(): every line is matched
 * against every entry, and an Arabic key's first byte is nearly always
 * the same lead byte. */
static bool same(const char *k, size_t n, const entry_t *e)
{
    return e->len == n && k[1] == e->key[1] && memcmp(k, e->key, n) == 0;
}

static bool begins(const char *k, size_t n, const entry_t *e)
{
    return n >= e->len && k[1] == e->key[1] && memcmp(k, e->key, e->len) == 0 &&
           (n == e->len || k[e->len] == ' ' || k[e->len] == ':');
}

sah_chrome_t sah_chrome_vocab(const char *key, size_t n, size_t words)
{
    if (words > VOCAB_MAX_WORDS)
        return SAH_CHROME_NONE;
    size_t s, t = sah_arnorm_trim_marks(key, n, &s);
    const char *k = key + s;
    if (t == 0)
        return SAH_CHROME_NONE;
    for (size_t i = 0; i < N(whole) && t <= WHOLE_MAX_BYTES; i++)
        if (same(k, t, &whole[i]))
            return whole[i].cls;
    /* "a+ a-": the trimming took its signs. */
    if (n <= 7 && (!strcmp(key, "a+ a-") || !strcmp(key, "a- a+") || !strcmp(key, "a+ a a-")))
        return SAH_CHROME_LINE;
    for (size_t i = 0; i < N(prefixes); i++)
        if (begins(k, t, &prefixes[i]))
            return prefixes[i].cls;
    if (words <= CONTAINS_MAX_WORDS)
        for (size_t i = 0; i < N(contains); i++)
            if (sah_arnorm_find(k, t, contains[i].key, contains[i].len))
                return contains[i].cls;
    if (words <= SITE_MAX_WORDS)
        for (size_t i = 0; i < N(site_words); i++)
            if (sah_arnorm_begins(k, t, site_words[i]))
                return SAH_CHROME_SITE;
    if (words <= 2)
        for (size_t i = 0; i < N(section_words); i++)
            if (sah_arnorm_begins(k, t, section_words[i]))
                return SAH_CHROME_LINE;
    return SAH_CHROME_NONE;
}

/* Separators between menu items. "»" is one only in a line without "«":
 * «...» are the quotation marks of Arabic text. */
static size_t separators(const char *s, size_t n)
{
    bool guillemet = !sah_arnorm_find(s, n, "\xC2\xAB", 2);
    size_t k = 0;
    for (size_t i = 1; i + 1 < n; i++) {
        size_t l = 0;
        switch ((unsigned char)s[i]) {
        case ' ': /* " | ", " > ", " / " */
            if (i + 3 <= n && (s[i + 1] == '|' || s[i + 1] == '>' || s[i + 1] == '/') &&
                s[i + 2] == ' ')
                l = 3;
            break;
        case '|':
            l = 1;
            break;
        case 0xE2: /* • */
            if (i + 3 <= n && s[i + 1] == '\x80' && s[i + 2] == '\xA2')
                l = 3;
            break;
        case 0xC2: /* » */
            if (guillemet && s[i + 1] == '\xBB')
                l = 2;
            break;
        default:
            break;
        }
        if (l) {
            k++;
            i += l - 1;
        }
    }
    return k;
}

bool sah_chrome_features(const char *s, size_t n, const sah_shape_t *sh)
{
    /* Lone punctuation, counters, phone numbers: no letters at all. */
    if (sh->letters == 0 && sh->chars <= 32)
        return true;
    if (sh->url && sh->words <= 6)
        return true;
    /* Markup and attribute debris a scraper let through. */
    if ((n >= 2 && s[0] == '<' && memchr(s, '>', n)) ||
        (memchr(s, '=', n) &&
         (sah_arnorm_find(s, n, "=\"", 2) || sah_arnorm_find(s, n, "content=", 8))))
        return true;
    /* A menu: short items between separators, no sentence. */
    if (!sah_shape_final(sh) && sh->words <= 24) {
        size_t seps = separators(s, n);
        if (seps >= 2 && sh->words <= 4 * (seps + 1))
            return true;
    }
    /* A section label in capitals: "SAUDI ARABIA", "WORLD". */
    if (sh->arabic == 0 && sh->latin >= 4 && sh->words <= 4 && sh->latin == sh->letters) {
        bool lower = false;
        for (size_t i = 0; i < n && !lower; i++)
            lower = s[i] >= 'a' && s[i] <= 'z';
        if (!lower)
            return true;
    }
    return false;
}

bool sah_chrome_vocab_is_normalised(void)
{
    char key[128];
    const entry_t *tables[] = {whole, prefixes, contains};
    const size_t sizes[] = {N(whole), N(prefixes), N(contains)};
    for (size_t i = 0; i < N(whole); i++)
        if (whole[i].len > WHOLE_MAX_BYTES)
            return false;
    for (size_t t = 0; t < 3; t++)
        for (size_t i = 0; i < sizes[t]; i++) {
            const char *w = tables[t][i].key;
            sah_arnorm_key(w, strlen(w), key, sizeof key);
            if (strcmp(key, w) != 0)
                return false;
        }
    for (size_t i = 0; i < N(site_words); i++) {
        sah_arnorm_key(site_words[i], strlen(site_words[i]), key, sizeof key);
        if (strcmp(key, site_words[i]) != 0)
            return false;
    }
    return true;
}
