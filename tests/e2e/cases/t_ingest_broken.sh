# A file that breaks off keeps the dialogues complete before the break, names
# the file and line, exits 3 and is marked partial; the repaired export later
# loads the rest without duplicates.  Hostile files are stopped with a message.
source "$ROOT/tests/e2e/lib.sh"
F=$FIXTURES/ingest
cp "$F/malformed.xml" "$F/repaired.xml" "$F/truncated.xml.gz" "$F/bad-utf8.xml" \
   "$F/laughs.xml" "$F/bomb.xml.gz" .
expect_status 3 "$LEADQA" ingest malformed.xml
contains err "leadqa: malformed.xml:12: Opening and ending tag mismatch"
[ "$(sql "SELECT group_concat(id) FROM (SELECT id FROM dialogues ORDER BY id)")" = "mf-1,mf-2" ] ||
	fail "complete dialogues before the break: $(sql "SELECT id FROM dialogues")"
[ "$(sql "SELECT status FROM files")" = partial ] || fail "not partial"
[ "$(sql "SELECT line FROM input_problems WHERE message LIKE '%mismatch%'")" = 12 ] || fail "problem line"
expect_status 0 "$LEADQA" ingest repaired.xml
contains err "repaired.xml: loaded 2 new dialogues, 0 replaced, 2 unchanged, 0 skipped"
[ "$(sql "SELECT count(*) FROM dialogues")" = 4 ] || fail "repaired file"
[ "$(sql "SELECT count(*) FROM turns")" = 6 ] || fail "duplicated turns"

# a truncated gzip: the first dialogue stays whole, the error names the line
expect_status 3 "$LEADQA" ingest truncated.xml.gz
contains err "leadqa: truncated.xml.gz:14: compressed data ends too early"
[ "$(sql "SELECT n_turns FROM dialogues WHERE id = 'hw-101'")" = 4 ] || fail "truncated: hw-101"
[ "$(sql "SELECT count(*) FROM dialogues WHERE id LIKE 'hw-%'")" = 1 ] || fail "truncated: half a dialogue kept"

# invalid UTF-8 stops the file at its line
expect_status 3 "$LEADQA" ingest bad-utf8.xml
contains err "leadqa: bad-utf8.xml:8: Input is not proper UTF-8"
[ "$(sql "SELECT count(*) FROM dialogues WHERE id LIKE 'u8-%'")" = 1 ] || fail "utf-8: u8-1 lost"

# billion laughs: libxml2's amplification guard stops it; nothing kept
expect_status 3 "$LEADQA" ingest laughs.xml
contains err "laughs.xml:"
[ "$(sql "SELECT status FROM files WHERE path = 'laughs.xml'")" = rejected ] || fail "laughs not rejected"
[ "$(sql "SELECT count(*) FROM turns WHERE text LIKE '%hahaha%'")" = 0 ] || fail "laughs expanded"

# a gzip bomb against a small limit
expect_status 3 "$LEADQA" ingest --max-bytes 1M bomb.xml.gz
contains err "decompressed size exceeds the limit of 1048576 bytes"
[ "$(sql "SELECT count(*) FROM dialogues WHERE id LIKE 'bomb-%'")" = 2 ] || fail "bomb: dialogues before it"

# a missing file and a file of no known kind: named, others go on
echo "nothing to see" > notes.txt
expect_status 3 "$LEADQA" ingest missing.xml notes.txt "$F/chats.xml"
contains err "missing.xml"
contains err "notes.txt"
[ "$(sql "SELECT count(*) FROM dialogues WHERE id LIKE 'hw-%'")" = 4 ] || fail "good file after bad ones"
