# --db and $LEADQA_DB choose the database; a command that writes creates it
# with the schema, one that only reads refuses a missing one.
source "$ROOT/tests/e2e/lib.sh"
"$LEADQA" --db first.db score >/dev/null 2>&1
[ -f first.db ] || fail "--db did not create first.db"
[ "$(sqlite3 first.db 'PRAGMA user_version')" = 8 ] || fail "schema version not set"
LEADQA_DB=second.db "$LEADQA" score >/dev/null 2>&1
[ -f second.db ] || fail "LEADQA_DB was ignored"
[ ! -f leadqa.db ] || fail "default database created although --db/LEADQA_DB given"
"$LEADQA" --db first.db eval >out 2>err
lacks err "no database"
LEADQA_DB=third.db expect_status 1 "$LEADQA" eval
[ ! -f third.db ] || fail "eval created the database"
echo "not a database" > broken.db
expect_status 1 "$LEADQA" --db broken.db eval
contains err "broken.db"
