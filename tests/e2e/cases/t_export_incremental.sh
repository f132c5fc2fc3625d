# --incremental exports only the rows whose values changed after the last
# export; --since TIME those changed at or after TIME.  A shrinking export
# never replaces a fuller one unless --force.
DB=f.db
source "$ROOT/tests/e2e/lib.sh"
export LEADQA_NOW=2026-12-01T06:00:00Z
# export only reads: a command that writes makes the database
expect_status 0 "$LEADQA" --db f.db score
expect_status 0 "$LEADQA" --db f.db export --out none.csv
sqlite3 f.db < "$FIXTURES/night/export/scored.sql" || fail "fixture did not load"
# the first export of all (nothing recorded before that moved them)
expect_status 0 "$LEADQA" --db f.db export --out full.csv
[ "$(wc -l < full.csv)" -eq 7 ] || fail "full export has $(wc -l < full.csv) lines"

# the next day two scores change
export LEADQA_NOW=2026-12-02T06:00:00Z
sql "UPDATE scores SET lead_score = 90, lead_grade = 'A', changed_at = strftime('%s', '2026-12-02T05:00:00')
     WHERE dialogue_id IN ('chat-0102', 'chat-0106')"
expect_status 0 "$LEADQA" --db f.db export --incremental --out delta.csv
grep -c '^' delta.csv > n
[ "$(cat n)" -eq 4 ] || { cat delta.csv; fail "delta has $(cat n) lines, expected header + 2 rows (one spans 2 lines)"; }
contains delta.csv ",chat-0102,90,A,"
contains delta.csv ",chat-0106,90,A,"
lacks delta.csv "chat-0101"
# right after it, nothing is new
expect_status 0 "$LEADQA" --db f.db export --incremental --out delta2.csv
[ "$(wc -l < delta2.csv)" -eq 1 ] || fail "second delta is not empty"
[ "$(sql 'SELECT since IS NOT NULL FROM exports ORDER BY id DESC LIMIT 1')" = 1 ] || fail "since not recorded"

# --since: changed at or after the given time
expect_status 0 "$LEADQA" --db f.db export --since 2026-12-02T00:00:00Z --out since.csv
contains since.csv "chat-0102"
lacks since.csv "chat-0101"

# a delta never replaces the fuller file of the same name...
cp full.csv keep.csv
expect_status 1 "$LEADQA" --db f.db export --incremental --out full.csv
contains err "holds 5 rows, the new export only 0"
same keep.csv full.csv
# ...unless forced
expect_status 0 "$LEADQA" --db f.db export --since 2026-12-02T00:00:00Z --force --out full.csv
[ "$(grep -c chat- full.csv)" -eq 2 ] || fail "forced export not written"
exit 0
