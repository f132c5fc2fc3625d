# Transcripts, a deals CSV and trainer labels, each told by content (the
# names say nothing), load into the tables with the expected counts.
source "$ROOT/tests/e2e/lib.sh"
F=$FIXTURES/ingest
cp "$F/chats.xml.gz" night-a.dat
cp "$F/deals.csv" night-b.dat
cp "$F/later-labels.xml" night-c.dat
expect_status 0 "$LEADQA" ingest night-a.dat night-b.dat night-c.dat
contains err "night-a.dat: loaded 4 new dialogues, 0 replaced, 0 unchanged, 0 skipped"
contains err "night-b.dat: loaded 4 deal rows"
[ "$(sql "SELECT kind FROM files ORDER BY id" | tr '\n' ' ')" = "transcripts deals labels " ] ||
	fail "kinds: $(sql "SELECT kind FROM files")"
[ "$(sql "SELECT count(*) FROM dialogues")" = 4 ] || fail "dialogues"
[ "$(sql "SELECT count(*) FROM turns")" = 11 ] || fail "turns"
[ "$(sql "SELECT count(*) FROM events")" = 3 ] || fail "events"
[ "$(sql "SELECT group_concat(type) FROM (SELECT type FROM events ORDER BY dialogue_id)")" = "handoff,close,download" ] ||
	fail "event types"
[ "$(sql "SELECT email || ' ' || phone FROM dialogues WHERE id = 'hw-101'")" = "olga.sidorova@mail.example 79031112233" ] ||
	fail "normalised contact: $(sql "SELECT email, phone FROM dialogues WHERE id = 'hw-101'")"
[ "$(sql "SELECT count(*) FROM dialogues WHERE has_contact = 0")" = 1 ] || fail "anonymous dialogue"
[ "$(sql "SELECT count(*) FROM deal_events")" = 4 ] || fail "deal rows"
[ "$(sql "SELECT count(*) FROM labels")" = 1 ] || fail "labels"
[ "$(sql "SELECT n || tag FROM label_turns")" = "4problem-resolved" ] || fail "label turns"
# the CRM contact of the deal and the dialogue's contact are one customer
[ "$(sql "SELECT count(DISTINCT customer_id) FROM identifiers WHERE (kind = 'dialogue' AND value = 'hw-101') OR (kind = 'deal' AND value = 'D-9001')")" = 1 ] ||
	fail "dialogue and deal not on one customer"
# a markup-like turn is text
[ "$(sql "SELECT text FROM turns WHERE dialogue_id = 'hw-102' AND n = 3")" = "typed <b>bold</b> & still broken" ] ||
	fail "turn text"
# usage errors
expect_status 2 "$LEADQA" ingest
contains err "usage: leadqa ingest"
expect_status 2 "$LEADQA" ingest --max-bytes lots night-a.dat
expect_status 2 "$LEADQA" ingest --frobnicate night-a.dat
"$LEADQA" help ingest > help.txt || fail "help ingest"
contains help.txt "--max-bytes"
contains help.txt "<labels>"
