/* jsonread.h — reading a JSON text into a read-only tree (the models'
 * metrics, models.metrics, for the model page and the model file).
 * src/base/jsonread.c is the one wrapper over jansson, the only unit that
 * includes <jansson.h>.  Values are owned by the root; jsonr_free() frees
 * them all.  Lookups on NULL or on a value of the wrong type give NULL, 0
 * or NAN, so a chain of them needs no check between steps.
 *
 * Turn packs keep their own decoder (turnpack.c): it fills a dialogue
 * straight from the text, about nine times faster than a tree built first,
 * and scoring decodes every pack. */
#ifndef LEADQA_JSONREAD_H
#define LEADQA_JSONREAD_H

#include <stddef.h>

struct jsonr;
/* Any JSON value with nothing but white space after it; NULL when invalid
 * (or text is NULL). */
struct jsonr *jsonr_parse(const char *text);
void jsonr_free(struct jsonr *root);
/* An object's member (the last one of that name, as JSON readers do). */
const struct jsonr *jsonr_get(const struct jsonr *obj, const char *key);
size_t jsonr_len(const struct jsonr *arr);
const struct jsonr *jsonr_at(const struct jsonr *arr, size_t i);
/* A number's value (integer or not); NAN unless a number. */
double jsonr_num(const struct jsonr *j);
/* A string's UTF-8 text; NULL unless a string. */
const char *jsonr_str(const struct jsonr *j);

#endif
