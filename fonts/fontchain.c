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

#define MAX_FONTS  8
#define PICK_CACHE 1024 /* direct-mapped code point -> font index cache */

struct sah_fontchain {
    /* Fallback fonts are opened on first use: most articles never need
     * the third font of the chain, and each open face costs memory. */
    sah_font_t *fonts[MAX_FONTS]; /* owned; NULL until first used */
    char *paths[MAX_FONTS];       /* owned */
    bool failed[MAX_FONTS];       /* could not be opened when first used */
    size_t count;
    double px;
    /* pick() is called for every character of every paragraph: remember
     * answers (cmap lookups in up to MAX_FONTS fonts otherwise). */
    uint32_t pick_cp[PICK_CACHE];
    uint8_t pick_idx[PICK_CACHE];
};

/* Answers of sah_font_find(), kept for the life of the process: fontconfig's
 * match costs milliseconds, and every size change rebuilds the chains; and
 * across runs through a memo file (sah_font_memo_load()), because loading
 * fontconfig's configuration is most of a launch's work. */
#define FIND_MEMO 16
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

static bool same_file(const char *path, long long size, long long sec, long long nsec)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode) && (long long)st.st_size == size &&
           (long long)st.st_mtim.tv_sec == sec && (long long)st.st_mtim.tv_nsec == nsec;
}

/* The memo holds FIND_MEMO answers and a stamp at most: a bigger file is
 * not one. */
#define MEMO_MAX_BYTES ((size_t)(FIND_MEMO + 1) * MEMO_LINE + (size_t)SAH_FONTSTAMP_MAX * 512)

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
    if (match && FcPatternGetString(match, FC_FAMILY, 0, &got) == FcResultMatch &&
        strcasecmp((const char *)got, family) == 0 &&
        (weight == FC_WEIGHT_REGULAR ||
         (FcPatternGetInteger(match, FC_WEIGHT, 0, &got_weight) == FcResultMatch &&
          got_weight >= FC_WEIGHT_DEMIBOLD)) &&
        FcPatternGetString(match, FC_FILE, 0, &file) == FcResultMatch)
        path = strdup((const char *)file);
    if (match)
        FcPatternDestroy(match);
    FcPatternDestroy(pat);
    return path;
}

static bool add_font(sah_fontchain_t *c, const char *item, bool optional)
{
    char *found = NULL;
    const char *path = item;

    if (c->count == MAX_FONTS) {
        fprintf(stderr, "sahifa: font chain: more than %d fonts, %s ignored\n", MAX_FONTS, item);
        return true;
    }
    if (!strchr(item, '/')) {
        found = sah_font_find(item);
        if (!found) {
            fprintf(stderr,
                    "sahifa: font \"%s\": not installed (fontconfig has no such family)%s\n", item,
                    optional ? ", skipped" : "");
            return optional;
        }
        path = found;
    }
    /* The primary font is opened now (it decides whether the chain is
     * usable); the others when a character first needs them. */
    if (c->count == 0) {
        sah_font_t *f = sah_font_new(path, c->px);
        if (!f) {
            free(found);
            return optional;
        }
        c->fonts[0] = f;
    } else if (access(path, R_OK) != 0) {
        fprintf(stderr, "sahifa: font %s: cannot open file%s\n", path, optional ? ", skipped" : "");
        free(found);
        return optional;
    }
    c->paths[c->count] = found ? found : strdup(path);
    if (!c->paths[c->count]) {
        sah_font_free(c->count == 0 ? c->fonts[0] : NULL);
        c->fonts[c->count] = NULL;
        return false;
    }
    c->count++;
    return true;
}

static sah_fontchain_t *chain_alloc(double px)
{
    sah_fontchain_t *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->px = px;
    /* Slot 0 holds code point 0 with index 0, which is also the right
     * answer for U+0000; every other slot starts as a miss. */
    for (size_t i = 1; i < PICK_CACHE; i++)
        c->pick_cp[i] = UINT32_MAX;
    return c;
}

sah_fontchain_t *sah_fontchain_new(const char *spec, double px)
{
    bool optional = false;
    bool ok = true;

    if (!spec || strcmp(spec, "default") == 0) {
        const char *env = getenv("SAHIFA_FONTS");
        if (env && *env && strcmp(env, "default") != 0) {
            spec = env;
        } else {
            spec = SAH_FONTCHAIN_DEFAULT;
            optional = true;
        }
    } else if (strcmp(spec, SAH_FONTCHAIN_DEFAULT) == 0) {
        /* The default spelled out is the default without SAHIFA_FONTS: the
         * app's way back to it when a configured chain has no usable font. */
        optional = true;
    }
    sah_fontchain_t *c = chain_alloc(px);
    char *copy = strdup(spec);
    if (!c || !copy) {
        free(copy);
        free(c);
        return NULL;
    }
    char *save = NULL;
    for (char *item = strtok_r(copy, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
        while (*item == ' ')
            item++;
        size_t n = strlen(item);
        while (n && item[n - 1] == ' ')
            item[--n] = 0;
        if (n && !add_font(c, item, optional))
            ok = false;
    }
    free(copy);
    if (ok && c->count == 0) {
        fprintf(stderr, "sahifa: font chain \"%s\": no usable font\n", spec);
        ok = false;
    }
    if (!ok) {
        sah_fontchain_free(c);
        return NULL;
    }
    return c;
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
        c->count++;
    }
    if (!(c->fonts[0] = sah_font_new(c->paths[0], px))) {
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

sah_font_t *sah_fontchain_font(sah_fontchain_t *c, size_t index)
{
    if (index >= c->count)
        return NULL;
    if (!c->fonts[index] && !c->failed[index]) {
        c->fonts[index] = sah_font_new(c->paths[index], c->px);
        c->failed[index] = c->fonts[index] == NULL;
    }
    /* A fallback that failed to open stands in as the primary font: the
     * text shows (as .notdef where it must) rather than crashing. */
    return c->fonts[index] ? c->fonts[index] : c->fonts[0];
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
