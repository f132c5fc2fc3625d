# A deal file without a required column is rejected whole, naming the column;
# the command goes on (exit 3: an input was skipped) and records why.
source "$ROOT/tests/e2e/lib.sh"
cp "$FIXTURES/deals/missing_stage.csv" no-stage.csv
cp "$FIXTURES/deals/no_contact_column.csv" no-contact.csv
expect_status 3 "$LEADQA" ingest no-stage.csv
contains err "no-stage.csv:1: missing required column 'stage'"
expect_status 3 "$LEADQA" ingest no-contact.csv
contains err "no-contact.csv:1: missing a contact column"
[ "$(sql 'SELECT count(*) FROM deal_events')" = 0 ] || fail "a rejected file left events"
[ "$(sql 'SELECT count(*) FROM customers')" = 0 ] || fail "a rejected file left customers"
[ "$(sql "SELECT status FROM files WHERE path = 'no-stage.csv'")" = rejected ] || fail "rejection not recorded"
[ "$(sql "SELECT line || ' ' || message FROM input_problems WHERE path = 'no-stage.csv'")" = "1 missing required column 'stage'" ] ||
	fail "the reason for the rejection not recorded"
