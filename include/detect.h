/* detect.h — the findings of formats.md section 6 (premature cross-sell,
 * missed escalation) and the third one, handoff-context-lost, each with its
 * evidence: turn numbers, the cue or classifier that fired, and a sentence in
 * Russian and in English.  Also the turn tags the detector assigns (the tags
 * of section 5), which `leadqa eval` compares with the trainers' tags.
 *
 * A detector is loaded once (lexicons from a folder, optional learned turn
 * classifiers) and is then read-only: detector_run() may be called from
 * several threads, each with its own struct detect_scratch. */
#ifndef LEADQA_DETECT_H
#define LEADQA_DETECT_H

#include <stddef.h>
#include "dialogue.h"

enum finding_kind {
	FINDING_PREMATURE_CROSS_SELL,
	FINDING_MISSED_ESCALATION,
	FINDING_CONTEXT_LOST,
	FINDING_KINDS
};
/* "premature-cross-sell", "missed-escalation", "handoff-context-lost" */
const char *finding_kind_name(enum finding_kind k);

#define FINDING_MAX_TURNS 8
struct finding {
	enum finding_kind kind;
	int turns[FINDING_MAX_TURNS];   /* evidence turns, ascending */
	int n_turns;
	char cue[128];                  /* cue or classifier that fired */
	char reason_en[512];
	char reason_ru[512];
	double severity;                /* for ordering in the report, 0..1 */
};

/* Tags of section 5 put on turns. */
enum turn_tag {
	TAG_CROSS_SELL_OFFER,
	TAG_PROBLEM_STATED,
	TAG_PROBLEM_RESOLVED,
	TAG_ESCALATION_REQUEST,
	TAG_FRUSTRATION,
	TAG_CONTEXT_LOST,
	TAG_COUNT
};
const char *turn_tag_name(enum turn_tag t);     /* "cross-sell-offer", ... */
int turn_tag_from_name(const char *s);           /* -1 when unknown */

struct tagged_turn {
	int n;
	enum turn_tag tag;
	char cue[128];
};

struct detect_result {
	struct finding *findings;
	size_t n_findings, alloc_findings;
	struct tagged_turn *tags;
	size_t n_tags, alloc_tags;
	int has[FINDING_KINDS];          /* shortcut: a finding of this kind exists */
	int problem_resolved_turn;       /* 0 = never resolved */
};
void detect_result_clear(struct detect_result *r);    /* keeps capacity */
void detect_result_release(struct detect_result *r);
/* dst becomes a copy of src (its own arrays; the strings in findings and
 * tags point where src's do). */
void detect_result_copy(struct detect_result *dst, const struct detect_result *src);

struct detector;
/* Loads the lexicons (models/lexicon-*.txt format, see models/README) from
 * dir; NULL after an error that names the file and line. */
struct detector *detector_load(const char *lexicon_dir);
void detector_free(struct detector *det);            /* accepts NULL */

struct detect_scratch;      /* per-thread working memory */
struct detect_scratch *detect_scratch_new(void);
void detect_scratch_free(struct detect_scratch *s);

/* Judges one dialogue; results into r (cleared first).  0 or -1. */
int detector_run(const struct detector *det, struct detect_scratch *s,
		 const struct dialogue *d, struct detect_result *r);

/* Derives the findings again from the turn tags now in r (after learned
 * classifiers added or removed some): the tags of r are kept as they are,
 * its findings are replaced.  0 or -1. */
int detector_rederive(const struct detector *det, struct detect_scratch *s,
		      const struct dialogue *d, struct detect_result *r);

/* The tokens of each turn of the dialogue s judged last (one list a turn),
 * valid until s judges another: features read them rather than tokenize
 * every turn a second time. */
struct token_list;
const struct token_list *detect_tokens(const struct detect_scratch *s);

/* The loaded cue lexicon (borrowed; see lexicon.h). */
struct lexicon;
const struct lexicon *detector_lexicon(const struct detector *det);

#endif
