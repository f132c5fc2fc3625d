# A database of schema version 5 (start times, event attributes and content
# hashes written out in full, the deal rows indexed by dialogue) is brought
# to version 6 in
# place when it is opened: the texts are kept in short where their columns
# say the rest (shortform.h), the index goes, and the file gives the space
# back.  What leadqa reads is the same before and after: the texts through
# time_text() and event_attrs(), the dialogues as `leadqa show` prints
# them, and scoring them again gives the same scores, findings, turn tags
# and export, byte for byte.
source "$ROOT/tests/e2e/lib.sh"
export LEADQA_NOW=2026-11-24T03:00:00Z
"$TOOLS/gen_corpus" --seed 23 --dialogues 3000 --out inbox 2>/dev/null || fail "gen_corpus"
expect_status 0 "$LEADQA" --db leadqa.db ingest inbox/*
expect_status 0 "$LEADQA" --db leadqa.db score --lexicons "$ROOT/models"
ids=$(sql "SELECT id FROM dialogues WHERE n_events > 1 ORDER BY id LIMIT 3")
[ -n "$ids" ] || fail "no dialogue with events"
dump() {
	sqlt "SELECT id, started, time_text(started, started_text) FROM dialogues ORDER BY id" > "times-$1.txt"
	sqlt "SELECT dialogue_id, seq, type, at, target, item, event_attrs(type, at, target, item, attrs)
	      FROM events ORDER BY dialogue_id, seq" > "events-$1.txt"
	sql ".dump scores findings turn_tags" > "scores-$1.txt"
	"$LEADQA" --db leadqa.db export --out "export-$1.csv" 2>/dev/null || fail "export"
	for id in $ids; do "$LEADQA" --db leadqa.db show "$id"; done > "show-$1.txt" 2>/dev/null ||
		fail "show"
}
dump new
# stored short: zones and short lines
[ "$(sql "SELECT count(*) FROM dialogues WHERE started_text LIKE '20%'")" = 0 ] || fail "start times not short"
[ "$(sql "SELECT count(*) FROM events WHERE attrs LIKE '%at=20%'")" = 0 ] || fail "event times not short"
[ "$(sql "SELECT count(*) FROM scores s JOIN dialogues d ON d.id = s.dialogue_id
	  AND d.content_hash = s.content_hash AND typeof(s.content_hash) = 'blob'")" = 3000 ] || fail "hashes"
contains events-new.txt "at=20"
[ "$(grep -c 'T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]' times-new.txt)" = 3000 ] || fail "start times not read back"
grep -q "^[A-Za-z0-9-]*|[0-9]*|20[0-9-]*T.*[+-][0-9][0-9]:[0-9][0-9]$" times-new.txt || fail "no zone read back"

# the same database as version 5 wrote it, scores gone to be computed again
sqlt "UPDATE dialogues SET started_text = time_text(started, started_text),
        content_hash = hash_text(content_hash);
      UPDATE events SET attrs = event_attrs(type, at, target, item, attrs)"
sql "CREATE INDEX deal_events_dialogue ON deal_events(dialogue_id);
     DELETE FROM scores; DELETE FROM findings; PRAGMA user_version = 5; VACUUM;"
[ "$(sql "SELECT count(*) FROM dialogues WHERE started_text LIKE '20%'")" = 3000 ] || fail "not version 5's"
[ "$(sql "SELECT count(*) FROM dialogues WHERE length(content_hash) = 32")" = 3000 ] || fail "hashes not hex"
sqlt "SELECT dialogue_id, seq, type, at, target, item, attrs FROM events ORDER BY dialogue_id, seq" > events-v5.txt
same events-new.txt events-v5.txt
size5=$(stat -c %s leadqa.db)

# any command upgrades it
expect_status 0 "$LEADQA" --db leadqa.db export --out before-scoring.csv
[ "$(sql 'PRAGMA user_version')" = 8 ] || fail "not upgraded"
[ "$(sql "SELECT count(*) FROM sqlite_schema WHERE name = 'deal_events_dialogue'")" = 0 ] || fail "index kept"
[ "$(sql "SELECT count(*) FROM dialogues WHERE started_text LIKE '20%'")" = 0 ] || fail "start times not shortened"
[ "$(sql "SELECT count(*) FROM events WHERE attrs LIKE '%at=20%'")" = 0 ] || fail "events not shortened"
[ "$(sql "SELECT count(*) FROM dialogues WHERE typeof(content_hash) = 'blob' AND length(content_hash) = 16")" = 3000 ] ||
	fail "hashes not kept as 16 bytes"
sql "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
size6=$(stat -c %s leadqa.db)
[ "$size6" -lt "$size5" ] || fail "the file did not shrink: $size5 -> $size6 bytes"
expect_status 0 "$LEADQA" --db leadqa.db score --lexicons "$ROOT/models"
dump upgraded
same times-new.txt times-upgraded.txt
same events-new.txt events-upgraded.txt
same scores-new.txt scores-upgraded.txt
same export-new.csv export-upgraded.csv
same show-new.txt show-upgraded.txt
# the same files again: nothing changed, nothing replaced
expect_status 0 "$LEADQA" --db leadqa.db ingest inbox/*
contains err "0 replaced"
exit 0
