/* reason_phrases — prints every phrase a lead score's reason can hold
 * (reasons.h), one a line, counts written as N: the dictionary that the
 * end-to-end tests check top_factors against. */
#include "compat.h"
#include "reasons.h"

#include <stdio.h>

static void print_one(const char *phrase, void *ctx)
{
	(void)ctx;
	puts(phrase);
}

int main(void)
{
	reason_each_phrase(print_one, NULL);
	return fflush(stdout) ? 1 : 0;
}
