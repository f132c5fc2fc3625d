# The report labels the dialogues of the nights it recomputes and no
# others: on a long history (200 days, the pages show 30 nights) the count
# on its timing line is that of the window, then, with --refresh 1, that of
# the newest night alone -- however many older dialogues and deals there are.
source "$ROOT/tests/e2e/lib.sh"
export LEADQA_NOW=2026-11-24T06:00:00Z TZ=UTC
"$TOOLS/gen_corpus" --seed 7 --dialogues 1500 --days 200 --start 2026-11-23 --files 1 \
	--out corpus 2>gen.err || fail "gen_corpus failed: $(cat gen.err)"
expect_status 0 "$LEADQA" --db leadqa.db ingest corpus/transcripts-01.xml
expect_status 0 "$LEADQA" --db leadqa.db ingest corpus/deals-*.csv
expect_status 0 "$LEADQA" --db leadqa.db report --out rep --tz UTC
labeled() { sed -n 's/.*figures: lead-quality labels of \([0-9]*\) dialogues.*/\1/p' err; }
# the dialogues started in the nights stored (all of them computed on this first run)
window=$(sql "SELECT count(*) FROM dialogues WHERE started >= (SELECT unixepoch(min(night)) FROM night_figures)
	AND started < (SELECT unixepoch(max(night), '+1 day') FROM night_figures)")
total=$(sql "SELECT count(*) FROM dialogues")
[ "$(sql "SELECT count(DISTINCT night) FROM night_figures")" = 30 ] || fail "expected 30 nights stored"
[ "$(labeled)" = "$window" ] || fail "labeled $(labeled) dialogues, the 30 nights hold $window"
[ "$window" -gt 0 ] && [ $((window * 4)) -lt "$total" ] || fail "the history ($total) is not much larger than the window ($window)"
# the next report recomputes the newest night only
expect_status 0 "$LEADQA" --db leadqa.db report --out rep2 --tz UTC --refresh 1
night=$(sql "SELECT unixepoch(max(night)) FROM night_figures")
newest=$(sql "SELECT count(*) FROM dialogues WHERE started >= $night AND started < $night + 86400")
[ "$(labeled)" = "$newest" ] || fail "labeled $(labeled) dialogues with --refresh 1, the newest night holds $newest"
[ "$newest" -gt 0 ] && [ "$newest" -lt "$window" ] || fail "newest night $newest, window $window"
# and the figures are those of the first run
same rep/index.html rep2/index.html
