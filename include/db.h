/* db.h — the SQLite database: opening, the versioned schema, transactions.
 *
 * The database is the source of truth between stages (see README "Data
 * model").  Every stage opens it with db_open(), which creates or upgrades the
 * schema (PRAGMA user_version) and turns on WAL.  Modules that persist their
 * own results use prepared statements on the handle returned here. */
#ifndef LEADQA_DB_H
#define LEADQA_DB_H

#include <sqlite3.h>
#include <stdint.h>

#define DB_SCHEMA_VERSION 8

/* Opens (creating if needed) the database at path; NULL after an error message. */
sqlite3 *db_open(const char *path);
/* db_open() for a connection that only reads in passing (a scan, a lookup
 * per row): a small page cache of its own, since the operating system
 * caches the file anyway and each extra connection's cache adds to the
 * peak memory. */
sqlite3 *db_open_reader(const char *path);
void db_close(sqlite3 *db);             /* accepts NULL */

/* Runs SQL with no results; on failure prints the error and returns -1. */
int db_exec(sqlite3 *db, const char *sql);
/* Prepares a statement; on failure prints the error and returns NULL. */
sqlite3_stmt *db_prepare(sqlite3 *db, const char *sql);
/* "HEAD VALUES(?, ..), (?, ..) ..." for k rows of n columns, prepared
 * once into cache[k] (cache has room for the largest k) and returned from
 * there after: a batch of rows costs one statement step, not one a row. */
sqlite3_stmt *db_prepare_rows(sqlite3 *db, sqlite3_stmt **cache, int k, const char *head, int n);
int db_begin(sqlite3 *db);              /* BEGIN IMMEDIATE */
int db_commit(sqlite3 *db);
int db_rollback(sqlite3 *db);           /* quiet, never fails loudly */
/* Savepoints for one record inside a file's transaction. */
int db_savepoint(sqlite3 *db, const char *name);
int db_release(sqlite3 *db, const char *name);
int db_rollback_to(sqlite3 *db, const char *name);

/* Binds text, or NULL when s is NULL. */
int db_bind_text(sqlite3_stmt *st, int i, const char *s);
/* The same without SQLite's copy, for strings that outlive the statement's
 * next step (a record being stored, a result being written). */
int db_bind_static(sqlite3_stmt *st, int i, const char *s);
/* Binds an integer, or NULL when !present. */
int db_bind_opt_int(sqlite3_stmt *st, int i, int64_t v, int present);
/* Column text as a borrowed C string ("" for NULL). */
const char *db_col_text(sqlite3_stmt *st, int i);
/* Steps a statement expected to finish (INSERT/UPDATE); resets it; 0 or -1. */
int db_step_done(sqlite3 *db, sqlite3_stmt *st);

/* A single integer from a query such as "SELECT count(*) FROM t"; -1 on error. */
int64_t db_query_int(sqlite3 *db, const char *sql);

/* meta key/value store: small settings and state (last export, last night...). */
int db_meta_set(sqlite3 *db, const char *key, const char *value);
/* Returns a newly allocated copy, or NULL when absent. */
char *db_meta_get(sqlite3 *db, const char *key);

#endif
