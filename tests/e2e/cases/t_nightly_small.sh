# Two nights on a small inbox: both outputs and the latest links appear; a
# file copied in again under another name is not loaded twice; too little
# data to train means a night without lead scores, not a failed night; a
# dialogue given by phone only gets the CRM id of the customer that phone
# belongs to; the summary is printed and kept in the runs table.
DB=night.db
source "$ROOT/tests/e2e/lib.sh"
mkdir inbox
cp "$FIXTURES/night/inbox/chats-1126.xml" "$FIXTURES/night/inbox/deals-1126.csv" inbox/
touch inbox/.hidden inbox/half-copied.xml.part

export LEADQA_NOW=2026-11-27T03:15:00Z
expect_status 0 "$LEADQA" --db night.db nightly --inbox inbox --out nightout --model-dir models --lexicons "$ROOT/models"
contains err "night 2026-11-27: done"
contains err "2 files in the inbox, 2 new"
contains err "too little data to train"
[ -f nightout/reports/2026-11-27/index.html ] || fail "no report"
[ "$(readlink nightout/reports/latest)" = 2026-11-27 ] || fail "reports/latest -> $(readlink nightout/reports/latest)"
[ -f nightout/exports/leads-2026-11-27.csv ] || fail "no export"
[ "$(readlink nightout/exports/latest.csv)" = leads-2026-11-27.csv ] || fail "exports/latest.csv"
csv=nightout/exports/latest.csv
head -1 $csv | grep -q '^contact_id,email,phone,dialogue_id,lead_score,lead_grade,premature_cross_sell,missed_escalation,top_factors,model_version,scored_at' \
	|| fail "export header: $(head -1 $csv)"
# n-001, n-002 (phone only: K-1 through the phone), n-003 (a deal names it), n-004
[ "$(grep -c '^' $csv)" -eq 5 ] || { cat $csv; fail "expected 4 rows"; }
contains $csv "K-1,maria.s@example.org,79051112233,n-001,"
contains $csv "K-1,maria.s@example.org,79051112233,n-002,"
contains $csv ",,79050009999,n-003,"
contains $csv ",'=cmd@example.net,,n-004,"
[ "$(sql "SELECT status FROM runs WHERE command = 'nightly'")" = 0 ] || fail "runs.status"
sql "SELECT summary FROM runs" | grep -q '"files_new":2' || fail "runs.summary: $(sql 'SELECT summary FROM runs')"
ls -a nightout/exports nightout/reports | grep -q 'tmp-' && fail "temporary files left"

# the next night: one new file, and yesterday's file again under a new name
cp "$FIXTURES/night/inbox/chats-1127.xml" inbox/
cp "$FIXTURES/night/inbox/chats-1126.xml" inbox/chats-1126-again.xml
export LEADQA_NOW=2026-11-28T03:15:00Z
expect_status 0 "$LEADQA" --db night.db nightly --inbox inbox --out nightout --model-dir models --lexicons "$ROOT/models"
contains err "4 files in the inbox, 1 new"
[ "$(sql 'SELECT count(*) FROM dialogues')" = 5 ] || fail "dialogues: $(sql 'SELECT count(*) FROM dialogues')"
[ "$(readlink nightout/reports/latest)" = 2026-11-28 ] || fail "latest report not moved"
[ "$(readlink nightout/exports/latest.csv)" = leads-2026-11-28.csv ] || fail "latest export not moved"
[ -f nightout/exports/leads-2026-11-27.csv ] || fail "yesterday's export removed"
[ "$(grep -c '^' nightout/exports/latest.csv)" -eq 6 ] || fail "expected 5 rows the second night"
contains nightout/exports/latest.csv ",petr@example.org,,n-005,"

# the same night again: the same export, byte for byte
cp nightout/exports/leads-2026-11-28.csv first.csv
expect_status 0 "$LEADQA" --db night.db nightly --inbox inbox --out nightout --model-dir models --lexicons "$ROOT/models"
same first.csv nightout/exports/leads-2026-11-28.csv
exit 0
