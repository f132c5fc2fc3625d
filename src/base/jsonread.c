/* jsonread.c — the one wrapper over jansson (see jsonread.h).  A struct
 * jsonr is a json_t, cast: the tree is jansson's own, borrowed by every
 * lookup and released with its root. */
#include "compat.h"
#include "jsonread.h"

#include <jansson.h>
#include <math.h>

static const json_t *J(const struct jsonr *j)
{
	return (const json_t *)j;
}

struct jsonr *jsonr_parse(const char *text)
{
	json_error_t err;
	if (!text)
		return NULL;
	/* DECODE_ANY: a bare number or string is a JSON text too.
	 * DECODE_INT_AS_REAL: every number is a double, so an integer beyond
	 * 64 bits reads as a number rather than failing the whole text. */
	return (struct jsonr *)json_loads(text, JSON_DECODE_ANY | JSON_DECODE_INT_AS_REAL, &err);
}

void jsonr_free(struct jsonr *root)
{
	json_decref((json_t *)root);
}

const struct jsonr *jsonr_get(const struct jsonr *obj, const char *key)
{
	return obj && json_is_object(J(obj)) ?
		(const struct jsonr *)json_object_get(J(obj), key) : NULL;
}

size_t jsonr_len(const struct jsonr *arr)
{
	return arr && json_is_array(J(arr)) ? json_array_size(J(arr)) : 0;
}

const struct jsonr *jsonr_at(const struct jsonr *arr, size_t i)
{
	return arr && json_is_array(J(arr)) ? (const struct jsonr *)json_array_get(J(arr), i) : NULL;
}

double jsonr_num(const struct jsonr *j)
{
	return j && json_is_number(J(j)) ? json_number_value(J(j)) : NAN;
}

const char *jsonr_str(const struct jsonr *j)
{
	return j && json_is_string(J(j)) ? json_string_value(J(j)) : NULL;
}
