/*
 * test-textfield.c - an input field's text (app/ui/textfield.h): what is
 * typed, what backspace takes away (a grapheme cluster, an Arabic mark
 * alone, never part of a UTF-8 sequence), what is refused whole.
 *
 * Each case: the keys typed (each an insert; "\b" a backspace) and the
 * text expected, worked out by hand from UAX#29 and the field's rule.
 */
#include "app/ui/textfield.h"
#include "testutil.h"

typedef struct {
    const char *what;
    size_t max;
    const char *keys[8]; /* inserts, "\b" for a backspace */
    const char *expect;
} case_t;

#define BS "\b"

static const case_t cases[] = {
    {"latin", 64, {"a", "b", "c", BS}, "ab"},
    {"arabic letter: two bytes back", 64, {"سلام", BS}, "سلا"},
    {"a haraka alone", 64, {"بَ", BS}, "ب"},
    {"shadda then fatha, one at a time", 64, {"\xD8\xA8\xD9\x91\xD9\x8E", BS}, "\xD8\xA8\xD9\x91"},
    {"superscript alef alone", 64, {"هٰ", BS}, "ه"},
    {"lam-alef key is two letters", 64, {"لا", BS}, "ل"},
    {"e + combining acute: one cluster", 64, {"xe\xCC\x81", BS}, "x"},
    {"emoji with a skin tone", 64, {"a\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD", BS}, "a"},
    {"a flag (two regional indicators)", 64, {"a\xF0\x9F\x87\xB8\xF0\x9F\x87\xA6", BS}, "a"},
    {"a ZWJ sequence",
     64,
     {"a\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7", BS},
     "a"},
    {"to empty and past it", 64, {"ab", BS, BS, BS}, ""},
    {"mixed: Latin inside Arabic", 64, {"قال ", "C++", BS}, "قال C+"},
    {"cut bytes refused whole", 64, {"ab", "\xD8", "\xD8\xB3\xD9"}, "ab"},
    {"overlong and surrogates refused", 64, {"a", "\xC0\xAF", "\xED\xA0\x80"}, "a"},
    {"line breaks and tabs as spaces", 64, {"a\nb\tc\r"}, "a b c "},
    {"other controls dropped",
     64,
     {"a\x01\x1b"
      "b\x7f",
      "\xC2\x85"
      "c"},
     "abc"},
    {"full: the last word refused whole", 8, {"abcd", "سلام", "ef"}, "abcdef"},
    {"exactly full", 8, {"سلام"}, "سلام"},
};

static void run(const case_t *c)
{
    sah_textfield_t *f = sah_textfield_new(c->max);
    CHECK(f != NULL, "%s: new", c->what);
    if (!f)
        return;
    for (size_t i = 0; i < 8 && c->keys[i]; i++) {
        if (!strcmp(c->keys[i], BS))
            (void)sah_textfield_backspace(f);
        else
            (void)sah_textfield_insert(f, c->keys[i]);
    }
    CHECK(!strcmp(sah_textfield_text(f), c->expect), "%s: expected \"%s\", got \"%s\"", c->what,
          c->expect, sah_textfield_text(f));
    CHECK(sah_textfield_length(f) == strlen(c->expect), "%s: length %zu", c->what,
          sah_textfield_length(f));
    sah_textfield_free(f);
}

int main(void)
{
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        run(&cases[i]);

    /* Results and the serial. */
    sah_textfield_t *f = sah_textfield_new(16);
    CHECK(!sah_textfield_backspace(f), "backspace on empty");
    unsigned long s0 = sah_textfield_serial(f);
    CHECK(sah_textfield_insert(f, "abc"), "insert");
    CHECK(sah_textfield_serial(f) != s0, "serial after insert");
    CHECK(!sah_textfield_insert(f, "\xFF"), "invalid refused");
    CHECK(!sah_textfield_insert(f, "0123456789abcdef"), "too long refused");
    CHECK(!strcmp(sah_textfield_text(f), "abc"), "unchanged after refusals");
    CHECK(sah_textfield_set(f, "سلام"), "set");
    CHECK(!strcmp(sah_textfield_text(f), "سلام"), "set text");
    CHECK(!sah_textfield_set(f, "\xC3"), "set refuses invalid");
    CHECK(!strcmp(sah_textfield_text(f), "سلام"), "set kept after a refusal");
    CHECK(sah_textfield_set(f, NULL) && !sah_textfield_text(f)[0], "set NULL empties");
    /* Every backspace leaves well-formed UTF-8: type and erase a mixed
     * string down to nothing, checking the bytes at each step. */
    const char *mixed = "سَلامٌ abc 👍🏽 é ١٢";
    sah_textfield_t *g = sah_textfield_new(128);
    CHECK(sah_textfield_insert(g, mixed), "mixed insert");
    size_t steps = 0;
    while (sah_textfield_backspace(g)) {
        const char *t = sah_textfield_text(g);
        size_t n = strlen(t);
        CHECK(n == 0 || ((unsigned char)t[n - 1] & 0xC0) != 0xC0, "step %zu ends in a lead byte",
              steps);
        CHECK(!strncmp(t, mixed, n), "step %zu is not a prefix", steps);
        steps++;
    }
    /* س َ ل ا م ٌ ␣ a b c ␣ 👍🏽 ␣ é ␣ ١ ٢: 17 clusters and marks. */
    CHECK(steps == 17, "expected 17 backspaces, took %zu", steps);
    sah_textfield_free(g);
    sah_textfield_free(f);
    sah_textfield_free(NULL);
    return t_summary("textfield");
}
