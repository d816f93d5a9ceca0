/* iniread.c - see iniread.h. */
#include "app/content/iniread.h"

#include "platform/log.h"

#include <ini.h>
#include <stdbool.h>
#include <string.h>

_Static_assert(SAH_INI_MAX_LINE + 2 <= INI_MAX_LINE, "inih's line buffer holds a whole line");

typedef struct {
    const char *p, *end;
    int line;    /* lines given to inih so far */
    int refused; /* the first line refused here, 0 for none */
    const char *why;
    sah_ini_handler_t handler;
    void *user;
} stream_t;

/* inih's fgets-style reader: one whole line per call, so that inih's line
 * count is the file's. A line that does not fit is replaced by an empty
 * comment (it sets nothing) and remembered as an error; so is a comment,
 * which would not always fit either. */
static char *read_line(char *str, int num, void *user)
{
    stream_t *s = user;
    if (s->p >= s->end)
        return NULL;
    const char *line = s->p;
    size_t avail = (size_t)(s->end - line), n = 0;
    while (n < avail && line[n] != '\n')
        n++;
    s->p = line + n + (n < avail); /* past the "\n" */
    s->line++;
    if (n > 0 && line[n - 1] == '\r')
        n--;
    const char *why = NULL;
    size_t lead = 0;
    while (lead < n && (line[lead] == ' ' || line[lead] == '\t'))
        lead++;
    /* A comment line is read whole whatever its length: it sets nothing. */
    bool comment = lead < n && (line[lead] == ';' || line[lead] == '#');
    if (!comment && (n > SAH_INI_MAX_LINE || n + 2 > (size_t)num))
        why = "line longer than " SAH_STR(SAH_INI_MAX_LINE) " bytes";
    else if (!comment && memchr(line, 0, n))
        why = "a NUL byte in the line";
    if (why || comment) {
        if (why && !s->refused) {
            s->refused = s->line;
            s->why = why;
        }
        memcpy(str, ";\n", 3);
        return str;
    }
    memcpy(str, line, n);
    str[n] = '\n';
    str[n + 1] = 0;
    return str;
}

/* inih's handler: the caller's, with the line inih is on (inih reads a
 * line, then calls the handler for it). */
static int on_option(void *user, const char *section, const char *name, const char *value)
{
    stream_t *s = user;
    return s->handler(s->user, s->line, section, name, value);
}

int sah_ini_parse(const char *text, size_t len, sah_ini_handler_t handler, void *user,
                  const char **why)
{
    stream_t s = {.p = text, .end = text + len, .handler = handler, .user = user};
    int r = ini_parse_stream(read_line, &s, on_option, &s);
    const char *w = NULL;
    if (r < 0) {
        w = "out of memory";
    } else if (s.refused && (r == 0 || s.refused < r)) {
        r = s.refused;
        w = s.why;
    } else if (r > 0) {
        w = "not INI syntax";
    }
    if (why)
        *why = w;
    return r;
}
