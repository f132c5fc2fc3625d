# The export of a small scored database equals the expected file byte for
# byte: columns, CRLF, quoting, the formula guard, contacts found through the
# customer card, anonymous and unscored dialogues left out.
DB=f.db
source "$ROOT/tests/e2e/lib.sh"
export LEADQA_NOW=2026-12-02T00:00:00Z
# export only reads: a command that writes makes the database
expect_status 0 "$LEADQA" --db f.db score
expect_status 0 "$LEADQA" --db f.db export --out empty.csv
[ "$(cat empty.csv)" = "$(printf 'contact_id,email,phone,dialogue_id,lead_score,lead_grade,premature_cross_sell,missed_escalation,top_factors,model_version,scored_at\r')" ] \
	|| fail "an empty export is the header alone"
sqlite3 f.db < "$FIXTURES/night/export/scored.sql" || fail "fixture did not load"
expect_status 0 "$LEADQA" --db f.db export --out leads.csv
same "$FIXTURES/night/export/expected.csv" leads.csv
# no BOM, and no temporary file left beside it
[ "$(head -c 3 leads.csv | od -An -tx1 | tr -d ' ')" != "efbbbf" ] || fail "export starts with a BOM"
ls -a | grep -q 'tmp' && fail "a temporary file was left behind: $(ls -a)"
# standard output gives the same bytes
expect_status 0 "$LEADQA" --db f.db export --out -
same "$FIXTURES/night/export/expected.csv" out
# every export is recorded
[ "$(sql 'SELECT group_concat(n_rows) FROM exports ORDER BY id')" = "0,5,5" ] || fail "exports table: $(sql 'SELECT * FROM exports')"
# usage errors
expect_status 2 "$LEADQA" --db f.db export
contains err "--out FILE is required"
expect_status 2 "$LEADQA" --db f.db export --out x.csv --since yesterday
exit 0
