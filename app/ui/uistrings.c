/*
 * uistrings.c - see uistrings.h. The one table of the UI's strings:
 * xgettext reads the marks below (po/meson.build) into po/sahifa.pot, and
 * translators see each string with its key as the context and the comment
 * above it. A string the screens use is added here, and to po/ar.po (the
 * test i18n-catalogue fails while a message has no Arabic translation).
 */
#include "app/ui/uistrings.h"

#include <string.h>

/* NC_(key, msgid) and NCP_(key, msgid, plural): the marks, and the
 * fields of an entry. */
#define NC_(key, msgid)          key, msgid, NULL
#define NCP_(key, msgid, plural) key, msgid, plural

static const sah_uistring_t table[] = {
    /* TRANSLATORS: The app's name: the window's title. */
    {NC_("app_name", "Sahifa")},
    {NC_("library", "Library")},
    /* TRANSLATORS: The library's header: how many articles it shows. */
    {NCP_("library_count", "{1} article", "{1} articles")},
    {NC_("library_empty_title", "The library is empty")},
    {NC_("library_empty_body",
         "No articles yet. Copy a bundle of articles into the data folder, or use {1}.")},
    {NC_("library_empty_hint", "{1}")},
    {NC_("continue_reading", "Continue reading")},
    {NC_("continue_reading_title", "Continue reading: {1}")},
    /* TRANSLATORS: An article's reading time, in minutes. */
    {NCP_("minutes", "{1} min", "{1} min")},
    {NC_("read_percent", "{1} read")},
    {NC_("unread", "Unread")},
    {NC_("finished", "Finished")},
    {NC_("page_of", "Page {1} of {2}")},
    {NC_("percent", "{1}%")},
    /* TRANSLATORS: The status bar: the minutes left to read; for 0, the end of the article. */
    {NCP_("minutes_left", "{1} min left", "{1} min left")},
    {NC_("menu", "Menu")},
    {NC_("back", "Back")},
    {NC_("font_size", "Font size")},
    {NC_("line_spacing", "Line spacing")},
    {NC_("theme", "Theme")},
    {NC_("theme_day", "Day")},
    {NC_("theme_night", "Night")},
    {NC_("theme_sepia", "Sepia")},
    {NC_("digits", "Digits")},
    /* TRANSLATORS: The digits setting: as the article writes them (the status bar in the UI
       language's own). */
    {NC_("digits_as_written", "As written")},
    {NC_("digits_arabic", "Arabic-Indic ٠١٢٣")},
    {NC_("digits_western", "Western 0123")},
    {NC_("justify", "Justification")},
    /* TRANSLATORS: The justification setting: lines not justified (ragged at the line's end),
       justified by spaces alone, by kashida (joins lengthened) before spaces, by longer kashida. */
    {NC_("justify_off", "Ragged")},
    {NC_("justify_spaces", "Spaces only")},
    {NC_("justify_kashida", "Kashida")},
    {NC_("justify_strong", "Strong kashida")},
    {NC_("bookmarks", "Bookmarks")},
    {NC_("bookmarks_none", "No bookmarks in this article. Press B or long-press to add one.")},
    {NC_("bookmark_added", "Bookmark added")},
    {NC_("bookmark_removed", "Bookmark removed")},
    {NC_("go_start", "Go to start")},
    {NC_("go_to_page", "Go to page")},
    {NC_("go", "Go")},
    {NC_("erase", "⌫ Erase")},
    {NC_("plus_n", "+{1}")},
    {NC_("minus_n", "−{1}")},
    {NC_("delete", "Delete")},
    /* TRANSLATORS: A row's actions (a long press on a list) and the contents screen. */
    {NC_("open", "Open")},
    {NC_("read_from_start", "Read from the start")},
    {NC_("cancel", "Cancel")},
    {NC_("contents", "Contents")},
    {NC_("contents_none", "This article has no headings.")},
    {NC_("page_n", "Page {1}")},
    {NC_("go_end", "Go to end")},
    {NC_("to_library", "To the library")},
    /* TRANSLATORS: The original view (the file as it is): the menu's button while it is off, while
       it is on, and the status bar's word for it. */
    {NC_("original", "Original file")},
    {NC_("article_view", "Article view")},
    {NC_("original_on", "Original file")},
    {NC_("locked", "Locked in kiosk mode")},
    /* TRANSLATORS: A notice (on every screen until the app ends): the settings' fonts, {1}, make no
       usable chain. */
    {NC_("notice_fonts_missing", "Fonts \"{1}\" are not installed: the default fonts are used")},
    /* TRANSLATORS: The notice while changes are not kept (app/session.c), in the band across the
       top of the library and the reader: short. */
    {NC_("notice_locked", "⚠ Not saving: sahifa is open in another window")},
    {NC_("notice_readonly", "⚠ Not saving: the bookmarks file is read-only")},
    {NC_("notice_full", "⚠ Not saving: the disk is full")},
    {NC_("notice_disk_error", "⚠ Not saving: the disk reported an error")},
    {NC_("notice_newer", "⚠ Not saving: bookmarks from a newer sahifa")},
    {NC_("notice_damaged", "⚠ Not saving: the bookmarks file is damaged")},
    {NC_("notice_recovered", "⚠ Bookmarks file damaged: kept aside, new one")},
    /* TRANSLATORS: Search, find, the on-screen keyboard, notes and short messages. */
    {NC_("search", "Search")},
    {NC_("search_placeholder", "Words to find in the library")},
    {NC_("search_hint", "Type words: every article that has them, best first")},
    {NC_("search_no_words", "The query has no words")},
    {NC_("search_failed", "The library cannot be searched (see the log)")},
    {NC_("search_none", "No article has these words")},
    /* TRANSLATORS: Search's results: how many articles have the words. */
    {NCP_("search_count", "{1} article", "{1} articles")},
    {NC_("find_in_article", "Find in article")},
    {NC_("find_placeholder", "Words to find in this article")},
    {NC_("find_hint", "Type words: each place they are, with its page")},
    /* TRANSLATORS: Find in the article: how many places have the words. */
    {NCP_("find_count", "{1} place", "{1} places")},
    /* TRANSLATORS: Find's bar: hit {1} of {2}, on page {3}. */
    {NC_("find_position", "{1} of {2}   |   page {3}")},
    {NC_("kb_search", "Search")},
    {NC_("kb_enter", "Enter")},
    {NC_("kb_arabic", "Arabic")},
    {NC_("kb_latin", "English")},
    /* TRANSLATORS: The on-screen keyboard's key that shows the Arabic letters (three of them). */
    {NC_("kb_letters_ar", "أبت")},
    {NC_("kb_letters_en", "ABC")},
    /* TRANSLATORS: The on-screen keyboard: the key to the Latin letters, and to the Arabic ones. */
    {NC_("kb_to_latin", "ABC")},
    {NC_("kb_to_arabic", "عربي")},
    {NC_("note", "Note")},
    {NC_("note_placeholder", "A note on this place")},
    {NC_("note_delete", "Delete note")},
    {NC_("note_saved", "Note saved")},
    {NC_("note_removed", "Note deleted")},
    {NC_("save", "Save")},
    {NC_("undo", "Undo")},
    {NC_("bookmark_deleted", "Bookmark deleted")},
    {NC_("bookmark_restored", "Bookmark put back")},
    /* TRANSLATORS: The library's orders and filters (S, F, and the library's menu: M or a tap on
       the header), named in its header when not the default. */
    {NC_("sort_shelf", "Bundle order")},
    {NC_("sort_recent", "Recently read")},
    {NC_("sort_unread", "Unread first")},
    {NC_("sort_source", "By source")},
    {NC_("sort_title", "By title")},
    {NC_("library_menu", "Library")},
    {NC_("sort_by", "Sort")},
    {NC_("filter_by", "Show")},
    {NC_("filter_all", "All articles")},
    {NC_("filter_bundle", "Bundle: {1}")},
    {NC_("filter_source", "Source: {1}")},
    {NC_("problems", "Files that could not be read ({1})")},
    {NC_("problems_none", "Every file could be read")},
    /* TRANSLATORS: A file opened directly (from a file manager) that cannot be read: the notice,
       {1} its name, {2} why. */
    {NC_("notice_cannot_open", "⚠ Cannot open {1}: {2}")},
    {NC_("why_io", "it cannot be read")},
    {NC_("why_empty", "it is empty")},
    {NC_("why_too_large", "it is too large")},
    {NC_("why_binary", "it is binary data, not text")},
    {NC_("why_encoding", "it is neither UTF-8 nor Windows-1256")},
};

const sah_uistring_t *sah_uistrings_find(const char *key)
{
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (!strcmp(table[i].key, key))
            return &table[i];
    return NULL;
}

const sah_uistring_t *sah_uistrings_get(size_t i)
{
    return i < sizeof table / sizeof table[0] ? &table[i] : NULL;
}
