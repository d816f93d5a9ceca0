/* chrome.c - see chrome.h. */
#define _GNU_SOURCE /* memmem() */
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
} entry_t;

/* The whole line (after its bullets and final colon) is one of these. */
static const entry_t whole[] = {
    {"اعلان", SAH_CHROME_LINE},
    {"اعلانات", SAH_CHROME_LINE},
    {"مساحه اعلانيه", SAH_CHROME_LINE},
    {"advertisement", SAH_CHROME_LINE},
    {"sponsored", SAH_CHROME_LINE},
    {"شارك", SAH_CHROME_LINE},
    {"مشاركه", SAH_CHROME_LINE},
    {"شارك الخبر", SAH_CHROME_LINE},
    {"شارك المقال", SAH_CHROME_LINE},
    {"طباعه", SAH_CHROME_LINE},
    {"print", SAH_CHROME_LINE},
    {"share", SAH_CHROME_LINE},
    {"tweet", SAH_CHROME_LINE},
    {"تويتر", SAH_CHROME_LINE},
    {"فيسبوك", SAH_CHROME_LINE},
    {"فيس بوك", SAH_CHROME_LINE},
    {"واتساب", SAH_CHROME_LINE},
    {"تيليجرام", SAH_CHROME_LINE},
    {"تلغرام", SAH_CHROME_LINE},
    {"يوتيوب", SAH_CHROME_LINE},
    {"انستغرام", SAH_CHROME_LINE},
    {"انستجرام", SAH_CHROME_LINE},
    {"twitter", SAH_CHROME_LINE},
    {"facebook", SAH_CHROME_LINE},
    {"whatsapp", SAH_CHROME_LINE},
    {"telegram", SAH_CHROME_LINE},
    {"youtube", SAH_CHROME_LINE},
    {"instagram", SAH_CHROME_LINE},
    {"linkedin", SAH_CHROME_LINE},
    {"تم نسخ الرابط", SAH_CHROME_LINE},
    {"نسخ الرابط", SAH_CHROME_LINE},
    {"انسخ الرابط", SAH_CHROME_LINE},
    {"copy link", SAH_CHROME_LINE},
    {"link copied", SAH_CHROME_LINE},
    {"الرييسيه", SAH_CHROME_LINE},
    {"home", SAH_CHROME_HEAD},
    {"عاجل", SAH_CHROME_HEAD},
    {"مباشر", SAH_CHROME_HEAD},
    {"live", SAH_CHROME_HEAD},
    {"بحث", SAH_CHROME_HEAD},
    {"search", SAH_CHROME_HEAD},
    {"menu", SAH_CHROME_LINE},
    {"القايمه", SAH_CHROME_LINE},
    {"حجم الخط", SAH_CHROME_HEAD},
    {"تكبير الخط", SAH_CHROME_LINE},
    {"تصغير الخط", SAH_CHROME_LINE},
    {"font size", SAH_CHROME_HEAD},
    {"تم التحديث", SAH_CHROME_LINE},
    {"updated", SAH_CHROME_HEAD},
    {"فيديو", SAH_CHROME_HEAD},
    {"video", SAH_CHROME_HEAD},
    {"صور", SAH_CHROME_HEAD},
    {"photos", SAH_CHROME_HEAD},
    {"gallery", SAH_CHROME_HEAD},
    {"newsletter", SAH_CHROME_LINE},
    {"النشره البريديه", SAH_CHROME_LINE},
    {"اشترك", SAH_CHROME_LINE},
    {"اشترك الان", SAH_CHROME_LINE},
    {"subscribe", SAH_CHROME_LINE},
    {"sign in", SAH_CHROME_LINE},
    {"log in", SAH_CHROME_LINE},
    {"login", SAH_CHROME_LINE},
    {"register", SAH_CHROME_HEAD},
    {"تسجيل الدخول", SAH_CHROME_LINE},
    {"الخروج", SAH_CHROME_LINE},
    {"تسجيل الخروج", SAH_CHROME_LINE},
    {"english", SAH_CHROME_HEAD},
    {"arabic", SAH_CHROME_HEAD},
    {"العربيه", SAH_CHROME_HEAD},
    {"english en", SAH_CHROME_HEAD},
    {"no image", SAH_CHROME_LINE},
    {"image", SAH_CHROME_HEAD},
    {"stories", SAH_CHROME_HEAD},
    {"google news", SAH_CHROME_LINE},
    {"rss", SAH_CHROME_LINE},
    {"تابعنا", SAH_CHROME_LINE},
    {"تابعونا", SAH_CHROME_LINE},
    {"follow us", SAH_CHROME_LINE},
    {"back to top", SAH_CHROME_LINE},
    {"اين يمكنك متابعتنا", SAH_CHROME_LINE},
    {"اقرا ايضا", SAH_CHROME_RELATED},
    {"اقرا كذلك", SAH_CHROME_RELATED},
    {"مقالات ذات صله", SAH_CHROME_RELATED},
    {"اخبار ذات صله", SAH_CHROME_RELATED},
    {"ذات صله", SAH_CHROME_RELATED},
    {"مواضيع ذات صله", SAH_CHROME_RELATED},
    {"موضوعات ذات صله", SAH_CHROME_RELATED},
    {"مواد ذات صله", SAH_CHROME_RELATED},
    {"اخبار متعلقه", SAH_CHROME_RELATED},
    {"مواضيع متعلقه", SAH_CHROME_RELATED},
    {"مقالات متعلقه", SAH_CHROME_RELATED},
    {"قد يعجبك", SAH_CHROME_RELATED},
    {"قد يعجبك ايضا", SAH_CHROME_RELATED},
    {"فيديو قد يعجبك", SAH_CHROME_RELATED},
    {"قد يهمك", SAH_CHROME_RELATED},
    {"قد يهمك ايضا", SAH_CHROME_RELATED},
    {"شاهد ايضا", SAH_CHROME_RELATED},
    {"الاكثر قراه", SAH_CHROME_RELATED},
    {"الاكثر مشاهده", SAH_CHROME_RELATED},
    {"الاكثر تداولا", SAH_CHROME_RELATED},
    {"ابرز الاخبار", SAH_CHROME_RELATED},
    {"اخر الاخبار", SAH_CHROME_RELATED},
    {"اهم الاخبار", SAH_CHROME_RELATED},
    {"السابق", SAH_CHROME_RELATED},
    {"التالي", SAH_CHROME_RELATED},
    {"المقال السابق", SAH_CHROME_RELATED},
    {"المقال التالي", SAH_CHROME_RELATED},
    {"الخبر السابق", SAH_CHROME_RELATED},
    {"الخبر التالي", SAH_CHROME_RELATED},
    {"تصنيفات", SAH_CHROME_RELATED},
    {"التصنيفات", SAH_CHROME_RELATED},
    {"الوسوم", SAH_CHROME_RELATED},
    {"وسوم", SAH_CHROME_RELATED},
    {"كلمات مفتاحيه", SAH_CHROME_RELATED},
    {"الكلمات المفتاحيه", SAH_CHROME_RELATED},
    {"الكلمات الداله", SAH_CHROME_RELATED},
    {"read also", SAH_CHROME_RELATED},
    {"see also", SAH_CHROME_RELATED},
    {"related", SAH_CHROME_RELATED},
    {"related articles", SAH_CHROME_RELATED},
    {"related stories", SAH_CHROME_RELATED},
    {"related news", SAH_CHROME_RELATED},
    {"more stories", SAH_CHROME_RELATED},
    {"you may also like", SAH_CHROME_RELATED},
    {"recommended", SAH_CHROME_RELATED},
    {"previous", SAH_CHROME_RELATED},
    {"next", SAH_CHROME_RELATED},
    {"read previous", SAH_CHROME_RELATED},
    {"read next", SAH_CHROME_RELATED},
    {"previous article", SAH_CHROME_RELATED},
    {"next article", SAH_CHROME_RELATED},
    {"tags", SAH_CHROME_RELATED},
    {"categories", SAH_CHROME_RELATED},
    {"topics", SAH_CHROME_RELATED},
    {"التعليقات", SAH_CHROME_END},
    {"تعليقات", SAH_CHROME_END},
    {"اضف تعليق", SAH_CHROME_END},
    {"اضف تعليقك", SAH_CHROME_END},
    {"اترك تعليقا", SAH_CHROME_END},
    {"leave a reply", SAH_CHROME_END},
    {"leave a comment", SAH_CHROME_END},
    {"comments", SAH_CHROME_END},
    {"post a comment", SAH_CHROME_END},
    {"read more", SAH_CHROME_MORE},
    {"اقرا المزيد", SAH_CHROME_MORE},
    {"اقرا اكثر", SAH_CHROME_MORE},
    {"المزيد", SAH_CHROME_MORE},
    {"more", SAH_CHROME_MORE},
    {"continue reading", SAH_CHROME_MORE},
    {"تابع القراه", SAH_CHROME_MORE},
};

/* The line begins with one of these (then a space, a colon or its end). */
static const entry_t begins[] = {
    {"تم التحديث", SAH_CHROME_LINE},
    {"sorry, you need to enable", SAH_CHROME_LINE},
    {"لديك حساب", SAH_CHROME_LINE},
    {"تابعنا علي", SAH_CHROME_LINE},
    {"تابعونا علي", SAH_CHROME_LINE},
    {"follow us on", SAH_CHROME_LINE},
    {"اشترك في", SAH_CHROME_LINE},
    {"subscribe to", SAH_CHROME_LINE},
    {"اقرا ايضا", SAH_CHROME_RELATED},
    {"اقرا كذلك", SAH_CHROME_RELATED},
    {"اخبار ذات صله", SAH_CHROME_RELATED},
    {"مقالات ذات صله", SAH_CHROME_RELATED},
    {"مواضيع ذات صله", SAH_CHROME_RELATED},
    {"الكلمات الداله", SAH_CHROME_RELATED},
    {"الكلمات المفتاحيه", SAH_CHROME_RELATED},
    {"كلمات مفتاحيه", SAH_CHROME_RELATED},
    {"الوسوم", SAH_CHROME_RELATED},
    {"tags", SAH_CHROME_RELATED},
    {"read also", SAH_CHROME_RELATED},
    {"see also", SAH_CHROME_RELATED},
    {"التعليقات", SAH_CHROME_END},
    {"comments", SAH_CHROME_END},
    {"رييس التحرير", SAH_CHROME_MASTHEAD},
    {"رييسه التحرير", SAH_CHROME_MASTHEAD},
    {"رييس مجلس الاداره", SAH_CHROME_MASTHEAD},
    {"نايب رييس التحرير", SAH_CHROME_MASTHEAD},
    {"مدير التحرير", SAH_CHROME_MASTHEAD},
    {"المدير العام", SAH_CHROME_MASTHEAD},
    {"الاشراف العام", SAH_CHROME_MASTHEAD},
    {"مستشار التحرير", SAH_CHROME_MASTHEAD},
    {"editor-in-chief", SAH_CHROME_MASTHEAD},
    {"editor in chief", SAH_CHROME_MASTHEAD},
    {"managing editor", SAH_CHROME_MASTHEAD},
};

/* Found anywhere in a line of at most CONTAINS_MAX_WORDS words. */
static const entry_t contains[] = {
    {"javascript", SAH_CHROME_LINE},
    {"cookie", SAH_CHROME_LINE},
    {"ملفات تعريف الارتباط", SAH_CHROME_LINE},
    {"facebook-domain-verification", SAH_CHROME_LINE},
    {"powered by", SAH_CHROME_LINE},
    {"تصفح بدون اعلانات", SAH_CHROME_LINE},
    {"privacy policy", SAH_CHROME_LINE},
    {"سياسه الخصوصيه", SAH_CHROME_LINE},
    {"terms of use", SAH_CHROME_LINE},
    {"شروط الاستخدام", SAH_CHROME_LINE},
    {"\xC2\xA9", SAH_CHROME_LINE}, /* © */
    {"مخصص للمشتركين", SAH_CHROME_END},
    {"للمشتركين فقط", SAH_CHROME_END},
    {"subscribers only", SAH_CHROME_END},
    {"subscriber-only", SAH_CHROME_END},
    {"مقال مورشف", SAH_CHROME_END},
    {"جميع الحقوق محفوظه", SAH_CHROME_END},
    {"all rights reserved", SAH_CHROME_END},
};

/* A short line starting with one of these names a publication: the site's
 * masthead, not the story ("صحيفة عاجل الإلكترونية"). */
static const char *const site_words[] = {"صحيفه", "جريده", "بوابه", "قناه", "موقع", "شبكه", "مجله"};

/* Section labels: "أخبار لبنان", "الأخبار المحلية" (two words at most). */
static const char *const section_words[] = {"اخبار", "الاخبار"};

#define VOCAB_MAX_WORDS    30
#define CONTAINS_MAX_WORDS 20
#define SITE_MAX_WORDS     4

#define N(a) (sizeof(a) / sizeof *(a))

static bool same(const char *k, size_t n, const char *w)
{
    return strlen(w) == n && memcmp(k, w, n) == 0;
}

sah_chrome_t sah_chrome_vocab(const char *key, size_t n, size_t words)
{
    if (words > VOCAB_MAX_WORDS)
        return SAH_CHROME_NONE;
    size_t s, t = sah_arnorm_trim_marks(key, n, &s);
    const char *k = key + s;
    if (t == 0)
        return SAH_CHROME_NONE;
    for (size_t i = 0; i < N(whole); i++)
        if (same(k, t, whole[i].key))
            return whole[i].cls;
    /* "a+ a-": the trimming took its signs. */
    if (same(key, n, "a+ a-") || same(key, n, "a- a+") || same(key, n, "a+ a a-"))
        return SAH_CHROME_LINE;
    for (size_t i = 0; i < N(begins); i++)
        if (sah_arnorm_begins(k, t, begins[i].key))
            return begins[i].cls;
    if (words <= CONTAINS_MAX_WORDS)
        for (size_t i = 0; i < N(contains); i++)
            if (memmem(k, t, contains[i].key, strlen(contains[i].key)))
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
    static const char *const seps[] = {" | ",     "|", " > ", " / ", "\xE2\x80\xA2" /* • */,
                                       "\xC2\xBB" /* » */};
    size_t k = 0, count = memmem(s, n, "\xC2\xAB", 2) ? N(seps) - 1 : N(seps);
    for (size_t i = 1; i + 1 < n; i++) {
        for (size_t j = 0; j < count; j++) {
            size_t l = strlen(seps[j]);
            if (i + l <= n && memcmp(s + i, seps[j], l) == 0) {
                k++;
                i += l - 1;
                break;
            }
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
    if ((n >= 2 && s[0] == '<' && memchr(s, '>', n)) || memmem(s, n, "=\"", 2) ||
        memmem(s, n, "content=", 8))
        return true;
    /* A menu: short items between separators, no sentence. */
    size_t seps = separators(s, n);
    if (!sah_shape_final(sh) && sh->words <= 24 && seps >= 2 && sh->words <= 4 * (seps + 1))
        return true;
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
    const entry_t *tables[] = {whole, begins, contains};
    const size_t sizes[] = {N(whole), N(begins), N(contains)};
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
