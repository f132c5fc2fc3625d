/* model.c — the dialogue being built: customers, kinds, items. */
#include "compat.h"
#include "gen_corpus.h"

const char *const KIND_NAME[] = { "problem", "info", "small" };

const struct list *phr(const struct dlg *d, enum sit s, int lang)
{
	const struct list *l = &PH[s][lang][d->set];
	return l->n ? l : &PH[s][lang][SET_DEFAULT];
}
