# A database written before schema version 4 (hand-rolled content hashes,
# not XXH3) is upgraded when opened, and ingest stays idempotent across the
# upgrade: the files it loaded are still seen before (by their old
# fingerprint, which cannot be taken again without the file), the same
# dialogues exported again are unchanged (not replaced, their scores kept)
# and get today's hash, a changed one is still replaced, and a file loaded
# after the upgrade is fingerprinted the new way.
DB=old.db
source "$ROOT/tests/e2e/lib.sh"
sqlite3 -batch old.db < "$FIXTURES/upgrade/v3-night.sql" || fail "cannot load the fixture"
[ "$(sql 'PRAGMA user_version')" = 3 ] || fail "the fixture is not schema version 3"
sqlt "SELECT id, hash_text(content_hash) FROM dialogues ORDER BY id" > hashes-v3.txt
sql "SELECT dialogue_id, scored_at, premature, missed FROM scores ORDER BY dialogue_id" > scores-v3.txt
export LEADQA_NOW=2026-11-27T03:00:00Z

# the very files of that night, under other names: seen before
cp "$FIXTURES/night/inbox/chats-1126.xml" chats-again.xml
cp "$FIXTURES/night/inbox/deals-1126.csv" deals-again.csv
expect_status 0 "$LEADQA" --db old.db ingest chats-again.xml deals-again.csv
[ "$(grep -c 'seen before (same content' err)" = 2 ] || { cat err >&2; fail "not both files seen before"; }
[ "$(sql 'PRAGMA user_version')" = 8 ] || fail "not upgraded to the current schema version"
[ "$(sql 'SELECT count(*) FROM files')" = 2 ] || fail "a file was loaded again"
[ "$(sql "SELECT count(*) FROM files WHERE fingerprint = 'legacy:' || legacy_fingerprint")" = 2 ] \
	|| fail "old fingerprints not kept as legacy"
sqlt "SELECT id, hash_text(content_hash) FROM dialogues ORDER BY id" > hashes-now.txt
same hashes-v3.txt hashes-now.txt

# the same dialogues in other bytes: unchanged, now under XXH3 hashes
{ head -1 chats-again.xml; echo '<!-- exported again -->'; tail -n +2 chats-again.xml; } > reexport.xml
expect_status 0 "$LEADQA" --db old.db ingest reexport.xml
contains err "loaded 0 new dialogues, 0 replaced, 4 unchanged, 0 skipped"
[ "$(sql "SELECT group_concat(version) FROM dialogues")" = "1,1,1,1" ] || fail "a dialogue was replaced"
sql "SELECT dialogue_id, scored_at, premature, missed FROM scores ORDER BY dialogue_id" > scores-now.txt
same scores-v3.txt scores-now.txt
[ "$(sql "SELECT count(*) FROM dialogues d JOIN scores s ON s.dialogue_id = d.id
	  AND s.content_hash = d.content_hash")" = 4 ] || fail "scores no longer match their dialogues"
sqlt "SELECT id, hash_text(content_hash) FROM dialogues ORDER BY id" > hashes-now.txt
[ "$(comm -12 hashes-v3.txt hashes-now.txt | wc -l)" = 0 ] || fail "old hashes left"
[ "$(sql "SELECT count(*) FROM files WHERE path = 'reexport.xml' AND legacy_fingerprint IS NULL
	  AND length(fingerprint) = 32")" = 1 ] || fail "new file not fingerprinted the new way"
# ... and that file again is seen before by its new fingerprint
cp reexport.xml reexport-copy.xml
expect_status 0 "$LEADQA" --db old.db ingest reexport-copy.xml
contains err "seen before"

# a changed re-export of a dialogue stored before the upgrade is replaced
sed 's#<turn speaker="client" at="2026-11-26T10:00:30Z">Yes please</turn>#&<turn speaker="client">Thanks</turn>#' \
	chats-again.xml > changed.xml
expect_status 0 "$LEADQA" --db old.db ingest changed.xml
contains err "loaded 0 new dialogues, 1 replaced, 3 unchanged, 0 skipped"
[ "$(sql "SELECT version FROM dialogues WHERE id = 'n-002'")" = 2 ] || fail "n-002 not replaced"
[ "$(sql "SELECT count(*) FROM scores WHERE dialogue_id = 'n-002'")" = 0 ] || fail "n-002's old score kept"
