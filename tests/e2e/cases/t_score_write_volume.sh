# Scoring writes its rows, not a statement journal per row: a trigger on
# scores once made every INSERT OR REPLACE of the scorer keep a statement
# journal that spilled to a temporary file, some 13 KB written per dialogue
# scored against about 1.5 KB for the rows themselves.  Measured as the
# bench does: the bytes the command wrote (wchar, /proc), per dialogue,
# with the per-deal summary built first so that deals match the dialogues.
source "$ROOT/tests/e2e/lib.sh"
[ -r /proc/self/io ] || { echo "SKIP: no /proc/self/io"; exit 77; }
export LEADQA_NOW=2026-11-24T03:00:00Z
"$TOOLS/gen_corpus" --seed 5 --dialogues 3000 --out in >/dev/null || fail "gen_corpus"
expect_status 0 "$LEADQA" --db leadqa.db ingest in/transcripts-01.xml in/deals-1.csv in/deals-2.csv
expect_status 0 "$LEADQA" --db leadqa.db report --out rep
[ "$(sql 'SELECT count(*) FROM deal_summary WHERE dialogue IS NOT NULL')" -gt 1000 ] ||
	fail "too few deals matched to a dialogue"
written=$(bash -c '"$@" >out 2>err; grep ^wchar /proc/$$/io' _ "$LEADQA" --db leadqa.db score)
written=${written#wchar: }
[ "$(sql 'SELECT count(*) FROM scores')" = 3000 ] || fail "not every dialogue scored"
per=$((written / 3000))
echo "score wrote $per bytes per dialogue"
[ "$per" -lt 5000 ] || fail "score wrote $per bytes per dialogue (a statement journal per row?)"
# and the deals matched to a rescored dialogue are still noted for the report
[ "$(sql 'SELECT count(*) FROM summary_dirty')" -gt 1000 ] || fail "the rescored dialogues' deals were not noted"
