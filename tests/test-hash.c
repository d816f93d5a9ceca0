/*
 * test-hash.c - SHA-256 test vectors: FIPS 180-2 appendix B (B.1 "abc", B.2
 * the 448-bit message, B.3 one million 'a'), the empty message from NIST's
 * SHA examples, and streaming in pieces equal to one shot. The content key
 * (XXH3-128): the empty input's digest as xxHash documents it (xxhsum -H2),
 * big-endian hex (XXH128_canonical_t); "abc" in uneven pieces equal to one
 * shot, and the state reusable.
 */
#include "app/content/hash.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int passed, failed;

static void check(const char *what, const char *got, const char *want)
{
    if (strcmp(got, want) == 0) {
        passed++;
    } else {
        failed++;
        printf("FAIL %s: expected %s, got %s\n", what, want, got);
    }
}

int main(void)
{
    static const struct {
        const char *input;
        const char *digest;
    } vectors[] = {
        {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
        {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
        {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
    };
    char hex[SAH_HASH_HEX_SIZE];
    for (size_t i = 0; i < sizeof vectors / sizeof *vectors; i++) {
        sah_hash_sha256_hex(vectors[i].input, strlen(vectors[i].input), hex);
        check(vectors[i].input, hex, vectors[i].digest);
    }

    /* B.3: a million 'a', fed in uneven pieces through the streaming API. */
    sah_hash_t *h = sah_hash_new();
    if (!h)
        return 99;
    char a[997];
    memset(a, 'a', sizeof a);
    size_t left = 1000000;
    while (left) {
        size_t n = left < sizeof a ? left : sizeof a;
        sah_hash_update(h, a, n);
        left -= n;
    }
    sah_hash_finish_hex(h, hex);
    check("1e6 x 'a'", hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    /* finish resets: the state is reusable. */
    sah_hash_update(h, "ab", 2);
    sah_hash_update(h, "c", 1);
    sah_hash_finish_hex(h, hex);
    check("reuse after finish", hex, vectors[0].digest);
    sah_hash_free(h);
    sah_hash_free(NULL);

    char key[SAH_FASTHASH_HEX_SIZE];
    sah_fasthash_t *k = sah_fasthash_new();
    if (!k)
        return 99;
    sah_fasthash_finish_hex(k, key);
    check("XXH3-128 of nothing", key, "99aa06d3014798d86001c324468d497f");
    sah_fasthash_update(k, "a", 1);
    sah_fasthash_update(k, "", 0);
    sah_fasthash_update(k, "bc", 2);
    sah_fasthash_finish_hex(k, key);
    check("XXH3-128 of abc in pieces", key, "06b05ab6733a618578af5f94892f3950");
    sah_fasthash_update(k, "abc", 3);
    sah_fasthash_finish_hex(k, key);
    check("XXH3-128 reused after finish", key, "06b05ab6733a618578af5f94892f3950");
    sah_fasthash_free(k);
    sah_fasthash_free(NULL);

    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
