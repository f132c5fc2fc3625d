# A database whose schema version is negative (not ours, or damaged) is
# refused with a message naming it; it once failed with nothing on stderr.
source "$ROOT/tests/e2e/lib.sh"
sqlite3 odd.db "PRAGMA user_version = -3; CREATE TABLE t(x);"
expect_status 1 "$LEADQA" --db odd.db export --out -
contains err "database 'odd.db' has schema version -3"
exit 0
