/* attribution.h — who did what in the night's dialogues (private to
 * src/report/).
 *
 * A handed-over dialogue has two performers: the bot before the handoff
 * and the operator after it.  A finding belongs to the speaker of its
 * evidence: the first bot or operator turn among its evidence turns (the
 * offer, for a premature cross-sell).  A finding whose evidence is the
 * customer's alone (a missed escalation: the request, the repeats) belongs
 * to the bot, whose handoff came late or never.
 *
 * attribution_build() fills two temporary tables for the dialogues of
 * temp.fig_dialogue's night `night`:
 *   temp.part(dialogue_id, who_kind, who)     each performer of a dialogue
 *   temp.attrib(dialogue_id, kind, seq, who_kind, who)   each finding's owner
 * who_kind is 'bot' or 'operator'; who is the agent's name (a bot turn's
 * agent, else the dialogue's bot, else "bot"; an operator turn's agent,
 * else the handoff's target, else "operator"). */
#ifndef LEADQA_ATTRIBUTION_H
#define LEADQA_ATTRIBUTION_H

#include <sqlite3.h>

/* 0, or -1 after an error message.  night NULL: the tables, empty. */
int attribution_build(sqlite3 *db, const char *night);

#endif
