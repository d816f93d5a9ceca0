/* script.c - see script.h. */
#include "render/text/script.h"

#include "render/text/uprops.h"

/* Paired punctuation for script resolution: even index opens, odd closes. */
static const uint32_t pairs[] = {
    0x0028, 0x0029, 0x003C, 0x003E, 0x005B, 0x005D, 0x007B, 0x007D, 0x00AB, 0x00BB, 0x2018, 0x2019,
    0x201C, 0x201D, 0x2039, 0x203A, 0x3008, 0x3009, 0x300A, 0x300B, 0x300C, 0x300D, 0x300E, 0x300F,
    0x3010, 0x3011, 0x3014, 0x3015, 0x3016, 0x3017, 0x3018, 0x3019, 0x301A, 0x301B,
};

static int pair_index(uint32_t c)
{
    int lo = 0, hi = (int)(sizeof pairs / sizeof pairs[0]) - 1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        if (c < pairs[mid])
            hi = mid - 1;
        else if (c > pairs[mid])
            lo = mid + 1;
        else
            return mid;
    }
    return -1;
}

void sah_script_resolve(const uint32_t *text, size_t n, hb_script_t *out, int32_t *pair_scratch,
                        hb_script_t *script_scratch)
{
    const sah_uprops_table_t *up = sah_uprops_table();
    size_t depth = 0;
    hb_script_t last = HB_SCRIPT_INVALID;
    bool have_last = false;

    for (size_t i = 0; i < n; i++) {
        hb_script_t sc = sah_uprops_script(up, text[i]);
        if (sc == HB_SCRIPT_COMMON && have_last) {
            int p = pair_index(text[i]);
            if (p >= 0 && !(p & 1)) {
                sc = last;
                pair_scratch[depth] = p;
                script_scratch[depth++] = sc;
            } else if (p >= 0) {
                while (depth && pair_scratch[depth - 1] != (p & ~1))
                    depth--;
                sc = depth ? script_scratch[depth - 1] : last;
                last = sc;
            } else {
                sc = last;
            }
        } else if (sc == HB_SCRIPT_INHERITED && have_last) {
            sc = last;
        } else if (sc != HB_SCRIPT_COMMON && sc != HB_SCRIPT_INHERITED) {
            last = sc;
            have_last = true;
        }
        out[i] = sc;
    }
    for (size_t i = n; i-- > 1;) {
        if (out[i - 1] == HB_SCRIPT_COMMON || out[i - 1] == HB_SCRIPT_INHERITED)
            out[i - 1] = out[i];
    }
}
