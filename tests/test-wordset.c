/* test-wordset.c - the word set (app/content/wordset.h): words added once,
 * found again after the table grows, cleared, refused past 255 bytes. */
#include "app/content/wordset.h"

#include <stdio.h>
#include <string.h>
#include "testutil.h"

int main(void)
{
    sah_wordset_t *s = sah_wordset_new();
    CHECK(s != NULL, "see above");
    bool added;
    CHECK(sah_wordset_add(s, "كتاب", strlen("كتاب"), &added) && added, "see above");
    CHECK(sah_wordset_add(s, "كتاب", strlen("كتاب"), &added) && !added, "see above");
    CHECK(sah_wordset_add(s, "كتا", strlen("كتا"), &added) && added,
          "see above"); /* a prefix is another word */
    CHECK(sah_wordset_add(s, "", 0, &added) && added, "see above");
    CHECK(sah_wordset_add(s, "", 0, &added) && !added, "see above");
    CHECK(sah_wordset_count(s) == 3, "see above");
    /* Past several rehashes every word is still there, once. */
    char w[32];
    for (int i = 0; i < 5000; i++) {
        snprintf(w, sizeof w, "w%d", i);
        CHECK(sah_wordset_add(s, w, strlen(w), &added) && added, "see above");
    }
    for (int i = 0; i < 5000; i++) {
        snprintf(w, sizeof w, "w%d", i);
        CHECK(sah_wordset_add(s, w, strlen(w), &added) && !added, "see above");
    }
    CHECK(sah_wordset_count(s) == 5003, "see above");
    char big[256];
    memset(big, 'x', sizeof big);
    CHECK(sah_wordset_add(s, big, 255, &added) && added, "see above");
    CHECK(!sah_wordset_add(s, big, 256, &added) && !added, "see above");
    sah_wordset_clear(s);
    CHECK(sah_wordset_count(s) == 0, "see above");
    CHECK(sah_wordset_add(s, "كتاب", strlen("كتاب"), &added) && added, "see above");
    sah_wordset_free(s);
    sah_wordset_free(NULL);
    return t_summary("test-wordset");
}
