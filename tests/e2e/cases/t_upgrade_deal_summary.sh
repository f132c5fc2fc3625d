# Schema version 7 adds the per-deal summary and the running counts
# (deal_summary.h) to a version 6 file in place: the counts are taken from
# the dialogues stored, the summary is built by the first report, and the
# pages are those of a database made at version 7.
source "$ROOT/tests/e2e/lib.sh"
export LEADQA_NOW=2026-11-24T06:00:00Z TZ=UTC
"$TOOLS/gen_corpus" --seed 5 --dialogues 600 --days 40 --start 2026-11-23 --files 1 \
	--out corpus 2>gen.err || fail "gen_corpus failed: $(cat gen.err)"
expect_status 0 "$LEADQA" --db new.db ingest corpus/transcripts-01.xml corpus/deals-*.csv
cp new.db old.db
# back to version 6: what the step adds, gone
DB=old.db sql "DROP TRIGGER deal_events_summary_ins; DROP TRIGGER deal_events_summary_upd;
	DROP TRIGGER deal_events_summary_del; DROP TRIGGER dialogues_summary_upd; DROP TRIGGER dialogues_summary_del;
	DROP TABLE deal_summary; DROP TABLE summary_dirty; DROP TABLE deal_changes; DROP TABLE store_counts; PRAGMA user_version = 6"
# a version 6 file takes rows without the triggers
printf 'deal_id,stage,changed_at,changed_by,email\nD-late-1,new,2026-11-22T10:00:00Z,bot,late@example.org\n' >late.csv
expect_status 0 "$LEADQA" --db new.db ingest late.csv
sqlite3 old.db "PRAGMA user_version" | grep -qx 6 || fail "not set back to version 6"
expect_status 0 "$LEADQA" --db old.db ingest late.csv
[ "$(DB=old.db sql 'PRAGMA user_version')" = 8 ] || fail "not upgraded to version 8"
[ "$(DB=old.db sql "SELECT count(*) FROM sqlite_master WHERE name IN ('deal_summary_opened', 'deal_summary_waiting')")" = 2 ] || fail "the window indexes (version 8) are missing"
[ "$(DB=old.db sql "SELECT value FROM store_counts WHERE name = 'dialogues'")" = 600 ] || fail "dialogues not counted"
[ "$(DB=old.db sql "SELECT value FROM store_counts WHERE name = 'dialogues_anonymous'")" = \
  "$(DB=old.db sql "SELECT count(*) FROM dialogues WHERE has_contact = 0")" ] || fail "anonymous dialogues not counted"
expect_status 0 "$LEADQA" --db old.db report --out rep-old --tz UTC
contains err "deals rebuilt"
expect_status 0 "$LEADQA" --db new.db report --out rep-new --tz UTC
diff -r rep-old rep-new >diff.out || { head -40 diff.out >&2; fail "pages differ after the upgrade"; }
[ "$(DB=old.db sql "SELECT count(*) FROM deal_summary WHERE deal_id = 'D-late-1'")" = 1 ] || fail "the late deal is not summarised"
