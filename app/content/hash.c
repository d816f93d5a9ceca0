/* hash.c - see hash.h. */
#include "app/content/hash.h"

#include <nettle/sha2.h>
#include <stdint.h>
#include <stdlib.h>
#include <xxhash.h>

struct sah_hash {
    struct sha256_ctx ctx;
};

sah_hash_t *sah_hash_new(void)
{
    sah_hash_t *h = malloc(sizeof *h);
    if (h)
        sha256_init(&h->ctx);
    return h;
}

void sah_hash_free(sah_hash_t *h)
{
    free(h);
}

void sah_hash_update(sah_hash_t *h, const void *data, size_t n)
{
    sha256_update(&h->ctx, n, data);
}

static void to_hex(const uint8_t *digest, char hex[SAH_HASH_HEX_SIZE])
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < SHA256_DIGEST_SIZE; i++) {
        hex[2 * i] = digits[digest[i] >> 4];
        hex[2 * i + 1] = digits[digest[i] & 15];
    }
    hex[(size_t)2 * SHA256_DIGEST_SIZE] = 0;
}

void sah_hash_finish_hex(sah_hash_t *h, char hex[SAH_HASH_HEX_SIZE])
{
    uint8_t digest[SHA256_DIGEST_SIZE];
    /* Nettle's digest() also re-initialises the context. */
    sha256_digest(&h->ctx, sizeof digest, digest);
    to_hex(digest, hex);
}

void sah_hash_sha256_hex(const void *data, size_t n, char hex[SAH_HASH_HEX_SIZE])
{
    struct sha256_ctx ctx;
    uint8_t digest[SHA256_DIGEST_SIZE];
    sha256_init(&ctx);
    sha256_update(&ctx, n, data);
    sha256_digest(&ctx, sizeof digest, digest);
    to_hex(digest, hex);
}

struct sah_fasthash {
    XXH3_state_t *st;
};

sah_fasthash_t *sah_fasthash_new(void)
{
    sah_fasthash_t *k = malloc(sizeof *k);
    if (k && !(k->st = XXH3_createState())) {
        free(k);
        return NULL;
    }
    if (k)
        (void)XXH3_128bits_reset(k->st); /* fails only on a NULL state */
    return k;
}

void sah_fasthash_free(sah_fasthash_t *k)
{
    if (k)
        XXH3_freeState(k->st);
    free(k);
}

void sah_fasthash_update(sah_fasthash_t *k, const void *data, size_t n)
{
    (void)XXH3_128bits_update(k->st, data, n); /* fails only on a NULL input with n > 0 */
}

static void hash128_hex(XXH128_hash_t h, char hex[SAH_FASTHASH_HEX_SIZE])
{
    XXH128_canonical_t c;
    XXH128_canonicalFromHash(&c, h);
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < sizeof c.digest; i++) {
        hex[2 * i] = digits[c.digest[i] >> 4];
        hex[2 * i + 1] = digits[c.digest[i] & 15];
    }
    hex[2 * sizeof c.digest] = 0;
}

void sah_fasthash_finish_hex(sah_fasthash_t *k, char hex[SAH_FASTHASH_HEX_SIZE])
{
    hash128_hex(XXH3_128bits_digest(k->st), hex);
    (void)XXH3_128bits_reset(k->st);
}

void sah_fasthash_hex(const void *data, size_t n, char hex[SAH_FASTHASH_HEX_SIZE])
{
    hash128_hex(XXH3_128bits(data, n), hex);
}

uint64_t sah_fasthash64(const void *data, size_t n)
{
    return XXH3_64bits(data, n);
}
