/* gen_corpus.h — what the parts of tools/gen_corpus share: the random
 * stream, the output sinks, the phrase tables and the dialogue being built.
 * Each part is one banner of the generator (see driver.c for what it does). */
#ifndef GEN_CORPUS_H
#define GEN_CORPUS_H

#include "util.h"
#include <errno.h>
#include <math.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

struct rng { uint64_t s; };

/* One output file, plain or gzip; the first failed write is remembered. */
struct sink {
	char *path;
	FILE *f;
	gzFile gz;
	int failed;
};

enum lang { RU, EN };
/* Phrasing sets (--phrasing N), named in the truth CSV's `set` column. */
enum { SET_DEFAULT, SET_HELDOUT, SET_FRESH, SET_FOURTH, SET_FIFTH, SET_SIXTH, SET_SEVENTH, SET_EIGHTH, N_SETS };

struct list { const char *const *v; size_t n; };

/* What a phrase is for; each has Russian and English templates in each
 * phrasing set: default, held-out, fresh, fourth, fifth, sixth, seventh and
 * eighth.  An empty list in sets 1 to 7 falls back to the default one. */
enum sit {
	S_GREET_CLIENT, S_GREET_BOT, S_OFFER, S_PRODUCT_Q, S_PRODUCT_A,
	S_MORE_Q, S_MORE_A, S_ESC_REQ, S_ESC_NEG, S_DECLINE, S_BOT_FAIL,
	S_CANNED, S_FRUST, S_ANNOUNCE, S_DEFLECT, S_RESOLVED, S_UNRESOLVED,
	S_OP_CONTEXT, S_OP_ASK_ORDER, S_OP_ASK_EMAIL, S_OP_ASK_WHAT,
	S_REANSWER_ORDER, S_REANSWER_EMAIL, S_REANSWER_WHAT, S_PRICE_LIST_Q,
	S_PRICE_LIST_A, S_CALL_Q, S_CALL_A, S_SMALL_Q, S_SMALL_A, S_BYE,
	S_BOT_BYE, S_REPHRASE, S_OFFER_INTEREST, S_OFFER_DETAILS, S_WAIT,
	S_OP_PROMISE, S_SALES_Q, S_SALES_A, S_OP_ASK_NEW, S_GIVE_PHONE,
	S_COUNT
};

/* Problems: what the client says, how the bot or an operator fixes it, and
 * what an operator who did not read the history asks again. */
enum ask { ASK_ORDER, ASK_EMAIL };
struct topic {
	struct list state[2][N_SETS];  /* [lang][set] */
	struct list shortp[2];    /* restatement core, [lang] */
	struct list fix[2];       /* [lang] */
	enum ask ask;
};
#define N_TOPICS (sizeof(TOPICS) / sizeof(TOPICS[0]))
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

enum { SP_CLIENT, SP_BOT, SP_OP };
enum {
	F_PROBLEM = 1, F_RESOLVED = 2, F_OFFER = 4, F_REQUEST = 8, F_FRUST = 16,
	F_BOTFAIL = 32, F_CTXLOST = 64, F_REPEAT = 128,
};

struct item {
	int is_event;
	int speaker;
	const char *agent;
	unsigned flags;
	size_t text;            /* offset into dlg.arena */
	const char *etype, *aname;
	size_t aval;            /* offset into dlg.arena; (size_t)-1 = none */
	int64_t at;
};

/* A customer is a pure function of (seed, index): nothing is stored, so a
 * person met again later is described the same way without remembering. */
struct customer {
	int lang;
	int has_crm, has_email;
	char crm[24], email[80], phone[20], name[32];
};

enum kind { K_PROBLEM, K_INFO, K_SMALL };

struct dlg {
	struct rng r;
	char id[64];
	int lang, set, mixlang, tz;
	enum kind kind;
	int64_t start, t;
	const char *channel, *page, *bot, *op, *opname;
	struct customer c;
	int anon, name_only, show_crm, show_email, show_phone, show_name;
	char email_shown[96], phone_shown[40];
	/* slots */
	int tariff, addon, product, city, faq, item;
	char order[16], pct[8], users[8];
	int hint;               /* answer index a question asked for, -1 = any */
	const struct topic *topic;
	struct item *items;
	size_t n_items, alloc_items;
	int n_turns;
	struct strbuf arena, scratch, scratch2;
	double lead;
	/* truth */
	int premature, missed, ctxlost, handoff, resolved, problem, qualified;
	int offer_turn, signal_turn;
	double p;
};

struct opts {
	uint64_t seed, n, labels;
	const char *out, *prefix, *source, *truth;
	int gzip, gzip_alternate, phrasing, deals;
	uint64_t reexport;
	unsigned files;
	int64_t end_day;
	int days;
	uint64_t last_night;    /* the last N dialogues all start on the last day */
};

struct gen {
	struct opts o;
	struct sink tr, deals[2], lab, tru;
	unsigned cur_file;
	uint64_t deal_seq, label_left, n_cust;
	int64_t t_begin, t_span, crm_cut;
	struct strbuf sb;
	struct dlg d;
	/* figures for the summary line */
	uint64_t st_anon, st_prem, st_missed, st_handoff, st_ctx, st_qual, st_contact, st_labeled,
		 st_rows, st_ru, st_kind[3];
};

/* Identifiers a CRM row carries: what the dialogue showed, sometimes more,
 * so that a row now and then is what links an e-mail to a phone. */
struct ids { const char *contact, *email, *phone; char email_buf[96], phone_buf[40]; };

/* ---- phrases.c ---- */
extern const char *const SET_NAME[N_SETS];
extern const struct list PH[S_COUNT][2][N_SETS];
extern const struct topic TOPICS[6];
extern const char *const TARIFF[2][4];
extern const int TARIFF_PRICE[4];
extern const int TARIFF_PRICE_EN[4];
extern const char *const PRODUCT_PRICE[2][6];
extern const char *const ADDON[2][5];
extern const char *const PRODUCT[2][6];
extern const char *const CITY[2][5];
extern const char *const FAQ[2][4];
extern const char *const ITEMS[4];
extern const char *const PAGES_ANY[6];
extern const char *const PAGES_SALES[4];
extern const char *const BOTS[3];
extern const char *const OPS[6];
extern const char *const OPNAME[2][6];
extern const char *const MANAGERS[6];
extern const char *const TRAINERS[5];
extern const char *const FIRST_RU[10][2];
extern const char *const LAST_RU[8];
extern const char *const FIRST_EN[10];
extern const char *const LAST_EN[8];
extern const char *const DOMAINS[5];

/* ---- model.c ---- */
extern const char *const KIND_NAME[3];

/* ---- random.c ---- */
uint64_t mix3(uint64_t a, uint64_t b, uint64_t c);
double rng_unit(struct rng *r);
unsigned rng_below(struct rng *r, unsigned n);
int rng_range(struct rng *r, int lo, int hi);
int chance(struct rng *r, double p);

/* ---- output.c ---- */
int sink_open(struct sink *s, const char *path, int gzip);
void sink_sb(struct sink *s, struct strbuf *sb);
int sink_close(struct sink *s);
void xml_escape(struct strbuf *sb, const char *s, int attr);
void csv_field(struct strbuf *sb, const char *s, char delim, int force_quote);

/* ---- time.c ---- */
void time_append(struct strbuf *sb, int64_t t, int tz_min);
int parse_date(const char *s, int64_t *out);

/* ---- model.c ---- */
const struct list *phr(const struct dlg *d, enum sit s, int lang);

/* ---- text.c ---- */
void expand(struct dlg *d, struct strbuf *out, const char *s, const char *e);
void expand_str(struct dlg *d, struct strbuf *out, const char *t);
void recase(char *s, int upper);
void client_noise(struct dlg *d, struct strbuf *sb);

/* ---- building.c ---- */
struct item *push(struct dlg *d);
size_t dlg_arena_put(struct dlg *d, const char *s, size_t n);
void event(struct dlg *d, const char *type, const char *aname, const char *aval);
void format_phone(struct rng *r, const char *digits, char *out, size_t n);
void format_email(struct rng *r, const char *email, char *out, size_t n);
int has_contact(const struct dlg *d);
void build(struct gen *g, uint64_t i);

/* ---- writers.c ---- */
void attr(struct strbuf *sb, const char *name, const char *val);
void attr_time(struct strbuf *sb, const char *name, int64_t t, int tz);
void write_dialogue(struct gen *g);
void write_deals(struct gen *g);
void write_labels(struct gen *g, uint64_t i);
void write_truth(struct gen *g);

/* ---- driver.c ---- */

#endif
