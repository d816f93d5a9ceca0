/*
 * test-kashida.c - where a kashida may go (render/text/kashida.h), against
 * Unicode's own ArabicShaping.txt (Debian's unicode-data) and hand-worked
 * words.
 *
 * Conformance: every ordered pair of letters the file lists, alone and with
 * a fatha between them, all flags given as HarfBuzz would give a join:
 * a place must come out exactly where the first is Dual_Joining, the second
 * Dual or Right_Joining, and they are not lam + alef. The runner counts the
 * pairs and prints each disagreement with its code points.
 *
 * Priorities (the W3C's alreq order) and the flags from the shaper (a
 * character inside a cluster, a glyph HarfBuzz did not flag: no place), one
 * word a line: "word;expected priority before each character".
 */
#include <stdint.h>

#include "render/text/kashida.h"
#include "render/text/utf8.h"
#include "testutil.h"

#define ARABIC_SHAPING "/usr/share/unicode/ArabicShaping.txt"

typedef struct {
    uint32_t cp;
    char type;      /* D R L C U T */
    char group[64]; /* Joining_Group */
} jentry_t;

static size_t load(jentry_t *e, size_t cap)
{
    FILE *f = fopen(ARABIC_SHAPING, "r");
    if (!f)
        return 0;
    char line[512];
    size_t n = 0;
    while (n < cap && fgets(line, sizeof line, f)) {
        char *hash = strchr(line, '#');
        if (hash)
            *hash = 0;
        unsigned cp;
        char name[128], type[8], group[64];
        if (sscanf(line, "%x; %127[^;]; %7[^;]; %63[^\n]", &cp, name, type, group) != 4)
            continue;
        char *t = type;
        while (*t == ' ')
            t++;
        e[n].cp = cp;
        e[n].type = *t;
        snprintf(e[n].group, sizeof e[n].group, "%s", group);
        char *end = e[n].group + strlen(e[n].group);
        while (end > e[n].group && (end[-1] == ' ' || end[-1] == '\r'))
            *--end = 0;
        n++;
    }
    fclose(f);
    return n;
}

/* Letters of the Arabic blocks (Syriac, N'Ko and the rest have joining
 * types too, but the engine lengthens Arabic only). */
static bool arabic(uint32_t c)
{
    return (c >= 0x0600 && c <= 0x06FF) || (c >= 0x0750 && c <= 0x077F) ||
           (c >= 0x08A0 && c <= 0x08FF);
}

static void test_conformance(void)
{
    static jentry_t e[2048];
    size_t n = load(e, 2048);
    CHECK(n > 300, "%s: only %zu entries", ARABIC_SHAPING, n);
    size_t pairs = 0, wrong = 0;
    for (size_t i = 0; i < n; i++) {
        if (!arabic(e[i].cp) || e[i].type == 'T')
            continue;
        for (size_t j = 0; j < n; j++) {
            if (!arabic(e[j].cp) || e[j].type == 'T')
                continue;
            bool want = e[i].type == 'D' && (e[j].type == 'D' || e[j].type == 'R') &&
                        !(!strcmp(e[i].group, "LAM") && !strcmp(e[j].group, "ALEF"));
            for (int mark = 0; mark < 2; mark++) {
                uint32_t t[3] = {e[i].cp, 0x064E, e[j].cp};
                uint8_t f[3] = {SAH_KASHIDA_CLUSTER | SAH_KASHIDA_SAFE, 0,
                                SAH_KASHIDA_CLUSTER | SAH_KASHIDA_SAFE};
                if (!mark) {
                    t[1] = t[2];
                    f[1] = f[2];
                }
                sah_kashida_mark(t, mark ? 3 : 2, f);
                bool got = f[mark ? 2 : 1] != 0;
                pairs++;
                if (got != want && wrong++ < 20)
                    fprintf(stderr, "U+%04X (%c %s)%s U+%04X (%c %s): expected %s, got %s\n",
                            e[i].cp, e[i].type, e[i].group, mark ? " + fatha +" : "", e[j].cp,
                            e[j].type, e[j].group, want ? "a place" : "none",
                            got ? "a place" : "none");
                CHECK(f[0] == 0, "no place before the first letter of U+%04X U+%04X", e[i].cp,
                      e[j].cp);
            }
        }
    }
    printf("ArabicShaping.txt: %zu letter pairs, %zu disagree\n", pairs, wrong);
    CHECK(wrong == 0, "%zu pairs disagree with ArabicShaping.txt", wrong);
}

/* "word;priorities" with a digit (0: none) per character; flags: all
 * CLUSTER | SAFE unless the third field names characters (by index) that
 * are inside a cluster ("c2") or not flagged by HarfBuzz ("u2"). */
static const char *const cases[] = {
    "سلام;0100",   /* after an initial seen: 1; lam-alef: never */
    "مدرسة;02001", /* before a final dal: 2; dal and reh join nothing on
                      their left; after a seen (before teh marbuta): 1 */
    "كتابة;06302", /* medial teh: 6; final alef: 3; alef joins nothing on
                      its left; beh before a final teh marbuta: 2 */
    "كبير;0646",   /* medial beh before a medial yeh: 6; medial yeh before
                      a final reh: 4; final reh: 6 */
    "صوت;010",     /* after a sad: 1; waw joins nothing on its left */
    "علم;066",     /* medial lam, final meem: any other join */
    "قلق;065",     /* final qaf: 5 */
    "الله;0062",   /* alef joins nothing on its left; lam; final heh: 2 */
    "لا;00",       /* lam-alef alone */
    "بـب;000",     /* a written tatweel: nothing more beside it */
    "كتب;060;c2",  /* beh inside the cluster of teh (a ligature): none */
    "كتب;006;u1",  /* HarfBuzz did not flag teh: none before it */
    "ab;00",       /* Latin */
    "ب ب;000",     /* a space between: never across words */
};

static void test_cases(void)
{
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        char buf[128];
        snprintf(buf, sizeof buf, "%s", cases[k]);
        char *want = strchr(buf, ';');
        *want++ = 0;
        char *flags = strchr(want, ';');
        if (flags)
            *flags++ = 0;
        uint32_t t[128];
        uint8_t f[128];
        size_t n = sah_utf8_decode(buf, strlen(buf), SAH_UTF8_STRICT, t, NULL, NULL);
        memset(f, SAH_KASHIDA_CLUSTER | SAH_KASHIDA_SAFE, n);
        if (flags && flags[0] == 'c')
            f[atoi(flags + 1)] &= (uint8_t)~SAH_KASHIDA_CLUSTER;
        if (flags && flags[0] == 'u')
            f[atoi(flags + 1)] &= (uint8_t)~SAH_KASHIDA_SAFE;
        /* A correct case where only the expectation has the wrong length
         * would pass silently: say so. */
        CHECK(strlen(want) == n, "%s: %zu characters, %zu priorities", buf, n, strlen(want));
        sah_kashida_mark(t, n, f);
        char got[33];
        for (size_t i = 0; i < n; i++)
            got[i] = (char)('0' + f[i]);
        got[n] = 0;
        CHECK(!strcmp(got, want), "%s%s%s: expected %s, got %s", buf, flags ? " " : "",
              flags ? flags : "", want, got);
    }
}

int main(void)
{
    if (access(ARABIC_SHAPING, R_OK) != 0) {
        printf("%s missing (package unicode-data): SKIP\n", ARABIC_SHAPING);
        return SKIP;
    }
    test_conformance();
    test_cases();
    return t_summary("test-kashida");
}
