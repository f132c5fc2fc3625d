/* turnzip.c — turn packs compressed with zstd and trained dictionaries
 * (turnzip.h).  The only file that sees zstd's headers. */
#include "compat.h"
#include "turnzip.h"
#include "db.h"
#include "turnpack.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zdict.h>
#include <zstd.h>

/* Level 3 (zstd's default): with a dictionary the packs of the bench corpus
 * come to about a fifth of their JSON at a few hundred MB/s; the higher
 * levels save another tenth at several times the cost, on every dialogue
 * of every night. */
#define LEVEL 3
/* 64 KB of dictionary: against the 16 KB one, packs 20% smaller (the bench
 * corpus, 3000 packs); more gives little, and every reader loads it. */
#define DICT_BYTES ((size_t)64 << 10)
/* The newest packs, up to this many and bytes, are the samples: zdict.h
 * asks for a few thousand; training on 2000 takes about 0.3 s. */
#define TRAIN_SAMPLES 2000
#define TRAIN_BYTES ((size_t)4 << 20)
/* zdict.h: samples under 8 bytes teach nothing; and ZDICT's trainer is not
 * to be given too little (a handful of tiny samples stops it with a
 * division by zero), so below these no dictionary is tried. */
#define MIN_SAMPLE 8
#define MIN_SAMPLES 100
#define MIN_SAMPLE_BYTES ((size_t)32 << 10)
/* No pack is this big (a dialogue's turns are capped far below): a frame
 * claiming more is damaged. */
#define MAX_PACK ((unsigned long long)1 << 31)

struct ddict {
	unsigned id;
	ZSTD_DDict *dd;
};

struct turnzip {
	sqlite3 *db;
	ZSTD_CCtx *cctx;
	ZSTD_DCtx *dctx;
	int looked;              /* the current dictionary was looked up */
	ZSTD_CDict *cdict;       /* the current one, NULL: none yet */
	unsigned cdict_id;
	int64_t cdict_trained_at;
	struct ddict *dds;       /* every dictionary read so far */
	size_t n_dds, alloc_dds;
	struct strbuf bin;       /* a pack's binary form */
	struct dialogue scratch; /* for packs converted from one form to another */
};

struct turnzip *turnzip_open(sqlite3 *db)
{
	struct turnzip *z = xcalloc(1, sizeof(*z));
	z->db = db;
	dialogue_init(&z->scratch);
	return z;
}

void turnzip_close(struct turnzip *z)
{
	if (!z)
		return;
	for (size_t i = 0; i < z->n_dds; i++)
		ZSTD_freeDDict(z->dds[i].dd);
	free(z->dds);
	ZSTD_freeCDict(z->cdict);
	ZSTD_freeCCtx(z->cctx);
	ZSTD_freeDCtx(z->dctx);
	strbuf_release(&z->bin);
	dialogue_release(&z->scratch);
	free(z);
}

/* The bytes of dictionary id into a new CDict or DDict (want_c); NULL
 * when absent (no message) or on error (a message). */
static void *load_dict(struct turnzip *z, unsigned id, int want_c, int64_t *trained_at)
{
	sqlite3_stmt *st = db_prepare(z->db, "SELECT dict, trained_at FROM pack_dicts WHERE id = ?");
	void *made = NULL;
	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		const void *bytes = sqlite3_column_blob(st, 0);
		size_t n = (size_t)sqlite3_column_bytes(st, 0);
		if (trained_at)
			*trained_at = sqlite3_column_int64(st, 1);
		made = want_c ? (void *)ZSTD_createCDict(bytes, n, LEVEL) : (void *)ZSTD_createDDict(bytes, n);
		if (!made)
			error("database: dictionary %u of the turn packs cannot be used", id);
	}
	sqlite3_finalize(st);
	return made;
}

/* The current dictionary (meta pack_dict) into z->cdict, once. */
static int look_up_current(struct turnzip *z)
{
	char *v;
	if (z->looked)
		return 0;
	z->looked = 1;
	v = db_meta_get(z->db, "pack_dict");
	if (v) {
		z->cdict_id = (unsigned)strtoul(v, NULL, 10);
		z->cdict = load_dict(z, z->cdict_id, 1, &z->cdict_trained_at);
		free(v);
		if (!z->cdict)
			return error("database: the turn packs' current dictionary %u is missing",
				     z->cdict_id);
	}
	return 0;
}

int turnzip_encode(struct turnzip *z, const struct dialogue *d, struct strbuf *out, int *blob)
{
	size_t bound, r;
	strbuf_reset(out);
	*blob = 0;
	if (look_up_current(z))
		return -1;
	if (!z->cdict) {
		turnpack_encode(d, out);
		return 0;
	}
	if (!z->cctx && !(z->cctx = ZSTD_createCCtx()))
		return error("out of memory");
	strbuf_reset(&z->bin);
	turnpack_encode_bin(d, &z->bin);
	bound = ZSTD_compressBound(z->bin.len);
	if (strbuf_reserve(out, bound))
		return error("out of memory");
	/* the frame header carries the dictionary's id (zstd's default) and
	 * the content size, which the reader allocates from; no checksum:
	 * SQLite's pages are what guards the bytes */
	r = ZSTD_compress_usingCDict(z->cctx, out->buf, bound, z->bin.buf, z->bin.len, z->cdict);
	if (ZSTD_isError(r))
		return error("cannot compress the turns of dialogue '%s': %s", d->id ? d->id : "",
			     ZSTD_getErrorName(r));
	out->len = r;
	out->buf[r] = '\0';
	*blob = 1;
	return 0;
}

/* The DDict of dictionary id, read from the database at first use. */
static ZSTD_DDict *ddict_for(struct turnzip *z, unsigned id)
{
	ZSTD_DDict *dd;
	for (size_t i = 0; i < z->n_dds; i++)
		if (z->dds[i].id == id)
			return z->dds[i].dd;
	if (!(dd = load_dict(z, id, 0, NULL)))
		return NULL;
	ALLOC_GROW(z->dds, z->n_dds, z->alloc_dds);
	z->dds[z->n_dds].id = id;
	z->dds[z->n_dds++].dd = dd;
	return dd;
}

/* A frame's content into z->bin; 0 or -1. */
static int inflate(struct turnzip *z, const void *data, size_t len)
{
	unsigned long long size = ZSTD_getFrameContentSize(data, len);
	unsigned id = ZSTD_getDictID_fromFrame(data, len);
	ZSTD_DDict *dd = NULL;
	size_t r;
	if (size == ZSTD_CONTENTSIZE_UNKNOWN || size == ZSTD_CONTENTSIZE_ERROR || size >= MAX_PACK)
		return -1;
	if (id && !(dd = ddict_for(z, id)))
		return -1;
	if (!z->dctx && !(z->dctx = ZSTD_createDCtx()))
		return -1;
	strbuf_reset(&z->bin);
	if (strbuf_reserve(&z->bin, (size_t)size))
		return -1;
	r = dd ? ZSTD_decompress_usingDDict(z->dctx, z->bin.buf, (size_t)size, data, len, dd) :
		 ZSTD_decompressDCtx(z->dctx, z->bin.buf, (size_t)size, data, len);
	if (ZSTD_isError(r) || r != size)
		return -1;
	z->bin.len = r;
	z->bin.buf[r] = '\0';
	return 0;
}

int turnzip_decode(struct turnzip *z, const void *data, size_t len, int blob, struct dialogue *d)
{
	if (!blob)
		return turnpack_decode(data, len, d);
	if (inflate(z, data, len))
		return -1;
	return turnpack_decode_bin(z->bin.buf, z->bin.len, d);
}

int64_t turnzip_due_at(struct turnzip *z, int64_t now)
{
	char *refused;
	int64_t at = TURNZIP_MIN_PACKS;
	if (look_up_current(z))
		return INT64_MAX;
	if (z->cdict)
		return now - z->cdict_trained_at >= (int64_t)TURNZIP_MAX_AGE_DAYS * 86400 ? 0 : INT64_MAX;
	refused = db_meta_get(z->db, "pack_dict_refused");
	if (refused) {
		int64_t n = strtoll(refused, NULL, 10);
		if (n > 0 && n <= INT64_MAX / 2 && 2 * n > at)
			at = 2 * n;
		free(refused);
	}
	return at;
}

/* A stored pack (column i of st) into z->bin in the binary form; 0 or -1. */
static int pack_to_bin(struct turnzip *z, sqlite3_stmt *st, int i)
{
	const void *p = sqlite3_column_type(st, i) == SQLITE_BLOB ? sqlite3_column_blob(st, i) :
				(const void *)sqlite3_column_text(st, i);
	size_t n = (size_t)sqlite3_column_bytes(st, i);
	if (!p)
		return -1;
	if (sqlite3_column_type(st, i) == SQLITE_BLOB)
		return inflate(z, p, n);
	dialogue_clear(&z->scratch);
	if (turnpack_decode(p, n, &z->scratch))
		return -1;
	strbuf_reset(&z->bin);
	turnpack_encode_bin(&z->scratch, &z->bin);
	return 0;
}

/* The newest packs, in the binary form, end to end in *samples. */
static int gather_samples(struct turnzip *z, struct strbuf *samples, size_t **sizes, unsigned *n)
{
	sqlite3_stmt *st = db_prepare(z->db, "SELECT turns FROM turn_packs ORDER BY id DESC LIMIT ?");
	int rc;
	*n = 0;
	*sizes = xcalloc(TRAIN_SAMPLES, sizeof(**sizes));
	if (!st)
		return -1;
	sqlite3_bind_int(st, 1, TRAIN_SAMPLES);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && samples->len < TRAIN_BYTES) {
		/* a damaged pack teaches nothing; its reader reports it */
		if (pack_to_bin(z, st, 0) || z->bin.len < MIN_SAMPLE)
			continue;
		strbuf_add(samples, z->bin.buf, z->bin.len);
		(*sizes)[(*n)++] = z->bin.len;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return error("database: %s", sqlite3_errmsg(z->db));
	return 0;
}

/* The packs still stored as JSON, compressed with the current dictionary.
 * Rewritten in place, a quarter of their size, they would leave their
 * pages three quarters empty (SQLite merges pages only below a third), and
 * the packs after them never fill those: on a database of 2,798 long chats
 * the packs took 2,290 bytes a dialogue for 630 of data.  So they are
 * compressed into a temporary table, deleted (their pages freed) and put
 * back in id order, packed; the freed pages go back to the file system. */
static int compress_json_packs(struct turnzip *z)
{
	sqlite3_stmt *ids = db_prepare(z->db, "SELECT id FROM turn_packs WHERE typeof(turns) = 'text'");
	sqlite3_stmt *get = db_prepare(z->db, "SELECT turns FROM turn_packs WHERE id = ?");
	sqlite3_stmt *put = NULL;
	int64_t *todo = NULL;
	size_t n = 0, alloc = 0;
	struct strbuf out = STRBUF_INIT;
	int ret = -1, rc;
	if (!ids || !get || db_exec(z->db, "CREATE TEMP TABLE IF NOT EXISTS tz_packed("
				    "id INTEGER PRIMARY KEY, turns BLOB NOT NULL); DELETE FROM temp.tz_packed") ||
	    !(put = db_prepare(z->db, "INSERT INTO temp.tz_packed(id, turns) VALUES(?1, ?2)")))
		goto out;
	/* the ids first: rows are rewritten while none is being scanned */
	while ((rc = sqlite3_step(ids)) == SQLITE_ROW) {
		ALLOC_GROW(todo, n, alloc);
		todo[n++] = sqlite3_column_int64(ids, 0);
	}
	if (rc != SQLITE_DONE)
		goto dberr;
	for (size_t i = 0; i < n; i++) {
		int blob;
		sqlite3_bind_int64(get, 1, todo[i]);
		if ((rc = sqlite3_step(get)) != SQLITE_ROW) {
			sqlite3_reset(get);
			if (rc == SQLITE_DONE)
				continue;
			goto dberr;
		}
		dialogue_clear(&z->scratch);
		rc = turnpack_decode((const char *)sqlite3_column_text(get, 0),
				     (size_t)sqlite3_column_bytes(get, 0), &z->scratch);
		sqlite3_reset(get);
		if (rc)
			continue;   /* damaged: left as it is, for its reader to report */
		if (turnzip_encode(z, &z->scratch, &out, &blob))
			goto out;
		sqlite3_bind_int64(put, 1, todo[i]);
		sqlite3_bind_blob(put, 2, out.buf, (int)out.len, SQLITE_STATIC);
		if (db_step_done(z->db, put))
			goto out;
	}
	if (db_exec(z->db, "DELETE FROM turn_packs WHERE id IN (SELECT id FROM temp.tz_packed);"
		    "INSERT INTO turn_packs(id, turns) SELECT id, turns FROM temp.tz_packed ORDER BY id;"
		    "DELETE FROM temp.tz_packed; PRAGMA incremental_vacuum"))
		goto out;
	ret = 0;
	goto out;
dberr:
	error("database: %s", sqlite3_errmsg(z->db));
out:
	strbuf_release(&out);
	free(todo);
	sqlite3_finalize(put);
	sqlite3_finalize(get);
	sqlite3_finalize(ids);
	return ret;
}

static int set_meta_int(sqlite3 *db, const char *key, int64_t v)
{
	char buf[24];
	snprintf(buf, sizeof(buf), "%" PRId64, v);
	return db_meta_set(db, key, buf);
}

int turnzip_train(struct turnzip *z, int64_t now)
{
	struct strbuf samples = STRBUF_INIT;
	size_t *sizes = NULL, r;
	unsigned n, id;
	void *dict = xmalloc(DICT_BYTES);
	sqlite3_stmt *st = NULL;
	int first, enough, ret = -1;
	if (look_up_current(z) || gather_samples(z, &samples, &sizes, &n))
		goto out;
	first = z->cdict == NULL;
	enough = n >= MIN_SAMPLES && samples.len >= MIN_SAMPLE_BYTES;
	r = enough ? ZDICT_trainFromBuffer(dict, DICT_BYTES, samples.buf, sizes, n) : 0;
	if (!enough || ZDICT_isError(r) || !(id = ZDICT_getDictID(dict, r))) {
		int64_t packs = db_query_int(z->db, "SELECT count(*) FROM turn_packs");
		ret = packs < 0 || set_meta_int(z->db, "pack_dict_refused", packs) ? -1 : 0;
		goto out;
	}
	st = db_prepare(z->db, "INSERT INTO pack_dicts(id, trained_at, n_samples, dict)"
			" VALUES(?, ?, ?, ?) ON CONFLICT(id) DO NOTHING");
	if (!st)
		goto out;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, now);
	sqlite3_bind_int64(st, 3, n);
	sqlite3_bind_blob(st, 4, dict, (int)r, SQLITE_STATIC);
	if (db_step_done(z->db, st) || set_meta_int(z->db, "pack_dict", id))
		goto out;
	ZSTD_freeCDict(z->cdict);
	z->cdict = NULL;
	z->looked = 0;
	if (look_up_current(z) || !z->cdict)
		goto out;
	if (first && compress_json_packs(z))
		goto out;
	ret = 1;
out:
	sqlite3_finalize(st);
	free(dict);
	free(sizes);
	strbuf_release(&samples);
	return ret;
}

/* ---- turnpack_json(pack) ---- */

static void sql_turnpack_json(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct turnzip *z = sqlite3_user_data(ctx);
	struct strbuf out = STRBUF_INIT;
	(void)argc;
	switch (sqlite3_value_type(argv[0])) {
	case SQLITE_NULL:
		sqlite3_result_null(ctx);
		return;
	case SQLITE_BLOB:
		dialogue_clear(&z->scratch);
		if (turnzip_decode(z, sqlite3_value_blob(argv[0]), (size_t)sqlite3_value_bytes(argv[0]),
				   1, &z->scratch)) {
			sqlite3_result_error(ctx, "turnpack_json: a damaged turn pack", -1);
			return;
		}
		turnpack_encode(&z->scratch, &out);
		sqlite3_result_text(ctx, strbuf_str(&out), (int)out.len, SQLITE_TRANSIENT);
		strbuf_release(&out);
		return;
	default:
		sqlite3_result_value(ctx, argv[0]);
	}
}

static void destroy_turnzip(void *p)
{
	turnzip_close(p);
}

/* The `turns` view as leadqa's connections see it: the database's own
 * (db.c, version 2) reads JSON packs only, since the sqlite3 shell has no
 * turnpack_json(); this temporary one of the same name comes first in name
 * lookup and reads every pack.  Its trigger lets SQL add turns as before
 * (its tables unqualified, as SQLite wants in a trigger: no temporary table
 * has their names); a pack it adds to becomes JSON. */
static const char temp_turns[] =
"CREATE TEMP VIEW turns(dialogue_id, n, speaker, agent, at, text) AS"
" SELECT d.id, j.key + 1, json_extract(j.value, '$[0]'), json_extract(j.value, '$[1]'),"
"  json_extract(j.value, '$[2]'), json_extract(j.value, '$[3]')"
" FROM main.dialogues d JOIN main.turn_packs p ON p.id = d.turns_pack,"
"  json_each(turnpack_json(p.turns)) j;"
"CREATE TEMP TRIGGER turns_insert INSTEAD OF INSERT ON turns BEGIN"
"  INSERT INTO turn_packs(turns) SELECT '[]' FROM dialogues"
"   WHERE id = NEW.dialogue_id AND turns_pack IS NULL;"
"  UPDATE dialogues SET turns_pack = (SELECT max(id) FROM turn_packs)"
"   WHERE id = NEW.dialogue_id AND turns_pack IS NULL;"
"  UPDATE turn_packs SET turns = json_insert(turnpack_json(turns), '$[#]',"
"   json_array(NEW.speaker, NEW.agent, NEW.at, NEW.text))"
"   WHERE id = (SELECT turns_pack FROM dialogues WHERE id = NEW.dialogue_id);"
"  UPDATE dialogues SET bot_agent = NEW.agent WHERE id = NEW.dialogue_id"
"   AND bot_agent IS NULL AND NEW.speaker = 'bot' AND NEW.agent <> '';"
" END;";

int turnzip_register_sql(sqlite3 *db)
{
	struct turnzip *z = turnzip_open(db);
	/* on failure SQLite calls the destructor itself */
	if (sqlite3_create_function_v2(db, "turnpack_json", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, z,
				       sql_turnpack_json, NULL, NULL, destroy_turnzip) != SQLITE_OK)
		return error("database: %s", sqlite3_errmsg(db));
	return db_exec(db, temp_turns);
}
