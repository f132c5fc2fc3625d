# A database of schema version 4 (every turn pack JSON) is brought to
# version 5 in place when it is opened: a dictionary is trained from its own
# packs, every pack is compressed, and the file is vacuumed once (which also
# turns on incremental vacuum) and comes out much smaller.  The turns read
# back the same, and scoring them again gives the same scores, findings,
# turn tags and export, byte for byte.
source "$ROOT/tests/e2e/lib.sh"
export LEADQA_NOW=2026-11-24T03:00:00Z
"$TOOLS/gen_corpus" --seed 22 --dialogues 2500 --out inbox --no-deals 2>/dev/null || fail "gen_corpus"
expect_status 0 "$LEADQA" --db leadqa.db ingest inbox/transcripts-01.xml
# a database of this version compresses as it loads
[ "$(sql "SELECT count(*) FROM turn_packs WHERE typeof(turns) = 'blob'")" = 2500 ] || fail "packs not compressed"
[ "$(sql 'SELECT count(*) FROM pack_dicts')" = 1 ] || fail "no dictionary"
# the packs written as JSON before the dictionary and compressed after it
# are packed again, not left in pages three quarters empty
fill=$(sql "SELECT sum(payload) * 100 / sum(pgsize) FROM dbstat WHERE name = 'turn_packs' AND pagetype = 'leaf'")
[ "$fill" -ge 80 ] || fail "turn packs fill their pages to $fill%"
expect_status 0 "$LEADQA" --db leadqa.db score --lexicons "$ROOT/models"
dump() {
	sqlt "SELECT * FROM turns ORDER BY dialogue_id, n" > "turns-$1.txt"
	sql ".dump scores findings turn_tags" > "scores-$1.txt"
	"$LEADQA" --db leadqa.db export --out "export-$1.csv" 2>/dev/null || fail "export"
}
dump new
[ "$(wc -l < turns-new.txt)" -gt 5000 ] || fail "too few turns read back"
[ "$(grep -c 'CREATE\|INSERT' scores-new.txt)" -gt 2500 ] || fail "nothing scored"

# the same database as version 4 wrote it: JSON packs, no dictionaries,
# no incremental vacuum; scores and findings gone, to be computed again
sqlt "UPDATE turn_packs SET turns = turnpack_json(turns); DELETE FROM meta WHERE key LIKE 'pack_dict%'"
sql "DROP TABLE pack_dicts; DELETE FROM scores; DELETE FROM findings; PRAGMA user_version = 4;
     PRAGMA auto_vacuum = NONE; VACUUM;"
[ "$(sql "SELECT count(*) FROM turn_packs WHERE typeof(turns) = 'text'")" = 2500 ] || fail "not JSON"
[ "$(sql 'PRAGMA auto_vacuum')" = 0 ] || fail "the old file has incremental vacuum"
# the shell reads JSON packs through the schema's own view
[ "$(sql "SELECT count(*) FROM turns")" = "$(wc -l < turns-new.txt)" ] || fail "the shell's view"
size4=$(stat -c %s leadqa.db)

# any command upgrades it: here one that adds nearly nothing, to weigh the file
expect_status 0 "$LEADQA" --db leadqa.db export --out before-scoring.csv
[ "$(sql 'PRAGMA user_version')" = 8 ] || fail "not upgraded"
[ "$(sql "SELECT count(*) FROM turn_packs WHERE typeof(turns) = 'blob'")" = 2500 ] || fail "not compressed in place"
[ "$(sql 'PRAGMA auto_vacuum')" = 2 ] || fail "no incremental vacuum after the upgrade"
sql "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
size5=$(stat -c %s leadqa.db)
[ "$size5" -lt $((size4 * 2 / 3)) ] || fail "the file did not shrink: $size4 -> $size5 bytes"
expect_status 0 "$LEADQA" --db leadqa.db score --lexicons "$ROOT/models"
dump upgraded
same turns-new.txt turns-upgraded.txt
same scores-new.txt scores-upgraded.txt
same export-new.csv export-upgraded.csv
# the shell's own view refuses a compressed pack rather than misreading it
sqlite3 -batch leadqa.db "SELECT count(*) FROM turns" >shell.out 2>shell.err && fail "the shell read compressed packs"
contains shell.err "malformed JSON"
exit 0
