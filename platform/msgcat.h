/*
 * msgcat.h - messages in the reader's language: gettext's compiled
 * catalogues (.mo, made by msgfmt from po/<lang>.po), one object per
 * language, and the language the environment asks for by gettext's rules.
 *
 *   sah_msgcat_t *ar = sah_msgcat_new("ar");   // DIR/ar/LC_MESSAGES/sahifa.mo
 *   puts(sah_msgcat_get(ar, "library", "Library"));                 // المكتبة
 *   printf(sah_msgcat_nget(ar, NULL, "%lu article", "%lu articles", 11), 11ul);
 *   sah_msgcat_free(ar);
 *
 *   sah_msgcat_use(sah_msgcat_env_lang());     // the command line's messages
 *   fprintf(stderr, sah_tr("sahifa: %s: cannot read\n"), path);
 *
 * Why not glibc's gettext(): it reads one language per process, picked
 * through setlocale() and $LANGUAGE, both process-wide (the UI changes
 * language from its menu while the other screens' objects live on, and
 * the tests hold both languages at once), and it translates only when
 * setlocale() succeeded, that is when the user's locale is generated on
 * the machine (a Pi image with only en_GB.UTF-8 would show English to an
 * ar_EG.UTF-8 user). Here each object is one language's catalogue, read
 * once, with no global state but the command line's own. Plural forms are
 * the catalogue's: the Plural-Forms expression of its header, evaluated as
 * gettext does (C syntax over n).
 */
#ifndef SAH_MSGCAT_H
#define SAH_MSGCAT_H

#include <stdbool.h>
#include <stddef.h>

/* The text domain: the catalogues' file name (sahifa.mo). */
#define SAH_MSGCAT_DOMAIN "sahifa"
/* Our catalogues are a few tens of KiB; a larger file is not ours. */
#define SAH_MSGCAT_MAX_BYTES ((size_t)1 << 20)

typedef struct sah_msgcat sah_msgcat_t;

/*
 * sah_msgcat_env_lang:
 *
 * The language of the messages by gettext's rules (GNU gettext manual,
 * "Locale Environment Variables"): the locale is the first of $LC_ALL,
 * $LC_MESSAGES, $LANG that is set and not empty; the C (or POSIX) locale, or
 * none, is untranslated; otherwise $LANGUAGE, when set, is a list of
 * languages by preference ("fr:ar"), else the locale's own language
 * ("ar_EG.UTF-8" is "ar"). The first language of the list with a catalogue
 * wins; none (a French or Turkish locale) is English, the language of the
 * messages as written.
 *
 * Returns: (transfer none) "ar" or "en", static.
 */
const char *sah_msgcat_env_lang(void);

/*
 * sah_msgcat_new:
 * @lang: "ar", "en", ...: the catalogue sah_path_locale_dir()/@lang/
 *   LC_MESSAGES/sahifa.mo.
 *
 * A catalogue that cannot be read (missing, damaged, not UTF-8) leaves the
 * object empty: every message stays as written (English), after one line
 * naming the file (none for a missing English one: English needs none).
 *
 * Returns: (transfer full) the catalogue (sah_msgcat_free() it), or NULL
 * when out of memory.
 */
sah_msgcat_t *sah_msgcat_new(const char *lang) __attribute__((warn_unused_result));
void sah_msgcat_free(sah_msgcat_t *c);

/* How many translations @c holds (0: empty, every message as written). */
size_t sah_msgcat_count(const sah_msgcat_t *c);

/*
 * sah_msgcat_get:
 * @c: (nullable): the catalogue; NULL translates nothing.
 * @ctx: (nullable): the message's context (msgctxt), NULL for none.
 * @msgid: the message as written.
 *
 * Returns: (transfer none) the translation, owned by @c and valid until
 * sah_msgcat_free(); @msgid itself when @c has none.
 */
const char *sah_msgcat_get(const sah_msgcat_t *c, const char *ctx, const char *msgid)
    __attribute__((format_arg(3)));

/*
 * sah_msgcat_nget:
 * As sah_msgcat_get(), for the count @n: the form the catalogue's
 * Plural-Forms expression gives @n (Arabic has six); without a translation,
 * @msgid for n == 1 and @plural otherwise (English).
 */
const char *sah_msgcat_nget(const sah_msgcat_t *c, const char *ctx, const char *msgid,
                            const char *plural, unsigned long n)
    __attribute__((format_arg(3), format_arg(4)));

/* The index of the plural form for @n by @c's Plural-Forms expression;
 * -1 when @c has none (an empty catalogue). */
int sah_msgcat_plural_index(const sah_msgcat_t *c, unsigned long n);

/*
 * The command line's messages: one catalogue for the process, in the
 * language of sah_msgcat_use() (none: English). sah_msgcat_use(NULL) frees
 * it. Not for threads: the messages are printed by the main thread.
 */
void sah_msgcat_use(const char *lang);
const char *sah_tr(const char *msgid) __attribute__((format_arg(1)));
const char *sah_ntr(const char *msgid, const char *plural, unsigned long n)
    __attribute__((format_arg(1), format_arg(2)));

/* A message marked for xgettext (po/meson.build) and translated later, by
 * sah_tr(): sah_tr() and sah_ntr() are marks too. (gettext's customary
 * _() is not used: C reserves identifiers that begin with an underscore.) */
#define N_(s) s

#endif
