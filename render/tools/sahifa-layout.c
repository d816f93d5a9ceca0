/*
 * sahifa-layout - the text engine on the command line.
 *
 *   sahifa-layout --font PATH --px N [--dir auto|default|rtl|ltr] < lines
 *       One JSON array per input line: its glyphs in visual order, in the
 *       format of libraqm's raqm-line peer ({"g","c","xa","xo","yo"}, 26.6
 *       units, "c" the byte offset in the line). One font, no wrapping:
 *       the output must equal raqm's. --dir default is FriBidi's (and
 *       raqm's) default: first strong character, else LTR; --dir auto is the
 *       engine's: first strong character, else RTL.
 *
 *   sahifa-layout --width W [--px N] [--font-chain SPEC] [--dir D]
 *                 [--justify none|spaces|kashida] [--kashida off|moderate|strong]
 *                 [--fill total|first] [--digits as-written|arabic|western]
 *                 [--glyphs | --json] FILE
 *       Lays out a whole article at W pixels (the engine's defaults: total
 *       fit, kashida moderate) and prints where its lines fall: line number,
 *       paragraph, byte range, direction, x and width used (px), glyph
 *       count; --glyphs adds each line's glyphs as JSON. --no-justify is
 *       --justify none. --digits: which digits numbers are shown in
 *       (layout.h's sah_digits_t; as written by default); the clusters
 *       stay the written digits' bytes.
 *
 *       --json prints instead one JSON object per line, in order:
 *         {"para": P, "start": S, "end": E, "dir": "rtl"|"ltr",
 *          "last": true|false, "measure": M,
 *          "glyphs": [{"g": id, "c": byte, "xa": .., "xo": .., "yo": ..}, ...]}
 *       P the paragraph's index, [S, E) the bytes of FILE the line covers,
 *       "last" true on a paragraph's last line, glyphs in visual order with
 *       "c" the byte offset in FILE of the glyph's cluster (an inserted
 *       tatweel has the byte of the cluster whose join it lengthens), all
 *       lengths 26.6 integers (1/64 px) like raqm-line's. M is the measure,
 *       the column width W in 26.6 (0 without wrapping): a justified line's
 *       "xa" add up to exactly M; lines that are not justified (a
 *       paragraph's last line, a line before a newline, a line with neither
 *       a space nor a join to lengthen, every line with --justify none) are
 *       shorter.
 *
 *       --font PATH is that one font alone (the libraqm comparison);
 *       --font-chain SPEC is a chain (fontchain.h), the default fonts
 *       appended as the reader's are. --bold lays the text out in the
 *       chain's bold (a bold headline's fonts: sah_fontchain_opts_t.bold).
 *       --with-fonts adds to each glyph of --json the file of its font and
 *       its weight: "font": "/usr/share/fonts/...", "w": 700 (a synthetic
 *       bold is 700).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform/readfile.h"
#include "fonts/fontchain.h"
#include "render/text/layout.h"
#include "render/text/text.h"

static void usage(void)
{
    fprintf(stderr,
            "usage: sahifa-layout --font PATH --px N [--dir auto|default|rtl|ltr] < lines\n"
            "       sahifa-layout --width W [--px N] [--font-chain SPEC] [--dir D]\n"
            "                     [--justify none|spaces|kashida] [--kashida off|moderate|strong]\n"
            "                     [--fill total|first] [--digits as-written|arabic|western]\n"
            "                     [--bold] [--glyphs | --json [--with-fonts]] FILE\n");
    exit(2);
}

static void print_glyphs(const sah_lines_t *lines, size_t from, size_t to, FILE *out)
{
    fputc('[', out);
    bool first = true;
    for (size_t i = from; i < to; i++) {
        size_t n;
        const sah_glyph_t *g = sah_lines_glyphs(lines, i, &n);
        for (size_t k = 0; k < n; k++) {
            fprintf(out, "%s{\"g\":%u,\"c\":%u,\"xa\":%d,\"xo\":%d,\"yo\":%d}", first ? "" : ",",
                    g[k].glyph, g[k].cluster, g[k].x_advance, g[k].x_offset, g[k].y_offset);
            first = false;
        }
    }
    fputs("]\n", out);
}

/* Raqm-compatible mode: every input line alone, no wrapping. */
static int lines_mode(sah_layout_t *lay, sah_direction_t dir)
{
    sah_lines_t *lines = sah_lines_new();
    sah_layout_opts_t o = SAH_LAYOUT_OPTS_INIT;
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    int status = 0;

    o.dir = dir;
    o.justify = false;
    while (lines && (n = getline(&line, &cap, stdin)) >= 0) {
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            n--;
        sah_text_t *t = sah_text_new(line, (size_t)n);
        size_t len;
        if (!t) {
            puts("null");
            status = 1;
            continue;
        }
        sah_text_codepoints(t, &len);
        sah_lines_reset(lines);
        if (len == 0) {
            puts("[]");
        } else if (!sah_layout_span(lay, t, (sah_span_t){0, (uint32_t)len, 0, (uint32_t)n}, 0, &o,
                                    lines)) {
            puts("null");
            status = 1;
        } else {
            print_glyphs(lines, 0, sah_lines_count(lines), stdout);
        }
        sah_text_free(t);
    }
    free(line);
    sah_lines_free(lines);
    return status;
}

/* --with-fonts: each glyph's font file and weight in --json. */
static bool with_fonts;

/* @s as a JSON string's contents (a font path may hold any byte). */
static void put_json_string(const char *s, FILE *out)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(out, "\\%c", c);
        else if (c < 0x20)
            fprintf(out, "\\u%04x", c);
        else
            fputc(c, out);
    }
}

/* One JSON object per line (see the head of this file). */
static void print_json_line(const sah_lines_t *lines, size_t i, int32_t measure, FILE *out)
{
    const sah_line_t *l = sah_lines_get(lines, i);
    fprintf(out,
            "{\"para\": %u, \"start\": %u, \"end\": %u, \"dir\": \"%s\", \"last\": %s, "
            "\"measure\": %d, \"glyphs\": ",
            l->para, l->byte_start, l->byte_end, (l->flags & SAH_LINE_RTL) ? "rtl" : "ltr",
            (l->flags & SAH_LINE_PARA_END) ? "true" : "false", measure > 0 ? measure : 0);
    size_t n;
    const sah_glyph_t *g = sah_lines_glyphs(lines, i, &n);
    fputc('[', out);
    for (size_t k = 0; k < n; k++) {
        fprintf(out, "%s{\"g\": %u, \"c\": %u, \"xa\": %d, \"xo\": %d, \"yo\": %d", k ? ", " : "",
                g[k].glyph, g[k].cluster, g[k].x_advance, g[k].x_offset, g[k].y_offset);
        if (with_fonts && g[k].font) {
            fputs(", \"font\": \"", out);
            put_json_string(sah_font_path(g[k].font), out);
            fprintf(out, "\", \"w\": %u", sah_font_weight(g[k].font));
        }
        fputc('}', out);
    }
    fputs("]}\n", out);
}

typedef enum { OUT_TEXT, OUT_GLYPHS, OUT_JSON } out_mode_t;

static int article_mode(sah_layout_t *lay, const char *path, double width,
                        const sah_layout_opts_t *opts, out_mode_t mode)
{
    size_t n;
    int err;
    char *bytes = sah_file_read(path, SAH_TEXT_MAX_BYTES, &n, &err);
    if (!bytes) {
        fprintf(stderr, "sahifa-layout: %s: %s\n", path, sah_file_strerror(err));
        return 1;
    }
    sah_text_t *t = sah_text_new(bytes, n);
    free(bytes);
    if (!t) {
        fprintf(stderr, "sahifa-layout: %s: too large or out of memory\n", path);
        return 1;
    }
    if (sah_text_invalid_count(t))
        fprintf(stderr, "sahifa-layout: %s: %zu malformed UTF-8 sequences shown as U+FFFD\n", path,
                sah_text_invalid_count(t));
    sah_lines_t *lines = sah_lines_new();
    sah_layout_opts_t o = *opts;
    o.width = (int32_t)(width * 64);
    int status = 0;
    size_t np = sah_text_paragraph_count(t);
    for (size_t p = 0; lines && p < np; p++) {
        if (!sah_layout_paragraph(lay, t, p, &o, lines)) {
            fprintf(stderr, "sahifa-layout: out of memory\n");
            status = 1;
            break;
        }
    }
    if (mode == OUT_JSON) {
        for (size_t i = 0; lines && i < sah_lines_count(lines); i++)
            print_json_line(lines, i, o.width, stdout);
        sah_lines_free(lines);
        sah_text_free(t);
        return status;
    }
    printf("# %s: %zu bytes, %zu paragraphs, %zu lines at %g px\n", path, sah_text_byte_length(t),
           np, lines ? sah_lines_count(lines) : 0, width);
    printf("# line para bytes dir x width glyphs\n");
    for (size_t i = 0; lines && i < sah_lines_count(lines); i++) {
        const sah_line_t *l = sah_lines_get(lines, i);
        printf("%zu %u %u-%u %s %.2f %.2f %u%s\n", i + 1, l->para + 1, l->byte_start, l->byte_end,
               (l->flags & SAH_LINE_RTL) ? "rtl" : "ltr", l->x / 64.0, l->width / 64.0, l->n_glyphs,
               (l->flags & SAH_LINE_JUSTIFIED) ? " justified" : "");
        if (mode == OUT_GLYPHS)
            print_glyphs(lines, i, i + 1, stdout);
    }
    sah_lines_free(lines);
    sah_text_free(t);
    return status;
}

/* A number option: all of @v must be a number within [@lo, @hi]. */
static double number(const char *opt, const char *v, double lo, double hi)
{
    char *end;
    double d = strtod(v, &end);
    if (end == v || *end || !(d >= lo && d <= hi)) {
        fprintf(stderr, "sahifa-layout: %s %s: not a number from %g to %g\n", opt, v, lo, hi);
        exit(2);
    }
    return d;
}

static sah_direction_t parse_dir(const char *d)
{
    if (!strcmp(d, "auto"))
        return SAH_DIR_AUTO;
    if (!strcmp(d, "default"))
        return SAH_DIR_AUTO_LTR;
    if (!strcmp(d, "rtl"))
        return SAH_DIR_RTL;
    if (!strcmp(d, "ltr"))
        return SAH_DIR_LTR;
    usage();
    return SAH_DIR_AUTO;
}

/* @v as one of @names (NULL-terminated): its index; else the usage. */
static int choice(const char *v, const char *const *names)
{
    for (int i = 0; names[i]; i++)
        if (!strcmp(v, names[i]))
            return i;
    usage();
    return 0;
}

/* A setting layout.h found by its name; usage() for none (-1). */
static int named(int v)
{
    if (v < 0)
        usage();
    return v;
}

int main(int argc, char **argv)
{
    static const char *const justify_names[] = {"none", "spaces", "kashida", NULL};
    static const char *const fill_names[] = {"total", "first", NULL};
    const char *font = NULL, *chain_spec = NULL, *file = NULL;
    double px = 20, width = 0;
    sah_direction_t dir = SAH_DIR_AUTO;
    bool dir_set = false;
    out_mode_t mode = OUT_TEXT;
    sah_layout_opts_t o = SAH_LAYOUT_OPTS_INIT;
    sah_kashida_t strength = SAH_KASHIDA_MODERATE;
    int justify = 2; /* kashida: the engine's default */
    bool bold = false;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
#define NEXT() (i + 1 < argc ? argv[++i] : (usage(), ""))
        if (!strcmp(a, "--version")) {
            printf("sahifa-layout %s\n", SAH_VERSION);
            exit(0);
        }
        if (!strcmp(a, "--font"))
            font = NEXT();
        else if (!strcmp(a, "--font-chain") || !strcmp(a, "--fonts"))
            chain_spec = NEXT();
        else if (!strcmp(a, "--px"))
            px = number(a, NEXT(), 1, 1000);
        else if (!strcmp(a, "--width"))
            width = number(a, NEXT(), 0, 1000000);
        else if (!strcmp(a, "--dir"))
            dir = parse_dir(NEXT()), dir_set = true;
        else if (!strcmp(a, "--no-justify"))
            justify = 0;
        else if (!strcmp(a, "--justify"))
            justify = choice(NEXT(), justify_names);
        else if (!strcmp(a, "--kashida"))
            strength = (sah_kashida_t)named(sah_kashida_from_name(NEXT()));
        else if (!strcmp(a, "--fill"))
            o.fill = choice(NEXT(), fill_names) ? SAH_FILL_FIRST : SAH_FILL_TOTAL;
        else if (!strcmp(a, "--digits"))
            o.digits = (sah_digits_t)named(sah_digits_from_name(NEXT()));
        else if (!strcmp(a, "--glyphs"))
            mode = OUT_GLYPHS;
        else if (!strcmp(a, "--json"))
            mode = OUT_JSON;
        else if (!strcmp(a, "--with-fonts"))
            with_fonts = true;
        else if (!strcmp(a, "--bold"))
            bold = true;
        else if (a[0] == '-' && a[1])
            usage();
        else
            file = a;
#undef NEXT
    }
    if (px <= 0 || width < 0 || (font && chain_spec))
        usage();
    /* One font is exactly that font: the output must equal raqm's. */
    sah_fontchain_t *chain = sah_fontchain_new_opts(
        font ? font : chain_spec, px, &(sah_fontchain_opts_t){.bold = bold, .exact = font != NULL});
    if (!chain)
        return 1;
    sah_layout_t *lay = sah_layout_new(chain, NULL);
    if (!lay) {
        sah_fontchain_free(chain);
        return 1;
    }
    int status;
    o.dir = dir;
    o.justify = justify > 0;
    o.kashida = justify == 2 ? strength : SAH_KASHIDA_OFF;
    if (file)
        status = article_mode(lay, file, width, &o, mode);
    else
        status = lines_mode(lay, dir_set ? dir : SAH_DIR_AUTO_LTR);
    sah_layout_free(lay);
    sah_fontchain_free(chain);
    return status;
}
