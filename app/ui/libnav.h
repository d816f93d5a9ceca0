/*
 * libnav.h - the library's orders, filters and problems from the keys of
 * the library screen (input.h's table): S the next sort, F the next filter
 * (all articles, each bundle, each source, all again), P the files that
 * could not be read, M (or a tap on the header) the library's menu with all
 * of them (libmenu.h).
 */
#ifndef SAH_LIBNAV_H
#define SAH_LIBNAV_H

#include "app/ui/input.h"
#include "app/ui/libmenu.h"
#include "app/ui/libview.h"

/* Carries out @act (SAH_ACT_SORT, _FILTER, _PROBLEMS, _LIBMENU) on @lv, or
 * opens @m over it. Failures (out of memory) are logged and change
 * nothing. */
void sah_libnav_do(sah_libmenu_t *m, sah_libview_t *lv, sah_action_t act);

#endif
