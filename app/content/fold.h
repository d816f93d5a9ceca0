/*
 * fold.h - words as search sees them: split, folded so that the spellings a
 * reader takes for the same word compare equal, each with the bytes it came
 * from; the forms a word takes after Arabic proclitics; the stem of
 * --all-forms. The library's index (search.h) and the in-article find
 * (find.h) both read text through here, so they agree. docs/search.md
 * states the rules.
 *
 *   static bool on_word(void *user, const char *w, size_t n, size_t start, size_t end)
 *   {
 *       printf("%.*s at [%zu,%zu)\n", (int)n, w, start, end);
 *       return true;
 *   }
 *   sah_fold_words(text, len, 0, on_word, NULL);
 *
 * A word is a run of letters, digits and combining marks; everything else
 * (spaces, line breaks, punctuation, symbols) separates words. Folding:
 * harakat and Quranic marks (U+064B-U+065F, U+0670, U+06D6-U+06ED), tatweel
 * and invisible format characters (ZWNJ, bidi marks, BOM, soft hyphen) are
 * dropped; أ إ آ ٱ become ا, ى becomes ي; Persian and Urdu ک ی ہ become
 * ك ي ه; every decimal digit (Arabic-Indic, Extended Arabic-Indic, ...)
 * becomes its ASCII digit; letters are case-folded (Unicode simple case
 * folding); presentation forms (U+FB50-U+FDFF, U+FE80-U+FEFC) are read
 * through their NFKC mapping, ligatures as their letters. Options: ة as ه
 * (SAH_FOLD_TEH_MARBUTA); ؤ as و and ئ as ي (SAH_FOLD_HAMZA_SEATS).
 *
 * Words are the unit of a hit: a hit's bytes are whole words, so one
 * mapping per word (its first byte, and the byte after its last letter and
 * the marks on it) is what the offsets need.
 */
#ifndef SAH_FOLD_H
#define SAH_FOLD_H

#include <stdbool.h>
#include <stddef.h>

enum {
    SAH_FOLD_TEH_MARBUTA = 1u << 0, /* ة as ه */
    SAH_FOLD_HAMZA_SEATS = 1u << 1, /* ؤ as و, ئ as ي */
};

/* Bytes of a folded word that its proclitic forms and its stem are looked
 * for in: a longer "word" is a run of letters without spaces (a hash, a
 * URL cut into a line), found whole only. */
#define SAH_FOLD_MAX_AFFIX_WORD 120

/* Called for each word: @word (transfer none, valid during the call; not
 * NUL-terminated) is the folded word, @n its bytes, [@start,@end) the bytes
 * of the text it was read from. Return false to stop. */
typedef bool (*sah_fold_word_fn)(void *user, const char *word, size_t n, size_t start, size_t end);

/*
 * sah_fold_words:
 * @text: UTF-8 (a byte that is not is a separator).
 * @n: its bytes.
 * @flags: SAH_FOLD_* options.
 *
 * Returns: false when @fn stopped the walk or memory ran out, else true.
 */
bool sah_fold_words(const char *text, size_t n, unsigned flags, sah_fold_word_fn fn, void *user)
    __attribute__((warn_unused_result));

/* Called for each proclitic form of a word (transfer none, valid during the
 * call). Return false to stop. */
typedef bool (*sah_fold_form_fn)(void *user, const char *form, size_t n);

/*
 * sah_fold_proclitic_forms:
 * @word: a folded word (sah_fold_words()).
 *
 * Calls @fn for each form @word takes without its leading proclitics: the
 * conjunction و or ف, then the preposition ب, ك or ل, then the article ال
 * (ل with ال is written لل), each optional, in that order: والحكومة gives
 * الحكومة and حكومة; للحكومة gives الحكومة and حكومة. A form must keep at
 * least 3 letters after a one-letter proclitic and 2 after a longer one, so
 * that "وهو" is not "هو"'s and "ال" is never stripped to nothing. @word
 * itself is not given.
 *
 * Returns: false when @fn stopped.
 */
bool sah_fold_proclitic_forms(const char *word, size_t n, sah_fold_form_fn fn, void *user);

/* The stemmer of --all-forms: Snowball's Arabic stemmer (libstemmer). */
typedef struct sah_stemmer sah_stemmer_t;

/* Returns: (transfer full) a stemmer, or NULL when out of memory. Not to be
 * shared between threads. */
sah_stemmer_t *sah_stemmer_new(void) __attribute__((warn_unused_result));
void sah_stemmer_free(sah_stemmer_t *s);

/*
 * sah_stemmer_key:
 * @word: a folded word.
 * @len: (out): the key's bytes.
 *
 * The key two words of one family share under --all-forms: Snowball's stem
 * of the word's shortest proclitic form, its hamza seats folded.
 *
 * Returns: (transfer none) the key, owned by @s, valid until its next call;
 * NULL when out of memory.
 */
const char *sah_stemmer_key(sah_stemmer_t *s, const char *word, size_t n, size_t *len);

#endif
