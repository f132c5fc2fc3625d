/* config.h — the settings of the unattended night (`leadqa nightly`).
 *
 * A settings file is plain text, one `key = value` per line; blank lines and
 * lines whose first non-blank character is `#` are ignored, and so is a `#`
 * comment after a value when a blank precedes it.  A value may be wrapped in
 * double quotes to keep leading or trailing blanks.  An unknown key, a line
 * without `=` or a bad number is an error naming FILE:LINE.  Relative paths in
 * a file are taken relative to the folder of that file, so that a cron job
 * reading /etc/leadqa.conf does not depend on its working folder.
 * leadqa.conf.example in the source tree documents every key.
 *
 * Command-line options override the file: they go through night_config_set()
 * with file = NULL (then paths stay as given, relative to the working folder).
 *
 * A struct night_config owns its strings; night_config_release() frees them. */
#ifndef LEADQA_CONFIG_H
#define LEADQA_CONFIG_H

#include <stdio.h>

struct night_config {
	char *db;               /* database, used when the command line names none */
	char *inbox;            /* folder of the night's input files */
	char *out;              /* OUT/reports/<date>/, OUT/exports/leads-<date>.csv */
	char *model_dir;        /* where train writes and score looks for models;
				 * NULL: models/ beside the database */
	char *data_dir;         /* the shipped lexicons; NULL: the data folder of
				 * paths.h (lexicon_dir is the older name) */
	char *lang;             /* report language: "ru", "en" or NULL (by the data) */
	char *learner;          /* "libsvm", "liblinear" or NULL (train decides by size) */
	char *tz;               /* zone whose local days are the report's nights; NULL = UTC */
	long retrain_min_outcomes;  /* retrain after this many new labeled dialogues */
	long retrain_max_age_days;  /* retrain when the newest model is older */
	long score_threads;     /* 0 = the score stage's default */
	long max_turns_per_dialogue;  /* ingest skips longer dialogues; 0 = its default */
	long retain_text_days;  /* turns and events of older dialogues go; 0 = kept */
	long retain_scores_days;  /* older dialogues go whole; 0 = kept (retention.h) */
	int export_incremental; /* export only rows changed since the last export */
	int force_export;       /* write the export even when it has fewer rows */
	char *untouched_days;   /* lead handling thresholds "1,3,7"; NULL = default */
	int mask_personal_data; /* the report masks e-mails, phones, cards in turns */
};

/* Defaults: model_dir and data_dir unset (see the fields),
 * retrain_min_outcomes 50, retrain_max_age_days 30, full exports,
 * personal data masked in the report. */
void night_config_init(struct night_config *c);
void night_config_release(struct night_config *c);

/* Reads a settings file into c (on top of what c holds).  0, or -1 after an
 * error message naming FILE:LINE. */
int night_config_load(struct night_config *c, const char *path);
/* The same from an open stream; `path` names it in messages and anchors
 * its relative paths. */
int night_config_read(struct night_config *c, FILE *f, const char *path);

/* Sets one key.  `file`/`line` name where the value came from, for messages
 * and for resolving relative paths (file = NULL: command line, kept as is).
 * 0, or -1 after an error message. */
int night_config_set(struct night_config *c, const char *key, const char *value,
		     const char *file, long line);

/* Parses "A,B,C": three whole numbers of days, ascending, 1..365 (the
 * thresholds of "untouched after k days").  0, or -1 when malformed. */
int night_config_parse_days(const char *s, int out[3]);

/* Is `key` a known setting? */
int night_config_known(const char *key);

#endif
