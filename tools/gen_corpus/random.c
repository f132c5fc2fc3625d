/* random.c — the seeded random stream (splitmix64): every choice comes from
 * it. */
#include "compat.h"
#include "gen_corpus.h"

static uint64_t rng_next(struct rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

uint64_t mix3(uint64_t a, uint64_t b, uint64_t c)
{
	struct rng r = { a ^ (b * 0xd6e8feb86659fd93ULL) ^ (c * 0xa0761d6478bd642fULL) };
	rng_next(&r);
	return rng_next(&r);
}

double rng_unit(struct rng *r)
{
	return (double)(rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

unsigned rng_below(struct rng *r, unsigned n)
{
	return n ? (unsigned)(((rng_next(r) >> 32) * (uint64_t)n) >> 32) : 0;
}

int rng_range(struct rng *r, int lo, int hi)
{
	return lo + (int)rng_below(r, (unsigned)(hi - lo + 1));
}

int chance(struct rng *r, double p)
{
	return rng_unit(r) < p;
}
