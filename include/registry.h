/* registry.h — the trained models on record: the one owner of the database's
 * `models` table.  `leadqa train` records a model here after writing its
 * file; the night asks for the newest whose file is still there; the report
 * shows the history.  A row's metrics are the model's metrics JSON with the
 * training time added (the model file itself must not hold a time). */
#ifndef LEADQA_REGISTRY_H
#define LEADQA_REGISTRY_H

#include <stddef.h>
#include <stdint.h>
#include <sqlite3.h>
#include "model.h"

struct model_record {
	char *version, *path, *learner, *kernel;    /* "" when the table has NULL */
	int64_t trained_at;
	int64_t n_train, n_pos;                      /* 0 when NULL */
	double cv_auc, cv_accuracy, time_auc, brier; /* NAN when NULL */
	char *metrics;                               /* JSON; NULL when NULL */
};
void model_record_release(struct model_record *r);

/* Records model m, written to path, trained at `at`.  0 or -1. */
int registry_record(sqlite3 *db, const struct lq_model *m, const char *path, int64_t at);

/* The newest records (by training time, then version), at most max; the
 * caller frees them with registry_list_free().  0 or -1 after a message. */
int registry_list(sqlite3 *db, size_t max, struct model_record **rows, size_t *n);
void registry_list_free(struct model_record *rows, size_t n);

/* The newest record whose model file can still be read: 1 (r filled; release
 * it), 0 when there is none, -1 after a message. */
int registry_newest_present(sqlite3 *db, struct model_record *r);

/* The highest counter NNNN among the versions "<prefix>NNNN"; 0 when none. */
int registry_max_counter(sqlite3 *db, const char *prefix);

/* Does a record name the model file `name` ("<version>.model")?  1 also when
 * the database cannot say (a file is rather kept than lost). */
int registry_has_file(sqlite3 *db, const char *name);

#endif
