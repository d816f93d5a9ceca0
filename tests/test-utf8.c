/*
 * test-utf8.c - the strict decoder against the Unicode Standard's own
 * examples (Unicode 15, section 3.9, Tables 3-8 to 3-11: "U+FFFD
 * Substitution of Maximal Subparts") and the text-mode rules.
 */
#include "testutil.h"
#include "render/text/utf8.h"
#include "render/text/text.h"

typedef struct {
    const char *name;
    const char *in;
    size_t n;
    uint32_t out[32];
    size_t nout;
} case_t;

#define S(x) x, sizeof(x) - 1
#define R    0xFFFD

static const case_t strict_cases[] = {
    /* Table 3-8: the standard's worked example. */
    {"table 3-8",
     S("\x61\xF1\x80\x80\xE1\x80\xC2\x62\x80\x63\x80\xBF\x64"),
     {0x61, R, R, R, 0x62, R, 0x63, R, R, 0x64},
     10},
    /* Table 3-9: non-shortest forms: every byte is its own subpart. */
    {"table 3-9 overlong",
     S("\xC0\xAF\xE0\x80\xBF\xF0\x81\x82\x41"),
     {R, R, R, R, R, R, R, R, 0x41},
     9},
    /* Table 3-10: ill-formed sequences for surrogates. */
    {"table 3-10 surrogates",
     S("\xED\xA0\x80\xED\xBF\xBF\xED\xAF\x41"),
     {R, R, R, R, R, R, R, R, 0x41},
     9},
    /* Table 3-11: other ill-formed sequences (above U+10FFFF, F5..FF). */
    {"table 3-11 beyond",
     S("\xF4\x91\x92\x93\xFF\x41\x80\xBF\x42"),
     {R, R, R, R, R, 0x41, R, R, 0x42},
     9},
    /* Table 3-12: truncated sequences: one U+FFFD per maximal subpart. */
    {"table 3-12 truncated", S("\xE1\x80\xE2\xF0\x91\x92\xF1\xBF\x41"), {R, R, R, R, 0x41}, 5},
    {"overlong slash C0 AF", S("\xC0\xAF"), {R, R}, 2},
    {"truncated keeps next byte", S("\xD8\x41"), {R, 0x41}, 2},
    {"valid arabic",
     S("\xD8\xB5\xD8\xAD\xD9\x8A\xD9\x81\xD8\xA9"),
     {0x635, 0x62D, 0x64A, 0x641, 0x629},
     5},
    {"4-byte", S("\xF0\x9F\x87\xB8"), {0x1F1F8}, 1},
    {"max scalar", S("\xF4\x8F\xBF\xBF"), {0x10FFFF}, 1},
    {"U+FFFD itself", S("\xEF\xBF\xBD"), {0xFFFD}, 1},
    {"NUL strict", S("a\0b"), {0x61, 0, 0x62}, 3},
};

static const case_t text_cases[] = {
    {"BOM dropped", S("\xEF\xBB\xBF\xD8\xA8"), {0x628}, 1},
    {"BOM only at start", S("a\xEF\xBB\xBF"), {0x61, 0xFEFF}, 2},
    {"CRLF", S("a\r\nb"), {0x61, 0x0A, 0x62}, 3},
    {"lone CR", S("a\rb\r"), {0x61, 0x0A, 0x62, 0x0A}, 4},
    {"CR CR LF", S("\r\r\n"), {0x0A, 0x0A}, 2},
    {"NUL never truncates", S("a\0b"), {0x61, R, 0x62}, 3},
};

static void run(const case_t *c, sah_utf8_mode_t mode)
{
    uint32_t out[64], off[65];
    size_t bad = 0;
    size_t n = sah_utf8_decode(c->in, c->n, mode, out, off, &bad);
    bool same = n == c->nout;
    for (size_t i = 0; same && i < n; i++)
        same = out[i] == c->out[i];
    CHECK(same, "%s: expected %zu code points, got %zu", c->name, c->nout, n);
    CHECK(off[n] == c->n, "%s: end offset %u != %zu", c->name, off[n], c->n);
    for (size_t i = 1; i < n; i++)
        CHECK(off[i] > off[i - 1], "%s: offsets not increasing at %zu", c->name, i);
}

/* sah_text_new() decodes 64 KiB at a time and keeps offsets compactly: it
 * must give exactly what one sah_utf8_decode() gives, code points, U+FFFD
 * count and every offset, whatever sits at the cuts (CR LF, BOMs, sequences
 * cut short, runs of continuation bytes). Inputs of 200 KB drawn from such
 * pieces, and runs of one of them alone. */
static void text_in_pieces(void)
{
    static const char *const parts[] = {
        "\r\n",     "\r",           "\n",       "\xEF\xBB\xBF",
        "\x80",     "\x80\x80\x80", "\xE0\xA0", "\xF0\x90\x80\x80",
        "\xD8\xA8", "\xC2",         "\xF4\x90", "a",
        " ",        "\0",           "\xFF",     "\xED\xA0\x80",
    };
    const size_t np = sizeof parts / sizeof *parts, size = 200000;
    char *in = malloc(size + 8);
    uint32_t *cp = malloc((size + 8) * 4), *off = malloc((size + 9) * 4);
    unsigned seed = 777;
    for (int iter = 0; iter < 40 && in && cp && off; iter++) {
        size_t n = 0;
        while (n < size) {
            seed = seed * 1103515245u + 12345u;
            /* from iter 20 on, one part only: no cut finds an easy byte */
            const char *p = parts[iter < 20 ? (seed >> 16) % np : (size_t)iter % np];
            size_t k = p[0] ? strlen(p) : 1;
            memcpy(in + n, p, k);
            n += k;
        }
        size_t bad = 0, m = sah_utf8_decode(in, n, SAH_UTF8_TEXT, cp, off, &bad);
        sah_text_t *t = sah_text_new(in, n);
        size_t len = 0;
        const uint32_t *tc = t ? sah_text_codepoints(t, &len) : NULL;
        bool same = t && len == m && !memcmp(tc, cp, m * 4) && sah_text_invalid_count(t) == bad;
        for (size_t i = 0; same && i <= m; i++)
            same = sah_text_offset(t, i) == off[i];
        CHECK(same, "input %d (%zu bytes): sah_text has %zu code points, one decode %zu", iter, n,
              len, m);
        sah_text_free(t);
    }
    free(in);
    free(cp);
    free(off);
}

/* sah_utf8_valid() against the decoder, the oracle of Table 3-7: every
 * sequence of one to three bytes from a set that covers each boundary of
 * the table, and random byte strings with ASCII runs between. */
static void valid_vs_decode(void)
{
    static const unsigned char edge[] = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF,
                                         0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xEC, 0xED, 0xEE,
                                         0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF};
    const size_t ne = sizeof edge;
    uint32_t cp[64];
    long wrong = 0;
    for (size_t a = 0; a < ne; a++)
        for (size_t b = 0; b <= ne; b++)
            for (size_t c = 0; c <= ne; c++)
                for (size_t d = 0; d <= ne; d++) {
                    char in[4];
                    size_t n = 0;
                    in[n++] = (char)edge[a];
                    if (b < ne)
                        in[n++] = (char)edge[b];
                    if (b < ne && c < ne)
                        in[n++] = (char)edge[c];
                    if (b < ne && c < ne && d < ne)
                        in[n++] = (char)edge[d];
                    size_t bad = 0;
                    sah_utf8_decode(in, n, SAH_UTF8_STRICT, cp, NULL, &bad);
                    wrong += sah_utf8_valid(in, n) != (bad == 0);
                }
    uint32_t seed = 12345;
    char buf[40];
    for (int iter = 0; iter < 200000; iter++) {
        size_t n = 0;
        while (n < 30) {
            seed = seed * 1103515245u + 12345u;
            unsigned r = seed >> 16;
            if (r % 3 == 0) {
                size_t k = r % 9 + 1;
                memset(buf + n, 'a', k);
                n += k;
            } else {
                buf[n++] = (char)(r % 4 == 1 ? 0xD8 + r % 4 : 0x80 + r % 0x80);
            }
        }
        size_t bad = 0;
        uint32_t big[40];
        sah_utf8_decode(buf, n, SAH_UTF8_STRICT, big, NULL, &bad);
        wrong += sah_utf8_valid(buf, n) != (bad == 0);
    }
    /* Mostly valid text: ASCII runs, Arabic pairs and longer sequences at
     * every offset of the eight-byte words the validator reads, one byte
     * in four strings changed to anything. */
    static const char *const pieces[] = {
        "a",        " b",       "\xD8\xB9",     "\xD9\x8A",
        "\xC2\xA0", "\xDF\xBF", "\xE2\x80\xA6", "\xF0\x9F\x98\x80"};
    for (int iter = 0; iter < 200000; iter++) {
        size_t n = 0;
        while (n < 30) {
            seed = seed * 1103515245u + 12345u;
            const char *p = pieces[(seed >> 16) % 8];
            memcpy(buf + n, p, strlen(p));
            n += strlen(p);
        }
        seed = seed * 1103515245u + 12345u;
        if ((seed >> 16) % 4 == 0)
            buf[(seed >> 8) % n] = (char)(seed >> 24);
        size_t bad = 0;
        uint32_t big[40];
        sah_utf8_decode(buf, n, SAH_UTF8_STRICT, big, NULL, &bad);
        wrong += sah_utf8_valid(buf, n) != (bad == 0);
    }
    CHECK(wrong == 0, "sah_utf8_valid disagrees with the decoder on %ld inputs", wrong);
    CHECK(sah_utf8_valid("\xD8\xB9\xD8\xB1\xD8\xA8\xD9\x8A abc", 12), "Arabic and ASCII");
    CHECK(!sah_utf8_valid("abcdefgh\xED\xA0\x80", 11), "a surrogate after 8 ASCII bytes");
}

int main(void)
{
    valid_vs_decode();
    for (size_t i = 0; i < sizeof strict_cases / sizeof strict_cases[0]; i++)
        run(&strict_cases[i], SAH_UTF8_STRICT);
    for (size_t i = 0; i < sizeof text_cases / sizeof text_cases[0]; i++)
        run(&text_cases[i], SAH_UTF8_TEXT);

    /* Offsets: Table 3-8's U+FFFDs start where their subparts start. */
    uint32_t out[16], off[17];
    sah_utf8_decode("\x61\xF1\x80\x80\xE1\x80\xC2\x62", 8, SAH_UTF8_STRICT, out, off, NULL);
    CHECK(off[1] == 1 && off[2] == 4 && off[3] == 6 && off[4] == 7, "subpart offsets %u %u %u %u",
          off[1], off[2], off[3], off[4]);

    /* Every scalar value round-trips through encode and decode. */
    long bad_rt = 0;
    for (uint32_t cp = 0; cp <= 0x10FFFF; cp++) {
        if (cp >= 0xD800 && cp < 0xE000)
            continue;
        char buf[4];
        uint32_t got[4];
        size_t k = sah_utf8_encode(cp, buf);
        size_t invalid;
        size_t n = sah_utf8_decode(buf, k, SAH_UTF8_STRICT, got, NULL, &invalid);
        bad_rt += !(n == 1 && got[0] == cp && invalid == (cp == 0xFFFD ? 0 : 0));
    }
    CHECK(bad_rt == 0, "%ld scalar values do not round-trip", bad_rt);

    /* Random bytes: output is always scalar values, never more code points
     * than bytes, and re-encoding it decodes to itself. */
    unsigned seed = 12345;
    for (int iter = 0; iter < 20000; iter++) {
        char in[32];
        size_t n = (size_t)(iter % 32);
        for (size_t i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            in[i] = (char)(seed >> 16);
        }
        uint32_t o[32];
        size_t m = sah_utf8_decode(in, n, SAH_UTF8_STRICT, o, NULL, NULL);
        bool ok = m <= n;
        char re[128];
        size_t rn = 0;
        for (size_t i = 0; ok && i < m; i++) {
            ok = o[i] <= 0x10FFFF && !(o[i] >= 0xD800 && o[i] < 0xE000);
            rn += sah_utf8_encode(o[i], re + rn);
        }
        uint32_t o2[128];
        size_t m2 = ok ? sah_utf8_decode(re, rn, SAH_UTF8_STRICT, o2, NULL, NULL) : 0;
        ok = ok && m2 == m && !memcmp(o, o2, m * 4);
        CHECK(ok, "random input %d decodes inconsistently", iter);
        if (!ok)
            break;
    }
    text_in_pieces();
    return t_summary("test-utf8");
}
