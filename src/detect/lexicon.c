/* lexicon.c — loading the cue lexicons and finding their cues in a turn. */
#include "compat.h"
#include "lexicon.h"
#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const category_names[CUE_CATEGORIES] = {
	[CUE_OFFER] = "offer",
	[CUE_PROBLEM] = "problem",
	[CUE_RESOLVED] = "resolved",
	[CUE_UNRESOLVED] = "unresolved",
	[CUE_THANKS] = "thanks",
	[CUE_HUMAN_REQUEST] = "human-request",
	[CUE_BOT_FAILURE] = "bot-failure",
	[CUE_FRUSTRATION] = "frustration",
	[CUE_NEGATION] = "negation",
	[CUE_QUESTION_BACK] = "question-back",
	[CUE_CONTEXT_ASK] = "context-ask",
	[CUE_PRODUCT_QUESTION] = "product-question",
	[CUE_REPEAT] = "repeat",
	[CUE_PROPOSAL] = "proposal",
	[CUE_PRODUCT] = "product",
	[CUE_PERSON] = "person",
	[CUE_ASK] = "ask",
	[CUE_REMEDY] = "remedy",
	[CUE_BILLING] = "billing",
	[CUE_INVITE] = "invite",
};

const char *cue_category_name(enum cue_category c)
{
	return (unsigned)c < CUE_CATEGORIES ? category_names[c] : "unknown";
}

int cue_category_from_name(const char *s, size_t n)
{
	for (int i = 0; i < CUE_CATEGORIES; i++)
		if (strlen(category_names[i]) == n && !memcmp(category_names[i], s, n))
			return i;
	return -1;
}

/* The hash table maps a first stem to the cues that begin with it: slots
 * hold indices into `heads`, each head a list of its cues.  Each entry
 * keeps what the cue's second stem needs, so that most cues of a common
 * first stem are turned away without a look at the cue itself. */
struct head_cue {
	size_t cue;             /* index in lexicon.cues */
	uint64_t second;        /* hash of the cue's second stem */
	size_t reach;           /* tokens after the first where it may stand: 0 for
				 * a one-stem cue, 1, or 1 + LEXICON_GAP after "..." */
};

struct head {
	char *stem;
	uint64_t hash;
	struct head_cue *cues;
	size_t n, alloc;
};

struct lexicon {
	struct cue *cues;
	size_t n_cues, alloc_cues;
	struct head *heads;
	size_t n_heads, alloc_heads;
	size_t *slots;          /* head index + 1; 0 = empty */
	size_t n_slots;         /* power of two */
	char **files;           /* interned file names */
	size_t n_files, alloc_files;
	/* every word and stem of the cues, for reading typing slips: slots of
	 * hash -> stem (index into vstems + 1; VOCAB_AMBIGUOUS when two stems) */
	struct vocab_slot *vslots;
	size_t n_vslots, n_vocab;
	char **vstems;
	size_t n_vstems, alloc_vstems;
	/* the letters of each cue word, in any order: a swap keeps them, so a
	 * word whose letters are no cue word's needs no swap tried */
	uint64_t *letter_sets;      /* open addressing, 0 = empty */
	size_t n_letter_sets, alloc_letter_sets;
};

struct vocab_slot {
	uint64_t key;
	size_t stem;            /* 0 = empty slot */
};
#define VOCAB_AMBIGUOUS ((size_t)-1)
/* shorter words have too many real neighbours one swap away */
#define SLIP_MIN_CHARS 5
#define SLIP_MAX_BYTES 128

struct lexicon *lexicon_new(void)
{
	struct lexicon *lx = xcalloc(1, sizeof(*lx));
	lx->n_slots = 256;
	lx->slots = xcalloc(lx->n_slots, sizeof(*lx->slots));
	return lx;
}

void lexicon_free(struct lexicon *lx)
{
	if (!lx)
		return;
	for (size_t i = 0; i < lx->n_cues; i++) {
		struct cue *c = &lx->cues[i];
		for (size_t j = 0; j < c->n_stems; j++)
			free(c->stems[j]);
		free(c->stems);
		free(c->hashes);
		free(c->gap);
		free(c->text);
	}
	for (size_t i = 0; i < lx->n_heads; i++) {
		free(lx->heads[i].stem);
		free(lx->heads[i].cues);
	}
	for (size_t i = 0; i < lx->n_files; i++)
		free(lx->files[i]);
	free(lx->cues);
	free(lx->heads);
	for (size_t i = 0; i < lx->n_vstems; i++)
		free(lx->vstems[i]);
	free(lx->vstems);
	free(lx->vslots);
	free(lx->letter_sets);
	free(lx->slots);
	free(lx->files);
	free(lx);
}

size_t lexicon_size(const struct lexicon *lx)
{
	return lx->n_cues;
}

size_t lexicon_count(const struct lexicon *lx, enum cue_category c)
{
	size_t n = 0;
	for (size_t i = 0; i < lx->n_cues; i++)
		n += lx->cues[i].cat == c;
	return n;
}

static uint64_t stem_hash(const char *s)
{
	return hash64(s, strlen(s), HASH64_SEED);
}

/* Slot of `stem` (hash h): where it is, or the empty slot where it would go. */
static size_t find_slot_h(const struct lexicon *lx, const char *stem, uint64_t h)
{
	size_t mask = lx->n_slots - 1, i = (size_t)h & mask;
	while (lx->slots[i]) {
		const struct head *hd = &lx->heads[lx->slots[i] - 1];
		if (hd->hash == h && !strcmp(hd->stem, stem))
			break;
		i = (i + 1) & mask;
	}
	return i;
}

static size_t find_slot(const struct lexicon *lx, const char *stem)
{
	return find_slot_h(lx, stem, stem_hash(stem));
}

static void grow_table(struct lexicon *lx)
{
	free(lx->slots);
	lx->n_slots *= 2;
	lx->slots = xcalloc(lx->n_slots, sizeof(*lx->slots));
	for (size_t h = 0; h < lx->n_heads; h++)
		lx->slots[find_slot(lx, lx->heads[h].stem)] = h + 1;
}

static void index_cue(struct lexicon *lx, size_t cue)
{
	const char *first = lx->cues[cue].stems[0];
	size_t slot;
	struct head *h;
	if ((lx->n_heads + 1) * 2 > lx->n_slots)
		grow_table(lx);
	slot = find_slot(lx, first);
	if (!lx->slots[slot]) {
		ALLOC_GROW(lx->heads, lx->n_heads, lx->alloc_heads);
		h = &lx->heads[lx->n_heads++];
		memset(h, 0, sizeof(*h));
		h->stem = xstrdup(first);
		h->hash = stem_hash(first);
		lx->slots[slot] = lx->n_heads;
	}
	h = &lx->heads[lx->slots[slot] - 1];
	ALLOC_GROW(h->cues, h->n, h->alloc);
	h->cues[h->n].cue = cue;
	h->cues[h->n].second = lx->cues[cue].n_stems > 1 ? lx->cues[cue].hashes[1] : 0;
	h->cues[h->n].reach = lx->cues[cue].n_stems < 2 ? 0 : lx->cues[cue].gap[1] ? 1 + LEXICON_GAP : 1;
	h->n++;
}

static size_t vocab_find(const struct vocab_slot *slots, size_t n_slots, uint64_t key)
{
	size_t mask = n_slots - 1, i = (size_t)key & mask;
	while (slots[i].stem && slots[i].key != key)
		i = (i + 1) & mask;
	return i;
}

static void vocab_grow(struct lexicon *lx)
{
	size_t n = lx->n_vslots ? lx->n_vslots * 2 : 1024;
	struct vocab_slot *slots = xcalloc(n, sizeof(*slots));
	for (size_t i = 0; i < lx->n_vslots; i++)
		if (lx->vslots[i].stem)
			slots[vocab_find(slots, n, lx->vslots[i].key)] = lx->vslots[i];
	free(lx->vslots);
	lx->vslots = slots;
	lx->n_vslots = n;
}

static size_t vstem_index(struct lexicon *lx, const char *stem)
{
	for (size_t i = lx->n_vstems; i-- > 0;)
		if (!strcmp(lx->vstems[i], stem))
			return i + 1;
	ALLOC_GROW(lx->vstems, lx->n_vstems, lx->alloc_vstems);
	lx->vstems[lx->n_vstems++] = xstrdup(stem);
	return lx->n_vstems;
}

static uint64_t mix64(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

/* A hash of the multiset of UTF-8 characters of w (order does not count);
 * never 0. */
static uint64_t letters_of(const char *w)
{
	uint64_t sum = 0, c = 0;
	for (const unsigned char *p = (const unsigned char *)w; *p; p++) {
		c = (c << 8) | *p;
		if ((p[1] & 0xC0) != 0x80) {
			sum += mix64(c);
			c = 0;
		}
	}
	return sum | 1;
}

static size_t letters_find(const uint64_t *set, size_t n, uint64_t key)
{
	size_t mask = n - 1, i = (size_t)key & mask;
	while (set[i] && set[i] != key)
		i = (i + 1) & mask;
	return i;
}

static void letters_add(struct lexicon *lx, const char *w)
{
	uint64_t key = letters_of(w);
	size_t i;
	if ((lx->n_letter_sets + 1) * 2 > lx->alloc_letter_sets) {
		size_t n = lx->alloc_letter_sets ? lx->alloc_letter_sets * 2 : 1024;
		uint64_t *set = xcalloc(n, sizeof(*set));
		for (size_t j = 0; j < lx->alloc_letter_sets; j++)
			if (lx->letter_sets[j])
				set[letters_find(set, n, lx->letter_sets[j])] = lx->letter_sets[j];
		free(lx->letter_sets);
		lx->letter_sets = set;
		lx->alloc_letter_sets = n;
	}
	i = letters_find(lx->letter_sets, lx->alloc_letter_sets, key);
	if (!lx->letter_sets[i]) {
		lx->letter_sets[i] = key;
		lx->n_letter_sets++;
	}
}

/* Records that `text` (a cue word or stem) reads as `stem`. */
static void vocab_add(struct lexicon *lx, const char *text, const char *stem)
{
	uint64_t key = hash64(text, strlen(text), HASH64_SEED);
	struct vocab_slot *sl;
	size_t v;
	if ((lx->n_vocab + 1) * 2 > lx->n_vslots)
		vocab_grow(lx);
	sl = &lx->vslots[vocab_find(lx->vslots, lx->n_vslots, key)];
	if (sl->stem) {
		if (sl->stem != VOCAB_AMBIGUOUS && strcmp(lx->vstems[sl->stem - 1], stem))
			sl->stem = VOCAB_AMBIGUOUS;
		return;
	}
	letters_add(lx, text);
	v = vstem_index(lx, stem);
	sl->key = key;
	sl->stem = v;
	lx->n_vocab++;
}

static const char *intern_file(struct lexicon *lx, const char *file)
{
	const char *base = strrchr(file, '/');
	base = base ? base + 1 : file;
	for (size_t i = 0; i < lx->n_files; i++)
		if (!strcmp(lx->files[i], base))
			return lx->files[i];
	ALLOC_GROW(lx->files, lx->n_files, lx->alloc_files);
	lx->files[lx->n_files] = xstrdup(base);
	return lx->files[lx->n_files++];
}

static const char *trim(const char *s, const char *end, const char **out_end)
{
	while (s < end && isspace((unsigned char)*s))
		s++;
	while (end > s && isspace((unsigned char)end[-1]))
		end--;
	*out_end = end;
	return s;
}

/* "context-ask/order" -> category and sub. */
static int parse_category(const char *s, const char *end, struct cue *c)
{
	const char *slash = memchr(s, '/', (size_t)(end - s));
	int cat = cue_category_from_name(s, (size_t)((slash ? slash : end) - s));
	if (cat < 0)
		return -1;
	c->cat = (enum cue_category)cat;
	c->sub[0] = '\0';
	if (slash) {
		size_t n = (size_t)(end - slash - 1);
		if (!n || n >= sizeof(c->sub))
			return -1;
		memcpy(c->sub, slash + 1, n);
		c->sub[n] = '\0';
	}
	return 0;
}

static int parse_weight(const char *s, const char *end, double *w)
{
	char buf[32], *e;
	size_t n = (size_t)(end - s);
	if (!n) {
		*w = 1.0;
		return 0;
	}
	if (n >= sizeof(buf))
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	errno = 0;
	*w = strtod(buf, &e);
	if (errno || *e || e == buf || !(*w >= -10.0 && *w <= 10.0))
		return -1;
	return 0;
}

static void cue_push_stem(struct cue *c, size_t *alloc, const char *stem, int gap)
{
	if (c->n_stems >= *alloc) {
		*alloc = *alloc ? *alloc * 2 : 4;
		c->stems = xrealloc(c->stems, *alloc * sizeof(*c->stems));
		c->hashes = xrealloc(c->hashes, *alloc * sizeof(*c->hashes));
		c->gap = xrealloc(c->gap, *alloc);
	}
	c->hashes[c->n_stems] = stem_hash(stem);
	c->stems[c->n_stems] = xstrdup(stem);
	c->gap[c->n_stems++] = (unsigned char)gap;
}

/* Stems of the cue words; "..." between words marks a gap.  0 or -1. */
static int parse_words(struct lexicon *lx, struct textnorm *tn, const char *s, const char *end,
		       struct cue *c)
{
	struct token_list toks = { 0 };
	size_t alloc = 0;
	int gap = 0, ret = 0;
	while (s < end) {
		const char *w = s, *we;
		char *piece;
		while (w < end && isspace((unsigned char)*w))
			w++;
		we = w;
		while (we < end && !isspace((unsigned char)*we))
			we++;
		s = we;
		if (w == we)
			break;
		if (we - w == 3 && !memcmp(w, "...", 3)) {
			if (!c->n_stems || gap) {
				ret = -1;
				break;
			}
			gap = 1;
			continue;
		}
		piece = xstrndup(w, (size_t)(we - w));
		textnorm_tokens(tn, piece, &toks);
		free(piece);
		for (size_t i = 0; i < toks.n; i++) {
			vocab_add(lx, toks.items[i].word, toks.items[i].stem);
			vocab_add(lx, toks.items[i].stem, toks.items[i].stem);
			cue_push_stem(c, &alloc, toks.items[i].stem, gap);
			gap = 0;
		}
	}
	token_list_release(&toks);
	if (gap || !c->n_stems)
		ret = -1;
	return ret;
}

static void cue_release(struct cue *c)
{
	for (size_t j = 0; j < c->n_stems; j++)
		free(c->stems[j]);
	free(c->stems);
	free(c->hashes);
	free(c->gap);
	free(c->text);
	memset(c, 0, sizeof(*c));
}

int lexicon_add_line(struct lexicon *lx, struct textnorm *tn, const char *line,
		     const char *file, int lineno)
{
	const char *end = line + strlen(line), *p1, *p2, *s, *e;
	struct cue c;
	memset(&c, 0, sizeof(c));
	s = trim(line, end, &e);
	if (s == e || *s == '#')
		return 0;
	p1 = memchr(s, '|', (size_t)(e - s));
	if (!p1)
		return error_at(file, lineno, "expected 'category | cue words | weight'");
	p2 = memchr(p1 + 1, '|', (size_t)(e - p1 - 1));
	{
		const char *cs, *ce;
		cs = trim(s, p1, &ce);
		if (parse_category(cs, ce, &c))
			return error_at(file, lineno, "unknown category '%.*s'", (int)(ce - cs), cs);
	}
	{
		const char *ws, *we;
		ws = trim(p1 + 1, p2 ? p2 : e, &we);
		c.text = xstrndup(ws, (size_t)(we - ws));
		if (parse_words(lx, tn, ws, we, &c)) {
			cue_release(&c);
			return error_at(file, lineno, "cue has no words or a misplaced '...'");
		}
	}
	c.weight = 1.0;
	if (p2) {
		const char *ws, *we;
		ws = trim(p2 + 1, e, &we);
		if (memchr(ws, '|', (size_t)(we - ws)) || parse_weight(ws, we, &c.weight)) {
			cue_release(&c);
			return error_at(file, lineno, "bad weight '%.*s' (a number from -10 to 10)",
					(int)(we - ws), ws);
		}
	}
	c.file = intern_file(lx, file ? file : "");
	c.line = lineno;
	ALLOC_GROW(lx->cues, lx->n_cues, lx->alloc_cues);
	lx->cues[lx->n_cues] = c;
	index_cue(lx, lx->n_cues++);
	return 0;
}

int lexicon_load_file(struct lexicon *lx, struct textnorm *tn, const char *path)
{
	FILE *f = fopen(path, "r");
	struct strbuf line = STRBUF_INIT;
	int lineno = 0, ret = 0, c;
	if (!f)
		return error("cannot open '%s': %s", path, strerror(errno));
	strbuf_init(&line, 4096);
	for (;;) {
		c = fgetc(f);
		if (c != EOF && c != '\n') {
			if (strbuf_addch(&line, (char)c)) {
				ret = error_at(path, lineno + 1, "line too long");
				break;
			}
			continue;
		}
		if (c == EOF && !line.len)
			break;
		lineno++;
		if (lineno == 1 && starts_with(strbuf_str(&line), "\xEF\xBB\xBF"))
			memmove(line.buf, line.buf + 3, line.len - 2), line.len -= 3;
		if (!utf8_valid(strbuf_str(&line), line.len, NULL)) {
			ret = error_at(path, lineno, "not valid UTF-8");
			break;
		}
		if (lexicon_add_line(lx, tn, strbuf_str(&line), path, lineno)) {
			ret = -1;
			break;
		}
		strbuf_reset(&line);
		if (c == EOF)
			break;
	}
	if (!ret && ferror(f))
		ret = error("cannot read '%s'", path);
	strbuf_release(&line);
	fclose(f);
	return ret;
}

int lexicon_load_dir(struct lexicon *lx, struct textnorm *tn, const char *dir)
{
	struct strbuf pat = STRBUF_INIT;
	glob_t g;
	int ret = 0, rc;
	strbuf_addf(&pat, "%s/lexicon-*.txt", dir);
	rc = glob(pat.buf, 0, NULL, &g);
	if (rc == GLOB_NOMATCH) {
		ret = error("no lexicon-*.txt in '%s'", dir);
		goto out;
	}
	if (rc) {
		ret = error("cannot list '%s'", dir);
		goto out;
	}
	for (size_t i = 0; i < g.gl_pathc && !ret; i++)
		ret = lexicon_load_file(lx, tn, g.gl_pathv[i]);
	globfree(&g);
out:
	strbuf_release(&pat);
	return ret;
}

void cue_match_list_release(struct cue_match_list *l)
{
	free(l->items);
	free(l->stems);
	free(l->hashes);
	memset(l, 0, sizeof(*l));
}

/* Matches stems[k..] of c from token i on; the index of the last token
 * matched, or -1.  Gaps try the nearest continuation first. */
static long match_from(const struct cue *c, size_t k, const struct cue_match_list *ml, size_t n,
		       size_t i)
{
	size_t max_skip;
	if (k == c->n_stems)
		return (long)i - 1;
	max_skip = c->gap[k] ? LEXICON_GAP : 0;
	for (size_t skip = 0; skip <= max_skip && i + skip < n; skip++) {
		if (ml->hashes[i + skip] == c->hashes[k] && !strcmp(ml->stems[i + skip], c->stems[k])) {
			long r = match_from(c, k + 1, ml, n, i + skip + 1);
			if (r >= 0)
				return r;
		}
	}
	return -1;
}

/* Whether a cue can match as far as its second stem goes: that stem's hash
 * among the `avail` hashes of the tokens after the first (`next`) where
 * match_from() would look for it.  Most cues of a first stem fail here. */
static inline int second_stem_near(const struct head_cue *hc, const uint64_t *next, size_t avail)
{
	if (!hc->reach)
		return 1;
	for (size_t k = 0; k < hc->reach && k < avail; k++)
		if (next[k] == hc->second)
			return 1;
	return 0;
}

static int known(const struct lexicon *lx, uint64_t key)
{
	return lx->n_vslots && lx->vslots[vocab_find(lx->vslots, lx->n_vslots, key)].stem;
}

/* The cue stem that `w` reads as with two neighbouring letters swapped back;
 * NULL when none or more than one. */
static const char *swapped_back(const struct lexicon *lx, const char *w)
{
	size_t len = strlen(w), at[SLIP_MAX_BYTES + 1], n = 0, found = 0;
	char buf[SLIP_MAX_BYTES];
	if (len >= SLIP_MAX_BYTES)
		return NULL;
	for (size_t i = 0; i <= len; i++)
		if (i == len || ((unsigned char)w[i] & 0xC0) != 0x80)
			at[n++] = i;
	if (n - 1 < SLIP_MIN_CHARS ||
	    !lx->letter_sets[letters_find(lx->letter_sets, lx->alloc_letter_sets, letters_of(w))])
		return NULL;
	for (size_t k = 0; k + 2 < n; k++) {
		size_t a = at[k], b = at[k + 1], c = at[k + 2];
		const struct vocab_slot *sl;
		if (b - a == c - b && !memcmp(w + a, w + b, b - a))
			continue;           /* the same letter twice: no swap */
		memcpy(buf, w, len);
		memcpy(buf + a, w + b, c - b);
		memcpy(buf + a + (c - b), w + a, b - a);
		sl = &lx->vslots[vocab_find(lx->vslots, lx->n_vslots, hash64(buf, len, HASH64_SEED))];
		if (!sl->stem)
			continue;
		if (sl->stem == VOCAB_AMBIGUOUS || (found && found != sl->stem))
			return NULL;
		found = sl->stem;
	}
	return found ? lx->vstems[found - 1] : NULL;
}

/* Each token's stem as the cues see it: its own, or the cue stem a typing
 * slip hides. */
static void read_stems(const struct lexicon *lx, const struct token_list *toks,
		       struct cue_match_list *out)
{
	if (toks->n > out->alloc_stems) {
		out->alloc_stems = toks->n;
		out->stems = xrealloc(out->stems, out->alloc_stems * sizeof(*out->stems));
		out->hashes = xrealloc(out->hashes, out->alloc_stems * sizeof(*out->hashes));
	}
	for (size_t i = 0; i < toks->n; i++) {
		const struct token *t = &toks->items[i];
		const char *fix = NULL;
		out->stems[i] = t->stem;
		out->hashes[i] = t->stem_hash;
		if (t->is_number || !lx->n_vslots || known(lx, t->stem_hash) ||
		    known(lx, hash64(t->word, t->word_len, HASH64_SEED)))
			continue;
		fix = swapped_back(lx, t->word);
		if (!fix && strcmp(t->word, t->stem))
			fix = swapped_back(lx, t->stem);
		if (fix) {
			out->stems[i] = fix;
			out->hashes[i] = stem_hash(fix);
		}
	}
}

size_t lexicon_match(const struct lexicon *lx, const struct token_list *toks,
		     struct cue_match_list *out)
{
	out->n = 0;
	read_stems(lx, toks, out);
	for (size_t i = 0; i < toks->n; i++) {
		const char *stem = out->stems[i];
		size_t slot = stem == toks->items[i].stem ?
			find_slot_h(lx, stem, toks->items[i].stem_hash) : find_slot(lx, stem);
		const struct head *h;
		if (!lx->slots[slot])
			continue;
		h = &lx->heads[lx->slots[slot] - 1];
		for (size_t j = 0; j < h->n; j++) {
			const struct cue *c;
			long last;
			if (!second_stem_near(&h->cues[j], out->hashes + i + 1, toks->n - i - 1))
				continue;
			c = &lx->cues[h->cues[j].cue];
			last = match_from(c, 1, out, toks->n, i + 1);
			if (last < 0)
				continue;
			ALLOC_GROW(out->items, out->n, out->alloc);
			out->items[out->n].cue = c;
			out->items[out->n].first = i;
			out->items[out->n].last = (size_t)last;
			out->n++;
		}
	}
	return out->n;
}
