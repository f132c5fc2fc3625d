# --db and $LEADQA_DB choose the database; it is created with the schema.
source "$ROOT/tests/e2e/lib.sh"
"$LEADQA" --db first.db eval >/dev/null 2>&1
[ -f first.db ] || fail "--db did not create first.db"
[ "$(sqlite3 first.db 'PRAGMA user_version')" = 4 ] || fail "schema version not set"
LEADQA_DB=second.db "$LEADQA" eval >/dev/null 2>&1
[ -f second.db ] || fail "LEADQA_DB was ignored"
[ ! -f leadqa.db ] || fail "default database created although --db/LEADQA_DB given"
echo "not a database" > broken.db
expect_status 1 "$LEADQA" --db broken.db eval
contains err "broken.db"
