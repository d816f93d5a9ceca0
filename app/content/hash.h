/*
 * hash.h - SHA-256 for article identities, over Nettle's implementation.
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

#endif
