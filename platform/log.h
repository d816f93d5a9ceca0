/*
 * log.h - one-line messages on stderr, with the control characters of file
 * names and titles made visible.
 *
 *   sah_log("%s: cannot read: %s", path, why);   // "sahifa: PATH: cannot read: ..."
 *
 *   char *t = sah_escape(title);                  // for other output (--list)
 *   if (t)
 *       puts(t);
 *   free(t);
 *
 * A file name or an article title comes from a card anyone may have
 * written: raw, an ESC in it would drive the terminal (move the cursor,
 * retitle the window, rewrite what was printed) and a newline would forge a
 * log line. Every C0 control (newline and tab included), DEL, C1 control
 * (U+0080..U+009F, which 8-bit terminals also obey) and byte that is not
 * part of valid UTF-8 is written as \xNN; all other text, Arabic included,
 * is kept as it is.
 *
 * When stderr is the journal (systemd sets JOURNAL_STREAM to its device and
 * inode, sd_journal_stream_fd(3)), each line starts with its syslog
 * priority as sd-daemon(3) spells it: "<3>" an error, "<4>" a warning,
 * "<6>" information; journald stores the priority and drops the prefix.
 * Anywhere else (a terminal, a file, a pipe that merely inherited the
 * variable) lines are plain.
 */
#ifndef SAH_LOG_H
#define SAH_LOG_H

#include <stdbool.h>

/* Syslog's numbers, as journald reads them. */
typedef enum {
    SAH_LOG_ERR = 3,     /* what was asked for was not done */
    SAH_LOG_WARNING = 4, /* something was skipped or ignored; the rest goes on */
    SAH_LOG_INFO = 6,    /* what was done, for the record */
} sah_log_level_t;

/*
 * sah_log:
 * @fmt: printf format of the message, without "sahifa: " or a newline.
 *
 * A warning (most of what sahifa says: a file not read, a value ignored):
 * writes the journal's "<4>" when stderr is the journal, "sahifa: ", the
 * message escaped as above, and a newline to stderr in one write.
 */
void sah_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* As sah_log(), at @level. */
void sah_log_at(sah_log_level_t level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Whether stderr is the journal: JOURNAL_STREAM names its device and inode. */
bool sah_log_to_journal(void);

/* Returns: (transfer full) @s escaped as above (free() it), or NULL when
 * out of memory. */
char *sah_escape(const char *s) __attribute__((warn_unused_result));

/* A limit's macro spelled out inside a message's string literal, so that
 * the message and the limit cannot disagree:
 *   "more than " SAH_STR(SAH_LIBRARY_MAX_FILES) " articles" */
#define SAH_STR_(x) #x
#define SAH_STR(x)  SAH_STR_(x)

#endif
