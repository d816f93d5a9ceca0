/* blit.c - see blit.h. */
#include "render/raster/blit.h"

#include <string.h>

/* meson defines one of these from the `simd` option and the host's CPU
 * family; each refuses a compiler that does not target the instructions. */
#if defined(SAH_BLIT_SSE2)
#if !defined(__SSE2__)
#error "SAH_BLIT_SSE2 needs a compiler that targets SSE2"
#endif
#include <emmintrin.h>
#define HAVE_SIMD 1
#elif defined(SAH_BLIT_NEON)
/* AArch64 only: 32-bit ARM (Debian's armhf) does not promise NEON, and
 * vaddv (the lane mask below) is AArch64's. */
#if !defined(__aarch64__) || !defined(__ARM_NEON)
#error "SAH_BLIT_NEON needs an AArch64 compiler"
#endif
#include <arm_neon.h>
#define HAVE_SIMD 1
#endif

/* ---- portable C ---- */

/* Saturating add of 8 coverage bytes at once (SWAR): the low 7 bits of each
 * byte are added without crossing bytes, bit 7 is added by xor, and a byte
 * whose true sum passed 255 is forced to 0xFF. */
static uint64_t add_sat8(uint64_t a, uint64_t b)
{
    const uint64_t hi = 0x8080808080808080ull;
    uint64_t low = (a & ~hi) + (b & ~hi);
    uint64_t sum = low ^ ((a ^ b) & hi);
    uint64_t carry = ((a & b) | (low & (a | b))) & hi;
    return sum | ((carry >> 7) * 0xFF);
}

static uint64_t sat8_at(const uint8_t *d, const uint8_t *s)
{
    uint64_t a, b;
    memcpy(&a, d, 8);
    memcpy(&b, s, 8);
    return add_sat8(a, b);
}

static inline uint8_t sat(unsigned v)
{
    return (uint8_t)(v > 255 ? 255 : v);
}

/* Boxes 1-3 bytes wide (an alef, a dot, a thin mark: a tenth of a page's
 * glyphs) are too narrow for a vector: each byte is written out, with no
 * loop over columns. */
static void add_narrow(uint8_t *dst, size_t dstride, const uint8_t *src, size_t sstride, int w,
                       int h)
{
    for (; h > 0; h--, dst += dstride, src += sstride) {
        switch (w) {
        case 3:
            dst[2] = sat(dst[2] + src[2]);
            /* fall through */
        case 2:
            dst[1] = sat(dst[1] + src[1]);
            /* fall through */
        default:
            dst[0] = sat(dst[0] + src[0]);
        }
    }
}

void sah_blit_add_scalar(uint8_t *dst, size_t dstride, const uint8_t *src, size_t sstride, int w,
                         int h)
{
    if (w <= 0)
        return;
    if (w < 4) {
        add_narrow(dst, dstride, src, sstride, w, h);
        return;
    }
    for (; h > 0; h--, dst += dstride, src += sstride) {
        if (w < 8) {
            for (int x = 0; x < w; x++)
                dst[x] = sat(dst[x] + src[x]);
            continue;
        }
        /* The last 8 bytes first, from the bytes as they are: written
         * after the others, they overlap them with the same values. */
        uint64_t tail = sat8_at(dst + w - 8, src + w - 8);
        for (int x = 0; x < w - 8; x += 8) {
            uint64_t v = sat8_at(dst + x, src + x);
            memcpy(dst + x, &v, 8);
        }
        memcpy(dst + w - 8, &tail, 8);
    }
}

void sah_blit_add_lut_scalar(uint8_t *cov, uint32_t *px, size_t dstride, const uint8_t *src,
                             size_t sstride, int w, int h, const uint32_t lut[256])
{
    for (; h > 0; h--, cov += dstride, px += dstride, src += sstride) {
        for (int x = 0; x < w; x++) {
            if (!src[x])
                continue;
            unsigned v = cov[x] + src[x];
            v = v > 255 ? 255 : v;
            cov[x] = (uint8_t)v;
            px[x] = lut[v];
        }
    }
}

#if !HAVE_SIMD

void sah_blit_add(uint8_t *dst, size_t dstride, const uint8_t *src, size_t sstride, int w, int h)
{
    sah_blit_add_scalar(dst, dstride, src, sstride, w, h);
}

void sah_blit_add_lut(uint8_t *cov, uint32_t *px, size_t dstride, const uint8_t *src,
                      size_t sstride, int w, int h, const uint32_t lut[256])
{
    sah_blit_add_lut_scalar(cov, px, dstride, src, sstride, w, h, lut);
}

void sah_blit_add_tint(uint8_t *cov, uint32_t *px, size_t dstride, const uint8_t *src,
                       size_t sstride, const uint32_t *tint, size_t tstride, int w, int h,
                       const uint32_t lut[256])
{
    (void)tint;
    (void)tstride;
    sah_blit_add_lut_scalar(cov, px, dstride, src, sstride, w, h, lut);
}

const char *sah_blit_simd(void)
{
    return "none";
}

#else

/* ---- the few vector operations the loops need, per instruction set ----
 * ld8x2/st8x2: lanes 0-7 at @p, lanes 8-15 at @q; ld4x2/st4x2: lanes 0-3
 * at @p, 4-7 at @q, the others 0 on load and not stored. inked(): bit j set
 * when lane j is not 0. */

#if defined(SAH_BLIT_SSE2)
typedef __m128i vec_t;

static inline vec_t ld16(const uint8_t *p)
{
    return _mm_loadu_si128((const __m128i *)(const void *)p);
}

static inline void st16(uint8_t *p, vec_t v)
{
    _mm_storeu_si128((__m128i *)(void *)p, v);
}

static inline vec_t ld8x2(const uint8_t *p, const uint8_t *q)
{
    return _mm_unpacklo_epi64(_mm_loadl_epi64((const __m128i *)(const void *)p),
                              _mm_loadl_epi64((const __m128i *)(const void *)q));
}

static inline void st8x2(uint8_t *p, uint8_t *q, vec_t v)
{
    _mm_storel_epi64((__m128i *)(void *)p, v);
    _mm_storel_epi64((__m128i *)(void *)q, _mm_unpackhi_epi64(v, v));
}

static inline vec_t ld4x2(const uint8_t *p, const uint8_t *q)
{
    int32_t a, b;
    memcpy(&a, p, 4);
    memcpy(&b, q, 4);
    return _mm_unpacklo_epi32(_mm_cvtsi32_si128(a), _mm_cvtsi32_si128(b));
}

static inline void st4x2(uint8_t *p, uint8_t *q, vec_t v)
{
    int32_t a = _mm_cvtsi128_si32(v), b = _mm_cvtsi128_si32(_mm_srli_si128(v, 4));
    memcpy(p, &a, 4);
    memcpy(q, &b, 4);
}

static inline vec_t adds(vec_t a, vec_t b)
{
    return _mm_adds_epu8(a, b);
}

static inline unsigned inked(vec_t v)
{
    return ~(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_setzero_si128())) & 0xFFFFu;
}

const char *sah_blit_simd(void)
{
    return "sse2";
}

#else /* SAH_BLIT_NEON */
typedef uint8x16_t vec_t;

static inline vec_t ld16(const uint8_t *p)
{
    return vld1q_u8(p);
}

static inline void st16(uint8_t *p, vec_t v)
{
    vst1q_u8(p, v);
}

static inline vec_t ld8x2(const uint8_t *p, const uint8_t *q)
{
    return vcombine_u8(vld1_u8(p), vld1_u8(q));
}

static inline void st8x2(uint8_t *p, uint8_t *q, vec_t v)
{
    vst1_u8(p, vget_low_u8(v));
    vst1_u8(q, vget_high_u8(v));
}

static inline vec_t ld4x2(const uint8_t *p, const uint8_t *q)
{
    uint32_t a, b;
    memcpy(&a, p, 4);
    memcpy(&b, q, 4);
    uint32x2_t t = vset_lane_u32(b, vdup_n_u32(a), 1);
    return vcombine_u8(vreinterpret_u8_u32(t), vdup_n_u8(0));
}

static inline void st4x2(uint8_t *p, uint8_t *q, vec_t v)
{
    uint32x4_t u = vreinterpretq_u32_u8(v);
    uint32_t a = vgetq_lane_u32(u, 0), b = vgetq_lane_u32(u, 1);
    memcpy(p, &a, 4);
    memcpy(q, &b, 4);
}

static inline vec_t adds(vec_t a, vec_t b)
{
    return vqaddq_u8(a, b);
}

/* NEON has no movemask: each lane keeps its own bit, and the bits of each
 * half are summed across it. */
static inline unsigned inked(vec_t v)
{
    static const uint8_t bit[16] = {1, 2, 4, 8, 16, 32, 64, 128, 1, 2, 4, 8, 16, 32, 64, 128};
    uint8x16_t t = vandq_u8(vtstq_u8(v, v), vld1q_u8(bit));
    return vaddv_u8(vget_low_u8(t)) | (unsigned)vaddv_u8(vget_high_u8(t)) << 8;
}

const char *sah_blit_simd(void)
{
    return "neon";
}
#endif

/* Rows of 16 bytes or more: whole vectors from the left, then the last 16
 * bytes, computed before any store (see blit.h). Rows of 8-15 and 4-7 bytes:
 * one vector of two overlapping halves. Below 4: the C loop. */
void sah_blit_add(uint8_t *dst, size_t dstride, const uint8_t *src, size_t sstride, int w, int h)
{
    if (w >= 16) {
        for (; h > 0; h--, dst += dstride, src += sstride) {
            vec_t tail = adds(ld16(dst + w - 16), ld16(src + w - 16));
            for (int x = 0; x < w - 16; x += 16)
                st16(dst + x, adds(ld16(dst + x), ld16(src + x)));
            st16(dst + w - 16, tail);
        }
    } else if (w >= 8) {
        for (; h > 0; h--, dst += dstride, src += sstride)
            st8x2(dst, dst + w - 8, adds(ld8x2(dst, dst + w - 8), ld8x2(src, src + w - 8)));
    } else if (w >= 4) {
        for (; h > 0; h--, dst += dstride, src += sstride)
            st4x2(dst, dst + w - 4, adds(ld4x2(dst, dst + w - 4), ld4x2(src, src + w - 4)));
    } else if (w > 0) {
        add_narrow(dst, dstride, src, sstride, w, h);
    }
}

/* px[j] = lut[cov[j]] for each lane j set in @m: the table's lookup is the
 * one step that no vector instruction of SSE2 or NEON does (no gather). */
static inline void scatter(uint32_t *px, const uint8_t *cov, unsigned m, const uint32_t *lut)
{
    for (; m; m &= m - 1) {
        int j = __builtin_ctz(m);
        px[j] = lut[cov[j]];
    }
}

/* The same for a vector of two halves: lanes below @half are columns from
 * 0, the others columns from @shift. */
static inline void scatter2(uint32_t *px, const uint8_t *cov, unsigned m, int half, int shift,
                            const uint32_t *lut)
{
    scatter(px, cov, m & ((1u << half) - 1u), lut);
    scatter(px + shift, cov + shift, m & ~((1u << half) - 1u), lut);
}

static void add_lut_wide(uint8_t *cov, uint32_t *px, size_t dstride, const uint8_t *src,
                         size_t sstride, int w, int h, const uint32_t *lut)
{
    for (; h > 0; h--, cov += dstride, px += dstride, src += sstride) {
        vec_t ts = ld16(src + w - 16), tail = adds(ld16(cov + w - 16), ts);
        int x = 0;
        for (; x < w - 16; x += 16) {
            vec_t s = ld16(src + x);
            unsigned m = inked(s);
            if (!m)
                continue;
            st16(cov + x, adds(ld16(cov + x), s));
            scatter(px + x, cov + x, m, lut);
        }
        unsigned m = inked(ts);
        if (!m)
            continue;
        st16(cov + w - 16, tail);
        /* Lanes of columns below @x were looked up by the loop. */
        scatter(px + w - 16, cov + w - 16, m & ~((1u << (x - (w - 16))) - 1u), lut);
    }
}

void sah_blit_add_lut(uint8_t *cov, uint32_t *px, size_t dstride, const uint8_t *src,
                      size_t sstride, int w, int h, const uint32_t lut[256])
{
    if (w >= 16) {
        add_lut_wide(cov, px, dstride, src, sstride, w, h, lut);
    } else if (w >= 8) {
        /* High lanes j < 24 - w are columns the low half holds. */
        const unsigned twice = ((1u << (24 - w)) - 1u) & ~0xFFu;
        for (; h > 0; h--, cov += dstride, px += dstride, src += sstride) {
            vec_t s = ld8x2(src, src + w - 8);
            unsigned m = inked(s);
            if (!m)
                continue;
            st8x2(cov, cov + w - 8, adds(ld8x2(cov, cov + w - 8), s));
            scatter2(px, cov, m & ~twice, 8, w - 16, lut);
        }
    } else if (w >= 4) {
        const unsigned twice = ((1u << (12 - w)) - 1u) & ~0xFu;
        for (; h > 0; h--, cov += dstride, px += dstride, src += sstride) {
            vec_t s = ld4x2(src, src + w - 4);
            unsigned m = inked(s);
            if (!m)
                continue;
            st4x2(cov, cov + w - 4, adds(ld4x2(cov, cov + w - 4), s));
            scatter2(px, cov, m & ~twice, 4, w - 8, lut);
        }
    } else {
        sah_blit_add_lut_scalar(cov, px, dstride, src, sstride, w, h, lut);
    }
}

/* Rows of 16 pixels or more for sah_blit_add_tint(): as add_lut_wide(),
 * but a vector of columns whose coverage is all 0 takes the tint whole (in
 * its empty columns too: there the tint is the background they hold). The
 * last 16 columns are judged by their coverage before the loop wrote any:
 * the columns they share with the loop's last vector get the same pixels
 * either way (0 there before, so the loop gave them the tint too). */
static void add_tint_wide(uint8_t *cov, uint32_t *px, size_t dstride, const uint8_t *src,
                          size_t sstride, const uint32_t *tint, size_t tstride, int w, int h,
                          const uint32_t *lut)
{
    for (; h > 0; h--, cov += dstride, px += dstride, src += sstride, tint += tstride) {
        vec_t ts = ld16(src + w - 16), td = ld16(cov + w - 16), tail = adds(td, ts);
        int x = 0;
        for (; x < w - 16; x += 16) {
            vec_t s = ld16(src + x);
            unsigned m = inked(s);
            if (!m)
                continue;
            vec_t d = ld16(cov + x);
            st16(cov + x, adds(d, s));
            if (!inked(d))
                memcpy(px + x, tint + x, 16 * sizeof *px);
            else
                scatter(px + x, cov + x, m, lut);
        }
        unsigned m = inked(ts);
        if (!m)
            continue;
        st16(cov + w - 16, tail);
        if (!inked(td))
            memcpy(px + w - 16, tint + w - 16, 16 * sizeof *px);
        else
            scatter(px + w - 16, cov + w - 16, m & ~((1u << (x - (w - 16))) - 1u), lut);
    }
}

/* Rows of 4-15 columns: one vector of two halves (see sah_blit_add()); a
 * row whose coverage is all 0 takes the tint, both halves of it. */
void sah_blit_add_tint(uint8_t *cov, uint32_t *px, size_t dstride, const uint8_t *src,
                       size_t sstride, const uint32_t *tint, size_t tstride, int w, int h,
                       const uint32_t lut[256])
{
    if (w >= 16) {
        add_tint_wide(cov, px, dstride, src, sstride, tint, tstride, w, h, lut);
    } else if (w >= 8) {
        const unsigned twice = ((1u << (24 - w)) - 1u) & ~0xFFu;
        for (; h > 0; h--, cov += dstride, px += dstride, src += sstride, tint += tstride) {
            vec_t s = ld8x2(src, src + w - 8);
            unsigned m = inked(s);
            if (!m)
                continue;
            vec_t d = ld8x2(cov, cov + w - 8);
            st8x2(cov, cov + w - 8, adds(d, s));
            if (!inked(d)) {
                memcpy(px, tint, 8 * sizeof *px);
                memcpy(px + w - 8, tint + w - 8, 8 * sizeof *px);
            } else {
                scatter2(px, cov, m & ~twice, 8, w - 16, lut);
            }
        }
    } else if (w >= 4) {
        const unsigned twice = ((1u << (12 - w)) - 1u) & ~0xFu;
        for (; h > 0; h--, cov += dstride, px += dstride, src += sstride, tint += tstride) {
            vec_t s = ld4x2(src, src + w - 4);
            unsigned m = inked(s);
            if (!m)
                continue;
            vec_t d = ld4x2(cov, cov + w - 4);
            st4x2(cov, cov + w - 4, adds(d, s));
            if (!inked(d)) {
                memcpy(px, tint, 4 * sizeof *px);
                memcpy(px + w - 4, tint + w - 4, 4 * sizeof *px);
            } else {
                scatter2(px, cov, m & ~twice, 4, w - 8, lut);
            }
        }
    } else {
        sah_blit_add_lut_scalar(cov, px, dstride, src, sstride, w, h, lut);
    }
}

#endif
