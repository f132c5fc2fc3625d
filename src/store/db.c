/* db.c — SQLite handle, schema and transaction helpers. */
#include "compat.h"
#include "db.h"
#include "shortform.h"
#include "turnzip.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The schema.  Times are seconds since the epoch (UTC) unless named *_text.
 * A customer is the set of identifiers that share one customer_id; merging two
 * customers only rewrites identifiers.customer_id, so dialogues and deals find
 * their customer through their own identifier (kind 'dialogue' or 'deal'). */
static const char schema_v1[] =
"CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);"
"CREATE TABLE IF NOT EXISTS files("
"  id INTEGER PRIMARY KEY,"
"  fingerprint TEXT NOT NULL UNIQUE,"    /* content hash of the whole file */
"  path TEXT NOT NULL,"
"  kind TEXT NOT NULL,"                  /* transcripts | deals | labels | unknown */
"  loaded_at INTEGER NOT NULL,"
"  status TEXT NOT NULL,"                /* ok | partial | rejected */
"  n_records INTEGER NOT NULL DEFAULT 0,"  /* dialogues, rows or labels kept */
"  n_skipped INTEGER NOT NULL DEFAULT 0,"
"  n_replaced INTEGER NOT NULL DEFAULT 0," /* re-exported dialogues replaced */
"  n_unchanged INTEGER NOT NULL DEFAULT 0,"
"  message TEXT);"
"CREATE TABLE IF NOT EXISTS input_problems("
"  id INTEGER PRIMARY KEY, file_id INTEGER, path TEXT NOT NULL, line INTEGER,"
"  message TEXT NOT NULL, at INTEGER NOT NULL);"
"CREATE TABLE IF NOT EXISTS customers(id INTEGER PRIMARY KEY, created_at INTEGER NOT NULL);"
"CREATE TABLE IF NOT EXISTS identifiers("
"  kind TEXT NOT NULL,"                  /* crm | email | phone | deal | dialogue */
"  value TEXT NOT NULL,"                 /* normalised (formats.md section 3) */
"  customer_id INTEGER NOT NULL,"
"  first_seen INTEGER,"
"  PRIMARY KEY(kind, value)) WITHOUT ROWID;"
"CREATE INDEX IF NOT EXISTS identifiers_customer ON identifiers(customer_id);"
"CREATE TABLE IF NOT EXISTS merges("
"  id INTEGER PRIMARY KEY, kept INTEGER NOT NULL, absorbed INTEGER NOT NULL,"
"  via_kind TEXT NOT NULL, via_value TEXT NOT NULL, at INTEGER NOT NULL);"
"CREATE TABLE IF NOT EXISTS dialogues("
"  id TEXT PRIMARY KEY,"
"  source TEXT, channel TEXT, page TEXT, lang TEXT,"
"  started INTEGER, ended INTEGER, started_text TEXT,"
"  crm_id TEXT, email TEXT, phone TEXT, name TEXT," /* normalised, as given */
"  has_contact INTEGER NOT NULL DEFAULT 0,"
"  n_turns INTEGER NOT NULL DEFAULT 0, n_events INTEGER NOT NULL DEFAULT 0,"
"  content_hash TEXT NOT NULL,"
"  file_id INTEGER, version INTEGER NOT NULL DEFAULT 1,"
"  ingested_at INTEGER NOT NULL);"
"CREATE TABLE IF NOT EXISTS turns("
"  dialogue_id TEXT NOT NULL, n INTEGER NOT NULL,"   /* 1-based turn number */
"  speaker TEXT NOT NULL, agent TEXT, at INTEGER, text TEXT NOT NULL,"
"  PRIMARY KEY(dialogue_id, n)) WITHOUT ROWID;"
"CREATE TABLE IF NOT EXISTS events("
"  dialogue_id TEXT NOT NULL, seq INTEGER NOT NULL,"
"  after_turn INTEGER NOT NULL,"        /* number of turns before the event */
"  type TEXT NOT NULL, at INTEGER, target TEXT, item TEXT,"
"  attrs TEXT,"                          /* every attribute, as name=value lines */
"  PRIMARY KEY(dialogue_id, seq)) WITHOUT ROWID;"
"CREATE TABLE IF NOT EXISTS deal_events("
"  deal_id TEXT NOT NULL, stage TEXT NOT NULL, changed_at INTEGER NOT NULL,"
"  changed_by TEXT NOT NULL DEFAULT '', amount REAL,"
"  contact_id TEXT, email TEXT, phone TEXT, dialogue_id TEXT, file_id INTEGER,"
"  PRIMARY KEY(deal_id, stage, changed_at, changed_by)) WITHOUT ROWID;"
"CREATE TABLE IF NOT EXISTS labels("
"  dialogue_id TEXT NOT NULL, trainer TEXT NOT NULL, labeled_at INTEGER,"
"  premature TEXT, missed TEXT, lead_quality TEXT, file_id INTEGER,"
"  PRIMARY KEY(dialogue_id, trainer)) WITHOUT ROWID;"
"CREATE TABLE IF NOT EXISTS label_turns("
"  dialogue_id TEXT NOT NULL, trainer TEXT NOT NULL, n INTEGER NOT NULL, tag TEXT NOT NULL,"
"  PRIMARY KEY(dialogue_id, trainer, n, tag)) WITHOUT ROWID;"
"CREATE TABLE IF NOT EXISTS scores("
"  dialogue_id TEXT PRIMARY KEY, content_hash TEXT NOT NULL,"
"  lead_score INTEGER, lead_grade TEXT, probability REAL,"
"  premature INTEGER NOT NULL, missed INTEGER NOT NULL,"
"  context_lost INTEGER NOT NULL DEFAULT 0,"
"  top_factors TEXT NOT NULL DEFAULT '', model_version TEXT,"
"  scored_at INTEGER NOT NULL,"
"  changed_at INTEGER NOT NULL);"        /* last time the exported values changed */
"CREATE TABLE IF NOT EXISTS findings("
"  dialogue_id TEXT NOT NULL,"
"  kind TEXT NOT NULL,"                  /* premature-cross-sell | missed-escalation | handoff-context-lost */
"  seq INTEGER NOT NULL, turns TEXT NOT NULL," /* \"2,5\" */
"  cue TEXT, reason_en TEXT, reason_ru TEXT, severity REAL NOT NULL DEFAULT 1,"
"  PRIMARY KEY(dialogue_id, kind, seq)) WITHOUT ROWID;"
"CREATE TABLE IF NOT EXISTS turn_tags("   /* tags the detectors put on turns */
"  dialogue_id TEXT NOT NULL, n INTEGER NOT NULL, tag TEXT NOT NULL, cue TEXT,"
"  PRIMARY KEY(dialogue_id, n, tag)) WITHOUT ROWID;"
"CREATE TABLE IF NOT EXISTS models("
"  version TEXT PRIMARY KEY, path TEXT NOT NULL, trained_at INTEGER NOT NULL,"
"  learner TEXT, kernel TEXT, n_train INTEGER, n_pos INTEGER,"
"  cv_auc REAL, cv_accuracy REAL, time_auc REAL, brier REAL, metrics TEXT);"
"CREATE TABLE IF NOT EXISTS runs("
"  id INTEGER PRIMARY KEY, command TEXT NOT NULL, started INTEGER NOT NULL,"
"  finished INTEGER, status INTEGER, summary TEXT);"
"CREATE TABLE IF NOT EXISTS night_figures("
"  night TEXT NOT NULL, figure TEXT NOT NULL, value REAL,"
"  PRIMARY KEY(night, figure)) WITHOUT ROWID;"
"CREATE TABLE IF NOT EXISTS exports("
"  id INTEGER PRIMARY KEY, path TEXT NOT NULL, written_at INTEGER NOT NULL,"
"  n_rows INTEGER NOT NULL, since INTEGER);"
"CREATE INDEX IF NOT EXISTS deal_events_dialogue ON deal_events(dialogue_id);"
"CREATE INDEX IF NOT EXISTS dialogues_started ON dialogues(started);";

/* SQLite's page cache per connection, in KiB.  The night's writes are
 * append-mostly (turns arrive in id order) and its reads are scans, so a
 * cache beyond a few MB buys little speed (ingesting 1,000,000 dialogues:
 * as fast with 8 MB as with 16), while a larger one makes the peak memory
 * grow with the database until it is full.  8 MB is full already at
 * 10,000 dialogues, so a night of 1,000,000 peaks little higher.  For the
 * same reason temporary tables, sorts and the lists behind IN (SELECT ...)
 * go to temporary files beyond their own small cache rather than into
 * memory: the report's table of a night's dialogues and the scorer's list
 * of the dialogues to score hold a row per dialogue. */
#define DB_CACHE_KIB "8192"
#define DB_PAGE_SIZE "8192"

/* Version 2: a dialogue's turns are one JSON array in turn_packs (see
 * turnpack.h) instead of a row per turn, which made ingest write ten rows
 * per dialogue.  `turns` becomes a view with the old columns, so that SQL
 * written for it (tests, a person at the sqlite3 shell) still reads the
 * turns; its INSTEAD OF trigger lets such SQL still add them, in order.
 * dialogues.bot_agent keeps what the report asked the turns for. */
static const char schema_v2[] =
"ALTER TABLE dialogues ADD COLUMN turns_pack INTEGER;"  /* turn_packs.id */
"ALTER TABLE dialogues ADD COLUMN bot_agent TEXT;"      /* first named bot turn's agent */
"CREATE TABLE turn_packs(id INTEGER PRIMARY KEY, turns TEXT NOT NULL);"
"INSERT INTO turn_packs(id, turns)"
" SELECT d.rowid, (SELECT json_group_array(json_array(t.speaker, t.agent, t.at, t.text))"
"  FROM (SELECT * FROM turns t WHERE t.dialogue_id = d.id ORDER BY t.n) t)"
" FROM dialogues d;"
"UPDATE dialogues SET turns_pack = rowid,"
" bot_agent = (SELECT t.agent FROM turns t WHERE t.dialogue_id = dialogues.id"
"  AND t.speaker = 'bot' AND t.agent <> '' ORDER BY t.n LIMIT 1);"
"DROP TABLE turns;"
"CREATE VIEW turns(dialogue_id, n, speaker, agent, at, text) AS"
" SELECT d.id, j.key + 1, json_extract(j.value, '$[0]'), json_extract(j.value, '$[1]'),"
"  json_extract(j.value, '$[2]'), json_extract(j.value, '$[3]')"
" FROM dialogues d JOIN turn_packs p ON p.id = d.turns_pack, json_each(p.turns) j;"
"CREATE TRIGGER turns_insert INSTEAD OF INSERT ON turns BEGIN"
"  INSERT INTO turn_packs(turns) SELECT '[]' FROM dialogues"
"   WHERE id = NEW.dialogue_id AND turns_pack IS NULL;"
"  UPDATE dialogues SET turns_pack = (SELECT max(id) FROM turn_packs)"
"   WHERE id = NEW.dialogue_id AND turns_pack IS NULL;"
"  UPDATE turn_packs SET turns = json_insert(turns, '$[#]',"
"   json_array(NEW.speaker, NEW.agent, NEW.at, NEW.text))"
"   WHERE id = (SELECT turns_pack FROM dialogues WHERE id = NEW.dialogue_id);"
"  UPDATE dialogues SET bot_agent = NEW.agent WHERE id = NEW.dialogue_id"
"   AND bot_agent IS NULL AND NEW.speaker = 'bot' AND NEW.agent <> '';"
" END;";

/* Version 3: a dialogue's turn tags are one JSON array in scores.tags,
 * [[n, tag, cue], ...] in turn order, instead of three rows a dialogue in
 * their own B-tree; and scores is keyed by the dialogue id alone (WITHOUT
 * ROWID: one B-tree, not a table and its index).  Scoring a million
 * dialogues wrote five rows each; now it writes one, and findings' few.
 * Tags live and die with their score, which is what the writers did by
 * hand before.  `turn_tags` becomes a view with the old columns; its
 * INSTEAD OF triggers let SQL still add and remove tags of a scored
 * dialogue (a tag for a dialogue without a score is refused). */
static const char schema_v3[] =
"CREATE TABLE scores_v3("
"  dialogue_id TEXT PRIMARY KEY, content_hash TEXT NOT NULL,"
"  lead_score INTEGER, lead_grade TEXT, probability REAL,"
"  premature INTEGER NOT NULL, missed INTEGER NOT NULL,"
"  context_lost INTEGER NOT NULL DEFAULT 0,"
"  top_factors TEXT NOT NULL DEFAULT '', model_version TEXT,"
"  scored_at INTEGER NOT NULL,"
"  changed_at INTEGER NOT NULL,"         /* last time the exported values changed */
"  tags TEXT"                            /* [[n, tag, cue], ...] or NULL: none */
") WITHOUT ROWID;"
"INSERT INTO scores_v3(dialogue_id, content_hash, lead_score, lead_grade, probability,"
" premature, missed, context_lost, top_factors, model_version, scored_at, changed_at, tags)"
" SELECT s.dialogue_id, s.content_hash, s.lead_score, s.lead_grade, s.probability,"
"  s.premature, s.missed, s.context_lost, s.top_factors, s.model_version, s.scored_at,"
"  s.changed_at,"
"  (SELECT json_group_array(json_array(t.n, t.tag, t.cue))"
"   FROM (SELECT * FROM turn_tags t WHERE t.dialogue_id = s.dialogue_id ORDER BY t.n, t.tag) t"
"   HAVING count(*) > 0)"
" FROM scores s;"
"DROP TABLE scores;"
"ALTER TABLE scores_v3 RENAME TO scores;"
"DROP TABLE turn_tags;"
"CREATE VIEW turn_tags(dialogue_id, n, tag, cue) AS"
" SELECT s.dialogue_id, json_extract(j.value, '$[0]'), json_extract(j.value, '$[1]'),"
"  json_extract(j.value, '$[2]')"
" FROM scores s, json_each(s.tags) j;"
"CREATE TRIGGER turn_tags_insert INSTEAD OF INSERT ON turn_tags BEGIN"
"  SELECT RAISE(ABORT, 'a turn tag needs its dialogue''s row in scores')"
"   WHERE NOT EXISTS (SELECT 1 FROM scores WHERE dialogue_id = NEW.dialogue_id);"
"  UPDATE scores SET tags = json_insert(coalesce(tags, '[]'), '$[#]',"
"   json_array(NEW.n, NEW.tag, NEW.cue))"
"   WHERE dialogue_id = NEW.dialogue_id AND NOT EXISTS (SELECT 1 FROM json_each(tags) j"
"    WHERE json_extract(j.value, '$[0]') = NEW.n AND json_extract(j.value, '$[1]') = NEW.tag);"
" END;"
"CREATE TRIGGER turn_tags_delete INSTEAD OF DELETE ON turn_tags BEGIN"
"  UPDATE scores SET tags = (SELECT json_group_array(json(j.value)) FROM json_each(tags) j"
"    WHERE NOT (json_extract(j.value, '$[0]') = OLD.n AND json_extract(j.value, '$[1]') = OLD.tag)"
"    HAVING count(*) > 0)"
"   WHERE dialogue_id = OLD.dialogue_id;"
" END;";

/* Version 4: content hashes are XXH3-128 (contenthash.h) instead of the
 * hand-rolled multiply-xorshift ones.  A file's fingerprint cannot be
 * taken again, the file is not stored: its old one moves to
 * files.legacy_fingerprint, where the lookup of "loaded before" finds it
 * while ingest takes both hashes of a new file (as long as such rows
 * exist), and files.fingerprint keeps it marked "legacy:" so that it stays
 * unique and never equals a new one.  Dialogues keep their old
 * content_hash until they arrive again: ingest recognises the old hash of
 * the same content and stores the new one then (transcripts_load.c). */
static const char schema_v4[] =
"ALTER TABLE files ADD COLUMN legacy_fingerprint TEXT;"
"UPDATE files SET legacy_fingerprint = fingerprint, fingerprint = 'legacy:' || fingerprint;"
"CREATE INDEX files_legacy_fingerprint ON files(legacy_fingerprint)"
" WHERE legacy_fingerprint IS NOT NULL;";

/* Version 5: turn packs may be compressed (turnzip.h): turn_packs.turns
 * holds a zstd frame (BLOB) or, as before, JSON (TEXT), and pack_dicts the
 * dictionaries the frames name.  The `turns` view of version 2 stays as it
 * was, for the sqlite3 shell: it reads the JSON packs and stops with
 * "malformed JSON" at a compressed one; leadqa's own connections see all
 * of them through a temporary view of the same name (turnzip.c).  The
 * step's second half, in C (compress_packs below), trains the first
 * dictionary from the packs already stored and compresses them, so that an
 * existing database shrinks in place; the file is then vacuumed once
 * (db_open), which also switches it to incremental vacuum, so that space
 * freed later can go back to the file system without rewriting the whole
 * file. */
static const char schema_v5[] =
"CREATE TABLE pack_dicts("
"  id INTEGER PRIMARY KEY,"              /* the id zstd writes into each frame */
"  trained_at INTEGER NOT NULL, n_samples INTEGER NOT NULL, dict BLOB NOT NULL);";

/* Version 6: less kept twice.  The deal rows' index on dialogue_id goes:
 * no query looks a deal row up by its dialogue (the report reads the deal
 * rows whole, in deal order), and it was a twentieth of the file.  A
 * dialogue's start time as written and an event's attribute lines keep
 * what their columns do not say (shortform.h): "+05:00" for
 * "2026-07-27T01:03:07+05:00" beside the epoch, "type\nat+05:00\nto\n"
 * for the lines that repeat the type, time and target; a content hash is
 * its 16 bytes, not 32 hex digits, in the dialogues and the scores alike
 * (the scorer compares the two).  The functions that
 * shorten are leadqa's own (shortform_register_sql), registered before the
 * upgrade runs; the step stands alone and needs no other version's. */
static const char schema_v6[] =
"DROP INDEX IF EXISTS deal_events_dialogue;"
"UPDATE dialogues SET started_text = short_time(started, started_text)"
" WHERE started_text IS NOT NULL AND started IS NOT NULL;"
"UPDATE events SET attrs = short_attrs(type, at, target, item, attrs) WHERE attrs IS NOT NULL;"
"UPDATE dialogues SET content_hash = hash_blob(content_hash) WHERE typeof(content_hash) = 'text';"
"UPDATE scores SET content_hash = hash_blob(content_hash) WHERE typeof(content_hash) = 'text';";

/* Version 7: the per-deal summary and the running counts of
 * deal_summary.h, so that the report's funnel, lead-handling and data
 * quality pages no longer fold every stage row and match every deal to a
 * dialogue each night.  The step is self-contained: the summary is filled
 * by the first deal_summary_update() (deal_summary_built = 0 asks for a
 * full build), the counts here from the dialogues already stored.  The
 * triggers note what outdates a summary (a deal's stage rows, in
 * deal_changes; in summary_dirty, a dialogue's start changed on a
 * re-export, a dialogue deleted, the score of a dialogue some deal
 * matched) and keep the counts of the dialogues below the watermark
 * right; rows above it, the night's new ones, are found by rowid and cost
 * ingest nothing.  Run again on a
 * file that has the tables (a version number set back by hand), it counts
 * afresh and asks for a full build. */
static const char schema_v7[] =
"CREATE TABLE IF NOT EXISTS deal_summary("
"  deal_id TEXT PRIMARY KEY,"
"  opened INTEGER NOT NULL, last_at INTEGER NOT NULL,"   /* first and last changed_at */
"  reached INTEGER NOT NULL,"            /* 1 new .. 5 won, lost aside */
"  lost INTEGER NOT NULL, won INTEGER NOT NULL, bot INTEGER NOT NULL,"
"  touch INTEGER, manager TEXT,"         /* first change by a person, and who */
"  closed INTEGER, qual_at INTEGER,"     /* first won/lost; first qualified+ by a person */
"  named TEXT,"                          /* largest dialogue_id the rows give */
"  reach INTEGER NOT NULL,"              /* some row gives an e-mail or a phone */
"  customer INTEGER, dialogue TEXT, channel TEXT,"  /* the match and its channel */
"  grade TEXT, score INTEGER,"           /* the match's lead grade and score, NULL: none */
"  premature INTEGER NOT NULL DEFAULT 0, missed INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;"
"CREATE INDEX IF NOT EXISTS deal_summary_dialogue ON deal_summary(dialogue) WHERE dialogue IS NOT NULL;"
"CREATE INDEX IF NOT EXISTS deal_summary_unmatched ON deal_summary(opened) WHERE dialogue IS NULL;"
"CREATE TABLE IF NOT EXISTS summary_dirty(kind TEXT NOT NULL, id TEXT NOT NULL,"  /* deal | dialogue */
"  PRIMARY KEY(kind, id)) WITHOUT ROWID;"
"CREATE TABLE IF NOT EXISTS store_counts(name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;"
"INSERT OR REPLACE INTO store_counts(name, value) VALUES('deal_summary_built', 0), ('deal_summary_rows', 0),"
" ('merges_id', 0);"
"INSERT OR REPLACE INTO store_counts(name, value) SELECT 'dialogues_rowid', coalesce(max(rowid), 0) FROM dialogues;"
"INSERT OR REPLACE INTO store_counts(name, value) SELECT 'dialogues', count(*) FROM dialogues;"
"INSERT OR REPLACE INTO store_counts(name, value) SELECT 'dialogues_anonymous', count(*) FROM dialogues WHERE has_contact = 0;"
"INSERT OR REPLACE INTO store_counts(name, value) SELECT 'dialogues_no_start', count(*) FROM dialogues WHERE started IS NULL;"
"INSERT OR REPLACE INTO store_counts(name, value) SELECT 'dialogues_later_version', count(*) FROM dialogues WHERE version > 1;"
/* A stage row appends its deal to deal_changes, a table with a rowid and
 * no key: an append per row costs ingest less than a keyed insert (the
 * update folds the list into summary_dirty). */
"CREATE TABLE IF NOT EXISTS deal_changes(deal_id TEXT NOT NULL);"
/* A newly loaded dialogue rematches the deals whose rows name it: looked up
 * here, not by a scan of every stage row (version 6 dropped the full index;
 * this one leaves out the rows that name no dialogue). */
"CREATE INDEX IF NOT EXISTS deal_events_named ON deal_events(dialogue_id) WHERE dialogue_id IS NOT NULL;"
"CREATE TRIGGER IF NOT EXISTS deal_events_summary_ins AFTER INSERT ON deal_events BEGIN"
"  INSERT INTO deal_changes(deal_id) VALUES(NEW.deal_id);"
" END;"
"CREATE TRIGGER IF NOT EXISTS deal_events_summary_upd AFTER UPDATE ON deal_events BEGIN"
"  INSERT INTO deal_changes(deal_id) VALUES(OLD.deal_id), (NEW.deal_id);"
" END;"
"CREATE TRIGGER IF NOT EXISTS deal_events_summary_del AFTER DELETE ON deal_events BEGIN"
"  INSERT INTO deal_changes(deal_id) VALUES(OLD.deal_id);"
" END;"
"CREATE TRIGGER IF NOT EXISTS dialogues_summary_upd AFTER UPDATE OF started, has_contact, version ON dialogues"
" WHEN OLD.rowid <= (SELECT value FROM store_counts WHERE name = 'dialogues_rowid') BEGIN"
"  UPDATE store_counts SET value = value + CASE name"
"   WHEN 'dialogues_anonymous' THEN (NEW.has_contact = 0) - (OLD.has_contact = 0)"
"   WHEN 'dialogues_no_start' THEN (NEW.started IS NULL) - (OLD.started IS NULL)"
"   ELSE (NEW.version > 1) - (OLD.version > 1) END"
"   WHERE name IN ('dialogues_anonymous', 'dialogues_no_start', 'dialogues_later_version');"
"  INSERT OR IGNORE INTO summary_dirty(kind, id) SELECT 'dialogue', NEW.id"
"   WHERE OLD.started IS NOT NEW.started;"
" END;"
/* A score written or gone changes the deals matched to its dialogue: its
 * writers say so (deal_summary_note_scores), not a trigger on scores.  A
 * trigger there made every INSERT OR REPLACE of the scorer keep a
 * statement journal, which spilled to a temporary file: 13 KB written per
 * dialogue scored, ten times the scores themselves. */
"DROP TRIGGER IF EXISTS scores_summary_ins;"
"DROP TRIGGER IF EXISTS scores_summary_upd;"
"DROP TRIGGER IF EXISTS scores_summary_del;"
/* A deleted row below the watermark leaves the counts; and when it was the
 * newest, the next dialogue may take its rowid again: the watermark comes
 * down to the largest rowid left, below which every row is counted. */
"CREATE TRIGGER IF NOT EXISTS dialogues_summary_del AFTER DELETE ON dialogues BEGIN"
"  UPDATE store_counts SET value = value - CASE name WHEN 'dialogues' THEN 1"
"   WHEN 'dialogues_anonymous' THEN OLD.has_contact = 0"
"   WHEN 'dialogues_no_start' THEN OLD.started IS NULL"
"   ELSE OLD.version > 1 END"
"   WHERE name IN ('dialogues', 'dialogues_anonymous', 'dialogues_no_start', 'dialogues_later_version')"
"   AND OLD.rowid <= (SELECT value FROM store_counts WHERE name = 'dialogues_rowid');"
"  INSERT OR IGNORE INTO summary_dirty(kind, id) VALUES('dialogue', OLD.id);"
"  UPDATE store_counts SET value = (SELECT coalesce(max(rowid), 0) FROM dialogues)"
"   WHERE name = 'dialogues_rowid' AND value > (SELECT coalesce(max(rowid), 0) FROM dialogues);"
" END;";

/* Version 8: the report's lead-handling, funnel and CRM figures cover the
 * deals opened in the nights it shows, plus the open bot leads nobody has
 * touched yet, however old: both read through these indexes, so that the
 * report's time follows its window, not the history. */
static const char schema_v8[] =
"CREATE INDEX IF NOT EXISTS deal_summary_opened ON deal_summary(opened);"
"CREATE INDEX IF NOT EXISTS deal_summary_waiting ON deal_summary(opened)"
" WHERE bot = 1 AND touch IS NULL AND closed IS NULL;";

static const char *const migrations[DB_SCHEMA_VERSION] = {
	schema_v1, schema_v2, schema_v3, schema_v4, schema_v5, schema_v6, schema_v7, schema_v8
};

/* Version 5's second half: the packs stored so far compressed, when there
 * are enough of them to train a dictionary from. */
static int compress_packs(sqlite3 *db)
{
	struct turnzip *z;
	int64_t n = db_query_int(db, "SELECT count(*) FROM turn_packs");
	int rc;
	if (n < 0)
		return -1;
	z = turnzip_open(db);
	rc = n >= turnzip_due_at(z, now_epoch()) ? turnzip_train(z, now_epoch()) : 0;
	turnzip_close(z);
	return rc < 0 ? -1 : 0;
}

/* PRAGMA user_version into *v: 0, or -1 after a message.  A negative
 * version is no version of ours (db_query_int's -1 would be taken for an
 * error already reported, and say nothing). */
static int user_version(sqlite3 *db, const char *path, int64_t *v)
{
	sqlite3_stmt *st = db_prepare(db, "PRAGMA user_version");
	int rc;
	if (!st)
		return -1;
	rc = sqlite3_step(st);
	*v = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return error("cannot read database '%s': %s", path, sqlite3_errmsg(db));
	if (*v < 0)
		return error("database '%s' has schema version %lld, which no leadqa writes: "
			     "not a leadqa database, or damaged", path, (long long)*v);
	return 0;
}

/* Brings the schema to DB_SCHEMA_VERSION, one version at a time, in one
 * transaction.  The version is read again inside it: another process may
 * have upgraded the file while this one waited for the lock. */
static int db_upgrade(sqlite3 *db, const char *path)
{
	char pragma[64];
	int64_t version;
	if (db_begin(db))
		return -1;
	if (user_version(db, path, &version))
		goto fail;
	for (; version < DB_SCHEMA_VERSION; version++) {
		if (db_exec(db, migrations[version]) || (version + 1 == 5 && compress_packs(db))) {
			error("cannot bring database '%s' to schema version %lld",
			      path, (long long)version + 1);
			goto fail;
		}
	}
	snprintf(pragma, sizeof(pragma), "PRAGMA user_version=%d", DB_SCHEMA_VERSION);
	if (db_exec(db, pragma) || db_commit(db))
		goto fail;
	return 0;
fail:
	db_rollback(db);
	return -1;
}

/* SQLite's sorter keeps at least 250 pages in memory per sort before it
 * spills to a temporary file (2 MB with 8 KB pages), whatever the cache:
 * 32 pages lets a connection with a small cache sort within it.  Memory
 * statistics, which nothing here reads, cost a global mutex on every one
 * of SQLite's allocations (37 a dialogue at ingest).  Only possible before
 * SQLite initialises, so once per process. */
static void configure_sqlite_once(void)
{
	static int done;
	if (!done) {
		done = 1;
		sqlite3_config(SQLITE_CONFIG_PMASZ, 32);
		sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	}
}

/* A file made before version 5 has no incremental vacuum (it can only be
 * switched on by a VACUUM), and the upgrade's compressed packs left free
 * pages: one VACUUM does both.  Outside any transaction, as VACUUM must be;
 * another process may have done it meanwhile, which costs one more. */
static int vacuum_once(sqlite3 *db, const char *path)
{
	if (db_query_int(db, "PRAGMA auto_vacuum") == 2)
		return 0;
	if (db_exec(db, "PRAGMA auto_vacuum=INCREMENTAL; VACUUM"))
		return error("cannot vacuum database '%s' after its upgrade", path);
	return 0;
}

sqlite3 *db_open(const char *path)
{
	sqlite3 *db = NULL;
	int64_t version;
	configure_sqlite_once();
	/* NOMUTEX: a connection is only ever used by one thread at a time (the
	 * threads of ingest and score each have their own or none), so SQLite's
	 * lock around every call is pure cost. */
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
			    NULL) != SQLITE_OK) {
		error("cannot open database '%s': %s", path, db ? sqlite3_errmsg(db) : "out of memory");
		sqlite3_close(db);
		return NULL;
	}
	sqlite3_busy_timeout(db, 10000);
	sqlite3_extended_result_codes(db, 1);
	/* A new file gets 8 KB pages (SQLite's default is 4 KB): a night's
	 * reads and writes are scans and appends of rows of a few hundred bytes,
	 * and half the pages is half the system calls (1,000,000 dialogues:
	 * ingest 27.5 s and scoring 28.0 s instead of 35 s each).  On an
	 * existing file this changes nothing; the cache below is in KiB, so
	 * memory stays the same.  auto_vacuum, like the page size, only takes
	 * on a new file: space freed later goes back with PRAGMA
	 * incremental_vacuum. */
	if (sqlite3_exec(db, "PRAGMA page_size=" DB_PAGE_SIZE "; PRAGMA auto_vacuum=INCREMENTAL;"
			 " PRAGMA journal_mode=WAL;"
			 " PRAGMA synchronous=NORMAL;"
			 "PRAGMA foreign_keys=ON; PRAGMA temp_store=FILE;"
			 "PRAGMA cache_size=-" DB_CACHE_KIB ";", NULL, NULL, NULL) != SQLITE_OK) {
		error("cannot open database '%s': %s", path, sqlite3_errmsg(db));
		goto fail;
	}
	if (shortform_register_sql(db) || user_version(db, path, &version))
		goto fail;
	if (version > DB_SCHEMA_VERSION) {
		error("database '%s' has schema version %lld, newer than this leadqa (%d)",
		      path, (long long)version, DB_SCHEMA_VERSION);
		goto fail;
	}
	if (version < DB_SCHEMA_VERSION && db_upgrade(db, path))
		goto fail;
	if (version > 0 && version < 5 && vacuum_once(db, path))
		goto fail;
	/* the pages version 6 freed go back to the file system */
	if (version >= 5 && version < 6 && db_exec(db, "PRAGMA incremental_vacuum"))
		goto fail;
	if (turnzip_register_sql(db))
		goto fail;
	return db;
fail:
	sqlite3_close(db);
	return NULL;
}

void db_close(sqlite3 *db)
{
	if (db)
		sqlite3_close_v2(db);
}

int db_exec(sqlite3 *db, const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		error("database: %s", msg ? msg : sqlite3_errmsg(db));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

sqlite3_stmt *db_prepare(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		error("database: %s (in: %.80s)", sqlite3_errmsg(db), sql);
		return NULL;
	}
	return st;
}

sqlite3_stmt *db_prepare_rows(sqlite3 *db, sqlite3_stmt **cache, int k, const char *head, int n)
{
	struct strbuf sql = STRBUF_INIT;
	if (cache[k])
		return cache[k];
	strbuf_adds(&sql, head);
	for (int r = 0; r < k; r++) {
		strbuf_adds(&sql, r ? ", (?" : " VALUES(?");
		for (int i = 1; i < n; i++)
			strbuf_adds(&sql, ", ?");
		strbuf_addch(&sql, ')');
	}
	cache[k] = db_prepare(db, sql.buf);
	strbuf_release(&sql);
	return cache[k];
}

int db_begin(sqlite3 *db) { return db_exec(db, "BEGIN IMMEDIATE"); }
int db_commit(sqlite3 *db) { return db_exec(db, "COMMIT"); }

int db_rollback(sqlite3 *db)
{
	if (sqlite3_get_autocommit(db))
		return 0;
	sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	return 0;
}

static int savepoint_cmd(sqlite3 *db, const char *verb, const char *name)
{
	char sql[128];
	snprintf(sql, sizeof(sql), "%s \"%s\"", verb, name);
	return db_exec(db, sql);
}

int db_savepoint(sqlite3 *db, const char *name) { return savepoint_cmd(db, "SAVEPOINT", name); }
int db_release(sqlite3 *db, const char *name) { return savepoint_cmd(db, "RELEASE", name); }

int db_rollback_to(sqlite3 *db, const char *name)
{
	if (savepoint_cmd(db, "ROLLBACK TO", name))
		return -1;
	return savepoint_cmd(db, "RELEASE", name);
}

int db_bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (!s)
		return sqlite3_bind_null(st, i);
	return sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
}

int db_bind_static(sqlite3_stmt *st, int i, const char *s)
{
	if (!s)
		return sqlite3_bind_null(st, i);
	return sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
}

int db_bind_opt_int(sqlite3_stmt *st, int i, int64_t v, int present)
{
	return present ? sqlite3_bind_int64(st, i, v) : sqlite3_bind_null(st, i);
}

const char *db_col_text(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t ? (const char *)t : "";
}

sqlite3 *db_open_reader(const char *path)
{
	sqlite3 *db = db_open(path);
	if (db && db_exec(db, "PRAGMA cache_size=-2048")) {
		db_close(db);
		return NULL;
	}
	return db;
}

int db_step_done(sqlite3 *db, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return error("database: %s", sqlite3_errmsg(db));
	return 0;
}

int64_t db_query_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = db_prepare(db, sql);
	int64_t v = -1;
	if (!st)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	else
		error("database: %s", sqlite3_errmsg(db));
	sqlite3_finalize(st);
	return v;
}

int db_meta_set(sqlite3 *db, const char *key, const char *value)
{
	sqlite3_stmt *st = db_prepare(db, "INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?)");
	int rc;
	if (!st)
		return -1;
	db_bind_text(st, 1, key);
	db_bind_text(st, 2, value);
	rc = db_step_done(db, st);
	sqlite3_finalize(st);
	return rc;
}

char *db_meta_get(sqlite3 *db, const char *key)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT value FROM meta WHERE key = ?");
	char *v = NULL;
	if (!st)
		return NULL;
	db_bind_text(st, 1, key);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		v = xstrdup(db_col_text(st, 0));
	sqlite3_finalize(st);
	return v;
}
