/* log.c - see log.h. */
#include "platform/log.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The length of the valid UTF-8 sequence at @s (2-4 bytes) that is not a C1
 * control, else 0: no overlong forms, surrogates or code points past
 * U+10FFFF (RFC 3629). */
static size_t utf8_seq(const unsigned char *s)
{
    size_t len = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC2 ? 2 : 0;
    if (!len || s[0] > 0xF4)
        return 0;
    for (size_t i = 1; i < len; i++)
        if ((s[i] & 0xC0) != 0x80) /* the NUL ends the loop here too */
            return 0;
    if ((s[0] == 0xC2 && s[1] < 0xA0) || (s[0] == 0xE0 && s[1] < 0xA0) ||
        (s[0] == 0xED && s[1] > 0x9F) || (s[0] == 0xF0 && s[1] < 0x90) ||
        (s[0] == 0xF4 && s[1] > 0x8F))
        return 0;
    return len;
}

/* Writes @s escaped into @out (room for 4 bytes per byte of @s and a NUL);
 * returns the length written. */
static size_t escape_into(const char *s, char *out)
{
    static const char hex[] = "0123456789ABCDEF";
    const unsigned char *p = (const unsigned char *)s;
    size_t o = 0;
    while (*p) {
        size_t n = *p >= 0x20 && *p < 0x7F ? 1 : *p >= 0x80 ? utf8_seq(p) : 0;
        if (n) {
            memcpy(out + o, p, n);
            o += n;
            p += n;
            continue;
        }
        out[o++] = '\\';
        out[o++] = 'x';
        out[o++] = hex[*p >> 4];
        out[o++] = hex[*p & 15];
        p++;
    }
    out[o] = 0;
    return o;
}

char *sah_escape(const char *s)
{
    size_t n = strlen(s);
    char *out = n < ((size_t)-1) / 4 ? malloc(4 * n + 1) : NULL;
    if (out)
        escape_into(s, out);
    return out;
}

bool sah_log_to_journal(void)
{
    /* "DEV:INO" in decimal. A child whose stderr was redirected inherits
     * the variable: only the very stream it names is the journal. */
    const char *v = getenv("JOURNAL_STREAM");
    char *end;
    struct stat st;
    if (!v || *v < '0' || *v > '9')
        return false;
    uintmax_t dev = strtoumax(v, &end, 10);
    if (*end != ':' || end[1] < '0' || end[1] > '9')
        return false;
    uintmax_t ino = strtoumax(end + 1, &end, 10);
    if (*end || fstat(STDERR_FILENO, &st) != 0)
        return false;
    return (uintmax_t)st.st_dev == dev && (uintmax_t)st.st_ino == ino;
}

/* @ap measures the message, @again formats it: both started by the
 * caller. */
static void log_va(sah_log_level_t level, const char *fmt, va_list ap, va_list again)
{
    static const char prefix[] = "sahifa: ";
    char small[512], pri[4] = "";
    int n = vsnprintf(NULL, 0, fmt, ap);
    if (n < 0)
        return;
    if (sah_log_to_journal())
        snprintf(pri, sizeof pri, "<%d>", (int)level);
    /* Out of memory: the first bytes of the message still say what
     * happened. */
    char *big = malloc((size_t)n + 1), *msg = big ? big : small;
    size_t size = big ? (size_t)n + 1 : sizeof small;
    vsnprintf(msg, size, fmt, again);
    size_t len = strlen(msg), lp = strlen(pri);
    char *line = malloc(lp + sizeof prefix + 4 * len + 1);
    if (line) {
        size_t o = (size_t)snprintf(line, lp + sizeof prefix, "%s%s", pri, prefix);
        o += escape_into(msg, line + o);
        line[o++] = '\n';
        fwrite(line, 1, o, stderr);
    } else {
        /* Every byte that is not printable ASCII becomes '?', in place. */
        for (size_t i = 0; i < len; i++)
            if ((unsigned char)msg[i] < 0x20 || (unsigned char)msg[i] >= 0x7F)
                msg[i] = '?';
        fprintf(stderr, "%s%s%s\n", pri, prefix, msg);
    }
    free(line);
    free(big);
}

void sah_log(const char *fmt, ...)
{
    va_list ap, again;
    va_start(ap, fmt);
    va_start(again, fmt);
    log_va(SAH_LOG_WARNING, fmt, ap, again);
    va_end(again);
    va_end(ap);
}

void sah_log_at(sah_log_level_t level, const char *fmt, ...)
{
    va_list ap, again;
    va_start(ap, fmt);
    va_start(again, fmt);
    log_va(level, fmt, ap, again);
    va_end(again);
    va_end(ap);
}
