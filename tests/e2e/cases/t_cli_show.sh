# `leadqa show ID` prints one dialogue for a trainer at a terminal: facts,
# findings with whose they are, the detector's and each trainer's verdicts,
# every turn with both sets of tags and the events between turns.
source "$ROOT/tests/e2e/lib.sh"
expect_status 1 "$LEADQA" --db none.db show web-1
contains err "none.db"
[ ! -e none.db ] || fail "show created a database"
expect_status 0 "$LEADQA" --db leadqa.db score
sql ".read $FIXTURES/report/night.sql" >/dev/null || fail "fixture did not load"
sql "INSERT INTO label_turns(dialogue_id, trainer, n, tag) VALUES ('web-1','anna',2,'cross-sell-offer')"
expect_status 0 "$LEADQA" --db leadqa.db show web-1
contains out "dialogue web-1 · channel web · page /pricing · lang ru"
contains out "premature-cross-sell   turns 2        severity 0.90  whose: bot bot-7"
contains out "  detector         yes  no   score 60 (B, model m2)"
contains out "  trainer anna     yes  no   -"
contains out "#2 bot bot-7 · 2026-12-30T09:00:10Z  [d: cross-sell-offer]  [anna: cross-sell-offer]"
contains out "  -- handoff -> op-12"
contains out "<script>alert(1)</script>"
expect_status 0 "$LEADQA" --db leadqa.db show --lang ru web-1
contains out "Бот предложил скидку"
expect_status 1 "$LEADQA" --db leadqa.db show no-such
contains err "no dialogue 'no-such'"
expect_status 2 "$LEADQA" --db leadqa.db show
expect_status 2 "$LEADQA" --db leadqa.db show a b
expect_status 2 "$LEADQA" --db leadqa.db show --lang de web-1
exit 0
