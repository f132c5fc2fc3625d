/* turnacts.h — the nightly's relearning of the turn acts (turnclf.h): from
 * the seed set shipped beside the lexicons plus the trainers' turn labels in
 * the database, whenever trainers have labeled more dialogues since the
 * last time. */
#ifndef LEADQA_TURNACTS_H
#define LEADQA_TURNACTS_H

#include <sqlite3.h>

/* Dialogues with turn labels in db, and the count the classifiers in
 * model_dir were learned with (-1 when none were).  0 or -1. */
int turnacts_counts(sqlite3 *db, const char *model_dir, long *now, long *learned);

/* Learns the turn acts into model_dir from the XML files in the folders of
 * LEXICON_DIR/seed (loaded into a database in memory, never into db) and
 * db's labels, one fold per source, and records the count of db's labeled
 * dialogues.
 * why says what was done, for the night's record.  0 or -1. */
int turnacts_learn(sqlite3 *db, const char *lexicon_dir, const char *model_dir, long now,
		   char *why, size_t whysz);

#endif
