/*
 * textfield.h - the text of an input field (the search query, a note): a
 * UTF-8 string that grows at its end, from the on-screen keyboard
 * (keyboard.h) or a physical one (SDL's text input, committed text only,
 * so that an input method's composition never lands half done).
 *
 *   sah_textfield_t *f = sah_textfield_new(256);
 *   sah_textfield_insert(f, "سلام");        // a key, or a TEXTINPUT event
 *   sah_textfield_backspace(f);             // one character back
 *   puts(sah_textfield_text(f));
 *   sah_textfield_free(f);
 *
 * The text is always well-formed UTF-8 with no control characters: what is
 * inserted is checked whole and refused whole. Backspace takes away the
 * last grapheme cluster (UAX#29: an emoji with its modifiers, a letter with
 * a combining accent), never part of a UTF-8 sequence; but an Arabic mark
 * (a haraka, shadda, sukun, the Quranic marks) goes alone, as on Arabic
 * keyboards, so that a wrong vowel is corrected without typing its letter
 * again. The caret is always at the end: a query and a short note are
 * typed, and corrected by backspace.
 *
 * How the field is shown is the screens' (the text in the UI's engine:
 * sah_ui_text() lays it out with its own direction, so an Arabic query sits
 * at the right and a Latin one at the left, whatever the UI's language).
 */
#ifndef SAH_TEXTFIELD_H
#define SAH_TEXTFIELD_H

#include <stdbool.h>
#include <stddef.h>

typedef struct sah_textfield sah_textfield_t;

/* @max_bytes: the longest text kept (bytes of UTF-8, at least 4).
 * Returns: (transfer full) an empty field, or NULL when out of memory. */
sah_textfield_t *sah_textfield_new(size_t max_bytes) __attribute__((warn_unused_result));
void sah_textfield_free(sah_textfield_t *f);

/* (transfer none): the text, NUL-terminated, owned by @f, valid until the
 * next change. */
const char *sah_textfield_text(const sah_textfield_t *f);
size_t sah_textfield_length(const sah_textfield_t *f);

/*
 * sah_textfield_insert:
 * Appends @utf8 (NUL-terminated). Line breaks and tabs become spaces;
 * other control characters are dropped.
 *
 * Returns: false, the text unchanged, when @utf8 is not well-formed UTF-8
 * or the text would grow past max_bytes.
 */
bool sah_textfield_insert(sah_textfield_t *f, const char *utf8);

/* Takes away the last grapheme cluster (an Arabic mark alone; see above).
 * Returns: false when the text was empty. */
bool sah_textfield_backspace(sah_textfield_t *f);

/* Replaces the text (checked as sah_textfield_insert() does; false leaves
 * it unchanged). NULL empties it. */
bool sah_textfield_set(sah_textfield_t *f, const char *utf8);

/* A number that changes whenever the text does. */
unsigned long sah_textfield_serial(const sah_textfield_t *f);

#endif
