/*
 * hash.h - SHA-256 for article identities, over Nettle's implementation;
 * and a fast content key (XXH3-128, libxxhash) for the library's listing.
 *
 *   sah_hash_t *h = sah_hash_new();
 *   sah_hash_update(h, text, len);
 *   char hex[SAH_HASH_HEX_SIZE];
 *   sah_hash_finish_hex(h, hex);   // 64 lowercase hex digits + NUL
 *   sah_hash_free(h);
 *
 * Why Nettle: it is the hash GnuTLS ships on every Debian system (nettle-dev),
 * small, and has no global state to initialise, unlike libcrypto. We do not
 * write our own: the identity is stored in caches and bookmarks for years.
 */
#ifndef SAH_HASH_H
#define SAH_HASH_H

#include <stddef.h>
#include <stdint.h>

/* 64 hex digits and a NUL. */
#define SAH_HASH_HEX_SIZE 65

typedef struct sah_hash sah_hash_t;

/* Returns: (transfer full) a fresh SHA-256 state; sah_hash_free() it. NULL when
 * out of memory. */
sah_hash_t *sah_hash_new(void) __attribute__((warn_unused_result));

/* Frees @h; NULL is a no-op. */
void sah_hash_free(sah_hash_t *h);

/* Adds @n bytes of @data. */
void sah_hash_update(sah_hash_t *h, const void *data, size_t n);

/* Writes the digest of everything added as lowercase hex to @hex and resets
 * @h for reuse. */
void sah_hash_finish_hex(sah_hash_t *h, char hex[SAH_HASH_HEX_SIZE]);

/* One-shot: SHA-256 of @n bytes of @data as lowercase hex in @hex. */
void sah_hash_sha256_hex(const void *data, size_t n, char hex[SAH_HASH_HEX_SIZE]);

/*
 * The library's content key (library.c's duplicates): XXH3-128 over what
 * the identity hashes, from libxxhash. Not an identity: a key
 * that tells copies apart at about 0.1 instructions a byte where SHA-256
 * takes 48, so that listing a new file needs no SHA-256 (the identity is
 * computed when the file is indexed for search, off the listing's path).
 * Two texts with one identity have one key; two with one key have one
 * identity but for a collision of a 128-bit hash, which only someone
 * crafting files could find (they would then be listed once).
 *
 *   sah_fasthash_t *k = sah_fasthash_new();
 *   sah_fasthash_update(k, text, len);
 *   char hex[SAH_FASTHASH_HEX_SIZE];
 *   sah_fasthash_finish_hex(k, hex);  // 32 lowercase hex digits + NUL
 *   sah_fasthash_free(k);
 */
#define SAH_FASTHASH_HEX_SIZE 33

typedef struct sah_fasthash sah_fasthash_t;

/* Returns: (transfer full) a fresh state; sah_fasthash_free() it. NULL when
 * out of memory. */
sah_fasthash_t *sah_fasthash_new(void) __attribute__((warn_unused_result));

/* Frees @k; NULL is a no-op. */
void sah_fasthash_free(sah_fasthash_t *k);

/* Adds @n bytes of @data. */
void sah_fasthash_update(sah_fasthash_t *k, const void *data, size_t n);

/* Writes the key of everything added as lowercase hex to @hex and resets
 * @k for reuse. */
void sah_fasthash_finish_hex(sah_fasthash_t *k, char hex[SAH_FASTHASH_HEX_SIZE]);

/* One-shot: the key of @n bytes of @data, as sah_fasthash_finish_hex()
 * writes it after sah_fasthash_update() of the same bytes. */
void sah_fasthash_hex(const void *data, size_t n, char hex[SAH_FASTHASH_HEX_SIZE]);

/* One-shot XXH3-64 of @n bytes of @data: a line's hash for telling repeats
 * apart within the parse (classify.h), never stored. */
uint64_t sah_fasthash64(const void *data, size_t n);

#endif
