/* contenthash.h — the content hash of input files and of dialogues: XXH3's
 * 128-bit hash (xxHash), printed as 32 lowercase hex digits in xxHash's
 * canonical (big-endian) byte order, so a value is the same on every machine
 * and in every build: databases store them.  src/base/contenthash.c is the
 * only unit that includes <xxhash.h>.
 *
 * It also keeps the two hand-rolled hashes that databases of schema version
 * 3 and before hold (files.fingerprint, dialogues.content_hash), only so
 * that their rows can still be recognised (db.c's version 4, ingest).
 * For content, not for security. */
#ifndef LEADQA_CONTENTHASH_H
#define LEADQA_CONTENTHASH_H

#include <stddef.h>
#include <stdint.h>

/* XXH3-128 in steps, for a file read a buffer at a time:
 * init, add..., finish (which releases the state). */
struct content_hash { void *state; };
void content_hash_init(struct content_hash *h);
void content_hash_add(struct content_hash *h, const void *data, size_t n);
void content_hash_finish(struct content_hash *h, char out[33]);
/* XXH3-128 of one buffer: the same digits as init, add, finish. */
void content_hash_hex(const void *data, size_t n, char out[33]);

/* The file fingerprint of schema versions 1 to 3 (two byte-at-a-time
 * FNV-style lanes), in steps; also the oldest dialogue content hash. */
struct legacy_fingerprint { uint64_t a, b; };
void legacy_fingerprint_init(struct legacy_fingerprint *fp);
void legacy_fingerprint_add(struct legacy_fingerprint *fp, const void *data, size_t n);
void legacy_fingerprint_hex(const struct legacy_fingerprint *fp, char out[33]);
/* The dialogue content hash that replaced it before schema version 4 (two
 * 8-byte multiply-xorshift lanes). */
void legacy_hash128_hex(const void *data, size_t n, char out[33]);

#endif
