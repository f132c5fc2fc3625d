/* report_json.c — the JSON reader the model page uses (see report.h).
 * Recursive descent with a depth limit; strings keep \u escapes decoded to
 * UTF-8 (surrogate pairs joined). */
#include "compat.h"
#include "report_page.h"
#include "util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum jtype { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ };

struct report_json {
	enum jtype type;
	double num;
	char *str;
	struct report_json *items;    /* array elements or object values */
	char **keys;                  /* object keys */
	size_t n, alloc;
};

#define MAX_DEPTH 64

struct jparser {
	const char *p;
	int depth;
};

static void ws(struct jparser *jp)
{
	while (*jp->p == ' ' || *jp->p == '\t' || *jp->p == '\n' || *jp->p == '\r')
		jp->p++;
}

static void release(struct report_json *j)
{
	for (size_t i = 0; i < j->n; i++) {
		release(&j->items[i]);
		if (j->keys)
			free(j->keys[i]);
	}
	free(j->items);
	free(j->keys);
	free(j->str);
}

static void put_utf8(struct strbuf *sb, unsigned cp)
{
	if (cp < 0x80) {
		strbuf_addch(sb, (char)cp);
	} else if (cp < 0x800) {
		strbuf_addch(sb, (char)(0xc0 | (cp >> 6)));
		strbuf_addch(sb, (char)(0x80 | (cp & 0x3f)));
	} else if (cp < 0x10000) {
		strbuf_addch(sb, (char)(0xe0 | (cp >> 12)));
		strbuf_addch(sb, (char)(0x80 | ((cp >> 6) & 0x3f)));
		strbuf_addch(sb, (char)(0x80 | (cp & 0x3f)));
	} else {
		strbuf_addch(sb, (char)(0xf0 | (cp >> 18)));
		strbuf_addch(sb, (char)(0x80 | ((cp >> 12) & 0x3f)));
		strbuf_addch(sb, (char)(0x80 | ((cp >> 6) & 0x3f)));
		strbuf_addch(sb, (char)(0x80 | (cp & 0x3f)));
	}
}

static int hex4(const char *p, unsigned *out)
{
	unsigned v = 0;
	for (int i = 0; i < 4; i++) {
		char ch = p[i];
		v <<= 4;
		if (ch >= '0' && ch <= '9')
			v |= (unsigned)(ch - '0');
		else if (ch >= 'a' && ch <= 'f')
			v |= (unsigned)(ch - 'a' + 10);
		else if (ch >= 'A' && ch <= 'F')
			v |= (unsigned)(ch - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

static char *parse_string(struct jparser *jp)
{
	struct strbuf sb = STRBUF_INIT;
	jp->p++;
	while (*jp->p && *jp->p != '"') {
		if (*jp->p != '\\') {
			strbuf_addch(&sb, *jp->p++);
			continue;
		}
		jp->p++;
		switch (*jp->p) {
		case '"': case '\\': case '/': strbuf_addch(&sb, *jp->p); break;
		case 'b': strbuf_addch(&sb, '\b'); break;
		case 'f': strbuf_addch(&sb, '\f'); break;
		case 'n': strbuf_addch(&sb, '\n'); break;
		case 'r': strbuf_addch(&sb, '\r'); break;
		case 't': strbuf_addch(&sb, '\t'); break;
		case 'u': {
			unsigned cp, lo;
			if (hex4(jp->p + 1, &cp))
				goto fail;
			jp->p += 4;
			if (cp >= 0xd800 && cp <= 0xdbff && jp->p[1] == '\\' && jp->p[2] == 'u' &&
			    !hex4(jp->p + 3, &lo) && lo >= 0xdc00 && lo <= 0xdfff) {
				cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
				jp->p += 6;
			}
			put_utf8(&sb, cp);
			break;
		}
		default:
			goto fail;
		}
		jp->p++;
	}
	if (*jp->p != '"')
		goto fail;
	jp->p++;
	if (!sb.buf)
		strbuf_adds(&sb, "");
	return strbuf_detach(&sb);
fail:
	strbuf_release(&sb);
	return NULL;
}

static int parse_value(struct jparser *jp, struct report_json *out);

static int parse_container(struct jparser *jp, struct report_json *out, int object)
{
	char close = object ? '}' : ']';
	out->type = object ? J_OBJ : J_ARR;
	if (++jp->depth > MAX_DEPTH)
		return -1;
	jp->p++;
	ws(jp);
	if (*jp->p == close) {
		jp->p++;
		jp->depth--;
		return 0;
	}
	for (;;) {
		char *key = NULL;
		ws(jp);
		if (object) {
			if (*jp->p != '"' || !(key = parse_string(jp)))
				return -1;
			ws(jp);
			if (*jp->p != ':') {
				free(key);
				return -1;
			}
			jp->p++;
		}
		if (out->n >= out->alloc) {
			size_t old = out->alloc;
			ALLOC_GROW(out->items, out->n, out->alloc);
			if (object)
				out->keys = xrealloc(out->keys, out->alloc * sizeof(*out->keys));
			(void)old;
		}
		memset(&out->items[out->n], 0, sizeof(out->items[0]));
		if (object)
			out->keys[out->n] = key;
		out->n++;
		if (parse_value(jp, &out->items[out->n - 1]))
			return -1;
		ws(jp);
		if (*jp->p == ',') {
			jp->p++;
			continue;
		}
		if (*jp->p != close)
			return -1;
		jp->p++;
		jp->depth--;
		return 0;
	}
}

static int parse_value(struct jparser *jp, struct report_json *out)
{
	ws(jp);
	switch (*jp->p) {
	case '{':
		return parse_container(jp, out, 1);
	case '[':
		return parse_container(jp, out, 0);
	case '"':
		out->type = J_STR;
		out->str = parse_string(jp);
		return out->str ? 0 : -1;
	case 't':
		if (strncmp(jp->p, "true", 4))
			return -1;
		out->type = J_BOOL;
		out->num = 1;
		jp->p += 4;
		return 0;
	case 'f':
		if (strncmp(jp->p, "false", 5))
			return -1;
		out->type = J_BOOL;
		jp->p += 5;
		return 0;
	case 'n':
		if (strncmp(jp->p, "null", 4))
			return -1;
		out->type = J_NULL;
		jp->p += 4;
		return 0;
	default: {
		char *end;
		out->num = strtod(jp->p, &end);
		if (end == jp->p)
			return -1;
		out->type = J_NUM;
		jp->p = end;
		return 0;
	}
	}
}

struct report_json *report_json_parse(const char *text)
{
	struct jparser jp = { text ? text : "", 0 };
	struct report_json *j = xcalloc(1, sizeof(*j));
	if (parse_value(&jp, j))
		goto fail;
	ws(&jp);
	if (*jp.p)
		goto fail;
	return j;
fail:
	report_json_free(j);
	return NULL;
}

void report_json_free(struct report_json *j)
{
	if (!j)
		return;
	release(j);
	free(j);
}

const struct report_json *report_json_get(const struct report_json *obj, const char *key)
{
	if (!obj || obj->type != J_OBJ)
		return NULL;
	for (size_t i = 0; i < obj->n; i++)
		if (!strcmp(obj->keys[i], key))
			return &obj->items[i];
	return NULL;
}

size_t report_json_len(const struct report_json *arr)
{
	return arr && arr->type == J_ARR ? arr->n : 0;
}

const struct report_json *report_json_at(const struct report_json *arr, size_t i)
{
	return arr && arr->type == J_ARR && i < arr->n ? &arr->items[i] : NULL;
}

double report_json_num(const struct report_json *j)
{
	return j && j->type == J_NUM ? j->num : NAN;
}

const char *report_json_str(const struct report_json *j)
{
	return j && j->type == J_STR ? j->str : NULL;
}
