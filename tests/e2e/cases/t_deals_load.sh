# A deal history with bad rows loads the good ones, names each bad row by
# file and line, exits 3, and a second load of the same file changes nothing.
source "$ROOT/tests/e2e/lib.sh"
cp "$FIXTURES/deals/semicolon_bom_crlf.csv" crm-a.csv
cp "$FIXTURES/deals/reordered.csv" crm-b.csv
expect_status 0 "$LEADQA" ingest crm-a.csv
[ "$(sql 'SELECT count(*) FROM deal_events')" = 3 ] || fail "crm-a.csv: expected 3 events"
expect_status 3 "$LEADQA" ingest crm-b.csv
contains err "crm-b.csv:7: unknown stage 'promoted'"
contains err "crm-b.csv:8: cannot parse date '07.10.2026'"
contains err "crm-b.csv:9: empty deal_id"
contains err "crm-b.csv:10: no contact_id, email or phone"
contains err "crm-b.csv:15: unknown stage 'open'"
[ "$(sql 'SELECT count(*) FROM deal_events')" = 7 ] || fail "expected 7 events in all"
[ "$(sql "SELECT count(*) FROM input_problems WHERE path LIKE '%crm-b.csv'")" = 5 ] ||
	fail "expected 5 recorded problems"
[ "$(sql "SELECT line FROM input_problems WHERE message LIKE 'unknown stage%promoted%'")" = 7 ] ||
	fail "problem line not recorded"
# Stored values are normalised.
[ "$(sql "SELECT phone FROM deal_events WHERE deal_id='K-8'")" = 79031112233 ] || fail "phone not normalised"
[ "$(sql "SELECT email FROM deal_events WHERE deal_id='K-7' AND stage='new'")" = peter@example.org ] ||
	fail "email not normalised"
[ "$(sql "SELECT amount FROM deal_events WHERE deal_id='K-8'")" = 48000.0 ] || fail "amount not read"
# K-2 (crm-a) and K-8 (crm-b) share a phone: one customer.
[ "$(sql "SELECT count(DISTINCT customer_id) FROM identifiers WHERE kind='deal' AND value IN ('K-2','K-8')")" = 1 ] ||
	fail "K-2 and K-8 are not one customer"
before=$(sql 'SELECT count(*) FROM deal_events')
expect_status 0 "$LEADQA" ingest crm-a.csv
[ "$(sql 'SELECT count(*) FROM deal_events')" = "$before" ] || fail "re-ingest added events"
