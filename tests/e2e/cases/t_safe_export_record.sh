# An export that cannot be recorded (the database refuses the write: locked,
# read-only; here a trigger says no) leaves the target as it was: recorded
# first, renamed second, committed last.  The file on disk and the exports
# table never disagree.
DB=f.db
source "$ROOT/tests/e2e/lib.sh"
export LEADQA_NOW=2026-12-02T00:00:00Z
"$LEADQA" --db f.db score >/dev/null 2>&1   # a command that writes creates the schema
"$LEADQA" --db f.db export --out - >/dev/null 2>&1   # creates the schema
sqlite3 f.db < "$FIXTURES/night/export/scored.sql" || fail "fixture did not load"
sql "DELETE FROM exports"
printf 'contact_id\r\nprevious\r\n' > leads.csv
cp leads.csv before.csv
sql "CREATE TRIGGER refuse BEFORE INSERT ON exports BEGIN SELECT RAISE(ABORT, 'attempt to write a readonly database'); END;"
expect_status 1 "$LEADQA" --db f.db export --out leads.csv --force
contains err "readonly"
same before.csv leads.csv
[ "$(sql 'SELECT count(*) FROM exports')" = 0 ] || fail "an export was recorded"
ls -a | grep -q 'tmp' && fail "a temporary file was left behind: $(ls -a)"
# once the database takes the record, the file is replaced and recorded
sql "DROP TRIGGER refuse"
expect_status 0 "$LEADQA" --db f.db export --out leads.csv --force
same "$FIXTURES/night/export/expected.csv" leads.csv
[ "$(sql 'SELECT n_rows FROM exports')" = 5 ] || fail "exports: $(sql 'SELECT * FROM exports')"
exit 0
