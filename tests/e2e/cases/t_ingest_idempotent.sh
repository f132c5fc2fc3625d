# Loading the same file twice changes nothing; the same content in another
# file leaves every dialogue unchanged; a changed re-export replaces the
# dialogue and drops its scores so that it is scored again.
source "$ROOT/tests/e2e/lib.sh"
F=$FIXTURES/ingest
cp "$F/chats.xml" chats.xml
expect_status 0 "$LEADQA" ingest chats.xml
sql "SELECT * FROM dialogues ORDER BY id" > before.txt
sql "SELECT * FROM turns ORDER BY dialogue_id, n" >> before.txt
expect_status 0 "$LEADQA" ingest chats.xml
contains err "seen before"
sql "SELECT * FROM dialogues ORDER BY id" > after.txt
sql "SELECT * FROM turns ORDER BY dialogue_id, n" >> after.txt
same before.txt after.txt
[ "$(sql "SELECT count(*) FROM files")" = 1 ] || fail "second files row"
# same content, other bytes
cp "$F/chats.xml.gz" copy.xml.gz
expect_status 0 "$LEADQA" ingest copy.xml.gz
contains err "loaded 0 new dialogues, 0 replaced, 4 unchanged, 0 skipped"
# a re-export with one more turn replaces hw-104 and its scores
sql "INSERT INTO scores(dialogue_id, content_hash, premature, missed, scored_at, changed_at) VALUES('hw-104', 'old', 0, 0, 1, 1)"
sed 's#<turn speaker="bot" at="2026-10-05T12:00:01+03:00">Да, 2–3 дня.</turn>#&<turn speaker="client">Спасибо</turn>#' chats.xml > reexport.xml
expect_status 0 "$LEADQA" ingest reexport.xml
contains err "loaded 0 new dialogues, 1 replaced, 3 unchanged, 0 skipped"
[ "$(sql "SELECT version || ' ' || n_turns FROM dialogues WHERE id = 'hw-104'")" = "2 3" ] || fail "not replaced"
[ "$(sql "SELECT count(*) FROM turns WHERE dialogue_id = 'hw-104'")" = 3 ] || fail "turns not replaced"
[ "$(sql "SELECT count(*) FROM scores WHERE dialogue_id = 'hw-104'")" = 0 ] || fail "old score kept"
