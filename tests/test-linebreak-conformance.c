/*
 * test-linebreak-conformance.c - Unicode's LineBreakTest.txt against the
 * break opportunities the engine uses (render/text/breaks.h, ICU underneath).
 *
 * Usage: test-linebreak-conformance LineBreakTest.txt
 *
 * Reports the pass rate (target >= 99.5%) and, for the failing cases, which
 * UAX#14 rules the expected answers came from, so the gaps are named.
 */
#include <stdint.h>

#include "render/text/breaks.h"
#include "testutil.h"

#define MAXN 128

typedef struct {
    char rule[64];
    long count;
} rule_count_t;

static rule_count_t rules[64];
static int nrules;

static void count_rule(const char *r)
{
    for (int i = 0; i < nrules; i++) {
        if (!strcmp(rules[i].rule, r)) {
            rules[i].count++;
            return;
        }
    }
    if (nrules < 64) {
        snprintf(rules[nrules].rule, sizeof rules[nrules].rule, "%s", r);
        rules[nrules++].count = 1;
    }
}

/* The line break class of character @i, from the comment's "NAME (CLASS)"
 * tokens, into @out (16 bytes). */
static void class_of(const char *comment, size_t i, char *out)
{
    const char *c = comment;
    for (size_t k = 0; c; c++) {
        c = strchr(c, '(');
        if (!c)
            return;
        const char *e = c + 1;
        while ((*e >= 'A' && *e <= 'Z') || (*e >= '0' && *e <= '9') || *e == '_')
            e++;
        if (*e != ')' || e == c + 1)
            continue;
        if (k++ == i) {
            snprintf(out, 16, "%.*s", (int)(e - c - 1), c + 1);
            return;
        }
    }
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s LineBreakTest.txt\n", argv[0]);
        return 2;
    }
    FILE *f = fopen(argv[1], "r");
    if (!f) {
        printf("%s not found (install unicode-data): SKIP\n", argv[1]);
        return SKIP;
    }
    sah_breaks_t *br = sah_breaks_new();
    if (!br)
        return 1;
    static char line[16384];
    long total = 0, pass = 0;

    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#' || line[0] == '\n')
            continue;
        char *comment = strchr(line, '#');
        if (comment)
            *comment++ = 0;
        uint32_t text[MAXN];
        uint8_t expect[MAXN + 1];
        size_t n = 0;
        /* Tokens alternate: ÷ or × (U+00F7 / U+00D7 in UTF-8), then a code point. */
        for (char *s = line; *s && n < MAXN;) {
            while (*s == ' ' || *s == '\t')
                s++;
            if (!*s || *s == '\n')
                break;
            if ((unsigned char)s[0] == 0xC3 &&
                ((unsigned char)s[1] == 0xB7 || (unsigned char)s[1] == 0x97)) {
                expect[n] = (unsigned char)s[1] == 0xB7;
                s += 2;
                continue;
            }
            char *e;
            unsigned long v = strtoul(s, &e, 16);
            if (e == s)
                break;
            text[n++] = (uint32_t)v;
            s = e;
        }
        if (n == 0)
            continue;
        total++;
        uint8_t got[MAXN + 1];
        sah_breaks_lines(br, text, n, got);
        bool ok = true;
        for (size_t i = 1; i < n; i++) {
            if ((got[i] != SAH_BREAK_NONE) != (expect[i] != 0)) {
                ok = false;
                /* Name the rule the file gives for position i: the i-th
                 * "[rule]" in the comment is the one between characters i-1
                 * and i (the first is the start of text). */
                char *c = comment;
                for (size_t k = 0; c && k <= i; k++) {
                    c = strchr(c, '[');
                    if (c && k < i)
                        c++;
                }
                char cls[2][16] = {"?", "?"};
                class_of(comment, i - 1, cls[0]);
                class_of(comment, i, cls[1]);
                if (c) {
                    char r[16] = {0}, key[64];
                    sscanf(c, "[%15[^]]", r);
                    snprintf(key, sizeof key, "%s %s %s %s", cls[0], expect[i] ? "÷" : "×", cls[1],
                             r);
                    count_rule(key);
                }
            }
        }
        pass += ok;
    }
    fclose(f);
    sah_breaks_free(br);
    double rate = 100.0 * pass / (total ? total : 1);
    printf("LineBreakTest: %ld cases, %ld pass (%.2f%%), %ld fail\n", total, pass, rate,
           total - pass);
    for (int i = 0; i < nrules; i++)
        printf("  wrong at: %s (classes, expected, UAX#14 rule): %ld\n", rules[i].rule,
               rules[i].count);
    CHECK(total > 7000, "only %ld cases read", total);
    CHECK(rate >= 99.5, "pass rate %.2f%% below 99.5%%", rate);
    return t_summary("test-linebreak-conformance");
}
