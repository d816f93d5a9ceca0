/* fontchain.c - see fontchain.h. */
#include "fonts/fontchain.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fontconfig/fontconfig.h>

#include "fonts/fontstamp.h"
#include "platform/readfile.h"

/* Fonts a spec may name; the default chain's fonts are appended after
 * them, up to MAX_FONTS in all. */
#define MAX_NAMED  8
#define MAX_FONTS  16
#define PICK_CACHE 1024 /* direct-mapped code point -> font index cache */

/* A fallback is drawn at the chain's size times its scale (see
 * sah_fontchain_new()). Within SCALE_SAME of 1 it is left at the chain's
 * size: pairs drawn to be set together put the alef at 0.94 to 1.11 of the
 * cap height (Noto Naskh Arabic with Noto Sans 0.94, Scheherazade's own
 * Latin 0.97, Noto Sans Arabic with Noto Sans 1.00, DejaVu Sans 1.04,
 * Amiri's own Latin 1.11), so a smaller difference says nothing about a
 * mismatch; and such fonts keep HarfBuzz's advances at the size asked for.
 * Never past SCALE_MIN..SCALE_MAX, whatever a broken font's metrics say. */
#define SCALE_SAME 0.07
#define SCALE_MIN  0.5
#define SCALE_MAX  2.0

struct sah_fontchain {
    /* Fallback fonts are opened on first use: most articles never need
     * the third font of the chain, and each open face costs memory. */
    sah_font_t *fonts[MAX_FONTS]; /* owned; NULL until first used */
    char *paths[MAX_FONTS];       /* owned */
    bool failed[MAX_FONTS];       /* could not be opened when first used */
    bool synth[MAX_FONTS];        /* a synthetic bold of paths[i] */
    double scale[MAX_FONTS];      /* size factor against fonts[0]; 0 until known */
    size_t count, named;
    double px;
    uint32_t serial; /* sah_fontchain_serial() */
    /* pick() is called for every character of every paragraph: remember
     * answers (cmap lookups in up to MAX_FONTS fonts otherwise). */
    uint32_t pick_cp[PICK_CACHE];
    uint8_t pick_idx[PICK_CACHE];
};

/* Answers of sah_font_find(), kept for the life of the process: fontconfig's
 * match costs milliseconds, and every size change rebuilds the chains; and
 * across runs through a memo file (sah_font_memo_load()), because loading
 * fontconfig's configuration is most of a launch's work. */
#define FIND_MEMO 32
static struct {
    char *family, *path; /* owned; path NULL for "not installed" */
    bool from_file;      /* not asked of fontconfig in this process yet */
} memo[FIND_MEMO];
static unsigned memo_next;
static bool memo_dirty; /* answers the memo file does not have */
/* What fontconfig read when it gave the answers (fontstamp.h): read with
 * the memo, or taken when fontconfig is loaded here. Owned, nullable. */
static sah_fontstamp_t *memo_stamp;
static bool stamp_current; /* memo_stamp was read and nothing changed since */
static bool fc_loaded;     /* fontconfig is loaded in this process */

static char *find_uncached(const char *family);
static bool ask_again(void);

/* Puts @family -> @path (both copied; @path nullable) in the next slot. */
static bool memo_add(const char *family, const char *path, bool from_file)
{
    unsigned slot = memo_next++ % FIND_MEMO;
    free(memo[slot].family);
    free(memo[slot].path);
    memo[slot].family = strdup(family);
    memo[slot].path = path && memo[slot].family ? strdup(path) : NULL;
    memo[slot].from_file = from_file;
    return memo[slot].family && (!path || memo[slot].path);
}

char *sah_font_find(const char *family)
{
    if (!family || !*family)
        return NULL;
    for (unsigned i = 0; i < FIND_MEMO; i++) {
        if (memo[i].family && !strcmp(memo[i].family, family))
            return memo[i].path ? strdup(memo[i].path) : NULL;
    }
    char *path = find_uncached(family);
    memo_add(family, path, false);
    memo_dirty |= path != NULL; /* "not installed" is not written down */
    return path;
}

/* The memo file: a first line MEMO_MAGIC, then one line per family:
 * family TAB size TAB mtime seconds TAB nanoseconds TAB path. Size and time
 * are the font file's when the answer was written: a file replaced since
 * (a font package upgrade) no longer matches and is asked again. */
#define MEMO_MAGIC "sahifa-font-memo 1"
#define MEMO_LINE  4096
/* And lines of answers about a font file (font.h's
 * sah_font_words_hint()): "+words-independent" or "+words-dependent" in
 * the family's place, the file's size, time and path as above. No family
 * starts with '+' (a version that does not know these lines takes one
 * for a family nobody asks for). */
#define WORDS_LINE "+words-"

static bool same_file(const char *path, long long size, long long sec, long long nsec)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode) && (long long)st.st_size == size &&
           (long long)st.st_mtim.tv_sec == sec && (long long)st.st_mtim.tv_nsec == nsec;
}

/* The memo holds FIND_MEMO answers, as many font files' and a stamp at
 * most: a bigger file is not one. */
#define MEMO_MAX_BYTES                                                                             \
    ((size_t)(FIND_MEMO + 1 + SAH_FONT_WORDS_ANSWERS) * MEMO_LINE + (size_t)SAH_FONTSTAMP_MAX * 512)

/* One memo line (family TAB size TAB sec TAB nsec TAB path, NUL-terminated
 * in place): false when it is not one. */
static bool memo_line(char *line, size_t *taken)
{
    char *family = line, *tab = strchr(line, '\t'), *q = tab;
    long long num[3] = {0, 0, 0};
    for (int k = 0; q && k < 3; k++) {
        char *end;
        errno = 0;
        num[k] = strtoll(q + 1, &end, 10);
        q = end != q + 1 && *end == '\t' && errno == 0 ? end : NULL;
    }
    if (!tab || tab == family || !q || q[1] != '/')
        return false;
    *tab = 0;
    const char *path = q + 1;
    /* A font file's answer (WORDS_LINE), not a family's; another '+' line
     * is a later version's, passed over. */
    if (family[0] == '+') {
        bool yes = !strcmp(family, WORDS_LINE "independent"),
             no = !strcmp(family, WORDS_LINE "dependent");
        if ((yes || no) && same_file(path, num[0], num[1], num[2]))
            sah_font_words_hint(path, yes);
        return true;
    }
    bool known = false;
    for (unsigned i = 0; i < FIND_MEMO; i++)
        known |= memo[i].family && !strcmp(memo[i].family, family);
    /* Changed since: fontconfig answers again, and the memo is rewritten. */
    if (!known && *taken < FIND_MEMO && same_file(path, num[0], num[1], num[2]) &&
        memo_add(family, path, true))
        ++*taken;
    return true;
}

size_t sah_font_memo_load(const char *file)
{
    /* Through the safe opener: the state dir is the user's to fill, and a
     * FIFO or a device there must not hang every start of a kiosk. */
    size_t len;
    int err;
    char *text = sah_file_read(file, MEMO_MAX_BYTES, &len, &err);
    if (!text) {
        /* No memo yet: the first run writes it. */
        if (err != ENOENT)
            fprintf(stderr, "sahifa: %s: font memo not read: %s (it is rewritten)\n", file,
                    sah_file_strerror(err));
        memo_dirty |= err != ENOENT;
        return 0;
    }
    size_t taken = 0, magic = sizeof MEMO_MAGIC; /* with its "\n" */
    if (!memo_stamp)
        memo_stamp = sah_fontstamp_new();
    else
        sah_fontstamp_clear(memo_stamp);
    bool bad = len < magic || memcmp(text, MEMO_MAGIC "\n", magic) != 0;
    for (char *line = text + magic, *end = text + len; !bad && line < end;) {
        char *nl = memchr(line, '\n', (size_t)(end - line));
        if (!nl || nl - line >= MEMO_LINE || memchr(line, 0, (size_t)(nl - line))) {
            bad = true;
            break;
        }
        *nl = 0;
        /* The stamp's lines start with a tab, which no family does. */
        if (line[0] == '\t')
            bad = !memo_stamp || !sah_fontstamp_parse_line(memo_stamp, line);
        else
            bad = !memo_line(line, &taken);
        line = nl + 1;
    }
    free(text);
    if (bad) {
        fprintf(stderr, "sahifa: %s: not a font memo (ignored; it is rewritten)\n", file);
        sah_fontstamp_clear(memo_stamp);
    }
    /* A broken memo is replaced at the next save. */
    memo_dirty |= bad;
    return taken;
}

bool sah_font_memo_dirty(void)
{
    memo_dirty |= sah_font_words_unsaved() > 0;
    return memo_dirty;
}

bool sah_font_memo_save(const char *file)
{
    size_t n = strlen(file);
    char *tmp = malloc(n + 5);
    if (!tmp)
        return false;
    memcpy(tmp, file, n);
    memcpy(tmp + n, ".new", 5);
    /* A new file, never one that was there: whatever sits at @tmp (a
     * leftover, a FIFO, a link) is replaced, not opened. */
    unlink(tmp);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (fd >= 0 && !f)
        close(fd);
    bool ok = f && fputs(MEMO_MAGIC "\n", f) >= 0;
    for (unsigned i = 0; ok && i < FIND_MEMO; i++) {
        struct stat st;
        const char *fam = memo[i].family, *path = memo[i].path;
        /* A tab or newline in a name would break the line format: such an
         * answer is simply not remembered. */
        if (!fam || !path || path[0] != '/' || strpbrk(fam, "\t\n") || strpbrk(path, "\t\n") ||
            stat(path, &st) != 0)
            continue;
        ok = fprintf(f, "%s\t%lld\t%lld\t%lld\t%s\n", fam, (long long)st.st_size,
                     (long long)st.st_mtim.tv_sec, (long long)st.st_mtim.tv_nsec, path) > 0;
    }
    const char *path;
    bool yes;
    for (size_t i = 0; ok && sah_font_words_known(i, &path, &yes); i++) {
        struct stat st;
        if (path[0] != '/' || strpbrk(path, "\t\n") || stat(path, &st) != 0)
            continue;
        ok = fprintf(f, WORDS_LINE "%s\t%lld\t%lld\t%lld\t%s\n", yes ? "independent" : "dependent",
                     (long long)st.st_size, (long long)st.st_mtim.tv_sec,
                     (long long)st.st_mtim.tv_nsec, path) > 0;
    }
    if (ok && memo_stamp)
        ok = sah_fontstamp_write(memo_stamp, f);
    if (f && fclose(f) != 0)
        ok = false;
    /* rename() replaces the memo whole: a reader never sees half of it. */
    if (ok && rename(tmp, file) != 0)
        ok = false;
    if (!ok) {
        fprintf(stderr, "sahifa: %s: font memo not written: %s\n", file, strerror(errno));
        unlink(tmp);
    } else {
        memo_dirty = false;
    }
    free(tmp);
    return ok;
}

bool sah_font_memo_revalidate(void)
{
    /* Nothing fontconfig reads changed since the answers were written:
     * they stand, and fontconfig is not loaded to say so. */
    if (!fc_loaded && sah_fontstamp_current(memo_stamp)) {
        stamp_current = true;
        return false;
    }
    return ask_again();
}

bool sah_font_fontconfig_loaded(void)
{
    return fc_loaded;
}

/* Asks fontconfig again for every answer taken from the file. */
static bool ask_again(void)
{
    bool changed = false;
    for (unsigned i = 0; i < FIND_MEMO; i++) {
        if (!memo[i].family || !memo[i].from_file)
            continue;
        memo[i].from_file = false;
        char *path = find_uncached(memo[i].family);
        if ((path == NULL) != (memo[i].path == NULL) || (path && strcmp(path, memo[i].path) != 0)) {
            free(memo[i].path);
            memo[i].path = path;
            changed = true;
        } else {
            free(path);
        }
    }
    memo_dirty |= changed;
    return changed;
}

/* FcInit() once, and the stamp of what it read: the memo is rewritten
 * with it unless the one read with the memo was found current. */
static bool load_fontconfig(void)
{
    if (fc_loaded)
        return true;
    if (!FcInit())
        return false;
    fc_loaded = true;
    if (!memo_stamp)
        memo_stamp = sah_fontstamp_new();
    if (memo_stamp && sah_fontstamp_take(memo_stamp))
        memo_dirty |= !stamp_current;
    /* Answers the read stamp vouched for are asked too (a family first
     * asked after the revalidation): the stamp now kept is this one. */
    if (stamp_current) {
        stamp_current = false;
        (void)ask_again();
    }
    return true;
}

static char *find_uncached(const char *family)
{
    char *path = NULL;
    FcPattern *pat = NULL, *match = NULL;
    FcResult res;
    FcChar8 *file = NULL, *got = NULL;
    int got_weight = 0;

    if (!family || !*family || !load_fontconfig())
        return NULL;
    /* "Family:bold" asks for the bold face of Family. */
    char name[256];
    int weight = FC_WEIGHT_REGULAR;
    snprintf(name, sizeof name, "%s", family);
    char *colon = strchr(name, ':');
    if (colon) {
        if (strcasecmp(colon + 1, "bold") == 0)
            weight = FC_WEIGHT_BOLD;
        *colon = 0;
    }
    family = name;
    pat = FcPatternCreate();
    if (!pat)
        return NULL;
    FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)family);
    FcPatternAddInteger(pat, FC_WEIGHT, weight);
    FcPatternAddInteger(pat, FC_SLANT, FC_SLANT_ROMAN);
    FcConfigSubstitute(NULL, pat, FcMatchPattern);
    FcDefaultSubstitute(pat);
    match = FcFontMatch(NULL, pat, &res);
    /* A bold that fontconfig would synthesize (90-synthetic.conf marks the
     * regular face FC_EMBOLDEN and calls it bold) is not a bold face. */
    FcBool embolden = FcFalse;
    if (match && FcPatternGetBool(match, FC_EMBOLDEN, 0, &embolden) != FcResultMatch)
        embolden = FcFalse;
    bool bold_face = match &&
                     FcPatternGetInteger(match, FC_WEIGHT, 0, &got_weight) == FcResultMatch &&
                     got_weight >= FC_WEIGHT_DEMIBOLD && !embolden;
    if (match && FcPatternGetString(match, FC_FAMILY, 0, &got) == FcResultMatch &&
        strcasecmp((const char *)got, family) == 0 &&
        FcPatternGetString(match, FC_FILE, 0, &file) == FcResultMatch) {
        if (weight == FC_WEIGHT_REGULAR || bold_face) {
            path = strdup((const char *)file);
        } else {
            /* No bold face: the regular one, so that the answer (which
             * resolve() tells by its being the regular file) is kept in
             * the memo file like any other. */
            FcPatternDestroy(match);
            FcPatternDestroy(pat);
            return find_uncached(family);
        }
    }
    if (match)
        FcPatternDestroy(match);
    FcPatternDestroy(pat);
    return path;
}

/* The family fontconfig gives the font file @path (free() it), or NULL. */
static char *family_of_file(const char *path)
{
    int count = 0;
    FcChar8 *fam = NULL;
    char *out = NULL;
    FcPattern *pat = FcFreeTypeQuery((const FcChar8 *)path, 0, NULL, &count);
    if (pat && FcPatternGetString(pat, FC_FAMILY, 0, &fam) == FcResultMatch)
        out = strdup((const char *)fam);
    if (pat)
        FcPatternDestroy(pat);
    return out;
}

/* The bold face of the font file @path (free() it): the bold face
 * fontconfig knows for its family; NULL when the family has none, or the
 * file is that face already. */
static char *bold_of_file(const char *path)
{
    char *fam = family_of_file(path), *bold = NULL;
    if (fam) {
        char name[300];
        snprintf(name, sizeof name, "%s:bold", fam);
        bold = sah_font_find(name);
        if (bold && !strcmp(bold, path)) {
            free(bold);
            bold = NULL;
        }
        free(fam);
    }
    return bold;
}

/* Whether the font file @path is a bold face by fontconfig's reading. */
static bool file_is_bold(const char *path)
{
    int count = 0, weight = 0;
    FcPattern *pat = FcFreeTypeQuery((const FcChar8 *)path, 0, NULL, &count);
    bool bold = pat && FcPatternGetInteger(pat, FC_WEIGHT, 0, &weight) == FcResultMatch &&
                weight >= FC_WEIGHT_DEMIBOLD;
    if (pat)
        FcPatternDestroy(pat);
    return bold;
}

/* The file of chain item @item (a path, or a family with an optional
 * ":bold"), in the bold face when @bold or the item asks for it: the
 * family's own bold, else its regular face with *@synth set (a synthetic
 * bold). (transfer full); NULL when the family is not installed. */
static char *resolve(const char *item, bool bold, bool *synth)
{
    *synth = false;
    if (strchr(item, '/')) {
        char *b = bold ? bold_of_file(item) : NULL;
        if (b)
            return b;
        *synth = bold && !file_is_bold(item);
        return strdup(item);
    }
    char family[300];
    snprintf(family, sizeof family, "%s", item);
    char *colon = strchr(family, ':');
    bool want = bold || (colon && !strcasecmp(colon + 1, "bold"));
    if (!want)
        return sah_font_find(item);
    if (colon)
        *colon = 0;
    char name[310];
    snprintf(name, sizeof name, "%s:bold", family);
    /* Both answers come from the memo on a launch after the first: a
     * family without a bold face answers its regular file for ":bold". */
    char *b = sah_font_find(name), *regular = b ? sah_font_find(family) : NULL;
    *synth = b && regular && !strcmp(b, regular);
    free(regular);
    return b;
}

static bool in_chain(const sah_fontchain_t *c, const char *path, bool synth)
{
    for (size_t i = 0; i < c->count; i++)
        if (c->synth[i] == synth && !strcmp(c->paths[i], path))
            return true;
    return false;
}

/* Adds @item. @quiet: a member of the default tail, skipped without a word
 * when missing or already in the chain. */
static bool add_font(sah_fontchain_t *c, const char *item, bool optional, bool bold, bool quiet)
{
    bool synth = false;
    char *path = NULL;

    if (!quiet && c->named == MAX_NAMED) {
        fprintf(stderr, "sahifa: font chain: more than %d fonts, %s ignored\n", MAX_NAMED, item);
        return true;
    }
    if (c->count == MAX_FONTS)
        return true;
    path = resolve(item, bold, &synth);
    if (!path && !strchr(item, '/')) {
        if (!quiet)
            fprintf(stderr,
                    "sahifa: font \"%s\": not installed (fontconfig has no such family)%s\n", item,
                    optional ? ", skipped" : "");
        return optional;
    }
    if (!path)
        return false;
    if (quiet && in_chain(c, path, synth)) {
        free(path);
        return true;
    }
    /* The primary font is opened now (it decides whether the chain is
     * usable); the others when a character first needs them. */
    if (c->count == 0) {
        sah_font_t *f =
            synth ? sah_font_new_synthetic_bold(path, c->px) : sah_font_new(path, c->px);
        if (!f) {
            free(path);
            return optional;
        }
        c->fonts[0] = f;
        c->scale[0] = 1.0;
    } else if (access(path, R_OK) != 0) {
        if (!quiet)
            fprintf(stderr, "sahifa: font %s: cannot open file%s\n", path,
                    optional ? ", skipped" : "");
        free(path);
        return optional;
    }
    c->paths[c->count] = path;
    c->synth[c->count] = synth;
    c->count++;
    c->named += !quiet;
    return true;
}

static sah_fontchain_t *chain_alloc(double px)
{
    static uint32_t next_serial = 1;
    sah_fontchain_t *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->px = px;
    c->serial = next_serial++;
    /* Slot 0 holds code point 0 with index 0, which is also the right
     * answer for U+0000; every other slot starts as a miss. */
    for (size_t i = 1; i < PICK_CACHE; i++)
        c->pick_cp[i] = UINT32_MAX;
    return c;
}

/* Adds the items of the comma-separated @spec; "default" among them is
 * SAHIFA_FONTS when set, else SAH_FONTCHAIN_DEFAULT (whose missing members
 * are skipped). @depth stops SAHIFA_FONTS=default from recursing. */
static bool add_spec(sah_fontchain_t *c, const char *spec, bool optional, bool bold, bool quiet,
                     int depth)
{
    char *copy = strdup(spec), *save = NULL;
    bool ok = copy != NULL;
    for (char *item = copy ? strtok_r(copy, ",", &save) : NULL; item;
         item = strtok_r(NULL, ",", &save)) {
        while (*item == ' ')
            item++;
        size_t n = strlen(item);
        while (n && item[n - 1] == ' ')
            item[--n] = 0;
        if (!n)
            continue;
        if (!strcmp(item, "default") && depth == 0) {
            const char *env = getenv("SAHIFA_FONTS");
            bool builtin = !env || !*env || !strcmp(env, "default");
            ok &= add_spec(c, builtin ? SAH_FONTCHAIN_DEFAULT : env, builtin, bold, quiet, 1);
        } else if (!add_font(c, item, optional, bold, quiet)) {
            ok = false;
        }
    }
    free(copy);
    return ok;
}

sah_fontchain_t *sah_fontchain_new_opts(const char *spec, double px,
                                        const sah_fontchain_opts_t *opts)
{
    bool bold = opts && opts->bold, exact = opts && opts->exact;
    if (!spec)
        spec = "default";
    /* The default spelled out is the default without SAHIFA_FONTS: the
     * app's way back to it when a configured chain has no usable font. */
    bool builtin = !strcmp(spec, SAH_FONTCHAIN_DEFAULT);
    sah_fontchain_t *c = chain_alloc(px);
    if (!c)
        return NULL;
    bool ok = add_spec(c, spec, builtin, bold, false, builtin);
    if (ok && c->count == 0) {
        fprintf(stderr, "sahifa: font chain \"%s\": no usable font\n", spec);
        ok = false;
    }
    /* Whatever was named, the default fonts follow: a font without Latin,
     * digits or Hebrew (KacstNaskh) never leaves a character without a
     * glyph that the default fonts have. */
    if (ok && !exact)
        ok = add_spec(c, SAH_FONTCHAIN_DEFAULT, true, bold, true, 1);
    if (!ok) {
        sah_fontchain_free(c);
        return NULL;
    }
    return c;
}

sah_fontchain_t *sah_fontchain_new(const char *spec, double px)
{
    return sah_fontchain_new_opts(spec, px, NULL);
}

sah_fontchain_t *sah_fontchain_resize(const sah_fontchain_t *chain, double px)
{
    sah_fontchain_t *c = chain_alloc(px);
    if (!c)
        return NULL;
    for (size_t i = 0; i < chain->count; i++) {
        if (!(c->paths[i] = strdup(chain->paths[i]))) {
            sah_fontchain_free(c);
            return NULL;
        }
        c->synth[i] = chain->synth[i];
        c->scale[i] = chain->scale[i];
        c->count++;
    }
    c->named = chain->named;
    c->fonts[0] =
        c->synth[0] ? sah_font_new_synthetic_bold(c->paths[0], px) : sah_font_new(c->paths[0], px);
    if (!c->fonts[0]) {
        sah_fontchain_free(c);
        return NULL;
    }
    return c;
}

void sah_fontchain_free(sah_fontchain_t *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->count; i++) {
        sah_font_free(c->fonts[i]);
        free(c->paths[i]);
    }
    free(c);
}

size_t sah_fontchain_count(const sah_fontchain_t *c)
{
    return c->count;
}

uint32_t sah_fontchain_serial(const sah_fontchain_t *c)
{
    return c->serial;
}

static sah_font_t *open_at(const sah_fontchain_t *c, size_t i, double scale)
{
    double px = c->px * scale;
    return c->synth[i] ? sah_font_new_synthetic_bold(c->paths[i], px)
                       : sah_font_new(c->paths[i], px);
}

/* The size factor that makes fallback @f look as large as the primary font
 * (sah_font_visual_height(): alef against alef, or alef against the alef a
 * cap height implies); 1 when the primary has no such height. */
static double scale_for(const sah_font_t *primary, const sah_font_t *f)
{
    double vp = sah_font_visual_height(primary), vf = sah_font_visual_height(f);
    if (vp <= 0)
        return 1.0;
    /* A font with neither alef nor capitals (emoji) is taken to be drawn
     * to the em as the Noto fonts are. */
    if (vf <= 0)
        vf = SAH_FONT_REF_ALEF;
    double s = vp / vf;
    if (s > 1.0 - SCALE_SAME && s < 1.0 + SCALE_SAME)
        return 1.0;
    return s < SCALE_MIN ? SCALE_MIN : s > SCALE_MAX ? SCALE_MAX : s;
}

sah_font_t *sah_fontchain_font(sah_fontchain_t *c, size_t index)
{
    if (index >= c->count)
        return NULL;
    if (!c->fonts[index] && !c->failed[index]) {
        sah_font_t *f = open_at(c, index, c->scale[index] > 0 ? c->scale[index] : 1.0);
        if (f && c->scale[index] <= 0) {
            /* Open at the chain's size to read the metrics, then at the
             * size that matches (the file stays open: a size is cheap). */
            c->scale[index] = index == 0 ? 1.0 : scale_for(c->fonts[0], f);
            if (c->scale[index] != 1.0) {
                sah_font_t *g = open_at(c, index, c->scale[index]);
                sah_font_free(f);
                f = g;
            }
        }
        c->fonts[index] = f;
        c->failed[index] = f == NULL;
    }
    /* A fallback that failed to open stands in as the primary font: the
     * text shows (as .notdef where it must) rather than crashing. */
    return c->fonts[index] ? c->fonts[index] : c->fonts[0];
}

double sah_fontchain_scale(sah_fontchain_t *c, size_t index)
{
    if (index >= c->count || !sah_fontchain_font(c, index) || c->failed[index])
        return 0;
    return c->scale[index];
}

size_t sah_fontchain_pick(sah_fontchain_t *c, uint32_t cp)
{
    size_t slot = (cp ^ (cp >> 10)) % PICK_CACHE;
    if (c->pick_cp[slot] == cp)
        return c->pick_idx[slot];
    size_t idx = 0;
    for (size_t i = 0; i < c->count; i++) {
        sah_font_t *f = sah_fontchain_font(c, i);
        if (!c->failed[i] && sah_font_has_char(f, cp)) {
            idx = i;
            break;
        }
    }
    c->pick_cp[slot] = cp;
    c->pick_idx[slot] = (uint8_t)idx;
    return idx;
}

size_t sah_fontchain_pick_color(sah_fontchain_t *c, uint32_t cp)
{
    for (size_t i = 0; i < c->count; i++) {
        sah_font_t *f = sah_fontchain_font(c, i);
        if (!c->failed[i] && sah_font_is_color(f) && sah_font_has_char(f, cp))
            return i;
    }
    return sah_fontchain_pick(c, cp);
}
