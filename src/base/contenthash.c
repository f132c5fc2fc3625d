/* contenthash.c — XXH3-128 content hashes (the one wrapper over xxHash)
 * and the hand-rolled hashes older databases hold. */
#include "compat.h"
#include "contenthash.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

/* 16 lowercase hex digits (a tenth of snprintf's cost, per dialogue at ingest) */
static void put_hex64(char *out, uint64_t v)
{
	static const char digit[] = "0123456789abcdef";
	for (int i = 15; i >= 0; i--, v >>= 4)
		out[i] = digit[v & 15];
}

/* The canonical form (high half first, each big-endian) is what xxHash's
 * own tools print, so a stored value can be checked with xxh128sum. */
static void put_xxh128(XXH128_hash_t v, char out[33])
{
	put_hex64(out, v.high64);
	put_hex64(out + 16, v.low64);
	out[32] = '\0';
}

void content_hash_init(struct content_hash *h)
{
	XXH3_state_t *st = XXH3_createState();
	/* as xmalloc: nothing sensible is left to do without memory */
	if (!st || XXH3_128bits_reset(st) != XXH_OK) {
		error("out of memory starting a content hash");
		abort();
	}
	h->state = st;
}

void content_hash_add(struct content_hash *h, const void *data, size_t n)
{
	/* XXH3 fails only on a NULL state, which init never leaves */
	(void)XXH3_128bits_update(h->state, data, n);
}

void content_hash_finish(struct content_hash *h, char out[33])
{
	put_xxh128(XXH3_128bits_digest(h->state), out);
	XXH3_freeState(h->state);
	h->state = NULL;
}

void content_hash_hex(const void *data, size_t n, char out[33])
{
	put_xxh128(XXH3_128bits(data, n), out);
}

/* ---- the hashes of schema versions 1 to 3, to recognise their rows ---- */

void legacy_fingerprint_init(struct legacy_fingerprint *fp)
{
	fp->a = 0xcbf29ce484222325ULL;
	fp->b = 0x84222325cbf29ce4ULL;
}

void legacy_fingerprint_add(struct legacy_fingerprint *fp, const void *data, size_t n)
{
	const unsigned char *p = data;
	uint64_t a = fp->a, b = fp->b;
	for (size_t i = 0; i < n; i++) {
		a = (a ^ p[i]) * 0x100000001b3ULL;
		b = (b ^ p[i]) * 0x00000100000001b3ULL + 0x9e3779b97f4a7c15ULL;
		b ^= b >> 29;
	}
	fp->a = a;
	fp->b = b;
}

void legacy_fingerprint_hex(const struct legacy_fingerprint *fp, char out[33])
{
	put_hex64(out, fp->a);
	put_hex64(out + 16, fp->b);
	out[32] = '\0';
}

/* 8 bytes as a little-endian number, whatever the machine's order. */
static uint64_t load_le64(const unsigned char *p)
{
	uint64_t w;
	memcpy(&w, p, sizeof(w));
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	w = __builtin_bswap64(w);
#endif
	return w;
}

static uint64_t mix64(uint64_t h)
{
	h ^= h >> 30; h *= 0xbf58476d1ce4e5b9ULL;
	h ^= h >> 27; h *= 0x94d049bb133111ebULL;
	h ^= h >> 31;
	return h;
}

void legacy_hash128_hex(const void *data, size_t n, char out[33])
{
	const unsigned char *p = data;
	uint64_t a = 0x9e3779b97f4a7c15ULL ^ (uint64_t)n, b = 0xc2b2ae3d27d4eb4fULL + (uint64_t)n;
	uint64_t tail = 0;
	size_t rest;
	for (; n >= 8; p += 8, n -= 8) {
		uint64_t w = load_le64(p);
		a = (a ^ w) * 0xff51afd7ed558ccdULL;
		a ^= a >> 32;
		b = (b + w) * 0xc4ceb9fe1a85ec53ULL;
		b ^= b >> 29;
	}
	rest = n;
	for (size_t i = 0; i < rest; i++)
		tail |= (uint64_t)p[i] << (8 * i);
	tail ^= (uint64_t)rest << 56;
	a = mix64((a ^ tail) * 0xff51afd7ed558ccdULL);
	b = mix64((b + tail) * 0xc4ceb9fe1a85ec53ULL ^ a);
	put_hex64(out, a);
	put_hex64(out + 16, b);
	out[32] = '\0';
}

