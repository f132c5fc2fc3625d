# A bad input file does not stop the night: it is named on standard error,
# the rest is loaded, both outputs are written, and the exit status is 3.
# The next night, with nothing new, is clean again (exit 0).
DB=night.db
source "$ROOT/tests/e2e/lib.sh"
export LEADQA_NOW=2026-11-27T03:15:00Z
mkdir inbox
cp "$FIXTURES/night/inbox/chats-1126.xml" "$FIXTURES/night/inbox/deals-1126.csv" inbox/
printf '<?xml version="1.0"?>\n<dialogues>\n  <dialogue id="x-1">\n    <turn speaker="client">broken' > inbox/broken.xml
expect_status 3 "$LEADQA" --db night.db nightly --inbox inbox --out nightout --model-dir models --lexicons "$ROOT/models"
contains err "broken.xml"
contains err "night 2026-11-27: done, some inputs skipped"
[ -f nightout/reports/latest/index.html ] || fail "no report"
[ "$(grep -c '^' nightout/exports/latest.csv)" -eq 5 ] || fail "export incomplete"
[ "$(sql "SELECT status FROM runs ORDER BY id DESC LIMIT 1")" = 3 ] || fail "runs.status is not 3"
export LEADQA_NOW=2026-11-28T03:15:00Z
rm inbox/broken.xml
expect_status 0 "$LEADQA" --db night.db nightly --inbox inbox --out nightout --model-dir models --lexicons "$ROOT/models"
# an inbox that is not there fails the night at once
expect_status 1 "$LEADQA" --db night.db nightly --inbox nosuch --out nightout --model-dir models --lexicons "$ROOT/models"
contains err "cannot open inbox 'nosuch'"
exit 0
