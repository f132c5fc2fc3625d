# An impossible calendar date (2026-02-30) is named as a bad time, not
# silently rolled over into March; 29 February of a leap year is a date.
source "$ROOT/tests/e2e/lib.sh"
cat > c.xml <<'XML'
<dialogues source="shop" exported="2026-03-01T23:30:00Z">
  <dialogue id="d-1" channel="web" lang="ru" started="2026-02-30T10:00:00Z">
    <turn speaker="client" at="2026-02-28T10:00:00Z">Здравствуйте</turn>
  </dialogue>
  <dialogue id="d-2" channel="web" lang="ru" started="2024-02-29T10:00:00Z">
    <turn speaker="client" at="2024-02-29T10:00:00Z">Здравствуйте</turn>
  </dialogue>
</dialogues>
XML
"$LEADQA" --db x.db ingest c.xml >out 2>err
contains err "c.xml:2: bad time in started: '2026-02-30T10:00:00Z'"
lacks err "2024-02-29"
DB=x.db
[ "$(sql "SELECT started FROM dialogues WHERE id = 'd-2'")" = 1709200800 ] || fail "29 February 2024 refused"
[ "$(sql "SELECT started FROM dialogues WHERE id = 'd-1'")" != 1772445600 ] || fail "2026-02-30 became 2 March"
printf 'deal_id,contact_id,email,phone,stage,changed_at,changed_by,amount,dialogue_id\nT-1,K-1,,,new,2026-02-30T09:30:00Z,bot,,d-1\n' > deals.csv
"$LEADQA" --db x.db ingest deals.csv >out 2>err
contains err "deals.csv:2:"
contains err "2026-02-30"
[ "$(sql "SELECT count(*) FROM deal_events WHERE changed_at = 1772443800")" = 0 ] || fail "the deal row was rolled over into March"
expect_status 2 "$LEADQA" --db x.db nightly --inbox . --out o --date 2026-02-30
exit 0
